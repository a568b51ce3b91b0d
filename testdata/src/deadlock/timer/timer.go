// Package timer: timers drained after their value was taken, stopped
// timers waited for, next to their fixed twins.
package timer

import (
	"sync"
	"time"
)

// DrainAfterTake drains a timer whose value it already received.
func DrainAfterTake() {
	t := time.NewTimer(time.Second)
	<-t.C
	if !t.Stop() {
		<-t.C // want `receive from t.C blocks forever: the timer's value was already received and it is not reset, so nothing more comes on its channel`
	}
}

// DrainAfterTakeFixed drains without blocking.
func DrainAfterTakeFixed() {
	t := time.NewTimer(time.Second)
	<-t.C
	if !t.Stop() {
		select {
		case <-t.C:
		default:
		}
	}
}

// StopFixed stops a timer that has not fired: nothing to drain.
func StopFixed() {
	t := time.NewTimer(time.Second)
	if !t.Stop() {
		<-t.C
	}
}

// Reset: a timer reset after its value was taken fires again.
func Reset() {
	t := time.NewTimer(time.Second)
	<-t.C
	t.Reset(time.Second)
	<-t.C
}

// Stopped: a goroutine waits for a timer its starter stops.
func Stopped() {
	t := time.NewTimer(time.Second)
	go func() {
		<-t.C // want `receive from t.C blocks forever: the timer was stopped and is not reset, so nothing comes on its channel`
	}()
	t.Stop()
}

// StoppedFixed: the goroutine also waits for a stop signal.
func StoppedFixed() {
	t := time.NewTimer(time.Second)
	stop := make(chan struct{})
	go func() {
		select {
		case <-t.C:
		case <-stop:
		}
	}()
	t.Stop()
	close(stop)
}

// Ticker: a stopped ticker sends nothing more.
func Ticker() {
	tk := time.NewTicker(time.Second)
	tk.Stop()
	<-tk.C // want `receive from tk.C blocks forever: the timer was stopped`
}

// TickerRange: a goroutine ranging over a ticker's channel is left
// there when the ticker stops: Stop does not close the channel.
func TickerRange(work func()) {
	tk := time.NewTicker(time.Second)
	go func() {
		for range tk.C { // want `receive from tk.C blocks forever: the timer was stopped`
		}
	}()
	work()
	tk.Stop()
}

// TickerFixed: a running ticker keeps sending.
func TickerFixed() {
	tk := time.NewTicker(time.Second)
	<-tk.C
	<-tk.C
	tk.Stop()
}

// Ready: a Stop while the value may be sent and not received: the result
// depends on the main module's Go version, so the search says nothing.
func Ready(other chan int) {
	t := time.NewTimer(time.Second)
	select {
	case <-other:
	default:
	}
	done := make(chan bool)
	go func() {
		done <- t.Stop()
	}()
	if !<-done {
		<-t.C
	}
}

// tickOnce waits for one tick and stops its ticker as it returns.
func tickOnce() *time.Ticker {
	tk := time.NewTicker(time.Second)
	defer tk.Stop()
	<-tk.C
	return tk
}

// DeferredStop: the deferred Stop ran, nothing more comes.
func DeferredStop() {
	tk := tickOnce()
	<-tk.C // want `receive from tk.C blocks forever: the timer was stopped and is not reset, so nothing comes on its channel`
}

// tickKeep waits for one tick and leaves its ticker running.
func tickKeep() *time.Ticker {
	tk := time.NewTicker(time.Second)
	<-tk.C
	return tk
}

func DeferredStopFixed() {
	tk := tickKeep()
	<-tk.C
	tk.Stop()
}

// AfterFuncHeld: the runtime runs the function on a goroutine of its own,
// some time after the root returned holding the mutex.
func AfterFuncHeld() {
	var mu sync.Mutex
	mu.Lock()
	time.AfterFunc(time.Millisecond, func() {
		mu.Lock() // want `Lock of mu blocks forever: the goroutine running AfterFuncHeld locked it at timer.go:145 and never unlocks it`
	})
}

// AfterFuncStopped: a Stop that came first keeps the function from
// running; one that came too late says so, and the lock is released.
func AfterFuncStopped() {
	var mu sync.Mutex
	mu.Lock()
	t := time.AfterFunc(time.Millisecond, func() {
		mu.Lock()
	})
	if !t.Stop() {
		mu.Unlock()
	}
}
