package upstream

import "context"

var global chan int

func Send(ch chan<- int, v int) { // want Send:`chanuse\(param0:send=1\)`
	ch <- v
}

func MaybeSend(ch chan<- int, v int) { // want MaybeSend:`chanuse\(param0:send=0-1\)`
	if v > 0 {
		ch <- v
	}
}

func Drain(ch <-chan int) { // want Drain:`chanuse\(param0:recv=.*,drains\)`
	for range ch {
	}
}

func Close(ch chan int) { // want Close:`chanuse\(param0:close=1\)`
	close(ch)
}

func Emit(ch chan<- int) { // want Emit:`chanuse\(param0:send=1,async\)`
	go func() { ch <- 1 }()
}

func Keep(ch chan int) { // want Keep:`chanuse\(param0:escapes\)`
	global = ch
}

func Pass(ch chan int) { // want Pass:`chanuse\(param0:send=1\)`
	Send(ch, 1)
}

func Offer(ctx context.Context, ch chan<- int) { // want Offer:`chanuse\(param1:wayout\)`
	select {
	case ch <- 1:
	case <-ctx.Done():
	}
}

func Len(ch chan int) int { // want Len:`chanuse\(param0:unused\)`
	return len(ch)
}

func Gen(n int) <-chan int { // want Gen:`chanuse\(result0:made,send=0\+,close=1,async\)`
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
		close(ch)
	}()
	return ch
}

func GenCtx(ctx context.Context) <-chan int { // want GenCtx:`chanuse\(result0:made,close=1,async,wayout\)`
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; ; i++ {
			select {
			case ch <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

func Forever() { // want Forever:`chanuse\(exit:never-ends\)`
	for {
	}
}

func NoChannels(x int) int { return x }
