package cmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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

// TestBenchInterrupted: a canceled run still prints what finished (here:
// nothing ran, so the tables are empty), marked INTERRUPTED in every format,
// writes no result file and exits 130.
func TestBenchInterrupted(t *testing.T) {
	for _, format := range []string{"table", "markdown", "json", "csv", "gobench"} {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "r.json")
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var stdout, stderr bytes.Buffer
			code := execute(ctx, []string{"bench", "--requests", "600", "--batches", "6", "--format", format, "--out", out}, &stdout, &stderr, nil, false)
			if code != ExitInterrupted {
				t.Fatalf("exit %d, want %d; stderr %q", code, ExitInterrupted, stderr.String())
			}
			if marker := map[string]string{"json": `"interrupted": true`}[format]; !strings.Contains(stdout.String(), "INTERRUPTED") &&
				(marker == "" || !strings.Contains(stdout.String(), marker)) {
				t.Errorf("stdout lacks the interrupted mark:\n%s", stdout.String())
			}
			if strings.Contains(stdout.String(), "TOO HIGH") {
				t.Errorf("an unmeasured overhead is judged:\n%s", stdout.String())
			}
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			last := lines[len(lines)-1]
			if want := "llmbench bench: interrupted after 0 of "; !strings.HasPrefix(last, want) ||
				!strings.HasSuffix(last, "the result was not written (--out "+out+")") {
				t.Errorf("stderr ends %q, want %q... naming the unwritten --out", last, want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written", out)
			}
		})
	}
}
