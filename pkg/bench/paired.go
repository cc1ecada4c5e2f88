package bench

import (
	"fmt"
	"math"
	"slices"

	"golang.org/x/perf/benchmath"
)

// Paired statistics compare two targets batch by batch: batch b of each
// ran the same requests, one right after the other (the targets taking
// turns in alternating order), so the ratio of the two batches' times
// cancels whatever the machine was doing at that moment. The change is the
// median of the per-batch ratios, with a distribution-free interval from
// order statistics (the sign test's; golang.org/x/perf/benchmath): no
// assumption about the noise beyond independent pairs, and a few wild
// batches (another process took the core) cannot move it much.

// PairedRatios returns after[i]/before[i] for the batches where both are
// positive (a CPU reading that was dropped is 0).
func PairedRatios(before, after []float64) []float64 {
	n := min(len(before), len(after))
	out := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		if before[i] > 0 && after[i] > 0 {
			out = append(out, after[i]/before[i])
		}
	}
	return out
}

// MedianCI returns the median of xs with its distribution-free interval at
// the given confidence level; a bound that needs more samples is
// infinite. xs is not modified.
func MedianCI(xs []float64, confidence float64) Estimate {
	if len(xs) == 0 {
		return Estimate{Median: math.NaN(), CILow: math.Inf(-1), CIHigh: math.Inf(1), Confidence: confidence}
	}
	s := benchmath.AssumeNothing.Summary(benchmath.NewSample(slices.Clone(xs), &benchmath.DefaultThresholds), confidence)
	return Estimate{Median: s.Center, CILow: s.Lo, CIHigh: s.Hi, Confidence: s.Confidence}
}

// A Paired compares two targets batch by batch.
type Paired struct {
	Before string `json:"before"`
	After  string `json:"after"`
	// Measure is what was compared: "cpu_ns_per_op" when both targets'
	// CPU time was measured, else "ns_per_op" (wall time).
	Measure string `json:"measure"`
	// Pairs is the number of batch pairs.
	Pairs int `json:"pairs"`
	// Ratio is the median of the per-batch ratios after/before with its
	// 95% interval; DeltaPct is (Ratio - 1) in percent (+ = slower).
	Ratio    Estimate `json:"ratio"`
	DeltaPct float64  `json:"delta_pct"`
	// Significant reports an interval that excludes 1.
	Significant bool `json:"significant"`
	// AllocsBefore and AllocsAfter are the targets' allocations per call
	// (medians); AllocsDelta the median of the per-batch differences.
	AllocsBefore float64 `json:"allocs_per_op_before"`
	AllocsAfter  float64 `json:"allocs_per_op_after"`
	AllocsDelta  float64 `json:"allocs_per_op_delta"`
}

// ComparePaired compares after with before batch by batch, on CPU time per
// call when both have it, else on wall time.
func ComparePaired(before, after *Variant) Paired {
	p := Paired{Before: before.Name, After: after.Name, Measure: "ns_per_op",
		AllocsBefore: before.AllocsPerOp, AllocsAfter: after.AllocsPerOp}
	b, a := before.Samples, after.Samples
	if len(before.SamplesCPU) == len(b) && len(after.SamplesCPU) == len(a) && len(b) > 0 && len(a) > 0 {
		p.Measure, b, a = "cpu_ns_per_op", before.SamplesCPU, after.SamplesCPU
	}
	r := PairedRatios(b, a)
	p.Pairs = len(r)
	p.Ratio = MedianCI(r, Confidence)
	p.DeltaPct = (p.Ratio.Median - 1) * 100
	p.Significant = p.Ratio.HasCI() && (p.Ratio.CILow > 1 || p.Ratio.CIHigh < 1)
	if n := min(len(before.SamplesAllocs), len(after.SamplesAllocs)); n > 0 {
		d := make([]float64, n)
		for i := range d {
			d[i] = after.SamplesAllocs[i] - before.SamplesAllocs[i]
		}
		p.AllocsDelta = MedianCI(d, Confidence).Median
	}
	return p
}

// Delta formats the change benchstat's way: "~" when not significant.
func (p Paired) Delta() string {
	if !p.Significant {
		return "~"
	}
	return fmt.Sprintf("%+.2f%%", p.DeltaPct)
}

// Interval formats the change with its interval: "+3.1% [+1.2%, +5.0%]".
func (p Paired) Interval() string {
	if !p.Ratio.HasCI() {
		return fmt.Sprintf("%+.1f%% [needs more pairs]", p.DeltaPct)
	}
	return fmt.Sprintf("%+.1f%% [%+.1f%%, %+.1f%%]", p.DeltaPct, (p.Ratio.CILow-1)*100, (p.Ratio.CIHigh-1)*100)
}

// AddPairs compares each pair of targets {before, after} batch by batch
// and records the comparisons in r.Paired. A pair with a target r does not
// have is skipped.
func (r *Result) AddPairs(pairs [][2]string) {
	for _, pr := range pairs {
		b, a := r.Find(pr[0]), r.Find(pr[1])
		if b == nil || a == nil {
			continue
		}
		r.Paired = append(r.Paired, ComparePaired(b, a))
	}
}
