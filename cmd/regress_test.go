package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/completion"
)

// run runs llmbench in-process with the repository's built-in corpus and
// returns stdout, stderr and the exit code.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb, os.DirFS(".."))
	return out.String(), errb.String(), code
}

// registerPR13993 registers, for one test, a variant that makes PR #13993's
// mistake: the generic "provider config maps everything" branch first in
// get_optional_params' dispatch.
func registerPR13993(t *testing.T) {
	t.Helper()
	v := *completion.Optimized
	v.Name, v.Doc = "pr13993", "optimized with PR #13993's config-first dispatch"
	v.Dispatch = completion.DispatchConfigFirst
	if err := completion.Register(&v); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { completion.Unregister(v.Name) })
}

// TestRegressCatchesConfigFirstDispatch: the gate has teeth for behaviour.
// A variant with PR #13993's dispatch order is caught, on the cases where
// LiteLLM main's provider branches differ from the provider config, and by
// fuzzing; the differing cases are named.
func TestRegressCatchesConfigFirstDispatch(t *testing.T) {
	registerPR13993(t)
	cases := filepath.Join("..", "pkg", "regress", "testdata", "pr13993.jsonl")

	out, errOut, code := run(t, "regress", "--cases", cases, "--variants", "baseline,optimized", "--fuzz", "0")
	if code != ExitOK {
		t.Fatalf("regress with baseline,optimized exit %d, want 0\n%s%s", code, out, errOut)
	}

	out, errOut, code = run(t, "regress", "--cases", cases, "--variants", "baseline,optimized,pr13993", "--fuzz", "2000", "--format", "json")
	if code != ExitFailed {
		t.Fatalf("regress with pr13993 exit %d, want 1\n%s%s", code, out, errOut)
	}
	var rep struct {
		OK    bool
		Cases struct {
			Failures []struct{ ID, Variant, Diff string }
		}
		Fuzz struct{ Mismatches int }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("regress JSON: %v\n%s", err, out)
	}
	named := map[string]bool{}
	for _, f := range rep.Cases.Failures {
		if f.Variant != "pr13993" && f.Variant != "baseline!=pr13993" {
			t.Errorf("case %s failed in %s: %s", f.ID, f.Variant, f.Diff)
		}
		named[f.ID] = true
	}
	for _, id := range []string{"watsonx-top-k-rejected", "azure-old-api-version-tool-choice", "azure-old-api-version-tool-choice-dropped"} {
		if !named[id] {
			t.Errorf("regress did not name case %s; failures: %+v", id, rep.Cases.Failures)
		}
	}
	for _, id := range []string{"openai-gpt-4o-temperature", "watsonx-tool-choice"} {
		if named[id] {
			t.Errorf("case %s fails, but the dispatch order does not matter for it", id)
		}
	}
	if rep.Fuzz.Mismatches == 0 {
		t.Errorf("fuzzing 2000 requests found no disagreement with pr13993")
	}

	out, _, _ = run(t, "regress", "--cases", cases, "--variants", "baseline,pr13993", "--fuzz", "0")
	if !strings.Contains(out, "FAIL watsonx-top-k-rejected") || !strings.Contains(out, "variants disagree") {
		t.Errorf("table output does not name the differing case:\n%s", out)
	}
}

// TestRegressBaseline: the performance gate has teeth and stays quiet on
// unchanged code. A small bench result is recorded, then edited: quartered
// times and lowered allocs/op must fail the gate, the unmodified file must
// pass.
//
// Timing the machine twice would make the test depend on its load (tests
// never assert wall-clock timings), so the cases run twice: with a runner
// that replays the recorded result (the same code measured the same way,
// exactly), and, where the outcome does not depend on timing, with the real
// runner (allocation counts are deterministic). The replayed result's time
// samples are made steady first (each variant's median, spread by 1-3%):
// a loaded machine under -race can spread real batches more than 4x, and
// then no test can tell quartered times apart. The real runner's unmodified
// case runs against a baseline 100x slower, so that only a real failure of
// the re-run (settings, configuration, allocations) can fail it.
func TestRegressBaseline(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.json")
	cases := filepath.Join("..", "pkg", "regress", "testdata", "pr13993.jsonl")
	if out, errOut, code := run(t, "bench", "--requests", "2000", "--batches", "4", "--count", "2", "--warmup", "1000",
		"--workload", "seed", "--out", base, "--quiet"); code != ExitOK {
		t.Fatalf("bench --out exit %d\n%s%s", code, out, errOut)
	}
	// edit rewrites every variant of the file src with f into dir/name.
	edit := func(src, name string, f func(v map[string]any)) string {
		t.Helper()
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber() // GOMEMLIMIT's "no limit" is MaxInt64, which a float64 cannot hold
		if err := dec.Decode(&doc); err != nil {
			t.Fatal(err)
		}
		for _, v := range doc["variants"].([]any) {
			f(v.(map[string]any))
		}
		data, err = json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	num := func(x any) float64 {
		f, err := x.(json.Number).Float64()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	// scale multiplies a variant's time estimates and samples by k.
	scale := func(v map[string]any, k float64) {
		for _, key := range []string{"ns_per_op", "cpu_ns_per_op"} {
			if est, ok := v[key].(map[string]any); ok {
				for name, x := range est {
					if name != "confidence" {
						est[name] = num(x) * k
					}
				}
			}
		}
		for _, key := range []string{"samples_ns_per_op", "samples_cpu_ns_per_op"} {
			if s, ok := v[key].([]any); ok {
				for i := range s {
					s[i] = num(s[i]) * k
				}
			}
		}
	}
	steady := edit(base, "steady.json", func(v map[string]any) {
		for key, est := range map[string]string{"samples_ns_per_op": "ns_per_op", "samples_cpu_ns_per_op": "cpu_ns_per_op"} {
			if s, ok := v[key].([]any); ok {
				m := num(v[est].(map[string]any)["median"])
				for i := range s {
					s[i] = m * (0.99 + 0.01*float64(i%3))
				}
			}
		}
	})
	recorded, err := bench.LoadResult(steady)
	if err != nil {
		t.Fatal(err)
	}
	replay := func(ctx context.Context, cfg bench.Config, env bench.Env) (*bench.Result, error) {
		if !reflect.DeepEqual(cfg, recorded.Config) {
			t.Errorf("re-run got config %+v, want the baseline's %+v", cfg, recorded.Config)
		}
		return recorded, nil
	}
	quartered := edit(steady, "quartered.json", func(v map[string]any) { scale(v, 0.25) })
	slowBase := edit(base, "slow.json", func(v map[string]any) { scale(v, 100) })
	fewerAllocs := edit(steady, "fewer-allocs.json", func(v map[string]any) {
		v["allocs_per_op"] = num(v["allocs_per_op"]) - 1
	})

	tests := []struct {
		name      string
		baseline  string
		threshold string
		real      bool // also with the real runner
		want      int
		wantOut   string
	}{
		{"unmodified", steady, "10%", false, ExitOK, "perf ok"},
		{"unmodified, real runner", slowBase, "10%", true, ExitOK, "perf ok"},
		{"quartered times", quartered, "10%", false, ExitFailed, "slower"},
		{"lowered allocs/op", fewerAllocs, "10%", false, ExitFailed, "allocs grew"},
		{"lowered allocs/op, real runner", fewerAllocs, "200%", true, ExitFailed, "allocs grew"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.real {
				baselineRerun = replay
				defer func() { baselineRerun = nil }()
			}
			out, errOut, code := run(t, "regress", "--cases", cases, "--fuzz", "0", "--baseline", tt.baseline, "--threshold", tt.threshold)
			if code != tt.want {
				t.Fatalf("regress --baseline exit %d, want %d\n%s%s", code, tt.want, out, errOut)
			}
			if !strings.Contains(out, tt.wantOut) {
				t.Errorf("output does not say %q:\n%s", tt.wantOut, out)
			}
		})
	}

	t.Run("junit", func(t *testing.T) {
		baselineRerun = replay
		defer func() { baselineRerun = nil }()
		out, errOut, code := run(t, "regress", "--cases", cases, "--fuzz", "100", "--baseline", quartered, "--format", "junit")
		if code != ExitFailed {
			t.Fatalf("exit %d, want 1\n%s", code, errOut)
		}
		var doc struct {
			XMLName  xml.Name `xml:"testsuites"`
			Tests    int      `xml:"tests,attr"`
			Failures int      `xml:"failures,attr"`
			Suites   []struct {
				Name     string `xml:"name,attr"`
				Tests    int    `xml:"tests,attr"`
				Failures int    `xml:"failures,attr"`
				Cases    []struct {
					Name    string `xml:"name,attr"`
					Class   string `xml:"classname,attr"`
					Failure *struct {
						Message string `xml:"message,attr"`
						Type    string `xml:"type,attr"`
						Text    string `xml:",chardata"`
					} `xml:"failure"`
				} `xml:"testcase"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("JUnit output does not parse: %v\n%s", err, out)
		}
		var names []string
		tests, failures := 0, 0
		for _, s := range doc.Suites {
			names = append(names, s.Name)
			if s.Tests != len(s.Cases) {
				t.Errorf("suite %s: tests=%d, has %d testcases", s.Name, s.Tests, len(s.Cases))
			}
			tests += s.Tests
			failures += s.Failures
			for _, c := range s.Cases {
				if c.Failure != nil && (c.Failure.Message == "" || c.Failure.Type == "") {
					t.Errorf("testcase %s: failure without message or type", c.Name)
				}
			}
		}
		if got, want := strings.Join(names, ","), "cases/"+cases+",fuzz,perf"; got != want {
			t.Errorf("suites = %s, want %s", got, want)
		}
		if doc.Tests != tests || doc.Failures != failures {
			t.Errorf("testsuites tests=%d failures=%d, suites add up to %d and %d", doc.Tests, doc.Failures, tests, failures)
		}
		if doc.Failures < 1 || !strings.Contains(out, `type="slower"`) {
			t.Errorf("the slowdown is not a JUnit failure:\n%s", out)
		}
	})
}

// TestRegressBadBaseline: an unusable baseline exits 2 with one line naming
// the file, before any work.
func TestRegressBadBaseline(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := `{"schema":"llmbench.bench/v1","env":{"gomaxprocs":2},"config":{"workload":"seed","requests":40,"batches":4,"concurrency":2,"count":1,"warmup":0,"seed":1,"variants":["baseline","optimized"],"rps":1000},
	  "workload":{"name":"seed","templates":1},
	  "variants":[{"name":"baseline","ns_per_op":{"median":100,"ci_low":90,"ci_high":110},"allocs_per_op":10,"samples_ns_per_op":[100,90,110,100,95,105]}]}`
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"malformed", []string{"--baseline", write("malformed.json", `{"schema":`)}, "malformed JSON: unexpected end of input ("},
		{"wrong schema", []string{"--baseline", write("profile.json", `{"schema":"llmbench.profile/v1","variants":[]}`)}, `not a bench result: schema "llmbench.profile/v1"`},
		{"not a bench result", []string{"--baseline", write("nope.json", `{"variants": "nope"}`)}, `not a bench result: schema ""`},
		{"missing", []string{"--baseline", filepath.Join(dir, "missing.json")}, "no such file or directory ("},
		{"other workload flag", []string{"--baseline", write("seed.json", good), "--workload", "default"}, `seed.json: recorded with a different configuration: workload "seed", this run asks for "default"`},
		{"workload file gone", []string{"--baseline", write("gone.json", strings.Replace(good, `"workload":"seed"`, `"workload":"`+filepath.Join(dir, "gone-workload.json")+`"`, 1))}, "gone.json: cannot re-run its config"},
		{"unknown format", []string{"--format", "xml"}, "unknown format \"xml\": want table|markdown|json|junit|html (--format)"},
		{"bad threshold", []string{"--baseline", write("t.json", good), "--threshold", "-5%"}, "--threshold"},
		{"negative fuzz", []string{"--fuzz", "-1"}, "--fuzz"},
		{"alpha out of range", []string{"--alpha", "0.7"}, "must be a fraction between 0 and 0.5, such as 0.01 (--alpha 0.7)"},
		{"min-speedup alone", []string{"--min-speedup", "1.5"}, "needs --baseline or --against (it checks the performance run) (--min-speedup)"},
		{"ambiguous threshold", []string{"--baseline", write("a.json", good), "--threshold", "10"}, "is ambiguous (as a fraction it means 1000%): write 10% for a percentage or 0.1 for a fraction (--threshold 10)"},
		{"too small", []string{"--baseline", write("small.json", strings.Replace(good, `[100,90,110,100,95,105]`, `[100,90]`, 1))}, "variant baseline has 2 samples: too few to ever show a significant difference at alpha 0.01 (need >= 5 per variant)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"regress", "--cases", filepath.Join("..", "pkg", "regress", "testdata", "pr13993.jsonl"), "--fuzz", "0"}, tt.args...)
			out, errOut, code := run(t, args...)
			if code != ExitUsage {
				t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", code, out, errOut)
			}
			if !strings.Contains(errOut, tt.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("stderr = %q, want one line containing %q", errOut, tt.want)
			}
			if strings.Contains(out+errOut, "goroutine ") {
				t.Errorf("panic trace in output")
			}
		})
	}
}

// buildLLMBench builds this module into dir with the given build tags.
func buildLLMBench(t *testing.T, dir, name string, tags ...string) string {
	t.Helper()
	bin := filepath.Join(dir, name)
	args := []string{"build", "-o", bin}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestRegressAgainstCatchesDispatchOrder: a separate build that dispatches
// the way PR #13993 did (-tags llmbench_pr13993) is caught by --against as a
// behaviour difference between builds, in the cases no expectation of which
// it breaks too and in the random requests; the same code built again is
// not.
func TestRegressAgainstCatchesDispatchOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("builds llmbench twice")
	}
	dir := t.TempDir()
	pr := buildLLMBench(t, dir, "llmbench-pr", "llmbench_pr13993")
	same := buildLLMBench(t, dir, "llmbench-same")
	cases := filepath.Join("..", "pkg", "regress", "testdata", "pr13993.jsonl")

	out, errOut, code := run(t, "regress", "--against", same, "--cases", cases, "--fuzz", "500", "--budget", "1s", "--quiet")
	if code != ExitOK {
		t.Fatalf("against the same code: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "0 with outputs that differ") || !strings.Contains(out, "performance vs "+same) {
		t.Errorf("against the same code:\n%s", out)
	}

	out, errOut, code = run(t, "regress", "--against", pr, "--cases", cases, "--fuzz", "2000", "--budget", "1s", "--format", "json", "--quiet")
	if code != ExitFailed {
		t.Fatalf("against the PR #13993 build: exit %d, want 1\n%s%s", code, out, errOut)
	}
	var rep struct {
		Cases struct {
			Failures []struct{ ID, Variant, Diff string }
		}
		FuzzBuilds struct{ Mismatches int } `json:"fuzz_builds"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("regress JSON: %v\n%s", err, out)
	}
	named := map[string]bool{}
	for _, f := range rep.Cases.Failures {
		if !strings.Contains(f.Variant, "!=bin:"+pr+":") || !strings.HasPrefix(f.Diff, "builds disagree") {
			t.Errorf("case %s failed as %s: %s", f.ID, f.Variant, f.Diff)
		}
		named[f.ID] = true
	}
	for _, id := range []string{"watsonx-top-k-rejected", "azure-old-api-version-tool-choice"} {
		if !named[id] {
			t.Errorf("the builds' difference on %s is not reported: %+v", id, rep.Cases.Failures)
		}
	}
	if named["openai-gpt-4o-temperature"] {
		t.Errorf("openai-gpt-4o-temperature reported, but the dispatch order does not matter for it")
	}
	if rep.FuzzBuilds.Mismatches == 0 {
		t.Errorf("2000 random requests found no difference between the builds")
	}
}

// TestRegressAgainstBadInput: what --against cannot use exits 2 with one
// line saying what to do, and nothing is left behind.
func TestRegressAgainstBadInput(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	script := filepath.Join(t.TempDir(), "dies")
	os.WriteFile(script, []byte("#!/bin/sh\nread x\necho '{\"op\":\"hello\",\"name\":\"x\",\"capabilities\":[\"bench\",\"cases\"],\"variants\":[\"baseline\"]}'\nread x\nexit 7\n"), 0o755)
	garbage := filepath.Join(t.TempDir(), "garbage")
	os.WriteFile(garbage, []byte("#!/bin/sh\nread x\necho '{\"op\":\"hello\",\"name\":\"x\",\"protocol\":\"llmbench.driver/v1\",\"capabilities\":[\"bench\",\"cases\"],\"variants\":[\"baseline\"]}'\nread x\necho 'loading...'\nread x\n"), 0o755)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown revision", []string{"--against", "no-such-rev-123"}, `unknown git revision "no-such-rev-123"`},
		{"not a driver", []string{"--against", "/bin/echo"}, "is not an llmbench driver"},
		{"dies mid-run", []string{"--against", script, "--variants", "baseline"}, "died during load (exit status 7): a driver must answer every request until bye"},
		{"answers garbage", []string{"--against", garbage, "--variants", "baseline"}, `answered load with garbage: not a JSON object: "loading...": a driver's stdout must carry only`},
		{"ambiguous threshold", []string{"--against", "HEAD", "--threshold", "5"}, "is ambiguous (as a fraction it means 500%): write 5% for a percentage or 0.05 for a fraction (--threshold 5)"},
		{"with --baseline", []string{"--against", "HEAD", "--baseline", "x.json"}, "cannot be used together (--baseline, --against)"},
		{"bad budget", []string{"--against", "HEAD", "--budget", "0s"}, "must be positive (--budget 0s)"},
	}
	cases := filepath.Join("..", "pkg", "regress", "testdata", "pr13993.jsonl")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := run(t, append([]string{"regress", "--cases", cases, "--fuzz", "0", "--quiet"}, tt.args...)...)
			if code != ExitUsage {
				t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", code, out, errOut)
			}
			if !strings.Contains(errOut, tt.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("stderr = %q, want one line containing %q", errOut, tt.want)
			}
		})
	}
	if es, _ := os.ReadDir(tmp); len(es) != 0 {
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		t.Errorf("left behind in TMPDIR: %v", names)
	}
}

// TestRegressRecord: --record writes the cases as a target produces them,
// in the case format: the file passes regress, recording twice gives the
// same bytes, and the recorded expectation is the target's (an
// UnsupportedParamsError for Anthropic's logit_bias).
func TestRegressRecord(t *testing.T) {
	dir := t.TempDir()
	rec := filepath.Join(dir, "rec.jsonl")
	args := []string{"regress", "--target", "optimized", "--record", rec, "--record-model", "gpt-4o",
		"--record-model", "anthropic/claude-3-5-sonnet-20240620", "--record-params", `{"temperature":0.2}`,
		"--record-params", `{"logit_bias":{"1":2}}`}
	_, stderr, code := run(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "recorded 8 cases from optimized to "+rec) {
		t.Errorf("stderr = %q", stderr)
	}
	first, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(first, []byte("\n")); n != 8 {
		t.Fatalf("%d lines, want 8 (2 models x 2 param sets x drop_params false/true):\n%s", n, first)
	}
	if !bytes.Contains(first, []byte(`"expect_error":{"type":"UnsupportedParamsError","contains":"anthropic does not support parameters: ['logit_bias']`)) {
		t.Errorf("no UnsupportedParamsError recorded for Anthropic's logit_bias:\n%s", first)
	}
	if _, stderr, code := run(t, "regress", "--cases", rec, "--fuzz", "0"); code != 0 {
		t.Errorf("the recorded file fails regress (exit %d): %s", code, stderr)
	}
	if _, stderr, code := run(t, append(args, "--quiet")...); code != 0 {
		t.Fatalf("second recording: exit %d: %s", code, stderr)
	}
	if again, _ := os.ReadFile(rec); !bytes.Equal(again, first) {
		t.Errorf("recording twice gave different files")
	}
	// The case files' cases, recorded: the completion corpus again.
	rec2 := filepath.Join(dir, "rec2.jsonl")
	if _, stderr, code := run(t, "regress", "--target", "baseline", "--record", rec2, "--cases", "../testdata/cases/litellm-completions.jsonl"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, stderr, code := run(t, "regress", "--cases", rec2, "--fuzz", "0"); code != 0 {
		t.Errorf("the re-recorded corpus file fails regress (exit %d): %s", code, stderr)
	}

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no --record", []string{"--target", "optimized", "--record-model", "gpt-4o"}, "need --record FILE"},
		{"two targets", []string{"--target", "optimized", "--target", "baseline", "--record", rec}, "records from one --target"},
		{"no target", []string{"--record", rec}, "records from one --target"},
		{"bad params", []string{"--target", "optimized", "--record", rec, "--record-model", "gpt-4o", "--record-params", "[1]"}, "not a JSON object of params (--record-params [1])"},
		{"params without model", []string{"--target", "optimized", "--record", rec, "--record-params", "{}"}, "need --record-model"},
		{"over its input", []string{"--target", "optimized", "--record", rec, "--cases", rec}, rec},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := run(t, append([]string{"regress"}, tc.args...)...)
			if code != 2 || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want exit 2 and one line with %q", code, stderr, tc.want)
			}
			if again, _ := os.ReadFile(rec); !bytes.Equal(again, first) {
				t.Errorf("the recorded file changed")
			}
		})
	}
}
