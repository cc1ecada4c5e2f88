package litellm

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/pprof/profile"
	"github.com/llmbench/llmbench/pkg/driver"
	prof "github.com/llmbench/llmbench/pkg/profile"
)

// TestDriverPython runs the driver's Python unit tests (driver_test.py)
// against the fake litellm in testdata/fake: the protocol, bad requests,
// import failures, a crash mid-batch, LiteLLM's prints kept off the protocol,
// the sampler.
func TestDriverPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 on PATH")
	}
	cmd := exec.Command(py, "-m", "unittest", "driver_test")
	cmd.Env = append(os.Environ(), "PYTHONPATH="+filepath.Join("testdata", "fake"), "PYTHONDONTWRITEBYTECODE=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("python3 -m unittest driver_test: %v\n%s", err, out.String())
	}
}

func TestWriteDriver(t *testing.T) {
	dir := t.TempDir()
	p, err := WriteDriver(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil || !bytes.Equal(b, DriverSource()) || !bytes.Contains(b, []byte(`PROTOCOL = "llmbench.driver/v1"`)) {
		t.Fatalf("written driver differs from the embedded one (%v)", err)
	}
	if _, err := WriteDriver(filepath.Join(dir, "missing")); err == nil {
		t.Error("writing into a missing directory: no error")
	}
}

func TestPythons(t *testing.T) {
	paths := map[string]string{"python3": "/usr/bin/python3", "python": "/usr/bin/python", "/opt/py/bin/python3.11": "/opt/py/bin/python3.11"}
	look := func(name string) (string, error) {
		if p, ok := paths[name]; ok {
			return p, nil
		}
		return "", &exec.Error{Name: name, Err: exec.ErrNotFound}
	}
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }

	got, err := Pythons("", env(nil), look)
	if err != nil {
		t.Fatal(err)
	}
	want := []Python{{"/usr/bin/python3", "PATH"}, {"/usr/bin/python", "PATH"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PATH only: %v, want %v", got, want)
	}
	got, _ = Pythons("", env(map[string]string{PythonEnv: "/opt/py/bin/python3.11"}), look)
	if len(got) != 3 || got[0] != (Python{"/opt/py/bin/python3.11", PythonEnv}) {
		t.Errorf("LLMBENCH_PYTHON first: %v", got)
	}
	got, _ = Pythons("python", env(map[string]string{PythonEnv: "/opt/py/bin/python3.11"}), look)
	if !reflect.DeepEqual(got, []Python{{"/usr/bin/python", "--python"}}) {
		t.Errorf("--python alone: %v", got)
	}
	if _, err := Pythons("python9", env(nil), look); err == nil || !strings.Contains(err.Error(), "--python python9") {
		t.Errorf("missing --python: %v", err)
	}
	if _, err := Pythons("", env(map[string]string{PythonEnv: "/nope"}), look); err == nil || !strings.Contains(err.Error(), "LLMBENCH_PYTHON=/nope") {
		t.Errorf("missing LLMBENCH_PYTHON: %v", err)
	}
	none := func(name string) (string, error) { return "", &exec.Error{Name: name, Err: exec.ErrNotFound} }
	if _, err := Pythons("", env(nil), none); err == nil || !strings.Contains(err.Error(), "no Python interpreter") {
		t.Errorf("no python: %v", err)
	}
}

func TestTree(t *testing.T) {
	root := t.TempDir()
	mk := func(rel string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("#\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mk("flat/litellm/__init__.py")
	mk("flat/litellm/main.py")
	mk("repo/src/litellm/__init__.py")
	mk("repo/src/litellm/main.py")
	mk("half/litellm/__init__.py")
	mk("file")
	for _, tc := range []struct{ dir, want, err string }{
		{"flat", "flat", ""},
		{"repo", "repo/src", ""},
		{"flat/litellm", "flat", ""},
		{"half", "", "not a LiteLLM source tree"},
		{"file", "", "not a directory"},
		{"missing", "", "no such file or directory"},
	} {
		got, err := Tree(filepath.Join(root, tc.dir))
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("Tree(%s): %v, want an error with %q", tc.dir, err, tc.err)
		case tc.err == "" && (err != nil || got != filepath.Join(root, tc.want)):
			t.Errorf("Tree(%s) = %q, %v; want %s", tc.dir, got, err, tc.want)
		}
	}
}

func TestEnv(t *testing.T) {
	got := Env([]string{"A=1", "PYTHONPATH=/lib:/stubs"}, "/tree")
	if !reflect.DeepEqual(got, []string{"A=1", "PYTHONPATH=/tree:/lib:/stubs"}) {
		t.Errorf("tree first: %v", got)
	}
	if got := Env([]string{"A=1"}, "/tree"); !reflect.DeepEqual(got, []string{"A=1", "PYTHONPATH=/tree"}) {
		t.Errorf("no PYTHONPATH before: %v", got)
	}
	if got := Env([]string{"PYTHONPATH=/lib"}, ""); !reflect.DeepEqual(got, []string{"PYTHONPATH=/lib"}) {
		t.Errorf("no tree: %v", got)
	}
}

// The two forms of the provider check: 1.80.5's list comprehension and the
// summary's set; a similar comprehension elsewhere is no provider check.
const validationSource = `def completion(model, custom_llm_provider=None):
    provider_config = None
    if custom_llm_provider is not None and custom_llm_provider in [
        provider.value for provider in LlmProviders
    ]:
        provider_config = ProviderConfigManager.get_provider_chat_config(
            model=model, provider=LlmProviders(custom_llm_provider)
        )
    names = [p.value for p in Other]
    if custom_llm_provider in LlmProvidersSet:  # the summary's form
        x = 1
    return provider_config
`

func TestValidationLines(t *testing.T) {
	got := ValidationLines(validationSource)
	want := map[int64]LineKind{3: Condition, 4: Condition, 5: Condition, 6: ConfigLookup, 7: ConfigLookup, 8: ConfigLookup, 10: Condition}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ValidationLines = %v, want %v", got, want)
	}
}

// TestStagesSynthetic attributes synthetic LiteLLM stacks over a tree in a
// temporary directory: names and lines as the driver reports them.
func TestStagesSynthetic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "litellm")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	mainPy := filepath.Join(dir, "main.py")
	if err := os.WriteFile(mainPy, []byte(validationSource), 0o644); err != nil {
		t.Fatal(err)
	}
	wrapper := driver.Frame{Function: "litellm.utils.client.<locals>.wrapper_async", File: "/x/litellm/utils.py", Line: 1400}
	completion := func(line int64) driver.Frame {
		return driver.Frame{Function: "litellm.main.completion", File: mainPy, Line: line}
	}
	stacks := []driver.Stack{
		// the comprehension's own frame (Python 3.11) and the condition line (3.12+)
		{Count: 4, Frames: []driver.Frame{{Function: "litellm.main.completion.<locals>.<listcomp>", File: mainPy, Line: 4}, completion(3), wrapper}},
		{Count: 2, Frames: []driver.Frame{completion(3), wrapper}},
		// the config lookup under it
		{Count: 3, Frames: []driver.Frame{{Function: "litellm.llms.openai.chat.gpt_transformation.OpenAIGPTConfig.__init__", File: "/x/g.py", Line: 9}, completion(6), wrapper}},
		// a comprehension that is not the provider check
		{Count: 5, Frames: []driver.Frame{completion(9), wrapper}},
		{Count: 6, Frames: []driver.Frame{{Function: "litellm.utils.get_optional_params", File: "/x/litellm/utils.py", Line: 3400},
			{Function: "litellm.utils.pre_process_non_default_params", File: "/x/litellm/utils.py", Line: 3200}, completion(2), wrapper}},
		{Count: 7, Frames: []driver.Frame{{Function: "litellm.types.utils.ModelResponse.__init__", File: "/x/t.py", Line: 1}, {Function: "litellm.main.mock_completion", File: mainPy, Line: 2}, completion(2), wrapper}},
		{Count: 10, Frames: []driver.Frame{{Function: "litellm.litellm_core_utils.litellm_logging.Logging.async_success_handler", File: "/x/l.py", Line: 1}}},
	}
	p, err := prof.FromStacks(stacks, 4*time.Millisecond, time.Now(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	a := Attribution()
	b, err := prof.Attribute(p, prof.AttributeOptions{Stages: a.Stages, Entry: a.Entry, HotSpots: a.HotSpots})
	if err != nil {
		t.Fatal(err)
	}
	if b.Samples != 37 || b.Pipeline != 27 {
		t.Errorf("samples %d, pipeline %d; want 37, 27 (the deferred logging is outside the client wrapper)", b.Samples, b.Pipeline)
	}
	for name, want := range map[string]int64{
		"provider_validation": 9, StageProviderMembership: 6, "get_optional_params": 6, "pre_process_non_default_params": 6,
		"mock_response": 7, StageResponseObject: 7, prof.SelfOther: 5, prof.Total: 15,
	} {
		if c := b.Component(name); c == nil || c.Value != want {
			t.Errorf("%s: %v samples, want %d", name, c, want)
		}
	}
}

func TestAttributionOnRecordedStacks(t *testing.T) {
	tree := filepath.Join(bundle(t), "1.80.5", "src")
	stacks, period := fixtureStacks(t, "stacks-async.json.gz", tree)
	p, err := prof.FromStacks(stacks, period, time.Now(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	a := Attribution()
	b, err := prof.Attribute(p, prof.AttributeOptions{Stages: a.Stages, Entry: a.Entry, HotSpots: a.HotSpots})
	if err != nil {
		t.Fatal(err)
	}
	share := func(n string) float64 { return b.Component(n).Share }
	for _, c := range b.Components {
		t.Logf("%-32s %5.1f%% (%d)", c.Name, c.Share, c.Value)
	}
	if float64(b.Pipeline) < 0.4*float64(b.Samples) {
		t.Errorf("only %d of %d samples under the client wrapper", b.Pipeline, b.Samples)
	}
	for _, n := range []string{"get_llm_provider", "provider_validation", StageProviderMembership, "get_optional_params", "mock_response", "cost", StageLoggingSetup, StageResponseObject, StageResponseMetadata} {
		if share(n) == 0 {
			t.Errorf("%s: no sample", n)
		}
	}
	if share(StageProviderMembership) > share("provider_validation") || share("pre_process_non_default_params") > share("get_optional_params")+share("provider_validation")+10 {
		t.Errorf("nested stages larger than their parents")
	}
	if share(prof.SelfOther) > 50 {
		t.Errorf("self/other is %.1f%%: stage patterns miss LiteLLM's functions", share(prof.SelfOther))
	}
}

func TestPprofOpens(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go tool pprof")
	}
	stacks := []driver.Stack{{Count: 2, Frames: []driver.Frame{{Function: "litellm.main.mock_completion", File: "/x/litellm/main.py", Line: 800}, {Function: "litellm.main.completion", File: "/x/litellm/main.py", Line: 1300}}}}
	p, err := prof.FromStacks(stacks, 4*time.Millisecond, time.Now(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cpu.pb.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Write(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command("go", "tool", "pprof", "-top", path).CombinedOutput()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) || strings.Contains(string(out), "pprof") {
			t.Fatalf("go tool pprof -top: %v\n%s", err, out)
		}
		t.Skipf("go tool pprof unavailable: %v", err)
	}
	if !strings.Contains(string(out), "litellm.main.mock_completion") || !strings.Contains(string(out), "8ms") {
		t.Errorf("pprof -top does not show the function and its 8ms:\n%s", out)
	}
	if _, err := profile.Parse(bytes.NewReader(mustRead(t, path))); err != nil {
		t.Error(err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
