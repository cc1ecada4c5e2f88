//go:build unix

package cmd

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// smallBench are the flags of a bench run that takes a fraction of a second.
var smallBench = []string{"bench", "--requests", "200", "--batches", "2", "--count", "1", "--warmup", "10", "--quiet"}

// TestBenchOut runs bench --out onto each kind of path DESIGN names, made
// in a temporary directory (as root in CI, where nothing stops a write):
// only a regular file is written (through a symlink), a device, FIFO or
// directory is refused with exit 2 before any work and left as it was, a
// file the run reads is never replaced, and "-" is stdout.
func TestBenchOut(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	workload := `{"name":"w","requests":[{"weight":1,"model":"gpt-4o","mock_response":"hi"}]}`
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile("w.json", []byte(workload), 0o644))
	must(os.WriteFile("target.json", []byte("{}"), 0o644))
	must(os.Symlink("target.json", "link.json"))
	must(os.Symlink("w.json", "link-to-workload.json"))
	must(os.Mkdir("adir", 0o755))
	must(syscall.Mkfifo("fifo", 0o644))
	haveDev := syscall.Mknod("chardev", syscall.S_IFCHR|0o666, int(devNullRdev())) == nil
	if !haveDev {
		t.Log("mknod is not permitted here: the character device case is skipped")
	}

	tests := []struct {
		name    string
		out     string
		extra   []string
		want    int
		stderr  string // the one line, for refusals
		written string // the file that must hold the result, for successes
	}{
		{"new file", "new.json", nil, ExitOK, "", "new.json"},
		{"symlink written through", "link.json", nil, ExitOK, "", "target.json"},
		{"stdout", "-", nil, ExitOK, "", ""},
		{"the workload file", "w.json", []string{"--workload", "w.json"}, ExitUsage,
			"llmbench bench: will not replace the --workload file w.json: a file this run reads (--out w.json)", ""},
		{"a symlink to the workload", "link-to-workload.json", []string{"--workload", "w.json"}, ExitUsage,
			"llmbench bench: will not replace the --workload file w.json: a file this run reads (--out link-to-workload.json)", ""},
		{"a directory", "adir", nil, ExitUsage,
			"llmbench bench: will not replace a directory: not a regular file; --out - writes to stdout (--out adir)", ""},
		{"a FIFO", "fifo", nil, ExitUsage,
			"llmbench bench: will not replace a FIFO: not a regular file; --out - writes to stdout (--out fifo)", ""},
		{"a character device", "chardev", nil, ExitUsage,
			"llmbench bench: will not replace a character device: not a regular file; --out - writes to stdout (--out chardev)", ""},
		{"/dev/full", "/dev/full", nil, ExitUsage,
			"llmbench bench: will not replace a character device: not a regular file; --out - writes to stdout (--out /dev/full)", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "a character device" && !haveDev {
				t.Skip("mknod is not permitted here")
			}
			before, _ := os.Lstat(tt.out)
			var stdout, stderr bytes.Buffer
			args := append(append(append([]string(nil), smallBench...), "--out", tt.out), tt.extra...)
			code := execute(context.Background(), args, &stdout, &stderr, nil, false)
			if code != tt.want {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.want, stderr.String())
			}
			if tt.want != ExitOK {
				if got := strings.TrimSuffix(stderr.String(), "\n"); got != tt.stderr {
					t.Errorf("stderr = %q, want %q", got, tt.stderr)
				}
				if stdout.Len() > 0 {
					t.Errorf("a refused --out printed results: the run started before the refusal")
				}
				after, err := os.Lstat(tt.out)
				if err != nil || after.Mode() != before.Mode() {
					t.Errorf("%s changed: %v -> %v (%v)", tt.out, before.Mode(), after.Mode(), err)
				}
				return
			}
			if tt.out == "-" {
				if !strings.HasPrefix(stdout.String(), "{") || !strings.Contains(stdout.String(), `"schema"`) {
					t.Errorf("--out - printed %.80q, want the JSON result", stdout.String())
				}
				if _, err := os.Lstat("-"); err == nil {
					t.Error(`--out - created a file named "-"`)
				}
				return
			}
			data, err := os.ReadFile(tt.written)
			if err != nil || !bytes.Contains(data, []byte(`"schema"`)) {
				t.Errorf("%s does not hold the result (%v)", tt.written, err)
			}
			fi, _ := os.Lstat(tt.out)
			if before != nil && before.Mode()&fs.ModeSymlink != 0 && fi.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("the symlink %s was replaced by a file", tt.out)
			}
		})
	}
	if data, _ := os.ReadFile("w.json"); string(data) != workload {
		t.Errorf("the workload file was changed: %q", data)
	}
	entries, _ := os.ReadDir(".")
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestBenchOutDevStdout: --out /dev/stdout, with stdout a pipe, is refused
// and /dev/stdout stays what it was (it was replaced by a regular file,
// as root). It runs the real binary, whose stdout the test owns.
func TestBenchOutDevStdout(t *testing.T) {
	before, err := os.Lstat("/dev/stdout")
	if err != nil {
		t.Skip("no /dev/stdout here")
	}
	c := exec.Command("llmbench", append(append([]string(nil), smallBench...), "--out", "/dev/stdout")...)
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr // pipes
	err = c.Run()
	if code := c.ProcessState.ExitCode(); code != ExitUsage {
		t.Fatalf("exit %d (%v), want 2; stderr %q", code, err, stderr.String())
	}
	if want := "llmbench bench: will not replace a FIFO: not a regular file; --out - writes to stdout (--out /dev/stdout)\n"; stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
	if after, err := os.Lstat("/dev/stdout"); err != nil || after.Mode() != before.Mode() {
		t.Errorf("/dev/stdout changed: %v -> %v (%v)", before.Mode(), after.Mode(), err)
	}
}

func devNullRdev() uint64 {
	var st syscall.Stat_t
	if err := syscall.Stat("/dev/null", &st); err != nil {
		return 0x103
	}
	return uint64(st.Rdev)
}
