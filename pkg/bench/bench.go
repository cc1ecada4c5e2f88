// Package bench drives mock requests through pipeline variants in batches and
// measures them: time per call with a confidence interval, requests/s, exact
// latency percentiles, allocations, GC cycles, a before/after comparison with
// a Mann-Whitney U test, and the production-impact projection of the
// optimization summary.
//
// A run goes like this:
//
//  1. Every target (variant) runs Warmup requests, untimed.
//  2. For each of Count repetitions, for each of Batches batches, every
//     target runs the batch in turn, in a fresh random order each round
//     (seeded by Config.Seed, so reproducible), so that machine drift,
//     going first and the target that ran just before hit all of them
//     alike (see roundOrder). A batch is split across Concurrency goroutines (0: one
//     goroutine per request). Each batch starts at a uniformly random point
//     of the garbage collector's cycle and pays for the cycles it starts
//     (see Batcher), so that each target pays for collection in proportion
//     to the bytes it allocates, as in production, whatever the batch size.
//  3. An empty pipeline runs the same batches interleaved with the targets:
//     its time per call is the harness overhead.
//  4. Each batch gives one sample (wall time / requests); each request gives
//     one latency. Summaries, comparisons and the projection are computed
//     from those.
//
// Run never prints; rendering is Render's job.
package bench

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/workload"
)

// Schema is the schema name of a JSON bench result. v2 adds each variant's
// changes and the ablation; SchemaV1 files stay readable.
const Schema = "llmbench.bench/v2"

// SchemaV1 is the schema of results written before v2.
const SchemaV1 = "llmbench.bench/v1"

// A Pipeline runs one request into a caller-owned Result.
// *completion.Pipeline is the real one; tests inject fakes.
type Pipeline interface {
	CompleteInto(ctx context.Context, req *completion.Request, res *completion.Result) error
}

// A Remote is a target that runs in another process (a driver, see
// package driver) and measures its own batches there.
type Remote interface {
	// Load hands the remote the run's requests; batches name them by
	// index.
	Load(ctx context.Context, reqs []*completion.Request) error
	// Warmup runs n requests, untimed.
	Warmup(ctx context.Context, n int) error
	// Batch runs requests [from, to) spread over concurrency workers (0:
	// one per request) and returns what it measured, writing each
	// request's duration into lat.
	Batch(ctx context.Context, from, to, concurrency int, lat []int64) (Sample, error)
}

// A Target is one named pipeline under test: a variant of this build, run
// in this process (Pipeline), or a target that runs elsewhere (Remote).
// Exactly one of Pipeline and Remote is set.
type Target struct {
	Name     string
	Pipeline Pipeline
	Remote   Remote
	// Changes are the names of the variant's changes (empty for
	// baseline); nil when the target is not a variant of this build.
	Changes []string
}

// Config is everything needed to rerun the same benchmark; it is saved in
// every result. Its zero value is not runnable: start from DefaultConfig.
type Config struct {
	// Workload is "default", "seed", a workload file path, or empty when
	// Model is set.
	Workload string `json:"workload"`
	// WorkloadSHA256 identifies the workload by content: the SHA-256 of its
	// requests and weights (workload.Workload.SHA256), whatever its name
	// or path.
	WorkloadSHA256 string `json:"workload_sha256,omitempty"`
	// Model, when set, runs a single-model workload instead of Workload.
	Model string `json:"model,omitempty"`
	// Requests is the number of requests per variant and repetition.
	Requests int `json:"requests"`
	// Batches is the number of batches Requests is split into; each batch is
	// one sample.
	Batches int `json:"batches"`
	// Concurrency is the number of goroutines a batch is spread over; 0 means
	// one goroutine per request.
	Concurrency int `json:"concurrency"`
	// Count is the number of repetitions of all batches.
	Count int `json:"count"`
	// Warmup is the number of untimed requests per variant before measuring.
	Warmup int `json:"warmup"`
	// Seed seeds the workload's request mix.
	Seed uint64 `json:"seed"`
	// Variants are the target names (variants of this build, or targets
	// such as ref:REV:VARIANT), the first one being "before". In an
	// ablation run they are every target the ablation measured.
	Variants []string `json:"variants"`
	// Ablate is the variant an ablation run (bench --ablate) takes apart;
	// empty in a plain run.
	Ablate string `json:"ablate,omitempty"`
	// GCUntimed starts every batch right after a collection instead of at
	// a random point of the collector's cycle, so that no collection falls
	// inside a batch that allocates less than the heap's headroom (4 MiB
	// at least): times then leave the collector's work out, and what a
	// target allocates shows only in its allocation figures. An ablation
	// sets it (see AblationConfig); a plain run keeps the collector's cost
	// in its times.
	GCUntimed bool `json:"gc_untimed,omitempty"`
	// RPS is the production request rate of the impact projection.
	RPS float64 `json:"rps"`
	// DropParams is LiteLLM's global drop_params setting.
	DropParams bool `json:"drop_params,omitempty"`
	// ModelCatalog is the model catalog file; empty means the embedded one.
	ModelCatalog string `json:"model_catalog,omitempty"`
}

// DefaultConfig returns the configuration of `llmbench bench` without flags.
func DefaultConfig() Config {
	return Config{
		Workload:    "default",
		Requests:    10000,
		Batches:     5,
		Concurrency: runtime.GOMAXPROCS(0),
		Count:       4,
		Warmup:      10000,
		Seed:        1,
		Variants:    append([]string(nil), completion.DefaultVariants...),
		RPS:         1000,
	}
}

// Validate reports the first invalid field of c as a *ConfigError: a
// number out of range, or a configuration that would need more than
// MaxMemory for its measurements. It allocates nothing.
func (c *Config) Validate() error {
	bad := func(field, format string, args ...any) error {
		return &ConfigError{Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case c.Requests < 1:
		return bad("requests", "must be at least 1, got %d", c.Requests)
	case c.Batches < 1:
		return bad("batches", "must be at least 1, got %d", c.Batches)
	case c.Batches > c.Requests:
		return bad("batches", "%d batches cannot split %d requests: at most one batch per request", c.Batches, c.Requests)
	case c.Concurrency < 0:
		return bad("concurrency", "must be 0 (one goroutine per request) or more, got %d", c.Concurrency)
	case c.Count < 1:
		return bad("count", "must be at least 1, got %d", c.Count)
	case c.Warmup < 0:
		return bad("warmup", "must not be negative, got %d", c.Warmup)
	case c.Warmup > MaxWarmup:
		return bad("warmup", "at most %d untimed requests per variant, got %d", MaxWarmup, c.Warmup)
	case !(c.RPS > 0) || c.RPS > MaxRPS:
		return bad("rps", "must be a request rate above 0 and at most %g, got %v", float64(MaxRPS), c.RPS)
	}
	return c.checkMemory(c.pipelines())
}

// Options configure Run.
type Options struct {
	// Config holds the numbers; Config.Variants and Config.Workload are
	// recorded as given, the work itself comes from Requests and Targets.
	Config Config
	// Requests are the workload's requests, len(Requests) == Config.Requests;
	// every target runs the same ones. They are shared and never modified.
	Requests []*completion.Request
	// Targets are the pipelines to compare, the first one being "before".
	Targets []Target
	// WorkloadInfo describes the workload in the result.
	Workload WorkloadInfo
	// Env is recorded in the result; nil means CaptureEnv with the settings
	// of Config (ResolveSettings).
	Env *Env
	// Clock returns monotonic nanoseconds; nil means the runtime's monotonic
	// clock. Tests inject a fake.
	Clock func() int64
	// CPUTime returns the process's CPU time in nanoseconds, or false when
	// it is not available; nil means the operating system's. Tests inject a
	// fake.
	CPUTime func() (int64, bool)
	// Now returns the wall-clock time stamped on the result; nil means
	// time.Now.
	Now func() time.Time
	// Progress, when not nil, is called after every warmup and batch with
	// the steps done and the total; it runs on Run's goroutine.
	Progress func(done, total int)

	wl *workload.Workload // the workload, when PrepareWorkload made the Options
}

// ErrInterrupted is wrapped by the error Run returns with a partial result
// when its context is canceled.
var ErrInterrupted = errors.New("interrupted")

// epoch anchors the default clock: time.Since on a time with a monotonic
// reading costs one monotonic clock read.
var epoch = time.Now()

func monotonic() int64 { return int64(time.Since(epoch)) }

// overheadName is the target name of the empty pipeline.
const overheadName = "(empty pipeline)"

type emptyPipeline struct{}

func (emptyPipeline) CompleteInto(context.Context, *completion.Request, *completion.Result) error {
	return nil
}

// series is what the runner records for one target.
type series struct {
	name     string
	changes  []string
	conc     int
	batcher  *Batcher // in process
	remote   Remote   // elsewhere
	lat      []int64  // per-request durations, filled in batch order
	free     func()   // releases lat
	filled   int      // len of the filled prefix of lat
	ns       []float64
	cpu      []float64 // per batch: CPU ns / request; 0 for a reading that cannot be right
	cpuBad   int       // CPU readings dropped
	allocs   []float64 // per batch: mallocs / request
	bytes    []float64 // per batch: bytes allocated / request
	hasMem   bool
	gcs      uint32   // GC cycles during timed batches
	gc       []uint32 // per batch: GC cycles completed during the batch
	requests int      // requests measured
	errs     int      // requests that returned an error
	firstErr error
}

// Run runs the benchmark. On cancellation of ctx it stops after the current
// batch and returns the result of the batches that finished, with an error
// wrapping ErrInterrupted. Other errors mean no result.
//
// Targets take turns batch by batch, in a fresh random order each round
// (see roundOrder), so that neither drift, nor going first, nor the
// target that ran just before favours one of them.
func Run(ctx context.Context, opts Options) (*Result, error) {
	cfg := opts.Config
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := cfg.checkMemory(len(opts.Targets) + harnessSeries); err != nil {
		return nil, err
	}
	if len(opts.Requests) != cfg.Requests {
		return nil, fmt.Errorf("got %d requests, config says %d", len(opts.Requests), cfg.Requests)
	}
	bounds := batchBounds(cfg.Requests, cfg.Batches)
	sess, err := NewSession(opts, max(maxBatch(bounds), min(cfg.Warmup, cfg.Requests)), cfg.Count*cfg.Requests)
	if err != nil {
		return nil, err
	}
	defer sess.Close()
	n := sess.NumSeries()
	total := n*cfg.Count*cfg.Batches + n
	done := 0
	step := func() {
		done++
		if opts.Progress != nil {
			opts.Progress(done, total)
		}
	}
	if err := sess.Warmup(ctx, cfg.Warmup, step); err != nil {
		return nil, err
	}
	interrupted := ctx.Err() != nil
	order := newRoundOrder(cfg.Seed, n)
rounds:
	for rep := 0; rep < cfg.Count && !interrupted; rep++ {
		for b := 0; b+1 < len(bounds); b++ {
			for _, i := range order.next() {
				if ctx.Err() != nil {
					interrupted = true
					break rounds
				}
				if err := sess.Measure(ctx, i, bounds[b], bounds[b+1]); err != nil {
					if ctx.Err() != nil || errors.Is(err, ErrInterrupted) {
						interrupted = true
						break rounds
					}
					return nil, err
				}
				step()
			}
		}
	}
	res := sess.Result(ctx, interrupted)
	if err := sess.Err(); err != nil {
		return nil, err
	}
	if interrupted {
		return res, fmt.Errorf("%w after %d of %d batches", ErrInterrupted, res.batchesDone, n*cfg.Count*cfg.Batches)
	}
	return res, nil
}

// A roundOrder deals the order in which the targets take their turns, one
// round (batch) after another: a new uniformly random permutation each
// round, drawn from a generator seeded with the run's seed.
//
// A fixed rotation (A B C, B C A, C A B, ...) is not enough: in it every
// target runs right after the same one in almost every round, and that
// neighbour's effect on the caches and the runtime is not the same for
// every target. Measured on this project's pipeline, a target ran 2-6%
// faster than its exact twin (baseline+anthropic-text-once, which does the
// same work as baseline on the default workload) whenever it came right
// after it, and in an ablation every change alone then read +3-5% faster
// than baseline although it changes nothing, which added up to an
// interaction of -14 to -25 pp. With a fresh order per round each target
// follows every other one equally often on average.
type roundOrder struct {
	rng  *rand.Rand
	perm []int
}

func newRoundOrder(seed uint64, n int) *roundOrder {
	o := &roundOrder{rng: rand.New(rand.NewPCG(seed, 0x726f756e64)), perm: make([]int, n)}
	for i := range o.perm {
		o.perm[i] = i
	}
	return o
}

// next returns the order of the next round (valid until the next call).
func (o *roundOrder) next() []int {
	o.rng.Shuffle(len(o.perm), func(i, j int) { o.perm[i], o.perm[j] = o.perm[j], o.perm[i] })
	return o.perm
}

// A Session measures targets batch by batch, in an order and number its
// caller chooses (Run's fixed rounds, or regress's sequential gate), and
// makes a Result of what it measured. A Session is not safe for
// concurrent use and must be closed.
type Session struct {
	opts    Options
	ss      []*series // the targets, then the empty pipeline and the reference workload (when a target runs in process)
	harness bool      // the last harnessSeries series are the empty pipeline and the reference
	start   time.Time
	now     func() time.Time
	procs   int
}

// NewSession prepares the targets of opts (opts.Config's Batches and Count
// are not used). maxBatch is the largest batch or warmup round to come;
// latencies is a hint of how many request latencies will be recorded per
// target.
func NewSession(opts Options, maxBatch, latencies int) (*Session, error) {
	if len(opts.Targets) == 0 {
		return nil, errors.New("no targets to run")
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	cfg := opts.Config
	bopts := BatcherOptions{Concurrency: cfg.Concurrency, MaxBatch: maxBatch, Clock: opts.Clock, CPUTime: opts.CPUTime,
		NoGCDither: cfg.GCUntimed}
	s := &Session{opts: opts, start: now(), now: now, procs: runtime.GOMAXPROCS(0)}
	for i, t := range opts.Targets {
		if (t.Pipeline == nil) == (t.Remote == nil) {
			s.Close()
			return nil, fmt.Errorf("target %s: want exactly one of a pipeline and a remote", t.Name)
		}
		bopts.Seed = cfg.Seed + uint64(i)
		s.ss = append(s.ss, newSeries(t, cfg, bopts, latencies))
	}
	// The harness's own cost, measured with an empty pipeline, only
	// matters for targets measured by this harness.
	for _, t := range opts.Targets {
		if t.Pipeline != nil {
			bopts.Seed = cfg.Seed + uint64(len(s.ss))
			s.ss = append(s.ss, newSeries(Target{Name: overheadName, Pipeline: emptyPipeline{}}, cfg, bopts, latencies))
			bopts.Seed++
			s.ss = append(s.ss, newSeries(Target{Name: ReferenceName, Pipeline: referencePipeline{}}, cfg, bopts, latencies))
			s.harness = true
			break
		}
	}
	return s, nil
}

// NumTargets returns the number of targets.
func (s *Session) NumTargets() int { return len(s.opts.Targets) }

// NumSeries returns the number of series Measure takes: the targets, and
// after them, when a target runs in process, the empty pipeline that
// measures the harness's own cost and the reference workload that
// measures the machine (see ReferenceName).
func (s *Session) NumSeries() int { return len(s.ss) }

// Warmup loads the remote targets and warms every target up with n
// requests; step, when not nil, is called after each target.
func (s *Session) Warmup(ctx context.Context, n int, step func()) error {
	for _, x := range s.ss {
		if err := x.warmup(ctx, s.opts.Requests, n); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("target %s: %w", x.name, err)
		}
		if step != nil {
			step()
		}
	}
	return nil
}

// Measure runs requests [from, to) of Options.Requests as one batch of
// target i and records it. Errors are the target's (a driver that fails)
// or ErrInterrupted; a failing request is recorded, see Err.
func (s *Session) Measure(ctx context.Context, i, from, to int) error {
	x := s.ss[i]
	smp, err := x.measure(ctx, s.opts.Requests, from, to)
	if err != nil {
		if errors.Is(err, ErrInterrupted) {
			return err
		}
		return fmt.Errorf("target %s: %w", x.name, err)
	}
	x.record(smp, to-from, s.procs)
	return nil
}

// Last returns what the last batch of target i measured, per request:
// wall time, CPU time (0 when not measured or dropped) and allocations
// (-1 when not measured).
func (s *Session) Last(i int) (ns, cpu, allocs float64) {
	x := s.ss[i]
	if len(x.ns) == 0 {
		return 0, 0, -1
	}
	k := len(x.ns) - 1
	ns, allocs = x.ns[k], -1
	if len(x.cpu) == len(x.ns) {
		cpu = x.cpu[k]
	}
	if len(x.allocs) == len(x.ns) {
		allocs = x.allocs[k]
	}
	return ns, cpu, allocs
}

// Err returns the first failed request's error, naming its target.
func (s *Session) Err() error {
	for _, x := range s.ss[:s.NumTargets()] {
		if x.errs > 0 {
			return fmt.Errorf("variant %s: %d of %d requests failed, first: %w", x.name, x.errs, x.requests, x.firstErr)
		}
	}
	return nil
}

// Result computes the statistics of what was measured.
func (s *Session) Result(ctx context.Context, interrupted bool) *Result {
	env := s.opts.Env
	cfg := s.opts.Config
	if env == nil {
		e := CaptureEnv(context.WithoutCancel(ctx), s.start) // an interrupted run records it too
		e.Settings = ResolveSettings(cfg.DropParams, cfg.ModelCatalog, nil)
		env = &e
	}
	var empty, ref *series
	if s.harness {
		empty, ref = s.ss[len(s.ss)-2], s.ss[len(s.ss)-1]
	}
	res := newResult(cfg, s.opts.Workload, *env, s.ss[:s.NumTargets()], empty, ref, interrupted)
	res.DurationSec = s.now().Sub(s.start).Seconds()
	return res
}

// Close releases the latency buffers.
func (s *Session) Close() {
	for _, x := range s.ss {
		x.free()
	}
	s.ss = nil
}

// newSeries prepares the recording of target t, with room for latencies
// request durations to begin with.
func newSeries(t Target, cfg Config, bopts BatcherOptions, latencies int) *series {
	n := cfg.Count * cfg.Batches
	lat, free := allocDurations(latencies)
	s := &series{name: t.Name, changes: t.Changes, conc: cfg.Concurrency, remote: t.Remote, lat: lat, free: free,
		ns: make([]float64, 0, n), cpu: make([]float64, 0, n),
		allocs: make([]float64, 0, n), bytes: make([]float64, 0, n), gc: make([]uint32, 0, n)}
	if t.Pipeline != nil {
		s.batcher = NewBatcher(t.Pipeline, bopts)
	}
	return s
}

// warmup loads a remote target and warms the target up.
func (s *series) warmup(ctx context.Context, reqs []*completion.Request, n int) error {
	if s.remote == nil {
		s.batcher.Warmup(ctx, reqs, n)
		return nil
	}
	if err := s.remote.Load(ctx, reqs); err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	return s.remote.Warmup(ctx, n)
}

// measure runs requests [from, to) of reqs as one batch.
func (s *series) measure(ctx context.Context, reqs []*completion.Request, from, to int) (Sample, error) {
	if s.filled+to-from > len(s.lat) { // grow, outside the timed region
		lat, free := allocDurations(max(2*len(s.lat), s.filled+to-from))
		copy(lat, s.lat[:s.filled])
		s.free()
		s.lat, s.free = lat, free
	}
	lat := s.lat[s.filled : s.filled+to-from]
	if s.remote != nil {
		return s.remote.Batch(ctx, from, to, s.conc, lat)
	}
	return s.batcher.Measure(ctx, reqs[from:to], lat)
}

// record adds a batch of n requests.
func (s *series) record(smp Sample, n, procs int) {
	fn := float64(n)
	s.filled += n
	s.requests += n
	s.ns = append(s.ns, float64(smp.WallNs)/fn)
	if smp.HasCPU {
		if PlausibleCPU(smp.CPUNs, smp.WallNs, procs) {
			s.cpu = append(s.cpu, float64(smp.CPUNs)/fn)
		} else {
			s.cpu = append(s.cpu, 0)
			s.cpuBad++
		}
	}
	if smp.HasMem {
		s.hasMem = true
		s.allocs = append(s.allocs, float64(smp.Allocs)/fn)
		s.bytes = append(s.bytes, float64(smp.Bytes)/fn)
		s.gcs += smp.GCCycles
		s.gc = append(s.gc, smp.GCCycles)
	}
	s.errs += smp.Errors
	if smp.FirstErr != nil && s.firstErr == nil {
		s.firstErr = smp.FirstErr
	}
}

// PlausibleCPU reports whether a batch's CPU time can be right: positive,
// and no more than procs cores busy for its whole wall time (with 5% and
// a millisecond of slack for clock granularity). A process CPU clock that
// lags (getrusage's tick-based split of user and system time does, over a
// few milliseconds) reads zero or next to nothing for a short batch, and
// the following batch then reads too much.
func PlausibleCPU(cpuNs, wallNs int64, procs int) bool {
	return cpuNs > 0 && float64(cpuNs) <= float64(wallNs)*float64(procs)*1.05+1e6
}

// batchBounds splits n requests into b batches whose sizes differ by at most
// one; batch i is [bounds[i], bounds[i+1]).
func batchBounds(n, b int) []int {
	out := make([]int, b+1)
	for i := 1; i <= b; i++ {
		out[i] = out[i-1] + n/b
		if i <= n%b {
			out[i]++
		}
	}
	return out
}

func maxBatch(bounds []int) int {
	m := 0
	for i := 0; i+1 < len(bounds); i++ {
		m = max(m, bounds[i+1]-bounds[i])
	}
	return m
}
