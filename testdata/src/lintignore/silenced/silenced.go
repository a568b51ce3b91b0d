package silenced

func Silenced() {
	ch := make(chan int)
	go func() {
		//lint:ignore leakvet.unpaired a plugin reads it
		ch <- 1
	}()
}

func NotSilenced() {
	ch := make(chan int)
	go func() {
		ch <- 1 // want `send on ch blocks forever: nothing receives from it`
	}()
}

func OtherCheckNamed() {
	ch := make(chan int)
	go func() {
		//lint:ignore leakvet.stranded names another check
		ch <- 1 // want `send on ch blocks forever: nothing receives from it`
	}()
}

