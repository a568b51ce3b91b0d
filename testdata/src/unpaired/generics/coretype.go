package generics

// A map or slice of a type parameter is made, indexed and ranged over as
// its core type (`M ~map[K]V` makes a map[K]V): the channels stored in it
// are followed as in a map or slice of that type. Building the model of
// such a generic body once failed with an internal error.

// Stash stores a new channel in a map of its type parameter's type.
// Positive: nothing receives from it.
func Stash[M ~map[string]chan int]() {
	m := make(M)
	m["a"] = make(chan int)
	go func() {
		m["a"] <- 1 // want `send on m\["a"\] blocks forever: nothing receives from it`
	}()
}

// Negative: the channel taken out of the map is received from.
func StashPaired[M ~map[string]chan int]() int {
	m := make(M)
	m["a"] = make(chan int)
	go func() { m["a"] <- 1 }()
	return <-m["a"]
}

// Negative: a map of channels made and handed to the caller, which may
// receive from them.
func Fresh[M ~map[int]chan int](n int) M {
	m := make(M, n)
	for i := range n {
		m[i] = make(chan int)
	}
	for k, ch := range m {
		go func() { ch <- k }()
	}
	return m
}

// Negative: a slice of the type parameter's type, received from.
func SlotsPaired[S ~[]chan int](n int) int {
	s := make(S, n)
	s[0] = make(chan int)
	go func() { s[0] <- 1 }()
	return <-s[0]
}
