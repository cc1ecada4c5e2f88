package completion

import (
	"fmt"
	"runtime/debug"
)

// A PanicError is a panic recovered on a goroutine that runs pipelines (a
// bench worker, a profiling driver), passed on as an error so that the
// process reports it as an internal error instead of crashing with a trace.
type PanicError struct {
	Value any
	// Stack is the panicking goroutine's stack.
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Recovered wraps a value returned by recover() with the stack of the
// goroutine that recovered it; call it in the deferred function.
func Recovered(r any) *PanicError { return &PanicError{Value: r, Stack: debug.Stack()} }
