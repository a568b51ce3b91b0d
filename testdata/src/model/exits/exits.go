// Package exits: how functions end, in the model.
package exits

import (
	"log"
	"os"
	"runtime"
	"testing"
)

func goexit()            { runtime.Goexit() } // want goexit:`chanuse\(exit:ends-the-goroutine\)`
func fatal(t *testing.T) { t.Fatal("x") } // want fatal:`chanuse\(exit:ends-the-goroutine\)`
func exit()              { os.Exit(1) } // want exit:`chanuse\(exit:ends-the-process\)`
func logFatal()          { log.Fatal("x") } // want logFatal:`chanuse\(exit:ends-the-process\)`
func forever()           { select {} } // want forever:`chanuse\(exit:never-ends\)`
func spin() { // want spin:`chanuse\(exit:never-ends\)`
	for {
	}
}
func mixed(b bool) { // want mixed:`chanuse\(exit:never-returns\)`
	if b {
		goexit()
	}
	exit()
}
func panics() { panic("x") } // want panics:`chanuse\(exit:panics\)`
func returns(b bool) error {
	if b {
		goexit()
	}
	return nil
}

// Run starts each of them, so that they are live. go panics() crashes the
// process: Run itself ends the process there.
func Run(t *testing.T, b bool, ch chan int) { // want Run:`chanuse\(param2:escapes exit:ends-the-process\)`
	go goexit()
	go fatal(t)
	go exit()
	go logFatal()
	go forever()
	go spin()
	go mixed(b)
	go panics()
	go func() { _ = returns(b); ch <- 1 }()
	<-ch
}
