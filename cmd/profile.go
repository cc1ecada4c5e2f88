package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/llmbench/llmbench/pkg/atomicfile"
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/driver"
	"github.com/llmbench/llmbench/pkg/litellm"
	"github.com/llmbench/llmbench/pkg/profile"
	"github.com/llmbench/llmbench/pkg/report"
	"github.com/llmbench/llmbench/pkg/target"
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
	c.MarkFlagsMutuallyExclusive("against", "target")
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

	copts := profile.Options{Variants: variants, Pipeline: popts, Workload: wl, Seed: opts.Seed,
		Duration: opts.Duration, Rate: opts.Rate, CPU: opts.CPU, Mem: opts.Mem, Dir: opts.Dir,
		MinSamples: profile.MinSamples, MaxExtension: 0.3}
	var set *target.Set
	if len(opts.targets.targets) > 0 || opts.targets.against != "" {
		names := make([]string, len(variants))
		for i, v := range variants {
			names[i] = v.Name
		}
		if set, err = opts.targets.open(ctx, opts.ErrOut, names); err != nil {
			return err
		}
		defer set.Close()
		if opts.Mem && hasRemote(set) {
			return flagErrorf("--mem", "heap profiles are of this build's variants only; drop --mem or the driver targets")
		}
		copts.Variants = nil
		for _, t := range set.Targets {
			if t.Variant != nil {
				copts.Variants = append(copts.Variants, t.Variant)
			}
		}
	}
	var bar *progressbar.ProgressBar
	if !opts.Quiet && opts.isTerminal != nil && opts.isTerminal() {
		bar = progressbar.NewOptions(1000, progressbar.OptionSetWriter(opts.ErrOut),
			progressbar.OptionSetDescription("profiling "+opts.Variants), progressbar.OptionClearOnFinish(),
			progressbar.OptionSetPredictTime(false))
		copts.Progress = func(frac float64) { _ = bar.Set(int(frac * 1000)) }
	}
	var run *profile.Run
	var captureErr error
	if set == nil {
		run, captureErr = profile.Capture(ctx, copts)
	} else {
		run, captureErr = profileTargets(ctx, set, copts, driverSettings(opts.pipeline.dropParams, opts.pipeline.catalogPath))
	}
	if bar != nil {
		_ = bar.Finish()
	}
	stopped := errors.Is(captureErr, ErrInterrupted)
	if stopped && run == nil { // interrupted in a driver target: nothing to show
		return captureErr
	}
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

// profileTargets profiles the targets of set in their order: the driver
// targets first, each through its driver's profile request, then this
// build's variants together (Capture); the driver targets' files are
// written last, with the variants' already on disk, so that a failure
// leaves none behind.
func profileTargets(ctx context.Context, set *target.Set, copts profile.Options, settings driver.Settings) (*profile.Run, error) {
	reqs := copts.Workload.Requests(profile.DefaultOptions.Requests, copts.Seed)
	var rts []profile.RemoteTarget
	for _, t := range set.Targets {
		if t.Driver == nil {
			continue
		}
		if !t.Driver.Hello().Can(driver.CapProfile) {
			return nil, &target.InputError{Msg: fmt.Sprintf("target %s: driver %s cannot profile", t.Name, t.Driver.Label)}
		}
		if err := t.Driver.Load(ctx, reqs, settings); err != nil {
			return nil, targetError(err)
		}
		rt := profile.RemoteTarget{Name: t.Name, Profile: t.Driver.Profile, Variant: t.DriverVariant, Mode: t.Driver.Mode}
		if t.Spec.Kind == litellmKind {
			rt.Attribution, rt.Stacks = litellm.Attribution(), true
			// Untimed first: lazily imported modules, caches.
			if err := t.Driver.WarmupMode(ctx, t.DriverVariant, t.Driver.Mode, min(len(reqs), litellmProfileWarmup)); err != nil {
				return nil, targetError(err)
			}
		}
		rts = append(rts, rt)
	}
	vcs, files, err := profile.CaptureRemotes(ctx, rts, copts)
	if err != nil {
		if ctx.Err() != nil {
			return nil, interrupted("while profiling the driver targets; no profile was written")
		}
		return nil, targetError(err)
	}
	remote := map[*target.Target]profile.VariantCapture{}
	k := 0
	for _, t := range set.Targets {
		if t.Driver != nil {
			remote[t] = vcs[k]
			k++
		}
	}
	run := &profile.Run{Workload: copts.Workload.Name, Seed: copts.Seed, GOMAXPROCS: runtime.GOMAXPROCS(0),
		Duration: copts.Duration, Rate: copts.Rate}
	if len(copts.Variants) > 0 {
		var err error
		if run, err = profile.Capture(ctx, copts); err != nil {
			return run, err
		}
	}
	inproc := run.Variants
	run.Variants = nil
	for _, t := range set.Targets {
		if vc, ok := remote[t]; ok {
			run.Variants = append(run.Variants, vc)
		} else {
			run.Variants, inproc = append(run.Variants, inproc[0]), inproc[1:]
		}
	}
	if err := atomicfile.WriteDir(copts.Dir, files, atomicfile.Options{}); err != nil {
		return nil, outError("--out", err)
	}
	return run, nil
}

// litellmProfileWarmup is how many requests a litellm target runs untimed
// before it is profiled.
const litellmProfileWarmup = 300

func hasRemote(set *target.Set) bool {
	for _, t := range set.Targets {
		if t.Driver != nil {
			return true
		}
	}
	return false
}

func profileWorkload(opts *ProfileOptions) (*workload.Workload, error) {
	if opts.Model != "" {
		return workload.Model(opts.Model, ""), nil
	}
	return workload.Lookup(opts.Workload)
}
