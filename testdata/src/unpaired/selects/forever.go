package selects

import "fmt"

// Negative: the goroutine that calls it (main's) waits forever on
// purpose, to be killed.
func Serve() {
	fmt.Println("ready; press ^C to exit")
	<-make(chan struct{})
}

// Positive: a goroutine the package starts is parked for good.
func init() {
	go func() {
		<-make(chan int) // want `receive from make\(chan int\) blocks forever: nothing sends on or closes it`
	}()
}

// Positive: so is one started per call.
func ParkEach() {
	go func() {
		<-make(chan struct{}) // want `receive from make\(chan struct\{\}\) blocks forever: nothing sends on or closes it`
	}()
}

// Positive: a channel with a name, made and received from only: nothing can
// close it, and nothing says the wait is meant (a sender was forgotten).
func Forgotten() {
	done := make(chan struct{})
	fmt.Println("waiting")
	<-done // want `receive from done blocks forever: nothing sends on or closes it`
}
