// Package profile captures pprof CPU and heap profiles of the completion
// pipeline and attributes their samples to the pipeline's stages
// (completion.Stages) by function symbol, so that the per-component CPU
// shares of the optimization summary can be measured instead of estimated.
//
// The work has three steps:
//
//  1. Capture runs a workload through each variant on all cores under the
//     CPU profiler (and, optionally, the heap profiler) and writes
//     cpu-<variant>.pb.gz / heap-<variant>.pb.gz files atomically.
//  2. Attribute reads a profile (github.com/google/pprof/profile) and counts,
//     for every stage, the samples that have a frame of the stage's functions
//     on their stack (inlined frames included), relative to the samples under
//     the pipeline's entry function.
//  3. Analyze attributes every written profile, puts the first and the last
//     variant side by side and checks Claims about them (by default the
//     optimization summary's table), each with a verdict decided from the
//     95% sampling intervals.
//
// The resulting Report is a value; Render writes it as a table, Markdown or
// JSON.
package profile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/pprof/profile"
	"github.com/llmbench/llmbench/pkg/atomicfile"
	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/driver"
	"github.com/llmbench/llmbench/pkg/workload"
)

// Options configure Capture. Zero fields take the defaults of
// DefaultOptions, and with neither CPU nor Mem set the CPU profile is
// recorded; Variants must not be empty.
type Options struct {
	// Variants are the pipeline variants to profile, in order; the first
	// is "before" and the last "after" in comparisons.
	Variants []*completion.Variant
	// Targets, when set, replace Variants: variants in process and targets
	// that run in a driver, in order.
	Targets []Target
	// Pipeline configures every variant's pipeline (catalog, settings).
	Pipeline completion.Options
	// Workload is the request mix; nil means workload.Default().
	Workload *workload.Workload
	// Reqs, when set, are the requests to run instead of drawing Requests
	// of them from Workload (llmbench's driver profiles the requests it
	// was loaded with).
	Reqs []*completion.Request
	// Seed drives the workload's random choice of requests.
	Seed uint64
	// Duration is how long each variant runs under the profiler.
	Duration time.Duration
	// Rate is the CPU profiling rate asked for, in Hz. The kernel may
	// deliver fewer signals (often about 250 per CPU-second on Linux);
	// VariantReport.AchievedHz reports what was delivered.
	Rate int
	// Mem also records a heap profile (allocations during the run).
	Mem bool
	// CPU records the CPU profile. Capture with neither CPU nor Mem records
	// the CPU profile.
	CPU bool
	// Dir is the directory the profile files are written to; it is created
	// when missing.
	Dir string
	// Goroutines is the number of goroutines driving requests; 0 means
	// runtime.GOMAXPROCS(0), one per core.
	Goroutines int
	// Requests is the number of distinct requests drawn from the workload
	// that the goroutines cycle through; 0 means 4096.
	Requests int
	// MinSamples, when positive, is the number of CPU samples each variant
	// should get: a variant short of it after Duration runs on, for at most
	// MaxExtension × Duration.
	MinSamples int
	// MaxExtension bounds the extra time MinSamples may add, as a fraction
	// of Duration.
	MaxExtension float64
	// Progress, when not nil, is called about ten times a second with the
	// fraction of the planned run done.
	Progress func(done float64)
}

// A Target is one profiled target: a variant run in this process, or a
// target whose driver profiles itself (Remote).
type Target struct {
	Name    string
	Variant *completion.Variant
	Remote  Remote
	// Attribution maps a remote target's samples to stages (a program
	// that is not this pipeline, such as LiteLLM); nil means the Go
	// pipeline's.
	Attribution *Attribution
	// Sliced says the remote answers with sampled stacks, which can be
	// merged: it is profiled in slices of at most RemoteSlice, taking
	// turns with the other sliced remotes, and runs once more when short
	// of MinSamples. A remote that writes a pprof file is profiled in one
	// go.
	Sliced bool
}

// A Remote is a target that profiles itself in another process: it is
// loaded with the run's requests, then runs them under its profiler and
// answers with a pprof file or sampled stacks (driver.ProfileReply).
type Remote interface {
	Load(ctx context.Context, reqs []*completion.Request) error
	Profile(ctx context.Context, duration time.Duration, rate int) (*driver.ProfileReply, error)
}

// DefaultRate is the CPU profiling rate asked for by default, in Hz: what
// Linux delivers (per-thread CPU-time timers fire at most once per tick;
// most kernels tick at 250 Hz or more, and a busy machine loses a few of
// those ticks: asked for 250 Hz, a loaded 2-core machine delivered 207,
// above the 70% below which the report warns; a quiet one 241-243).
// Asking for more gives no more samples there, and a warning. At 200 Hz
// the default 5 s on 2 cores gave 2,000-2,008 samples, no margin for the
// 2,000 a stage share needs to be known to about ±1 pp.
const DefaultRate = 250

// DefaultOptions are the defaults of `llmbench profile`.
var DefaultOptions = Options{
	Duration: 5 * time.Second,
	Rate:     DefaultRate,
	CPU:      true,
	Dir:      "llmbench-profiles",
	Requests: 4096,
}

func (o Options) withDefaults() Options {
	if o.Duration == 0 {
		o.Duration = DefaultOptions.Duration
	}
	if o.Rate == 0 {
		o.Rate = DefaultOptions.Rate
	}
	if !o.CPU && !o.Mem {
		o.CPU = true
	}
	if o.Dir == "" {
		o.Dir = DefaultOptions.Dir
	}
	if o.Requests <= 0 {
		o.Requests = DefaultOptions.Requests
	}
	if o.Goroutines <= 0 {
		o.Goroutines = runtime.GOMAXPROCS(0)
	}
	if o.Workload == nil {
		o.Workload = workload.Default()
	}
	return o
}

// Validate reports bad options before any work is done or file written:
// no variants, a negative duration or rate (zero means the default), or an
// output directory that cannot be created or written to (see CheckDir;
// nothing is created).
func (o Options) Validate() error {
	if len(o.Variants) == 0 && len(o.Targets) == 0 {
		return errors.New("no variants to profile")
	}
	if o.Duration < 0 {
		return fmt.Errorf("duration must not be negative, got %v", o.Duration)
	}
	if o.Rate < 0 {
		return fmt.Errorf("rate must not be negative, got %d Hz", o.Rate)
	}
	return CheckDir(o.Dir)
}

// MinDuration is the shortest profiling run per variant that measures
// anything: at the few hundred samples per CPU-second the kernel delivers,
// a shorter run gets a handful of samples or none.
const MinDuration = 100 * time.Millisecond

// CheckDir reports whether the profile files can be written into dir (""
// means DefaultOptions.Dir): an existing directory that takes new files, or
// a missing one whose nearest existing parent does. Nothing is created: the
// directory is made when the profiles are written, so that a run that fails
// or is interrupted leaves no empty directory behind.
func CheckDir(dir string) error {
	if dir == "" {
		dir = DefaultOptions.Dir
	}
	return atomicfile.CheckDir(dir)
}

// A Run is the result of Capture: one VariantCapture per variant, in order.
type Run struct {
	Workload   string
	Seed       uint64
	Goroutines int
	GOMAXPROCS int
	Duration   time.Duration // per variant
	Rate       int           // asked for, Hz
	Variants   []VariantCapture
	// Interrupted is set when the context was canceled: the profiles hold
	// the slices that finished and no file was written.
	Interrupted bool
}

// A VariantCapture describes the profiles recorded for one variant.
type VariantCapture struct {
	Name string
	// CPUFile and HeapFile are the written profiles ("" when not recorded).
	CPUFile, HeapFile string
	// CPU and Heap are the merged profiles (nil when not recorded); they are
	// written to CPUFile and HeapFile unless the run was interrupted.
	CPU, Heap *profile.Profile
	// Wall is the profiled run's wall time; CPUTime the process CPU time
	// (user+system) it consumed, when the platform reports it (0 if not).
	Wall, CPUTime time.Duration
	// Requests is the number of requests completed during the run.
	Requests int64
	// Attribution maps the profiles' samples to stages; nil means the Go
	// pipeline's (AnalyzeOptions.Stages under PipelineEntry).
	Attribution *Attribution
}

// Capture runs opts.Workload through every variant under the profilers and
// writes the profiles into opts.Dir, each file atomically. Only one capture
// can run at a time in a process (the CPU profiler is process-wide); a CPU
// profile already running is an error.
//
// The variants take turns in slices of at most SliceLength (A B A B ...), so
// that drift in the machine's load hits them alike; each variant's slices
// are merged into one profile per kind. When MinSamples is set and a variant
// has fewer CPU samples than that after Duration, it runs once more for the
// time its sampling rate so far says it needs, at most MaxExtension ×
// Duration.
//
// A rate other than 100 Hz is set with runtime.SetCPUProfileRate before
// pprof.StartCPUProfile; on Unix the runtime's spurious "cannot set cpu
// profile rate" message that StartCPUProfile then triggers is discarded by
// pointing file descriptor 2 at /dev/null for the duration of that call.
func Capture(ctx context.Context, opts Options) (*Run, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	reqs, check := opts.Workload.Requests(opts.Requests, opts.Seed), opts.Workload.Check
	if len(opts.Reqs) > 0 {
		reqs, check = opts.Reqs, checkEach(opts.Reqs)
	}
	run := &Run{Workload: opts.Workload.Name, Seed: opts.Seed, Goroutines: opts.Goroutines,
		GOMAXPROCS: runtime.GOMAXPROCS(0), Duration: opts.Duration, Rate: opts.Rate}
	targets := opts.Targets
	if len(targets) == 0 {
		for _, v := range opts.Variants {
			targets = append(targets, Target{Name: v.Name, Variant: v})
		}
	}
	var states []*variantState // the targets run in process
	var remotes []int          // indexes of the targets run in drivers
	for i, t := range targets {
		if t.Remote != nil {
			if err := t.Remote.Load(ctx, reqs); err != nil {
				return nil, fmt.Errorf("target %s: %w", t.Name, err)
			}
			remotes = append(remotes, i)
			continue
		}
		p := completion.NewPipeline(t.Variant, opts.Pipeline)
		// Warm up and check: a workload whose requests fail would profile
		// error paths, not the pipeline.
		var res completion.Result
		if err := check(func(r *completion.Request) error { return p.CompleteInto(ctx, r, &res) }); err != nil {
			return nil, fmt.Errorf("variant %s: %w", t.Name, err)
		}
		states = append(states, &variantState{p: p, vc: VariantCapture{Name: t.Name}, index: i})
	}

	if opts.Mem {
		// Sample allocations finely (every 4 KiB on average instead of 512
		// KiB): per-stage bytes per request are small, and the default rate
		// leaves most stages with no sample in a few seconds of run.
		defer func(rate int) { runtime.MemProfileRate = rate }(runtime.MemProfileRate)
		runtime.MemProfileRate = MemProfileRate
	}
	slices := int((opts.Duration + SliceLength - 1) / SliceLength)
	slice := opts.Duration / time.Duration(slices)
	planned := slices*len(states) + len(remotes)*slices
	done := 0
	progress := func(frac float64) {
		if opts.Progress != nil {
			opts.Progress(min(1, (float64(done)+frac)/float64(planned)))
		}
	}
	// stopped ends the run on a canceled context: what finished is
	// returned, merged but not written.
	captures := make([]*VariantCapture, len(targets))
	for _, st := range states {
		captures[st.index] = &st.vc
	}
	var files []atomicfile.File
	collect := func() {
		for _, c := range captures {
			if c != nil {
				run.Variants = append(run.Variants, *c)
			}
		}
	}
	stopped := func() (*Run, error) {
		run.Interrupted = true
		for _, st := range states {
			if err := st.merge(); err != nil {
				return nil, err
			}
		}
		collect()
		return run, fmt.Errorf("%w after %d of %d slices; no profile was written", bench.ErrInterrupted, done, planned)
	}
	for round := 0; round < slices; round++ {
		for _, st := range states {
			if err := st.captureSlice(ctx, reqs, opts, slice, progress); err != nil {
				if ctx.Err() != nil {
					return stopped()
				}
				return nil, fmt.Errorf("profiling variant %s: %w", st.vc.Name, err)
			}
			done++
		}
	}
	// A variant short of MinSamples runs once more, for as long as its
	// sampling rate so far says it needs (plus 10%), within MaxExtension.
	maxExt := time.Duration(opts.MaxExtension * float64(opts.Duration))
	for _, st := range states {
		short := int64(opts.MinSamples) - st.samples
		if opts.MinSamples <= 0 || short <= 0 || maxExt <= 0 {
			continue
		}
		need := maxExt
		if st.samples > 0 {
			need = min(maxExt, time.Duration(1.1*float64(short)*float64(st.vc.Wall)/float64(st.samples)))
		}
		need = max(need, min(maxExt, 100*time.Millisecond))
		if err := st.captureSlice(ctx, reqs, opts, need, func(float64) {}); err != nil {
			if ctx.Err() != nil {
				return stopped()
			}
			return nil, fmt.Errorf("profiling variant %s: %w", st.vc.Name, err)
		}
	}
	// The targets in drivers profile themselves (the driver runs the
	// requests on its own cores, as the variants in process do).
	remote, rfiles, err := captureRemotes(ctx, targets, remotes, opts)
	if err != nil {
		if ctx.Err() != nil {
			return stopped()
		}
		return nil, err
	}
	for i, vc := range remote {
		captures[i] = &vc
	}
	files = append(files, rfiles...)
	done += len(remotes) * slices
	progress(0)
	for _, st := range states {
		if err := st.merge(); err != nil {
			return nil, err
		}
		fs, err := st.files(opts.Dir)
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
	}
	collect()
	if err := atomicfile.WriteDir(opts.Dir, files, atomicfile.Options{}); err != nil {
		return nil, err
	}
	return run, nil
}

// checkEach returns a check that runs each distinct request of reqs once.
func checkEach(reqs []*completion.Request) func(func(*completion.Request) error) error {
	return func(run func(*completion.Request) error) error {
		seen := map[*completion.Request]bool{}
		for i, r := range reqs {
			if seen[r] {
				continue
			}
			seen[r] = true
			if err := run(r); err != nil {
				return fmt.Errorf("request %d (%s) fails: %w", i, r.Model, err)
			}
		}
		return nil
	}
}

// SliceLength is the longest a variant runs under the profiler before the
// next variant takes its turn.
const SliceLength = time.Second

// MemProfileRate is the heap profiler's sampling rate (bytes between samples,
// on average) while --mem captures run.
const MemProfileRate = 4096

// variantState accumulates one variant's slices.
type variantState struct {
	index     int // among the targets
	p         *completion.Pipeline
	vc        VariantCapture
	cpu, heap []*profile.Profile
	samples   int64
}

func (st *variantState) captureSlice(ctx context.Context, reqs []*completion.Request, opts Options, d time.Duration, progress func(float64)) error {
	var heapBefore []byte
	if opts.Mem {
		var err error
		if heapBefore, err = heapSnapshot(); err != nil {
			return err
		}
	}
	var cpu bytes.Buffer
	if opts.CPU {
		if err := startCPUProfile(&cpu, opts.Rate); err != nil {
			return err
		}
	}
	cpu0, cpuOK := bench.ProcessCPUTime()
	start := time.Now()
	n, err := drive(ctx, st.p, reqs, opts.Goroutines, d, progress)
	st.vc.Wall += time.Since(start)
	if cpu1, ok := bench.ProcessCPUTime(); ok && cpuOK {
		st.vc.CPUTime += time.Duration(cpu1 - cpu0)
	}
	if opts.CPU {
		pprof.StopCPUProfile()
	}
	st.vc.Requests += n
	if err != nil {
		return err
	}
	if opts.CPU {
		p, err := profile.Parse(&cpu)
		if err != nil {
			return fmt.Errorf("parsing CPU profile: %w", err)
		}
		for _, s := range p.Sample {
			st.samples += s.Value[0]
		}
		st.cpu = append(st.cpu, p)
	}
	if opts.Mem {
		heapAfter, err := heapSnapshot()
		if err != nil {
			return err
		}
		delta, err := heapDelta(heapBefore, heapAfter)
		if err != nil {
			return err
		}
		st.heap = append(st.heap, delta)
	}
	return nil
}

// merge merges the variant's slices into one profile per kind.
func (st *variantState) merge() error {
	for _, f := range []struct {
		kind  string
		ps    []*profile.Profile
		field **profile.Profile
	}{{"cpu", st.cpu, &st.vc.CPU}, {"heap", st.heap, &st.vc.Heap}} {
		if len(f.ps) == 0 {
			continue
		}
		m, err := profile.Merge(f.ps)
		if err != nil {
			return fmt.Errorf("merging %s profiles of %s: %w", f.kind, st.vc.Name, err)
		}
		m.TimeNanos = f.ps[0].TimeNanos
		m.DurationNanos = st.vc.Wall.Nanoseconds()
		if f.kind == "cpu" {
			CorrectPeriod(m, st.vc.CPUTime)
		}
		*f.field = m
	}
	return nil
}

// CorrectPeriod gives a CPU profile the sampling period it achieved: the
// CPU time of the profiled run divided by its samples, in place of the
// period asked for (the kernel delivers CPU-time profiling signals at
// most about once per tick, whatever the rate asked), and each sample's
// CPU time as its count times that period. Absolute times in `go tool
// pprof` then add up to the run's CPU time. It does nothing (and reports
// false) without CPU time, samples, or a "samples" and a "cpu" value.
func CorrectPeriod(p *profile.Profile, cpu time.Duration) bool {
	ci, err := p.SampleIndexByName("cpu")
	if err != nil || cpu <= 0 {
		return false
	}
	si := -1
	for i, st := range p.SampleType {
		if st.Type == "samples" {
			si = i
		}
	}
	if si < 0 || si == ci {
		return false
	}
	var n int64
	for _, s := range p.Sample {
		n += s.Value[si]
	}
	if n <= 0 {
		return false
	}
	period := int64(cpu) / n
	for _, s := range p.Sample {
		s.Value[ci] = s.Value[si] * period
	}
	p.Period = period
	if p.PeriodType == nil {
		p.PeriodType = &profile.ValueType{Type: "cpu", Unit: "nanoseconds"}
	}
	return true
}

// files encodes the variant's merged profiles as the files to write into
// dir, and records their paths.
func (st *variantState) files(dir string) ([]atomicfile.File, error) {
	var out []atomicfile.File
	for _, f := range []struct {
		kind string
		p    *profile.Profile
		path *string
	}{{"cpu", st.vc.CPU, &st.vc.CPUFile}, {"heap", st.vc.Heap, &st.vc.HeapFile}} {
		if f.p == nil {
			continue
		}
		var b bytes.Buffer
		if err := f.p.Write(&b); err != nil {
			return nil, fmt.Errorf("encoding %s profile of %s: %w", f.kind, st.vc.Name, err)
		}
		name := f.kind + "-" + FileName(st.vc.Name) + ".pb.gz"
		out = append(out, atomicfile.File{Name: name, Data: b.Bytes()})
		*f.path = filepath.Join(dir, name)
	}
	return out, nil
}

// drive runs requests on goroutines goroutines for d or until ctx is done,
// and returns the number of requests completed.
func drive(ctx context.Context, p *completion.Pipeline, reqs []*completion.Request, goroutines int, d time.Duration, progress func(float64)) (int64, error) {
	var stop atomic.Bool
	var total atomic.Int64
	var firstErr error
	var errOnce sync.Once
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(offset int) {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					errOnce.Do(func() { firstErr = completion.Recovered(r) })
					stop.Store(true)
				}
			}()
			var res completion.Result
			n := int64(0)
			for i := offset; !stop.Load(); i++ {
				if i == len(reqs) {
					i = 0
				}
				if err := p.CompleteInto(ctx, reqs[i], &res); err != nil {
					errOnce.Do(func() { firstErr = fmt.Errorf("request %d (%s): %w", i, reqs[i].Model, err) })
					stop.Store(true)
				}
				n++
			}
			total.Add(n)
		}(g * len(reqs) / goroutines)
	}
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	start := time.Now()
wait:
	for !stop.Load() {
		select {
		case <-deadline.C:
			break wait
		case <-ctx.Done():
			stop.Store(true)
			wg.Wait()
			return total.Load(), ctx.Err()
		case <-tick.C:
			progress(min(1, float64(time.Since(start))/float64(d)))
		}
	}
	stop.Store(true)
	wg.Wait()
	return total.Load(), firstErr
}

// startCPUProfile starts the CPU profiler at hz samples per CPU-second.
func startCPUProfile(w *bytes.Buffer, hz int) error {
	if hz == 100 { // pprof's own rate
		return pprof.StartCPUProfile(w)
	}
	restore := silenceStderr()
	runtime.SetCPUProfileRate(hz)
	err := pprof.StartCPUProfile(w)
	restore()
	if err != nil {
		return fmt.Errorf("starting CPU profile: %w", err)
	}
	return nil
}
