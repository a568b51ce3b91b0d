package main

import (
	"log"
	"net/http"
	"time"
)

func poll() {}

func worker(jobs <-chan int) {
	for j := range jobs {
		_ = j
	}
}

// Negative: daemons started once from main.
func main() {
	go func() {
		log.Fatal(http.ListenAndServe(":8080", nil))
	}()
	go func() {
		for range time.Tick(time.Second) {
			poll()
		}
	}()
	jobs := make(chan int)
	for i := 0; i < 4; i++ {
		go worker(jobs)
	}
	startOnce()
	for {
		jobs <- 1
	}
}

// Negative: called once from main.
func startOnce() {
	go func() {
		for {
			poll()
			time.Sleep(time.Second)
		}
	}()
}
