package search

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// One source importer for the tests: importing sync from source once.
var (
	fset = token.NewFileSet()
	imp  = importer.ForCompiler(fset, "source", nil)
)

// build returns the SSA of function name in the package of src.
func build(t *testing.T, src, name string) (*ssa.Function, *token.FileSet) {
	t.Helper()
	f, err := parser.ParseFile(fset, "p.go", "package p\n\nimport (\"runtime\"; \"sync\"; \"time\")\n\nvar _ sync.Mutex\nvar _ = time.Now\nvar _ = runtime.Goexit"+src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg := types.NewPackage("p", "p")
	conf := &types.Config{Importer: imp}
	ssaPkg, _, err := ssautil.BuildPackage(conf, fset, pkg, []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	fn := ssaPkg.Func(name)
	if fn == nil {
		t.Fatalf("no function %s", name)
	}
	return fn, fset
}

// describe summarises a result: "stuck: Lock@line Wait@line" per finding,
// or the reason for silence.
func describe(r *Result, fset *token.FileSet) string {
	if r.Escape != "" {
		return "escape: " + r.Escape
	}
	if r.Cut != "" {
		return "cut: " + r.Cut
	}
	var out []string
	for _, fd := range r.Findings {
		var gs []string
		for _, g := range fd.Goroutines {
			if g.Done {
				gs = append(gs, "done")
				continue
			}
			gs = append(gs, g.Op+"@"+itoa(fset.Position(g.Pos).Line))
		}
		kind := "leak"
		if fd.Deadlock {
			kind = "deadlock"
		}
		out = append(out, kind+": "+strings.Join(gs, " "))
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, "; ")
}

func itoa(n int) string { return strconv.Itoa(n) }

// Line numbers below count from the source given to build, which starts at
// line 7 of the file.
func TestSearch(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"double lock", `
func F() {
	var mu sync.Mutex
	mu.Lock()
	mu.Lock()
}`, "deadlock: Lock@11"},
		{"lock unlock", `
func F() {
	var mu sync.Mutex
	mu.Lock()
	mu.Unlock()
	mu.Lock()
}`, "none"},
		{"abba", `
func F() {
	var a, b sync.Mutex
	done := make(chan bool)
	go func() {
		b.Lock()
		a.Lock()
		a.Unlock()
		b.Unlock()
		done <- true
	}()
	a.Lock()
	b.Lock()
	b.Unlock()
	a.Unlock()
	<-done
}`, "deadlock: Lock@19 Lock@13"},
		{"abab", `
func F() {
	var a, b sync.Mutex
	done := make(chan bool)
	go func() {
		a.Lock()
		b.Lock()
		b.Unlock()
		a.Unlock()
		done <- true
	}()
	a.Lock()
	b.Lock()
	b.Unlock()
	a.Unlock()
	<-done
}`, "none"},
		{"wait before receive", `
func F() {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Add(1)
	go func() {
		defer wg.Done()
		ch <- 1
	}()
	wg.Wait()
	<-ch
}`, "deadlock: Wait@16 send@14"},
		{"receive before wait", `
func F() {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Add(1)
	go func() {
		defer wg.Done()
		ch <- 1
	}()
	<-ch
	wg.Wait()
}`, "none"},
		{"lost wake-up", `
func F() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := make(chan bool)
	go func() {
		c.Signal()
		ready <- true
	}()
	<-ready
	mu.Lock()
	c.Wait()
	mu.Unlock()
}`, "deadlock: Wait@18 done"},
		{"wake-up after wait", `
func F() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	done := false
	go func() {
		mu.Lock()
		done = true
		c.Signal()
		mu.Unlock()
	}()
	mu.Lock()
	for !done {
		c.Wait()
	}
	mu.Unlock()
}`, "none"},
		{"reader behind writer", `
func F() {
	var rw sync.RWMutex
	locked := make(chan bool)
	go func() {
		<-locked
		rw.Lock()
		rw.Unlock()
	}()
	rw.RLock()
	locked <- true
	rw.RLock()
	rw.RUnlock()
	rw.RUnlock()
}`, "deadlock: RLock@18 Lock@13"},
		{"two readers", `
func F() {
	var rw sync.RWMutex
	rw.RLock()
	rw.RLock()
	rw.RUnlock()
	rw.RUnlock()
	rw.Lock()
	rw.Unlock()
}`, "none"},
		{"buffered", `
func F() {
	var mu sync.Mutex
	ch := make(chan int, 1)
	go func() {
		mu.Lock()
		ch <- 1
		mu.Unlock()
	}()
	mu.Lock()
	mu.Unlock()
	<-ch
}`, "none"},
		{"counted loop", `
func F() {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() { wg.Done() }()
	}
	wg.Wait()
}`, "none"},
		{"counted loop short", `
func F() {
	var wg sync.WaitGroup
	wg.Add(4)
	for i := 0; i < 3; i++ {
		go func() { wg.Done() }()
	}
	wg.Wait()
}`, "deadlock: Wait@14 done done done"},
		{"data branch", `
func F(x bool) {
	var mu sync.Mutex
	mu.Lock()
	if x {
		mu.Unlock()
	}
	mu.Lock()
}`, "none"},
		{"escape", `
var sink *sync.Mutex

func F() {
	var mu sync.Mutex
	sink = &mu
	mu.Lock()
	mu.Lock()
}`, "escape: a sync object of the scope is stored where code outside the scope can reach it"},
		{"leak after return", `
func F() {
	var mu sync.Mutex
	mu.Lock()
	go func() {
		mu.Lock()
	}()
}`, "leak: done Lock@12"},
		{"timeout under a lock", `
func F() {
	var mu sync.Mutex
	ch := make(chan int)
	go func() {
		mu.Lock()
		select {
		case ch <- 1:
		case <-time.After(time.Second):
		}
		mu.Unlock()
	}()
	mu.Lock()
	<-ch
	mu.Unlock()
}`, "deadlock: receive@20 Lock@12; deadlock: receive@20 done"},
		{"timeout without the lock", `
func F() {
	var mu sync.Mutex
	ch := make(chan int)
	go func() {
		mu.Lock()
		mu.Unlock()
		select {
		case ch <- 1:
		case <-time.After(time.Second):
		}
	}()
	mu.Lock()
	mu.Unlock()
	select {
	case <-ch:
	case <-time.After(time.Second):
	}
}`, "none"},
		{"send on closed panics", `
func F() {
	var mu sync.Mutex
	ch := make(chan int, 1)
	close(ch)
	mu.Lock()
	ch <- 1
	mu.Lock()
}`, "none"},
		{"send on open buffer", `
func F() {
	var mu sync.Mutex
	ch := make(chan int, 1)
	mu.Lock()
	ch <- 1
	mu.Lock()
}`, "deadlock: Lock@13"},
		{"negative counter panics", `
func F() {
	var wg sync.WaitGroup
	wg.Done()
	wg.Wait()
	wg.Add(1)
	wg.Wait()
}`, "none"},
		{"unlock of unlocked is fatal", `
func F() {
	var mu sync.Mutex
	mu.Unlock()
	mu.Lock()
	mu.Lock()
}`, "none"},
		{"once runs its function", `
func F() {
	var mu sync.Mutex
	var once sync.Once
	once.Do(func() { mu.Lock() })
	once.Do(func() { mu.Unlock() })
	mu.Lock()
}`, "deadlock: Lock@13"},
		{"nil channel never ready", `
func F() {
	var mu sync.Mutex
	var ch chan int
	mu.Lock()
	select {
	case <-ch:
		mu.Unlock()
	default:
	}
	mu.Lock()
}`, "deadlock: Lock@17"},
		{"goexit runs defers", `
func F() {
	var mu sync.Mutex
	done := make(chan bool)
	go func() {
		defer close(done)
		mu.Lock()
		defer mu.Unlock()
		runtime.Goexit()
	}()
	<-done
	mu.Lock()
}`, "none"},
		{"select default", `
func F() {
	var mu sync.Mutex
	ch := make(chan int)
	mu.Lock()
	select {
	case ch <- 1:
	default:
		mu.Unlock()
	}
	mu.Lock()
}`, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn, fset := build(t, tt.src, "F")
			got := describe(Search(fn, SSAEnv{}, DefaultOptions), fset)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestBudget: a search cut by its state budget before any stuck state
// finds nothing, and says so.
func TestBudget(t *testing.T) {
	fn, fset := build(t, `
func F() {
	var a, b sync.Mutex
	done := make(chan bool)
	go func() {
		b.Lock()
		a.Lock()
		a.Unlock()
		b.Unlock()
		done <- true
	}()
	a.Lock()
	b.Lock()
	b.Unlock()
	a.Unlock()
	<-done
}`, "F")
	opt := DefaultOptions
	opt.MaxStates = 3
	if got := describe(Search(fn, SSAEnv{}, opt), fset); got != "cut: more than 3 states" {
		t.Errorf("got %q", got)
	}
}

// TestDeterminism: the same search gives the same witness every time.
func TestDeterminism(t *testing.T) {
	fn, _ := build(t, `
func F() {
	var a, b sync.Mutex
	go func() { b.Lock(); a.Lock() }()
	go func() { a.Lock(); b.Lock() }()
	a.Lock()
}`, "F")
	first := Search(fn, SSAEnv{}, DefaultOptions)
	if len(first.Findings) == 0 {
		t.Fatal("no finding")
	}
	for range 5 {
		r := Search(fn, SSAEnv{}, DefaultOptions)
		if len(r.Findings) != len(first.Findings) || r.States != first.States {
			t.Fatalf("results differ: %d/%d findings, %d/%d states", len(r.Findings), len(first.Findings), r.States, first.States)
		}
		for i := range r.Findings {
			a, b := r.Findings[i].Trace, first.Findings[i].Trace
			if len(a) != len(b) {
				t.Fatalf("traces differ")
			}
			for j := range a {
				if a[j] != b[j] {
					t.Fatalf("traces differ at %d: %v vs %v", j, a[j], b[j])
				}
			}
		}
	}
}

// TestTimerVersion: a Stop of a timer whose value was sent and not yet
// received is where go1.23's timers (the value is discarded, Stop returns
// true) and older ones (it stays, Stop returns false) differ: the search
// does not decide it. The path where Stop comes before the timer fires
// blocks under both.
func TestTimerVersion(t *testing.T) {
	fn, fset := build(t, `
func F() {
	t := time.NewTimer(time.Second)
	ch := make(chan int)
	go func() { ch <- 1 }()
	<-ch
	t.Stop()
	<-t.C
}`, "F")
	r := Search(fn, SSAEnv{}, DefaultOptions)
	if got := describe(r, fset); got != "deadlock: receive@14 done" {
		t.Errorf("got %q", got)
	}
	found := false
	for _, o := range r.Opaque {
		if strings.Contains(o.Why, "Go version") && fset.Position(o.Pos).Line == 13 {
			found = true
		}
	}
	if !found {
		t.Errorf("the Stop of a ready value is not opaque: %v", r.Opaque)
	}
}
