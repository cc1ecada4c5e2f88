// Package regress is llmbench's CI gate: it checks behaviour (case files run
// through every variant, agreement between variants, differential fuzzing)
// and performance (against a saved bench result).
package regress

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/cases"
	"github.com/llmbench/llmbench/pkg/completion"
)

// Schema is the JSON schema name of a regress report.
const Schema = "llmbench.regress/v1"

// A CaseFile is a named set of cases.
type CaseFile struct {
	Name  string
	Cases []*cases.Case
}

// Options configure a behaviour run.
type Options struct {
	Files []CaseFile
	// Variants are this build's variants, run in process; ignored when
	// Targets is set.
	Variants []*completion.Variant
	// Targets are what the cases run on, in process or in drivers.
	Targets []CaseTarget
	// Groups lists the targets (indexes into Targets) that must agree:
	// within each group every target's output must equal the first's. Nil
	// means one group of all targets.
	Groups [][]int
	// Pipeline options shared by every in-process target (catalog,
	// settings).
	Pipeline completion.Options
	// Known maps case ids to the reason they are expected to fail.
	Known map[string]string
}

// A CaseTarget is something cases run on: a variant of this build in
// process, or a variant of a driver.
type CaseTarget struct {
	Name string
	// Check says the cases' expectations are checked on this target; the
	// other build of --against is only compared with this one.
	Check bool
	// Variant runs in process; Driver runs DriverVariant otherwise.
	Variant       *completion.Variant
	Driver        CaseRunner
	DriverVariant string
}

// A CaseRunner runs cases in another process (a driver's cases request):
// one result per case (a JSON object), in order.
type CaseRunner interface {
	Cases(ctx context.Context, variant string, cases []json.RawMessage) ([]json.RawMessage, error)
}

// casesPerRequest is how many cases go to a driver in one request.
const casesPerRequest = 500

// outputs runs cs on t and returns each case's output.
func (t *CaseTarget) outputs(ctx context.Context, popts completion.Options, cs []*cases.Case) ([]completion.Object, error) {
	out := make([]completion.Object, len(cs))
	if t.Driver == nil {
		for i, c := range cs {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			out[i] = cases.Output(ctx, t.Variant, popts, c)
		}
		return out, nil
	}
	for lo := 0; lo < len(cs); lo += casesPerRequest {
		hi := min(lo+casesPerRequest, len(cs))
		raw := make([]json.RawMessage, hi-lo)
		for i, c := range cs[lo:hi] {
			raw[i] = c.JSON
		}
		res, err := t.Driver.Cases(ctx, t.DriverVariant, raw)
		if err != nil {
			return nil, fmt.Errorf("target %s: %w", t.Name, err)
		}
		for i, r := range res {
			v, err := completion.DecodeValue(r)
			o, ok := v.(completion.Object)
			if err != nil || !ok {
				return nil, fmt.Errorf("target %s: the result of case %s is not a JSON object: %.200s", t.Name, cs[lo+i].ID, r)
			}
			out[lo+i] = o
		}
	}
	return out, nil
}

// allOutputs runs cs on every target, the targets side by side (drivers
// are processes of their own), and returns outs[target][case].
func allOutputs(ctx context.Context, targets []CaseTarget, popts completion.Options, cs []*cases.Case) ([][]completion.Object, error) {
	outs := make([][]completion.Object, len(targets))
	errs := make([]error, len(targets))
	var wg sync.WaitGroup
	for i := range targets {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			outs[i], errs[i] = targets[i].outputs(ctx, popts, cs)
		}(i)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return outs, nil
}

// resolve fills in Targets and Groups from Variants when they are unset.
func (o *Options) resolve() {
	if len(o.Targets) == 0 {
		for _, v := range o.Variants {
			o.Targets = append(o.Targets, CaseTarget{Name: v.Name, Check: true, Variant: v})
		}
	}
	if o.Groups == nil {
		all := make([]int, len(o.Targets))
		for i := range all {
			all[i] = i
		}
		o.Groups = [][]int{all}
	}
}

// Report is the result of a regress run.
type Report struct {
	Schema string `json:"schema"`
	OK     bool   `json:"ok"`
	// Variants names every target the cases ran on.
	Variants []string    `json:"variants"`
	Against  string      `json:"against,omitempty"`
	Cases    CaseSummary `json:"cases"`
	Fuzz     *FuzzReport `json:"fuzz"`
	// FuzzBuilds compares the random requests' outputs between this build
	// and the other one (--against).
	FuzzBuilds *FuzzReport `json:"fuzz_builds,omitempty"`
	Perf       *PerfReport `json:"perf,omitempty"`
	// Env is the run's environment and settings.
	Env      *bench.Env `json:"env,omitempty"`
	Warnings []string   `json:"warnings,omitempty"`
	// Interrupted is set when the run was stopped by a signal: the report
	// holds the checks that finished.
	Interrupted bool `json:"interrupted"`
}

// CaseSummary counts case outcomes. A case passes when every checked
// target meets its expectations and the targets of each group agree;
// expected failures count as known, not passed.
type CaseSummary struct {
	Total     int            `json:"total"`
	Passed    int            `json:"passed"`
	Failed    int            `json:"failed"`
	Known     int            `json:"known"`
	Files     []FileSummary  `json:"files"`
	Providers []FileSummary  `json:"providers"`
	Failures  []Failure      `json:"failures"`
	KnownList []KnownFailure `json:"known_failures"`
	// NowPassing lists known differences that pass now: remove them from
	// the known-differences file.
	NowPassing []string `json:"now_passing"`
}

// FileSummary counts the cases of one file (or one provider).
type FileSummary struct {
	File   string `json:"file,omitempty"`
	Name   string `json:"provider,omitempty"`
	Total  int    `json:"total"`
	Passed int    `json:"passed"`
	Failed int    `json:"failed"`
	Known  int    `json:"known"`
	// IDs are the file's case ids in order (for JUnit output).
	IDs []string `json:"-"`
}

// A Failure is one case that did not pass on one target (or on which
// targets disagree: Variant is then "a!=b").
type Failure struct {
	ID      string `json:"id"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Variant string `json:"variant"`
	Diff    string `json:"diff"`
}

// KnownFailure is an expected failure with its reason.
type KnownFailure struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// RunCases runs every case of every file through every target, checks
// the expectations on the checked targets and the agreement within each
// group. Errors are a driver's or the context's.
func RunCases(ctx context.Context, opts Options) (*Report, error) {
	opts.resolve()
	rep := &Report{Schema: Schema}
	for _, t := range opts.Targets {
		rep.Variants = append(rep.Variants, t.Name)
	}
	var all []*cases.Case
	for _, f := range opts.Files {
		all = append(all, f.Cases...)
	}
	outs, err := allOutputs(ctx, opts.Targets, opts.Pipeline, all)
	if err != nil {
		return rep, err
	}
	// Targets that disagree on a case run it again: an output that changes
	// from run to run on one target is not a disagreement.
	var differ []int
	for k := range all {
		if disagreeing(opts.Groups, outs, k) {
			differ = append(differ, k)
		}
	}
	moved := map[int]bool{}
	if len(differ) > 0 {
		if moved, err = unstable(ctx, opts.Targets, opts.Pipeline, all, differ, outs); err != nil {
			return rep, err
		}
		if len(moved) > 0 {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%d cases not compared between targets: their output changes from run to run on one target (e.g. %s)", len(moved), all[minKey(moved)].ID))
		}
	}
	byProvider := map[string]*FileSummary{}
	k := 0
	for _, f := range opts.Files {
		fs := FileSummary{File: f.Name}
		for _, c := range f.Cases {
			fails := caseFailures(c, f.Name, opts, outs, k, !moved[k])
			k++
			prov := providerOf(c)
			ps := byProvider[prov]
			if ps == nil {
				ps = &FileSummary{Name: prov}
				byProvider[prov] = ps
			}
			fs.Total++
			fs.IDs = append(fs.IDs, c.ID)
			ps.Total++
			reason, isKnown := opts.Known[c.ID]
			switch {
			case len(fails) == 0:
				fs.Passed++
				ps.Passed++
				if isKnown {
					rep.Cases.NowPassing = append(rep.Cases.NowPassing, c.ID)
				}
			case isKnown:
				fs.Known++
				ps.Known++
				rep.Cases.KnownList = append(rep.Cases.KnownList, KnownFailure{ID: c.ID, Reason: reason})
			default:
				fs.Failed++
				ps.Failed++
				rep.Cases.Failures = append(rep.Cases.Failures, fails...)
			}
		}
		rep.Cases.Files = append(rep.Cases.Files, fs)
		rep.Cases.Total += fs.Total
		rep.Cases.Passed += fs.Passed
		rep.Cases.Failed += fs.Failed
		rep.Cases.Known += fs.Known
	}
	names := make([]string, 0, len(byProvider))
	for n := range byProvider {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		rep.Cases.Providers = append(rep.Cases.Providers, *byProvider[n])
	}
	for _, id := range rep.Cases.NowPassing {
		rep.Warnings = append(rep.Warnings, "known difference "+id+" passes now: remove it from the known-differences file")
	}
	rep.OK = rep.Cases.Failed == 0
	return rep, nil
}

// caseFailures checks case c (the k-th of the run) on every target.
func caseFailures(c *cases.Case, file string, opts Options, outs [][]completion.Object, k int, compare bool) []Failure {
	var fails []Failure
	for i, t := range opts.Targets {
		if !t.Check {
			continue
		}
		if o := cases.Check(c, outs[i][k]); !o.Pass {
			fails = addFailure(fails, Failure{ID: c.ID, File: file, Line: c.Line, Variant: t.Name, Diff: o.Diff()})
		}
	}
	for _, g := range opts.Groups {
		if len(g) < 2 || !compare {
			continue
		}
		ref := opts.Targets[g[0]]
		for _, j := range g[1:] {
			if want, got := cases.Agreement(outs[g[0]][k], outs[j][k]); got != want {
				t := opts.Targets[j]
				fails = append(fails, Failure{ID: c.ID, File: file, Line: c.Line, Variant: ref.Name + "!=" + t.Name,
					Diff: disagree(ref, t) + ":\n  " + ref.Name + ": " + want + "\n  " + t.Name + ": " + got})
			}
		}
	}
	return fails
}

// disagreeing reports whether the targets of a group give case k
// different outputs.
func disagreeing(groups [][]int, outs [][]completion.Object, k int) bool {
	for _, g := range groups {
		for _, j := range g[1:] {
			if a, b := cases.Agreement(outs[g[0]][k], outs[j][k]); a != b {
				return true
			}
		}
	}
	return false
}

func minKey(m map[int]bool) int {
	first := -1
	for k := range m {
		if first < 0 || k < first {
			first = k
		}
	}
	return first
}

// disagree names what disagrees: variants of one build, or builds.
func disagree(a, b CaseTarget) string {
	if (a.Driver == nil) != (b.Driver == nil) || a.DriverVariant == b.DriverVariant && a.Driver != b.Driver {
		return "builds disagree"
	}
	return "variants disagree"
}

// providerOf names the provider a case is about: the expected provider, else
// the one its request names, else the one it resolves to: "(none)" when
// LiteLLM resolves none (an api_base alone can do that, and later messages
// then name None), "(unresolved)" when resolution fails.
func providerOf(c *cases.Case) string {
	if v, ok := c.Expect.Get("custom_llm_provider"); ok {
		if s, ok := v.(string); ok && s != "" {
			return s
		}
	}
	if c.Request.CustomLLMProvider != "" {
		return c.Request.CustomLLMProvider
	}
	r, err := completion.GetLLMProvider(completion.DefaultCatalog(), &completion.Settings{}, c.Request.Model, "", c.Request.APIBase)
	switch {
	case err != nil:
		return "(unresolved)"
	case r.Provider == "":
		return "(none)"
	}
	return r.Provider
}

// AddFuzz adds a fuzzing result; mismatches and panics fail the run.
func (r *Report) AddFuzz(f *FuzzReport) {
	r.Fuzz = f
	if f != nil && (f.Mismatches > 0 || f.Panics > 0) {
		r.OK = false
	}
}

// AddFuzzBuilds adds the comparison of random requests between builds;
// any difference fails the run.
func (r *Report) AddFuzzBuilds(f *FuzzReport) {
	r.FuzzBuilds = f
	if f != nil && (f.Mismatches > 0 || f.Panics > 0) {
		r.OK = false
	}
}

// AddPerf adds a performance gate result; a regression fails the run.
func (r *Report) AddPerf(p *PerfReport) {
	r.Perf = p
	if p != nil {
		r.Warnings = append(r.Warnings, p.Warnings...)
		if !p.OK {
			r.OK = false
		}
	}
}

// addFailure appends f, or merges it into an earlier failure of the same case
// with the same diff (the usual case: every variant fails alike), so that a
// report names each difference once with all the variants it affects.
func addFailure(fails []Failure, f Failure) []Failure {
	for i := range fails {
		if fails[i].ID == f.ID && fails[i].Diff == f.Diff && !strings.Contains(fails[i].Variant, "!=") {
			fails[i].Variant += ", " + f.Variant
			return fails
		}
	}
	return append(fails, f)
}
