package regress

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/aclements/go-moremath/stats"
	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/completion"
)

// The gate against another build (`regress --against REV`) runs each
// variant of both builds as drivers. A pair is one batch of the other build
// and one of this build on the same requests, one right after the other
// (alternating which goes first), with both processes pinned to the same
// CPU (alternating CPUs); it gives a ratio of CPU time per call, this
// build's over the other's.
//
// A process is one sample of memory layout and core placement: two
// processes of the very same binary differ by a few percent, more on a
// busy machine. So the pairs come in epochs: every epoch starts both
// drivers afresh (alternating which starts first) and contributes one
// number per variant, the median log-ratio of its pairs. The decision uses
// the epochs: a t interval of their mean, looked at after 8, 12, 18, ...
// epochs (x1.5), each look k spending alpha/(k(k+1)) of the false-alarm
// rate on the lower bound and beta/(k(k+1)) of the miss rate on the upper
// one. A variant is
//
//   - slower when its lower bound is above 1 (this build is slower at all)
//     and its upper bound reaches 1+Threshold (possibly by that much);
//   - ok when its upper bound is below 1+Threshold (a slowdown of Threshold
//     is ruled out);
//   - allocs grew when its allocations per call grew, pair by pair
//     (deterministic: any growth counts, decided after the first epoch).
//
// However many looks a run takes, unchanged code fails with probability at
// most Alpha per run (split over the variants), and a variant Threshold
// slower passes with probability at most Beta. A variant still undecided
// when Budget runs out passes as "inconclusive", with a warning.

// Defaults of the gate against another build.
const (
	// DefaultThreshold is the slowdown the gate is built to catch.
	DefaultThreshold = 0.10
	// DefaultAlpha is the false-alarm rate of a whole run on unchanged
	// code.
	DefaultAlpha = 0.01
	// DefaultBeta is the chance, per variant, of passing a slowdown of
	// exactly Threshold.
	DefaultBeta = 0.05
	// DefaultBudget bounds the time the performance measurement takes.
	DefaultBudget = 30 * time.Second
	// DefaultBatchTime is how long a batch should take.
	DefaultBatchTime = 15 * time.Millisecond
	// DefaultPairsPerEpoch is the pairs per variant of one epoch.
	DefaultPairsPerEpoch = 6
	// DefaultFirstLook is the number of epochs of the first look.
	DefaultFirstLook = 8
)

// allocEpsilon is the growth of allocations per call that counts: a real
// one is at least one allocation in some request template (1/templates
// per call, 0.05 for the default workload); the runtime's own come and go
// by a few allocations per batch (a sync.Pool emptied by a collection),
// about 0.01 per call at most.
const allocEpsilon = 0.02

// allocConfidence is the confidence with which the allocations' growth
// must exceed allocEpsilon, pair by pair (the sign test's interval of the
// median difference); it needs 8 pairs.
const allocConfidence = 0.99

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
	// Threshold, Alpha, Beta, Budget, BatchTime, PairsPerEpoch and
	// FirstLook default to the Default constants; Warmup is the untimed
	// requests per target and epoch (0: none).
	Threshold, Alpha, Beta   float64
	Budget, BatchTime        time.Duration
	PairsPerEpoch, FirstLook int
	Warmup                   int
	// Restart starts every driver afresh between epochs (reverse: in the
	// other order); nil keeps the processes (tests).
	Restart func(ctx context.Context, reverse bool) error
	// Pin keeps target i's process (index into the targets Before0,
	// After0, Before1, ...) on one CPU; CPUs are the CPUs to use. Nil
	// leaves placement to the scheduler.
	Pin  func(i, cpu int) error
	CPUs []int
	// MinSpeedup, when > 0, requires After of variant SpeedupAfter to be at
	// least this many times faster than After of SpeedupBefore.
	MinSpeedup                  float64
	SpeedupBefore, SpeedupAfter string
	// Now is the clock of the budget; nil means time.Now.
	Now func() time.Time
	// Progress, when not nil, is told the epochs measured so far.
	Progress func(epochs int, elapsed time.Duration)
}

// pairState is what the gate has measured of one variant.
type pairState struct {
	VariantPair
	cpuB, cpuA     []float64 // per pair, CPU time per call (0: not measured)
	wallB, wallA   []float64
	allocB, allocA []float64 // -1: not measured
	epochs         []float64 // per epoch, the median log-ratio of its pairs
	epochStart     int       // index of the epoch's first pair
	measure        string
	done           bool
	pv             PerfVariant
}

// GateAgainst measures every variant in both builds, epoch by epoch, until
// each is decided or the budget is spent. Errors are a driver's (the other
// build died or answered garbage), or wrap ErrInterrupted when ctx is
// canceled (with what was decided so far).
func GateAgainst(ctx context.Context, opts AgainstOptions) (*PerfReport, error) {
	opts.defaults()
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
		Rule: fmt.Sprintf("pairs of batches (the other build's and this one's, on the same requests, one right after the other, on one CPU), "+
			"%d pairs per epoch of fresh driver processes; per epoch the median log-ratio; a variant is slower when the epochs' t interval "+
			"is above 1 (false-alarm rate %.3g per run) and reaches 1+%s; ok when it is below 1+%s (miss rate %.2g at %s); "+
			"allocations per call must not grow", opts.PairsPerEpoch, opts.Alpha, pct(opts.Threshold), pct(opts.Threshold), opts.Beta, pct(opts.Threshold))}
	start := now()
	alphaV := opts.Alpha / float64(len(ps))
	batch := min(500, n)
	round, look, nextLook, epoch := 0, 0, opts.FirstLook, 0
	var epochTime time.Duration
	interrupted := false
	live := func() int {
		k := 0
		for _, p := range ps {
			if !p.done {
				k++
			}
		}
		return k
	}
epochs:
	for live() > 0 {
		if ctx.Err() != nil {
			interrupted = true
			break
		}
		if epoch > 0 && now().Sub(start)+epochTime > opts.Budget {
			look++
			for _, p := range ps {
				if !p.done {
					p.decide(look, alphaV, opts, true)
				}
			}
			break
		}
		t0 := now()
		if epoch > 0 && opts.Restart != nil {
			if err := opts.Restart(ctx, epoch%2 == 1); err != nil {
				if ctx.Err() != nil {
					interrupted = true
					break
				}
				return nil, err
			}
		}
		if err := sess.Warmup(ctx, opts.Warmup, nil); err != nil {
			return nil, err
		}
		for _, p := range ps {
			p.epochStart = len(p.cpuA)
		}
		for r := 0; r < opts.PairsPerEpoch; r++ {
			if err := gateRound(ctx, sess, ps, round, batch, n, opts); err != nil {
				if ctx.Err() != nil || errors.Is(err, bench.ErrInterrupted) {
					interrupted = true
					break epochs
				}
				return nil, err
			}
			if err := sess.Err(); err != nil {
				return nil, err
			}
			if round == 0 {
				// Size the batches after the first pair: BatchTime for the
				// slowest target (the first pair still counts: a ratio does
				// not depend on the batch size).
				slowest := 0.0
				for _, p := range ps {
					slowest = max(slowest, p.wallB[0], p.wallA[0])
				}
				if slowest > 0 {
					batch = max(100, min(int(math.Round(float64(opts.BatchTime)/slowest)), n))
				}
			}
			round++
		}
		epoch++
		for _, p := range ps {
			if !p.done {
				p.endEpoch(opts)
			}
		}
		epochTime = now().Sub(t0)
		if opts.Progress != nil {
			opts.Progress(epoch, now().Sub(start))
		}
		if epoch >= nextLook {
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
		if !p.done {
			p.summarize()
			if interrupted {
				p.pv.Verdict = "interrupted"
			}
		}
		p.pv.Baseline, p.pv.Current = estimateOf(rep.Current, p.Before.Name), estimateOf(rep.Current, p.After.Name)
		rep.Variants = append(rep.Variants, p.pv)
		if p.pv.Slower || p.pv.AllocsGrew {
			rep.OK = false
		}
		if p.pv.Verdict == VerdictInconclusive {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf(
				"%s: inconclusive after %d epochs (%d pairs) in %.0fs: the noise (change %s) hides whether it is %s slower; raise --budget or run on a quieter machine",
				p.Variant, len(p.epochs), p.pv.Pairs, rep.Elapsed, p.pv.interval(), pct(opts.Threshold)))
		}
	}
	if opts.MinSpeedup > 0 {
		rep.Speedup = againstSpeedup(ps, opts)
		if !rep.Speedup.OK {
			rep.OK = false
		}
	}
	if interrupted {
		return rep, fmt.Errorf("regress: performance gate %w after %d epochs", ErrInterrupted, epoch)
	}
	return rep, nil
}

func (o *AgainstOptions) defaults() {
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.Alpha <= 0 {
		o.Alpha = DefaultAlpha
	}
	if o.Beta <= 0 {
		o.Beta = DefaultBeta
	}
	if o.Budget <= 0 {
		o.Budget = DefaultBudget
	}
	if o.BatchTime <= 0 {
		o.BatchTime = DefaultBatchTime
	}
	if o.PairsPerEpoch <= 0 {
		o.PairsPerEpoch = DefaultPairsPerEpoch
	}
	if o.FirstLook < 3 {
		o.FirstLook = DefaultFirstLook
	}
}

// gateRound measures one pair of every undecided variant; round r uses
// requests [from, from+batch). Variant i's pair runs the other build first
// when r+i is even: then, for both builds alike, half the batches follow a
// batch of the same process (another variant) and half one of the other
// process (the same variant), and no batch follows a batch of its own
// target (whose code and data would still be in the caches).
func gateRound(ctx context.Context, sess *bench.Session, ps []*pairState, r, batch, n int, opts AgainstOptions) error {
	from := (r * batch) % (n - batch + 1)
	cpu := -1
	if len(opts.CPUs) > 0 && opts.Pin != nil {
		cpu = opts.CPUs[r%len(opts.CPUs)]
	}
	for i, p := range ps {
		if p.done {
			continue
		}
		first, second := 2*i, 2*i+1 // other build, this build
		if (r+i)%2 == 1 {
			first, second = second, first
		}
		for _, t := range []int{first, second} {
			if cpu >= 0 {
				if err := opts.Pin(t, cpu); err != nil {
					return err
				}
			}
			if err := sess.Measure(ctx, t, from, from+batch); err != nil {
				return err
			}
		}
		p.add(sess, 2*i, 2*i+1)
	}
	return nil
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

// endEpoch records the epoch's median log-ratio and decides allocations.
func (p *pairState) endEpoch(opts AgainstOptions) {
	k := p.epochStart
	r := bench.PairedRatios(p.cpuB[k:], p.cpuA[k:])
	p.measure = "cpu"
	if len(r) < (len(p.cpuA)-k+1)/2 {
		r, p.measure = bench.PairedRatios(p.wallB[k:], p.wallA[k:]), "wall"
	}
	if len(r) > 0 {
		p.epochs = append(p.epochs, math.Log(medianOf(r)))
	}
	p.summarize()
	if p.pv.AllocsGrew {
		p.done = true
		p.pv.Verdict = VerdictAllocsGrew
	}
}

// summarize fills in what the variant measured so far (no verdict).
func (p *pairState) summarize() {
	pv := &p.pv
	*pv = PerfVariant{Name: p.Variant, Before: p.Before.Name, After: p.After.Name, Pairs: len(p.cpuA), Epochs: len(p.epochs), Measure: p.measure}
	var d []float64
	for i := range p.allocA {
		if p.allocA[i] >= 0 && p.allocB[i] >= 0 {
			d = append(d, p.allocA[i]-p.allocB[i])
		}
	}
	if len(d) > 0 {
		pv.BaselineAllocs, pv.CurrentAllocs = medianOf(p.allocB), medianOf(p.allocA)
		ci := bench.MedianCI(d, allocConfidence)
		pv.AllocsDelta = ci.Median
		pv.AllocsGrew = ci.HasCI() && ci.CILow > allocEpsilon
	}
	m, _ := meanSD(p.epochs)
	pv.Change = bench.Estimate{Median: math.Exp(m), CILow: math.Inf(-1), CIHigh: math.Inf(1)}
	pv.DeltaPct = (math.Exp(m) - 1) * 100
	if pv.Verdict == "" {
		pv.Verdict = VerdictInconclusive
	}
}

// decide looks at the epochs of a variant (look k; final when the budget
// is spent) and records a verdict when the evidence is clear.
func (p *pairState) decide(k int, alphaV float64, opts AgainstOptions, final bool) {
	p.summarize()
	pv := &p.pv
	pv.Looks = k
	pv.Verdict = ""
	w := 1 / float64(k*(k+1))
	ak, bk := alphaV*w, opts.Beta*w
	e := len(p.epochs)
	lo, hi, hiStrict := math.Inf(-1), math.Inf(1), math.Inf(1)
	if e >= 3 {
		m, sd := meanSD(p.epochs)
		se := sd / math.Sqrt(float64(e))
		q := stats.InvCDF(stats.TDist{V: float64(e - 1)})
		lo, hi, hiStrict = math.Exp(m+q(ak)*se), math.Exp(m+q(1-bk)*se), math.Exp(m+q(1-ak)*se)
	}
	pv.Change.CILow, pv.Change.CIHigh, pv.Change.Confidence = lo, hi, 1-ak-bk
	limit := 1 + opts.Threshold
	switch {
	case pv.AllocsGrew:
		pv.Verdict, p.done = VerdictAllocsGrew, true
		if lo > 1 && hi >= limit {
			pv.Slower, pv.Verdict = true, VerdictSlower+", "+VerdictAllocsGrew
		}
	case lo > 1 && hi >= limit:
		pv.Slower, pv.Verdict, p.done = true, VerdictSlower, true
	case hi < limit:
		p.done = true
		switch {
		case lo > 1:
			pv.Verdict = VerdictWithin
		case hiStrict < 1: // as sure as of a slowdown
			pv.Verdict = VerdictFaster
		default:
			pv.Verdict = VerdictOK
		}
	case final:
		pv.Verdict, p.done = VerdictInconclusive, true
	default:
		pv.Verdict = VerdictInconclusive
	}
}

// meanSD returns the mean and the sample standard deviation of xs.
func meanSD(xs []float64) (mean, sd float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) < 2 {
		return mean, 0
	}
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)-1))
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
