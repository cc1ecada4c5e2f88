package regress

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/completion"
)

// The gate against another build (`regress --against REV`) runs each
// variant of both builds as drivers, batch by batch: a pair is one batch of
// the other build and one of this build on the same requests, one right
// after the other (in alternating order), so whatever the machine does
// hits both. Each pair gives a ratio of CPU time per call, this build's
// over the other's. The gate looks at the pairs after 12, 18, 27, ... of
// them (x1.5) and decides a variant as soon as the evidence is clear:
//
//   - slower: the ratio's lower confidence bound is above 1 (this build is
//     slower at all) and its upper bound reaches 1+threshold (the slowdown
//     may be that large);
//   - ok: the upper bound is below 1+threshold (a slowdown of threshold or
//     more is ruled out);
//   - allocs grew: this build allocates more per call, pair by pair
//     (allocation counts are deterministic: any growth counts).
//
// The bounds are the sign test's, distribution-free intervals for the
// median ratio (bench.MedianCI). Look k spends alpha/(k(k+1)) of the
// false-alarm rate on the lower bound and beta/(k(k+1)) of the miss rate
// on the upper one, so that however many looks a run takes, unchanged code
// fails with probability at most Alpha per run (split over the variants),
// and a variant that is Threshold slower passes with probability at most
// Beta. A variant still undecided when Budget runs out passes as
// "inconclusive", with a warning.

// Defaults of the gate against another build.
const (
	// DefaultThreshold is the slowdown the gate is built to catch.
	DefaultThreshold = 0.10
	// DefaultAlpha is the false-alarm rate of a whole run on unchanged
	// code.
	DefaultAlpha = 0.005
	// DefaultBeta is the chance, per variant, of passing a slowdown of
	// exactly Threshold.
	DefaultBeta = 0.05
	// DefaultBudget bounds the time the performance measurement takes.
	DefaultBudget = 30 * time.Second
	// DefaultBatchTime is how long a batch should take.
	DefaultBatchTime = 20 * time.Millisecond
)

// allocEpsilon is the growth of allocations per call, median over the
// pairs, that counts: a real one is at least one allocation in some
// request template (1/templates per call), the runtime's own is far
// below.
const allocEpsilon = 0.005

// A VariantPair is one variant in both builds.
type VariantPair struct {
	Variant string
	// Before is the other build's target, After this build's.
	Before, After bench.Target
}

// AgainstOptions configure GateAgainst.
type AgainstOptions struct {
	// Name names the other build (the revision or binary as given), and
	// Commit its commit when known.
	Name, Commit string
	Pairs        []VariantPair
	// Requests are loaded into both builds; batches are slices of them.
	Requests []*completion.Request
	// Config and Workload describe the run in the result.
	Config   bench.Config
	Workload bench.WorkloadInfo
	// Env describes this machine in the result; nil means bench's.
	Env *bench.Env
	// Threshold, Alpha, Beta, Budget and BatchTime default to the Default
	// constants; Warmup is the untimed requests per target (0: none).
	Threshold, Alpha, Beta float64
	Budget, BatchTime      time.Duration
	Warmup                 int
	// MinSpeedup, when > 0, requires After of variant SpeedupAfter to be at
	// least this many times faster than After of SpeedupBefore.
	MinSpeedup                  float64
	SpeedupBefore, SpeedupAfter string
	// Now is the clock of the budget; nil means time.Now.
	Now func() time.Time
	// Progress, when not nil, is told the pairs measured so far.
	Progress func(pairs int, elapsed time.Duration)
}

// look schedule: the first look after firstLook pairs, then x1.5.
const firstLook = 12

// pairState is what the gate has measured of one variant.
type pairState struct {
	VariantPair
	cpuB, cpuA     []float64 // per pair, CPU time per call (0: not measured)
	wallB, wallA   []float64
	allocB, allocA []float64 // -1: not measured
	done           bool
	pv             PerfVariant
}

// GateAgainst measures every variant in both builds, pair by pair, until
// each is decided or the budget is spent. Errors are a driver's (the other
// build died or answered garbage) or ErrInterrupted-wrapping when ctx is
// canceled; a canceled run returns what it decided so far with the error.
func GateAgainst(ctx context.Context, opts AgainstOptions) (*PerfReport, error) {
	if opts.Threshold <= 0 {
		opts.Threshold = DefaultThreshold
	}
	if opts.Alpha <= 0 {
		opts.Alpha = DefaultAlpha
	}
	if opts.Beta <= 0 {
		opts.Beta = DefaultBeta
	}
	if opts.Budget <= 0 {
		opts.Budget = DefaultBudget
	}
	if opts.BatchTime <= 0 {
		opts.BatchTime = DefaultBatchTime
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	if len(opts.Pairs) == 0 || len(opts.Requests) == 0 {
		return nil, errors.New("regress: nothing to gate")
	}
	var targets []bench.Target
	ps := make([]*pairState, len(opts.Pairs))
	for i, p := range opts.Pairs {
		targets = append(targets, p.Before, p.After)
		ps[i] = &pairState{VariantPair: p}
	}
	cfg := opts.Config
	cfg.Concurrency, cfg.Variants = 1, nil
	for _, t := range targets {
		cfg.Variants = append(cfg.Variants, t.Name)
	}
	n := len(opts.Requests)
	sess, err := bench.NewSession(bench.Options{Config: cfg, Requests: opts.Requests, Targets: targets,
		Workload: opts.Workload, Env: opts.Env, Now: opts.Now}, n, n)
	if err != nil {
		return nil, err
	}
	defer sess.Close()
	rep := &PerfReport{Mode: ModeAgainst, Baseline: opts.Name, Commit: opts.Commit, Threshold: opts.Threshold,
		Alpha: opts.Alpha, Beta: opts.Beta, Budget: opts.Budget.Seconds(), Measure: "CPU time per call",
		Rule: fmt.Sprintf("pairs of batches (the other build's and this one's, on the same requests, one right after the other); "+
			"a variant is slower when this build is slower at all (the median ratio's lower bound above 1, false-alarm rate %.3g per run) "+
			"and possibly by %s or more (its upper bound reaches 1+%s); ok when a slowdown of %s is ruled out (miss rate %.2g); "+
			"allocations per call must not grow", opts.Alpha, pct(opts.Threshold), pct(opts.Threshold), pct(opts.Threshold), opts.Beta)}
	start := now()
	if err := sess.Warmup(ctx, opts.Warmup, nil); err != nil {
		return nil, err
	}

	alphaV := opts.Alpha / float64(len(ps))
	batch := min(500, n)
	round, look, nextLook := 0, 0, firstLook
	var roundTime time.Duration
	interrupted := false
	for {
		live := 0
		for _, p := range ps {
			if !p.done {
				live++
			}
		}
		if live == 0 {
			break
		}
		if ctx.Err() != nil {
			interrupted = true
			break
		}
		elapsed := now().Sub(start)
		if elapsed+roundTime > opts.Budget {
			look++
			for _, p := range ps {
				if !p.done {
					p.decide(look, alphaV, opts, true)
				}
			}
			break
		}
		t0 := now()
		from := (round * batch) % (n - batch + 1)
		order := make([]int, 0, len(ps))
		for i := range ps {
			order = append(order, i)
		}
		if round%2 == 1 {
			slices.Reverse(order)
		}
		slowest := 0.0
		for _, i := range order {
			p := ps[i]
			if p.done {
				continue
			}
			first, second := 2*i, 2*i+1 // other build, this build
			if round%2 == 1 {
				first, second = second, first
			}
			for _, t := range []int{first, second} {
				if err := sess.Measure(ctx, t, from, from+batch); err != nil {
					if ctx.Err() != nil || errors.Is(err, bench.ErrInterrupted) {
						interrupted = true
						break
					}
					return nil, err
				}
			}
			if interrupted {
				break
			}
			p.add(sess, 2*i, 2*i+1)
			slowest = max(slowest, p.wallB[len(p.wallB)-1], p.wallA[len(p.wallA)-1])
		}
		if interrupted {
			break
		}
		if err := sess.Err(); err != nil {
			return nil, err
		}
		round++
		roundTime = now().Sub(t0)
		if slowest > 0 && round == 1 {
			// Size the batches after the first pair: BatchTime for the
			// slowest target (the first pair still counts: a ratio does
			// not depend on the batch size).
			batch = int(math.Round(float64(opts.BatchTime) / slowest))
			batch = max(100, min(batch, n))
			roundTime = time.Duration(float64(roundTime) * float64(batch) / 500)
		}
		if opts.Progress != nil {
			opts.Progress(round, now().Sub(start))
		}
		if round >= nextLook {
			look++
			for _, p := range ps {
				if !p.done {
					p.decide(look, alphaV, opts, false)
				}
			}
			nextLook = int(math.Ceil(float64(nextLook) * 1.5))
		}
	}
	rep.Elapsed = now().Sub(start).Seconds()
	rep.Current = sess.Result(ctx, interrupted)
	rep.OK = true
	for _, p := range ps {
		p.pv.Baseline, p.pv.Current = estimateOf(rep.Current, p.Before.Name), estimateOf(rep.Current, p.After.Name)
		if !p.done && interrupted {
			p.pv.Verdict = "interrupted"
		}
		rep.Variants = append(rep.Variants, p.pv)
		if p.pv.Slower || p.pv.AllocsGrew {
			rep.OK = false
		}
		if p.pv.Verdict == VerdictInconclusive {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf(
				"%s: inconclusive after %d pairs in %.0fs: the noise (change %s) hides whether it is %s slower; raise --budget or run on a quieter machine",
				p.Variant, p.pv.Pairs, rep.Elapsed, p.pv.interval(), pct(opts.Threshold)))
		}
	}
	if opts.MinSpeedup > 0 {
		rep.Speedup = againstSpeedup(ps, opts)
		if !rep.Speedup.OK {
			rep.OK = false
		}
	}
	if interrupted {
		return rep, fmt.Errorf("regress: performance gate %w after %d pairs", ErrInterrupted, round)
	}
	return rep, nil
}

// ErrInterrupted is wrapped by the error of a gate stopped by its context.
var ErrInterrupted = bench.ErrInterrupted

// add records the last pair: target b of the other build, a of this one.
func (p *pairState) add(sess *bench.Session, b, a int) {
	nb, cb, ab := sess.Last(b)
	na, ca, aa := sess.Last(a)
	p.wallB, p.wallA = append(p.wallB, nb), append(p.wallA, na)
	p.cpuB, p.cpuA = append(p.cpuB, cb), append(p.cpuA, ca)
	p.allocB, p.allocA = append(p.allocB, ab), append(p.allocA, aa)
}

// ratios returns the per-pair ratios this build / other build on CPU time,
// or on wall time when CPU time is missing from either side.
func (p *pairState) ratios() ([]float64, string) {
	r := bench.PairedRatios(p.cpuB, p.cpuA)
	if len(r) >= len(p.cpuB)/2 && len(r) > 0 {
		return r, "cpu"
	}
	return bench.PairedRatios(p.wallB, p.wallA), "wall"
}

// decide looks at the pairs of a variant (look k; final when the budget is
// spent) and records a verdict when the evidence is clear.
func (p *pairState) decide(k int, alphaV float64, opts AgainstOptions, final bool) {
	w := 1 / float64(k*(k+1))
	ak, bk := alphaV*w, opts.Beta*w
	r, measure := p.ratios()
	pv := &p.pv
	*pv = PerfVariant{Name: p.Variant, Before: p.Before.Name, After: p.After.Name, Pairs: len(r), Looks: k, Measure: measure}
	// Allocations: deterministic, compared pair by pair.
	var d []float64
	for i := range p.allocA {
		if p.allocA[i] >= 0 && p.allocB[i] >= 0 {
			d = append(d, p.allocA[i]-p.allocB[i])
		}
	}
	if len(d) > 0 {
		pv.BaselineAllocs, pv.CurrentAllocs = medianOf(p.allocB), medianOf(p.allocA)
		pv.AllocsDelta = medianOf(d)
		pv.AllocsGrew = pv.AllocsDelta > allocEpsilon
	}
	lo := bench.MedianCI(r, 1-2*ak)
	hi := bench.MedianCI(r, 1-2*bk)
	pv.Change = bench.Estimate{Median: lo.Median, CILow: lo.CILow, CIHigh: hi.CIHigh, Confidence: 1 - ak - bk}
	pv.DeltaPct = (lo.Median - 1) * 100
	limit := 1 + opts.Threshold
	switch {
	case pv.AllocsGrew:
		pv.Verdict, p.done = VerdictAllocsGrew, true
		if lo.CILow > 1 && hi.CIHigh >= limit {
			pv.Slower, pv.Verdict = true, VerdictSlower+", "+VerdictAllocsGrew
		}
	case lo.CILow > 1 && hi.CIHigh >= limit:
		pv.Slower, pv.Verdict, p.done = true, VerdictSlower, true
	case hi.CIHigh < limit:
		p.done = true
		switch {
		case lo.CILow > 1:
			pv.Verdict = VerdictWithin
		case hi.CIHigh < 1:
			pv.Verdict = VerdictFaster
		default:
			pv.Verdict = VerdictOK
		}
	case final:
		pv.Verdict, p.done = VerdictInconclusive, true
	}
}

// againstSpeedup is --min-speedup on this build's targets: the median of
// the per-round ratios of SpeedupBefore's CPU time to SpeedupAfter's
// (both ran the same requests in the same round).
func againstSpeedup(ps []*pairState, opts AgainstOptions) *SpeedupCheck {
	sc := &SpeedupCheck{Before: opts.SpeedupBefore, After: opts.SpeedupAfter, Min: opts.MinSpeedup}
	var b, a *pairState
	for _, p := range ps {
		switch p.Variant {
		case opts.SpeedupBefore:
			b = p
		case opts.SpeedupAfter:
			a = p
		}
	}
	if b == nil || a == nil {
		return sc
	}
	r := bench.PairedRatios(a.cpuA, b.cpuA) // before / after
	if len(r) == 0 {
		r = bench.PairedRatios(a.wallA, b.wallA)
	}
	if len(r) > 0 {
		sc.Speedup = medianOf(r)
		sc.OK = sc.Speedup >= opts.MinSpeedup
	}
	return sc
}

func estimateOf(r *bench.Result, name string) bench.Estimate {
	v := r.Find(name)
	if v == nil {
		return bench.Estimate{}
	}
	if v.CPUNsPerOp.Median > 0 {
		return v.CPUNsPerOp
	}
	return v.NsPerOp
}

func medianOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	return bench.MedianCI(xs, bench.Confidence).Median
}

// pct formats a fraction as a percentage: 0.1 -> "10%".
func pct(f float64) string { return fmt.Sprintf("%.3g%%", f*100) }
