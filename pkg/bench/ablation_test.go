package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/llmbench/llmbench/internal/golden"
	"github.com/llmbench/llmbench/pkg/completion"
	"golang.org/x/perf/benchfmt"
)

// costPipeline takes cost ns per request, scaled by a drift that changes
// from round to round alike for every target (a machine that speeds up and
// slows down): paired ratios cancel it.
type costPipeline struct {
	cost  float64
	batch int
	calls int
	clock *fakeClock
}

func (p *costPipeline) CompleteInto(context.Context, *completion.Request, *completion.Result) error {
	round := p.calls / p.batch
	p.calls++
	p.clock.t += int64(p.cost * (1 + 0.3*float64(round%3)))
	return nil
}

// ablationRun runs an ablation of variant with fake targets whose cost per
// request is cost(their change set).
func ablationRun(t *testing.T, variant string, cost func(completion.ChangeSet) float64) *Result {
	t.Helper()
	targets, err := AblationTargets(variant)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{}
	cfg := Config{Workload: "fake", Requests: 60, Batches: 6, Concurrency: 1, Count: 2, Seed: 1, Variants: targets,
		Ablate: variant, RPS: 1000}
	opts := Options{Config: cfg, Requests: fakeRequests(cfg.Requests), Workload: WorkloadInfo{Name: "fake", Templates: 10},
		Env: fixedEnv(), Clock: clock.now, CPUTime: clock.cpu, Now: clock.wall}
	for _, name := range targets {
		v, err := completion.LookupVariant(name)
		if err != nil {
			t.Fatal(err)
		}
		opts.Targets = append(opts.Targets, Target{Name: name, Changes: v.Changes.Names(),
			Pipeline: &costPipeline{cost: cost(v.Changes), batch: cfg.Requests / cfg.Batches, clock: clock}})
	}
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ablation == nil {
		t.Fatalf("no ablation; warnings %q", res.Warnings)
	}
	return res
}

// savings are what each change takes off a 1000 ns request in the fake
// model; preprocess-loop makes it slower.
var savings = map[completion.Change]float64{
	completion.ChangeProvidersSet: 60, completion.ChangeSupportedFromConfig: 30, completion.ChangeAnthropicTextOnce: 0,
	completion.ChangeReuseConfig: 10, completion.ChangePreprocessLoop: -150, completion.ChangePreprocessSlots: 400,
	completion.ChangeIndexedConfig: 5, completion.ChangeSharedConfigs: 20, completion.ChangeValidateOnce: 90,
}

func additive(set completion.ChangeSet) float64 {
	c := 1000.0
	for _, ch := range set.Changes() {
		c -= savings[ch]
	}
	return c
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestAblationOfAdditiveChanges(t *testing.T) {
	for _, variant := range []string{"summary", "optimized"} {
		res := ablationRun(t, variant, additive)
		a := res.Ablation
		v, _ := completion.LookupVariant(variant)
		whole := additive(v.Changes)
		if want := 100 * (1 - whole/1000); a.Variant != variant || a.Baseline != "baseline" || !near(a.Total.GainPct, want) {
			t.Errorf("%s: total %+v, want %.3f%%", variant, a, want)
		}
		if len(a.Changes) != v.Changes.Len() {
			t.Fatalf("%s: %d changes, want %d", variant, len(a.Changes), v.Changes.Len())
		}
		for i, c := range v.Changes.Changes() {
			g := a.Changes[i]
			alone := 100 * savings[c] / 1000
			marginal := 100 * (1 - whole/(whole+savings[c]))
			if g.Name != c.String() || g.Source != c.Info().Source || g.Task != c.Info().Task || g.Claimed != c.Info().Claimed ||
				g.AloneTarget != "baseline+"+c.String() || g.WithoutTarget != variant+"-"+c.String() {
				t.Errorf("%s: change %d = %+v, want %s", variant, i, g, c)
			}
			if !near(g.Alone.GainPct, alone) || !near(g.Marginal.GainPct, marginal) {
				t.Errorf("%s: %s alone %v marginal %v, want %.3f and %.3f", variant, c, g.Alone, g.Marginal, alone, marginal)
			}
			for _, x := range []Gain{g.Alone, g.Marginal} {
				if !x.HasCI() || x.CILow > x.GainPct+1e-9 || x.CIHigh < x.GainPct-1e-9 {
					t.Errorf("%s: %s interval %v does not hold its estimate", variant, c, x)
				}
			}
		}
		if !near(a.Interaction.GainPct, 0) || !a.Interaction.HasCI() || math.Abs(a.Interaction.CILow) > 1e-9 || math.Abs(a.Interaction.CIHigh) > 1e-9 {
			t.Errorf("%s: interaction %v, want 0 (the fake changes are additive and the drift is paired away)", variant, a.Interaction)
		}
		if (variant == "summary") != (a.Claimed == SummaryClaimedTotal) {
			t.Errorf("%s: claimed %q", variant, a.Claimed)
		}
		if got := strings.Join(res.Find(variant).Changes, ","); got != strings.Join(v.Changes.Names(), ",") {
			t.Errorf("%s lists changes %q", variant, got)
		}
	}
}

func TestAblationShowsInteraction(t *testing.T) {
	// validate-once and shared-configs both remove the same 15 ns.
	overlap := func(set completion.ChangeSet) float64 {
		c := additive(set)
		if set.Has(completion.ChangeValidateOnce) && set.Has(completion.ChangeSharedConfigs) {
			c += 15
		}
		return c
	}
	a := ablationRun(t, "optimized", overlap).Ablation
	if !near(a.Interaction.GainPct, -1.5) {
		t.Errorf("interaction %v, want -1.5 pp", a.Interaction)
	}
	sum := 0.0
	for _, c := range a.Changes {
		sum += c.Alone.GainPct
	}
	if !near(a.Total.GainPct-sum, a.Interaction.GainPct) || !near(a.Attribution(), sum/a.Total.GainPct) {
		t.Errorf("interaction %v is not total %v minus the sum %v", a.Interaction, a.Total, sum)
	}
}

func TestAblationTargets(t *testing.T) {
	got, err := AblationTargets("summary")
	want := "baseline summary baseline+providers-set baseline+supported-from-config baseline+anthropic-text-once " +
		"baseline+reuse-config baseline+preprocess-loop summary-providers-set summary-supported-from-config " +
		"summary-anthropic-text-once summary-reuse-config summary-preprocess-loop"
	if err != nil || strings.Join(got, " ") != want {
		t.Errorf("AblationTargets(summary) = %q, %v\nwant %s", got, err, want)
	}
	// A one-change variant is its own baseline+C, and without it baseline.
	if got, err := AblationTargets("baseline+providers-set"); err != nil || strings.Join(got, " ") != "baseline baseline+providers-set" {
		t.Errorf("AblationTargets(baseline+providers-set) = %q, %v", got, err)
	}
	// Removing a change the name added cannot be written as NAME-C.
	got, err = AblationTargets("summary-preprocess-loop+preprocess-slots")
	if err != nil || !strings.Contains(strings.Join(got, " "), " baseline+providers-set+supported-from-config+anthropic-text-once+reuse-config") {
		t.Errorf("AblationTargets(summary-preprocess-loop+preprocess-slots) = %q, %v", got, err)
	}
	for _, v := range got {
		if _, err := completion.LookupVariant(v); err != nil {
			t.Errorf("target %s: %v", v, err)
		}
	}
	for name, msg := range map[string]string{
		"baseline": "baseline has no changes to take apart",
		"nosuch":   `unknown variant "nosuch"`,
	} {
		if _, err := AblationTargets(name); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("AblationTargets(%s) = %v, want %q", name, err, msg)
		}
	}
}

func TestAblationJSONRoundTrip(t *testing.T) {
	res := ablationRun(t, "summary", additive)
	res.Ablation.Changes[0].Marginal.CIHigh = math.Inf(1)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, res); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"ablation": {`, `"variant": "summary"`, `"total": {`, `"gain_pct":`, `"ci_low":`, `"ci_high": null`,
		`"changes": [`, `"alone": {`, `"marginal": {`, `"allocs_saved":`, `"interaction": {`, `"source": "summary task 2.1"`,
		`"changes": []`, `"ablate": "summary"`, `"schema": "llmbench.bench/v2"`} {
		if !strings.Contains(buf.String(), field) {
			t.Errorf("JSON lacks %s", field)
		}
	}
	back, err := ParseResult("a.json", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if back.Ablation == nil || len(back.Ablation.Changes) != 5 || !math.IsInf(back.Ablation.Changes[0].Marginal.CIHigh, 1) ||
		back.Ablation.Total != res.Ablation.Total {
		t.Errorf("round trip: %+v", back.Ablation)
	}
	// A v1 file (no changes, no ablation) still reads.
	v1 := strings.Replace(buf.String(), `"llmbench.bench/v2"`, `"llmbench.bench/v1"`, 1)
	if _, err := ParseResult("v1.json", []byte(v1)); err != nil {
		t.Errorf("v1 file: %v", err)
	}
}

func TestAblationRender(t *testing.T) {
	res := ablationRun(t, "summary", additive)
	for i := range res.Variants {
		v := &res.Variants[i]
		v.AllocsPerOp, v.BytesPerOp = 10, 1000
		// Allocation counts come from the real runtime, where a batch of
		// the fake pipeline now and then counts an allocation of the
		// runtime's own: pin the per-batch ones gobench prints to the
		// fake's none.
		for j := range v.SamplesAllocs {
			v.SamplesAllocs[j], v.SamplesBytes[j] = 0, 0
		}
	}
	for _, format := range []string{"table", "markdown", "csv", "gobench"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, res, format); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, buf.Bytes())
		})
	}
	var buf bytes.Buffer
	if err := Render(&buf, res, "gobench"); err != nil {
		t.Fatal(err)
	}
	r := benchfmt.NewReader(&buf, "bench.txt")
	lines := 0
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Fatalf("benchfmt: %v", rec)
		case *benchfmt.Result:
			if strings.HasPrefix(string(rec.Name), "Ablation/") {
				lines++
				unit := "alone-gain-%"
				switch {
				case strings.Contains(string(rec.Name), "change=total"):
					unit = "gain-%"
				case strings.Contains(string(rec.Name), "change=interaction"):
					unit = "interaction-pp"
				}
				if _, ok := rec.Value(unit); !ok {
					t.Errorf("%s has no %s: %v", rec.Name, unit, rec.Values)
				}
			}
		}
	}
	if lines != 7 {
		t.Errorf("%d ablation lines, want 7 (5 changes, total, interaction)", lines)
	}
}

func TestGainJSONNull(t *testing.T) {
	b, err := json.Marshal(Gain{GainPct: 1, CILow: math.Inf(-1), CIHigh: 2})
	if err != nil || string(b) != `{"gain_pct":1,"ci_low":null,"ci_high":2}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
}

// An ablation's times leave the collector out; compared with a plain run's
// they are named a different configuration, not a speed-up.
func TestConfigDiffNamesGCUntimed(t *testing.T) {
	plain, abl := DefaultConfig(), DefaultConfig()
	abl.GCUntimed = true
	if got := ConfigDiff(plain, abl); len(got) != 1 || got[0] != "gc_untimed false vs true" {
		t.Errorf("ConfigDiff = %q, want [gc_untimed false vs true]", got)
	}
	if !AblationConfig().GCUntimed {
		t.Error("AblationConfig does not leave the collector out of the times")
	}
}
