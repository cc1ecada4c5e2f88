package regress

import (
	"context"
	"strings"
	"testing"

	"github.com/llmbench/llmbench/pkg/bench"
)

// fakeResult is a saved-looking result: each variant's batches around
// ns[name] per call (a fixed +-2% pattern), CPU time alike, 10 allocations
// per call; with ref > 0 a reference workload around ref per call.
func fakeResult(ns map[string]float64, ref float64) *bench.Result {
	jitter := []float64{1.00, 0.98, 1.02, 0.99, 1.01, 1.00, 0.98, 1.02, 1.01, 0.99, 1.00, 1.01}
	series := func(name string, mean float64) bench.Variant {
		v := bench.Variant{Name: name, AllocsPerOp: 10}
		for _, j := range jitter {
			v.Samples = append(v.Samples, mean*j)
			v.SamplesCPU = append(v.SamplesCPU, mean*j)
			v.SamplesAllocs = append(v.SamplesAllocs, 10)
		}
		v.NsPerOp, v.CPUNsPerOp = bench.Summarize(v.Samples), bench.Summarize(v.SamplesCPU)
		return v
	}
	r := &bench.Result{Config: bench.Config{WorkloadSHA256: "abc"}}
	for _, name := range []string{"baseline", "optimized"} {
		r.Variants = append(r.Variants, series(name, ns[name]))
	}
	if ref > 0 {
		v := series(bench.ReferenceName, ref)
		r.Reference = &v
	}
	return r
}

// TestBaselineDividesOutTheMachine: the saved-baseline gate compares
// times relative to the reference workload both runs measured, so a
// machine that runs everything 50% slower (a busy host) passes, and a
// variant 30% slower on a machine whose reference did not move fails.
func TestBaselineDividesOutTheMachine(t *testing.T) {
	saved := fakeResult(map[string]float64{"baseline": 1000, "optimized": 400}, 500)
	gate := func(base, cur *bench.Result) *PerfReport {
		t.Helper()
		rep, err := CheckBaseline(context.Background(), BaselineOptions{Baseline: base, File: "saved.json",
			Rerun: func(context.Context, bench.Config, bench.Env) (*bench.Result, error) { return cur, nil }})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}

	slowMachine := fakeResult(map[string]float64{"baseline": 1500, "optimized": 600}, 750)
	if rep := gate(saved, slowMachine); !rep.OK || rep.Reference == nil || rep.Reference.WallPct < 49 || rep.Reference.WallPct > 51 {
		t.Errorf("everything 50%% slower, the reference too: ok=%v reference=%+v variants=%+v", rep.OK, rep.Reference, rep.Variants)
	}

	slowerCode := fakeResult(map[string]float64{"baseline": 1000, "optimized": 520}, 500)
	rep := gate(saved, slowerCode)
	if rep.OK || rep.Variants[1].Verdict != VerdictSlower || rep.Variants[0].Verdict != VerdictOK {
		t.Errorf("optimized 30%% slower, the reference unmoved: ok=%v variants=%+v", rep.OK, rep.Variants)
	}
	if d := rep.Variants[1].DeltaPct; d < 28 || d > 32 {
		t.Errorf("optimized read %+.1f%%, want +30%%", d)
	}

	// Slower code on a faster machine: the reference shows the machine
	// 25% faster, so optimized's unchanged-looking times are 33% slower.
	fasterMachine := fakeResult(map[string]float64{"baseline": 750, "optimized": 400}, 375)
	if rep := gate(saved, fasterMachine); rep.OK || rep.Variants[1].Verdict != VerdictSlower || rep.Variants[0].Verdict != VerdictOK {
		t.Errorf("optimized as fast as saved on a machine 25%% faster: ok=%v variants=%+v", rep.OK, rep.Variants)
	}

	// A saved result without a reference is compared as it is, with a
	// warning that says so.
	old := fakeResult(map[string]float64{"baseline": 1000, "optimized": 400}, 0)
	rep = gate(old, slowMachine)
	if rep.OK || rep.Reference != nil || !strings.Contains(strings.Join(rep.Warnings, "\n"), "holds no reference workload") {
		t.Errorf("no reference: ok=%v reference=%+v warnings=%q", rep.OK, rep.Reference, rep.Warnings)
	}
}
