package regress

import (
	"context"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/completion"
)

// raceEnabled is set under the race detector, which makes the simulations
// too slow to run.
var raceEnabled bool

// simRemote is a driver whose batches take cpuNs per request times a
// slowdown, with noise: a per-process effect (drawn again at every
// restart) and a per-batch one, both log-normal.
type simRemote struct {
	w           *simWorld
	cpuNs       float64
	slowdown    float64
	allocs      float64
	proc        float64 // this process's effect
	processSD   float64
	batchSD     float64
	allocJitter bool
}

// simWorld is the fake clock and randomness of a simulated run.
type simWorld struct {
	rng   *rand.Rand
	clock time.Time
}

func (r *simRemote) Load(context.Context, []*completion.Request) error { return nil }
func (r *simRemote) Warmup(context.Context, int) error                 { return nil }

func (r *simRemote) Batch(_ context.Context, from, to, _ int, lat []int64) (bench.Sample, error) {
	n := to - from
	per := r.cpuNs * r.slowdown * math.Exp(r.proc+r.w.rng.NormFloat64()*r.batchSD)
	cpu := int64(per * float64(n))
	r.w.clock = r.w.clock.Add(time.Duration(cpu))
	for i := range lat {
		lat[i] = int64(per)
	}
	allocs := uint64(r.allocs * float64(n))
	if r.allocJitter {
		allocs += uint64(r.w.rng.IntN(4)) // the runtime's own, now and then
	}
	return bench.Sample{WallNs: cpu, CPUNs: cpu, HasCPU: true, Allocs: allocs, Bytes: allocs * 50, HasMem: true}, nil
}

// simulate runs the gate on three variants, the last one `slowdown` slower
// in this build, and returns its verdicts.
func simulate(t *testing.T, seed uint64, slowdown, extraAllocs, processSD, batchSD float64) *PerfReport {
	t.Helper()
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:], seed)
	w := &simWorld{rng: rand.New(rand.NewChaCha8(key)), clock: time.Unix(0, 0)}
	var pairs []VariantPair
	var remotes []*simRemote
	for i, v := range []string{"baseline", "summary", "optimized"} {
		base := []float64{4000, 4200, 2000}[i]
		s, a := 1.0, 0.0
		if v == "optimized" {
			s, a = slowdown, extraAllocs
		}
		before := &simRemote{w: w, cpuNs: base, slowdown: 1, allocs: 12, processSD: processSD, batchSD: batchSD, allocJitter: true}
		after := &simRemote{w: w, cpuNs: base, slowdown: s, allocs: 12 + a, processSD: processSD, batchSD: batchSD, allocJitter: true}
		remotes = append(remotes, before, after)
		pairs = append(pairs, VariantPair{Variant: v, Before: bench.Target{Name: "ref:x:" + v, Remote: before}, After: bench.Target{Name: v, Remote: after}})
	}
	restart := func(context.Context, bool) error {
		for _, r := range remotes {
			r.proc = w.rng.NormFloat64() * r.processSD
		}
		return nil
	}
	restart(context.Background(), false)
	reqs := make([]*completion.Request, 4096)
	rep, err := GateAgainst(context.Background(), AgainstOptions{Name: "x", Pairs: pairs, Requests: reqs,
		Config: bench.DefaultConfig(), Env: &bench.Env{}, Restart: restart, Now: func() time.Time { return w.clock },
		Budget: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestGateAgainstErrorRates checks the gate's decision rule on simulated
// runs with a noise model harsher than this project's machine at rest: a
// per-process effect of 3% (memory layout, core placement) and 15% per
// batch. Unchanged code must fail at most at the promised rate (1% of
// runs), a slowdown of the threshold (10%) must be caught at least 90% of
// the time and 20% always; one extra allocation per call always.
func TestGateAgainstErrorRates(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("simulates 200 gate runs")
	}
	count := func(n int, slowdown, allocs float64) (failed int, verdicts map[string]int) {
		verdicts = map[string]int{}
		for i := 0; i < n; i++ {
			rep := simulate(t, uint64(1000*slowdown+10*allocs)+uint64(i), slowdown, allocs, 0.03, 0.15)
			if !rep.OK {
				failed++
			}
			verdicts[rep.Variants[2].Verdict]++
			for _, v := range rep.Variants[:2] {
				if v.Slower || v.AllocsGrew {
					t.Errorf("run %d: unchanged variant %s failed: %+v", i, v.Name, v)
				}
			}
		}
		return failed, verdicts
	}
	if f, v := count(100, 1, 0); f > 2 {
		t.Errorf("unchanged code failed %d of 100 runs (%v), want at most 2", f, v)
	}
	if f, v := count(40, 1.10, 0); f < 36 {
		t.Errorf("+10%% caught in %d of 40 runs (%v), want at least 36", f, v)
	}
	if f, v := count(20, 1.20, 0); f < 20 {
		t.Errorf("+20%% caught in %d of 20 runs (%v), want all", f, v)
	}
	if f, v := count(20, 1, 1); f < 20 {
		t.Errorf("+1 allocation caught in %d of 20 runs (%v), want all", f, v)
	}
}

// TestGateAgainstDecidesEarly: on a quiet machine (1% per batch, no
// process effect) unchanged code passes at the first look, and a 50%
// slowdown fails there.
func TestGateAgainstDecidesEarly(t *testing.T) {
	rep := simulate(t, 1, 1, 0, 0, 0.01)
	for _, v := range rep.Variants {
		if v.Verdict != VerdictOK || v.Looks != 1 || v.Epochs != DefaultFirstLook {
			t.Errorf("unchanged %s: %s after %d looks, %d epochs", v.Name, v.Verdict, v.Looks, v.Epochs)
		}
	}
	rep = simulate(t, 2, 1.5, 0, 0, 0.01)
	if v := rep.Variants[2]; v.Verdict != VerdictSlower || v.Looks != 1 || math.Abs(v.DeltaPct-50) > 2 {
		t.Errorf("+50%%: %+v", v)
	}
	if rep.OK {
		t.Error("a 50% slowdown passed")
	}
}
