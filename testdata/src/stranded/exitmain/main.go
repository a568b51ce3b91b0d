// Command exitmain: goroutines left behind when the process ends are no
// leaks. run returns early on an error, and main then exits.
package main

import (
	"errors"
	"log"
)

func work() error { return errors.New("failed") }

// Negative: after run returns, main calls log.Fatal or returns: the
// process ends either way.
func run() error {
	ch := make(chan error)
	go func() { ch <- work() }()
	if err := work(); err != nil {
		return err
	}
	return <-ch
}

// Positive: serve is called in a loop; its early return strands a goroutine
// each time while the process goes on.
func serve() error {
	ch := make(chan error)
	go func() { ch <- work() }() // want `send on ch blocks forever if serve returns at main.go:29: no one receives after that`
	if err := work(); err != nil {
		return err
	}
	return <-ch
}

func main() {
	for range 3 {
		if err := serve(); err != nil {
			log.Print(err)
		}
	}
	if err := run(); err != nil {
		log.Fatal(err)
	}
}
