package profile

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/google/pprof/profile"
	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/completion"
)

// Schema is the JSON schema name of a Report.
const Schema = "llmbench.profile/v1"

// MinSamples is the number of CPU samples per variant below which a Report
// warns that its intervals are wide.
const MinSamples = 2000

// A Report is the analysis of a Run: per-variant breakdowns, the
// before/after comparison and the claims' verdicts.
type Report struct {
	Schema string `json:"schema"`
	// Env is where the profiles were recorded and the settings in force;
	// the caller sets it (nil: not recorded).
	Env        *bench.Env      `json:"env,omitempty"`
	Workload   string          `json:"workload"`
	Seed       uint64          `json:"seed"`
	GOMAXPROCS int             `json:"gomaxprocs"`
	Goroutines int             `json:"goroutines"`
	Duration   float64         `json:"duration_s"` // per variant
	RateAsked  int             `json:"rate_hz"`
	Variants   []VariantReport `json:"variants"`
	// Before and After name the variants the claims are judged on: the
	// first, and summary when it ran (else the last). Beside names the
	// variant shown next to them (optimized when it ran), "" for none.
	Before     string       `json:"before,omitempty"`
	After      string       `json:"after,omitempty"`
	Beside     string       `json:"beside,omitempty"`
	Comparison []Comparison `json:"comparison"`
	// ClaimsSource names where the claims come from; TolerancePP is their
	// tolerance.
	ClaimsSource string  `json:"claims_source,omitempty"`
	TolerancePP  float64 `json:"tolerance_pp"`
	// Notes explain how to read the report; Warnings are non-fatal problems.
	Notes    []string `json:"notes"`
	Warnings []string `json:"warnings"`
	// Commands open and diff the written profiles with go tool pprof.
	Commands []string `json:"commands"`
	// Interrupted is set when the run was stopped by a signal: the report
	// covers the slices that finished, and no profile file was written.
	Interrupted bool `json:"interrupted"`
}

// A VariantReport is one variant's measurements.
type VariantReport struct {
	Name string `json:"name"`
	// Samples is the number of CPU samples in the profile, PipelineSamples
	// those under the pipeline's entry function.
	Samples         int64 `json:"samples"`
	PipelineSamples int64 `json:"pipeline_samples"`
	Requests        int64 `json:"requests"`
	// WallSeconds and CPUSeconds measure the profiled run; AchievedHz is
	// Samples / CPUSeconds (0 when CPU time is unknown).
	WallSeconds float64           `json:"wall_s"`
	CPUSeconds  float64           `json:"cpu_s"`
	AchievedHz  float64           `json:"achieved_hz"`
	Files       map[string]string `json:"files"`
	Components  []ComponentShare  `json:"components"`
	// Memory holds the allocations per stage (with --mem).
	Memory []MemoryShare `json:"memory,omitempty"`
}

// A ComponentShare is a component's share of pipeline CPU in percent, with
// its 95% interval.
type ComponentShare struct {
	Name    string     `json:"name"`
	Parent  string     `json:"parent,omitempty"`
	Share   float64    `json:"share"`
	CIPP    float64    `json:"ci_pp"`
	Low     float64    `json:"ci_low"`
	High    float64    `json:"ci_high"`
	Samples int64      `json:"samples"`
	Lines   []LineStat `json:"lines,omitempty"`
}

// A MemoryShare is what a component allocated during the run.
type MemoryShare struct {
	Name              string  `json:"name"`
	Bytes             int64   `json:"bytes"`
	Objects           int64   `json:"objects"`
	BytesPerRequest   float64 `json:"bytes_per_request"`
	ObjectsPerRequest float64 `json:"objects_per_request"`
	// Share is Bytes as a percentage of the pipeline's allocated bytes.
	Share float64 `json:"share"`
}

// A Comparison is one row of the before/after table.
type Comparison struct {
	Component string `json:"component"`
	Label     string `json:"label"`
	// Before and After are the shares in percent, with CI half-widths.
	Before   float64 `json:"before"`
	BeforeCI float64 `json:"before_ci_pp"`
	After    float64 `json:"after"`
	AfterCI  float64 `json:"after_ci_pp"`
	// DeltaPP is After - Before in percentage points (negative: the
	// component's share shrank), DeltaCI its 95% half-width.
	DeltaPP float64 `json:"delta_pp"`
	DeltaCI float64 `json:"delta_ci_pp"`
	// Beside is the share in the Report's Beside variant (null when there
	// is none), BesideDeltaPP its change from Before; no claim is judged
	// on it.
	Beside        *float64 `json:"beside"`
	BesideCI      float64  `json:"beside_ci_pp,omitempty"`
	BesideDeltaPP float64  `json:"beside_delta_pp,omitempty"`
	BesideDeltaCI float64  `json:"beside_delta_ci_pp,omitempty"`
	// The claimed values as written ("" when not claimed).
	ClaimBefore      string `json:"claim_before"`
	ClaimAfter       string `json:"claim_after"`
	ClaimImprovement string `json:"claim_improvement"`
	// Verdict combines the parts' verdicts ("" when nothing is claimed).
	Verdict            Verdict `json:"verdict"`
	VerdictBefore      Verdict `json:"verdict_before"`
	VerdictAfter       Verdict `json:"verdict_after"`
	VerdictImprovement Verdict `json:"verdict_improvement"`
}

// AnalyzeOptions configure Analyze.
type AnalyzeOptions struct {
	// Stages to attribute to; nil means Stages().
	Stages []Stage
	// Claims to check; nil means SummaryClaims().
	Claims *Claims
	// Lines is how many hottest source lines to report per stage.
	Lines int
}

// Analyze reads the profiles a Capture wrote, attributes them to the stages
// and compares the first variant with the last.
func Analyze(run *Run, opts AnalyzeOptions) (*Report, error) {
	if opts.Stages == nil {
		opts.Stages = Stages()
	}
	if opts.Claims == nil {
		opts.Claims = SummaryClaims()
	}
	r := &Report{Schema: Schema, Workload: run.Workload, Seed: run.Seed, GOMAXPROCS: run.GOMAXPROCS,
		Goroutines: run.Goroutines, Duration: run.Duration.Seconds(), RateAsked: run.Rate,
		ClaimsSource: opts.Claims.Source, TolerancePP: opts.Claims.Tolerance(),
		Notes: []string{}, Warnings: []string{}, Commands: []string{}, Comparison: []Comparison{}, Interrupted: run.Interrupted}
	breakdowns := make([]*Breakdown, len(run.Variants))
	for i, vc := range run.Variants {
		vr := VariantReport{Name: vc.Name, Requests: vc.Requests, WallSeconds: vc.Wall.Seconds(),
			CPUSeconds: vc.CPUTime.Seconds(), Files: map[string]string{}, Components: []ComponentShare{}}
		if vc.CPUFile != "" || vc.CPU != nil {
			p, err := vc.profile(vc.CPU, vc.CPUFile)
			if err != nil {
				return nil, err
			}
			if vc.CPUFile != "" {
				vr.Files["cpu"] = vc.CPUFile
			}
			b, err := Attribute(p, vc.attributeOptions(opts.Stages, opts.Lines))
			switch {
			case errors.Is(err, ErrNoPipelineSamples):
				r.Warnings = append(r.Warnings, fmt.Sprintf("%s: no CPU sample under the pipeline (%d in all): nothing to attribute; raise --duration", vc.Name, b.Samples))
			case err != nil:
				return nil, fmt.Errorf("%s: %w", vc.CPUFile, err)
			default:
				breakdowns[i] = b
			}
			vr.Samples, vr.PipelineSamples = b.Samples, b.Pipeline
			if vc.CPUTime > 0 {
				vr.AchievedHz = float64(b.Samples) / vc.CPUTime.Seconds()
			}
			for _, c := range b.Components {
				vr.Components = append(vr.Components, ComponentShare{Name: c.Name, Parent: c.Parent, Share: c.Share,
					CIPP: c.CI, Low: c.Low, High: c.High, Samples: c.Value, Lines: c.Lines})
			}
			r.warnRate(vr, run.Rate)
		}
		if vc.HeapFile != "" || vc.Heap != nil {
			if vc.HeapFile != "" {
				vr.Files["heap"] = vc.HeapFile
			}
			mem, err := memoryShares(vc, vc.attributeOptions(opts.Stages, 0))
			switch {
			case errors.Is(err, ErrNoPipelineSamples):
				r.Warnings = append(r.Warnings, fmt.Sprintf("%s: the heap profile recorded no allocation under the pipeline", vc.Name))
			case err != nil:
				return nil, err
			}
			vr.Memory = mem
		}
		r.Variants = append(r.Variants, vr)
	}
	if bi, ai, si := pairs(run); ai > 0 && breakdowns[bi] != nil && breakdowns[ai] != nil {
		r.Before, r.After = run.Variants[bi].Name, run.Variants[ai].Name
		var beside *Breakdown
		if si > 0 && breakdowns[si] != nil {
			r.Beside, beside = run.Variants[si].Name, breakdowns[si]
		}
		r.compare(breakdowns[bi], breakdowns[ai], beside, opts.Claims)
	}
	r.addNotes(run, breakdowns)
	r.addCommands(run)
	return r, nil
}

// profile returns the profile held in memory, else the one in file.
func (vc VariantCapture) profile(p *profile.Profile, file string) (*profile.Profile, error) {
	if p != nil {
		return p, nil
	}
	return readProfile(file)
}

// attributeOptions are the options that attribute vc's profiles: its own
// Attribution, or the Go pipeline's with stages.
func (vc VariantCapture) attributeOptions(stages []Stage, lines int) AttributeOptions {
	o := AttributeOptions{Stages: stages, Lines: lines}
	if a := vc.Attribution; a != nil {
		if a.Stages != nil {
			o.Stages = a.Stages
		}
		o.Entry, o.HotSpots = a.Entry, a.HotSpots
	}
	return o
}

// entryName names the function vc's shares are relative to.
func (vc VariantCapture) entryName() string {
	if a := vc.Attribution; a != nil && a.EntryName != "" {
		return a.EntryName
	}
	return "completion.(*Pipeline).complete"
}

func readProfile(path string) (*profile.Profile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading profile: %w", err)
	}
	defer f.Close()
	p, err := profile.Parse(f)
	if err != nil {
		return nil, fmt.Errorf("parsing profile %s: %w", path, err)
	}
	return p, nil
}

// rateShortfall is how far below the rate asked the achieved one may be
// without a warning: a busy machine loses a few ticks (and the files carry
// the period achieved, so their times are right either way); asking for
// more than the kernel's tick rate loses most.
const rateShortfall = 0.7

func (r *Report) warnRate(vr VariantReport, asked int) {
	if vr.AchievedHz > 0 && vr.AchievedHz < rateShortfall*float64(asked) {
		r.Warnings = append(r.Warnings, fmt.Sprintf(
			"%s: sampled at %.0f Hz per CPU-second, below the %d Hz asked (the kernel delivers CPU-time profiling signals at most about once per tick, often 250 Hz per thread; the files carry the period achieved); %d samples in %.1f CPU-s",
			vr.Name, vr.AchievedHz, asked, vr.Samples, vr.CPUSeconds))
	}
	if vr.Samples < MinSamples {
		r.Warnings = append(r.Warnings, fmt.Sprintf(
			"%s: only %d CPU samples, %d in the pipeline (want at least %d): intervals are wide; raise --duration",
			vr.Name, vr.Samples, vr.PipelineSamples, MinSamples))
	}
}

// pairs picks the variants of the claims table by index: before is the
// first; after is summary (the variant the summary's claims describe) when
// it runs, else the last; beside is optimized when it runs, else the last
// variant that is neither. after is 0 with fewer than two variants, beside
// 0 when there is none.
func pairs(run *Run) (before, after, beside int) {
	n := len(run.Variants)
	if n < 2 {
		return 0, 0, 0
	}
	find := func(name string) int {
		for i := 1; i < n; i++ {
			if run.Variants[i].Name == name {
				return i
			}
		}
		return 0
	}
	if after = find(completion.Summary.Name); after == 0 {
		after = n - 1
	}
	if beside = find(completion.Optimized.Name); beside == after {
		beside = 0
	}
	for i := n - 1; beside == 0 && i > 0; i-- {
		if i != after {
			beside = i
		}
	}
	return 0, after, beside
}

// compare fills the comparison rows: every claimed component first, in the
// claims' order, then the other components. The claims are judged on
// before and after; beside (nil when there is none) is shown next to them.
func (r *Report) compare(before, after, beside *Breakdown, claims *Claims) {
	tol := claims.Tolerance()
	done := map[string]bool{}
	row := func(name, label string) Comparison {
		b, a := before.Component(name), after.Component(name)
		c := Comparison{Component: name, Label: label, Before: b.Share, BeforeCI: b.CI, After: a.Share, AfterCI: a.CI,
			DeltaPP: a.Share - b.Share, DeltaCI: math.Hypot(a.CI, b.CI)}
		if beside != nil {
			if s := beside.Component(name); s != nil {
				c.Beside, c.BesideCI = &s.Share, s.CI
				c.BesideDeltaPP, c.BesideDeltaCI = s.Share-b.Share, math.Hypot(s.CI, b.CI)
			}
		}
		return c
	}
	for _, cl := range claims.Claims {
		if before.Component(cl.Component) == nil || after.Component(cl.Component) == nil {
			continue
		}
		label := cl.Label
		if label == "" {
			label = cl.Component
		}
		c := row(cl.Component, label)
		c.ClaimBefore, c.ClaimAfter, c.ClaimImprovement = string(cl.Before), string(cl.After), string(cl.Improvement)
		b, a := before.Component(cl.Component), after.Component(cl.Component)
		var why []string
		c.VerdictBefore = check(&why, cl.Component, "before", cl.Before, b.Low, b.High, b.Share, before.Pipeline, tol)
		c.VerdictAfter = check(&why, cl.Component, "after", cl.After, a.Low, a.High, a.Share, after.Pipeline, tol)
		imp := -c.DeltaPP
		c.VerdictImprovement = check(&why, cl.Component, "improvement", cl.Improvement, imp-c.DeltaCI, imp+c.DeltaCI, imp, 0, tol)
		c.Verdict = combine(c.VerdictBefore, c.VerdictAfter, c.VerdictImprovement)
		if c.Verdict == NotDecidable { // a part that does not hold decides the claim anyway
			r.Warnings = append(r.Warnings, why...)
		}
		r.Comparison = append(r.Comparison, c)
		done[cl.Component] = true
	}
	for _, c := range before.Components {
		if !done[c.Name] && after.Component(c.Name) != nil { // stages one implementation has and the other lacks are not compared
			r.Comparison = append(r.Comparison, row(c.Name, c.Name))
		}
	}
}

// check judges one claimed value and, when the interval is too wide to
// decide, says why in *why.
func check(why *[]string, component, part string, v Value, lo, hi, est float64, n int64, tol float64) Verdict {
	a, b, ok, err := v.Range()
	if err != nil || !ok {
		return Unchecked
	}
	a, b = a-tol, b+tol
	if part != "improvement" { // a share cannot be negative; an improvement can
		a = math.Max(0, a)
	}
	verdict := judge(lo, hi, a, b)
	if verdict == NotDecidable {
		unit := "%"
		if part == "improvement" {
			unit = " pp"
		}
		msg := fmt.Sprintf("%s: the %s interval [%.1f, %.1f]%s straddles the claimed %s (%.1f-%.1f%s with the %.1f pp tolerance): not decidable at this sample size",
			component, part, lo, hi, unit, v, a, b, unit, tol)
		if d := math.Min(math.Abs(est-a), math.Abs(est-b)); n > 0 && d > 0 {
			p := est / 100
			need := z95 * z95 * p * (1 - p) / (d / 100 * d / 100)
			msg += fmt.Sprintf("; about %.0f pipeline samples would decide it (have %d)", math.Ceil(need), n)
		}
		*why = append(*why, msg)
	}
	return verdict
}

func (r *Report) addNotes(run *Run, bs []*Breakdown) {
	var entries []string
	for _, vc := range run.Variants {
		if e := vc.entryName(); !slices.Contains(entries, e) {
			entries = append(entries, e)
		}
	}
	if len(entries) == 0 {
		entries = []string{VariantCapture{}.entryName()}
	}
	r.Notes = append(r.Notes,
		"shares are cumulative percentages of the CPU samples under "+strings.Join(entries, " or ")+" (a stage's callees count for it; nested stages also count for their parent); ±pp is the 95% Wilson interval of the sample proportion",
		fmt.Sprintf("%s is the union of the hot spots (a sample in several counts once); the summary's total adds its rows, which counts time twice: pre_process_non_default_params runs inside get_optional_params, and provider_validation runs there again", Total))
	for i, b := range bs {
		if b == nil {
			continue
		}
		sum := 0.0
		for _, c := range b.Components {
			for _, h := range completion.HotSpots {
				if c.Name == h {
					sum += c.Share
				}
			}
		}
		r.Notes = append(r.Notes, fmt.Sprintf("%s: the hot spots' rows add up to %.1f%%, their union is %.1f%%", r.Variants[i].Name, sum, b.Component(Total).Share))
	}
	if len(r.Comparison) > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf(
			"verdicts: a claimed range, widened by %.1f pp, holds when the measured 95%% interval lies inside it, does not hold when the interval lies outside it, and is not decidable when the interval straddles an end; a claim holds when all its parts hold", r.TolerancePP))
	}
}

func (r *Report) addCommands(run *Run) {
	for _, v := range run.Variants {
		if v.CPUFile != "" {
			r.Commands = append(r.Commands, "go tool pprof -top "+v.CPUFile)
		}
	}
	for _, v := range run.Variants {
		if v.HeapFile != "" {
			r.Commands = append(r.Commands, "go tool pprof -sample_index=alloc_space -top "+v.HeapFile)
		}
	}
	bi, ai, si := pairs(run)
	for _, i := range []int{ai, si} {
		if i == 0 {
			continue
		}
		b, a := run.Variants[bi], run.Variants[i]
		if b.CPUFile != "" && a.CPUFile != "" {
			r.Commands = append(r.Commands, "go tool pprof -top -diff_base="+b.CPUFile+" "+a.CPUFile,
				"go tool pprof -http=: -diff_base="+b.CPUFile+" "+a.CPUFile)
		}
		if b.HeapFile != "" && a.HeapFile != "" {
			r.Commands = append(r.Commands, "go tool pprof -sample_index=alloc_space -top -diff_base="+b.HeapFile+" "+a.HeapFile)
		}
	}
}

// memoryShares attributes a heap profile's allocations to the stages.
func memoryShares(vc VariantCapture, ao AttributeOptions) ([]MemoryShare, error) {
	p, err := vc.profile(vc.Heap, vc.HeapFile)
	if err != nil {
		return nil, err
	}
	ao.SampleType = "alloc_space"
	space, err := Attribute(p, ao)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", vc.HeapFile, err)
	}
	ao.SampleType = "alloc_objects"
	objects, err := Attribute(p, ao)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", vc.HeapFile, err)
	}
	per := func(v int64) float64 {
		if vc.Requests == 0 {
			return 0
		}
		return float64(v) / float64(vc.Requests)
	}
	out := []MemoryShare{{Name: "pipeline", Bytes: space.Pipeline, Objects: objects.Pipeline,
		BytesPerRequest: per(space.Pipeline), ObjectsPerRequest: per(objects.Pipeline), Share: 100}}
	for i, c := range space.Components {
		o := objects.Components[i]
		out = append(out, MemoryShare{Name: c.Name, Bytes: c.Value, Objects: o.Value,
			BytesPerRequest: per(c.Value), ObjectsPerRequest: per(o.Value), Share: c.Share})
	}
	return out, nil
}
