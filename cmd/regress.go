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
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/regress"
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
	Seed int64
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
	opts := &RegressOptions{}
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

Exit codes: 0 ok, 1 a case failed, variants disagree or performance regressed,
2 bad usage or bad input (the message names the file).`,
		Example: `  llmbench regress
  llmbench regress --cases ../shared/conformance/litellm-observed.jsonl --format json
  llmbench regress --fuzz 100000 --seed 7
  llmbench bench --out base.json && llmbench regress --baseline base.json --format junit > regress.xml`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Out, opts.ErrOut, opts.corpus = c.OutOrStdout(), c.ErrOrStderr(), app.corpus
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
	f.StringVar(&opts.Variants, "variants", strings.Join(completion.DefaultVariants, ","), "comma-separated variants to run")
	f.StringVar(&opts.Format, "format", "table", "output format: "+strings.Join(regress.Formats, "|"))
	f.BoolVar(&opts.Quiet, "quiet", false, "print only the result")
	f.IntVar(&opts.Fuzz, "fuzz", regress.DefaultFuzz, "number of seeded random requests checked for agreement between variants (0: none)")
	f.Int64Var(&opts.Seed, "seed", 1, "seed of the random requests")
	f.StringVar(&opts.Baseline, "baseline", "", "saved `bench --out` result (JSON) to gate performance on")
	f.StringVar(&opts.Threshold, "threshold", "10%", "slowdown of the median time per call that fails --baseline when significant (\"10%\" or 0.1)")
	f.Float64Var(&opts.MinSpeedup, "min-speedup", 0, "with --baseline: optimized must be at least this many times faster than baseline in the same run (0: off)")
	f.String("workload", "", "with --baseline: the workload the baseline must have been recorded with")
	f.String("model", "", "with --baseline: the single model the baseline must have been recorded with")
	f.Int("requests", 0, "with --baseline: the requests the baseline must have been recorded with")
	f.Int("batches", 0, "with --baseline: the batches the baseline must have been recorded with")
	f.Int("concurrency", 0, "with --baseline: the concurrency the baseline must have been recorded with")
	f.Int("count", 0, "with --baseline: the count the baseline must have been recorded with")
	opts.pipeline.register(c)
	return c
}

func runRegress(ctx context.Context, opts *RegressOptions) error {
	if !contains(regress.Formats, opts.Format) {
		return usageErrorf("unknown --format %q (want %s)", opts.Format, strings.Join(regress.Formats, "|"))
	}
	variants, err := completion.ParseVariants(opts.Variants)
	if err != nil {
		return &FlagError{fmt.Errorf("--variants: %w", err)}
	}
	if opts.Fuzz < 0 {
		return usageErrorf("--fuzz must not be negative, got %d", opts.Fuzz)
	}
	threshold, err := parseThreshold(opts.Threshold)
	if err != nil {
		return err
	}
	if opts.MinSpeedup < 0 || math.IsNaN(opts.MinSpeedup) || math.IsInf(opts.MinSpeedup, 0) {
		return usageErrorf("--min-speedup must be a positive number, got %v", opts.MinSpeedup)
	}
	if opts.MinSpeedup > 0 && opts.Baseline == "" {
		return usageErrorf("--min-speedup needs --baseline (it checks the re-run of the baseline's configuration)")
	}
	if len(opts.expect) > 0 && opts.Baseline == "" {
		return usageErrorf("--workload, --model, --requests, --batches, --concurrency and --count only check a --baseline")
	}
	var base *regress.BenchFile
	if opts.Baseline != "" {
		// Read the baseline first: a bad file is reported before any work.
		if base, err = regress.LoadBaseline(opts.Baseline); err != nil {
			return &FlagError{err}
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
				return &FlagError{err}
			}
			return err
		}
		if files, err = loadCaseFiles(opts.corpus, opts.Cases); err != nil {
			return err
		}
	}
	rep := regress.RunCases(ctx, regress.Options{Files: files, Variants: variants, Pipeline: popts, Known: known})
	rep.AddFuzz(regress.Fuzz(ctx, regress.FuzzOptions{Requests: opts.Fuzz, Seed: opts.Seed, Variants: variants, Pipeline: popts}))
	rep.AddPerf(perf)
	rep.Env = opts.pipeline.env(ctx)
	if err := ctx.Err(); err != nil {
		return err
	}
	if !opts.Quiet || opts.Format != "table" {
		for _, w := range rep.Warnings {
			fmt.Fprintln(opts.ErrOut, "warning:", w)
		}
	}
	if err := regress.Render(opts.Out, rep, opts.Format); err != nil {
		return err
	}
	if !rep.OK {
		return ErrCheckFailed
	}
	return nil
}

// loadCaseFiles reads the given case files, or the corpus when none are given.
func loadCaseFiles(corpus fs.FS, paths []string) ([]regress.CaseFile, error) {
	var out []regress.CaseFile
	if len(paths) == 0 {
		if corpus == nil {
			return nil, usageErrorf("no --cases given and no built-in corpus")
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
				return nil, &FlagError{fmt.Errorf("built-in corpus: %w", err)}
			}
			out = append(out, regress.CaseFile{Name: path.Base(n), Cases: cs})
		}
		return out, nil
	}
	for _, p := range paths {
		cs, err := cases.ParseFile(p)
		if err != nil {
			return nil, &FlagError{err}
		}
		out = append(out, regress.CaseFile{Name: p, Cases: cs})
	}
	return out, nil
}

func loadKnown(corpus fs.FS, path string) (map[string]string, error) {
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, &FlagError{fmt.Errorf("known differences: %w", err)}
		}
		defer f.Close()
		k, err := regress.ParseKnown(path, f)
		if err != nil {
			return nil, &FlagError{err}
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
		return nil, &FlagError{err}
	}
	return k, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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
		return 0, usageErrorf("--threshold must be a positive percentage such as 10%% or a fraction such as 0.1, got %q", s)
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
