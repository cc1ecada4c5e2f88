//go:build !linux

package target

// CPUs returns nil: pinning is not supported here.
func CPUs() []int { return nil }

// Pin does nothing here.
func Pin(pid, cpu int) error { return nil }
