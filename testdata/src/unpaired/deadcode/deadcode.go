package deadcode

import (
	"log"
	"os"
)

const debug = false

// Positive: the only receive is behind if false.
func IfFalse() {
	ch := make(chan int)
	go func() {
		if false {
			<-ch
		}
	}()
	go func() {
		ch <- 1 // want `send on ch blocks forever: its only receive \(deadcode.go:\d+\) is in dead code`
	}()
}

// Positive: the only receive is behind a constant that is false.
func ConstFalse() {
	ch := make(chan int)
	go func() {
		if debug {
			<-ch
		}
	}()
	ch <- 1 // want `send on ch blocks forever: its only receive \(deadcode.go:\d+\) is in dead code`
}

// Positive: the only receive is in the else branch of if true.
func ElseOfTrue() {
	ch := make(chan int)
	go func() {
		if true {
			return
		} else {
			<-ch
		}
	}()
	ch <- 1 // want `send on ch blocks forever: its only receive`
}

var results = make(chan int)

// Positive: the only receive is in an unexported function nothing calls.
func Unused() {
	go func() {
		results <- 1 // want `send on results blocks forever: its only receive \(deadcode.go:\d+\) is in dead code`
	}()
}

func neverCalled() int {
	return <-results
}

// Positive: the only close is after a call that never returns.
func AfterExit() {
	done := make(chan bool)
	go func() {
		os.Exit(1)
		close(done)
	}()
	<-done // want `receive from done blocks forever: nothing sends on or closes it`
}

// Positive: the only send is after log.Fatal.
func AfterFatal() {
	ch := make(chan int)
	go func() {
		log.Fatal("bye")
		ch <- 1
	}()
	<-ch // want `receive from ch blocks forever`
}

// Negative: the receive is behind a condition that is true.
func IfTrue() {
	ch := make(chan int)
	go func() {
		if true {
			<-ch
		}
	}()
	ch <- 1
}

// Negative: the receive is behind a condition that is not constant.
func IfVar(b bool) {
	ch := make(chan int)
	go func() {
		if b {
			<-ch
		}
	}()
	ch <- 1
}

// Negative: the receiving function is called (by an exported function).
func Called() {
	ch := make(chan int)
	go calledReceiver(ch)
	ch <- 1
}

func calledReceiver(ch chan int) { <-ch }

// Negative: the receive runs after a call that may return.
func AfterMayReturn(f func()) {
	ch := make(chan int)
	go func() {
		f()
		<-ch
	}()
	ch <- 1
}
