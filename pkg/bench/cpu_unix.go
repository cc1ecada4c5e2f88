//go:build unix && !linux

package bench

import "syscall"

// ProcessCPUTime returns the user+system CPU time of the whole process.
func ProcessCPUTime() (int64, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}
