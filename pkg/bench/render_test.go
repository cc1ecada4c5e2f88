package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/llmbench/llmbench/internal/golden"
	"github.com/llmbench/llmbench/pkg/infile"
	"golang.org/x/perf/benchfmt"
)

// fakeResult is a deterministic result: the fake pipeline run with 6
// samples per variant.
func fakeResult(t *testing.T) *Result {
	t.Helper()
	cfg := fakeConfig()
	cfg.Requests, cfg.Batches, cfg.Count = 30, 3, 2
	res, err := Run(context.Background(), fakeOptions(&fakeClock{}, nil, cfg))
	if err != nil {
		t.Fatal(err)
	}
	// Allocation counts come from the real runtime; pin them for goldens.
	for i := range res.Variants {
		v := &res.Variants[i]
		v.AllocsPerOp, v.BytesPerOp, v.GCCycles = float64(10+5*(1-i)), float64(1200+100*(1-i)), uint32(3-i)
		for j := range v.SamplesAllocs {
			v.SamplesAllocs[j], v.SamplesBytes[j] = v.AllocsPerOp, v.BytesPerOp
		}
	}
	res.Overhead.AllocsPerOp = 0
	return res
}

func TestGoBenchParsesWithBenchfmt(t *testing.T) {
	res := fakeResult(t)
	var buf bytes.Buffer
	if err := Render(&buf, res, "gobench"); err != nil {
		t.Fatal(err)
	}
	r := benchfmt.NewReader(&buf, "bench.txt")
	perName := map[string]int{}
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Fatalf("benchfmt: %v", rec)
		case *benchfmt.Result:
			if got := rec.GetConfig("goos"); got != "linux" {
				t.Errorf("goos config = %q, want linux", got)
			}
			if rec.Iters != 10 {
				t.Errorf("%s iters = %d, want 10 (requests per batch)", rec.Name, rec.Iters)
			}
			base, parts := rec.Name.Parts()
			if string(base) != "Pipeline" || len(parts) != 3 || string(parts[2]) != "-2" {
				t.Errorf("name %s parts = %s %q, want Pipeline /variant= /workload= -2", rec.Name, base, parts)
			}
			// benchfmt normalizes ns/op to sec/op.
			for _, u := range []string{"sec/op", "B/op", "allocs/op"} {
				if v, ok := rec.Value(u); !ok || v <= 0 {
					t.Errorf("%s %s = %v, %v; want a positive value: %v", rec.Name, u, v, ok, rec.Values)
				}
			}
			perName[string(rec.Name)]++
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		"Pipeline/variant=slow/workload=fake-2": 6,
		"Pipeline/variant=fast/workload=fake-2": 6,
	}
	if len(perName) != len(want) || perName["Pipeline/variant=slow/workload=fake-2"] != 6 || perName["Pipeline/variant=fast/workload=fake-2"] != 6 {
		t.Errorf("result lines per benchmark = %v, want %v (one per batch sample)", perName, want)
	}
}

func TestBenchName(t *testing.T) {
	tests := []struct {
		workload, model, want string
	}{
		{"default", "", "BenchmarkPipeline/variant=v/workload=default"},
		{"testdata/my mix.json", "", "BenchmarkPipeline/variant=v/workload=my_mix"},
		{"model:openai/gpt-4o", "openai/gpt-4o", "BenchmarkPipeline/variant=v/model=openai_gpt-4o"},
	}
	for _, tt := range tests {
		r := &Result{Workload: WorkloadInfo{Name: tt.workload}, Config: Config{Model: tt.model}}
		if got := BenchName(r, "v"); got != tt.want {
			t.Errorf("BenchName(%q, %q) = %q, want %q", tt.workload, tt.model, got, tt.want)
		}
	}
}

// designFields are the JSON fields DESIGN.md §3 requires of a bench result.
var designFields = []string{
	"schema", "env.go_version", "env.os", "env.arch", "env.cpu", "env.gomaxprocs", "env.commit", "env.timestamp", "config",
	"config.requests", "config.batches", "config.concurrency", "config.count", "config.warmup", "config.seed", "config.variants", "config.workload",
	"variants[].name", "variants[].ns_per_op.median", "variants[].ns_per_op.ci_low", "variants[].ns_per_op.ci_high",
	"variants[].rps", "variants[].latency_ns.p50", "variants[].latency_ns.p90", "variants[].latency_ns.p99", "variants[].latency_ns.max",
	"variants[].allocs_per_op", "variants[].bytes_per_op", "variants[].gc_cycles", "variants[].samples_ns_per_op",
	"comparison.before", "comparison.after", "comparison.delta_pct", "comparison.speedup", "comparison.p_value",
	"projection.cpu_sec_per_sec_before", "projection.cpu_sec_per_sec_after", "projection.extra_rps",
	"harness_overhead.ns_per_op", "harness_overhead.pct_of_fastest",
}

// lookup follows a dotted path; "x[]" means every element of list x.
func lookup(v any, path string) []any {
	if path == "" {
		return []any{v}
	}
	key, rest, _ := strings.Cut(path, ".")
	list := strings.HasSuffix(key, "[]")
	key = strings.TrimSuffix(key, "[]")
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	x, ok := m[key]
	if !ok {
		return nil
	}
	if !list {
		return lookup(x, rest)
	}
	items, _ := x.([]any)
	var out []any
	for _, it := range items {
		got := lookup(it, rest)
		if len(got) == 0 {
			return nil
		}
		out = append(out, got...)
	}
	return out
}

func TestJSONHasDesignFields(t *testing.T) {
	var buf bytes.Buffer
	if err := Render(&buf, fakeResult(t), "json"); err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("JSON does not parse: %v", err)
	}
	for _, f := range designFields {
		if got := lookup(doc, f); len(got) == 0 {
			t.Errorf("JSON lacks %s", f)
		}
	}
	if got := lookup(doc, "schema"); got[0] != Schema {
		t.Errorf("schema = %v, want %s", got[0], Schema)
	}
	if got := lookup(doc, "variants[].samples_ns_per_op"); len(got) != 2 || len(got[0].([]any)) != 6 {
		t.Errorf("samples_ns_per_op = %v, want 6 samples per variant", got)
	}
}

func TestResultRoundTrip(t *testing.T) {
	res := fakeResult(t)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, res); err != nil {
		t.Fatal(err)
	}
	got, err := ParseResult("saved.json", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got.Config.Requests != 30 || len(got.Variants) != 2 || got.Variants[0].NsPerOp != res.Variants[0].NsPerOp {
		t.Errorf("round trip = %+v, want %+v", got.Variants[0], res.Variants[0])
	}
	// Compared with itself, nothing is significant.
	res.CompareSaved("saved.json", got)
	for _, d := range res.VsSaved.Variants {
		if d.Significant || d.DeltaPct != 0 {
			t.Errorf("vs saved %s = %+v, want no difference", d.Name, d)
		}
	}
}

func TestParseResultErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"not json", "garbage", "malformed JSON: invalid character 'g' looking for beginning of value (b.json:1:1)"},
		{"no schema", `{"variants": "nope"}`, `not a bench result: schema "", want "llmbench.bench/v2" or "llmbench.bench/v1"`},
		{"wrong type", `{"schema": "llmbench.bench/v1", "variants": "nope"}`, `field "variants": want an array, got a string (b.json:1:`},
		{"duplicate", `{"schema": "llmbench.bench/v2", "config": {"requests": 1, "batches": 1, "count": 1, "rps": 1}, "variants": [{"name": "b", "ns_per_op": {"median": 1}, "samples_ns_per_op": [1]}, {"name": "b", "samples_ns_per_op": [1]}]}`, `variant "b" listed twice`},
		{"median", `{"schema": "llmbench.bench/v2", "config": {"requests": 1, "batches": 1, "count": 1, "rps": 1}, "variants": [{"name": "b", "ns_per_op": {"median": -1}, "samples_ns_per_op": [1]}]}`, "ns_per_op.median must be a positive number"},
		{"ci", `{"schema": "llmbench.bench/v2", "config": {"requests": 1, "batches": 1, "count": 1, "rps": 1}, "variants": [{"name": "b", "ns_per_op": {"median": 5, "ci_low": 6, "ci_high": 7}, "samples_ns_per_op": [1]}]}`, "does not hold the median"},
		{"sample", `{"schema": "llmbench.bench/v2", "config": {"requests": 1, "batches": 1, "count": 1, "rps": 1}, "variants": [{"name": "b", "ns_per_op": {"median": 5}, "samples_ns_per_op": [0]}]}`, "samples_ns_per_op holds 0"},
		{"cpu samples", `{"schema": "llmbench.bench/v2", "config": {"requests": 1, "batches": 1, "count": 1, "rps": 1}, "variants": [{"name": "b", "ns_per_op": {"median": 5}, "samples_ns_per_op": [5], "samples_cpu_ns_per_op": [1, 2]}]}`, "2 samples_cpu_ns_per_op for 1 samples_ns_per_op"},
		{"wrong schema", `{"schema": "llmbench.regress/v1", "variants": []}`, `schema "llmbench.regress/v1", want "llmbench.bench/v2"`},
		{"no variants", `{"schema": "llmbench.bench/v1"}`, "a bench result without variants (b.json)"},
		{"no samples", `{"schema": "llmbench.bench/v1", "variants": [{"name": "baseline"}]}`, "variants[0] has no name or no samples_ns_per_op"},
		{"comparison", `{"schema": "llmbench.bench/v1", "config": {"requests": 1, "batches": 1, "count": 1, "rps": 1}, "variants": [{"name": "b", "samples_ns_per_op": [1]}], "comparison": {"before": "b", "after": "x"}, "comparisons": [{"before": "b", "after": "x"}]}`, `a comparison of "b" and "x", which are not both variants`},
		{"comparisons", `{"schema": "llmbench.bench/v1", "config": {"requests": 1, "batches": 1, "count": 1, "rps": 1}, "variants": [{"name": "b", "samples_ns_per_op": [1]}], "comparison": {"before": "b", "after": "b"}}`, "comparison is not the first of comparisons"},
		{"gc per batch", `{"schema": "llmbench.bench/v1", "variants": [{"name": "b", "samples_ns_per_op": [1, 2], "samples_gc_cycles": [0]}]}`, "variants[0] has 1 samples_gc_cycles for 2 samples_ns_per_op"},
		{"histogram", `{"schema": "llmbench.bench/v1", "variants": [{"name": "b", "samples_ns_per_op": [1], "latency_histogram": {"bins_per_decade": 20, "first_bin": 40, "counts": [1, -1]}}]}`, "variants[0].latency_histogram: negative count -1"},
		{"histogram range", `{"schema": "llmbench.bench/v1", "variants": [{"name": "b", "samples_ns_per_op": [1], "latency_histogram": {"bins_per_decade": 0, "counts": [1]}}]}`, "bins_per_decade 0 out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseResult("b.json", []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseResult(%s) = %v, want an error containing %q", tt.data, err, tt.want)
			}
		})
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	if err := Render(&bytes.Buffer{}, fakeResult(t), "xml"); err == nil || !strings.Contains(err.Error(), `unknown format "xml"`) {
		t.Errorf("Render(xml) = %v, want unknown format", err)
	}
}

func TestRenderGolden(t *testing.T) {
	for _, format := range []string{"table", "markdown", "csv", "gobench"} {
		t.Run(format, func(t *testing.T) {
			res := fakeResult(t)
			saved := fakeResult(t)
			res.CompareSaved("saved.json", saved)
			var buf bytes.Buffer
			if err := Render(&buf, res, format); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, buf.Bytes())
		})
	}
}

// FuzzParseResult: any file parses into a result that renders in every
// format and round-trips through JSON, or fails with one line that names
// the file, in JSON's terms.
func FuzzParseResult(f *testing.F) {
	var seed bytes.Buffer
	if err := WriteJSON(&seed, fakeResultForFuzz()); err == nil {
		f.Add(seed.Bytes())
	}
	f.Add([]byte(`{"schema": "llmbench.bench/v1", "variants": [{"name": "b", "samples_ns_per_op": [1, 2]}]}`))
	f.Add([]byte(`{"schema": "llmbench.bench/v2", "variants": [{"name": "b", "samples_ns_per_op": [1], "latency_histogram": {"bins_per_decade": 20, "first_bin": 40, "counts": [1]}}]}`))
	f.Add([]byte(`{"schema": "llmbench.bench/v2", "variants": "x"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseResult("f.json", data)
		if err != nil {
			var ie *infile.Error
			if !errors.As(err, &ie) || ie.File != "f.json" || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "Go ") {
				t.Fatalf("error %q: want one line naming f.json in JSON's terms", err)
			}
			return
		}
		for _, format := range Formats {
			if err := Render(&bytes.Buffer{}, r, format); err != nil {
				t.Fatalf("Render(%s) of a parsed result: %v", format, err)
			}
		}
	})
}

// fakeResultForFuzz is a real result of the fake pipeline, as a seed.
func fakeResultForFuzz() *Result {
	clock := &fakeClock{}
	cfg := fakeConfig()
	res, err := Run(context.Background(), fakeOptions(clock, nil, cfg))
	if err != nil {
		return &Result{}
	}
	return res
}

// TestMemoryNotMeasured: a target whose driver reports no allocations (real
// LiteLLM) shows "-" for its memory figures, in its row and in the
// before/after table, instead of zeros that read as "allocates nothing".
func TestMemoryNotMeasured(t *testing.T) {
	res := fakeResult(t)
	v := &res.Variants[0]
	v.AllocsPerOp, v.BytesPerOp, v.GCCycles, v.SamplesAllocs, v.SamplesBytes, v.SamplesGC = 0, 0, 0, nil, nil, nil
	var buf bytes.Buffer
	if err := Render(&buf, res, "markdown"); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"\n| allocs/op ", "\n| B/op ", "\n| GC cycles "} {
		i := strings.Index(out, want) + 1
		if i == 0 {
			t.Fatalf("no %q row:\n%s", want, out)
		}
		line := out[i : i+strings.Index(out[i:], "\n")]
		if cells := strings.Split(line, "|"); len(cells) < 5 || strings.TrimSpace(cells[2]) != "-" || strings.TrimSpace(cells[4]) != "-" {
			t.Errorf("before/after row %q: want - for the unmeasured before and the change", line)
		}
	}
	row := out[strings.Index(out, "| "+v.Name+" "):]
	row = row[:strings.Index(row, "\n")]
	if cells := strings.Split(row, "|"); strings.TrimSpace(cells[9]) != "-" || strings.TrimSpace(cells[10]) != "-" || strings.TrimSpace(cells[11]) != "-" {
		t.Errorf("variant row %q: want - for allocs/op, B/op and GCs", row)
	}
}
