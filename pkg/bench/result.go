package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/llmbench/llmbench/pkg/infile"

	"golang.org/x/perf/benchmath"
)

// Confidence is the confidence level of every interval in a result.
const Confidence = 0.95

// Alpha is the significance level of every comparison in a result.
const Alpha = 0.05

// MaxOverheadPct is the largest acceptable harness overhead, in percent of
// the fastest variant's time per call.
const MaxOverheadPct = 5.0

// MemMeasured reports whether v's allocations were measured: a target run
// in a driver that does not report them (real LiteLLM) has neither samples
// nor figures, and its zeros mean "not measured", not "none".
func (v *Variant) MemMeasured() bool {
	return len(v.SamplesAllocs) > 0 || v.AllocsPerOp > 0 || v.BytesPerOp > 0
}

// A Result is a bench run: what ran, where, and what it measured. It is the
// JSON document of `llmbench bench --format json` and `--out`.
type Result struct {
	Schema   string       `json:"schema"`
	Env      Env          `json:"env"`
	Config   Config       `json:"config"`
	Workload WorkloadInfo `json:"workload"`
	// Variants are the measured variants, in Config.Variants order.
	Variants []Variant `json:"variants"`
	// Comparison compares the first variant (before) with the second
	// (after); nil with a single variant.
	Comparison *Comparison `json:"comparison,omitempty"`
	// Comparisons compare the first variant with every other one.
	Comparisons []Comparison `json:"comparisons,omitempty"`
	// Projection is the production-impact projection of Comparison.
	Projection *Projection `json:"projection,omitempty"`
	// Projections are the projections of Comparisons, in their order.
	Projections []Projection `json:"projections,omitempty"`
	// Overhead is the harness's own cost, measured with an empty pipeline.
	Overhead Overhead `json:"harness_overhead"`
	// Reference is the reference workload (ReferenceName), measured in the
	// same rounds as the variants when one ran in process: a measure of
	// the machine's speed during the run, which regress --baseline
	// compares saved and re-run times relative to.
	Reference *Variant `json:"reference,omitempty"`
	// VsSaved compares the variants with a saved result (--baseline).
	VsSaved *VsSaved `json:"vs_saved,omitempty"`
	// Paired compares targets batch by batch (bench --against: each
	// variant of this build against the other build's).
	Paired []Paired `json:"paired,omitempty"`
	// Ablation attributes a variant's gain to its changes (bench
	// --ablate); nil in a plain run.
	Ablation *Ablation `json:"ablation,omitempty"`
	// Interrupted is set when the run was canceled: only the batches that
	// finished are in the result.
	Interrupted bool    `json:"interrupted"`
	DurationSec float64 `json:"duration_sec"`
	// Warnings are non-fatal problems: too few samples, a noisy harness,
	// a configuration that differs from the saved one.
	Warnings []string `json:"warnings"`

	batchesDone int
}

// WorkloadInfo describes the workload of a run.
type WorkloadInfo struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Templates   int    `json:"templates"`
}

// An Estimate is a median with its confidence interval; an interval bound
// that needs more samples is infinite (null in JSON).
type Estimate struct {
	Median     float64 `json:"median"`
	CILow      float64 `json:"ci_low"`
	CIHigh     float64 `json:"ci_high"`
	Confidence float64 `json:"confidence"`
}

type estimateJSON struct {
	Median     float64  `json:"median"`
	CILow      *float64 `json:"ci_low"`
	CIHigh     *float64 `json:"ci_high"`
	Confidence float64  `json:"confidence"`
}

// MarshalJSON writes infinite bounds as null.
func (e Estimate) MarshalJSON() ([]byte, error) {
	return json.Marshal(estimateJSON{e.Median, finite(e.CILow), finite(e.CIHigh), e.Confidence})
}

// UnmarshalJSON reads null bounds as infinite.
func (e *Estimate) UnmarshalJSON(data []byte) error {
	var j estimateJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*e = Estimate{Median: j.Median, CILow: math.Inf(-1), CIHigh: math.Inf(1), Confidence: j.Confidence}
	if j.CILow != nil {
		e.CILow = *j.CILow
	}
	if j.CIHigh != nil {
		e.CIHigh = *j.CIHigh
	}
	return nil
}

// HasCI reports whether both bounds of the interval are finite.
func (e Estimate) HasCI() bool { return !math.IsInf(e.CILow, 0) && !math.IsInf(e.CIHigh, 0) }

// Latency holds exact percentiles of every request's duration, in ns.
type Latency struct {
	P50 int64 `json:"p50"`
	P90 int64 `json:"p90"`
	P99 int64 `json:"p99"`
	Max int64 `json:"max"`
}

// A Variant is what one variant measured.
type Variant struct {
	Name string `json:"name"`
	// Changes are the names of the variant's changes ([] for baseline);
	// null for a target that is not a variant of this build, and in v1
	// files.
	Changes []string `json:"changes"`
	// NsPerOp is the time per call: per batch, wall time / requests.
	NsPerOp Estimate `json:"ns_per_op"`
	// CPUNsPerOp is the process CPU time per call (all goroutines, GC
	// included); zero when the platform cannot tell.
	CPUNsPerOp Estimate `json:"cpu_ns_per_op"`
	// RPS is requests per second at the median time per call.
	RPS float64 `json:"rps"`
	// Latency is over every request of every batch.
	Latency     Latency `json:"latency_ns"`
	AllocsPerOp float64 `json:"allocs_per_op"`
	BytesPerOp  float64 `json:"bytes_per_op"`
	GCCycles    uint32  `json:"gc_cycles"`
	Requests    int     `json:"requests"`
	// Samples are the per-batch times per call, in run order.
	Samples []float64 `json:"samples_ns_per_op"`
	// SamplesCPU are the per-batch CPU times per call, aligned with
	// Samples.
	SamplesCPU []float64 `json:"samples_cpu_ns_per_op,omitempty"`
	// CPUDropped counts the batches whose CPU reading could not be right
	// (see PlausibleCPU): they are 0 in SamplesCPU and left out of
	// CPUNsPerOp.
	CPUDropped    int       `json:"cpu_samples_dropped,omitempty"`
	SamplesAllocs []float64 `json:"samples_allocs_per_op"`
	SamplesBytes  []float64 `json:"samples_bytes_per_op"`
	// SamplesGC are, per batch in run order, the garbage collection cycles
	// that completed during the batch: a batch a cycle landed in is slower
	// for a reason that is not its own code. Absent in older results.
	SamplesGC []uint32 `json:"samples_gc_cycles,omitempty"`
	// LatencyHistogram is the distribution of every request's duration
	// (the one Latency's percentiles come from), in logarithmic bins.
	// Absent in older results.
	LatencyHistogram *Histogram `json:"latency_histogram,omitempty"`
}

// A Comparison compares the time per call of two variants.
type Comparison struct {
	Before string `json:"before"`
	After  string `json:"after"`
	// DeltaPct is the change of the median time per call, in percent
	// (negative is faster).
	DeltaPct float64 `json:"delta_pct"`
	// Speedup is before / after of the median time per call.
	Speedup float64 `json:"speedup"`
	// PValue is the Mann-Whitney U test's p-value over the batch samples.
	PValue      float64 `json:"p_value"`
	Significant bool    `json:"significant"`
	N1          int     `json:"n_before"`
	N2          int     `json:"n_after"`
	// CPUDeltaPct and CPUPValue compare the CPU time per call the same way;
	// zero when CPU time was not measured.
	CPUDeltaPct float64 `json:"cpu_delta_pct"`
	CPUPValue   float64 `json:"cpu_p_value"`
	// AllocsDelta is after - before allocations per call.
	AllocsDelta float64  `json:"allocs_per_op_delta"`
	Warnings    []string `json:"warnings,omitempty"`
}

// Delta formats the change benchstat's way: "~" when not significant.
func (c Comparison) Delta() string {
	if !c.Significant {
		return "~"
	}
	return fmt.Sprintf("%+.2f%%", c.DeltaPct)
}

// Projection is the summary's "Expected Production Impact", from
// measurements: the pipeline's CPU cost at RPS requests/s before and after.
type Projection struct {
	RPS    float64 `json:"rps"`
	Before string  `json:"before"`
	After  string  `json:"after"`
	// Basis is "cpu" when per-call CPU time was measured, else "wall".
	Basis string `json:"basis"`
	// CPUSecPerSecBefore is the pipeline's CPU-seconds per second at RPS.
	CPUSecPerSecBefore float64 `json:"cpu_sec_per_sec_before"`
	CPUSecPerSecAfter  float64 `json:"cpu_sec_per_sec_after"`
	// CPUSavedPct is the share of the pipeline's CPU saved.
	CPUSavedPct float64 `json:"cpu_saved_pct"`
	// ExtraRPS is how many more requests/s the CPU budget of "before" at
	// RPS serves with "after".
	ExtraRPS float64 `json:"extra_rps"`
	// LatencyP50DeltaPct is the change of the median request latency.
	LatencyP50DeltaPct float64 `json:"latency_p50_delta_pct"`
}

// Overhead is the harness's cost per call, measured with a pipeline that
// does nothing.
type Overhead struct {
	NsPerOp     float64 `json:"ns_per_op"`
	AllocsPerOp float64 `json:"allocs_per_op"`
	// PctOfFastest is NsPerOp in percent of the fastest variant's time per
	// call; it must stay under MaxOverheadPct.
	PctOfFastest float64 `json:"pct_of_fastest"`
	OK           bool    `json:"ok"`
	// NotMeasured is set when every target ran in a driver, which measures
	// its own batches with its own harness.
	NotMeasured bool `json:"not_measured,omitempty"`
}

// VsSaved compares a run with a saved result, per variant.
type VsSaved struct {
	File     string      `json:"file"`
	Commit   string      `json:"commit,omitempty"`
	Variants []SavedDiff `json:"variants"`
}

// A SavedDiff compares one variant with its saved measurement.
type SavedDiff struct {
	Name        string  `json:"name"`
	SavedNs     float64 `json:"saved_ns_per_op"`
	Ns          float64 `json:"ns_per_op"`
	DeltaPct    float64 `json:"delta_pct"`
	PValue      float64 `json:"p_value"`
	Significant bool    `json:"significant"`
	N1          int     `json:"n_saved"`
	N2          int     `json:"n"`
	SavedAllocs float64 `json:"saved_allocs_per_op"`
	Allocs      float64 `json:"allocs_per_op"`
}

// Delta formats the change benchstat's way: "~" when not significant.
func (d SavedDiff) Delta() string {
	if !d.Significant {
		return "~"
	}
	return fmt.Sprintf("%+.2f%%", d.DeltaPct)
}

// projection returns the projection of Comparisons[i]; results written
// before Projections only have the first.
func (r *Result) projection(i int) *Projection {
	if i < len(r.Projections) {
		return &r.Projections[i]
	}
	if i == 0 {
		return r.Projection
	}
	return nil
}

// Find returns the named variant, or nil.
func (r *Result) Find(name string) *Variant {
	for i := range r.Variants {
		if r.Variants[i].Name == name {
			return &r.Variants[i]
		}
	}
	return nil
}

// newResult computes the statistics of a run.
func newResult(cfg Config, wl WorkloadInfo, env Env, ss []*series, empty, ref *series, interrupted bool) *Result {
	res := &Result{Schema: Schema, Env: env, Config: cfg, Workload: wl, Interrupted: interrupted, Warnings: []string{}}
	for _, s := range ss {
		res.batchesDone += len(s.ns)
	}
	for _, x := range []*series{empty, ref} {
		if x != nil {
			res.batchesDone += len(x.ns)
		}
	}
	for _, s := range ss {
		if len(s.ns) == 0 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("variant %s: no batch finished", s.name))
			continue
		}
		res.Variants = append(res.Variants, s.variant(res))
	}
	if ref != nil && len(ref.ns) > 0 {
		v := ref.variant(nil)
		v.LatencyHistogram, v.Latency = nil, Percentiles(nil)
		res.Reference = &v
	}
	for i := 1; i < len(res.Variants); i++ {
		c := Compare(&res.Variants[0], &res.Variants[i])
		for _, w := range c.Warnings {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s vs %s: %s", c.Before, c.After, w))
		}
		res.Comparisons = append(res.Comparisons, c)
		res.Projections = append(res.Projections, Project(cfg.RPS, &res.Variants[0], &res.Variants[i]))
	}
	if len(res.Comparisons) > 0 {
		c := res.Comparisons[0]
		res.Comparison = &c
		p := Project(cfg.RPS, &res.Variants[0], &res.Variants[1])
		res.Projection = &p
	}
	if empty == nil {
		res.Overhead = Overhead{OK: true, NotMeasured: true}
	}
	if empty != nil && len(empty.ns) > 0 {
		res.Overhead = Overhead{NsPerOp: median(empty.ns), AllocsPerOp: median(empty.allocs)}
		fastest := math.Inf(1)
		for _, v := range res.Variants {
			fastest = math.Min(fastest, v.NsPerOp.Median)
		}
		if fastest > 0 && !math.IsInf(fastest, 0) {
			res.Overhead.PctOfFastest = 100 * res.Overhead.NsPerOp / fastest
		}
		res.Overhead.OK = res.Overhead.PctOfFastest < MaxOverheadPct
		if !res.Overhead.OK {
			res.Warnings = append(res.Warnings, fmt.Sprintf("harness overhead %.1f ns/call is %.1f%% of the fastest variant (limit %.0f%%): use larger batches or lower concurrency",
				res.Overhead.NsPerOp, res.Overhead.PctOfFastest, MaxOverheadPct))
		}
	}
	if cfg.Ablate != "" {
		p, err := planAblation(cfg.Ablate)
		if err == nil {
			res.Ablation, err = newAblation(res, p)
		}
		if err != nil {
			res.Warnings = append(res.Warnings, "no ablation: "+err.Error())
		}
	}
	if interrupted {
		res.Warnings = append(res.Warnings, "interrupted: the result holds only the batches that finished")
	}
	return res
}

// variant summarizes what s measured; warnings go to res (nil: none).
func (s *series) variant(res *Result) Variant {
	v := Variant{
		Name:          s.name,
		Changes:       s.changes,
		NsPerOp:       Summarize(s.ns),
		Samples:       s.ns,
		SamplesAllocs: s.allocs,
		SamplesBytes:  s.bytes,
		AllocsPerOp:   median(s.allocs),
		BytesPerOp:    median(s.bytes),
		GCCycles:      s.gcs,
		SamplesGC:     s.gc,
		Requests:      s.requests,
		Latency:       Percentiles(s.lat[:s.filled]),
	}
	v.LatencyHistogram = NewHistogram(s.lat[:s.filled]) // sorted by Percentiles
	if len(s.cpu) == len(s.ns) && s.cpuBad < len(s.cpu) {
		v.CPUNsPerOp, v.SamplesCPU, v.CPUDropped = Summarize(ValidCPU(s.cpu)), s.cpu, s.cpuBad
		if s.cpuBad > 0 {
			res.warn(fmt.Sprintf("variant %s: %d of %d batches' CPU time could not be right (zero, or more than every core for the whole batch) and was left out", s.name, s.cpuBad, len(s.cpu)))
		}
	}
	if v.NsPerOp.Median > 0 {
		v.RPS = 1e9 / v.NsPerOp.Median
	}
	if !v.NsPerOp.HasCI() {
		res.warn(fmt.Sprintf("variant %s: %d samples: %s", s.name, len(s.ns), ciNeed()))
	}
	return v
}

func (r *Result) warn(msg string) {
	if r != nil {
		r.Warnings = append(r.Warnings, msg)
	}
}

// ciNeed explains how many samples a confidence interval needs.
func ciNeed() string {
	s := benchmath.AssumeNothing.Summary(benchmath.NewSample([]float64{1}, &benchmath.DefaultThresholds), Confidence)
	if len(s.Warnings) > 0 {
		return s.Warnings[0].Error() + " (raise --batches or --count)"
	}
	return "no confidence interval"
}

// Summarize returns the median of xs and its 95% confidence interval
// (benchstat's: distribution-free, from order statistics). xs is not
// modified.
func Summarize(xs []float64) Estimate {
	if len(xs) == 0 {
		return Estimate{CILow: math.Inf(-1), CIHigh: math.Inf(1), Confidence: Confidence}
	}
	return MedianCI(xs, Confidence)
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	return Summarize(xs).Median
}

// Percentiles returns the exact nearest-rank percentiles of durations: the
// p-th percentile is the smallest value with at least p% of the values at or
// below it. durations is sorted in place.
func Percentiles(durations []int64) Latency {
	if len(durations) == 0 {
		return Latency{}
	}
	slices.Sort(durations)
	return Latency{
		P50: Percentile(durations, 50),
		P90: Percentile(durations, 90),
		P99: Percentile(durations, 99),
		Max: durations[len(durations)-1],
	}
}

// Percentile returns the nearest-rank p-th percentile (0 < p <= 100) of
// sorted, which must be sorted ascending and not empty.
func Percentile(sorted []int64, p float64) int64 {
	// Rank ceil(p/100 * n), 1-based; the epsilon keeps 0.9*10 from
	// rounding up to rank 10.
	rank := int(math.Ceil(p/100*float64(len(sorted)) - 1e-9))
	rank = max(1, min(rank, len(sorted)))
	return sorted[rank-1]
}

// Compare compares the time per call of before and after with the
// Mann-Whitney U test over their batch samples.
func Compare(before, after *Variant) Comparison {
	c := Comparison{Before: before.Name, After: after.Name, AllocsDelta: after.AllocsPerOp - before.AllocsPerOp}
	c.PValue, c.N1, c.N2, c.Warnings = uTest(before.Samples, after.Samples)
	c.Significant = c.PValue <= Alpha
	b, a := before.NsPerOp.Median, after.NsPerOp.Median
	if b > 0 && a > 0 {
		c.DeltaPct = (a/b - 1) * 100
		c.Speedup = b / a
	}
	if len(before.SamplesCPU) > 0 && len(after.SamplesCPU) > 0 && before.CPUNsPerOp.Median > 0 {
		c.CPUPValue, _, _, _ = uTest(ValidCPU(before.SamplesCPU), ValidCPU(after.SamplesCPU))
		c.CPUDeltaPct = (after.CPUNsPerOp.Median/before.CPUNsPerOp.Median - 1) * 100
	}
	return c
}

// A SampleComparison compares two samples of one measure.
type SampleComparison struct {
	// Before and After are the medians with their 95% intervals.
	Before, After Estimate
	// DeltaPct is the change of the median in percent; 0 when the median
	// before is 0.
	DeltaPct float64
	// PValue is the Mann-Whitney U test's; Significant is PValue <= Alpha.
	PValue      float64
	Significant bool
	N1, N2      int
	Warnings    []string
}

// CompareSamples compares two samples of any per-batch measure (time,
// CPU time, allocations per call) the way Compare compares time per call.
func CompareSamples(before, after []float64) SampleComparison {
	c := SampleComparison{Before: Summarize(before), After: Summarize(after)}
	c.PValue, c.N1, c.N2, c.Warnings = uTest(before, after)
	c.Significant = c.PValue <= Alpha
	if c.Before.Median != 0 {
		c.DeltaPct = (c.After.Median/c.Before.Median - 1) * 100
	}
	return c
}

// uTest runs the U test on copies of xs and ys.
func uTest(xs, ys []float64) (p float64, n1, n2 int, warnings []string) {
	s1 := benchmath.NewSample(slices.Clone(xs), &benchmath.DefaultThresholds)
	s2 := benchmath.NewSample(slices.Clone(ys), &benchmath.DefaultThresholds)
	cmp := benchmath.AssumeNothing.Compare(s1, s2)
	for _, w := range cmp.Warnings {
		warnings = append(warnings, w.Error()+" (raise --batches or --count)")
	}
	return cmp.P, cmp.N1, cmp.N2, warnings
}

// Project computes the production impact at rps requests/s from the
// measured per-call CPU time (wall time when CPU time is unknown).
func Project(rps float64, before, after *Variant) Projection {
	p := Projection{RPS: rps, Before: before.Name, After: after.Name, Basis: "cpu"}
	b, a := before.CPUNsPerOp.Median, after.CPUNsPerOp.Median
	if b <= 0 || a <= 0 {
		p.Basis = "wall"
		b, a = before.NsPerOp.Median, after.NsPerOp.Median
	}
	p.CPUSecPerSecBefore = rps * b / 1e9
	p.CPUSecPerSecAfter = rps * a / 1e9
	if b > 0 && a > 0 {
		p.CPUSavedPct = (1 - a/b) * 100
		p.ExtraRPS = rps * (b/a - 1)
	}
	if before.Latency.P50 > 0 {
		p.LatencyP50DeltaPct = (float64(after.Latency.P50)/float64(before.Latency.P50) - 1) * 100
	}
	return p
}

// CompareSaved compares r's variants with the same-named variants of saved,
// sets r.VsSaved and adds warnings for configuration differences.
func (r *Result) CompareSaved(file string, saved *Result) {
	vs := &VsSaved{File: file, Commit: saved.Env.Commit}
	for i := range r.Variants {
		v := &r.Variants[i]
		sv := saved.Find(v.Name)
		if sv == nil {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s has no variant %s", file, v.Name))
			continue
		}
		d := SavedDiff{Name: v.Name, SavedNs: sv.NsPerOp.Median, Ns: v.NsPerOp.Median,
			SavedAllocs: sv.AllocsPerOp, Allocs: v.AllocsPerOp}
		var ws []string
		d.PValue, d.N1, d.N2, ws = uTest(sv.Samples, v.Samples)
		d.Significant = d.PValue <= Alpha
		if d.SavedNs > 0 {
			d.DeltaPct = (d.Ns/d.SavedNs - 1) * 100
		}
		for _, w := range ws {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s vs saved: %s", v.Name, w))
		}
		vs.Variants = append(vs.Variants, d)
	}
	if diff := ConfigDiff(saved.Config, r.Config); len(diff) > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s was measured with a different configuration (%s)", file, strings.Join(diff, ", ")))
	}
	if saved.Env.CPU != r.Env.CPU || saved.Env.GOMAXPROCS != r.Env.GOMAXPROCS {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s was measured on another machine (%s, GOMAXPROCS=%d)", file, saved.Env.CPU, saved.Env.GOMAXPROCS))
	}
	r.VsSaved = vs
}

// ConfigDiff names the fields that change the numbers and differ between
// two configurations, one "name a vs b" entry each; nil when they agree.
// Count, warmup, the variants and the projection's rate are not among them:
// they change how many samples there are, not what a sample measures.
func ConfigDiff(a, b Config) []string {
	var out []string
	add := func(name string, x, y any) {
		if fmt.Sprint(x) != fmt.Sprint(y) {
			out = append(out, fmt.Sprintf("%s %v vs %v", name, x, y))
		}
	}
	add("workload", a.Workload, b.Workload)
	add("model", a.Model, b.Model)
	add("requests", a.Requests, b.Requests)
	add("batches", a.Batches, b.Batches)
	add("concurrency", a.Concurrency, b.Concurrency)
	add("seed", a.Seed, b.Seed)
	add("drop_params", a.DropParams, b.DropParams)
	add("model_catalog", a.ModelCatalog, b.ModelCatalog)
	add("gc_untimed", a.GCUntimed, b.GCUntimed)
	return out
}

// LoadResult reads a saved JSON bench result (at most infile.MaxSize
// bytes) and checks its schema.
func LoadResult(path string) (*Result, error) {
	return infile.Load(path, ParseResult)
}

// ParseResult decodes a JSON bench result; name is used in errors, which
// are *infile.Error values.
func ParseResult(name string, data []byte) (*Result, error) {
	var probe struct {
		Schema string `json:"schema"`
	}
	if err := infile.DecodeJSON(name, data, &probe, false); err != nil {
		return nil, err
	}
	if probe.Schema != Schema && probe.Schema != SchemaV1 {
		return nil, infile.Errorf(name, 0, "not a bench result: schema %q, want %q or %q (write one with llmbench bench --out FILE)", probe.Schema, Schema, SchemaV1)
	}
	var r Result
	if err := infile.DecodeJSON(name, data, &r, false); err != nil {
		return nil, err
	}
	if len(r.Variants) == 0 {
		return nil, infile.Errorf(name, 0, "a bench result without variants")
	}
	seen := map[string]bool{}
	for i, v := range r.Variants {
		if v.Name == "" || len(v.Samples) == 0 {
			return nil, infile.Errorf(name, 0, "variants[%d] has no name or no samples_ns_per_op", i)
		}
		if seen[v.Name] {
			return nil, infile.Errorf(name, 0, "variant %q listed twice", v.Name)
		}
		seen[v.Name] = true
		if v.SamplesGC != nil && len(v.SamplesGC) != len(v.Samples) {
			return nil, infile.Errorf(name, 0, "variants[%d] has %d samples_gc_cycles for %d samples_ns_per_op", i, len(v.SamplesGC), len(v.Samples))
		}
		if h := v.LatencyHistogram; h != nil {
			if err := h.validate(); err != nil {
				return nil, infile.Errorf(name, 0, "variants[%d].latency_histogram: %v", i, err)
			}
		}
	}
	if err := r.Config.Validate(); err != nil {
		var ce *ConfigError
		if errors.As(err, &ce) {
			return nil, infile.Errorf(name, 0, "field \"config.%s\": %s", ce.Field, ce.Msg)
		}
		return nil, infile.Errorf(name, 0, "config: %v", err)
	}
	cs := r.Comparisons
	if r.Comparison != nil {
		if len(cs) == 0 || cs[0].Before != r.Comparison.Before || cs[0].After != r.Comparison.After {
			return nil, infile.Errorf(name, 0, "comparison is not the first of comparisons")
		}
		cs = append([]Comparison{*r.Comparison}, cs...)
	}
	for _, c := range cs {
		if r.Find(c.Before) == nil || r.Find(c.After) == nil {
			return nil, infile.Errorf(name, 0, "a comparison of %q and %q, which are not both variants of the result", c.Before, c.After)
		}
	}
	for _, v := range r.Variants {
		if !(v.NsPerOp.Median > 0) || math.IsInf(v.NsPerOp.Median, 0) {
			return nil, infile.Errorf(name, 0, "variant %q: ns_per_op.median must be a positive number", v.Name)
		}
		if v.NsPerOp.CILow > v.NsPerOp.Median || v.NsPerOp.CIHigh < v.NsPerOp.Median {
			return nil, infile.Errorf(name, 0, "variant %q: ns_per_op [ci_low, ci_high] does not hold the median", v.Name)
		}
		if !(v.AllocsPerOp >= 0) || math.IsInf(v.AllocsPerOp, 0) {
			return nil, infile.Errorf(name, 0, "variant %q: allocs_per_op must be a non-negative number", v.Name)
		}
		for _, x := range v.Samples {
			if !(x > 0) || math.IsInf(x, 0) {
				return nil, infile.Errorf(name, 0, "variant %q: samples_ns_per_op holds %v, want positive numbers", v.Name, x)
			}
		}
		for _, xs := range [][]float64{v.SamplesCPU, v.SamplesAllocs, v.SamplesBytes} {
			for _, x := range xs {
				if !(x >= 0) || math.IsInf(x, 0) {
					return nil, infile.Errorf(name, 0, "variant %q holds a per-batch sample %v, want non-negative numbers", v.Name, x)
				}
			}
		}
		if v.SamplesCPU != nil && len(v.SamplesCPU) != len(v.Samples) {
			return nil, infile.Errorf(name, 0, "variant %q has %d samples_cpu_ns_per_op for %d samples_ns_per_op", v.Name, len(v.SamplesCPU), len(v.Samples))
		}
	}
	return &r, nil
}

// ValidCPU returns the CPU samples that are not dropped (non-zero), in
// order.
func ValidCPU(samples []float64) []float64 {
	out := make([]float64, 0, len(samples))
	for _, x := range samples {
		if x > 0 {
			out = append(out, x)
		}
	}
	return out
}
