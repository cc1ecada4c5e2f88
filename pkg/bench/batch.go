package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"

	"github.com/llmbench/llmbench/pkg/completion"
)

// A Sample is what one batch measured.
type Sample struct {
	// WallNs is the batch's wall time.
	WallNs int64
	// CPUNs is the process's CPU time during the batch (every thread,
	// garbage collection included), when HasCPU.
	CPUNs  int64
	HasCPU bool
	// Allocs and Bytes are the heap allocations of the batch and GCCycles
	// the collections that ended during it, when HasMem.
	Allocs, Bytes uint64
	GCCycles      uint32
	HasMem        bool
	// Errors counts the requests that failed; FirstErr is the first one.
	Errors   int
	FirstErr error
}

// A Batcher runs batches of requests through one pipeline in this process
// and measures them. `llmbench bench` uses one per in-process target, and
// llmbench's driver one per variant, so that both measure alike. A Batcher
// is not safe for concurrent use.
//
// Every batch starts at a random point of the garbage collector's cycle
// (see Measure), so that over many batches each pipeline pays for
// collection in proportion to the bytes it allocates, whatever the batch
// size: with the cycle left to run on, batches of a size close to a
// fraction of the cycle phase-lock onto it, and one variant of an
// interleaved run then pays for every collection while another pays for
// none.
type Batcher struct {
	p       Pipeline
	conc    int
	clock   func() int64
	cpuTime func() (int64, bool)
	rng     *rand.Rand
	dither  bool

	ctx     context.Context
	results []completion.Result
	used    int // results written since the last release
	errs    []workerErr
	wg      sync.WaitGroup
}

// BatcherOptions configure a Batcher.
type BatcherOptions struct {
	// Concurrency is the number of goroutines a batch is spread over; 0
	// means one goroutine per request.
	Concurrency int
	// MaxBatch is the largest batch (and warmup round) the Batcher will
	// run; it sizes the Batcher's buffers.
	MaxBatch int
	// Clock returns monotonic nanoseconds and CPUTime the process's CPU
	// time; nil means the real ones. Tests inject fakes.
	Clock   func() int64
	CPUTime func() (int64, bool)
	// Seed seeds the random start of each batch in the garbage collector's
	// cycle.
	Seed uint64
	// NoGCDither starts every batch right after a collection instead of
	// at a random point of the cycle (Config.GCUntimed).
	NoGCDither bool
}

// NewBatcher returns a Batcher for p.
func NewBatcher(p Pipeline, opts BatcherOptions) *Batcher {
	// A batch never runs more workers than it has requests, so the
	// buffers are sized by MaxBatch however high the concurrency
	// (--concurrency 1000000000 on 2,000 requests must not allocate a
	// billion Results); run grows them if a larger batch comes after all.
	workers := opts.Concurrency
	if workers == 0 || (opts.MaxBatch > 0 && workers > opts.MaxBatch) {
		workers = max(1, opts.MaxBatch)
	}
	b := &Batcher{p: p, conc: opts.Concurrency, clock: opts.Clock, cpuTime: opts.CPUTime,
		rng: rand.New(rand.NewPCG(opts.Seed, 0x676364697468)), dither: !opts.NoGCDither,
		results: make([]completion.Result, workers), errs: make([]workerErr, workers)}
	if b.clock == nil {
		b.clock = monotonic
	}
	if b.cpuTime == nil {
		b.cpuTime = ProcessCPUTime
	}
	return b
}

// Warmup runs n requests, cycling through reqs, untimed. It stops early
// when ctx is done.
func (b *Batcher) Warmup(ctx context.Context, reqs []*completion.Request, n int) {
	if len(reqs) == 0 {
		return
	}
	lat := make([]int64, min(n, len(reqs)))
	for left := n; left > 0 && ctx.Err() == nil; {
		k := min(left, len(reqs))
		b.run(ctx, reqs[:k], lat[:k])
		b.release()
		left -= k
	}
}

// Measure runs reqs once and measures the batch, writing each request's
// duration into lat (len(lat) == len(reqs)). It returns ErrInterrupted
// (wrapped) when ctx was canceled before the batch finished; the sample
// does not count then.
//
// Before the clock starts, the garbage collector finishes a cycle and the
// heap is then filled with a random amount of garbage, uniform between
// none and what the next cycle would start at: the batch starts at a
// uniformly random point of the cycle. Before the clock stops, a cycle
// the batch started is waited for, so that the batch pays for the whole
// of its own collection, on the CPU clock too.
func (b *Batcher) Measure(ctx context.Context, reqs []*completion.Request, lat []int64) (Sample, error) {
	if len(lat) != len(reqs) {
		return Sample{}, fmt.Errorf("bench: %d latency slots for %d requests", len(lat), len(reqs))
	}
	b.settleGC()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	c0, cok := b.cpuTime()
	t0 := b.clock()
	errs, first, ok := b.run(ctx, reqs, lat)
	finishGC()
	t1 := b.clock()
	c1, cok1 := b.cpuTime()
	runtime.ReadMemStats(&ms1)
	b.release()
	if !ok {
		return Sample{}, fmt.Errorf("bench: %w mid-batch", ErrInterrupted)
	}
	return Sample{
		WallNs: t1 - t0,
		CPUNs:  c1 - c0, HasCPU: cok && cok1,
		Allocs: ms1.Mallocs - ms0.Mallocs, Bytes: ms1.TotalAlloc - ms0.TotalAlloc,
		GCCycles: ms1.NumGC - ms0.NumGC, HasMem: true,
		Errors: errs, FirstErr: first,
	}, nil
}

// ditherSink keeps the compiler from dropping the dithering allocation:
// it is written, never read, on purpose.
//
//lint:ignore U1000 written only, so that the allocation is not optimized away
var ditherSink []byte

// gcMetrics are read to place a batch in the collector's cycle.
var gcMetrics = []metrics.Sample{
	{Name: "/gc/gogc:percent"},
	{Name: "/gc/heap/goal:bytes"},
	{Name: "/gc/heap/live:bytes"},
	{Name: "/gc/cycles/total:gc-cycles"},
}

// settleGC ends the current collection cycle and moves the heap to a
// uniformly random point of the next one: after runtime.GC, a random
// amount of garbage between none and the distance to the heap goal is
// allocated; when that reaches the (unexported) trigger and starts a
// cycle, the draw is rejected and made again, so that the accepted amount
// is uniform between none and the trigger (which the pacer sets at 70-95%
// of the way to the goal, so that few draws are rejected).
func (b *Batcher) settleGC() {
	runtime.GC()
	if !b.dither {
		return
	}
	s := append([]metrics.Sample(nil), gcMetrics...)
	for try := 0; try < 8; try++ {
		metrics.Read(s)
		gogc, goal, live, cycles := s[0].Value.Uint64(), s[1].Value.Uint64(), s[2].Value.Uint64(), s[3].Value.Uint64()
		if int64(gogc) <= 0 || goal <= live {
			return // no pacing to dither (GOGC=off, or nothing to go)
		}
		ditherSink = make([]byte, b.rng.Uint64N(goal-live))
		ditherSink = nil
		finishGC()
		metrics.Read(s[3:])
		if s[3].Value.Uint64() == cycles {
			return
		}
		runtime.GC() // the garbage started a cycle: draw again
	}
}

// finishGC waits for a collection cycle in progress to finish its marking
// (debug.SetGCPercent(-1) does; the old percentage is put back at once).
func finishGC() {
	debug.SetGCPercent(debug.SetGCPercent(-1))
}

// release drops the Results of the last batch, outside the timed region, so
// that their responses do not stay live and change the GC's heap goal (with
// one goroutine per request there is one Result per request).
func (b *Batcher) release() {
	clear(b.results[:b.used])
	b.used = 0
}

// checkEvery is how many requests a worker runs between two looks at ctx.
const checkEvery = 1024

type workerErr struct {
	n     int
	first error
}

// run runs reqs on the pipeline, writing each request's duration into lat.
// It returns the number of failed requests, the first error, and false when
// ctx was canceled before the batch finished.
func (b *Batcher) run(ctx context.Context, reqs []*completion.Request, lat []int64) (int, error, bool) {
	b.ctx = ctx
	workers := b.conc
	if workers == 0 || workers > len(reqs) {
		workers = len(reqs)
	}
	if workers > len(b.results) {
		b.results = append(b.results, make([]completion.Result, workers-len(b.results))...)
		b.errs = append(b.errs, make([]workerErr, workers-len(b.errs))...)
	}
	b.used = max(b.used, workers)
	if workers == 1 {
		b.errs[0] = workerErr{}
		if !b.seq(reqs, lat, &b.results[0], &b.errs[0]) {
			return 0, nil, false
		}
		return b.errs[0].n, b.errs[0].first, true
	}
	canceled := make(chan struct{}, workers)
	b.wg.Add(workers)
	for w := 0; w < workers; w++ {
		lo, hi := w*len(reqs)/workers, (w+1)*len(reqs)/workers
		b.errs[w] = workerErr{}
		go func(w, lo, hi int) {
			defer b.wg.Done()
			defer func() {
				if r := recover(); r != nil { // passed on as the batch's first error
					b.errs[w].n++
					b.errs[w].first = completion.Recovered(r)
				}
			}()
			if !b.seq(reqs[lo:hi], lat[lo:hi], &b.results[w], &b.errs[w]) {
				canceled <- struct{}{}
			}
		}(w, lo, hi)
	}
	b.wg.Wait()
	if len(canceled) > 0 {
		return 0, nil, false
	}
	n, first := 0, error(nil)
	for _, e := range b.errs[:workers] {
		n += e.n
		if first == nil {
			first = e.first
		}
	}
	return n, first, true
}

// seq runs reqs one after the other. Each duration is the difference of two
// consecutive clock reads, so a request costs one clock read. It reports
// false when ctx was canceled.
func (b *Batcher) seq(reqs []*completion.Request, lat []int64, res *completion.Result, we *workerErr) bool {
	ctx, clock, p := b.ctx, b.clock, b.p
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
