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

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/target"

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
	Budget     time.Duration
	// Workload and Model are the workload --against measures.
	Workload, Model string
	// expect holds the bench configuration flags given explicitly; a
	// baseline recorded with other values is rejected.
	expect   map[string]any
	pipeline pipelineFlags
	targets  targetFlags

	Out, ErrOut io.Writer
	corpus      fs.FS
}

// baselineRerun re-runs a saved result's configuration; tests replace it
// to replay recorded results instead of timing the machine (nil: the real
// one).
var baselineRerun regress.Rerun

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

--against REV|PATH compares this build with another one in the same job: REV is a git
revision (built in a temporary worktree with the go on PATH, removed afterwards), PATH a
built llmbench binary. Both builds run as drivers (processes of their own). Behaviour:
the corpus and the --fuzz requests run through both builds, and any output that differs
between them fails the run, whether or not a case pins it. Performance: for each variant,
batches of the two builds on the same requests run in pairs, one right after the other,
alternating which goes first; each pair gives a ratio of CPU time per call. The gate
decides as soon as the pairs are clear, within --budget: a variant fails when this build
is slower at all (the median ratio's lower confidence bound above 1) and possibly by
--threshold or more (its upper bound at or above 1+threshold), or when its allocations per
call grew; it passes when a slowdown of --threshold is ruled out. Its teeth: a slowdown of
--threshold fails with probability >= 95%, unchanged code passes with probability >= 99.5%
(README: the measured table). A variant still undecided when the budget runs out passes as
"inconclusive", with a warning.

--baseline FILE (a saved 'llmbench bench --out' result) re-runs the same configuration
under the runtime settings it was recorded with (GOGC, GOMEMLIMIT, GOMAXPROCS; GODEBUG and
drop_params must match) and fails when a variant's wall or CPU time per call (median of
the batches) grew by more than --threshold AND significantly (Mann-Whitney U, p < 0.01),
confirmed by one re-run; or when its allocs/op grew (exact). The workload must be the
same (content hash); a baseline too small to ever show significance is refused.
--min-speedup X requires optimized to stay at least X times faster than baseline within
the same run.

--threshold takes a percentage (10%) or a fraction (0.1); a bare number of 1 or more is
ambiguous and refused.

Exit codes: 0 ok, 1 a case failed, variants or builds disagree or performance regressed,
2 bad usage or bad input (the message names the file).`,
		Example: `  llmbench regress
  llmbench regress --against origin/main --format junit > regress.xml
  llmbench regress --cases ../shared/conformance/litellm-observed.jsonl --format json
  llmbench regress --fuzz 100000 --seed 7
  llmbench bench --out base.json && llmbench regress --baseline base.json --format junit > regress.xml`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Out, opts.ErrOut, opts.corpus = c.OutOrStdout(), c.ErrOrStderr(), app.corpus
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
	f.StringVar(&opts.Variants, "variants", strings.Join(completion.DefaultVariants, ","), "comma-separated variants to run")
	f.StringVar(&opts.Format, "format", "table", "output format: "+strings.Join(regress.Formats, "|"))
	f.BoolVar(&opts.Quiet, "quiet", false, "print only the result")
	f.IntVar(&opts.Fuzz, "fuzz", regress.DefaultFuzz, "number of seeded random requests checked for agreement between variants (and builds, with --against; 0: none)")
	f.Int64Var(&opts.Seed, "seed", 1, "seed of the random requests")
	f.StringVar(&opts.Baseline, "baseline", "", "saved `bench --out` result (JSON) to gate performance on")
	f.StringVar(&opts.Threshold, "threshold", "10%", `the slowdown the performance gate is built to catch ("10%" or 0.1): with --against, a slowdown this large fails with probability >= 95%; with --baseline, the growth of the median time per call that fails when significant`)
	f.Float64Var(&opts.MinSpeedup, "min-speedup", 0, "optimized must be at least this many times faster than baseline in the same run (0: off)")
	f.DurationVar(&opts.Budget, "budget", regress.DefaultBudget, "with --against: the longest the performance measurement may take (it stops earlier when every variant is decided)")
	f.StringVar(&opts.Workload, "workload", "", "with --against: the workload to measure (default, seed or a file); with --baseline: the workload it must have been recorded with")
	f.StringVar(&opts.Model, "model", "", "with --against: measure a single-model workload; with --baseline: the model it must have been recorded with")
	f.Int("requests", 0, "with --baseline: the requests the baseline must have been recorded with")
	f.Int("batches", 0, "with --baseline: the batches the baseline must have been recorded with")
	f.Int("concurrency", 0, "with --baseline: the concurrency the baseline must have been recorded with")
	f.Int("count", 0, "with --baseline: the count the baseline must have been recorded with")
	opts.pipeline.register(c)
	opts.targets.register(c)
	return c
}

func runRegress(ctx context.Context, opts *RegressOptions) error {
	if !contains(regress.Formats, opts.Format) {
		return usageErrorf("unknown --format %q (want %s)", opts.Format, strings.Join(regress.Formats, "|"))
	}
	variants, err := completion.ParseVariants(opts.Variants)
	if err != nil {
		return &FlagError{Err: fmt.Errorf("--variants: %w", err)}
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
	if opts.Budget <= 0 {
		return usageErrorf("--budget must be positive, got %v", opts.Budget)
	}
	gated := opts.Baseline != "" || opts.targets.against != ""
	switch {
	case opts.MinSpeedup > 0 && !gated:
		return usageErrorf("--min-speedup needs --baseline or --against (it checks the performance run)")
	case opts.Baseline != "" && opts.targets.against != "":
		return usageErrorf("--baseline and --against are exclusive: gate on a saved result or on another build")
	case len(opts.targets.targets) > 0 && gated:
		return usageErrorf("--target checks behaviour only: it does not go with --baseline or --against")
	case len(opts.expect) > 0 && opts.Baseline == "":
		return usageErrorf("--requests, --batches, --concurrency and --count only check a --baseline")
	case (opts.Workload != "" || opts.Model != "") && !gated:
		return usageErrorf("--workload and --model need --against (the workload to measure) or --baseline (the one it was recorded with)")
	case opts.Workload != "" && opts.Model != "":
		return usageErrorf("--model and --workload are exclusive")
	}
	cfg := regress.Config{Variants: variants, Fuzz: opts.Fuzz, Seed: opts.Seed, Threshold: threshold,
		MinSpeedup: opts.MinSpeedup, Budget: opts.Budget, Against: opts.targets.against, Expect: opts.expect,
		BaselineFile: opts.Baseline, Rerun: baselineRerun,
		Bench:         bench.Config{Workload: opts.Workload, Model: opts.Model, DropParams: opts.pipeline.dropParams, ModelCatalog: opts.pipeline.catalogPath},
		TargetOptions: target.Options{Kinds: targetKinds(), Stderr: opts.ErrOut}}
	if opts.Baseline != "" {
		// Read the baseline first: a bad file is reported before any work.
		if cfg.Baseline, err = loadBaseline(opts.Baseline); err != nil {
			return err
		}
	}
	if len(opts.targets.targets) > 0 {
		if cfg.Targets, err = opts.targets.specs(nil); err != nil {
			return err
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
	env := bench.CaptureEnv(ctx, time.Now())
	env.Settings = bench.ResolveSettings(opts.pipeline.dropParams, opts.pipeline.catalogPath, nil)
	cfg.Env = &env
	if opts.targets.against != "" && !opts.Quiet {
		fmt.Fprintf(opts.ErrOut, "building and starting %s and this build as drivers...\n", opts.targets.against)
		cfg.Progress = opts.ErrOut
	}
	rep, err := regress.Run(ctx, cfg)
	if err != nil && !errors.Is(err, regress.ErrInterrupted) {
		return regressError(err)
	}
	if !opts.Quiet || opts.Format != "table" {
		for _, w := range rep.Warnings {
			fmt.Fprintln(opts.ErrOut, "warning:", w)
		}
	}
	if rerr := regress.Render(opts.Out, rep, opts.Format); rerr != nil {
		return rerr
	}
	if err != nil {
		return err
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

// loadBaseline reads a saved bench result for --baseline.
func loadBaseline(path string) (*bench.Result, error) {
	res, err := bench.LoadResult(path)
	if err != nil {
		return nil, &FlagError{Err: fmt.Errorf("--baseline: %w", err)}
	}
	return res, nil
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

// parseThreshold reads "10%", "10 %" or "0.1"; a bare number of 1 or
// more is ambiguous (10 could be 10% or 1000%) and refused.
func parseThreshold(s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || !(f > 0) || math.IsInf(f, 0) {
		return 0, usageErrorf("--threshold must be a positive percentage such as 10%% or a fraction such as 0.1, got %q", s)
	}
	if pct {
		return f / 100, nil
	}
	if f >= 1 {
		return 0, usageErrorf("--threshold %s is ambiguous: write %s%% for a percentage or %g for a fraction (%g%%)", s, t, f/100, f)
	}
	return f, nil
}
