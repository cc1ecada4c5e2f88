//go:build !unix

package driver

import (
	"os/exec"
	"time"
)

func setProcessGroup(*exec.Cmd) {}

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}

// ProcessGroup waits at most a second for cmd's output pipes after its
// context is done.
func ProcessGroup(cmd *exec.Cmd) {
	cmd.WaitDelay = time.Second
}
