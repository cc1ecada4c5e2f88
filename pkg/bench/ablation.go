package bench

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/llmbench/llmbench/pkg/completion"
)

// An Ablation takes a variant apart into its changes (bench --ablate
// VARIANT). Every target ran in the same interleaved run: baseline,
// VARIANT, baseline+C for each change C of VARIANT, and VARIANT-C for
// each. Batch b of every target holds the same requests, so the targets'
// batches are paired and every gain is computed from per-batch ratios.
type Ablation struct {
	// Variant is the variant taken apart; Baseline the reference it is
	// measured against ("baseline").
	Variant  string `json:"variant"`
	Baseline string `json:"baseline"`
	// Total is Variant's gain over Baseline.
	Total Gain `json:"total"`
	// Claimed is what the variant's source claims for the whole ("17-20%"
	// for summary), as written; "" when nothing is claimed.
	Claimed string `json:"claimed,omitempty"`
	// Changes are Variant's changes, in the registry's order.
	Changes []ChangeGain `json:"changes"`
	// Interaction is Total minus the sum of the changes' Alone gains, in
	// percentage points: what the parts do together beyond (positive) or
	// short of (negative) the sum of what each does alone.
	Interaction Gain `json:"interaction"`
	// Method names the statistics, for readers of the JSON.
	Method string `json:"method"`
	// GCUntimed says that the times leave the garbage collector's work
	// out (Config.GCUntimed); GCCyclesTimed counts the collections that
	// fell inside timed batches all the same, over every target (0 when
	// every batch allocated less than the heap's headroom; absent then).
	GCUntimed     bool   `json:"gc_untimed"`
	GCCyclesTimed uint32 `json:"gc_cycles_timed,omitempty"`
}

// A ChangeGain is what one change buys.
type ChangeGain struct {
	Name string `json:"name"`
	// Source says where the change comes from ("summary task 2.1", "this
	// project", "LiteLLM PR #NNNN"); Doc what it does.
	Source string `json:"source"`
	Doc    string `json:"doc,omitempty"`
	// Task is the summary's task number ("" for other changes) and
	// Claimed the summary's claimed reduction for that task, as written.
	Task    string `json:"task,omitempty"`
	Claimed string `json:"claimed,omitempty"`
	// Alone is the gain of baseline+C over baseline.
	Alone Gain `json:"alone"`
	// Marginal is the gain of VARIANT over VARIANT-C: what the change adds
	// inside the variant.
	Marginal Gain `json:"marginal"`
	// AllocsSaved is the allocations per call the change saves alone
	// (baseline minus baseline+C); AllocsSavedMarginal inside the variant
	// (VARIANT-C minus VARIANT).
	AllocsSaved         float64 `json:"allocs_saved"`
	AllocsSavedMarginal float64 `json:"allocs_saved_marginal"`
	// AloneTarget and WithoutTarget name the measured targets
	// ("baseline+C", "VARIANT-C").
	AloneTarget   string `json:"alone_target"`
	WithoutTarget string `json:"without_target"`
}

// A Gain is a percent reduction of the median time per call (positive:
// faster) with its 95% interval. For Ablation.Interaction the values are
// percentage points. A bound that cannot be computed from the samples is
// infinite (null in JSON).
type Gain struct {
	GainPct float64 `json:"gain_pct"`
	CILow   float64 `json:"ci_low"`
	CIHigh  float64 `json:"ci_high"`
}

type gainJSON struct {
	GainPct float64  `json:"gain_pct"`
	CILow   *float64 `json:"ci_low"`
	CIHigh  *float64 `json:"ci_high"`
}

// MarshalJSON writes infinite bounds as null.
func (g Gain) MarshalJSON() ([]byte, error) {
	return json.Marshal(gainJSON{g.GainPct, finite(g.CILow), finite(g.CIHigh)})
}

// UnmarshalJSON reads null bounds as infinite.
func (g *Gain) UnmarshalJSON(data []byte) error {
	var j gainJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*g = Gain{GainPct: j.GainPct, CILow: math.Inf(-1), CIHigh: math.Inf(1)}
	if j.CILow != nil {
		g.CILow = *j.CILow
	}
	if j.CIHigh != nil {
		g.CIHigh = *j.CIHigh
	}
	return nil
}

// HasCI reports whether both bounds of the interval are finite.
func (g Gain) HasCI() bool { return !math.IsInf(g.CILow, 0) && !math.IsInf(g.CIHigh, 0) }

func finite(x float64) *float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return nil
	}
	return &x
}

// AblationMethod describes the statistics of an Ablation.
const AblationMethod = "gain = 100 x (1 - median of the per-batch ratios after/before), batches paired by position " +
	"(every target runs batch b on the same requests, in the same round); 95% interval of that median from order " +
	"statistics (golang.org/x/perf/benchmath); interaction = total - sum of the alone gains, its interval from " +
	"2000 bootstrap resamples of the rounds"

// bootstrapResamples is the number of resamples of the interaction's
// interval; bootstrapSeed makes it reproducible.
const (
	bootstrapResamples = 2000
	bootstrapSeed      = 20251127
)

// An ablationPlan names the targets of an ablation: baseline, the variant,
// and per change baseline+C and VARIANT-C. A change set that occurs twice
// (a one-change variant: baseline+C is the variant) is run once.
type ablationPlan struct {
	variant *completion.Variant
	changes []completion.Change
	alone   []string // per change: the target of baseline+C
	without []string // per change: the target of VARIANT-C
	targets []string // every target once, in run order
}

// baselineName is the reference of every ablation.
const baselineName = "baseline"

func planAblation(name string) (*ablationPlan, error) {
	v, err := completion.LookupVariant(name)
	if err != nil {
		return nil, err
	}
	if name == baselineName {
		return nil, fmt.Errorf("baseline has no changes to take apart (want a variant such as summary or optimized)")
	}
	if v.Changes == 0 {
		return nil, fmt.Errorf("variant %s has no changes to take apart", name)
	}
	p := &ablationPlan{variant: v, changes: v.Changes.Changes(), targets: []string{baselineName, v.Name}}
	bySet := map[completion.ChangeSet]string{0: baselineName, v.Changes: v.Name}
	target := func(set completion.ChangeSet, name string) string {
		if n, ok := bySet[set]; ok {
			return n
		}
		// A composition of a composition can name a change twice
		// ("a+b-b"); the canonical form from baseline never does.
		if w, err := completion.LookupVariant(name); err != nil || w.Changes != set {
			name = baselineName + "+" + strings.Join(set.Names(), "+")
		}
		bySet[set] = name
		p.targets = append(p.targets, name)
		return name
	}
	for _, c := range p.changes {
		p.alone = append(p.alone, target(completion.ChangesOf(c), baselineName+"+"+c.String()))
	}
	for _, c := range p.changes {
		p.without = append(p.without, target(v.Changes.Without(c), v.Name+"-"+c.String()))
	}
	return p, nil
}

// AblationTargets returns the targets bench --ablate VARIANT runs, in run
// order: baseline, VARIANT, baseline+C for each change C of VARIANT, then
// VARIANT-C for each.
func AblationTargets(variant string) ([]string, error) {
	p, err := planAblation(variant)
	if err != nil {
		return nil, err
	}
	return p.targets, nil
}

// pairedRatios returns after[i]/before[i] over the batches both have.
func pairedRatios(before, after []float64) []float64 {
	n := min(len(before), len(after))
	out := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		if before[i] > 0 {
			out = append(out, after[i]/before[i])
		}
	}
	return out
}

// pairedGain is the percent reduction from before to after: 100 x (1 -
// the median per-batch ratio), with the median's 95% interval.
func pairedGain(before, after []float64) Gain {
	r := pairedRatios(before, after)
	if len(r) == 0 {
		return Gain{GainPct: math.NaN(), CILow: math.Inf(-1), CIHigh: math.Inf(1)}
	}
	s := Summarize(r)
	return Gain{GainPct: 100 * (1 - s.Median), CILow: 100 * (1 - s.CIHigh), CIHigh: 100 * (1 - s.CILow)}
}

// newAblation computes the ablation of a run planned by planAblation.
func newAblation(res *Result, p *ablationPlan) (*Ablation, error) {
	find := func(name string) (*Variant, error) {
		if v := res.Find(name); v != nil && len(v.Samples) > 0 {
			return v, nil
		}
		return nil, fmt.Errorf("ablation of %s: target %s has no finished batch", p.variant.Name, name)
	}
	base, err := find(baselineName)
	if err != nil {
		return nil, err
	}
	whole, err := find(p.variant.Name)
	if err != nil {
		return nil, err
	}
	a := &Ablation{Variant: p.variant.Name, Baseline: baselineName, Total: pairedGain(base.Samples, whole.Samples),
		Method: AblationMethod, Changes: []ChangeGain{}, GCUntimed: res.Config.GCUntimed}
	for _, v := range res.Variants {
		a.GCCyclesTimed += v.GCCycles
	}
	if p.variant.Changes == completion.SummaryChanges {
		a.Claimed = SummaryClaimedTotal
	}
	series := [][]float64{base.Samples, whole.Samples}
	sum := 0.0
	for i, c := range p.changes {
		al, err := find(p.alone[i])
		if err != nil {
			return nil, err
		}
		wo, err := find(p.without[i])
		if err != nil {
			return nil, err
		}
		in := c.Info()
		g := ChangeGain{Name: in.Name, Source: in.Source, Doc: in.Doc, Task: in.Task, Claimed: in.Claimed,
			Alone: pairedGain(base.Samples, al.Samples), Marginal: pairedGain(wo.Samples, whole.Samples),
			AllocsSaved: base.AllocsPerOp - al.AllocsPerOp, AllocsSavedMarginal: wo.AllocsPerOp - whole.AllocsPerOp,
			AloneTarget: al.Name, WithoutTarget: wo.Name}
		a.Changes = append(a.Changes, g)
		sum += g.Alone.GainPct
		series = append(series, al.Samples)
	}
	lo, hi := bootstrapInteraction(series)
	a.Interaction = Gain{GainPct: a.Total.GainPct - sum, CILow: lo, CIHigh: hi}
	return a, nil
}

// SummaryClaimedTotal is the optimization summary's "Total Expected
// Improvement".
const SummaryClaimedTotal = "17-20%"

// bootstrapInteraction returns the 95% percentile-bootstrap interval of
// total - sum(alone) over resampled rounds: series[0] is baseline,
// series[1] the variant, the rest the changes alone.
func bootstrapInteraction(series [][]float64) (lo, hi float64) {
	n := len(series[0])
	for _, s := range series {
		n = min(n, len(s))
	}
	if n < 2 {
		return math.Inf(-1), math.Inf(1)
	}
	rng := rand.New(rand.NewPCG(bootstrapSeed, uint64(n)))
	idx := make([]int, n)
	buf := make([]float64, n)
	medianRatio := func(after []float64) float64 {
		base := series[0]
		for i, j := range idx {
			buf[i] = after[j] / base[j]
		}
		slices.Sort(buf)
		if n%2 == 1 {
			return buf[n/2]
		}
		return (buf[n/2-1] + buf[n/2]) / 2
	}
	est := make([]float64, bootstrapResamples)
	for b := range est {
		for i := range idx {
			idx[i] = rng.IntN(n)
		}
		x := 100 * (1 - medianRatio(series[1]))
		for _, s := range series[2:] {
			x -= 100 * (1 - medianRatio(s))
		}
		est[b] = x
	}
	slices.Sort(est)
	q := func(p float64) float64 { return est[min(len(est)-1, int(p*float64(len(est))))] }
	return q((1 - Confidence) / 2), q(1 - (1-Confidence)/2)
}

// AblationConfig returns the configuration of `llmbench bench --ablate`
// without flags, chosen so that the interaction (the total minus the sum
// of 5 or 6 alone gains, each with its own noise) is known to a few
// percentage points in about 10 s on a 2-core machine:
//
//   - The collector is left out of the times (GCUntimed). With it in, a
//     cycle lands on a random ~1 batch in 10 and doubles it; that was the
//     largest noise by far: the interaction's interval was +-15 pp and
//     single runs read anywhere from -6 to +4 pp, against +-6 pp and
//     -2 to +0.4 pp without it (optimized, same settings, 3 runs each).
//     What each change saves in allocations is shown beside its gain.
//   - 500 requests a batch (20000 in 40). With 125 (5000 in 40) every
//     change alone read low (the batch's fixed cost and the cold start
//     after another target weigh more in a short batch), and optimized's
//     interaction read +5 to +9 pp in run after run: changes that add up
//     exactly (in instructions and in long batches) looked super-additive.
//   - 200 paired rounds (count 5), one goroutine per batch: with two, a
//     batch lasts as long as the slower worker, and on a shared machine
//     that is whichever one a neighbour held up, which made the alone
//     gains swing by +-10 pp.
func AblationConfig() Config {
	c := DefaultConfig()
	c.Requests = ablationRequests
	c.Batches = ablationBatches
	c.Count = ablationCount
	c.Warmup = ablationWarmup
	c.Concurrency = ablationConcurrency
	c.GCUntimed = true
	return c
}

var (
	ablationRequests    = 20000
	ablationBatches     = 40
	ablationCount       = 5
	ablationWarmup      = 2000
	ablationConcurrency = 1
)
