//go:build unix

package bench

import (
	"syscall"
	"unsafe"
)

// allocDurations returns a zeroed buffer of n durations outside the Go heap,
// so that the harness's latency buffers neither count toward the GC's heap
// goal nor change how often the measured pipeline collects, and a function
// that releases it. It falls back to the heap when mapping fails.
func allocDurations(n int) ([]int64, func()) {
	if n == 0 {
		return nil, func() {}
	}
	b, err := syscall.Mmap(-1, 0, n*8, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]int64, n), func() {}
	}
	return unsafe.Slice((*int64)(unsafe.Pointer(&b[0])), n), func() { _ = syscall.Munmap(b) }
}
