package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/llmbench/llmbench/pkg/completion"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type pflagFlag = pflag.Flag

func newTestRoot() (*cobra.Command, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	app := &appContext{stdout: &out, stderr: &errOut, isTerminal: func() bool { return false }}
	root := newRootCmd(app)
	root.SetOut(&out)
	root.SetErr(&errOut)
	return root, &out, &errOut
}

// TestFlags walks every command: each has a short description, each flag a
// usage text, and --help works.
func TestFlags(t *testing.T) {
	root, _, _ := newTestRoot()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Short == "" {
			t.Errorf("command %q has no short description", c.CommandPath())
		}
		c.Flags().VisitAll(func(f *pflagFlag) {
			if f.Usage == "" {
				t.Errorf("%s --%s has no usage text", c.CommandPath(), f.Name)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for _, name := range []string{"bench", "profile", "regress", "inspect", "report"} {
		if c, _, err := root.Find([]string{name}); err != nil || c.Name() != name {
			t.Errorf("root has no %q command", name)
		}
	}
}

// TestHelpExamples checks that every example in the commands' help parses:
// the command exists and its flags are accepted.
func TestHelpExamples(t *testing.T) {
	root, _, _ := newTestRoot()
	n := 0
	for _, c := range root.Commands() {
		for _, line := range strings.Split(c.Example, "\n") {
			line = strings.TrimSpace(line)
			if i := strings.Index(line, "llmbench "); i >= 0 {
				line = line[i+len("llmbench "):]
			} else {
				continue
			}
			if i := strings.IndexAny(line, "|>"); i >= 0 {
				line = line[:i]
			}
			args := splitArgs(line)
			sub, rest, err := root.Find(args)
			if err != nil {
				t.Errorf("example %q: %v", line, err)
				continue
			}
			if err := sub.ParseFlags(rest); err != nil {
				t.Errorf("example %q: %v", line, err)
			}
			n++
			sub.Flags().VisitAll(func(f *pflagFlag) { f.Changed = false })
		}
	}
	if n < 4 {
		t.Errorf("found %d help examples, want at least one per command", n)
	}
}

// splitArgs splits a command line on spaces, keeping single-quoted parts.
func splitArgs(s string) []string {
	var out []string
	var cur strings.Builder
	quoted, have := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			quoted = !quoted
			have = true
		case r == ' ' && !quoted:
			if have {
				out = append(out, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteRune(r)
			have = true
		}
	}
	if have {
		out = append(out, cur.String())
	}
	return out
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"--help"}, ExitOK},
		{[]string{"nosuchcommand"}, ExitUsage},
		{[]string{"inspect", "--nosuchflag"}, ExitUsage},
		{[]string{"inspect", "--model", "gpt-4o", "--variant", "nosuch"}, ExitUsage},
		{[]string{"inspect", "--model", "gpt-4o", "--params", "{bad"}, ExitUsage},
		{[]string{"inspect", "--request", "/nonexistent/request.json"}, ExitUsage},
		{[]string{"inspect", "--model", "gpt-4o", "--params", `{"temperature":0.2}`}, ExitOK},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		got := Main(tt.args, &out, &errOut, nil)
		if got != tt.want {
			t.Errorf("Main(%q) = %d, want %d (stderr %q)", tt.args, got, tt.want, errOut.String())
		}
		if got == ExitUsage && (errOut.Len() == 0 || strings.Count(strings.TrimSpace(errOut.String()), "\n") > 0) {
			t.Errorf("Main(%q): want a one-line message on stderr, got %q", tt.args, errOut.String())
		}
	}
}

// TestExitCodeTable: every kind of outcome maps to its code of the one
// table, with one line on stderr, and a panic or an unexpected error is an
// internal error (3), never bad input (2); the stack shows only with
// LLMBENCH_DEBUG=1.
func TestExitCodeTable(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name   string
		ctx    context.Context
		run    func() error
		want   int
		stderr string // the one line
	}{
		{"ok", context.Background(), func() error { return nil }, ExitOK, ""},
		{"check failed", context.Background(), func() error { return ErrCheckFailed }, ExitFailed, ""},
		{"bad input", context.Background(), func() error { return flagErrorf("--x 3", "must be even") }, ExitUsage,
			"llmbench probe: must be even (--x 3)"},
		{"interrupted", canceled, func() error { return interrupted("after 3 of 4 batches") }, ExitInterrupted,
			"llmbench probe: interrupted after 3 of 4 batches"},
		{"canceled by the signal", canceled, func() error { return fmt.Errorf("stage x: %w", context.Canceled) }, ExitInterrupted,
			"llmbench probe: interrupted"},
		{"internal error", context.Background(), func() error { return errors.New("index out of step") }, ExitInternal,
			"llmbench: internal error: index out of step" + debugHint},
		{"panic", context.Background(), func() error { panic("boom") }, ExitInternal,
			"llmbench: internal error: panic: boom" + debugHint},
		{"panic on a worker", context.Background(), func() error {
			return fmt.Errorf("variant x: %w", completion.Recovered("worker boom"))
		}, ExitInternal, "llmbench: internal error: variant x: panic: worker boom" + debugHint},
	}
	for _, tt := range tests {
		for _, debugOn := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/debug=%v", tt.name, debugOn), func(t *testing.T) {
				if debugOn {
					t.Setenv("LLMBENCH_DEBUG", "1")
				} else {
					t.Setenv("LLMBENCH_DEBUG", "")
				}
				var out, errOut bytes.Buffer
				app := &appContext{stdout: &out, stderr: &errOut, isTerminal: func() bool { return false }}
				root := newRootCmd(app)
				root.AddCommand(&cobra.Command{Use: "probe", Short: "test", RunE: func(*cobra.Command, []string) error { return tt.run() }})
				got := runRoot(tt.ctx, root, []string{"probe"}, &stickyWriter{w: &out}, &errOut)
				if got != tt.want {
					t.Fatalf("exit %d, want %d (stderr %q)", got, tt.want, errOut.String())
				}
				lines := strings.SplitN(errOut.String(), "\n", 2)
				if lines[0] != tt.stderr {
					t.Errorf("stderr line = %q, want %q", lines[0], tt.stderr)
				}
				stack := strings.Contains(errOut.String(), "goroutine ")
				if want := debugOn && tt.want == ExitInternal; stack != want {
					t.Errorf("stack printed = %v, want %v:\n%s", stack, want, errOut.String())
				}
				if !stack && strings.Count(errOut.String(), "\n") > 1 {
					t.Errorf("more than one line on stderr:\n%s", errOut.String())
				}
			})
		}
	}
}

// failingWriter fails every write, like a full disk.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// TestOutputLost: output that cannot be written (a full disk, a closed
// pipe) fails the command with exit 2, even where a writer's error is not
// checked.
func TestOutputLost(t *testing.T) {
	for _, args := range [][]string{
		{"inspect", "--model", "gpt-4o"},
		{"--version"},
	} {
		var errOut bytes.Buffer
		code := execute(context.Background(), args, failingWriter{}, &errOut, nil, false)
		if code != ExitUsage || !strings.Contains(errOut.String(), "no space left on device (stdout)") {
			t.Errorf("%q to a full disk: exit %d, stderr %q; want 2 and the write error", args, code, errOut.String())
		}
	}
}

// TestEnumCompletion: every flag that takes one of a fixed set of values
// completes them in the shell (cobra's __complete, which the generated
// completion scripts call).
func TestEnumCompletion(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"bench", "--format", ""}, []string{"table", "markdown", "json", "csv", "gobench"}},
		{[]string{"profile", "--format", ""}, []string{"table", "markdown", "json"}},
		{[]string{"regress", "--format", ""}, []string{"table", "json", "junit"}},
		{[]string{"report", "x.json", "--format", ""}, []string{"table", "bmf"}},
		{[]string{"bench", "--variants", "baseline,"}, []string{"baseline,summary", "baseline,optimized"}},
		{[]string{"inspect", "--stage", ""}, []string{"completion", "get_optional_params", "map_openai_params"}},
		{[]string{"inspect", "--variant", ""}, []string{"baseline", "optimized"}},
		{[]string{"bench", "--workload", ""}, []string{"default", "seed"}},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		code := execute(context.Background(), append([]string{"__complete"}, tt.args...), &out, &errOut, nil, false)
		got := strings.Split(out.String(), "\n")
		for _, w := range tt.want {
			if !contains(got, w) {
				t.Errorf("completion of %q = %q (exit %d), want %q among them", tt.args, got, code, w)
			}
		}
	}
}

// TestHelpStatesExitCodes: every command's help carries the one exit-code
// table.
func TestHelpStatesExitCodes(t *testing.T) {
	root, _, _ := newTestRoot()
	for _, c := range append(root.Commands(), root) {
		if c.Hidden || c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		if !strings.Contains(c.Long, exitCodesHelp) {
			t.Errorf("%s --help does not state the exit codes", c.CommandPath())
		}
	}
}

// TestQuickCommandsInterrupted: report and inspect, which finish in
// milliseconds, interrupted before they print their result print nothing,
// write no --out file, say so in one line and exit 130, like the long
// commands.
func TestQuickCommandsInterrupted(t *testing.T) {
	out := t.TempDir() + "/r.json"
	for _, args := range [][]string{
		{"report", "../pkg/report/testdata/bench.json", "--out", out},
		{"report", "../pkg/report/testdata/regress.json", "--format", "junit"},
		{"inspect", "--model", "gpt-4o", "--stage", "get_optional_params"},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var stdout, stderr bytes.Buffer
		code := execute(ctx, args, &stdout, &stderr, nil, false)
		msg := stderr.String()
		if code != ExitInterrupted || stdout.Len() > 0 || strings.Count(msg, "\n") != 1 ||
			!strings.HasPrefix(msg, "llmbench "+args[0]+": interrupted") {
			t.Errorf("%q interrupted: exit %d, stdout %q, stderr %q; want 130, nothing, one line", args, code, stdout.String(), msg)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("an interrupted report wrote %s", out)
	}
}

// TestEmptyFlagValue: a flag given an empty value, as a script's unset
// variable gives it, is refused, not taken for the default.
func TestEmptyFlagValue(t *testing.T) {
	for _, args := range [][]string{
		{"bench", "--out", ""},
		{"bench", "--workload="},
		{"regress", "--cases", ""},
		{"regress", "--known", ""},
		{"regress", "--against", ""},
		{"regress", "--target", "baseline", "--target", ""},
		{"profile", "--claims", ""},
		{"report", "x.json", "--out", ""},
		{"inspect", "--request", ""},
	} {
		var stdout, stderr bytes.Buffer
		code := execute(context.Background(), args, &stdout, &stderr, nil, false)
		flag := strings.SplitN(args[len(args)-2], "=", 2)[0]
		if strings.HasSuffix(args[len(args)-1], "=") {
			flag = strings.TrimSuffix(args[len(args)-1], "=")
		}
		want := "llmbench " + args[0] + ": needs a value, got an empty one (" + flag + ")\n"
		if code != ExitUsage || stderr.String() != want {
			t.Errorf("%q: exit %d, stderr %q; want 2, %q", args, code, stderr.String(), want)
		}
	}
	// inspect's request fields take "" as LiteLLM takes a falsy value.
	var stdout, stderr bytes.Buffer
	if code := execute(context.Background(), []string{"inspect", "--model", "gpt-4o", "--api-base", ""}, &stdout, &stderr, nil, false); code != ExitOK {
		t.Errorf("inspect --api-base '': exit %d, stderr %q", code, stderr.String())
	}
}
