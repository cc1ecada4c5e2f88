//go:build unix

package profile

import (
	"os"

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
