package cmd

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runWithTerminal runs llmbench with args as if stderr were a terminal.
func runWithTerminal(t *testing.T, terminal bool, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	app := &appContext{stdout: &out, stderr: &errb, isTerminal: func() bool { return terminal }}
	root := newRootCmd(app)
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errb)
	err = root.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

func TestBenchProgress(t *testing.T) {
	args := []string{"bench", "--requests", "600", "--batches", "6", "--count", "1", "--format", "json"}
	tests := []struct {
		name     string
		terminal bool
		extra    []string
		want     bool
	}{
		{"terminal", true, nil, true},
		{"terminal quiet", true, []string{"--quiet"}, false},
		{"not a terminal", false, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, err := runWithTerminal(t, tt.terminal, append(args, tt.extra...)...)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(stderr, "bench"); got != tt.want {
				t.Errorf("progress bar on stderr = %v, want %v; stderr:\n%q", got, tt.want, stderr)
			}
			if strings.Contains(stdout, "\r") || !strings.HasPrefix(stdout, "{") {
				t.Errorf("stdout is not clean JSON: %q", stdout[:min(len(stdout), 80)])
			}
		})
	}
}

func TestBenchInterrupted(t *testing.T) {
	// A canceled context still prints what finished (here: nothing ran, so
	// the tables are empty) and exits through ErrCheckFailed, not a usage
	// error.
	var out, errb bytes.Buffer
	app := &appContext{stdout: &out, stderr: &errb, isTerminal: func() bool { return false }}
	root := newRootCmd(app)
	root.SetArgs([]string{"bench", "--requests", "600", "--batches", "6", "--out", t.TempDir() + "/r.json"})
	root.SetOut(&out)
	root.SetErr(&errb)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := root.ExecuteContext(ctx)
	if err != ErrCheckFailed {
		t.Fatalf("err = %v, want ErrCheckFailed", err)
	}
	if !strings.Contains(out.String(), "INTERRUPTED") {
		t.Errorf("stdout lacks the interrupted note:\n%s", out.String())
	}
	if !strings.Contains(errb.String(), "r.json not written") {
		t.Errorf("stderr = %q, want the --out file reported as not written", errb.String())
	}
}
