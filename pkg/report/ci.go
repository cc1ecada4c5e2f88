package report

import (
	"fmt"
	"io"
	"math"

	"github.com/llmbench/llmbench/pkg/bench"
)

// A bmfMetric is one measure of one benchmark in the Bencher Metric Format
// (https://bencher.dev/docs/reference/bencher-metric-format/): a value with
// optional lower and upper bounds.
type bmfMetric struct {
	Value float64  `json:"value"`
	Lower *float64 `json:"lower_value,omitempty"`
	Upper *float64 `json:"upper_value,omitempty"`
}

// The measures of a bench result in BMF: Bencher's built-in "latency"
// (nanoseconds) for the time per call, as Bencher's own Go adapter uses it
// for ns/op, and measures of their own for the rest (Bencher creates a
// measure the first time a report names its slug).
const (
	MeasureTimePerCall = "latency"
	MeasureCPUPerCall  = "cpu-time-per-call"
	MeasureP50         = "latency-p50"
	MeasureP99         = "latency-p99"
	MeasureAllocs      = "allocs-per-op"
	MeasureBytes       = "bytes-per-op"
)

// estimateMetric turns a median and its interval into a BMF metric; bounds
// that need more samples are left out.
func estimateMetric(e bench.Estimate) bmfMetric {
	m := bmfMetric{Value: e.Median}
	if e.HasCI() {
		lo, hi := e.CILow, e.CIHigh
		m.Lower, m.Upper = &lo, &hi
	}
	return m
}

// sampleEstimate summarizes per-batch samples, or takes the recorded median
// without an interval when the file has no samples of it.
func sampleEstimate(samples []float64, median float64) bench.Estimate {
	if len(samples) == 0 {
		return bench.Estimate{Median: median, CILow: math.Inf(-1), CIHigh: math.Inf(1)}
	}
	return bench.Summarize(samples)
}

// benchMetrics lists a variant's measures in a fixed order: time per call,
// CPU per call (when measured), p50, p99, allocs/op, B/op.
func benchMetrics(v *bench.Variant) []namedMetric {
	out := []namedMetric{{MeasureTimePerCall, "time per call", "ns/op", estimateMetric(v.NsPerOp), false}}
	if v.CPUNsPerOp.Median > 0 {
		out = append(out, namedMetric{MeasureCPUPerCall, "CPU time per call", "ns/op", estimateMetric(v.CPUNsPerOp), false})
	}
	out = append(out,
		namedMetric{MeasureP50, "latency p50", "ns", bmfMetric{Value: float64(v.Latency.P50)}, true},
		namedMetric{MeasureP99, "latency p99", "ns", bmfMetric{Value: float64(v.Latency.P99)}, true},
		namedMetric{MeasureAllocs, "allocs/op", "allocs/op", estimateMetric(sampleEstimate(v.SamplesAllocs, v.AllocsPerOp)), false},
		namedMetric{MeasureBytes, "B/op", "B/op", estimateMetric(sampleEstimate(v.SamplesBytes, v.BytesPerOp)), false},
	)
	return out
}

type namedMetric struct {
	slug, label, unit string
	m                 bmfMetric
	// perRequest is set for the latency percentiles, which come from every
	// request rather than from the batches.
	perRequest bool
}

// interruptedMark marks the benchmarks of an interrupted run.
const interruptedMark = "INTERRUPTED: only the batches that finished"

// ciName names variant's benchmark for a CI service: as in the Go benchmark
// output, and for an interrupted run with " (INTERRUPTED)", so that the
// service keeps the partial numbers out of the variant's history.
func ciName(r *bench.Result, variant string) string {
	if r.Interrupted {
		return bench.BenchName(r, variant) + " (INTERRUPTED)"
	}
	return bench.BenchName(r, variant)
}

// writeBMF writes r in the Bencher Metric Format: one benchmark per variant,
// named as in the Go benchmark output (BenchmarkPipeline/variant=V/...),
// each with the measures of benchMetrics.
func writeBMF(w io.Writer, r *bench.Result) error {
	doc := map[string]map[string]bmfMetric{}
	for i := range r.Variants {
		v := &r.Variants[i]
		ms := map[string]bmfMetric{}
		for _, m := range benchMetrics(v) {
			ms[m.slug] = m.m
		}
		doc[ciName(r, v.Name)] = ms
	}
	return bench.WriteJSON(w, doc)
}

// A gabEntry is one entry of github-action-benchmark's customSmallerIsBetter
// format (https://github.com/benchmark-action/github-action-benchmark,
// src/extract.ts): name, unit, value, and the optional range and extra
// strings.
type gabEntry struct {
	Name  string  `json:"name"`
	Unit  string  `json:"unit"`
	Value float64 `json:"value"`
	Range string  `json:"range,omitempty"`
	Extra string  `json:"extra,omitempty"`
}

// writeGitHubActionBenchmark writes r as github-action-benchmark's
// customSmallerIsBetter JSON: one entry per variant and measure (the
// action draws one chart per name), the interval as range ("± the wider
// side") and its exact bounds, the sample count and the commit as extra.
func writeGitHubActionBenchmark(w io.Writer, r *bench.Result) error {
	entries := []gabEntry{}
	for i := range r.Variants {
		v := &r.Variants[i]
		for _, m := range benchMetrics(v) {
			e := gabEntry{Name: ciName(r, v.Name) + " - " + m.label, Unit: m.unit, Value: m.m.Value}
			extra := fmt.Sprintf("median of %d batch samples; %s", len(v.Samples), bench.Describe(r))
			if m.perRequest {
				extra = fmt.Sprintf("over all %d requests; %s", v.Requests, bench.Describe(r))
			}
			if m.m.Lower != nil {
				e.Range = "± " + trimFloat(math.Max(*m.m.Upper-m.m.Value, m.m.Value-*m.m.Lower))
				extra = fmt.Sprintf("95%% interval [%s, %s], %s", trimFloat(*m.m.Lower), trimFloat(*m.m.Upper), extra)
			}
			if r.Env.Commit != "" {
				extra += "\ncommit " + shortCommit(r.Env.Commit, r.Env.Dirty)
			}
			if r.Interrupted {
				extra = interruptedMark + "\n" + extra
			}
			e.Extra = extra
			entries = append(entries, e)
		}
	}
	return bench.WriteJSON(w, entries)
}

func trimFloat(x float64) string {
	if math.Abs(x) >= 100 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.3g", x)
}
