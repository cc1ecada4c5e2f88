package regress

import (
	"bytes"

	"github.com/llmbench/llmbench/pkg/bench"
	"strings"
	"testing"
)

func TestParseReportRoundTrip(t *testing.T) {
	rep := &Report{Schema: Schema, OK: false, Variants: []string{"baseline", "optimized"},
		Cases: CaseSummary{Total: 3, Passed: 1, Failed: 1, Known: 1,
			Files:    []FileSummary{{File: "a.jsonl", Total: 3, Passed: 1, Failed: 1, Known: 1}},
			Failures: []Failure{{ID: "x", File: "a.jsonl", Line: 2, Variant: "baseline", Diff: "- a\n+ b"}}},
		Fuzz: &FuzzReport{Requests: 10, Seed: 1}}
	rep.AddPerf(&PerfReport{Baseline: "base.json", Threshold: 0.1, Alpha: 0.05, OK: true, Runs: 1,
		Variants: []PerfVariant{{Name: "baseline", Baseline: bench.Estimate{Median: 100, CILow: 90, CIHigh: 110, Confidence: 0.95}, Current: bench.Estimate{Median: 101, CILow: 95, CIHigh: 108, Confidence: 0.95}, Change: bench.Estimate{Median: 1.01, CILow: 0.9, CIHigh: 1.1}, Verdict: "ok"}}})
	var b bytes.Buffer
	if err := Render(&b, rep, "json"); err != nil {
		t.Fatal(err)
	}
	got, err := ParseReport("r.json", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := Render(&again, got, "json"); err != nil {
		t.Fatal(err)
	}
	if again.String() != b.String() {
		t.Errorf("re-rendered report differs:\n%s\nwant\n%s", again.String(), b.String())
	}
}

func TestParseReportErrors(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"truncated", `{"schema": "llmbench.regress/v1"`, "malformed JSON: unexpected end of input (r.json:1:33)"},
		{"wrong schema", `{"schema": "llmbench.bench/v1"}`, `schema "llmbench.bench/v1", want "llmbench.regress/v1"`},
		{"counts", `{"schema": "llmbench.regress/v1", "cases": {"total": 3, "passed": 1}}`, "passed 1 + failed 0 + known 0 is not total 3"},
		{"perf", `{"schema": "llmbench.regress/v1", "perf": {"variants": [{}]}}`, "perf.variants[0] has no name"},
		{"perf median", `{"schema": "llmbench.regress/v1", "perf": {"variants": [{"name": "b", "baseline_ns_per_op": {}}]}}`, "perf.variants[0] (b) lacks a baseline or current median"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseReport("r.json", []byte(tt.data)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseReport(%s) = %v, want an error containing %q", tt.data, err, tt.want)
			}
		})
	}
}

func TestRenderMarkdown(t *testing.T) {
	rep := &Report{Schema: Schema, OK: false, Variants: []string{"baseline", "optimized"},
		Cases: CaseSummary{Total: 2, Passed: 1, Failed: 1,
			Files:    []FileSummary{{File: "a.jsonl", Total: 2, Passed: 1, Failed: 1}},
			Failures: []Failure{{ID: "x<y>", File: "a.jsonl", Line: 2, Variant: "baseline", Diff: "- a\n+ ```b"}}},
		Fuzz: &FuzzReport{Requests: 10, Seed: 1}}
	var b bytes.Buffer
	if err := Render(&b, rep, "markdown"); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	first, _, _ := strings.Cut(got, "\n")
	if want := "### regress FAILED: 2 cases, 1 passed, 1 failed, 0 known; fuzz 10 requests, 0 mismatches; variants baseline, optimized"; first != want {
		t.Errorf("first line = %q, want the verdict %q", first, want)
	}
	for _, want := range []string{"| a.jsonl   |     2 |      1 |      1 |     0 |", "<summary>FAIL x&lt;y&gt; (a.jsonl:2) [baseline]</summary>", "````text\n- a\n+ ```b\n````"} {
		if !strings.Contains(got, want) {
			t.Errorf("markdown lacks %q:\n%s", want, got)
		}
	}
}
