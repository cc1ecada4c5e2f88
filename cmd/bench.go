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
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Out, opts.ErrOut = c.OutOrStdout(), c.ErrOrStderr()
			opts.progress = !opts.Quiet && app.isTerminal()
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
	f.StringVar(&opts.Variants, "variants", strings.Join(completion.DefaultVariants, ","), "comma-separated variants; the first is \"before\"")
	f.StringVar(&opts.Format, "format", "table", "output format: "+strings.Join(bench.Formats, "|"))
	f.StringVar(&opts.OutFile, "out", "", "also write the JSON result to this file (atomically)")
	f.StringVar(&opts.Baseline, "baseline", "", "saved JSON result (from --out) to compare with: adds \"vs saved\" columns")
	f.BoolVar(&opts.Quiet, "quiet", false, "no progress bar")
	opts.pipeline.register(c)
	opts.targets.register(c)
	return c
}

func runBench(ctx context.Context, opts *BenchOptions) error {
	if !contains(bench.Formats, opts.Format) {
		return usageErrorf("unknown --format %q (want %s)", opts.Format, strings.Join(bench.Formats, "|"))
	}
	cfg := opts.Config
	cfg.Variants = strings.Split(opts.Variants, ",")
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
	bo, err := bench.PrepareWorkload(cfg)
	if err != nil {
		return &FlagError{Err: err}
	}
	set, err := opts.targets.open(ctx, opts.ErrOut, cfg.Variants)
	if err != nil {
		return err
	}
	defer set.Close()
	popts, err := bench.PipelineOptions(bench.ResolveSettings(cfg.DropParams, cfg.ModelCatalog, nil))
	if err != nil {
		return &FlagError{Err: err}
	}
	targets := make([]bench.Target, len(set.Targets))
	for i, t := range set.Targets {
		targets[i] = t.Bench(popts, driverSettings(cfg.DropParams, cfg.ModelCatalog))
	}
	if err := bo.SetTargets(targets); err != nil {
		return &FlagError{Err: err}
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
		return targetError(err)
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
	if err := bench.Render(&buf, res, opts.Format); err != nil {
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
