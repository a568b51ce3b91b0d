// The smallest pprof server: no goroutine leaks here.
package main

import (
	"fmt"
	"net/http"
	_ "net/http/pprof"
)

func main() {
	addr := "0.0.0.0:6060"
	if err := http.ListenAndServe(addr, nil); err != nil {
		fmt.Printf("pprof server on %s failed\n", addr)
	}
}
