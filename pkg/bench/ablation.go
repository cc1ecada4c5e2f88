package bench

import (
	"encoding/json"
	"math"
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
