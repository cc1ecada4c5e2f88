package cmd

import (
	"bytes"
	"strings"
	"testing"

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
