package flow

// Promptness: whether a goroutine, once started, reaches an instruction
// without waiting. A goroutine that waits for nothing (no channel
// operation, lock, sleep, I/O or call into code the analysis cannot see)
// and runs no loop on its way to a send is at that send within the time the
// scheduler takes to run it: microseconds. A timer of a millisecond or more
// that races it (select { case <-ch: case <-time.After(time.Second): })
// cannot fire first on any schedule a program meets; its case is a test of
// the scheduler, not a path on which the send is left behind.
//
// The judgement is strict: a call counts only when its callee's body is in
// the package (or an instantiation of it) and is prompt itself, or when the
// callee is in the table of library functions that never wait (sync/atomic).
// Anything else — an interface call, a function value, a function of
// another package, recursion, a body larger than the budget — may wait.

import (
	"go/constant"
	"go/token"
	"go/types"
	"time"

	"golang.org/x/tools/go/ssa"
)

// promptPkgs are the library packages none of whose functions wait.
var promptPkgs = map[string]bool{
	"sync/atomic": true,
}

// MinRace is the shortest timer that a prompt goroutine cannot lose to.
const MinRace = time.Millisecond

// maxPromptBlocks bounds the size of a function Prompt studies.
const maxPromptBlocks = 256

// Prompt reports whether a goroutine running fn reaches at, an instruction
// of fn, without waiting on any path from fn's entry to at: the blocks on
// such paths form no loop and hold no operation that can wait (a channel
// operation, a select, a call that is not prompt) before at. When at is
// nil it asks the same of every path to a return of fn, deferred calls
// included. depth bounds how deep calls are followed.
func Prompt(fn *ssa.Function, at ssa.Instruction, depth int) bool {
	return promptIn(fn, at, depth, map[*ssa.Function]bool{})
}

func promptIn(fn *ssa.Function, at ssa.Instruction, depth int, onStack map[*ssa.Function]bool) bool {
	if depth < 0 || len(fn.Blocks) == 0 || len(fn.Blocks) > maxPromptBlocks || onStack[fn] {
		return false
	}
	if at != nil && at.Parent() != fn {
		return false
	}
	onStack[fn] = true
	defer delete(onStack, fn)
	on := onPaths(fn, at)
	for _, b := range fn.Blocks {
		if !on[b] {
			continue
		}
		if inCycle(b, on) {
			return false // a loop on the way: it may run for as long as it likes
		}
		for _, instr := range b.Instrs {
			if instr == at {
				break
			}
			if !promptInstr(instr, at == nil, depth, onStack) {
				return false
			}
		}
	}
	return true
}

// onPaths returns the blocks of fn on some path from its entry to the
// block of at (to a return, when at is nil).
func onPaths(fn *ssa.Function, at ssa.Instruction) map[*ssa.BasicBlock]bool {
	var targets []*ssa.BasicBlock
	if at != nil {
		targets = append(targets, at.Block())
	} else {
		for _, b := range fn.Blocks {
			if len(b.Instrs) > 0 {
				if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
					targets = append(targets, b)
				}
			}
		}
	}
	back := make(map[*ssa.BasicBlock]bool)
	stack := targets
	for _, t := range targets {
		back[t] = true
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, p := range b.Preds {
			if !back[p] {
				back[p] = true
				stack = append(stack, p)
			}
		}
	}
	on := make(map[*ssa.BasicBlock]bool)
	if len(fn.Blocks) == 0 || !back[fn.Blocks[0]] {
		return on
	}
	stack = []*ssa.BasicBlock{fn.Blocks[0]}
	on[fn.Blocks[0]] = true
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, s := range b.Succs {
			if back[s] && !on[s] {
				on[s] = true
				stack = append(stack, s)
			}
		}
	}
	return on
}

// inCycle reports whether control can come back to b through blocks of on.
func inCycle(b *ssa.BasicBlock, on map[*ssa.BasicBlock]bool) bool {
	seen := make(map[*ssa.BasicBlock]bool)
	stack := []*ssa.BasicBlock{b}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, s := range x.Succs {
			if s == b {
				return true
			}
			if on[s] && !seen[s] {
				seen[s] = true
				stack = append(stack, s)
			}
		}
	}
	return false
}

// promptInstr reports whether instr runs without waiting. withDefers: the
// function runs to its return, so the calls it defers run too.
func promptInstr(instr ssa.Instruction, withDefers bool, depth int, onStack map[*ssa.Function]bool) bool {
	switch instr := instr.(type) {
	case *ssa.Send, *ssa.Select:
		return false
	case *ssa.UnOp:
		return instr.Op != token.ARROW
	case *ssa.Go:
		return true // starting a goroutine does not wait for it
	case *ssa.Defer:
		return !withDefers || promptCall(&instr.Call, depth, onStack)
	case *ssa.Call:
		return promptCall(&instr.Call, depth, onStack)
	}
	return true
}

// promptCall reports whether a call returns without waiting.
func promptCall(c *ssa.CallCommon, depth int, onStack map[*ssa.Function]bool) bool {
	if c.IsInvoke() {
		return false
	}
	var callee *ssa.Function
	switch v := c.Value.(type) {
	case *ssa.Builtin:
		return true
	case *ssa.Function:
		callee = v
	case *ssa.MakeClosure:
		callee, _ = v.Fn.(*ssa.Function)
	}
	if callee == nil {
		return false
	}
	if len(callee.Blocks) == 0 {
		obj, _ := callee.Object().(*types.Func)
		return obj != nil && obj.Pkg() != nil && promptPkgs[obj.Pkg().Path()]
	}
	return promptIn(callee, nil, depth-1, onStack)
}

// TimerArmed returns the call that arms the timer whose channel v is, when
// v is the channel of time.After(d), or the C field of a timer
// time.NewTimer(d) returned, with d a constant of at least MinRace; else
// nil.
func TimerArmed(v ssa.Value) *ssa.Call {
	var call *ssa.Call
	switch v := v.(type) {
	case *ssa.Call:
		if calleeName(v) == "time.After" {
			call = v
		}
	case *ssa.UnOp:
		fa, ok := v.X.(*ssa.FieldAddr)
		if !ok || v.Op != token.MUL {
			return nil
		}
		c, ok := fa.X.(*ssa.Call)
		if !ok || calleeName(c) != "time.NewTimer" {
			return nil
		}
		st, ok := fa.X.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
		if !ok || st.Field(fa.Field).Name() != "C" {
			return nil
		}
		call = c
	}
	if call == nil || len(call.Call.Args) != 1 {
		return nil
	}
	d, ok := call.Call.Args[0].(*ssa.Const)
	if !ok || d.Value == nil || d.Value.Kind() != constant.Int {
		return nil
	}
	if n, exact := constant.Int64Val(d.Value); !exact || n < int64(MinRace) {
		return nil
	}
	return call
}

// calleeName is the full name of a call's static callee, or "".
func calleeName(c *ssa.Call) string {
	if fn := c.Call.StaticCallee(); fn != nil {
		if obj, ok := fn.Object().(*types.Func); ok {
			return obj.FullName()
		}
	}
	return ""
}
