package chanmodel

// knownFunc says what a library function does with the function values it
// is given. Calls to functions not in the table let every tracked argument
// escape: the model then claims nothing about what they carry.
type knownFunc struct {
	callback   int      // index of an argument the function calls, or -1
	kind       EdgeKind // how it calls it: synchronously (CallEdge), on a new goroutine (GoEdge), or when the caller ends (DeferEdge)
	returnsArg int      // index of an argument returned as the result (wrapped), or -1
	once       bool     // the callback runs at most once
}

// knownFuncs is the model's knowledge of the standard library (and of the
// few ubiquitous modules that mirror it), keyed by types.Func.FullName.
// Argument indices count the receiver of a method as argument 0.
var knownFuncs = map[string]knownFunc{
	"(*sync.Once).Do":      {callback: 1, kind: CallEdge, returnsArg: -1, once: true},
	"sync.OnceFunc":        {callback: -1, returnsArg: 0},
	"sync.OnceValue":       {callback: -1, returnsArg: 0},
	"sync.OnceValues":      {callback: -1, returnsArg: 0},
	"(*sync.WaitGroup).Go": {callback: 1, kind: GoEdge, returnsArg: -1},
	"(*testing.T).Run":     {callback: 2, kind: CallEdge, returnsArg: -1},
	"(*testing.B).Run":     {callback: 2, kind: CallEdge, returnsArg: -1},
	// t.Cleanup(f) runs f when the test ends, however it ends (return,
	// t.Fatal): a defer of the test function.
	// (T, B and F have it from the testing.common they embed.)
	"(*testing.common).Cleanup":                 {callback: 1, kind: DeferEdge, returnsArg: -1},
	"testing/synctest.Test":                     {callback: 1, kind: CallEdge, returnsArg: -1},
	"testing/synctest.Run":                      {callback: 0, kind: CallEdge, returnsArg: -1},
	"internal/synctest.Run":                     {callback: 0, kind: CallEdge, returnsArg: -1},
	"time.AfterFunc":                            {callback: 1, kind: GoEdge, returnsArg: -1},
	"context.AfterFunc":                         {callback: 1, kind: GoEdge, returnsArg: -1},
	"(*golang.org/x/sync/errgroup.Group).Go":    {callback: 1, kind: GoEdge, returnsArg: -1},
	"(*golang.org/x/sync/errgroup.Group).TryGo": {callback: 1, kind: GoEdge, returnsArg: -1},
}

// runtimeChan describes a channel the runtime (or a library) makes and
// feeds: what a goroutine receiving from it can expect.
type runtimeChan struct {
	source      string // how the channel is obtained, for messages
	neverClosed bool   // nothing ever closes it: a range over it never ends
}

// runtimeResults are library functions whose result is such a channel,
// keyed by types.Func.FullName.
var runtimeResults = map[string]runtimeChan{
	"time.Tick":  {source: "time.Tick", neverClosed: true},
	"time.After": {source: "time.After", neverClosed: true},
}

// runtimeFields are fields of library types holding such a channel, keyed
// by "pkgpath.Type.Field".
var runtimeFields = map[string]runtimeChan{
	"time.Ticker.C": {source: "a time.Ticker", neverClosed: true},
	"time.Timer.C":  {source: "a time.Timer", neverClosed: true},
}
