package selects

import "fmt"

// Negative: main's goroutine waits forever on purpose, as with select {}:
// it runs once.
func Serve() {
	fmt.Println("ready; press ^C to exit")
	<-make(chan struct{})
}

// Negative: the same in a goroutine started once, at init.
func init() {
	go func() {
		<-make(chan int)
	}()
}

// Positive: per call, each goroutine waits forever.
func ParkEach() {
	go func() {
		<-make(chan struct{}) // want `receive from a channel made for it alone blocks forever, and its goroutine is started again and again`
	}()
}

// Positive: a channel with a name, made and received from only: nothing can
// close it, and nothing says the wait is meant (a sender was forgotten).
func Forgotten() {
	done := make(chan struct{})
	fmt.Println("waiting")
	<-done // want `receive from done blocks forever: nothing sends on or closes it`
}
