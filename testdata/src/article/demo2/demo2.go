// Heap growth that pprof shows: memory grows, but no goroutine leaks.
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

	tick := time.Tick(time.Second / 100)
	var buf []byte
	for range tick {
		buf = append(buf, make([]byte, 1024*1024)...)
	}
}
