//go:build unix

package driver

import (
	"os/exec"
	"syscall"
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
