package regress

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/llmbench/llmbench/pkg/infile"
)

// benchFile builds a bench result with the given variants.
func benchFile(t *testing.T, variants ...BenchVariant) *BenchFile {
	t.Helper()
	return &BenchFile{Schema: BenchSchema, Env: BenchEnv{GOMAXPROCS: 2},
		Config:   json.RawMessage(`{"workload":"default","requests":4000,"batches":4,"count":3}`),
		Workload: json.RawMessage(`{"name":"default","templates":18}`),
		Variants: variants}
}

// variant builds a BenchVariant from per-batch samples (ns/op); its median
// and CI come from the samples.
func variant(name string, allocs float64, samples ...float64) BenchVariant {
	return BenchVariant{Name: name, NsPerOp: summarize(samples), AllocsPerOp: allocs, SamplesNsPerOp: samples}
}

// setStretch records a measured stretch k for every batch of every variant.
func setStretch(b *BenchFile, k float64) *BenchFile {
	for i := range b.Variants {
		v := &b.Variants[i]
		v.SamplesStretch = make([]float64, len(v.SamplesNsPerOp))
		for j := range v.SamplesStretch {
			v.SamplesStretch[j] = k
		}
	}
	return b
}

func scaled(k float64, xs ...float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x * k
	}
	return out
}

var (
	fastSamples = []float64{1000, 1010, 990, 1005, 995, 1020, 980, 1001, 999, 1003, 997, 1008}
	slowSamples = []float64{2600, 2610, 2590, 2605, 2595, 2620, 2580, 2601, 2599, 2603, 2597, 2608}
)

// runs returns a Runner that answers with the given results in turn.
func runs(t *testing.T, results ...*BenchFile) (Runner, *int) {
	t.Helper()
	n := 0
	return RunnerFunc(func(ctx context.Context, config json.RawMessage) (*BenchFile, error) {
		if n >= len(results) {
			t.Fatalf("runner called %d times, want at most %d", n+1, len(results))
		}
		n++
		return results[n-1], nil
	}), &n
}

func TestCheckPerf(t *testing.T) {
	base := setStretch(benchFile(t, variant("baseline", 17, slowSamples...), variant("optimized", 14, fastSamples...)), 1)
	same := setStretch(benchFile(t, variant("baseline", 17, scaled(1.03, slowSamples...)...), variant("optimized", 14, scaled(0.98, fastSamples...)...)), 1.02)
	// Both variants 2x slower in wall time, because another process took
	// half the cores: every batch was stretched x2.
	busy := benchFile(t, variant("baseline", 17, scaled(2, slowSamples...)...), variant("optimized", 14, scaled(2, fastSamples...)...))
	setStretch(busy, 2)
	// The same without a contention measurement: the gate cannot tell load
	// from code.
	busyUnmeasured := benchFile(t, variant("baseline", 17, scaled(2, slowSamples...)...), variant("optimized", 14, scaled(2, fastSamples...)...))
	// A baseline recorded while the machine was busy.
	busyBase := setStretch(benchFile(t, variant("baseline", 17, scaled(2, slowSamples...)...), variant("optimized", 14, scaled(2, fastSamples...)...)), 2)
	// optimized really got 1.5x slower (CPU time too), on a busy machine.
	slowerOptBusy := benchFile(t, variant("baseline", 17, scaled(2, slowSamples...)...), variant("optimized", 14, scaled(3, fastSamples...)...))
	setStretch(slowerOptBusy, 2)
	slowerOpt := setStretch(benchFile(t, variant("baseline", 17, slowSamples...), variant("optimized", 14, scaled(1.5, fastSamples...)...)), 1)
	moreAllocs := setStretch(benchFile(t, variant("baseline", 17, slowSamples...), variant("optimized", 15, fastSamples...)), 1)
	slightlySlower := setStretch(benchFile(t, variant("baseline", 17, scaled(1.05, slowSamples...)...), variant("optimized", 14, scaled(1.05, fastSamples...)...)), 1)

	// Batches hit by a garbage collection take ~1.8x as long; how many of a
	// dozen are hit varies from run to run. 3 of 12 in the baseline, 8 of
	// 12 now: the median doubles, the code did not change.
	gcBase := setStretch(benchFile(t, variant("baseline", 17, slowSamples...),
		variant("optimized", 14, 1000, 1010, 990, 1005, 995, 1020, 980, 1001, 997, 1800, 1810, 1790)), 1)
	gcNow := setStretch(benchFile(t, variant("baseline", 17, slowSamples...),
		variant("optimized", 14, 1003, 998, 1012, 1006, 1800, 1820, 1790, 1805, 1795, 1810, 1830, 1785)), 1)
	// A real 20% regression shifts every batch.
	gcSlower := setStretch(benchFile(t, variant("baseline", 17, slowSamples...),
		variant("optimized", 14, scaled(1.2, 1003, 998, 1012, 1006, 1800, 1820, 1790, 1805, 1795, 1810, 1830, 1785)...)), 1)

	halve := func(b *BenchFile) *BenchFile {
		c := *b
		c.Variants = nil
		for _, v := range b.Variants {
			h := v
			h.NsPerOp = Estimate{Median: v.NsPerOp.Median / 2, CILow: v.NsPerOp.CILow / 2, CIHigh: v.NsPerOp.CIHigh / 2}
			// the recorded stretch stays: only the times were edited
			h.SamplesNsPerOp = scaled(0.5, v.SamplesNsPerOp...)
			c.Variants = append(c.Variants, h)
		}
		return &c
	}
	lowerAllocs := func(b *BenchFile) *BenchFile {
		c := *b
		c.Variants = append([]BenchVariant(nil), b.Variants...)
		c.Variants[0].AllocsPerOp--
		return &c
	}

	tests := []struct {
		name       string
		base       *BenchFile
		runs       []*BenchFile
		minSpeedup float64
		wantOK     bool
		wantRuns   int
		wantVerd   []string
	}{
		{"unchanged", base, []*BenchFile{same}, 0, true, 1, []string{"ok", "ok"}},
		{"busy machine is not slower code", base, []*BenchFile{busy}, 0, true, 1, []string{"ok", "ok"}},
		{"busy machine, contention unknown", base, []*BenchFile{busyUnmeasured, busyUnmeasured}, 0, false, 2, []string{"slower", "slower"}},
		{"busy machine, contention unknown, quiet again", base, []*BenchFile{busyUnmeasured, same}, 0, true, 2, []string{"ok", "ok"}},
		{"baseline recorded on a busy machine", busyBase, []*BenchFile{same}, 0, true, 1, []string{"ok", "ok"}},
		{"slower on a busy machine", base, []*BenchFile{slowerOptBusy, slowerOptBusy}, 0, false, 2, []string{"ok", "slower"}},
		{"halved baseline, busy machine", halve(base), []*BenchFile{busy, busy}, 0, false, 2, []string{"slower", "slower"}},
		{"halved baseline recorded on a busy machine", halve(busyBase), []*BenchFile{same, same}, 0, false, 2, []string{"slower", "slower"}},
		{"halved baseline recorded on a busy machine, busy now", halve(busyBase), []*BenchFile{busy, busy}, 0, false, 2, []string{"slower", "slower"}},
		{"halved baseline", halve(base), []*BenchFile{same, same}, 0, false, 2, []string{"slower", "slower"}},
		{"lowered allocs", lowerAllocs(base), []*BenchFile{same}, 0, false, 1, []string{"allocs grew", "ok"}},
		{"optimized slower, confirmed", base, []*BenchFile{slowerOpt, slowerOpt}, 0, false, 2, []string{"ok", "slower"}},
		{"slowdown gone in the re-run", base, []*BenchFile{slowerOpt, same}, 0, true, 2, []string{"ok", "ok"}},
		{"allocs grew", base, []*BenchFile{moreAllocs}, 0, false, 1, []string{"ok", "allocs grew"}},
		{"below threshold", base, []*BenchFile{slightlySlower}, 0, true, 1, []string{"ok", "ok"}},
		{"more batches hit by GC", gcBase, []*BenchFile{gcNow}, 0, true, 1, []string{"ok", "ok"}},
		{"20% slower, GC or not", gcBase, []*BenchFile{gcSlower, gcSlower}, 0, false, 2, []string{"ok", "slower"}},
		{"speedup kept", base, []*BenchFile{same}, 2, true, 1, []string{"ok", "ok"}},
		{"speedup lost", base, []*BenchFile{slowerOpt, slowerOpt}, 2, false, 2, []string{"ok", "slower"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, n := runs(t, tt.runs...)
			rep, err := CheckPerf(context.Background(), PerfOptions{Baseline: tt.base, BaselineName: "base.json", Runner: r, MinSpeedup: tt.minSpeedup})
			if err != nil {
				t.Fatalf("CheckPerf: %v", err)
			}
			if rep.OK != tt.wantOK {
				t.Errorf("OK = %v, want %v; %+v", rep.OK, tt.wantOK, rep.Variants)
			}
			if *n != tt.wantRuns || rep.Runs != tt.wantRuns {
				t.Errorf("runs = %d (report %d), want %d", *n, rep.Runs, tt.wantRuns)
			}
			for i, v := range rep.Variants {
				if v.Verdict != tt.wantVerd[i] {
					t.Errorf("%s verdict = %q, want %q (delta %+.1f%%, p %.3g)", v.Name, v.Verdict, tt.wantVerd[i], v.DeltaPct, v.PValue)
				}
			}
		})
	}
}

func TestCheckPerfRejectsOtherConfigs(t *testing.T) {
	base := benchFile(t, variant("baseline", 17, slowSamples...), variant("optimized", 14, fastSamples...))
	otherWorkload := benchFile(t, variant("baseline", 17, slowSamples...), variant("optimized", 14, fastSamples...))
	otherWorkload.Workload = json.RawMessage(`{"name":"default","templates":19}`)
	tests := []struct {
		name   string
		expect map[string]any
		run    *BenchFile
		want   string
	}{
		{"flag differs", map[string]any{"requests": 10000.0}, nil, "requests 4000, this run asks for 10000"},
		{"workload changed", nil, otherWorkload, "recorded with a different workload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := runs(t, tt.run)
			_, err := CheckPerf(context.Background(), PerfOptions{Baseline: base, BaselineName: "base.json", Runner: r, Expect: tt.expect})
			if !errors.Is(err, ErrBadBaseline) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "base.json") {
				t.Errorf("CheckPerf error = %v, want a bad-baseline error naming base.json containing %q", err, tt.want)
			}
		})
	}
}

func TestParseBaseline(t *testing.T) {
	good := `{"schema":"llmbench.bench/v1","env":{"gomaxprocs":2},"config":{"requests":10},
		"variants":[{"name":"baseline","ns_per_op":{"median":10,"ci_low":null,"ci_high":12},"allocs_per_op":3,"samples_ns_per_op":[9,10,11]}]}`
	tests := []struct {
		name, data, wantErr string
	}{
		{"good", good, ""},
		{"malformed", `{"schema":`, "malformed JSON"},
		{"not an object", `[1]`, "malformed JSON"},
		{"no schema", `{"variants": "nope"}`, `no "schema"`},
		{"wrong schema", `{"schema":"llmbench.profile/v1"}`, `schema "llmbench.profile/v1", want "llmbench.bench/v2"`},
		{"variants not a list", `{"schema":"llmbench.bench/v1","config":{},"variants":"nope"}`, "malformed bench result"},
		{"no config", `{"schema":"llmbench.bench/v1","variants":[]}`, `no "config"`},
		{"no variants", `{"schema":"llmbench.bench/v1","config":{},"variants":[]}`, "no variants"},
		{"zero median", strings.Replace(good, `"median":10`, `"median":0`, 1), "median must be a positive number"},
		{"no samples", strings.Replace(good, `[9,10,11]`, `[]`, 1), "no samples_ns_per_op"},
		{"negative sample", strings.Replace(good, `[9,10,11]`, `[9,-1]`, 1), "want positive numbers"},
		{"negative allocs", strings.Replace(good, `"allocs_per_op":3`, `"allocs_per_op":-3`, 1), "allocs_per_op"},
		{"duplicate variant", strings.Replace(good, `}]}`, `},{"name":"baseline","ns_per_op":{"median":1},"samples_ns_per_op":[1]}]}`, 1), "listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ParseBaseline("base.json", []byte(tt.data))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ParseBaseline: %v", err)
				}
				if got := b.Variants[0].NsPerOp.CILow; !math.IsInf(got, -1) {
					t.Errorf("null ci_low = %v, want -Inf", got)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ParseBaseline error = %v, want one containing %q", err, tt.wantErr)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "baseline base.json: ") || strings.Contains(msg, "\n") {
				t.Errorf("error %q is not one line naming the file", msg)
			}
		})
	}
}

// FuzzParseBaseline: any bytes give a validated result or an error, never a
// panic, and an accepted baseline can be compared with itself.
func FuzzParseBaseline(f *testing.F) {
	f.Add([]byte(`{"schema":"llmbench.bench/v1","env":{"gomaxprocs":2},"config":{"requests":10},"variants":[{"name":"b","ns_per_op":{"median":10,"ci_low":9,"ci_high":12},"cpu_ns_per_op":{"median":20},"allocs_per_op":3,"samples_ns_per_op":[9,10,11]}]}`))
	f.Add([]byte(`{"variants": "nope"}`))
	f.Add([]byte(`{"schema":"llmbench.bench/v1","config":{},"variants":[{"name":"x","ns_per_op":{"median":1e308},"samples_ns_per_op":[1e-308]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseBaseline("fuzz.json", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		r := RunnerFunc(func(context.Context, json.RawMessage) (*BenchFile, error) { return b, nil })
		rep, err := CheckPerf(context.Background(), PerfOptions{Baseline: b, BaselineName: "fuzz.json", Runner: r})
		if err != nil {
			return
		}
		for _, v := range rep.Variants {
			if v.Slower {
				t.Fatalf("a baseline is slower than itself: %+v", v)
			}
			if v.AllocsGrew {
				t.Fatalf("allocs grew against themselves: %+v", v)
			}
		}
	})
}

// FuzzParseKnown: any known-differences file gives a map or an error naming
// the file and line, never a panic; every accepted entry has an id and a
// reason.
func FuzzParseKnown(f *testing.F) {
	f.Add([]byte("# comment\ncase-1\tnot yet mapped\n\ncase-2\t  reason with spaces \n"))
	f.Add([]byte("no tab here\n"))
	f.Add([]byte("a\tb\na\tc\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		known, err := ParseKnown("known-differences", bytes.NewReader(data))
		if err != nil {
			var ie *infile.Error
			if !errors.As(err, &ie) || ie.File != "known-differences" || ie.Line < 1 {
				t.Fatalf("error %q does not name the file and line", err)
			}
			return
		}
		for id, reason := range known {
			if id == "" || reason == "" || strings.ContainsAny(id, "\t\n") {
				t.Fatalf("bad entry %q -> %q", id, reason)
			}
		}
	})
}
