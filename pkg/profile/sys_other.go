//go:build !unix

package profile

// silenceStderr does nothing where file descriptors cannot be redirected;
// the runtime's "cannot set cpu profile rate" message then shows.
func silenceStderr() (restore func()) { return func() {} }
