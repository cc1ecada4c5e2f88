package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/llmbench/llmbench/pkg/atomicfile"
	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/report"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

// BenchOptions are the flags of `llmbench bench`.
type BenchOptions struct {
	Config   bench.Config
	Variants string
	Format   string
	OutFile  string
	Baseline string
	Quiet    bool
	pipeline pipelineFlags
	targets  targetFlags

	Out, ErrOut io.Writer
	// progress reports whether to draw a progress bar.
	progress bool
	// formatSet reports that --format was given; concurrencySet that
	// --concurrency was.
	formatSet, concurrencySet bool
}

func newBenchCmd(app *appContext) *cobra.Command {
	opts := &BenchOptions{Config: bench.DefaultConfig()}
	c := &cobra.Command{
		Use:   "bench",
		Short: "Mock requests through every variant in batches: time per call, latency, allocations, before vs after",
		Long: `bench runs --requests mock requests, split into --batches batches, through each variant,
variants interleaved (A B A B ...), repeated --count times. Each batch is one sample of
the time per call; every request's duration feeds the latency percentiles. It prints
per-variant results, a before/after table (first variant = before) with a Mann-Whitney
p-value ("~" = not significant), the production-impact projection at --rps, and the
harness overhead (an empty pipeline run the same way).

Workloads: "default" (embedded mix across the major providers), "seed" (the
optimization summary's profiling request: openai/gpt-4o, one user message,
mock_response "Hello, world!"), or a workload file (JSON, see README.md, "Workloads");
--model M runs a single-model workload instead.

` + benchLimitsHelp + `

--out FILE writes the JSON result atomically; only a regular file is replaced (a
symlink is followed), never a file the run reads; --out - writes it to stdout.

` + exitCodesHelp,
		Example: `  llmbench bench
  llmbench bench --workload seed --requests 20000 --batches 10 --count 3 --concurrency 1
  llmbench bench --format gobench --count 3 > new.txt && benchstat -col /variant new.txt
  llmbench bench --out before.json && llmbench bench --baseline before.json`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Out, opts.ErrOut = c.OutOrStdout(), c.ErrOrStderr()
			opts.progress = !opts.Quiet && app.isTerminal()
			opts.formatSet = c.Flags().Changed("format")
			opts.concurrencySet = c.Flags().Changed("concurrency")
			if err := ablateArgs(c, &opts.Config, args); err != nil {
				return err
			}
			if opts.Config.Model != "" {
				opts.Config.Workload = ""
			}
			return runBench(c.Context(), opts)
		},
	}
	f := c.Flags()
	cfg := &opts.Config
	f.IntVar(&cfg.Requests, "requests", cfg.Requests, "mock requests per variant and run (see the memory bound above)")
	f.IntVar(&cfg.Batches, "batches", cfg.Batches, "batches the requests are split into (one sample each)")
	f.IntVar(&cfg.Concurrency, "concurrency", cfg.Concurrency, "goroutines per batch, GOMAXPROCS by default; 0 = one goroutine per request")
	f.IntVar(&cfg.Count, "count", cfg.Count, "runs of all batches (samples per variant = batches x count)")
	f.IntVar(&cfg.Warmup, "warmup", cfg.Warmup, "untimed requests per variant before measuring")
	addWorkloadFlags(c, &cfg.Workload, &cfg.Model, "workload")
	addSeedFlag(c, &cfg.Seed, "seed of the workload's request mix")
	f.Float64Var(&cfg.RPS, "rps", cfg.RPS, fmt.Sprintf("production request rate of the impact projection (above 0, at most %g)", float64(bench.MaxRPS)))
	addVariantsFlag(c, &opts.Variants, "comma-separated variants or compositions (baseline+providers-set, summary-preprocess-loop+preprocess-slots); the first is \"before\"")
	f.StringVar(&cfg.Ablate, "ablate", "", "take a variant apart (default summary): each change alone on baseline and removed from the variant, interleaved in one run")
	f.Lookup("ablate").NoOptDefVal = "summary"
	c.MarkFlagsMutuallyExclusive("ablate", "variants")
	addFormatFlag(c, &opts.Format, report.Formats(report.KindBench))
	f.StringVar(&opts.OutFile, "out", "", "also write the JSON result to this file (atomically; - for stdout)")
	f.StringVar(&opts.Baseline, "baseline", "", "saved JSON result (from --out) to compare with: adds \"vs saved\" columns")
	f.BoolVar(&opts.Quiet, "quiet", false, "no progress bar")
	_ = c.MarkFlagFilename("baseline", "json")
	opts.pipeline.register(c)
	opts.targets.register(c)
	return c
}

// benchLimitsHelp states the memory bound of a run.
var benchLimitsHelp = fmt.Sprintf(`Memory: a run's measurements (the request list, every request's latency in every run
for every variant, the goroutines and results of the widest batch, with room for the
garbage collector) must fit in %s; a larger configuration is refused before it starts,
naming the most --requests it allows. With the defaults that is %d requests; with
--concurrency 0 (a goroutine per request) spread requests over more --batches.`,
	bench.FormatBytes(bench.MaxMemory), defaultMaxRequests())

func defaultMaxRequests() int {
	c := bench.DefaultConfig()
	return c.MaxRequests()
}

func runBench(ctx context.Context, opts *BenchOptions) error {
	if err := checkFormat(opts.Format, report.Formats(report.KindBench)); err != nil {
		return err
	}
	if opts.OutFile == atomicfile.Stdout {
		if opts.formatSet && opts.Format != "json" {
			return flagErrorf("--out -", "writes the JSON result to stdout, where --format %s would go too", opts.Format)
		}
		opts.Format, opts.OutFile = "json", ""
	}
	variants, err := parseVariants("--variants", opts.Variants)
	if err != nil {
		return err
	}
	cfg := opts.Config
	cfg.Variants = nil
	for _, v := range variants {
		cfg.Variants = append(cfg.Variants, v.Name)
	}
	if cfg.Ablate != "" {
		if cfg.Variants, err = bench.AblationTargets(cfg.Ablate); err != nil {
			return &FlagError{Flag: "--ablate " + cfg.Ablate, Err: err}
		}
	}
	cfg.DropParams = opts.pipeline.dropParams
	cfg.ModelCatalog = opts.pipeline.catalogPath
	if err := cfg.Validate(); err != nil {
		return configError(err)
	}
	var saved *bench.Result
	if opts.Baseline != "" {
		if saved, err = bench.LoadResult(opts.Baseline); err != nil {
			return inputError("--baseline", err)
		}
	}
	inputs := outInputs(append(opts.pipeline.inputs(),
		atomicfile.Input{Name: "--workload", Path: cfg.Workload}, atomicfile.Input{Name: "--baseline", Path: opts.Baseline})...)
	if opts.OutFile != "" {
		if err := checkOut("--out", opts.OutFile, inputs); err != nil {
			return err
		}
	}
	bo, err := bench.PrepareWorkload(cfg)
	if err != nil {
		return prepareError(cfg, err)
	}
	set, err := opts.targets.open(ctx, opts.ErrOut, cfg.Variants)
	if err != nil {
		return err
	}
	defer set.Close()
	if opts.concurrencySet {
		explicitConcurrency(set)
	}
	popts, err := bench.PipelineOptions(bench.ResolveSettings(cfg.DropParams, cfg.ModelCatalog, nil))
	if err != nil {
		return prepareError(cfg, err)
	}
	targets := make([]bench.Target, len(set.Targets))
	for i, t := range set.Targets {
		targets[i] = t.Bench(popts, driverSettings(cfg.DropParams, cfg.ModelCatalog))
	}
	if err := bo.SetTargets(targets); err != nil {
		return prepareError(cfg, err)
	}
	var bar *progressbar.ProgressBar
	if opts.progress {
		bar = progressbar.NewOptions(1, progressbar.OptionSetWriter(opts.ErrOut), progressbar.OptionSetDescription("bench"),
			progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond))
		bo.Progress = func(done, total int) {
			bar.ChangeMax(total)
			_ = bar.Set(done)
		}
	}
	res, err := bench.Run(ctx, bo)
	if bar != nil {
		_ = bar.Finish()
		_ = bar.Clear()
	}
	stopped := errors.Is(err, bench.ErrInterrupted)
	if err != nil && !stopped {
		return opts.targets.place(targetError(err))
	}
	if saved != nil {
		res.CompareSaved(opts.Baseline, saved)
	}
	if opts.targets.against != "" {
		var pairs [][2]string
		for i := 0; i+1 < len(set.Targets); i += 2 {
			pairs = append(pairs, [2]string{set.Targets[i].Name, set.Targets[i+1].Name})
		}
		res.AddPairs(pairs)
	}
	var buf bytes.Buffer
	if err := report.Render(&buf, report.Bench(res), opts.Format); err != nil {
		return err
	}
	if _, err := opts.Out.Write(buf.Bytes()); err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(opts.ErrOut, "warning:", w)
	}
	if stopped {
		if opts.OutFile != "" {
			return fmt.Errorf("%w; the result was not written (--out %s)", err, opts.OutFile)
		}
		return err
	}
	if opts.OutFile != "" {
		buf.Reset()
		if err := bench.WriteJSON(&buf, res); err != nil {
			return err
		}
		return writeOut("--out", opts.OutFile, buf.Bytes(), opts.Out, inputs)
	}
	return nil
}

// prepareError words an error of bench.Prepare, which is always bad input:
// a workload or catalog file, or a workload request LiteLLM rejects.
func prepareError(cfg bench.Config, err error) error {
	var ce *bench.ConfigError
	if errors.As(err, &ce) {
		return configError(err)
	}
	if cfg.Model != "" {
		return inputError("--model "+cfg.Model, err)
	}
	return inputError("--workload "+cfg.Workload, err)
}

// ablateArgs applies --ablate: "--ablate VARIANT" leaves VARIANT as an
// argument when the flag's optional value ("--ablate" alone means summary)
// is not given with "=", so it is taken back here. An ablation picks its
// own targets, and flags left at their defaults take the ablation's
// defaults (bench.AblationConfig), which the result records.
func ablateArgs(c *cobra.Command, cfg *bench.Config, args []string) error {
	f := c.Flags()
	if !f.Changed("ablate") {
		if len(args) > 0 {
			return usageErrorf("unexpected argument %q", args[0])
		}
		return nil
	}
	if len(args) > 1 || (len(args) == 1 && cfg.Ablate != f.Lookup("ablate").NoOptDefVal) {
		return usageErrorf("unexpected argument %q", args[len(args)-1])
	}
	if len(args) == 1 {
		cfg.Ablate = args[0]
	}
	def := bench.AblationConfig()
	cfg.GCUntimed = def.GCUntimed
	for name, p := range map[string]*int{"requests": &cfg.Requests, "batches": &cfg.Batches, "count": &cfg.Count,
		"warmup": &cfg.Warmup, "concurrency": &cfg.Concurrency} {
		if !f.Changed(name) {
			*p = map[string]int{"requests": def.Requests, "batches": def.Batches, "count": def.Count,
				"warmup": def.Warmup, "concurrency": def.Concurrency}[name]
		}
	}
	return nil
}
