package regress

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/llmbench/llmbench/pkg/table"
	"golang.org/x/perf/benchmath"
)

// A Runner re-runs a bench configuration: the "config" object of a saved
// bench result, with the same workload, requests, batches, concurrency,
// count and variants. It returns the new result in the same form.
type Runner interface {
	Run(ctx context.Context, config json.RawMessage) (*BenchFile, error)
}

// RunnerFunc adapts a function to Runner.
type RunnerFunc func(ctx context.Context, config json.RawMessage) (*BenchFile, error)

// Run calls f.
func (f RunnerFunc) Run(ctx context.Context, config json.RawMessage) (*BenchFile, error) {
	return f(ctx, config)
}

// Defaults of the performance gate.
const (
	DefaultThreshold = 0.10
	DefaultAlpha     = 0.05
)

// PerfOptions configure the performance gate.
type PerfOptions struct {
	// Baseline is the saved bench result and BaselineName its file name.
	Baseline     *BenchFile
	BaselineName string
	// Runner re-runs the baseline's configuration.
	Runner Runner
	// Threshold is the relative slowdown of the median time per call that
	// fails the gate when it is also significant (0.10 = 10%).
	Threshold float64
	// Alpha is the significance level of the Mann-Whitney U test.
	Alpha float64
	// MinSpeedup, when > 0, requires variant After to be at least this many
	// times faster than variant Before within the same run.
	MinSpeedup    float64
	Before, After string
	// Expect holds configuration values the caller asked for explicitly
	// (flags); a baseline whose config differs in one of them is rejected.
	Expect map[string]any
	// NoConfirm fails on the first run's evidence, without the confirming
	// re-run (for tests).
	NoConfirm bool
}

// PerfReport is the result of the performance gate.
type PerfReport struct {
	Baseline  string  `json:"baseline"`
	Threshold float64 `json:"threshold"`
	Alpha     float64 `json:"alpha"`
	OK        bool    `json:"ok"`
	// Runs is the number of bench runs: 2 when a suspected regression was
	// re-run to confirm it.
	Runs int `json:"runs"`
	// Measure is what was compared: "time per call, unstretched" when both
	// results carry per-batch stretch (see comparePerf), else "wall time
	// per call".
	Measure  string         `json:"measure"`
	Variants []PerfVariant  `json:"variants"`
	Speedup  *SpeedupCheck  `json:"speedup,omitempty"`
	Current  *BenchFile     `json:"-"`
	Config   map[string]any `json:"config,omitempty"`
	Warnings []string       `json:"warnings,omitempty"`
}

// PerfVariant compares one variant with its baseline.
type PerfVariant struct {
	Name string `json:"name"`
	// Baseline and Current are the compared times per call (median and
	// 95% CI; see PerfReport.Measure); BaselineStretch and CurrentStretch
	// the median stretch they were corrected for (1 = none).
	Baseline        Estimate `json:"baseline_ns_per_op"`
	Current         Estimate `json:"current_ns_per_op"`
	BaselineStretch float64  `json:"baseline_stretch"`
	CurrentStretch  float64  `json:"current_stretch"`
	// BaselineFast and CurrentFast are the lower quartiles of the
	// (unstretched) per-batch times per call, which the gate compares: a
	// batch that a garbage collection cycle or another process happened to
	// hit is slower, so the median of a dozen batches jumps with how many
	// were hit, while the fast quartile stays with the code's own cost.
	// Garbage is gated by allocs/op instead, exactly.
	BaselineFast float64 `json:"baseline_fast_ns_per_op"`
	CurrentFast  float64 `json:"current_fast_ns_per_op"`
	// DeltaPct is the change of the fast quartile in percent (+ = slower).
	DeltaPct float64 `json:"delta_pct"`
	PValue   float64 `json:"p_value"`
	// Slower: the fast quartile beyond the threshold and the faster halves
	// of the batches significantly different (Mann-Whitney U, PValue), in
	// both runs when confirmed.
	Slower         bool    `json:"slower"`
	BaselineAllocs float64 `json:"baseline_allocs_per_op"`
	CurrentAllocs  float64 `json:"current_allocs_per_op"`
	AllocsGrew     bool    `json:"allocs_grew"`
	BaselineBytes  float64 `json:"baseline_bytes_per_op"`
	CurrentBytes   float64 `json:"current_bytes_per_op"`
	// Verdict is "ok", "faster", "~" (no significant change), "slower" or
	// "allocs grew" (or both).
	Verdict string `json:"verdict"`
}

// SpeedupCheck is the within-run --min-speedup check.
type SpeedupCheck struct {
	Before  string  `json:"before"`
	After   string  `json:"after"`
	Speedup float64 `json:"speedup"`
	Min     float64 `json:"min"`
	OK      bool    `json:"ok"`
}

// busyStretch is the stretch above which a failing report warns that the
// machine was busy.
const busyStretch = 1.5

// allocSlack absorbs the runtime's own occasional allocations (GC, timers)
// spread over a run's requests; a real regression adds at least one
// allocation to some request template, far more than this.
const allocSlack = 0.05

// CheckPerf re-runs the baseline's configuration and compares: a variant
// fails when the fast quartile of its per-batch times per call (unstretched,
// see comparePerf) is slower than the baseline's by more than Threshold and
// the difference is significant (Mann-Whitney U over the faster half of
// the batches, p < Alpha), in the first run and again in a confirming
// re-run; or when its
// allocs/op grew. An error means the gate could not run (a *BaselineError
// for an unusable baseline).
func CheckPerf(ctx context.Context, opts PerfOptions) (*PerfReport, error) {
	if opts.Threshold == 0 {
		opts.Threshold = DefaultThreshold
	}
	if opts.Alpha == 0 {
		opts.Alpha = DefaultAlpha
	}
	if opts.Before == "" {
		opts.Before = "baseline"
	}
	if opts.After == "" {
		opts.After = "optimized"
	}
	base := opts.Baseline
	var cfg map[string]any
	if err := json.Unmarshal(base.Config, &cfg); err != nil {
		return nil, &BaselineError{File: opts.BaselineName, Msg: "config is not an object"}
	}
	for k, want := range opts.Expect {
		if got, ok := cfg[k]; !ok || fmt.Sprint(got) != fmt.Sprint(want) {
			return nil, &BaselineError{File: opts.BaselineName, Msg: fmt.Sprintf(
				"recorded with a different configuration: %s %v, this run asks for %v (re-record it with `llmbench bench --out`)",
				k, render(got), render(want))}
		}
	}
	rep := &PerfReport{Baseline: opts.BaselineName, Threshold: opts.Threshold, Alpha: opts.Alpha, Config: cfg}
	if opts.MinSpeedup > 0 && (base.Variant(opts.Before) == nil || base.Variant(opts.After) == nil) {
		return nil, &BaselineError{File: opts.BaselineName, Msg: fmt.Sprintf(
			"--min-speedup needs variants %s and %s in the baseline", opts.Before, opts.After)}
	}

	run := func() (*BenchFile, error) {
		rep.Runs++
		cur, err := opts.Runner.Run(ctx, base.Config)
		if err != nil {
			return nil, err
		}
		if len(base.Workload) > 0 && len(cur.Workload) > 0 && !sameJSON(base.Workload, cur.Workload) {
			return nil, &BaselineError{File: opts.BaselineName, Msg: fmt.Sprintf(
				"recorded with a different workload: %s, re-running its config gives %s (re-record it with `llmbench bench --out`)",
				compact(base.Workload), compact(cur.Workload))}
		}
		for _, bv := range base.Variants {
			if cur.Variant(bv.Name) == nil {
				return nil, fmt.Errorf("re-running %s: variant %q missing from the result", opts.BaselineName, bv.Name)
			}
		}
		return cur, nil
	}
	cur, err := run()
	if err != nil {
		return nil, err
	}
	rep.Variants = comparePerf(base, cur, opts)
	sp := speedup(cur, opts)
	if !opts.NoConfirm && (anySlower(rep.Variants) || (sp != nil && !sp.OK)) {
		// Confirm: noise on a shared machine comes and goes; a real
		// regression stays. Fail only what the re-run shows again.
		cur2, err := run()
		if err != nil {
			return nil, err
		}
		again := comparePerf(base, cur2, opts)
		for i := range again {
			again[i].Slower = again[i].Slower && rep.Variants[i].Slower
			again[i].Verdict = verdict(&again[i])
		}
		rep.Variants = again
		if sp != nil && !sp.OK {
			sp = speedup(cur2, opts) // fails only when the re-run fails too
		}
		cur = cur2
	}
	rep.Speedup = sp
	rep.Current = cur
	rep.OK = true
	for _, v := range rep.Variants {
		if v.Slower || v.AllocsGrew {
			rep.OK = false
		}
	}
	if sp != nil && !sp.OK {
		rep.OK = false
	}
	rep.Measure = "wall time per call"
	if len(rep.Variants) > 0 && rep.Variants[0].CurrentStretch > 0 {
		rep.Measure = "time per call, unstretched (wall / max(1, wall x parallelism / CPU) per batch)"
	}
	if !rep.OK {
		for _, v := range rep.Variants {
			if k := math.Max(v.BaselineStretch, v.CurrentStretch); k > busyStretch {
				rep.Warnings = append(rep.Warnings, fmt.Sprintf(
					"the machine was busy (wall times stretched x%.2f by waiting for a core); times were corrected for it, but re-run on a quiet machine to be sure", k))
				break
			}
		}
	}
	for _, v := range base.Variants {
		if n := len(v.SamplesNsPerOp); n < 4 {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf(
				"baseline variant %s has %d samples: too few for a significant difference (need >= 4); record it with more --count or --batches", v.Name, n))
		}
	}
	return rep, nil
}

// comparePerf compares every baseline variant with the current run.
//
// When both results carry per-batch stretch (bench's samples_stretch: wall
// time x parallelism / CPU time of the batch), each batch's time per call
// is divided by its stretch (taken as at least 1): waiting for a core held
// by another process, or for a goroutine that was not scheduled, is not the
// code's cost, and a machine busier now than when the baseline was recorded
// (or the reverse) must not look like slower (or faster) code. A real
// regression costs CPU time, so it still shows. Medians and 95% confidence
// intervals are then recomputed from the corrected samples. Otherwise the
// wall times are compared as recorded.
func comparePerf(base, cur *BenchFile, opts PerfOptions) []PerfVariant {
	out := make([]PerfVariant, 0, len(base.Variants))
	for _, bv := range base.Variants {
		cv := cur.Variant(bv.Name)
		baseSamples, baseNs, kb := bv.SamplesNsPerOp, bv.NsPerOp, 0.0
		samples, curNs, kc := cv.SamplesNsPerOp, cv.NsPerOp, 0.0
		if bs, ok := unstretched(&bv); ok {
			if cs, ok := unstretched(cv); ok {
				baseSamples, baseNs, kb = bs, summarize(bs), median(bv.SamplesStretch)
				samples, curNs, kc = cs, summarize(cs), median(cv.SamplesStretch)
			}
		}
		pv := PerfVariant{Name: bv.Name, Baseline: baseNs, Current: curNs, BaselineStretch: kb, CurrentStretch: kc,
			BaselineFast: quantile(baseSamples, fastQuantile), CurrentFast: quantile(samples, fastQuantile),
			BaselineAllocs: bv.AllocsPerOp, CurrentAllocs: cv.AllocsPerOp,
			BaselineBytes: bv.BytesPerOp, CurrentBytes: cv.BytesPerOp}
		pv.DeltaPct = (pv.CurrentFast/pv.BaselineFast - 1) * 100
		pv.PValue = mannWhitney(fasterHalf(baseSamples), fasterHalf(samples), opts.Alpha)
		pv.Slower = pv.CurrentFast > pv.BaselineFast*(1+opts.Threshold) && pv.PValue < opts.Alpha
		pv.AllocsGrew = cv.AllocsPerOp > bv.AllocsPerOp+allocSlack
		pv.Verdict = verdict(&pv)
		out = append(out, pv)
	}
	return out
}

// fastQuantile is the quantile of the per-batch times the gate compares.
const fastQuantile = 0.25

// fasterHalf returns the faster half of the samples (at least 4 when
// there are that many): the batches a GC cycle or another process did not
// hit, which the significance test compares.
func fasterHalf(xs []float64) []float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := max(min(len(s), 4), (len(s)+1)/2)
	return s[:n]
}

// quantile returns the q-quantile of xs (linear interpolation between
// order statistics; Hyndman and Fan's type 7, as R and NumPy default).
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	h := q * float64(len(s)-1)
	i := int(h)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (h-float64(i))*(s[i+1]-s[i])
}

// unstretched returns the variant's per-batch times per call divided by
// their stretch (at least 1), false when it has no usable stretch samples.
func unstretched(v *BenchVariant) ([]float64, bool) {
	if len(v.SamplesStretch) != len(v.SamplesNsPerOp) || len(v.SamplesStretch) == 0 {
		return nil, false
	}
	out := make([]float64, len(v.SamplesNsPerOp))
	for i, ns := range v.SamplesNsPerOp {
		k := v.SamplesStretch[i]
		if !positive(k) {
			return nil, false
		}
		out[i] = ns / math.Max(1, k)
	}
	return out, true
}

// summarize is the median of xs with its 95% confidence interval
// (benchmath, distribution-free); bounds that need more samples are
// infinite.
func summarize(xs []float64) Estimate {
	s := benchmath.NewSample(append([]float64(nil), xs...), &benchmath.DefaultThresholds)
	sum := benchmath.AssumeNothing.Summary(s, 0.95)
	return Estimate{Median: sum.Center, CILow: sum.Lo, CIHigh: sum.Hi}
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	return summarize(xs).Median
}

func verdict(pv *PerfVariant) string {
	var parts []string
	if pv.Slower {
		parts = append(parts, "slower")
	}
	if pv.AllocsGrew {
		parts = append(parts, "allocs grew")
	}
	if len(parts) > 0 {
		return strings.Join(parts, ", ")
	}
	return "ok"
}

func anySlower(vs []PerfVariant) bool {
	for _, v := range vs {
		if v.Slower {
			return true
		}
	}
	return false
}

// mannWhitney returns the two-sided Mann-Whitney U test's p-value.
func mannWhitney(a, b []float64, alpha float64) float64 {
	th := benchmath.DefaultThresholds
	th.CompareAlpha = alpha
	s1 := benchmath.NewSample(append([]float64(nil), a...), &th)
	s2 := benchmath.NewSample(append([]float64(nil), b...), &th)
	return benchmath.AssumeNothing.Compare(s1, s2).P
}

// speedup is the within-run --min-speedup check, nil when not asked for.
func speedup(cur *BenchFile, opts PerfOptions) *SpeedupCheck {
	if opts.MinSpeedup <= 0 {
		return nil
	}
	b, a := cur.Variant(opts.Before), cur.Variant(opts.After)
	sc := &SpeedupCheck{Before: opts.Before, After: opts.After, Min: opts.MinSpeedup}
	if b == nil || a == nil {
		return sc
	}
	// Both ran interleaved in the same run; compare their fast quartiles,
	// unstretched where the run has stretch, as the gate does.
	bs, as := b.SamplesNsPerOp, a.SamplesNsPerOp
	if ubs, ok := unstretched(b); ok {
		if uas, ok := unstretched(a); ok {
			bs, as = ubs, uas
		}
	}
	before, after := quantile(bs, fastQuantile), quantile(as, fastQuantile)
	if !positive(after) {
		return sc
	}
	sc.Speedup = before / after
	sc.OK = sc.Speedup >= opts.MinSpeedup
	return sc
}

// WriteText writes the performance comparison as a table.
func (r *PerfReport) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "performance vs %s: %s (threshold %.0f%%, alpha %.2f, %d run(s)):\n",
		r.Baseline, r.Measure, r.Threshold*100, r.Alpha, r.Runs)
	t := table.New(w, false, nil)
	t.Header("variant", "baseline ns/op", "current ns/op", "fast quartile", "stretch", "delta", "p", "allocs/op", "verdict")
	for _, v := range r.Variants {
		if err := t.Append(v.Name, fmtEstimate(v.Baseline), fmtEstimate(v.Current),
			fmt.Sprintf("%s -> %s", fmtNum(v.BaselineFast), fmtNum(v.CurrentFast)),
			fmtStretch(v.BaselineStretch, v.CurrentStretch), fmt.Sprintf("%+.1f%%", v.DeltaPct),
			fmt.Sprintf("%.3g", v.PValue), fmt.Sprintf("%s -> %s", fmtNum(v.BaselineAllocs), fmtNum(v.CurrentAllocs)), v.Verdict); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	if s := r.Speedup; s != nil {
		ok := "ok"
		if !s.OK {
			ok = "FAILED"
		}
		fmt.Fprintf(w, "speedup %s/%s: %.2fx (min %.2fx) %s\n", s.Before, s.After, s.Speedup, s.Min, ok)
	}
	return nil
}

func fmtStretch(b, c float64) string {
	if b == 0 && c == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f/%.2f", b, c)
}

func fmtEstimate(e Estimate) string {
	return fmt.Sprintf("%s [%s, %s]", fmtNum(e.Median), fmtNum(e.CILow), fmtNum(e.CIHigh))
}

func fmtNum(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return fmt.Sprintf("%.0f", f)
	}
	if math.Abs(f) >= 100 {
		return fmt.Sprintf("%.0f", f)
	}
	return fmt.Sprintf("%.2f", f)
}

func render(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// sameJSON reports whether two JSON documents hold the same value.
func sameJSON(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return render(x) == render(y)
}

func compact(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	return render(v)
}
