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
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/llmbench/llmbench/pkg/cases"
	"github.com/llmbench/llmbench/pkg/infile"
	"github.com/llmbench/llmbench/pkg/regress"
	"github.com/llmbench/llmbench/pkg/report"
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
	MinSpeedup float64
	// expect holds the bench configuration flags given explicitly; a
	// baseline recorded with other values is rejected.
	expect   map[string]any
	pipeline pipelineFlags

	Out, ErrOut io.Writer
	corpus      fs.FS
}

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

--baseline FILE (a saved 'llmbench bench --out' result) re-runs the same configuration
and fails when a variant is slower than the baseline beyond --threshold AND the difference
is significant (Mann-Whitney U, p < 0.05), confirmed by one re-run; or when its allocs/op
grew (exact). Time per call is the fast quartile of the batches, each divided by its
recorded stretch (wall x parallelism / CPU time), so that a busy machine or a garbage
collection cycle does not look like slower code. --min-speedup X requires
optimized to stay at least X times faster than baseline within the same run.

An empty corpus (no case loaded) is bad input; so is --fuzz with a single variant
(nothing to compare). Known differences that match no loaded case are reported.

` + exitCodesHelp,
		Example: `  llmbench regress
  llmbench regress --cases ../shared/conformance/litellm-observed.jsonl --format json
  llmbench regress --fuzz 100000 --seed 7
  llmbench bench --out base.json && llmbench regress --baseline base.json --format junit > regress.xml`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Out, opts.ErrOut, opts.corpus = c.OutOrStdout(), c.ErrOrStderr(), app.corpus
			opts.fuzzSet = c.Flags().Changed("fuzz")
			opts.expect = map[string]any{}
			for _, name := range []string{"workload", "model", "requests", "batches", "concurrency", "count"} {
				if fl := c.Flags().Lookup(name); fl.Changed {
					opts.expect[name] = expectValue(fl.Value.String())
				}
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
	f.IntVar(&opts.Fuzz, "fuzz", regress.DefaultFuzz, "number of seeded random requests checked for agreement between variants (0: none)")
	addSeedFlag(c, &opts.Seed, "seed of the random requests")
	f.StringVar(&opts.Baseline, "baseline", "", "saved `bench --out` result (JSON) to gate performance on")
	f.StringVar(&opts.Threshold, "threshold", "10%", "slowdown of the median time per call that fails --baseline when significant (\"10%\" or 0.1)")
	f.Float64Var(&opts.MinSpeedup, "min-speedup", 0, "with --baseline: optimized must be at least this many times faster than baseline in the same run (0: off)")
	f.String("workload", "", "with --baseline: the workload the baseline must have been recorded with")
	f.String("model", "", "with --baseline: the single model the baseline must have been recorded with")
	f.Int("requests", 0, "with --baseline: the requests the baseline must have been recorded with")
	f.Int("batches", 0, "with --baseline: the batches the baseline must have been recorded with")
	f.Int("concurrency", 0, "with --baseline: the concurrency the baseline must have been recorded with")
	f.Int("count", 0, "with --baseline: the count the baseline must have been recorded with")
	c.MarkFlagsMutuallyExclusive("workload", "model")
	_ = c.MarkFlagFilename("cases", "jsonl")
	_ = c.MarkFlagFilename("baseline", "json")
	opts.pipeline.register(c)
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
	if len(variants) < 2 && opts.Fuzz > 0 {
		if opts.fuzzSet {
			return flagErrorf("--fuzz "+strconv.Itoa(opts.Fuzz), "fuzzing compares variants, and --variants %s names one: give at least two", opts.Variants)
		}
		warnings = append(warnings, "fuzzing compares variants: skipped, --variants names one")
		opts.Fuzz = 0
	}
	if err := noDuplicateFiles("--cases", opts.Cases); err != nil {
		return err
	}
	threshold, err := parseThreshold(opts.Threshold)
	if err != nil {
		return err
	}
	if opts.MinSpeedup < 0 || math.IsNaN(opts.MinSpeedup) || math.IsInf(opts.MinSpeedup, 0) {
		return flagErrorf(fmt.Sprintf("--min-speedup %v", opts.MinSpeedup), "must be a finite number of 0 (off) or more")
	}
	if opts.MinSpeedup > 0 && opts.Baseline == "" {
		return flagErrorf("--min-speedup", "needs --baseline (it checks the re-run of the baseline's configuration)")
	}
	if len(opts.expect) > 0 && opts.Baseline == "" {
		return usageErrorf("--workload, --model, --requests, --batches, --concurrency and --count only check a --baseline")
	}
	var base *regress.BenchFile
	if opts.Baseline != "" {
		// Read the baseline first: a bad file is reported before any work.
		if base, err = regress.LoadBaseline(opts.Baseline); err != nil {
			return &FlagError{Err: err} // it names the file
		}
	}
	popts, err := opts.pipeline.options()
	if err != nil {
		return err
	}
	files, err := loadCaseFiles(opts.corpus, opts.Cases)
	if err != nil {
		return err
	}
	known, err := loadKnown(opts.corpus, opts.Known)
	if err != nil {
		return err
	}
	if (len(opts.Cases) == 0 || opts.Known != "") && len(known) > 0 {
		// Known differences refer to the corpus they were written for: the
		// built-in one, or the files given with an explicit --known.
		warnings = append(warnings, staleKnown(files, known)...)
	}
	var perf *regress.PerfReport
	if base != nil {
		// Measure first, in a process like the one `bench --out` ran in: the
		// parsed corpus and the fuzzing's leftovers on the heap would change
		// the garbage collector's pace, and with it the time per call.
		files = nil
		runtime.GC()
		perf, err = regress.CheckPerf(ctx, regress.PerfOptions{Baseline: base, BaselineName: opts.Baseline,
			Runner: baselineRunner(opts.Baseline), Threshold: threshold, MinSpeedup: opts.MinSpeedup, Expect: opts.expect})
		if err != nil {
			var be *regress.BaselineError
			if errors.As(err, &be) {
				return &FlagError{Err: err}
			}
			return err
		}
		if files, err = loadCaseFiles(opts.corpus, opts.Cases); err != nil {
			return err
		}
	}
	rep := regress.RunCases(ctx, regress.Options{Files: files, Variants: variants, Pipeline: popts, Known: known})
	rep.AddFuzz(regress.Fuzz(ctx, regress.FuzzOptions{Requests: opts.Fuzz, Seed: int64(opts.Seed), Variants: variants, Pipeline: popts}))
	rep.AddPerf(perf)
	rep.Warnings = append(warnings, rep.Warnings...)
	rep.Env = opts.pipeline.env(ctx)
	rep.Interrupted = ctx.Err() != nil
	if !opts.Quiet || opts.Format != "table" {
		for _, w := range rep.Warnings {
			fmt.Fprintln(opts.ErrOut, "warning:", w)
		}
	}
	if err := report.Render(opts.Out, report.Regress(rep), opts.Format); err != nil {
		return err
	}
	if rep.Interrupted {
		return interrupted("after %d of %d cases and %d of %d random requests", rep.Cases.Total, countCases(files), fuzzDone(rep), opts.Fuzz)
	}
	if !rep.OK {
		return ErrCheckFailed
	}
	return nil
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

// parseThreshold reads "10%", "10 %" or "0.1".
func parseThreshold(s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	f, err := strconv.ParseFloat(t, 64)
	if err == nil && pct {
		f /= 100
	}
	if err != nil || !(f > 0) || math.IsInf(f, 0) {
		return 0, flagErrorf("--threshold "+s, "must be a positive percentage such as 10%% or a fraction such as 0.1")
	}
	return f, nil
}

// expectValue turns a flag's text into the JSON value a bench config holds.
func expectValue(s string) any {
	if n, err := strconv.Atoi(s); err == nil {
		return float64(n)
	}
	return s
}
