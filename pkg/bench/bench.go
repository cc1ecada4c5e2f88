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
//     target runs the batch in turn (A B A B ...), so that machine drift hits
//     all of them alike. A batch is split across Concurrency goroutines
//     (0: one goroutine per request). The garbage collector runs as it would
//     in production: a cycle lands in whichever batch crosses the heap goal,
//     so over many batches each target pays GC in proportion to the bytes it
//     allocates. (Forcing a collection before every batch would instead let
//     a target that allocates just under the goal per batch never pay for
//     GC, a threshold artifact of the batch size.)
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
	"runtime"
	"sync"
	"time"

	"github.com/llmbench/llmbench/pkg/completion"
)

// Schema is the schema name of a JSON bench result.
const Schema = "llmbench.bench/v1"

// A Pipeline runs one request into a caller-owned Result.
// *completion.Pipeline is the real one; tests inject fakes.
type Pipeline interface {
	CompleteInto(ctx context.Context, req *completion.Request, res *completion.Result) error
}

// A Target is one named pipeline under test (a variant).
type Target struct {
	Name     string
	Pipeline Pipeline
}

// Config is everything needed to rerun the same benchmark; it is saved in
// every result. Its zero value is not runnable: start from DefaultConfig.
type Config struct {
	// Workload is "default", "seed", a workload file path, or empty when
	// Model is set.
	Workload string `json:"workload"`
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
	// Variants are the variant names, the first one being "before".
	Variants []string `json:"variants"`
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
		Variants:    completion.VariantNames(),
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
	p        Pipeline
	lat      []int64   // per-request durations, filled in batch order
	free     func()    // releases lat
	filled   int       // len of the filled prefix of lat
	ns       []float64 // per batch: wall ns / request
	cpu      []float64 // per batch: CPU ns / request (when available)
	stretch  []float64 // per batch: wall time x parallelism / CPU time (when available)
	allocs   []float64 // per batch: mallocs / request
	bytes    []float64 // per batch: bytes allocated / request
	gcs      uint32    // GC cycles during timed batches
	gc       []uint32  // per batch: GC cycles completed during the batch
	requests int       // requests measured
	errs     int       // requests that returned an error
	firstErr error
}

// Run runs the benchmark. On cancellation of ctx it stops after the current
// batch and returns the result of the batches that finished, with an error
// wrapping ErrInterrupted. Other errors mean no result.
func Run(ctx context.Context, opts Options) (*Result, error) {
	cfg := opts.Config
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := cfg.checkMemory(len(opts.Targets) + 1); err != nil {
		return nil, err
	}
	if len(opts.Requests) != cfg.Requests {
		return nil, fmt.Errorf("got %d requests, config says %d", len(opts.Requests), cfg.Requests)
	}
	if len(opts.Targets) == 0 {
		return nil, errors.New("no targets to run")
	}
	clock := opts.Clock
	if clock == nil {
		clock = monotonic
	}
	cpuTime := opts.CPUTime
	if cpuTime == nil {
		cpuTime = processCPUTime
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	start := now()

	bounds := batchBounds(cfg.Requests, cfg.Batches)
	ss := make([]*series, 0, len(opts.Targets)+1)
	for _, t := range opts.Targets {
		ss = append(ss, newSeries(t.Name, t.Pipeline, cfg))
	}
	empty := newSeries(overheadName, emptyPipeline{}, cfg)
	ss = append(ss, empty)
	defer func() {
		for _, s := range ss {
			s.free()
		}
	}()

	workers := cfg.Concurrency
	if workers == 0 {
		workers = max(maxBatch(bounds), min(cfg.Warmup, cfg.Requests))
	}
	r := &runner{ctx: ctx, clock: clock, conc: cfg.Concurrency,
		results: make([]completion.Result, workers), errs: make([]workerErr, workers)}

	total := len(ss)*cfg.Count*cfg.Batches + len(ss)
	done := 0
	step := func() {
		done++
		if opts.Progress != nil {
			opts.Progress(done, total)
		}
	}

	// Warmup: untimed, cycling through the requests.
	if cfg.Warmup > 0 {
		scratch := make([]int64, min(cfg.Warmup, cfg.Requests))
		for _, s := range ss {
			for left := cfg.Warmup; left > 0 && ctx.Err() == nil; {
				n := min(left, cfg.Requests)
				r.batch(s.p, opts.Requests[:n], scratch[:n])
				left -= n
			}
			step()
		}
	} else {
		done += len(ss)
	}

	interrupted := ctx.Err() != nil
	runtime.GC() // start measuring from a clean heap
	var ms0, ms1 runtime.MemStats
rounds:
	for rep := 0; rep < cfg.Count; rep++ {
		for b := 0; b+1 < len(bounds); b++ {
			reqs := opts.Requests[bounds[b]:bounds[b+1]]
			for _, s := range ss {
				if ctx.Err() != nil {
					interrupted = true
					break rounds
				}
				runtime.ReadMemStats(&ms0)
				c0, cok := cpuTime()
				t0 := clock()
				errs, err := r.batch(s.p, reqs, s.lat[s.filled:s.filled+len(reqs)])
				t1 := clock()
				c1, _ := cpuTime()
				runtime.ReadMemStats(&ms1)
				r.release()
				if errs < 0 { // canceled mid-batch: the batch does not count
					interrupted = true
					break rounds
				}
				n := float64(len(reqs))
				s.filled += len(reqs)
				s.requests += len(reqs)
				s.ns = append(s.ns, float64(t1-t0)/n)
				if cok {
					s.cpu = append(s.cpu, float64(c1-c0)/n)
					if c1 > c0 {
						s.stretch = append(s.stretch, float64(t1-t0)*parallelism(cfg.Concurrency, len(reqs))/float64(c1-c0))
					}
				}
				s.allocs = append(s.allocs, float64(ms1.Mallocs-ms0.Mallocs)/n)
				s.bytes = append(s.bytes, float64(ms1.TotalAlloc-ms0.TotalAlloc)/n)
				s.gcs += ms1.NumGC - ms0.NumGC
				s.gc = append(s.gc, ms1.NumGC-ms0.NumGC)
				s.errs += errs
				if err != nil && s.firstErr == nil {
					s.firstErr = err
				}
				step()
			}
		}
	}

	env := opts.Env
	if env == nil {
		e := CaptureEnv(ctx, start)
		e.Settings = ResolveSettings(cfg.DropParams, cfg.ModelCatalog, nil)
		env = &e
	}
	res := newResult(cfg, opts.Workload, *env, ss[:len(ss)-1], empty, interrupted)
	res.DurationSec = now().Sub(start).Seconds()
	for _, s := range ss[:len(ss)-1] {
		if s.errs > 0 {
			return nil, fmt.Errorf("variant %s: %d of %d requests failed, first: %w", s.name, s.errs, s.requests, s.firstErr)
		}
	}
	if interrupted {
		return res, fmt.Errorf("bench: %w after %d of %d batches", ErrInterrupted, res.batchesDone, len(ss)*cfg.Count*cfg.Batches)
	}
	return res, nil
}

// parallelism is how many cores a batch of n requests can keep busy.
func parallelism(concurrency, n int) float64 {
	workers := concurrency
	if workers == 0 {
		workers = n
	}
	return float64(max(1, min(workers, runtime.GOMAXPROCS(0))))
}

func newSeries(name string, p Pipeline, cfg Config) *series {
	n := cfg.Count * cfg.Batches
	lat, free := allocDurations(cfg.Requests * cfg.Count)
	return &series{name: name, p: p, lat: lat, free: free,
		ns: make([]float64, 0, n), cpu: make([]float64, 0, n),
		allocs: make([]float64, 0, n), bytes: make([]float64, 0, n), gc: make([]uint32, 0, n)}
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

type workerErr struct {
	n     int
	first error
}

// runner runs batches; its Results and error slots are allocated once and
// reused, so that a batch allocates nothing but its goroutines.
type runner struct {
	ctx     context.Context
	clock   func() int64
	conc    int
	results []completion.Result
	used    int // results written since the last release
	errs    []workerErr
	wg      sync.WaitGroup
}

// release drops the Results of the last batch, outside the timed region, so
// that their responses do not stay live and change the GC's heap goal (with
// one goroutine per request there is one Result per request).
func (r *runner) release() {
	clear(r.results[:r.used])
	r.used = 0
}

// checkEvery is how many requests a worker runs between two looks at ctx.
const checkEvery = 1024

// batch runs reqs on p, writing each request's duration into lat. It returns
// the number of failed requests and the first error, or -1 when ctx was
// canceled before the batch finished.
func (r *runner) batch(p Pipeline, reqs []*completion.Request, lat []int64) (int, error) {
	workers := r.conc
	if workers == 0 || workers > len(reqs) {
		workers = len(reqs)
	}
	r.used = max(r.used, workers)
	if workers == 1 {
		r.errs[0] = workerErr{}
		if !r.seq(p, reqs, lat, &r.results[0], &r.errs[0]) {
			return -1, nil
		}
		return r.errs[0].n, r.errs[0].first
	}
	canceled := make(chan struct{}, workers)
	r.wg.Add(workers)
	for w := 0; w < workers; w++ {
		lo, hi := w*len(reqs)/workers, (w+1)*len(reqs)/workers
		r.errs[w] = workerErr{}
		go func(w, lo, hi int) {
			defer r.wg.Done()
			if !r.seq(p, reqs[lo:hi], lat[lo:hi], &r.results[w], &r.errs[w]) {
				canceled <- struct{}{}
			}
		}(w, lo, hi)
	}
	r.wg.Wait()
	if len(canceled) > 0 {
		return -1, nil
	}
	n, first := 0, error(nil)
	for _, e := range r.errs[:workers] {
		n += e.n
		if first == nil {
			first = e.first
		}
	}
	return n, first
}

// seq runs reqs one after the other. Each duration is the difference of two
// consecutive clock reads, so a request costs one clock read. It reports
// false when ctx was canceled.
func (r *runner) seq(p Pipeline, reqs []*completion.Request, lat []int64, res *completion.Result, we *workerErr) bool {
	ctx, clock := r.ctx, r.clock
	t0 := clock()
	for i, req := range reqs {
		if err := p.CompleteInto(ctx, req, res); err != nil {
			we.n++
			if we.first == nil {
				we.first = err
			}
		}
		t1 := clock()
		lat[i] = t1 - t0
		t0 = t1
		if i%checkEvery == checkEvery-1 && ctx.Err() != nil {
			return false
		}
	}
	return true
}
