package a

// Silenced: no diagnostic from lintignore (the directive is used).
func Used() {
	ch := make(chan int)
	go func() {
		//lint:ignore leakvet.unpaired the reader is loaded as a plugin
		ch <- 1
	}()
}

// A directive without a reason.
func NoReason() {
	ch := make(chan int)
	go func() {
		/* want `malformed leakvet directive: the reason is missing` */ //lint:ignore leakvet
		ch <- 1
	}()
}

// A directive naming a check that does not exist.
func Unknown() {
	ch := make(chan int)
	go func() {
		//lint:ignore leakvet.nosuchcheck because // want `leakvet directive names an unknown check "nosuchcheck"`
		ch <- 1
	}()
}

// A directive with nothing left to silence.
func Stale() {
	ch := make(chan int)
	//lint:ignore leakvet.unpaired it used to leak // want `this leakvet directive silences nothing: remove it`
	go func() { ch <- 1 }()
	<-ch
}

// A directive for another tool: none of leakvet's business.
func Other() {
	//lint:ignore SA4006 another tool's reason
	x := 1
	_ = x
}

// All of leakvet, used by one check.
func AllChecks() {
	ch := make(chan int)
	go func() {
		ch <- 1 //lint:ignore leakvet a trailing directive works too
	}()
}
