package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/llmbench/llmbench/pkg/atomicfile"
	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/cases"
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/infile"
	"github.com/llmbench/llmbench/pkg/regress"
	"github.com/llmbench/llmbench/pkg/report"
	"github.com/llmbench/llmbench/pkg/target"
	"github.com/spf13/cobra"
)

// RegressOptions are the flags of `llmbench regress`.
type RegressOptions struct {
	Cases    []string
	Known    string
	Variants string
	Format   string
	Quiet    bool
	// Fuzz is the number of seeded random requests checked for agreement
	// between the variants; Seed selects them.
	Fuzz int
	Seed uint64
	// fuzzSet reports that --fuzz was given.
	fuzzSet bool
	// Baseline is a saved `bench --out` result to gate performance on.
	Baseline   string
	Threshold  string
	Alpha      float64
	MinSpeedup float64
	Budget     time.Duration
	// Workload and Model are the workload --against measures, or the one
	// --baseline must have been recorded with.
	Workload, Model string
	// expect holds the bench configuration flags given explicitly; a
	// baseline recorded with other values is rejected.
	expect   map[string]any
	pipeline pipelineFlags
	targets  targetFlags
	// Record is --record FILE: the cases (--record-model x --record-params,
	// or the case files) recorded on the one --target, written to FILE
	// instead of checked.
	Record       string
	RecordModels []string
	RecordParams []string
	RecordMock   string
	recordMock   bool

	Out, ErrOut io.Writer
	corpus      fs.FS
}

// baselineRerun re-runs a saved result's configuration; tests replace it
// to replay recorded results instead of timing the machine (nil: the real
// one).
var baselineRerun regress.Rerun

func newRegressCmd(app *appContext) *cobra.Command {
	opts := &RegressOptions{Seed: 1}
	c := &cobra.Command{
		Use:   "regress",
		Short: "The CI gate: case files through every variant, variant agreement, fuzzing, performance",
		Long: `regress runs the built-in case corpus (or only the files given with --cases) through
every variant. Each case must meet its expectation and all variants must agree. Cases
listed in the known-differences file are expected failures: reported apart, not failing
the run, and flagged when they start to pass.

--fuzz N adds N seeded random requests (every provider of the conformance corpus and
unknown ones, realistic and wrong-typed params, drop settings, extras, mock responses,
streaming) run through every variant's completion pipeline, get_optional_params and
provider mapper; all variants must give identical results. A mismatch prints the request
as JSON; --seed reproduces it.

--against REV|PATH compares this build with another one in the same job: REV is a git
revision (built in a temporary worktree with the go on PATH, removed afterwards), PATH a
built llmbench binary. Both builds run as drivers (processes of their own). Behaviour:
the corpus and the --fuzz requests run through both builds, and any output that differs
between them fails the run, whether or not a case pins it. Performance: for each variant,
batches of the two builds on the same requests run in pairs, one right after the other on
one CPU, alternating which goes first; each pair gives a ratio of CPU time per call. The
pairs come in epochs of fresh driver processes (a process is one sample of memory layout),
and the gate decides on the epochs as soon as they are clear, within --budget: a variant
fails when this build is slower at all (the lower bound of the epochs' interval above 1)
and possibly by --threshold or more (its upper bound at or above 1+threshold), or when its
allocations per call grew; it passes when a slowdown of --threshold is ruled out. A
slowdown of --threshold fails with probability >= 95%, unchanged code passes with
probability >= 1 - --alpha (99% by default; README: the measured table). A variant still
undecided when the budget runs out passes as "inconclusive", with a warning.

--baseline FILE (a saved 'llmbench bench --out' result) re-runs the same configuration
under the runtime settings it was recorded with (GOGC, GOMEMLIMIT, GOMAXPROCS; GODEBUG and
drop_params must match) and fails when a variant's wall or CPU time per call (median of
the batches) grew by more than --threshold AND significantly (Mann-Whitney U, p <
--alpha), confirmed by one re-run; or when its
allocs/op grew. The workload must be the same (content hash); a baseline too small to
ever show significance is refused. --min-speedup X requires optimized to stay at least X
times faster than baseline within the same run.

--threshold takes a percentage (10%) or a fraction (0.1); a bare number of 1 or more is
ambiguous and refused.

--target T (repeatable) runs the cases and the random requests on each target instead of
the variants (a variant, ref:REV[:VARIANT], bin:PATH[:VARIANT], exec:CMD, litellm[:DIR]);
all targets must agree.

--record FILE --target T writes the cases as T produces them, in the case format, to FILE
instead of checking them: the case files' cases (--cases, or the built-in corpus), or with
--record-model M (repeatable) every model with every --record-params '{"temperature":0.2}'
(repeatable; none means no params), each a get_optional_params case with drop_params false
and true, or a completion case with --record-mock TEXT. Recording from the installed LiteLLM
(--target litellm) captures a newer LiteLLM's behaviour for the port to be checked against.

An empty corpus (no case loaded) is bad input; so is --fuzz with a single variant
(nothing to compare). Known differences that match no loaded case are reported.

` + exitCodesHelp,
		Example: `  llmbench regress
  llmbench regress --against origin/main --format junit > regress.xml
  llmbench regress --cases ../shared/conformance/litellm-observed.jsonl --format json
  llmbench regress --fuzz 100000 --seed 7
  llmbench regress --target litellm --record new.jsonl --record-model gpt-4o --record-params '{"temperature":0.2}'
  llmbench bench --out base.json && llmbench regress --baseline base.json --format junit > regress.xml`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Out, opts.ErrOut, opts.corpus = c.OutOrStdout(), c.ErrOrStderr(), app.corpus
			opts.fuzzSet = c.Flags().Changed("fuzz")
			opts.recordMock = c.Flags().Changed("record-mock")
			opts.expect = map[string]any{}
			for _, name := range []string{"requests", "batches", "concurrency", "count"} {
				if fl := c.Flags().Lookup(name); fl.Changed {
					opts.expect[name] = fl.Value.String()
				}
			}
			if c.Flags().Changed("workload") && opts.Baseline != "" {
				opts.expect["workload"] = opts.Workload
			}
			if c.Flags().Changed("model") && opts.Baseline != "" {
				opts.expect["model"] = opts.Model
			}
			return runRegress(c.Context(), opts)
		},
	}
	f := c.Flags()
	f.StringArrayVar(&opts.Cases, "cases", nil, "case file (JSONL) to run instead of the built-in corpus; repeatable")
	f.StringVar(&opts.Known, "known", "", "known-differences file (default: the built-in one)")
	addVariantsFlag(c, &opts.Variants, "comma-separated variants to run")
	addFormatFlag(c, &opts.Format, report.Formats(report.KindRegress))
	f.BoolVar(&opts.Quiet, "quiet", false, "print only the result")
	f.IntVar(&opts.Fuzz, "fuzz", regress.DefaultFuzz, "number of seeded random requests checked for agreement between variants (and builds, with --against; 0: none)")
	addSeedFlag(c, &opts.Seed, "seed of the random requests")
	f.StringVar(&opts.Baseline, "baseline", "", "saved `bench --out` result (JSON) to gate performance on")
	f.StringVar(&opts.Threshold, "threshold", "10%", `the slowdown the performance gate is built to catch ("10%" or 0.1): with --against, a slowdown this large fails with probability >= 95%; with --baseline, the growth of the median time per call that fails when significant`)
	f.Float64Var(&opts.Alpha, "alpha", regress.DefaultAlpha, "the false-alarm rate (a fraction): with --against, the chance that unchanged code fails the whole run; with --baseline, each test's significance level. Lower costs no time on unchanged code (CI gating a build against itself uses 0.0001)")
	f.Float64Var(&opts.MinSpeedup, "min-speedup", 0, "with --baseline or --against: optimized must be at least this many times faster than baseline in the same run (0: off)")
	f.DurationVar(&opts.Budget, "budget", regress.DefaultBudget, "with --against: the longest the performance measurement may take (it stops earlier when every variant is decided)")
	f.StringVar(&opts.Workload, "workload", "", "with --against: the workload to measure (default, seed or a file); with --baseline: the workload it must have been recorded with")
	f.StringVar(&opts.Model, "model", "", "with --against: measure a single-model workload; with --baseline: the model it must have been recorded with")
	f.Int("requests", 0, "with --baseline: the requests the baseline must have been recorded with")
	f.Int("batches", 0, "with --baseline: the batches the baseline must have been recorded with")
	f.Int("concurrency", 0, "with --baseline: the concurrency the baseline must have been recorded with")
	f.Int("count", 0, "with --baseline: the count the baseline must have been recorded with")
	f.StringVar(&opts.Record, "record", "", "write the cases as the one --target produces them to this case file (JSONL) instead of checking them")
	f.StringArrayVar(&opts.RecordModels, "record-model", nil, "with --record: a model to record cases for (repeatable; instead of the case files)")
	f.StringArrayVar(&opts.RecordParams, "record-params", nil, `with --record-model: a JSON object of params, e.g. '{"temperature":0.2}' (repeatable)`)
	f.StringVar(&opts.RecordMock, "record-mock", "", "with --record-model: record completion cases with this mock response instead of get_optional_params cases")
	c.MarkFlagsMutuallyExclusive("workload", "model")
	_ = c.MarkFlagFilename("cases", "jsonl")
	_ = c.MarkFlagFilename("record", "jsonl")
	_ = c.MarkFlagFilename("baseline", "json")
	opts.pipeline.register(c)
	opts.targets.register(c)
	c.MarkFlagsMutuallyExclusive("baseline", "against")
	c.MarkFlagsMutuallyExclusive("baseline", "target")
	c.MarkFlagsMutuallyExclusive("against", "target")
	return c
}

func runRegress(ctx context.Context, opts *RegressOptions) error {
	if err := checkFormat(opts.Format, report.Formats(report.KindRegress)); err != nil {
		return err
	}
	variants, err := parseVariants("--variants", opts.Variants)
	if err != nil {
		return err
	}
	if opts.Fuzz < 0 {
		return flagErrorf(fmt.Sprintf("--fuzz %d", opts.Fuzz), "must not be negative")
	}
	var warnings []string
	if len(variants) < 2 && opts.Fuzz > 0 && opts.targets.against == "" && len(opts.targets.targets) == 0 {
		if opts.fuzzSet {
			return flagErrorf("--fuzz "+strconv.Itoa(opts.Fuzz), "fuzzing compares variants, and --variants %s names one: give at least two", opts.Variants)
		}
		warnings = append(warnings, "fuzzing compares variants: skipped, --variants names one")
		opts.Fuzz = 0
	}
	if err := opts.targets.checkLitellm(); err != nil {
		return err
	}
	if err := noDuplicateFiles("--cases", opts.Cases); err != nil {
		return err
	}
	if opts.Record != "" || len(opts.RecordModels) > 0 || len(opts.RecordParams) > 0 || opts.recordMock {
		return runRecord(ctx, opts)
	}
	threshold, err := parseThreshold(opts.Threshold)
	if err != nil {
		return err
	}
	if !(opts.Alpha > 0 && opts.Alpha < 0.5) {
		return flagErrorf(fmt.Sprintf("--alpha %v", opts.Alpha), "must be a fraction between 0 and 0.5, such as 0.01")
	}
	if opts.MinSpeedup < 0 || math.IsNaN(opts.MinSpeedup) || math.IsInf(opts.MinSpeedup, 0) {
		return flagErrorf(fmt.Sprintf("--min-speedup %v", opts.MinSpeedup), "must be a finite number of 0 (off) or more")
	}
	if opts.Budget <= 0 {
		return flagErrorf(fmt.Sprintf("--budget %v", opts.Budget), "must be positive")
	}
	if opts.targets.against != "" {
		if err := checkAgainst(opts.targets.against); err != nil {
			return err
		}
	}
	gated := opts.Baseline != "" || opts.targets.against != ""
	switch {
	case opts.MinSpeedup > 0 && !gated:
		return flagErrorf("--min-speedup", "needs --baseline or --against (it checks the performance run)")
	case len(opts.expect) > 0 && opts.Baseline == "":
		return usageErrorf("--requests, --batches, --concurrency and --count only check a --baseline")
	case (opts.Workload != "" || opts.Model != "") && !gated:
		return usageErrorf("--workload and --model need --against (the workload to measure) or --baseline (the one it was recorded with)")
	}
	cfg := regress.Config{Variants: variants, Fuzz: opts.Fuzz, Seed: int64(opts.Seed), Threshold: threshold, Alpha: opts.Alpha,
		MinSpeedup: opts.MinSpeedup, Budget: opts.Budget, Against: opts.targets.against, Expect: opts.expect,
		BaselineFile: opts.Baseline, Rerun: baselineRerun,
		Bench:         bench.Config{Workload: opts.Workload, Model: opts.Model, DropParams: opts.pipeline.dropParams, ModelCatalog: opts.pipeline.catalogPath},
		TargetOptions: target.Options{Kinds: opts.targets.kinds(), Stderr: opts.ErrOut}}
	if opts.Baseline != "" {
		// Read the baseline first: a bad file is reported before any work.
		if cfg.Baseline, err = bench.LoadResult(opts.Baseline); err != nil {
			return inputError("--baseline", err)
		}
	}
	if len(opts.targets.targets) > 0 {
		if cfg.Targets, err = opts.targets.specs(nil); err != nil {
			return opts.targets.place(err)
		}
	}
	if cfg.Pipeline, err = opts.pipeline.options(); err != nil {
		return err
	}
	if cfg.Files, err = loadCaseFiles(opts.corpus, opts.Cases); err != nil {
		return err
	}
	if cfg.Known, err = loadKnown(opts.corpus, opts.Known); err != nil {
		return err
	}
	if (len(opts.Cases) == 0 || opts.Known != "") && len(cfg.Known) > 0 {
		// Known differences refer to the corpus they were written for: the
		// built-in one, or the files given with an explicit --known.
		warnings = append(warnings, staleKnown(cfg.Files, cfg.Known)...)
	}
	cfg.Env = opts.pipeline.env(ctx)
	if opts.targets.against != "" && !opts.Quiet {
		fmt.Fprintf(opts.ErrOut, "building and starting %s and this build as drivers...\n", opts.targets.against)
		cfg.Progress = opts.ErrOut
	}
	rep, err := regress.Run(ctx, cfg)
	if err != nil && !errors.Is(err, regress.ErrInterrupted) {
		return opts.targets.place(regressError(err))
	}
	rep.Warnings = append(warnings, rep.Warnings...)
	rep.Interrupted = rep.Interrupted || ctx.Err() != nil
	if !opts.Quiet || opts.Format != "table" {
		for _, w := range rep.Warnings {
			fmt.Fprintln(opts.ErrOut, "warning:", w)
		}
	}
	if err := report.Render(opts.Out, report.Regress(rep), opts.Format); err != nil {
		return err
	}
	if rep.Interrupted {
		return interrupted("after %d of %d cases and %d of %d random requests", rep.Cases.Total, countCases(cfg.Files), fuzzDone(rep), opts.Fuzz)
	}
	if !rep.OK {
		return ErrCheckFailed
	}
	return nil
}

// regressError classifies an error of a regress run: bad input (exit 2)
// for a baseline, settings, target or driver that cannot be used.
func regressError(err error) error {
	var be *regress.BaselineError
	var se *regress.SettingsError
	if errors.As(err, &be) || errors.As(err, &se) {
		return &FlagError{Err: err}
	}
	return targetError(err)
}

// countCases is the number of cases in files.
func countCases(files []regress.CaseFile) int {
	n := 0
	for _, f := range files {
		n += len(f.Cases)
	}
	return n
}

func fuzzDone(rep *regress.Report) int {
	if rep.Fuzz == nil {
		return 0
	}
	return rep.Fuzz.Requests
}

// staleKnown reports the known differences that match no loaded case.
func staleKnown(files []regress.CaseFile, known map[string]string) []string {
	ids := map[string]bool{}
	for _, f := range files {
		for _, c := range f.Cases {
			ids[c.ID] = true
		}
	}
	var stale []string
	for id := range known {
		if !ids[id] {
			stale = append(stale, id)
		}
	}
	sort.Strings(stale)
	var out []string
	for _, id := range stale {
		out = append(out, "known difference "+id+" matches no case: remove it from the known-differences file")
	}
	return out
}

// loadCaseFiles reads the given case files, or the corpus when none are given.
func loadCaseFiles(corpus fs.FS, paths []string) ([]regress.CaseFile, error) {
	var out []regress.CaseFile
	if len(paths) == 0 {
		if corpus == nil {
			return nil, flagErrorf("--cases", "no case file given, and this build has no built-in corpus")
		}
		names, err := fs.Glob(corpus, "testdata/cases/*.jsonl")
		if err != nil {
			return nil, err
		}
		sort.Strings(names)
		for _, n := range names {
			f, err := corpus.Open(n)
			if err != nil {
				return nil, err
			}
			cs, err := cases.Parse(path.Base(n), f)
			f.Close()
			if err != nil {
				return nil, fmt.Errorf("built-in corpus: %w", err) // a build defect
			}
			out = append(out, regress.CaseFile{Name: path.Base(n), Cases: cs})
		}
		return out, nil
	}
	total := 0
	for _, p := range paths {
		cs, err := cases.ParseFile(p)
		if err != nil {
			return nil, inputError("--cases", err)
		}
		out = append(out, regress.CaseFile{Name: p, Cases: cs})
		total += len(cs)
	}
	if total == 0 {
		return nil, flagErrorf("--cases "+strings.Join(paths, " --cases "), "no case loaded: the files hold no case, and an empty corpus checks nothing")
	}
	return out, nil
}

// noDuplicateFiles refuses a repeatable file flag that names one file
// twice (by any path), which would count its cases twice.
func noDuplicateFiles(flag string, paths []string) error {
	for i, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			continue // reported when the file is read
		}
		for _, q := range paths[:i] {
			if fj, err := os.Stat(q); err == nil && os.SameFile(fi, fj) {
				if p == q {
					return flagErrorf(flag+" "+p, "given twice")
				}
				return flagErrorf(flag+" "+p, "the same file as %s %s", flag, q)
			}
		}
	}
	return nil
}

func loadKnown(corpus fs.FS, path string) (map[string]string, error) {
	if path != "" {
		f, err := infile.Open(path)
		if err != nil {
			return nil, inputError("--known", err)
		}
		defer f.Close()
		k, err := regress.ParseKnown(path, f)
		if err != nil {
			return nil, inputError("--known", err)
		}
		return k, nil
	}
	if corpus == nil {
		return nil, nil
	}
	f, err := corpus.Open("testdata/known-differences")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	k, err := regress.ParseKnown("testdata/known-differences", f)
	if err != nil {
		return nil, fmt.Errorf("built-in known differences: %w", err) // a build defect
	}
	return k, nil
}

// parseThreshold reads "10%", "10 %" or "0.1"; a bare number of 1 or
// more is ambiguous (10 could be 10% or 1000%) and refused.
func parseThreshold(s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || !(f > 0) || math.IsInf(f, 0) {
		return 0, flagErrorf("--threshold "+s, "must be a positive percentage such as 10%% or a fraction such as 0.1")
	}
	if pct {
		return f / 100, nil
	}
	if f >= 1 {
		return 0, flagErrorf("--threshold "+s, "is ambiguous (as a fraction it means %g%%): write %s%% for a percentage or %g for a fraction", f*100, t, f/100)
	}
	return f, nil
}

// runRecord is regress --record: the cases recorded on the one --target.
func runRecord(ctx context.Context, opts *RegressOptions) error {
	switch {
	case opts.Record == "":
		return usageErrorf("--record-model, --record-params and --record-mock need --record FILE")
	case len(opts.targets.targets) != 1:
		return flagErrorf("--record", "records from one --target (e.g. --target litellm), %d given", len(opts.targets.targets))
	case opts.Baseline != "" || opts.fuzzSet:
		return usageErrorf("--record only records cases: drop --baseline and --fuzz")
	case len(opts.RecordModels) == 0 && (len(opts.RecordParams) > 0 || opts.recordMock):
		return usageErrorf("--record-params and --record-mock need --record-model")
	case len(opts.RecordModels) > 0 && len(opts.Cases) > 0:
		return usageErrorf("--record records the --cases files or the --record-model cases, not both")
	}
	inputs := outInputs(append(opts.pipeline.inputs(), casesInputs(opts.Cases)...)...)
	if err := checkOut("--record", opts.Record, inputs); err != nil {
		return err
	}
	specs, err := opts.targets.specs(nil)
	if err != nil {
		return err
	}
	popts, err := opts.pipeline.options()
	if err != nil {
		return err
	}
	var cs []*cases.Case
	if len(opts.RecordModels) > 0 {
		spec := cases.RecordSpec{Models: opts.RecordModels}
		for _, p := range opts.RecordParams {
			v, err := completion.DecodeValue([]byte(p))
			o, ok := v.(completion.Object)
			if err != nil || !ok {
				return flagErrorf("--record-params "+p, "not a JSON object of params")
			}
			spec.Params = append(spec.Params, o)
		}
		if opts.recordMock {
			spec.MockResponse = &opts.RecordMock
		}
		if cs, err = spec.Cases(); err != nil {
			return flagErrorf("--record-model", "%v", err)
		}
	} else {
		files, err := loadCaseFiles(opts.corpus, opts.Cases)
		if err != nil {
			return err
		}
		for _, f := range files {
			cs = append(cs, f.Cases...)
		}
	}
	data, name, err := regress.Record(ctx, regress.RecordConfig{Cases: cs, Target: specs[0], Pipeline: popts,
		Settings:      driverSettings(opts.pipeline.dropParams, opts.pipeline.catalogPath),
		TargetOptions: target.Options{Kinds: opts.targets.kinds(), Stderr: opts.ErrOut}})
	if err != nil {
		if ctx.Err() != nil {
			return interrupted("while recording; %s was not written", opts.Record)
		}
		return regressError(err)
	}
	if err := writeOut("--record", opts.Record, data, opts.Out, inputs); err != nil {
		return err
	}
	if !opts.Quiet {
		fmt.Fprintf(opts.ErrOut, "recorded %d cases from %s to %s\n", len(cs), name, opts.Record)
	}
	return nil
}

// casesInputs names the --cases files as inputs, which --record never
// replaces.
func casesInputs(paths []string) []atomicfile.Input {
	var in []atomicfile.Input
	for _, p := range paths {
		in = append(in, atomicfile.Input{Name: "--cases", Path: p})
	}
	return in
}
