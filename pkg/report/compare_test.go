package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/llmbench/llmbench/internal/golden"
	"github.com/llmbench/llmbench/pkg/bench"
)

// reparse gives a result a new file name, through its JSON.
func reparse(t *testing.T, r *Result, name string, edit func(*bench.Result)) *Result {
	t.Helper()
	var buf bytes.Buffer
	if err := bench.WriteJSON(&buf, r.Bench); err != nil {
		t.Fatal(err)
	}
	c, err := Parse(name, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(c.Bench)
	}
	return c
}

func TestCompareWithItself(t *testing.T) {
	a := load(t, "bench.json")
	c, err := Compare([]*Result{a, reparse(t, a, "again.json", nil)})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range c.Metrics {
		for _, r := range m.Rows {
			d := r.Cells[1].Vs
			if d == nil || d.Significant || d.DeltaPct != 0 || *d.PValue != 1 {
				t.Errorf("%s %s: %+v, want ~ with p=1", m.Name, r.Variant, d)
			}
		}
	}
	var buf bytes.Buffer
	if err := RenderComparison(&buf, c, "table"); err != nil {
		t.Fatal(err)
	}
	if strings.Count(buf.String(), "~ (p=1.000") != 3*len(c.Metrics) {
		t.Errorf("want ~ (p=1.000 ...) for every variant and measure:\n%s", buf.String())
	}
}

// quiet gives every variant of r samples spread ±2% around its median, as
// on a quiet machine (the fixture was recorded on a busy one, where a 1.3x
// difference can drown in the noise of a few variants).
func quiet(r *bench.Result) {
	for i := range r.Variants {
		v := &r.Variants[i]
		for j := range v.Samples {
			v.Samples[j] = v.NsPerOp.Median * (1 + 0.02*float64((j*7)%11-5)/5)
		}
		v.NsPerOp = bench.Summarize(v.Samples)
	}
}

func TestCompareScaled(t *testing.T) {
	a := reparse(t, load(t, "bench.json"), "a.json", quiet)
	slow := reparse(t, a, "slow.json", func(r *bench.Result) {
		for i := range r.Variants {
			v := &r.Variants[i]
			for j := range v.Samples {
				v.Samples[j] *= 1.3
			}
			for j := range v.SamplesCPU {
				v.SamplesCPU[j] *= 1.3
			}
		}
	})
	c, err := Compare([]*Result{a, slow})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range c.Metrics {
		for _, r := range append(m.Rows, *m.Geomean) {
			d := r.Cells[1].Vs
			timed := m.Name == "time/call" || m.Name == "CPU/call"
			switch {
			case timed && (d.DeltaPct < 29.99 || d.DeltaPct > 30.01):
				t.Errorf("%s %s: delta %+.3f%%, want +30%%", m.Name, r.Variant, d.DeltaPct)
			case timed && r.Variant != "geomean" && !d.Significant:
				t.Errorf("%s %s: not significant (p=%v) for a 1.3x slowdown of every batch", m.Name, r.Variant, *d.PValue)
			case !timed && (d.DeltaPct != 0 || d.Significant):
				t.Errorf("%s %s: %+v, want no change", m.Name, r.Variant, d)
			}
		}
	}
	if h := c.Headline(); !strings.Contains(h, "+30.0% (geomean); 3 slower, 0 faster, 0 ~ of 3 variants") {
		t.Errorf("headline %q, want +30%% and 3 slower", h)
	}
}

func TestCompareGolden(t *testing.T) {
	a := load(t, "bench.json")
	c, err := Compare([]*Result{a, scaled(t, "bench.json", 1.3), reparse(t, a, "same.json", nil)})
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range CompareFormats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := RenderComparison(&buf, c, format); err != nil {
				t.Fatal(err)
			}
			if format == "json" {
				var doc map[string]any
				if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || doc["schema"] != CompareSchema {
					t.Errorf("JSON: %v, schema %v", err, doc["schema"])
				}
			}
			golden.Check(t, buf.Bytes())
		})
	}
	if err := RenderComparison(&bytes.Buffer{}, c, "gobench"); err == nil || !strings.Contains(err.Error(), "format gobench does not apply to a comparison") {
		t.Errorf("RenderComparison(gobench) = %v", err)
	}
}

func TestCompareRefuses(t *testing.T) {
	a := load(t, "bench.json")
	withHash := func(h string) func(*bench.Result) {
		return func(r *bench.Result) { setWorkloadHash(t, r, h) }
	}
	tests := []struct {
		name  string
		other *Result
		want  string
	}{
		{"another kind", load(t, "profile.json"), "is a profile result: only bench results can be compared (testdata/profile.json)"},
		{"another workload by name", reparse(t, a, "b.json", func(r *bench.Result) { r.Workload.Name, r.Config.Workload = "seed", "seed" }),
			`ran another workload than testdata/bench.json: "default" with 18 templates vs "seed" with 18 templates; compare results of the same workload (b.json)`},
		{"another configuration", reparse(t, a, "b.json", func(r *bench.Result) { r.Config.Requests, r.Config.Concurrency = 8000, 2 }),
			"was measured with another configuration than testdata/bench.json (requests 6000 vs 8000, concurrency 1 vs 2); compare results of the same configuration (b.json)"},
	}
	if hasHashField(t, a.Bench) {
		tests = append(tests, struct {
			name  string
			other *Result
			want  string
		}{"another workload by content", reparse(t, reparse(t, a, "x.json", withHash("1111")), "b.json", withHash("2222")), "ran another workload than"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compare([]*Result{a, tt.other})
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("Compare = %v\nwant one line containing %q", err, tt.want)
			}
		})
	}
}

func TestCompareWarnsAboutTheEnvironment(t *testing.T) {
	a := load(t, "bench.json")
	b := reparse(t, a, "b.json", func(r *bench.Result) {
		r.Env.CPU, r.Env.GOGC, r.Env.Commit = "Other CPU", 400, "another commit"
	})
	c, err := Compare([]*Result{a, b})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(c.Warnings, "\n")
	if !strings.Contains(got, `b.json was measured in another environment than testdata/bench.json (cpu "AMD EPYC" vs "Other CPU", gogc 100 vs 400)`) {
		t.Errorf("warnings:\n%s\nwant one naming cpu and gogc (and not the commit)", got)
	}
}

// hasHashField reports whether bench.Config records the workload's content
// hash (config.workload_sha256).
func hasHashField(t *testing.T, r *bench.Result) bool {
	data, err := json.Marshal(r.Config)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(data), `"workload_sha256"`)
}

func setWorkloadHash(t *testing.T, r *bench.Result, h string) {
	t.Helper()
	data, _ := json.Marshal(r.Config)
	var m map[string]any
	json.Unmarshal(data, &m)
	m["workload_sha256"] = h
	data, _ = json.Marshal(m)
	if err := json.Unmarshal(data, &r.Config); err != nil {
		t.Fatal(err)
	}
}
