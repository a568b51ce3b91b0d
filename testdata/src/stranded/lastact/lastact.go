// Package lastact: a parent that leaves through a case the child feeds as
// its last act strands nothing: the child has sent everything before.
package lastact

func check() error { return nil }

// Negative: the child sends its results, then its verdict as its last
// act; once the parent takes the verdict, the child has returned.
func Collect(xs []int) ([]int, error) {
	results := make(chan int)
	errc := make(chan error)
	go func() {
		for _, x := range xs {
			results <- x
		}
		errc <- check()
	}()
	var got []int
	for {
		select {
		case v := <-results:
			got = append(got, v)
		case err := <-errc:
			return got, err
		}
	}
}

// Positive: the verdict comes first and the results after it; the parent
// leaves on the verdict.
func CollectLate(xs []int) ([]int, error) {
	results := make(chan int)
	errc := make(chan error)
	go func() {
		errc <- check()
		for _, x := range xs {
			results <- x // want `send on results blocks forever if CollectLate returns through the errc case \(lastact.go:45\): this goroutine keeps sending, and no one receives`
		}
	}()
	var got []int
	for {
		select {
		case v := <-results:
			got = append(got, v)
		case err := <-errc:
			return got, err
		}
	}
}
