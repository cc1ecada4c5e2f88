package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/completion"
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

	Out, ErrOut io.Writer
	// progress reports whether to draw a progress bar.
	progress bool
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

Exit codes: 0 ok, 1 interrupted (the finished batches are still printed), 2 bad usage
or bad input.`,
		Example: `  llmbench bench
  llmbench bench --workload seed --requests 20000 --batches 10 --count 3 --concurrency 1
  llmbench bench --format gobench --count 3 > new.txt && benchstat -col /variant new.txt
  llmbench bench --out before.json && llmbench bench --baseline before.json`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Out, opts.ErrOut = c.OutOrStdout(), c.ErrOrStderr()
			opts.progress = !opts.Quiet && app.isTerminal()
			if err := ablateArgs(c, &opts.Config, args); err != nil {
				return err
			}
			if c.Flags().Changed("model") && c.Flags().Changed("workload") {
				return usageErrorf("--model and --workload are exclusive")
			}
			if opts.Config.Model != "" {
				opts.Config.Workload = ""
			}
			return runBench(c.Context(), opts)
		},
	}
	f := c.Flags()
	cfg := &opts.Config
	f.IntVar(&cfg.Requests, "requests", cfg.Requests, "mock requests per variant and run")
	f.IntVar(&cfg.Batches, "batches", cfg.Batches, "batches the requests are split into (one sample each)")
	f.IntVar(&cfg.Concurrency, "concurrency", cfg.Concurrency, "goroutines per batch, GOMAXPROCS by default; 0 = one goroutine per request")
	f.IntVar(&cfg.Count, "count", cfg.Count, "runs of all batches (samples per variant = batches x count)")
	f.IntVar(&cfg.Warmup, "warmup", cfg.Warmup, "untimed requests per variant before measuring")
	f.StringVar(&cfg.Workload, "workload", cfg.Workload, "workload: default, seed or a workload file (JSON)")
	f.StringVar(&cfg.Model, "model", "", "run a single-model workload with this model (e.g. anthropic/claude-3-5-sonnet-20240620)")
	f.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the workload's request mix")
	f.Float64Var(&cfg.RPS, "rps", cfg.RPS, "production request rate of the impact projection")
	f.StringVar(&opts.Variants, "variants", strings.Join(completion.DefaultVariants, ","), "comma-separated variants or compositions (baseline+providers-set, summary-preprocess-loop+preprocess-slots); the first is \"before\"")
	f.StringVar(&cfg.Ablate, "ablate", "", "take a variant apart (default summary): each change alone on baseline and removed from the variant, interleaved in one run")
	f.Lookup("ablate").NoOptDefVal = "summary"
	f.StringVar(&opts.Format, "format", "table", "output format: "+strings.Join(report.Formats(report.KindBench), "|"))
	f.StringVar(&opts.OutFile, "out", "", "also write the JSON result to this file (atomically)")
	f.StringVar(&opts.Baseline, "baseline", "", "saved JSON result (from --out) to compare with: adds \"vs saved\" columns")
	f.BoolVar(&opts.Quiet, "quiet", false, "no progress bar")
	opts.pipeline.register(c)
	return c
}

func runBench(ctx context.Context, opts *BenchOptions) error {
	if !contains(report.Formats(report.KindBench), opts.Format) {
		return usageErrorf("unknown --format %q (want %s)", opts.Format, strings.Join(report.Formats(report.KindBench), "|"))
	}
	cfg := opts.Config
	cfg.Variants = strings.Split(opts.Variants, ",")
	if cfg.Ablate != "" {
		targets, err := bench.AblationTargets(cfg.Ablate)
		if err != nil {
			return usageErrorf("--ablate: %v", err)
		}
		cfg.Variants = targets
	} else if _, err := completion.ParseVariants(opts.Variants); err != nil {
		return usageErrorf("--variants: %v", err)
	}
	cfg.DropParams = opts.pipeline.dropParams
	cfg.ModelCatalog = opts.pipeline.catalogPath
	if err := cfg.Validate(); err != nil {
		return usageErrorf("%s", flagName(err))
	}
	var saved *bench.Result
	if opts.Baseline != "" {
		var err error
		if saved, err = bench.LoadResult(opts.Baseline); err != nil {
			return &FlagError{fmt.Errorf("--baseline: %w", err)}
		}
	}
	if opts.OutFile != "" {
		if err := checkWritable(opts.OutFile); err != nil {
			return err
		}
	}
	bo, err := bench.Prepare(cfg)
	if err != nil {
		return &FlagError{err}
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
	interrupted := errors.Is(err, bench.ErrInterrupted)
	if err != nil && !interrupted {
		return err
	}
	if saved != nil {
		res.CompareSaved(opts.Baseline, saved)
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
	if interrupted {
		fmt.Fprintln(opts.ErrOut, "llmbench bench:", err)
		if opts.OutFile != "" {
			fmt.Fprintf(opts.ErrOut, "llmbench bench: %s not written: the run did not finish\n", opts.OutFile)
		}
		return ErrCheckFailed
	}
	if opts.OutFile != "" {
		buf.Reset()
		if err := bench.WriteJSON(&buf, res); err != nil {
			return err
		}
		if err := writeFileAtomic(opts.OutFile, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// flagName rewrites a Config validation error to name the flag.
func flagName(err error) string {
	msg := err.Error()
	for _, f := range []string{"requests", "batches", "concurrency", "count", "warmup", "rps"} {
		if strings.HasPrefix(msg, f+" ") {
			return "--" + msg
		}
	}
	return msg
}

// checkWritable fails early when path cannot be written, so that a long run
// does not end in a write error.
func checkWritable(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return usageErrorf("--out %s: is a directory", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".check*")
	if err != nil {
		return usageErrorf("--out %s: cannot write: %v", path, err)
	}
	tmp.Close()
	return os.Remove(tmp.Name())
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
	if f.Changed("variants") {
		return usageErrorf("--ablate and --variants are exclusive: an ablation runs baseline, the variant, and each change alone and removed")
	}
	def := bench.AblationConfig()
	for name, p := range map[string]*int{"requests": &cfg.Requests, "batches": &cfg.Batches, "count": &cfg.Count,
		"warmup": &cfg.Warmup, "concurrency": &cfg.Concurrency} {
		if !f.Changed(name) {
			*p = map[string]int{"requests": def.Requests, "batches": def.Batches, "count": def.Count,
				"warmup": def.Warmup, "concurrency": def.Concurrency}[name]
		}
	}
	return nil
}
