// Package regress is llmbench's CI gate: it checks behaviour (case files run
// through every variant, agreement between variants, differential fuzzing)
// and performance (against a saved bench result).
package regress

import (
	"context"
	"sort"
	"strings"

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
	Files    []CaseFile
	Variants []*completion.Variant
	// Pipeline options shared by every variant (catalog, settings).
	Pipeline completion.Options
	// Known maps case ids to the reason they are expected to fail.
	Known map[string]string
}

// Report is the result of a regress run.
type Report struct {
	Schema string `json:"schema"`
	OK     bool   `json:"ok"`
	// Env is where the run happened and the settings in force; the caller
	// sets it (nil: not recorded).
	Env      *bench.Env  `json:"env,omitempty"`
	Variants []string    `json:"variants"`
	Cases    CaseSummary `json:"cases"`
	Fuzz     *FuzzReport `json:"fuzz"`
	Perf     *PerfReport `json:"perf,omitempty"`
	Warnings []string    `json:"warnings,omitempty"`
	// Interrupted is set when the run was stopped by a signal: the report
	// holds the checks that finished (the caller sets it).
	Interrupted bool `json:"interrupted"`
}

// CaseSummary counts case outcomes. A case passes when every variant meets
// its expectations and all variants agree; expected failures count as known,
// not passed.
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

// A Failure is one case that did not pass in one variant (or on which the
// variants disagree: Variant is then "a!=b").
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

// RunCases runs every case of every file through every variant.
func RunCases(ctx context.Context, opts Options) *Report {
	rep := &Report{Schema: Schema}
	for _, v := range opts.Variants {
		rep.Variants = append(rep.Variants, v.Name)
	}
	byProvider := map[string]*FileSummary{}
	for _, f := range opts.Files {
		fs := FileSummary{File: f.Name}
		for _, c := range f.Cases {
			if ctx.Err() != nil {
				break
			}
			var fails []Failure
			var first *cases.Outcome
			for i, v := range opts.Variants {
				o := cases.Run(ctx, v, opts.Pipeline, c)
				if !o.Pass {
					fails = addFailure(fails, Failure{ID: c.ID, File: f.Name, Line: c.Line, Variant: v.Name, Diff: o.Diff()})
				}
				if i == 0 {
					first = o
				} else if o.Got != first.Got {
					fails = append(fails, Failure{ID: c.ID, File: f.Name, Line: c.Line,
						Variant: opts.Variants[0].Name + "!=" + v.Name,
						Diff:    "variants disagree:\n  " + opts.Variants[0].Name + ": " + first.Got + "\n  " + v.Name + ": " + o.Got})
				}
			}
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
	return rep
}

// providerOf names the provider a case is about: the expected provider, else
// the one its request names, else "(resolution)".
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
	if err == nil {
		return r.Provider
	}
	return "(unresolved)"
}

// AddFuzz adds a fuzzing result; mismatches and panics fail the run.
func (r *Report) AddFuzz(f *FuzzReport) {
	r.Fuzz = f
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
