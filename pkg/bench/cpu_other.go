//go:build !unix

package bench

// processCPUTime is not available on this platform.
func processCPUTime() (int64, bool) { return 0, false }
