//go:build !unix

package profile

import "time"

// silenceStderr does nothing where file descriptors cannot be redirected;
// the runtime's "cannot set cpu profile rate" message then shows.
func silenceStderr() (restore func()) { return func() {} }

// processCPUTime is not available on this platform.
func processCPUTime() (time.Duration, bool) { return 0, false }
