//go:build linux

package cmd

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	scriptCmds["interrupt"] = scriptInterrupt
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

// scriptInterrupt is the journeys' "interrupt SIGNAL CODE PROG ARGS...":
// it runs PROG in the script's directory, waits until the process has used
// half a CPU-second (long past installing its signal handler, in the
// middle of its work), sends SIGNAL (INT or TERM), and requires exit code
// CODE. What the process printed is left in the files int.stdout and
// int.stderr for grep.
func scriptInterrupt(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: interrupt INT|TERM CODE PROG ARGS...")
	}
	sig := map[string]syscall.Signal{"INT": syscall.SIGINT, "TERM": syscall.SIGTERM}[args[0]]
	if sig == 0 {
		ts.Fatalf("unknown signal %s", args[0])
	}
	want, err := strconv.Atoi(args[1])
	ts.Check(err)
	c := exec.Command(lookPath(ts.Getenv("PATH"), args[2]), args[3:]...)
	c.Dir = ts.Getenv("WORK")
	c.Env = os.Environ()
	for _, k := range []string{"PATH", "HOME", "TMPDIR", "LLMBENCH_ROOT", "WORK"} {
		c.Env = append(c.Env, k+"="+ts.Getenv(k))
	}
	stdout, err := os.Create(ts.MkAbs("int.stdout"))
	ts.Check(err)
	defer stdout.Close()
	stderr, err := os.Create(ts.MkAbs("int.stderr"))
	ts.Check(err)
	defer stderr.Close()
	c.Stdout, c.Stderr = stdout, stderr
	ts.Check(c.Start())
	for {
		if ticks, ok := cpuTicks(c.Process.Pid); !ok || ticks >= 50 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := c.Process.Signal(sig); err != nil {
		ts.Fatalf("the run ended before the signal: %v", err)
	}
	_ = c.Wait()
	if code := c.ProcessState.ExitCode(); code != want {
		errText, _ := os.ReadFile(ts.MkAbs("int.stderr"))
		ts.Fatalf("exit code %d, want %d; stderr %q", code, want, errText)
	}
}

// lookPath finds prog in the directories of path (the script's PATH, which
// holds the llmbench command testscript provides).
func lookPath(path, prog string) string {
	for _, dir := range strings.Split(path, ":") {
		p := dir + "/" + prog
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	return prog
}
