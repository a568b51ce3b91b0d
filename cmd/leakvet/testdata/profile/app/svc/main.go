// Command svc leaks goroutines in three ways, for leakvet profile's tests.
// It imports nothing outside its module, so that analysing it is quick.
package main

import "example.com/app/worker"

func fetch(results chan<- string) {
	results <- "page" // nothing receives: unpaired
}

func handle(in <-chan int, quit <-chan bool) {
	results := make(chan string)
	go fetch(results)
	worker.Poll()
	go worker.Wait(in, quit)
}

func main() {
	in, quit := make(chan int), make(chan bool)
	for i := 0; i < 3; i++ {
		handle(in, quit)
	}
	select {}
}
