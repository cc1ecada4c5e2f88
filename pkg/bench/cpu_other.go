//go:build !unix

package bench

// ProcessCPUTime is not available on this platform.
func ProcessCPUTime() (int64, bool) { return 0, false }
