//lint:file-ignore leakvet this file is a fixture of leaks on purpose

package b

func Leak() {
	ch := make(chan int)
	go func() { ch <- 1 }()
}
