//go:build unix

package driver

import (
	"os/exec"
	"syscall"
	"time"
)

// setProcessGroup starts the driver in a process group of its own, so that
// killing it also kills what it started (a shell's children, say), and a
// terminal's Ctrl-C reaches llmbench, which then ends the driver itself.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killGroup kills the driver's process group.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	_ = cmd.Process.Kill()
}

// ProcessGroup makes cmd start in a process group of its own and, when its
// context is done, kill the whole group (a build's compilers, a shell's
// children) instead of only cmd's process, waiting at most a second more
// for its output pipes.
func ProcessGroup(cmd *exec.Cmd) {
	setProcessGroup(cmd)
	cmd.Cancel = func() error {
		killGroup(cmd)
		return nil
	}
	cmd.WaitDelay = time.Second
}
