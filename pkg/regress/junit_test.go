package regress

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

func TestJUnit(t *testing.T) {
	rep := &Report{Schema: Schema, Variants: []string{"baseline", "optimized"},
		Cases: CaseSummary{
			Files:     []FileSummary{{File: "dir/a.jsonl", Total: 3, Passed: 1, Failed: 1, Known: 1, IDs: []string{"ok-case", "bad-case", "known-case"}}},
			Failures:  []Failure{{ID: "bad-case", File: "dir/a.jsonl", Line: 2, Variant: "baseline", Diff: "optional_params.top_k: got 1, want 2\nmore"}},
			KnownList: []KnownFailure{{ID: "known-case", Reason: "not yet mapped"}},
		},
		Fuzz: &FuzzReport{Requests: 100, Seed: 3, Mismatches: 1, Examples: []FuzzMismatch{{Index: 7, Request: `{"model":"x<y"}`, Diff: "completion: baseline != optimized"}}},
		Perf: &PerfReport{Baseline: "base.json", Threshold: 0.1, Variants: []PerfVariant{
			{Name: "baseline", Slower: true, DeltaPct: 80, PValue: 0.001, BaselineAllocs: 10, CurrentAllocs: 10},
			{Name: "optimized", AllocsGrew: true, BaselineAllocs: 5, CurrentAllocs: 6},
		}, Speedup: &SpeedupCheck{Before: "baseline", After: "optimized", Speedup: 1.1, Min: 1.5}},
	}
	var buf bytes.Buffer
	if err := Render(&buf, rep, "junit"); err != nil {
		t.Fatal(err)
	}
	var got JUnitSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, buf.String())
	}
	if got.Tests != 3+2+5 || got.Failures != 1+2+3 || got.Skipped != 1 {
		t.Errorf("tests/failures/skipped = %d/%d/%d, want 10/6/1\n%s", got.Tests, got.Failures, got.Skipped, buf.String())
	}
	status := map[string]string{}
	for _, s := range got.Suites {
		for _, c := range s.Cases {
			st := "pass"
			if c.Failure != nil {
				st = "fail: " + c.Failure.Message
			}
			if c.Skipped != nil {
				st = "skip: " + c.Skipped.Message
			}
			status[s.Name+"/"+c.Name] = st
		}
	}
	for name, want := range map[string]string{
		"cases/dir/a.jsonl/ok-case":                          "pass",
		"cases/dir/a.jsonl/bad-case":                         "fail: optional_params.top_k: got 1, want 2",
		"cases/dir/a.jsonl/known-case":                       "skip: known difference: not yet mapped",
		"fuzz/request #7":                                    "fail: completion: baseline != optimized",
		"perf/baseline time per call":                        "fail: baseline is 80.0% slower than base.json (threshold 10%)",
		"perf/optimized allocs/op":                           "fail: optimized allocs/op grew from 5 to 6",
		"perf/optimized time per call":                       "pass",
		"perf/optimized at least 1.50x faster than baseline": "fail: speedup 1.10x, want at least 1.50x",
	} {
		if got := status[name]; got != want {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
	if !strings.Contains(buf.String(), `{&#34;model&#34;:&#34;x&lt;y&#34;}`) {
		t.Errorf("the fuzz request is not escaped into the failure text:\n%s", buf.String())
	}
}

// TestJUnitFuzzBuilds: the fuzzing between two builds is its own suite,
// failing with the count of differing requests and one case per example.
func TestJUnitFuzzBuilds(t *testing.T) {
	rep := &Report{Schema: Schema, Variants: []string{"optimized"}, Against: "origin/main",
		FuzzBuilds: &FuzzReport{Requests: 50, Seed: 9, Mismatches: 2, Examples: []FuzzMismatch{
			{Index: 4, Request: `{"model":"a"}`, Diff: "builds disagree: top_k\nmore"}}}}
	var buf bytes.Buffer
	if err := Render(&buf, rep, "junit"); err != nil {
		t.Fatal(err)
	}
	var got JUnitSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, buf.String())
	}
	var s *JUnitSuite
	for i := range got.Suites {
		if got.Suites[i].Name == "fuzz-builds" {
			s = &got.Suites[i]
		}
	}
	if s == nil || len(s.Cases) != 2 || s.Failures != 2 {
		t.Fatalf("want a fuzz-builds suite of 2 failing cases\n%s", buf.String())
	}
	whole, ex := s.Cases[0], s.Cases[1]
	if whole.Name != "this build and origin/main agree on 50 random requests (seed 9)" ||
		whole.Failure == nil || whole.Failure.Message != "2 requests differ" || whole.Failure.Type != "builds disagree" ||
		!strings.Contains(whole.Failure.Text, "--seed 9") {
		t.Errorf("whole-run case %+v %+v", whole, whole.Failure)
	}
	if ex.Name != "request #4" || ex.Failure == nil || ex.Failure.Message != "builds disagree: top_k" || ex.Failure.Type != "builds disagree" {
		t.Errorf("example case %+v %+v", ex, ex.Failure)
	}
}

// A report read back from its JSON (report saved.json --format junit) has no
// ids of the passing cases; its JUnit still counts every case of a file.
func TestJUnitOfASavedReport(t *testing.T) {
	live := &Report{Schema: Schema, Variants: []string{"baseline"},
		Cases: CaseSummary{
			Files:     []FileSummary{{File: "a.jsonl", Total: 4, Passed: 2, Failed: 1, Known: 1, IDs: []string{"p1", "p2", "bad", "known"}}},
			Failures:  []Failure{{ID: "bad", File: "a.jsonl", Line: 3, Variant: "baseline", Diff: "optional_params.n: got 1, want 2"}},
			KnownList: []KnownFailure{{ID: "known", Reason: "not yet mapped"}},
		}}
	saved := *live
	saved.Cases.Files = []FileSummary{live.Cases.Files[0]}
	saved.Cases.Files[0].IDs = nil // what the JSON round trip leaves
	for name, rep := range map[string]*Report{"live": live, "saved": &saved} {
		var buf bytes.Buffer
		if err := writeJUnit(&buf, rep); err != nil {
			t.Fatal(err)
		}
		var doc JUnitSuites
		if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		s := doc.Suites[0]
		n := 0
		for _, c := range s.Cases {
			if strings.Contains(c.Name, "cases passed") {
				n += 2
			} else {
				n++
			}
		}
		if s.Failures != 1 || s.Skipped != 1 || n != 4 {
			t.Errorf("%s: suite %s has %d failures, %d skipped and %d cases counted, want 1, 1, 4:\n%s", name, s.Name, s.Failures, s.Skipped, n, buf.String())
		}
	}
}
