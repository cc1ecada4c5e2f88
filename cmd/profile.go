package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/litellm"
	"github.com/llmbench/llmbench/pkg/profile"
	"github.com/llmbench/llmbench/pkg/report"
	"github.com/llmbench/llmbench/pkg/workload"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

// ProfileOptions are the flags of `llmbench profile`.
type ProfileOptions struct {
	CPU      bool
	Mem      bool
	Duration time.Duration
	Rate     int
	Variants string
	Dir      string
	Lines    bool
	Claims   string
	Format   string
	Quiet    bool
	Seed     uint64
	Workload string
	Model    string
	pipeline pipelineFlags
	targets  targetFlags

	Out, ErrOut io.Writer
	isTerminal  func() bool
}

// profileLines is how many source lines --lines shows per stage.
const profileLines = 5

func newProfileCmd(app *appContext) *cobra.Command {
	opts := &ProfileOptions{Seed: 1}
	c := &cobra.Command{
		Use:   "profile",
		Short: "pprof CPU/heap profiles and each pipeline component's share of CPU, before vs after",
		Long: `profile runs the workload through each variant on all cores under the CPU profiler
(and the heap profiler with --mem), writes cpu-<variant>.pb.gz / heap-<variant>.pb.gz into
--out (each file atomically), and attributes the samples to the pipeline's stages by
function symbol: each stage's cumulative share of pipeline CPU with its 95% sampling
interval, the samples, a self/other remainder, and the union of the three hot spots as
the total. The first and last variants are compared in the optimization summary's shape,
Component | Before | After | Improvement, with a verdict per claim (holds, does not
hold, not decidable at this sample size). --claims FILE checks other claims (JSON):

  {"tolerance_pp": 1, "claims": [{"component": "provider_validation",
    "label": "LlmProviders enum validation", "before": "6.5%", "after": "~0%",
    "improvement": "6.5%"}]}

component is a stage name or "total"; values are "6.5%", "~0%", "10-12%", "<3%" or numbers.

--duration is per variant; the variants take turns in slices of at most a second, and one
with fewer than 2,000 CPU samples by then runs on for up to 30% longer. On Linux the kernel delivers CPU-time profiling signals at
most once per tick per thread (often 250 Hz), whatever --rate asks; the report gives
the rate achieved. Progress goes to stderr when it is a terminal; warnings and the
go tool pprof commands that open and diff the files go to stderr.

--duration is at least ` + profile.MinDuration.String() + ` (a shorter run gets a handful of samples or none).
The --out directory is created when the profiles are written: a run that fails or is
interrupted leaves none behind.

` + exitCodesHelp,
		Example: `  llmbench profile --cpu
  llmbench profile --mem --lines --format markdown
  llmbench profile --duration 2s --claims my-claims.json --format json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Out, opts.ErrOut, opts.isTerminal = c.OutOrStdout(), c.ErrOrStderr(), app.isTerminal
			return runProfile(c.Context(), opts)
		},
	}
	f := c.Flags()
	f.BoolVar(&opts.CPU, "cpu", true, "record CPU profiles (--cpu=false --mem records heap profiles only)")
	f.BoolVar(&opts.Mem, "mem", false, "also record heap profiles: bytes and objects allocated per stage")
	f.DurationVar(&opts.Duration, "duration", profile.DefaultOptions.Duration, "how long each variant runs under the profiler (at least "+profile.MinDuration.String()+")")
	f.IntVar(&opts.Rate, "rate", profile.DefaultOptions.Rate, fmt.Sprintf("CPU profiling rate to ask for, in Hz (1 to %d)", maxRate))
	addVariantsFlag(c, &opts.Variants, "comma-separated variants; the first is before, the last after")
	f.StringVar(&opts.Dir, "out", "./llmbench-profiles", "directory for the profile files (created when they are written)")
	f.BoolVar(&opts.Lines, "lines", false, fmt.Sprintf("show the %d hottest source lines of each stage, like kernprof -l -v", profileLines))
	f.StringVar(&opts.Claims, "claims", "", "JSON file of claims to check instead of the optimization summary's")
	addFormatFlag(c, &opts.Format, report.Formats(report.KindProfile))
	f.BoolVar(&opts.Quiet, "quiet", false, "print only the result and warnings")
	addSeedFlag(c, &opts.Seed, "workload randomness")
	addWorkloadFlags(c, &opts.Workload, &opts.Model, "workload to profile")
	_ = c.MarkFlagDirname("out")
	_ = c.MarkFlagFilename("claims", "json")
	opts.pipeline.register(c)
	opts.targets.register(c)
	return c
}

// maxRate is the highest --rate: the kernel delivers a few hundred
// signals per CPU-second at most, whatever is asked.
const maxRate = 100000

func runProfile(ctx context.Context, opts *ProfileOptions) error {
	if err := checkFormat(opts.Format, report.Formats(report.KindProfile)); err != nil {
		return err
	}
	if opts.Duration < profile.MinDuration {
		return flagErrorf("--duration "+opts.Duration.String(), "too short to measure: at least %v per variant", profile.MinDuration)
	}
	if opts.Rate < 1 || opts.Rate > maxRate {
		return flagErrorf(fmt.Sprintf("--rate %d", opts.Rate), "must be between 1 and %d Hz", maxRate)
	}
	if !opts.CPU && !opts.Mem {
		return flagErrorf("--cpu=false", "nothing to record without --mem")
	}
	variants, err := parseVariants("--variants", opts.Variants)
	if err != nil {
		return err
	}
	popts, err := opts.pipeline.options()
	if err != nil {
		return err
	}
	wl, err := profileWorkload(opts)
	if err != nil {
		if opts.Model != "" {
			return inputError("--model "+opts.Model, err)
		}
		return inputError("--workload "+opts.Workload, err)
	}
	claims := profile.SummaryClaims()
	if opts.Claims != "" {
		if claims, err = profile.LoadClaims(opts.Claims); err != nil {
			return inputError("--claims", err)
		}
	}
	if err := profile.CheckDir(opts.Dir); err != nil {
		return outError("--out", err)
	}

	var names []string
	for _, v := range variants {
		names = append(names, v.Name)
	}
	set, err := opts.targets.open(ctx, opts.ErrOut, names)
	if err != nil {
		return err
	}
	defer set.Close()
	var targets []profile.Target
	settings := driverSettings(opts.pipeline.dropParams, opts.pipeline.catalogPath)
	for _, t := range set.Targets {
		pt := profile.Target{Name: t.Name, Variant: t.Variant}
		if t.Driver != nil {
			if opts.Mem {
				return flagErrorf("--mem", "heap profiles are recorded in process only; %s runs in a driver", t.Name)
			}
			pr := t.Profiler(settings)
			if t.Spec.Kind == litellmKind {
				// LiteLLM's stacks, attributed by its own function names;
				// untimed first: lazily imported modules, caches.
				pt.Attribution, pt.Sliced, pr.Warmup = litellm.Attribution(), true, litellmProfileWarmup
			}
			pt.Remote = pr
		}
		targets = append(targets, pt)
	}
	copts := profile.Options{Targets: targets, Pipeline: popts, Workload: wl, Seed: opts.Seed,
		Duration: opts.Duration, Rate: opts.Rate, CPU: opts.CPU, Mem: opts.Mem, Dir: opts.Dir,
		MinSamples: profile.MinSamples, MaxExtension: 0.3}
	var bar *progressbar.ProgressBar
	if !opts.Quiet && opts.isTerminal != nil && opts.isTerminal() {
		bar = progressbar.NewOptions(1000, progressbar.OptionSetWriter(opts.ErrOut),
			progressbar.OptionSetDescription("profiling "+opts.Variants), progressbar.OptionClearOnFinish(),
			progressbar.OptionSetPredictTime(false))
		copts.Progress = func(frac float64) { _ = bar.Set(int(frac * 1000)) }
	}
	run, captureErr := profile.Capture(ctx, copts)
	if captureErr != nil && !errors.Is(captureErr, ErrInterrupted) {
		if te := targetError(captureErr); te != captureErr {
			return opts.targets.place(te)
		}
	}
	if bar != nil {
		_ = bar.Finish()
	}
	stopped := errors.Is(captureErr, ErrInterrupted)
	if captureErr != nil && !stopped {
		var le *completion.Error
		switch {
		case errors.As(captureErr, &le) && opts.Model != "": // a request LiteLLM rejects
			return inputError("--model "+opts.Model, captureErr)
		case errors.As(captureErr, &le):
			return inputError("--workload "+opts.Workload, captureErr)
		}
		return captureErr
	}
	lines := 0
	if opts.Lines {
		lines = profileLines
	}
	rep, err := profile.Analyze(run, profile.AnalyzeOptions{Claims: claims, Lines: lines})
	if err != nil {
		return err
	}
	rep.Env = opts.pipeline.env(ctx)
	if err := report.Render(opts.Out, report.Profile(rep), opts.Format); err != nil {
		return err
	}
	for _, w := range rep.Warnings {
		fmt.Fprintln(opts.ErrOut, "warning: "+w)
	}
	if stopped {
		return captureErr
	}
	if !opts.Quiet && len(rep.Commands) > 0 {
		fmt.Fprintln(opts.ErrOut, "open and diff the profiles with:")
		for _, c := range rep.Commands {
			fmt.Fprintln(opts.ErrOut, "  "+c)
		}
	}
	return nil
}

// litellmProfileWarmup is how many requests a litellm target runs untimed
// before it is profiled.
const litellmProfileWarmup = 300

func profileWorkload(opts *ProfileOptions) (*workload.Workload, error) {
	if opts.Model != "" {
		return workload.Model(opts.Model, ""), nil
	}
	return workload.Lookup(opts.Workload)
}
