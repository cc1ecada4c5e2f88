package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReportBadInput checks that every input report refuses exits 2 with
// one line, "llmbench report: <what> (<file>)" naming the file once and
// no Go type, and prints nothing on stdout.
func TestReportBadInput(t *testing.T) {
	fixtures := "../pkg/report/testdata/"
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good, err := os.ReadFile(fixtures + "bench.json")
	if err != nil {
		t.Fatal(err)
	}
	other := write("other.json", `{"hello": 1}`)
	truncated := write("truncated.json", string(good[:len(good)*2/3]))
	seed := write("seed.json", strings.Replace(string(good), `"name": "default"`, `"name": "seed"`, 1))
	huge := write("huge.json", `{"schema": "llmbench.bench/v2", "variants": [{"name": "a", "samples_ns_per_op": [1e400]}]}`)
	wrongType := write("wrongtype.json", `{"schema": "llmbench.bench/v2", "variants": "a"}`)
	badConfig := write("badconfig.json", `{"schema": "llmbench.bench/v2", "variants": [{"name": "a", "samples_ns_per_op": [1]}]}`)
	tooDeep := write("deep.json", `{"schema": "llmbench.bench/v2", "x": `+strings.Repeat("[", 2000)+strings.Repeat("]", 2000)+`}`)
	tests := []struct {
		args []string
		file string
	}{
		{[]string{other}, other},
		{[]string{truncated}, truncated},
		{[]string{fixtures + "bench.json", seed}, seed},
		{[]string{fixtures + "profile.json", "--format", "gobench"}, fixtures + "profile.json"},
		{[]string{fixtures + "bench.json", fixtures + "profile.json"}, fixtures + "profile.json"},
		{[]string{filepath.Join(dir, "missing.json")}, filepath.Join(dir, "missing.json")},
		{[]string{huge}, huge},
		{[]string{wrongType}, wrongType},
		{[]string{badConfig}, badConfig},
		{[]string{tooDeep}, tooDeep},
		{[]string{dir}, dir},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		code := Main(append([]string{"report"}, tt.args...), &out, &errOut, nil)
		msg := errOut.String()
		if code != ExitUsage || out.Len() > 0 || strings.Count(msg, "\n") != 1 || strings.Count(msg, tt.file) != 1 ||
			strings.Contains(msg, "Go ") || strings.Contains(msg, "float64") ||
			!strings.HasPrefix(msg, "llmbench report: ") || !regexp.MustCompile(`\(`+regexp.QuoteMeta(tt.file)+`(:\d+:\d+)?\)\n$`).MatchString(msg) {
			t.Errorf("report %q: exit %d, stdout %d bytes, stderr %q; want 2, nothing, one line naming %s", tt.args, code, out.Len(), msg, tt.file)
		}
	}
}

func TestReportOut(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.html")
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"report", "../pkg/report/testdata/profile.json", "--format", "html", "--out", out}, &stdout, &stderr, nil); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if stdout.Len() > 0 || !bytes.HasPrefix(data, []byte("<!DOCTYPE html>")) {
		t.Errorf("stdout %q, file starts %q; want the page in the file only", stdout.String(), data[:min(len(data), 20)])
	}
}
