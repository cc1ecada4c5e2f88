package litellm

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/llmbench/llmbench/pkg/driver"
)

// fakeEnv is an environment in which python3 finds the fake litellm.
func fakeEnv(t *testing.T, extra ...string) []string {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3 on PATH")
	}
	fake, err := filepath.Abs(filepath.Join("testdata", "fake"))
	if err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "PYTHONPATH=" + fake, "PYTHONDONTWRITEBYTECODE=1"}
	return append(env, extra...)
}

func noEnv(string) string { return "" }

// start launches the driver on the fake litellm and shakes hands.
func start(t *testing.T, dir string, extra ...string) (*driver.Client, *Launch, error) {
	t.Helper()
	l, err := Prepare(context.Background(), dir, t.TempDir(), LaunchOptions{Env: fakeEnv(t, extra...), Getenv: noEnv})
	if err != nil {
		return nil, nil, err
	}
	c, err := driver.Start(context.Background(), l.Argv, driver.Options{Env: l.Env, HandshakeTimeout: HandshakeTimeout})
	if err != nil {
		return nil, l, HelloError("litellm", err)
	}
	return c, l, nil
}

func rawRequests(t *testing.T, reqs ...string) []json.RawMessage {
	out := make([]json.RawMessage, len(reqs))
	for i, r := range reqs {
		out[i] = json.RawMessage(r)
	}
	return out
}

const seedRequest = `{"model":"openai/gpt-4o","messages":[{"role":"user","content":"hello"}],"mock_response":"Hello, world!"}`

func TestLaunchSession(t *testing.T) {
	c, l, err := start(t, "", "FAKE_LITELLM_SLOW_START=1") // a slow import is waited for
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if h := c.Hello(); h.Name != "litellm" || !h.HasVariant("litellm") || !h.Can(driver.CapProfile) {
		t.Errorf("hello: %+v", h)
	}
	if !strings.HasSuffix(l.Found, filepath.Join("testdata", "fake", "litellm")) || l.Python.From != "PATH" {
		t.Errorf("launch: %+v", l)
	}
	ctx := context.Background()
	if _, err := c.Load(ctx, rawRequests(t, seedRequest, seedRequest), driver.Settings{}); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{driver.ModeAsync, driver.ModeSync} {
		b, err := c.Batch(ctx, driver.BatchRequest{Variant: "litellm", From: 0, To: 2, Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		if b.Errors != 0 || b.CPUNs == nil || b.Allocs != nil {
			t.Errorf("%s batch: %+v", mode, b)
		}
	}
	res, err := c.Cases(ctx, "litellm", rawRequests(t, `{"id":"x","model":"claude-3","params":{"logit_bias":{"1":2}},"drop_params":false,"expect":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res[0]), `"UnsupportedParamsError"`) {
		t.Errorf("case result: %s", res[0])
	}
	if err := c.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
}

func TestLaunchCrashMidBatch(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	c, _, err := start(t, "", "FAKE_LITELLM_CRASH_AFTER=3", "FAKE_LITELLM_PIDFILE="+pidFile)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	if _, err := c.Load(ctx, rawRequests(t, seedRequest), driver.Settings{}); err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(string(mustRead(t, pidFile)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Batch(ctx, driver.BatchRequest{Variant: "litellm", From: 0, To: 1, Mode: driver.ModeSync})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Batch(ctx, driver.BatchRequest{Variant: "litellm", From: 0, To: 1, Mode: driver.ModeSync})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Batch(ctx, driver.BatchRequest{Variant: "litellm", From: 0, To: 1, Mode: driver.ModeSync})
	if !errors.Is(err, driver.ErrDied) || !strings.Contains(err.Error(), "exit status 3") {
		t.Fatalf("third call: %v, want the driver's death", err)
	}
	if syscall.Kill(pid, 0) == nil {
		t.Errorf("driver process %d is still there", pid)
	}
}

func TestLaunchBadInput(t *testing.T) {
	env := fakeEnv(t)
	tmp := t.TempDir()
	// no interpreter at all
	none := func(name string) (string, error) { return "", &exec.Error{Name: name, Err: exec.ErrNotFound} }
	_, err := Prepare(context.Background(), "", tmp, LaunchOptions{Env: env, Getenv: noEnv, LookPath: none})
	if err == nil || !strings.Contains(err.Error(), "no Python interpreter") {
		t.Errorf("no python: %v", err)
	}
	// an interpreter without litellm
	_, err = Prepare(context.Background(), "", tmp, LaunchOptions{Env: []string{"PATH=" + os.Getenv("PATH"), "PYTHONPATH=" + tmp}, Getenv: noEnv})
	if err == nil || !strings.Contains(err.Error(), "no Python finds litellm") || !strings.Contains(err.Error(), "no module named litellm") ||
		!strings.Contains(err.Error(), "pip install litellm==") {
		t.Errorf("no litellm: %v", err)
	}
	// a directory that is not a tree
	_, err = Prepare(context.Background(), tmp, tmp, LaunchOptions{Env: env, Getenv: noEnv})
	if err == nil || !strings.Contains(err.Error(), "not a LiteLLM source tree") {
		t.Errorf("not a tree: %v", err)
	}
	// litellm that fails to import: one line naming the error
	_, _, err = start(t, "", "FAKE_LITELLM_IMPORT_ERROR=No module named 'pydantic'")
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "import litellm failed: ImportError: No module named 'pydantic'") {
		t.Errorf("import failure: %v", err)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("message has several lines: %q", err)
	}
}

func TestLaunchTree(t *testing.T) {
	tree := filepath.Join(t.TempDir(), "tree")
	if err := os.CopyFS(tree, os.DirFS(filepath.Join("testdata", "fake"))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tree, "litellm", "main.py"), []byte("\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, l, err := start(t, tree)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if l.Tree != tree || l.Argv[len(l.Argv)-2] != "--tree" || !strings.HasPrefix(l.Found, tree) {
		t.Errorf("launch: %+v", l)
	}
	// A tree that breaks on import (a bad patch): the error names the file and line.
	if err := os.WriteFile(filepath.Join(tree, "litellm", "utils.py"), []byte("def broken(:\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = start(t, tree)
	if err == nil || !strings.Contains(err.Error(), "SyntaxError") || !strings.Contains(err.Error(), "utils.py line 1") {
		t.Errorf("broken tree: %v", err)
	}
}
