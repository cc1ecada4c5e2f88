package litellm

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/llmbench/llmbench/pkg/cases"
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/driver"
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
func fixtureStacks(t *testing.T, name, tree string) ([]driver.Stack, time.Duration) {
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
	var out []driver.Stack
	for _, s := range fx.Stacks {
		st := driver.Stack{Count: s.Count}
		for _, f := range s.Frames {
			st.Frames = append(st.Frames, driver.Frame{Function: f.Function, File: strings.Replace(f.File, "$TREE", tree, 1), Line: f.Line})
		}
		out = append(out, st)
	}
	return out, time.Duration(fx.PeriodNs)
}

// bundleEnv is the environment the bundle's env.sh sets up (PYTHONPATH,
// LLMBENCH_PYTHON, the cost map inside the package, ...).
func bundleEnv(t testing.TB, b string) []string {
	t.Helper()
	out, err := exec.Command("bash", "-c", `. "$0" >/dev/null && env -0`, filepath.Join(b, "env.sh")).Output()
	if err != nil {
		t.Skipf("the bundle's env.sh fails here: %v", err)
	}
	var env []string
	for _, kv := range strings.Split(string(out), "\x00") {
		if kv != "" {
			env = append(env, kv)
		}
	}
	return env
}

func getenvIn(env []string) func(string) string {
	return func(k string) string {
		for i := len(env) - 1; i >= 0; i-- {
			if v, ok := strings.CutPrefix(env[i], k+"="); ok {
				return v
			}
		}
		return ""
	}
}

// startBundle starts the driver on the bundle's LiteLLM (tree "" for the
// installed one, i.e. the bundle's PYTHONPATH).
func startBundle(t *testing.T, tree string) *driver.Client {
	t.Helper()
	b := bundle(t)
	env := bundleEnv(t, b)
	l, err := Prepare(context.Background(), tree, t.TempDir(), LaunchOptions{Env: env, Getenv: getenvIn(env)})
	if err != nil {
		t.Fatal(err)
	}
	c, err := driver.Start(context.Background(), l.Argv, driver.Options{Env: l.Env, HandshakeTimeout: HandshakeTimeout, Stderr: os.Stderr})
	if err != nil {
		t.Fatal(HelloError("litellm", err))
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestBundleConformance runs every shared conformance case on the bundle's
// LiteLLM through the driver and checks the raw outputs with pkg/cases.
func TestBundleConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("imports LiteLLM (seconds) and runs every conformance case")
	}
	b := bundle(t)
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(b), "conformance", "*.jsonl"))
	if len(files) == 0 {
		t.Skip("no shared conformance files")
	}
	c := startBundle(t, "")
	if v := c.Hello().Version; v != PinnedVersion {
		t.Errorf("bundle's LiteLLM is %s, want %s", v, PinnedVersion)
	}
	for _, f := range files {
		cs, err := cases.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		raw := make([]json.RawMessage, len(cs))
		for i, k := range cs {
			raw[i] = k.JSON
		}
		res, err := c.Cases(context.Background(), "litellm", raw)
		if err != nil {
			t.Fatal(err)
		}
		failed := 0
		for i, k := range cs {
			v, err := completion.DecodeValue(res[i])
			if err != nil {
				t.Fatalf("%s: result %d: %v", f, i, err)
			}
			got, _ := v.(completion.Object)
			if o := cases.Check(k, got); !o.Pass {
				failed++
				if failed <= 5 {
					t.Errorf("%s: %s:\n%s", filepath.Base(f), k.ID, o.Diff())
				}
			}
		}
		t.Logf("%s: %d of %d pass on LiteLLM", filepath.Base(f), len(cs)-failed, len(cs))
	}
}

// TestBundlePatchedTrees: the driver runs source trees made from the bundle
// and its patches, and their outputs tell the patches apart: PR #13993's
// reordering changes what get_optional_params returns for watsonx's top_k
// and Vertex AI's PaLM models, the summary's fixes change nothing.
func TestBundlePatchedTrees(t *testing.T) {
	if testing.Short() {
		t.Skip("copies LiteLLM's tree twice and imports it three times")
	}
	b := bundle(t)
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("no patch command")
	}
	src := filepath.Join(b, "1.80.5", "src")
	tree := func(name string) string {
		dir := filepath.Join(t.TempDir(), name)
		if out, err := exec.Command("cp", "-r", src, dir).CombinedOutput(); err != nil {
			t.Fatalf("cp: %v\n%s", err, out)
		}
		p := exec.Command("patch", "-s", "-p1", "-i", filepath.Join(b, "patches", name+".patch"))
		p.Dir = dir
		if out, err := p.CombinedOutput(); err != nil {
			t.Fatalf("patch %s: %v\n%s", name, err, out)
		}
		return dir
	}
	cs := rawRequests(t,
		`{"id":"watsonx-top_k","model":"watsonx/org/some-model-7b","params":{"top_k":2},"drop_params":false,"expect":{}}`,
		`{"id":"palm-stop","model":"vertex_ai/chat-bison@002","params":{"stop":"\n","temperature":1},"drop_params":true,"expect":{}}`,
		`{"id":"gpt-4o","model":"gpt-4o","params":{"temperature":0.2},"drop_params":false,"expect":{}}`,
	)
	outputs := func(tree string) []string {
		c := startBundle(t, tree)
		res, err := c.Cases(context.Background(), "litellm", cs)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]string, len(res))
		for i, r := range res {
			v, err := completion.DecodeValue(r)
			o, ok := v.(completion.Object)
			if err != nil || !ok {
				t.Fatalf("result %d: %s", i, r)
			}
			out[i] = cases.Canonical(o)
		}
		return out
	}
	base := outputs(src)
	summary := outputs(tree("summary-fixes"))
	pr := outputs(tree("pr13993-as-merged-would-be"))
	for i, id := range []string{"watsonx-top_k", "palm-stop", "gpt-4o"} {
		if summary[i] != base[i] {
			t.Errorf("%s: the summary's fixes change the output:\n  1.80.5:  %s\n  summary: %s", id, base[i], summary[i])
		}
		if changed := pr[i] != base[i]; changed != (id != "gpt-4o") {
			t.Errorf("%s: PR #13993 changed the output: %v, want %v:\n  1.80.5: %s\n  PR:     %s", id, changed, id != "gpt-4o", base[i], pr[i])
		}
	}
}
