//go:build linux

package cmd

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/llmbench/llmbench/internal/syncbuf"
)

// cpuTicks reads the CPU time a process has used, in clock ticks
// (utime + stime of /proc/PID/stat).
func cpuTicks(pid int) (int, bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:]) // fields after "(comm) "
	if len(f) < 13 {
		return 0, false
	}
	u, _ := strconv.Atoi(f[11])
	k, _ := strconv.Atoi(f[12])
	return u + k, true
}

// interrupt starts the llmbench binary with args, waits until it is busy
// with the work (half a CPU-second used: long past installing its signal
// handler), sends sig, and returns its exit code, stdout and stderr.
func interrupt(t *testing.T, sig syscall.Signal, args ...string) (int, string, string) {
	t.Helper()
	root, _ := filepath.Abs("..")
	c := exec.Command("llmbench", args...)
	c.Env = append(os.Environ(), "LLMBENCH_ROOT="+root)
	c.Dir = t.TempDir()
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	for {
		ticks, ok := cpuTicks(c.Process.Pid)
		if !ok || ticks >= 50 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := c.Process.Signal(sig); err != nil {
		t.Fatalf("the run ended before the signal: %v; stderr %q", err, stderr.String())
	}
	_ = c.Wait()
	return c.ProcessState.ExitCode(), stdout.String(), stderr.String()
}

// TestInterrupts sends SIGINT to regress in the middle of its work: the
// JUnit it prints stays a valid document, ending with the interrupted
// suite. The journeys testdata/script/interrupt_*.txtar interrupt every
// command in every format.
func TestInterrupts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs llmbench processes for several CPU-seconds each")
	}
	t.Run("regress junit", func(t *testing.T) {
		code, stdout, stderr := interrupt(t, syscall.SIGINT, "regress", "--fuzz", "5000000", "--format", "junit")
		if code != ExitInterrupted {
			t.Fatalf("exit %d, want 130; stderr %q", code, stderr)
		}
		var doc struct {
			XMLName xml.Name `xml:"testsuites"`
			Suites  []struct {
				Name string `xml:"name,attr"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatalf("interrupted JUnit is not a valid document: %v\n%s", err, stdout)
		}
		if last := doc.Suites[len(doc.Suites)-1].Name; last != "interrupted" {
			t.Errorf("last suite %q, want the interrupted marker", last)
		}
		if !strings.Contains(stderr, "llmbench regress: interrupted after ") {
			t.Errorf("stderr %q, want the interruption", stderr)
		}
	})
}

// TestInterruptAgainst: Ctrl-C while --against builds the other revision,
// and while both builds run as drivers, exits 130 and leaves nothing
// behind: no temporary worktree, binary or directory, no driver process.
func TestInterruptAgainst(t *testing.T) {
	if testing.Short() {
		t.Skip("builds llmbench")
	}
	root, _ := filepath.Abs("..")
	cases := filepath.Join(root, "pkg", "regress", "testdata", "pr13993.jsonl")
	for _, tt := range []struct {
		name string
		wait func(tmp string, stderr *syncbuf.Buffer) bool // true when it is time to interrupt
	}{
		{"while building", func(tmp string, _ *syncbuf.Buffer) bool {
			m, _ := filepath.Glob(filepath.Join(tmp, "llmbench-rev-*", "src"))
			return len(m) > 0
		}},
		{"while measuring", func(_ string, stderr *syncbuf.Buffer) bool {
			return strings.Contains(stderr.String(), "cases: ")
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			c := exec.Command("llmbench", "regress", "--against", "HEAD", "--cases", cases, "--fuzz", "0")
			c.Env = append(os.Environ(), "LLMBENCH_ROOT="+root, "TMPDIR="+tmp)
			c.Dir = root
			var stdout bytes.Buffer
			var stderr syncbuf.Buffer
			c.Stdout, c.Stderr = &stdout, &stderr
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(3 * time.Minute)
			for !tt.wait(tmp, &stderr) {
				if time.Now().After(deadline) {
					c.Process.Kill()
					t.Fatalf("never got there; stderr %q", stderr.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			time.Sleep(200 * time.Millisecond)
			if err := c.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatalf("the run ended before the signal: %v; stderr %q", err, stderr.String())
			}
			_ = c.Wait()
			if code := c.ProcessState.ExitCode(); code != ExitInterrupted {
				t.Errorf("exit %d, want 130; stderr %q", code, stderr.String())
			}
			if es, _ := os.ReadDir(tmp); len(es) > 0 {
				t.Errorf("left behind in TMPDIR: %v", es)
			}
			out, err := exec.Command("git", "-C", root, "worktree", "list").Output()
			if err != nil || strings.Contains(string(out), tmp) {
				t.Errorf("a worktree in %s is still registered: %s", tmp, out)
			}
			procs, _ := filepath.Glob("/proc/[0-9]*/exe")
			for _, p := range procs {
				if exe, err := os.Readlink(p); err == nil && strings.HasPrefix(exe, tmp) {
					t.Errorf("process %s still runs %s", filepath.Dir(p), exe)
				}
			}
		})
	}
}
