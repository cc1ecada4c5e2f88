package litellm

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	prof "github.com/llmbench/llmbench/pkg/profile"
)

// bundle returns the LiteLLM bundle: the parent of $LLMBENCH_LITELLM_HOME
// (set by the bundle's env.sh), else ../shared/litellm next to the
// repository (as in CI). It skips the test when there is none.
func bundle(t testing.TB) string {
	t.Helper()
	if h := os.Getenv("LLMBENCH_LITELLM_HOME"); h != "" {
		if _, err := os.Stat(filepath.Join(h, "src", "litellm", "main.py")); err == nil {
			return filepath.Dir(h)
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the test's directory")
		}
		dir = parent
	}
	b := filepath.Join(filepath.Dir(dir), "shared", "litellm")
	if _, err := os.Stat(filepath.Join(b, "1.80.5", "src", "litellm", "main.py")); err != nil {
		t.Skipf("no LiteLLM bundle at %s: skipping the tests against real LiteLLM", b)
	}
	return b
}

// fixtureStacks reads stacks recorded from the bundle by the driver, with
// $TREE standing for the bundle's src folder.
func fixtureStacks(t *testing.T, name, tree string) ([]prof.Stack, time.Duration) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		PeriodNs int64 `json:"period_ns"`
		Stacks   []struct {
			Frames []struct {
				Function string `json:"function"`
				File     string `json:"file"`
				Line     int64  `json:"line"`
			} `json:"frames"`
			Count int64 `json:"count"`
		} `json:"stacks"`
	}
	if err := json.NewDecoder(zr).Decode(&fx); err != nil {
		t.Fatal(err)
	}
	var out []prof.Stack
	for _, s := range fx.Stacks {
		st := prof.Stack{Count: s.Count}
		for _, f := range s.Frames {
			st.Frames = append(st.Frames, prof.Frame{Function: f.Function, File: strings.Replace(f.File, "$TREE", tree, 1), Line: f.Line})
		}
		out = append(out, st)
	}
	return out, time.Duration(fx.PeriodNs)
}
