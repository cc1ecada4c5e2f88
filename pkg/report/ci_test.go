package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestBMFValidatesAgainstBencherSchema checks the BMF output against
// Bencher's own published schema (testdata/bencher-bmf.schema.json, from
// https://bencher.dev/bmf.json).
func TestBMFValidatesAgainstBencherSchema(t *testing.T) {
	f, err := os.Open("testdata/bencher-bmf.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("https://bencher.dev/bmf.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("https://bencher.dev/bmf.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"bench.json", "bench-old.json"} {
		var buf bytes.Buffer
		if err := Render(&buf, load(t, file), FormatBMF); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s: BMF output does not validate: %v", file, err)
		}
		// The schema allows anything with a value; check what Bencher
		// makes of it: bounds around the value, the six measures.
		var bmf map[string]map[string]struct {
			Value float64  `json:"value"`
			Lower *float64 `json:"lower_value"`
			Upper *float64 `json:"upper_value"`
		}
		if err := json.Unmarshal(buf.Bytes(), &bmf); err != nil {
			t.Fatal(err)
		}
		if len(bmf) != 3 {
			t.Errorf("%s: %d benchmarks, want one per variant (3)", file, len(bmf))
		}
		for name, ms := range bmf {
			for _, m := range []string{MeasureTimePerCall, MeasureCPUPerCall, MeasureP50, MeasureP99, MeasureAllocs, MeasureBytes} {
				x, ok := ms[m]
				switch {
				case !ok:
					t.Errorf("%s %s: no measure %s", file, name, m)
				case x.Lower != nil && (*x.Lower > x.Value || *x.Upper < x.Value):
					t.Errorf("%s %s %s: [%v, %v] does not hold %v", file, name, m, *x.Lower, *x.Upper, x.Value)
				case m == MeasureTimePerCall && x.Lower == nil:
					t.Errorf("%s %s: time per call without its interval", file, name)
				}
			}
		}
	}
}

// gabEntry mirrors the zod schema github-action-benchmark parses a
// customSmallerIsBetter file with (src/extract.ts, BenchmarkResult, at
// commit c38cce98215c): name, value and unit required, range and extra
// optional, nothing else.
type gabWant struct {
	Name  *string  `json:"name"`
	Value *float64 `json:"value"`
	Unit  *string  `json:"unit"`
	Range *string  `json:"range"`
	Extra *string  `json:"extra"`
}

func TestGitHubActionBenchmarkFormat(t *testing.T) {
	var buf bytes.Buffer
	if err := Render(&buf, load(t, "bench.json"), FormatGitHubActionBenchmark); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	var entries []gabWant
	if err := dec.Decode(&entries); err != nil {
		t.Fatalf("not a customSmallerIsBetter array: %v", err)
	}
	names := map[string]bool{}
	withRange := 0
	for i, e := range entries {
		if e.Name == nil || e.Value == nil || e.Unit == nil || *e.Name == "" || *e.Unit == "" {
			t.Errorf("entry %d lacks name, value or unit: %+v", i, e)
			continue
		}
		if names[*e.Name] {
			t.Errorf("entry %d: name %q repeats (the action charts by name)", i, *e.Name)
		}
		names[*e.Name] = true
		if e.Range != nil {
			withRange++
			if !strings.HasPrefix(*e.Range, "± ") {
				t.Errorf("entry %s: range %q, want the action's \"± x\" form", *e.Name, *e.Range)
			}
		}
	}
	if len(entries) != 3*6 || withRange < 3*4 {
		t.Errorf("%d entries, %d with a range; want 6 measures for each of 3 variants, the 4 batch measures with a range", len(entries), withRange)
	}
}

// TestCIFormatsMarkInterrupted: an interrupted run's benchmarks carry
// INTERRUPTED in their names (and the action's extra), so that a CI service
// files the partial numbers apart from the variant's history.
func TestCIFormatsMarkInterrupted(t *testing.T) {
	r := load(t, "bench.json")
	r.Bench.Interrupted = true
	for _, format := range []string{FormatBMF, FormatGitHubActionBenchmark} {
		var buf bytes.Buffer
		if err := Render(&buf, r, format); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if n := strings.Count(out, "BenchmarkPipeline/"); n == 0 || strings.Count(out, " (INTERRUPTED)") != n {
			t.Errorf("%s: %d benchmark names, not each marked INTERRUPTED:\n%s", format, n, out)
		}
	}
}
