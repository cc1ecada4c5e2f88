package regress

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/table"
	"golang.org/x/perf/benchmath"
)

// The modes of the performance gate.
const (
	// ModeAgainst compares with another build, interleaved in this run
	// (GateAgainst).
	ModeAgainst = "against"
	// ModeBaseline compares with a saved bench result (CheckBaseline).
	ModeBaseline = "baseline"
)

// The verdicts of a variant.
const (
	VerdictOK           = "ok"
	VerdictFaster       = "faster"
	VerdictSlower       = "slower"
	VerdictAllocsGrew   = "allocs grew"
	VerdictWithin       = "slower, within threshold"
	VerdictInconclusive = "inconclusive"
)

// PerfReport is the result of the performance gate, in either mode.
type PerfReport struct {
	// Mode is ModeAgainst or ModeBaseline.
	Mode string `json:"mode"`
	// Baseline names what this build is compared with: the other build's
	// revision or binary as given, or the saved result's file.
	Baseline string `json:"baseline"`
	// Commit is the other build's commit, or the one the saved result
	// was measured at; empty when unknown.
	Commit string `json:"commit,omitempty"`
	// Threshold is the slowdown the gate is built to catch (0.10 = 10%);
	// Alpha the false-alarm rate (against: of the whole run on unchanged
	// code; baseline: the significance level of each test); Beta the
	// chance of passing a slowdown of Threshold (against).
	Threshold float64 `json:"threshold"`
	Alpha     float64 `json:"alpha"`
	Beta      float64 `json:"beta,omitempty"`
	// Budget and Elapsed are the time allowed for and taken by the
	// measurement, in seconds (against).
	Budget  float64 `json:"budget_sec,omitempty"`
	Elapsed float64 `json:"elapsed_sec,omitempty"`
	// Runs is the number of re-runs of the saved configuration (baseline:
	// 2 when a suspected regression was confirmed).
	Runs int `json:"runs,omitempty"`
	// Measure is what was compared; Rule the decision rule in words.
	Measure string `json:"measure"`
	Rule    string `json:"rule"`
	// Settings are the runtime settings the saved result was re-run
	// under (baseline).
	Settings string        `json:"settings,omitempty"`
	OK       bool          `json:"ok"`
	Variants []PerfVariant `json:"variants"`
	Speedup  *SpeedupCheck `json:"speedup,omitempty"`
	// Reference is the machine's drift between the saved run and the
	// re-run, read from the reference workload both measured (baseline;
	// nil when the saved result has none).
	Reference *ReferenceDrift `json:"reference,omitempty"`
	// Current is this run's measurement, in bench's result model (against:
	// both builds' targets).
	Current  *bench.Result `json:"current,omitempty"`
	Warnings []string      `json:"warnings,omitempty"`
}

// A PerfVariant is one variant's verdict.
type PerfVariant struct {
	Name string `json:"name"`
	// Before and After name the compared targets (against).
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
	// Measure is "cpu" or "wall": the time that decided.
	Measure string `json:"measure,omitempty"`
	// Baseline and Current are the compared time per call, median and 95%
	// interval: the other build's or the saved result's, and this one's.
	Baseline bench.Estimate `json:"baseline_ns_per_op"`
	Current  bench.Estimate `json:"current_ns_per_op"`
	// Change is current/baseline: against, the median of the per-pair
	// ratios with the bounds the decision used; baseline, the ratio of
	// the medians.
	Change   bench.Estimate `json:"change"`
	DeltaPct float64        `json:"delta_pct"`
	// Pairs and Looks are the pairs measured and the looks taken
	// (against); PValue the Mann-Whitney U test's (baseline, of the time
	// measure that decided).
	Pairs  int     `json:"pairs,omitempty"`
	Epochs int     `json:"epochs,omitempty"`
	Looks  int     `json:"looks,omitempty"`
	PValue float64 `json:"p_value,omitempty"`
	// CPUDeltaPct is the change of the CPU time per call (baseline;
	// DeltaPct is the wall time's).
	CPUDeltaPct float64 `json:"cpu_delta_pct,omitempty"`
	Slower      bool    `json:"slower"`
	// BaselineAllocs and CurrentAllocs are the allocations per call;
	// AllocsDelta their growth (against: median of the per-pair
	// differences).
	BaselineAllocs float64 `json:"baseline_allocs_per_op"`
	CurrentAllocs  float64 `json:"current_allocs_per_op"`
	AllocsDelta    float64 `json:"allocs_per_op_delta"`
	AllocsGrew     bool    `json:"allocs_grew"`
	// Verdict is one of the Verdict constants.
	Verdict string `json:"verdict"`
}

func (v PerfVariant) interval() string {
	if !v.Change.HasCI() {
		return fmt.Sprintf("%+.1f%%", v.DeltaPct)
	}
	return fmt.Sprintf("%+.1f%% [%+.1f%%, %+.1f%%]", v.DeltaPct, (v.Change.CILow-1)*100, (v.Change.CIHigh-1)*100)
}

// SpeedupCheck is the within-run --min-speedup check.
type SpeedupCheck struct {
	Before  string  `json:"before"`
	After   string  `json:"after"`
	Speedup float64 `json:"speedup"`
	Min     float64 `json:"min"`
	OK      bool    `json:"ok"`
}

// ReferenceDrift is what the reference workload (bench.ReferenceName)
// measured in the saved run and in the re-run: how much faster or slower
// the machine ran. The saved-baseline gate divides it out.
type ReferenceDrift struct {
	Name string `json:"name"`
	// Baseline and Current are its wall and CPU time per call, median of
	// the batches, in the saved run and in the re-run.
	BaselineNs    float64 `json:"baseline_ns_per_op"`
	CurrentNs     float64 `json:"current_ns_per_op"`
	BaselineCPUNs float64 `json:"baseline_cpu_ns_per_op,omitempty"`
	CurrentCPUNs  float64 `json:"current_cpu_ns_per_op,omitempty"`
	// WallPct and CPUPct are the re-run's change: +20 means the machine
	// ran 20% slower than when the result was saved.
	WallPct float64 `json:"wall_drift_pct"`
	CPUPct  float64 `json:"cpu_drift_pct,omitempty"`
}

// referenceDrift reads the machine's drift from the reference workload of
// both runs; nil when either lacks it (or has too few samples).
func referenceDrift(base, cur *bench.Result, need int) *ReferenceDrift {
	b, c := base.Reference, cur.Reference
	if b == nil || c == nil || b.Name != bench.ReferenceName || c.Name != bench.ReferenceName ||
		len(b.Samples) < need || len(c.Samples) < need || b.NsPerOp.Median <= 0 || c.NsPerOp.Median <= 0 {
		return nil
	}
	d := &ReferenceDrift{Name: b.Name, BaselineNs: b.NsPerOp.Median, CurrentNs: c.NsPerOp.Median,
		WallPct: (c.NsPerOp.Median/b.NsPerOp.Median - 1) * 100}
	if b.CPUNsPerOp.Median > 0 && c.CPUNsPerOp.Median > 0 {
		d.BaselineCPUNs, d.CurrentCPUNs = b.CPUNsPerOp.Median, c.CPUNsPerOp.Median
		d.CPUPct = (c.CPUNsPerOp.Median/b.CPUNsPerOp.Median - 1) * 100
	}
	return d
}

// scaled returns xs times f (a new slice).
func scaled(xs []float64, f float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x * f
	}
	return out
}

// A BaselineError reports a saved result that cannot be used: malformed,
// recorded with another configuration, workload or settings, or too small.
// Its message is one line naming the file and what to do.
type BaselineError struct {
	File string
	Msg  string
}

// Error returns "baseline FILE: message".
func (e *BaselineError) Error() string { return "baseline " + e.File + ": " + e.Msg }

// DefaultBaselineAlpha is the significance level of the saved-baseline
// gate's tests.
const DefaultBaselineAlpha = 0.01

// A Rerun re-runs a bench configuration under the runtime settings of env
// (the saved result's): Rerun is the real one, tests replay results.
type Rerun func(ctx context.Context, cfg bench.Config, env bench.Env) (*bench.Result, error)

// BaselineOptions configure CheckBaseline.
type BaselineOptions struct {
	// Baseline is the saved result and File its name.
	Baseline *bench.Result
	File     string
	// Rerun re-runs its configuration; nil means RerunConfig.
	Rerun Rerun
	// Threshold and Alpha default to DefaultThreshold and
	// DefaultBaselineAlpha.
	Threshold, Alpha float64
	// MinSpeedup, when > 0, requires variant After to be at least this
	// many times faster than Before within the re-run.
	MinSpeedup    float64
	Before, After string
	// Expect holds configuration values asked for explicitly (flags): a
	// baseline whose config differs in one of them is refused.
	Expect map[string]any
	// NoConfirm fails on the first re-run's evidence (for tests).
	NoConfirm bool
}

// CheckBaseline re-runs the saved result's configuration under its runtime
// settings and compares each variant with its saved measurement: slower
// when its wall or CPU time per call grew by more than Threshold and the
// growth is significant (Mann-Whitney U over the batches, p < Alpha), in
// the re-run and again in a confirming one; allocs grew when its
// allocations per call grew at all. Errors about the baseline are
// *BaselineErrors.
func CheckBaseline(ctx context.Context, opts BaselineOptions) (*PerfReport, error) {
	if opts.Threshold <= 0 {
		opts.Threshold = DefaultThreshold
	}
	if opts.Alpha <= 0 {
		opts.Alpha = DefaultBaselineAlpha
	}
	if opts.Before == "" {
		opts.Before = "baseline"
	}
	if opts.After == "" {
		opts.After = "optimized"
	}
	if opts.Rerun == nil {
		opts.Rerun = RerunConfig
	}
	base := opts.Baseline
	bad := func(format string, args ...any) error {
		return &BaselineError{File: opts.File, Msg: fmt.Sprintf(format, args...)}
	}
	if err := checkExpect(base.Config, opts.Expect); err != nil {
		return nil, bad("%v", err)
	}
	for _, v := range base.Variants {
		if n, need := len(v.Samples), minSamples(opts.Alpha); n < need {
			return nil, bad("variant %s has %d samples: too few to ever show a significant difference at alpha %.2g (need >= %d per variant): record it with more --batches or --count, e.g. --batches %d",
				v.Name, n, opts.Alpha, need, need)
		}
	}
	if opts.MinSpeedup > 0 && (base.Find(opts.Before) == nil || base.Find(opts.After) == nil) {
		return nil, bad("--min-speedup needs variants %s and %s in the baseline", opts.Before, opts.After)
	}
	rep := &PerfReport{Mode: ModeBaseline, Baseline: opts.File, Commit: base.Env.Commit, Threshold: opts.Threshold,
		Alpha: opts.Alpha, Measure: "wall and CPU time per call, relative to the reference workload",
		Rule: fmt.Sprintf("the saved configuration re-run under the saved runtime settings; the re-run's times are scaled by the reference workload's (saved over re-run: the machine's drift divided out); a variant is slower when its wall or CPU time per call "+
			"(median of the batches) grew by more than %s and significantly (Mann-Whitney U, p < %.2g), in the re-run and in a confirming one; "+
			"allocations per call must not grow", pct(opts.Threshold), opts.Alpha),
		Settings: describeRuntime(base.Env)}
	if w := settingsWarning(base.Env); w != "" {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: %s", opts.File, w))
	}

	run := func() (*bench.Result, error) {
		rep.Runs++
		cur, err := opts.Rerun(ctx, base.Config, base.Env)
		var se *SettingsError
		if errors.As(err, &se) {
			return nil, bad("%s", se.Msg)
		}
		if err != nil {
			return nil, err
		}
		if h, g := base.Config.WorkloadSHA256, cur.Config.WorkloadSHA256; h != "" && g != "" && h != g {
			return nil, bad("the workload changed since it was recorded (sha256 %s, now %s): re-record the baseline with `llmbench bench --out`", h[:12], g[:12])
		}
		if base.Config.WorkloadSHA256 == "" && (base.Workload.Name != cur.Workload.Name || base.Workload.Templates != cur.Workload.Templates) {
			return nil, bad("recorded with workload %s (%d templates); re-running its config gives %s (%d templates): re-record it with `llmbench bench --out`",
				base.Workload.Name, base.Workload.Templates, cur.Workload.Name, cur.Workload.Templates)
		}
		for _, bv := range base.Variants {
			if cur.Find(bv.Name) == nil {
				return nil, fmt.Errorf("re-running %s: variant %q missing from the result", opts.File, bv.Name)
			}
		}
		return cur, nil
	}
	cur, err := run()
	if err != nil {
		return nil, err
	}
	rep.Variants = compareSaved(base, cur, opts)
	sp := savedSpeedup(cur, opts)
	if !opts.NoConfirm && (anySlower(rep.Variants) || (sp != nil && !sp.OK)) {
		// Confirm: noise comes and goes, a regression stays. Fail only
		// what the re-run shows again.
		cur2, err := run()
		if err != nil {
			return nil, err
		}
		again := compareSaved(base, cur2, opts)
		for i := range again {
			if again[i].Slower && !rep.Variants[i].Slower {
				again[i].Slower = false
				again[i].Verdict = verdictOf(&again[i])
			}
		}
		rep.Variants = again
		if sp != nil && !sp.OK {
			sp = savedSpeedup(cur2, opts)
		}
		cur = cur2
	}
	rep.Speedup, rep.Current, rep.OK = sp, cur, true
	rep.Reference = referenceDrift(base, cur, minSamples(opts.Alpha))
	if rep.Reference == nil {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s holds no reference workload (recorded before llmbench measured one, or with no variant in process): the machine's drift since it was recorded counts against the code; re-record it with `llmbench bench --out`", opts.File))
	}
	for _, v := range rep.Variants {
		if v.Slower || v.AllocsGrew {
			rep.OK = false
		}
	}
	if sp != nil && !sp.OK {
		rep.OK = false
	}
	if diff := bench.ConfigDiff(base.Config, cur.Config); len(diff) > 0 {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("the re-run's configuration differs (%s)", strings.Join(diff, ", ")))
	}
	if base.Env.CPU != "" && (base.Env.CPU != cur.Env.CPU || base.Env.NumCPU != cur.Env.NumCPU) {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s was recorded on another machine (%s, %d CPUs; this one: %s, %d CPUs): times are not comparable",
			opts.File, base.Env.CPU, base.Env.NumCPU, cur.Env.CPU, cur.Env.NumCPU))
	}
	return rep, nil
}

// checkExpect compares the configuration values the caller asked for.
func checkExpect(cfg bench.Config, expect map[string]any) error {
	got := map[string]any{"workload": cfg.Workload, "model": cfg.Model, "requests": cfg.Requests, "batches": cfg.Batches,
		"concurrency": cfg.Concurrency, "count": cfg.Count}
	for _, k := range []string{"workload", "model", "requests", "batches", "concurrency", "count"} {
		want, ok := expect[k]
		if !ok {
			continue
		}
		if fmt.Sprint(got[k]) != fmt.Sprint(want) {
			return fmt.Errorf("recorded with a different configuration: %s %q, this run asks for %q (re-record it with `llmbench bench --out`)", k, fmt.Sprint(got[k]), fmt.Sprint(want))
		}
	}
	return nil
}

// minSamples is the smallest number of samples per side for which the
// Mann-Whitney U test can reach p < alpha at all (two samples that do not
// overlap).
func minSamples(alpha float64) int {
	th := benchmath.DefaultThresholds
	th.CompareAlpha = alpha
	for n := 2; n < 100; n++ {
		a, b := make([]float64, n), make([]float64, n)
		for i := range a {
			a[i], b[i] = float64(i), float64(n+i)
		}
		if benchmath.AssumeNothing.Compare(benchmath.NewSample(a, &th), benchmath.NewSample(b, &th)).P < alpha {
			return n
		}
	}
	return 100
}

// compareSaved compares every saved variant with the re-run.
func compareSaved(base, cur *bench.Result, opts BaselineOptions) []PerfVariant {
	out := make([]PerfVariant, 0, len(base.Variants))
	need := minSamples(opts.Alpha)
	drift := referenceDrift(base, cur, need)
	for i := range base.Variants {
		bv := &base.Variants[i]
		cv := cur.Find(bv.Name)
		pv := PerfVariant{Name: bv.Name, Baseline: bv.NsPerOp, Current: cv.NsPerOp,
			BaselineAllocs: bv.AllocsPerOp, CurrentAllocs: cv.AllocsPerOp, AllocsDelta: cv.AllocsPerOp - bv.AllocsPerOp}
		// Relative to the reference: the re-run's times in the saved run's
		// machine speed.
		curWall, curCPU := cv.Samples, bench.ValidCPU(cv.SamplesCPU)
		if d := drift; d != nil {
			curWall = scaled(curWall, d.BaselineNs/d.CurrentNs)
			if d.CurrentCPUNs > 0 {
				curCPU = scaled(curCPU, d.BaselineCPUNs/d.CurrentCPUNs)
			}
		}
		wall := bench.CompareSamples(bv.Samples, curWall)
		pv.Change = ratioOf(bv.NsPerOp, cv.NsPerOp)
		pv.DeltaPct, pv.PValue, pv.Measure = wall.DeltaPct, wall.PValue, "wall"
		limit := opts.Threshold * 100
		pv.Slower = wall.DeltaPct > limit && wall.PValue < opts.Alpha
		// CPU time decides too, where both sides measured enough of it.
		// Wall time must keep a say: a saved result carries no other
		// evidence of what its run waited for. That is why this mode wants
		// the machine as quiet as when it was recorded: a busy neighbour
		// stretches the re-run's wall time (by 40-66% on this project's
		// shared machine), which --against cancels and this mode cannot.
		if bc, cc := bench.ValidCPU(bv.SamplesCPU), curCPU; len(bc) >= need && len(cc) >= need {
			cpu := bench.CompareSamples(bc, cc)
			pv.CPUDeltaPct = cpu.DeltaPct
			if !pv.Slower && cpu.DeltaPct > limit && cpu.PValue < opts.Alpha {
				pv.Slower, pv.PValue, pv.Measure = true, cpu.PValue, "cpu"
			}
		}
		pv.AllocsGrew = pv.AllocsDelta > allocEpsilon && savedAllocsGrew(bv.AllocsPerOp, cv.SamplesAllocs)
		pv.Verdict = verdictOf(&pv)
		out = append(out, pv)
	}
	return out
}

// ratioOf is after/before of two medians, with a rough interval from
// theirs (for display; the decision uses the U test).
func ratioOf(before, after bench.Estimate) bench.Estimate {
	r := bench.Estimate{Median: after.Median / before.Median, CILow: math.Inf(-1), CIHigh: math.Inf(1), Confidence: bench.Confidence}
	if before.HasCI() && after.HasCI() && before.CILow > 0 {
		r.CILow, r.CIHigh = after.CILow/before.CIHigh, after.CIHigh/before.CILow
	}
	return r
}

// savedAllocsGrew reports whether the re-run's per-batch allocations per
// call are above the saved ones (ref) beyond allocEpsilon in at least
// three batches out of four: a real growth moves every batch, the
// runtime's own allocations a few.
func savedAllocsGrew(ref float64, cur []float64) bool {
	if len(cur) == 0 {
		return true
	}
	above := 0
	for _, x := range cur {
		if x > ref+allocEpsilon {
			above++
		}
	}
	return 4*above >= 3*len(cur)
}

func verdictOf(pv *PerfVariant) string {
	switch {
	case pv.Slower && pv.AllocsGrew:
		return VerdictSlower + ", " + VerdictAllocsGrew
	case pv.Slower:
		return VerdictSlower
	case pv.AllocsGrew:
		return VerdictAllocsGrew
	}
	return VerdictOK
}

func anySlower(vs []PerfVariant) bool {
	for _, v := range vs {
		if v.Slower {
			return true
		}
	}
	return false
}

// savedSpeedup is --min-speedup within the re-run: Before's over After's
// median of the per-batch ratios (batch b of each ran the same requests).
func savedSpeedup(cur *bench.Result, opts BaselineOptions) *SpeedupCheck {
	if opts.MinSpeedup <= 0 {
		return nil
	}
	sc := &SpeedupCheck{Before: opts.Before, After: opts.After, Min: opts.MinSpeedup}
	b, a := cur.Find(opts.Before), cur.Find(opts.After)
	if b == nil || a == nil {
		return sc
	}
	p := bench.ComparePaired(a, b) // ratio before/after
	if p.Pairs > 0 {
		sc.Speedup = p.Ratio.Median
		sc.OK = sc.Speedup >= opts.MinSpeedup
	}
	return sc
}

// RerunConfig re-runs cfg with bench, in this process, under the runtime
// settings env records (GOGC, GOMEMLIMIT, GOMAXPROCS) and checks those it
// cannot set (GODEBUG, drop_params): a mismatch it cannot reproduce is a
// *BaselineError-free error the caller reports as bad input.
func RerunConfig(ctx context.Context, cfg bench.Config, env bench.Env) (*bench.Result, error) {
	restore, err := applyRuntime(env)
	if err != nil {
		return nil, err
	}
	defer restore()
	if env.DropParamsSource != "" {
		if now := bench.ResolveSettings(cfg.DropParams, cfg.ModelCatalog, nil); now.DropParams != env.DropParams {
			return nil, &SettingsError{Msg: fmt.Sprintf("recorded with drop_params %v (%s), this process has %v (%s): set LITELLM_DROP_PARAMS or --drop-params as when it was recorded",
				env.DropParams, env.DropParamsSource, now.DropParams, now.DropParamsSource)}
		}
	}
	opts, err := bench.Prepare(cfg)
	if err != nil {
		return nil, &SettingsError{Msg: "cannot re-run its configuration: " + err.Error()}
	}
	runtime.GC() // start from the heap a fresh process would have
	res, err := bench.Run(ctx, opts)
	if err != nil {
		if errors.Is(err, bench.ErrInterrupted) {
			return nil, err
		}
		return nil, fmt.Errorf("re-running the baseline's configuration: %w", err)
	}
	return res, nil
}

// A SettingsError is a saved result whose configuration or runtime
// settings this process cannot reproduce.
type SettingsError struct{ Msg string }

func (e *SettingsError) Error() string { return e.Msg }

// applyRuntime sets GOGC, GOMEMLIMIT and GOMAXPROCS as env records them
// and returns the function that restores them.
func applyRuntime(env bench.Env) (func(), error) {
	if g := strings.TrimSpace(env.GODEBUG); g != strings.TrimSpace(os.Getenv("GODEBUG")) {
		return nil, &SettingsError{Msg: fmt.Sprintf("recorded with GODEBUG=%q, this process runs with GODEBUG=%q: run with GODEBUG=%q (it cannot change at run time)",
			env.GODEBUG, os.Getenv("GODEBUG"), env.GODEBUG)}
	}
	if env.GOMAXPROCS > runtime.NumCPU() {
		return nil, &SettingsError{Msg: fmt.Sprintf("recorded with GOMAXPROCS=%d on %d CPUs; this machine has %d: re-record it here",
			env.GOMAXPROCS, env.NumCPU, runtime.NumCPU())}
	}
	procs, gogc, limit := runtime.GOMAXPROCS(0), debug.SetGCPercent(-1), debug.SetMemoryLimit(-1)
	debug.SetGCPercent(gogc)
	if env.GOMAXPROCS > 0 {
		runtime.GOMAXPROCS(env.GOMAXPROCS)
	}
	if env.GOGC != 0 || env.GOMEMLIMIT != 0 { // recorded (v2 results)
		debug.SetGCPercent(int(env.GOGC))
		if env.GOMEMLIMIT > 0 {
			debug.SetMemoryLimit(env.GOMEMLIMIT)
		}
	}
	return func() {
		runtime.GOMAXPROCS(procs)
		debug.SetGCPercent(gogc)
		debug.SetMemoryLimit(limit)
	}, nil
}

// describeRuntime names the runtime settings a result was recorded under.
func describeRuntime(env bench.Env) string {
	if env.GOGC == 0 && env.GOMEMLIMIT == 0 {
		return fmt.Sprintf("GOMAXPROCS=%d (GOGC and GOMEMLIMIT not recorded: this process's are used)", env.GOMAXPROCS)
	}
	limit := "off"
	if env.GOMEMLIMIT > 0 && env.GOMEMLIMIT < math.MaxInt64 {
		limit = fmt.Sprint(env.GOMEMLIMIT)
	}
	gogc := fmt.Sprint(env.GOGC)
	if env.GOGC < 0 {
		gogc = "off"
	}
	return fmt.Sprintf("GOGC=%s GOMEMLIMIT=%s GOMAXPROCS=%d GODEBUG=%q", gogc, limit, env.GOMAXPROCS, env.GODEBUG)
}

// settingsWarning warns about a result that does not record its runtime
// settings.
func settingsWarning(env bench.Env) string {
	if env.GOGC == 0 && env.GOMEMLIMIT == 0 {
		return "recorded before llmbench stored GOGC and GOMEMLIMIT: re-run under this process's; re-record it with `llmbench bench --out` to be sure"
	}
	return ""
}

// WriteText writes the performance comparison as a table.
func (r *PerfReport) WriteText(w io.Writer) error {
	switch r.Mode {
	case ModeAgainst:
		commit := ""
		if r.Commit != "" {
			commit = " (" + shortCommit(r.Commit) + ")"
		}
		fmt.Fprintf(w, "performance vs %s%s: CPU time per call, batch pairs; threshold %s (a slowdown of %s fails with probability >= %.0f%%; unchanged code passes with probability >= %.4g%%); %.1fs of %.0fs budget:\n",
			r.Baseline, commit, pct(r.Threshold), pct(r.Threshold), 100*(1-r.Beta), 100*(1-r.Alpha), r.Elapsed, r.Budget)
		t := table.New(w, false, nil)
		t.Header("variant", "other build", "this build", "change [bounds]", "epochs", "pairs", "allocs/op", "verdict")
		for _, v := range r.Variants {
			if err := t.Append(v.Name, bench.FormatNs(v.Baseline.Median), bench.FormatNs(v.Current.Median), v.interval(),
				fmt.Sprint(v.Epochs), fmt.Sprint(v.Pairs), allocsText(v), v.Verdict); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
	default:
		fmt.Fprintf(w, "performance vs %s: wall and CPU time per call (threshold %s, alpha %.2g, %d run(s); %s):\n",
			r.Baseline, pct(r.Threshold), r.Alpha, r.Runs, r.Settings)
		t := table.New(w, false, nil)
		t.Header("variant", "baseline", "current", "wall change", "CPU change", "p", "allocs/op", "verdict")
		for _, v := range r.Variants {
			if err := t.Append(v.Name, bench.FormatCI(v.Baseline, bench.FormatNs), bench.FormatCI(v.Current, bench.FormatNs),
				fmt.Sprintf("%+.1f%%", v.DeltaPct), fmt.Sprintf("%+.1f%%", v.CPUDeltaPct), fmt.Sprintf("%.3g", v.PValue), allocsText(v), v.Verdict); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
		if d := r.Reference; d != nil {
			fmt.Fprintf(w, "relative to the reference workload (%s): %s/call saved, %s now: the machine ran %s (wall; CPU %+.1f%%), divided out of the changes above\n",
				d.Name, bench.FormatNs(d.BaselineNs), bench.FormatNs(d.CurrentNs), driftText(d.WallPct), d.CPUPct)
		}
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

func driftText(pct float64) string {
	if pct >= 0 {
		return fmt.Sprintf("%.1f%% slower", pct)
	}
	return fmt.Sprintf("%.1f%% faster", -pct)
}

func allocsText(v PerfVariant) string {
	s := fmt.Sprintf("%s -> %s", fmtNum(v.BaselineAllocs), fmtNum(v.CurrentAllocs))
	if v.AllocsGrew {
		s += fmt.Sprintf(" (%+.2f)", v.AllocsDelta)
	}
	return s
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
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
