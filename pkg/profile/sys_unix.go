//go:build unix

package profile

import (
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// silenceStderr points file descriptor 2 at /dev/null and returns a function
// that restores it. The runtime writes its "cannot set cpu profile rate"
// message straight to fd 2, so this is the only way to keep it off the
// user's terminal; it is held only around pprof.StartCPUProfile.
func silenceStderr() (restore func()) {
	saved, err := unix.Dup(2)
	if err != nil {
		return func() {}
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		unix.Close(saved)
		return func() {}
	}
	defer null.Close()
	if err := unix.Dup2(int(null.Fd()), 2); err != nil {
		unix.Close(saved)
		return func() {}
	}
	return func() {
		unix.Dup2(saved, 2)
		unix.Close(saved)
	}
}

// processCPUTime returns the user+system CPU time the process has used.
func processCPUTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
