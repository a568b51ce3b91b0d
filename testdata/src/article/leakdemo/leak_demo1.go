// A goroutine leak that becomes a memory leak.
package main

import (
	"fmt"
	"net/http"
	_ "net/http/pprof"
	"os"
	"time"
)

func main() {
	go func() {
		addr := "0.0.0.0:6060"
		if err := http.ListenAndServe(addr, nil); err != nil {
			fmt.Printf("pprof server on %s failed\n", addr)
			os.Exit(1)
		}
	}()

	outCh := make(chan int)
	go func() {
		if false {
			<-outCh
		}
		select {}
	}()

	tick := time.Tick(time.Second / 100)
	n := 0
	for range tick {
		n++
		fmt.Println(n)
		alloc1(outCh)
	}
}

func alloc1(outCh chan<- int) {
	go alloc2(outCh)
}

func alloc2(outCh chan<- int) {
	func() {
		defer fmt.Println("alloc-fm exit")
		buf := make([]byte, 1024*1024*10)
		_ = len(buf)
		fmt.Println("alloc done")
		outCh <- 0 // want `send on outCh blocks forever: its only receive \(leak_demo1.go:24\) is in dead code`
	}()
}
