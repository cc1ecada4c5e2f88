//go:build linux

package cmd

import (
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	scriptCmds["mkfifo"] = func(ts *testscript.TestScript, neg bool, args []string) {
		ts.Check(syscall.Mkfifo(ts.MkAbs(args[0]), 0o644))
	}
	scriptCmds["newfilemode"] = func(ts *testscript.TestScript, neg bool, args []string) {
		fi, err := os.Stat(ts.MkAbs(args[0]))
		ts.Check(err)
		mask := umask(ts)
		if got, want := fi.Mode().Perm(), os.FileMode(0o666)&^mask; got != want {
			ts.Fatalf("%s has mode %o, want %o (0666 less the umask %03o)", args[0], got, want, mask)
		}
	}
}

// umask reads the process's umask without changing it (which would race
// with the scripts running beside).
func umask(ts *testscript.TestScript) os.FileMode {
	data, err := os.ReadFile("/proc/self/status")
	ts.Check(err)
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "Umask:"); ok {
			m, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32)
			ts.Check(err)
			return os.FileMode(m)
		}
	}
	ts.Fatalf("no Umask in /proc/self/status")
	return 0
}
