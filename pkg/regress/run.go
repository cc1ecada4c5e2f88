package regress

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/driver"
	"github.com/llmbench/llmbench/pkg/target"
)

// Config is a whole regress run: what `llmbench regress` asks for.
type Config struct {
	// Files are the case files; Known the expected failures by case id.
	Files []CaseFile
	Known map[string]string
	// Variants are this build's variants; Pipeline their options.
	Variants []*completion.Variant
	Pipeline completion.Options
	// Fuzz random requests with Seed are checked for agreement.
	Fuzz int
	Seed int64

	// Targets, when set, replace Variants: the cases run on each (in
	// process or through its driver) and all must agree (--target).
	Targets []target.Spec
	// Against is another build, a git revision or an llmbench binary
	// (--against): both builds run the corpus and the random requests,
	// whose outputs must be identical, and the performance gate compares
	// them batch by batch (GateAgainst).
	Against string
	// TargetOptions resolve Targets and Against (kinds, drivers' stderr).
	TargetOptions target.Options

	// Baseline is a saved bench result (--baseline) and BaselineFile its
	// name: the performance gate re-runs it (CheckBaseline).
	Baseline     *bench.Result
	BaselineFile string
	Rerun        Rerun
	Expect       map[string]any

	// Threshold, Alpha, Beta and Budget configure the performance gate
	// (zero: the defaults of its mode); MinSpeedup, when > 0, requires
	// optimized to be that many times faster than baseline in this run.
	Threshold, Alpha, Beta float64
	Budget                 time.Duration
	MinSpeedup             float64
	// Bench is the workload the gate against another build measures
	// (Workload or Model, Seed, DropParams, ModelCatalog); its zero value
	// means bench's default workload.
	Bench bench.Config
	// Env describes this run; it is recorded in the report.
	Env *bench.Env
	// Progress, when not nil, receives a line as each part of the run
	// starts or ends (for stderr).
	Progress io.Writer
}

// say writes a progress line.
func (c *Config) say(format string, args ...any) {
	if c.Progress != nil {
		fmt.Fprintf(c.Progress, format+"\n", args...)
	}
}

// Run runs the whole gate in the order that keeps each part honest: a
// saved baseline is re-run first, in a process whose heap the corpus and
// the fuzzing have not grown; another build is built and started first
// (bad input fails before any work), its behaviour compared, and its
// performance measured last. Errors are bad input (a *BaselineError, a
// *SettingsError, a target.InputError, a *driver.Error), the context's
// (the report holds what finished, Interrupted set), or internal.
func Run(ctx context.Context, cfg Config) (rep *Report, err error) {
	if len(cfg.Files) == 0 {
		return nil, errors.New("regress: no case file")
	}
	var perf *PerfReport
	if cfg.Baseline != nil {
		runtime.GC()
		perf, err = CheckBaseline(ctx, BaselineOptions{Baseline: cfg.Baseline, File: cfg.BaselineFile, Rerun: cfg.Rerun,
			Threshold: cfg.Threshold, Alpha: cfg.Alpha, MinSpeedup: cfg.MinSpeedup, Expect: cfg.Expect})
		if err != nil {
			if ctx.Err() != nil {
				return interrupted(&Report{Schema: Schema, Env: cfg.Env}, ctx)
			}
			return nil, err
		}
	}
	var set *target.Set
	if cfg.Against != "" || len(cfg.Targets) > 0 {
		specs := cfg.Targets
		if cfg.Against != "" {
			specs = target.AgainstSpecs(cfg.Against, variantNames(cfg.Variants))
		}
		topts := cfg.TargetOptions
		topts.Variants = variantNames(cfg.Variants)
		t0 := time.Now()
		if set, err = target.Open(ctx, specs, topts); err != nil {
			if ctx.Err() != nil {
				return interrupted(&Report{Schema: Schema, Env: cfg.Env}, ctx)
			}
			return nil, err
		}
		defer func() {
			if cerr := set.Close(); cerr != nil && err == nil && ctx.Err() == nil {
				err = cerr
			}
		}()
		for _, d := range set.Drivers() {
			if d.Build != nil {
				cfg.say("built %s (%s) in %.1fs", d.Build.Rev, shortCommit(d.Build.Commit), d.Build.Took.Seconds())
			}
		}
		cfg.say("started %d driver(s) in %.1fs", len(set.Drivers()), time.Since(t0).Seconds())
	}
	settings := driver.Settings{DropParams: cfg.Pipeline.Settings.DropParams, ModelCatalog: cfg.Bench.ModelCatalog}
	bopts, fuzzGroups, pairs, gated, commit, warnings, err := plan(ctx, cfg, set, settings)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	rep, err = RunCases(ctx, bopts)
	rep.Env, rep.Against = cfg.Env, cfg.Against
	if cfg.Against != "" {
		rep.Variants = variantNames(cfg.Variants)
	}
	cfg.say("cases: %d in %.1fs", rep.Cases.Total, time.Since(t0).Seconds())
	rep.Warnings = append(warnings, rep.Warnings...)
	if err != nil {
		if ctx.Err() != nil {
			return interrupted(rep, ctx)
		}
		return nil, err
	}
	if cfg.Fuzz > 0 {
		t0 := time.Now()
		fopts := FuzzOptions{Requests: cfg.Fuzz, Seed: cfg.Seed, Variants: cfg.Variants, Pipeline: cfg.Pipeline}
		if set == nil || cfg.Against != "" {
			rep.AddFuzz(Fuzz(ctx, fopts))
		}
		if fuzzGroups != nil {
			fz, err := FuzzTargets(ctx, fopts, bopts.Targets, fuzzGroups)
			if err != nil {
				if ctx.Err() != nil {
					return interrupted(rep, ctx)
				}
				return nil, err
			}
			if cfg.Against != "" {
				rep.AddFuzzBuilds(fz)
			} else {
				rep.AddFuzz(fz)
			}
		}
		if ctx.Err() != nil {
			return interrupted(rep, ctx)
		}
		cfg.say("fuzzing: %d requests in %.1fs", cfg.Fuzz, time.Since(t0).Seconds())
	}
	if cfg.Against != "" && len(pairs) > 0 {
		breq, err := bench.PrepareWorkload(againstConfig(cfg.Bench))
		if err != nil {
			return nil, &SettingsError{Msg: err.Error()}
		}
		perf, err = GateAgainst(ctx, AgainstOptions{Name: cfg.Against, Commit: commit, Pairs: pairs, Requests: breq.Requests,
			Config: breq.Config, Workload: breq.Workload, Env: cfg.Env, Threshold: cfg.Threshold, Alpha: cfg.Alpha, Beta: cfg.Beta,
			Budget: cfg.Budget, Warmup: againstWarmup, MinSpeedup: cfg.MinSpeedup, SpeedupBefore: "baseline", SpeedupAfter: "optimized",
			Restart: set.Restart, Pin: func(i, cpu int) error { return gated[i].Pin(cpu) }, CPUs: target.CPUs()})
		if err != nil {
			if ctx.Err() != nil {
				rep.AddPerf(perf)
				return interrupted(rep, ctx)
			}
			return nil, err
		}
	}
	rep.AddPerf(perf)
	return rep, nil
}

// againstRequests is how many requests the gate against another build
// loads into both; batches are slices of them.
const againstRequests = 4096

// againstWarmup is the untimed requests per target before the gate
// measures.
const againstWarmup = 2000

// againstConfig is the workload configuration of the gate against another
// build.
func againstConfig(c bench.Config) bench.Config {
	d := bench.DefaultConfig()
	if c.Workload != "" || c.Model != "" {
		d.Workload, d.Model = c.Workload, c.Model
	}
	if c.Seed != 0 {
		d.Seed = c.Seed
	}
	d.DropParams, d.ModelCatalog = c.DropParams, c.ModelCatalog
	d.Requests, d.Batches, d.Count, d.Concurrency, d.Warmup = againstRequests, 1, 1, 1, againstWarmup
	return d
}

// plan lays out the behaviour run: its targets and groups, the groups the
// cross-process fuzzing compares, the variant pairs of the performance
// gate against another build and that build's commit.
func plan(ctx context.Context, cfg Config, set *target.Set, settings driver.Settings) (opts Options, fuzzGroups [][]int, pairs []VariantPair, gated []*target.Target, commit string, warnings []string, err error) {
	opts = Options{Files: cfg.Files, Pipeline: cfg.Pipeline, Known: cfg.Known, Variants: cfg.Variants}
	if set == nil {
		return opts, nil, nil, nil, "", nil, nil
	}
	warnings = append(warnings, set.Warnings...)
	if cfg.Against == "" {
		all := make([]int, len(set.Targets))
		for i, t := range set.Targets {
			opts.Targets = append(opts.Targets, caseTarget(t, true))
			all[i] = i
		}
		opts.Groups = [][]int{all}
		for _, t := range set.Targets {
			if t.Driver != nil {
				if !t.Driver.Hello().Can(driver.CapCases) {
					return opts, nil, nil, nil, "", nil, &target.InputError{Msg: fmt.Sprintf("target %s: driver %s cannot run cases", t.Name, t.Driver.Label)}
				}
				if err := t.Driver.Load(ctx, nil, settings); err != nil {
					return opts, nil, nil, nil, "", nil, err
				}
				fuzzGroups = opts.Groups
			}
		}
		return opts, fuzzGroups, nil, nil, "", warnings, nil // all in process: Fuzz compares them
	}
	// Against: this build's variants in process (checked, and agreeing),
	// and each compared with the other build's.
	var inProc []int
	for i, v := range cfg.Variants {
		opts.Targets = append(opts.Targets, CaseTarget{Name: v.Name, Check: true, Variant: v})
		inProc = append(inProc, i)
	}
	opts.Groups = [][]int{inProc}
	for i := 0; i+1 < len(set.Targets); i += 2 {
		other, this := set.Targets[i], set.Targets[i+1]
		if h := other.Driver.Hello(); !h.HasVariant(other.DriverVariant) && isRegistered(other.DriverVariant) {
			warnings = append(warnings, fmt.Sprintf("%s has no variant %s: not compared", other.Driver.Label, other.DriverVariant))
			continue
		}
		if i == 0 {
			if err := other.Driver.Load(ctx, nil, settings); err != nil {
				return opts, nil, nil, nil, "", nil, err
			}
			if other.Driver.Build != nil {
				commit = other.Driver.Build.Commit
			}
		}
		k := len(opts.Targets)
		opts.Targets = append(opts.Targets, caseTarget(other, false))
		j := indexOf(cfg.Variants, this.DriverVariant)
		opts.Groups = append(opts.Groups, []int{j, k})
		fuzzGroups = append(fuzzGroups, []int{j, k})
		pairs = append(pairs, VariantPair{Variant: this.DriverVariant, Before: other.Bench(cfg.Pipeline, settings), After: this.Bench(cfg.Pipeline, settings)})
		gated = append(gated, other, this)
	}
	return opts, fuzzGroups, pairs, gated, commit, warnings, nil
}

func caseTarget(t *target.Target, check bool) CaseTarget {
	if t.Driver == nil {
		return CaseTarget{Name: t.Name, Check: check, Variant: t.Variant}
	}
	return CaseTarget{Name: t.Name, Check: check, Driver: t.Driver, DriverVariant: t.DriverVariant}
}

func isRegistered(name string) bool {
	for _, n := range completion.VariantNames() {
		if n == name {
			return true
		}
	}
	return false
}

func indexOf(vs []*completion.Variant, name string) int {
	for i, v := range vs {
		if v.Name == name {
			return i
		}
	}
	return -1
}

func variantNames(vs []*completion.Variant) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Name
	}
	return out
}

// interrupted marks rep as interrupted and returns it with an error
// wrapping ErrInterrupted.
func interrupted(rep *Report, ctx context.Context) (*Report, error) {
	rep.Interrupted, rep.OK = true, false
	return rep, fmt.Errorf("regress: %w (%v)", ErrInterrupted, ctx.Err())
}
