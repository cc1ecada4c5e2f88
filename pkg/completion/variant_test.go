package completion

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

func TestChangeRegistry(t *testing.T) {
	stages := map[string]bool{}
	for _, s := range Stages {
		stages[s.Name] = true
	}
	source := regexp.MustCompile(`^(summary task [1-3](\.[1-3])?|this project|LiteLLM PR #[0-9]+)$`)
	seen := map[string]bool{}
	for _, c := range AllChanges() {
		in := c.Info()
		if !regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`).MatchString(in.Name) || seen[in.Name] {
			t.Errorf("change %d: name %q is not a unique lower-case hyphenated word", c, in.Name)
		}
		seen[in.Name] = true
		if !source.MatchString(in.Source) {
			t.Errorf("%s: source %q", in.Name, in.Source)
		}
		if in.Doc == "" || strings.Contains(in.Doc, "\n") {
			t.Errorf("%s: doc must be one line, got %q", in.Name, in.Doc)
		}
		if !stages[in.Stage] {
			t.Errorf("%s: stage %q is not a pipeline stage", in.Name, in.Stage)
		}
		if got, ok := ChangeByName(in.Name); !ok || got != c {
			t.Errorf("ChangeByName(%q) = %v, %v", in.Name, got, ok)
		}
		fromSummary := strings.HasPrefix(in.Source, "summary task ")
		if fromSummary != SummaryChanges.Has(c) || fromSummary != (in.Task != "" && in.Claimed != "") {
			t.Errorf("%s: source %q, task %q, claimed %q, in summary %v", in.Name, in.Source, in.Task, in.Claimed, SummaryChanges.Has(c))
		}
		for _, d := range in.Excludes.Changes() {
			if !d.Info().Excludes.Has(c) {
				t.Errorf("%s excludes %s but not the other way round", c, d)
			}
		}
	}
	if want := []string{"providers-set", "supported-from-config", "anthropic-text-once", "reuse-config", "preprocess-loop"}; strings.Join(SummaryChanges.Names(), ",") != strings.Join(want, ",") {
		t.Errorf("summary's changes = %v, want %v", SummaryChanges.Names(), want)
	}
	if Baseline.Changes != 0 || Summary.Changes != SummaryChanges || Optimized.Changes != OptimizedChanges {
		t.Errorf("built-in variants: baseline %v, summary %v, optimized %v", Baseline.Changes, Summary.Changes, Optimized.Changes)
	}
	if _, ok := ChangeByName("nosuch"); ok {
		t.Error("ChangeByName(nosuch) found a change")
	}
}

func TestLookupVariantComposes(t *testing.T) {
	for _, tt := range []struct {
		name string
		want ChangeSet
	}{
		{"baseline", 0},
		{"summary", SummaryChanges},
		{"optimized", OptimizedChanges},
		{"baseline+providers-set", ChangesOf(ChangeProvidersSet)},
		{"baseline+preprocess-slots+validate-once", ChangesOf(ChangePreprocessSlots, ChangeValidateOnce)},
		{"summary-providers-set+validate-once", SummaryChanges.Without(ChangeProvidersSet).With(ChangeValidateOnce)},
		{"summary-preprocess-loop", SummaryChanges.Without(ChangePreprocessLoop)},
		{"summary-preprocess-loop+preprocess-slots", SummaryChanges.Without(ChangePreprocessLoop).With(ChangePreprocessSlots)},
		{"optimized-preprocess-slots+preprocess-loop", OptimizedChanges.Without(ChangePreprocessSlots).With(ChangePreprocessLoop)},
		{"optimized-shared-configs+indexed-config", OptimizedChanges.Without(ChangeSharedConfigs).With(ChangeIndexedConfig)},
	} {
		v, err := LookupVariant(tt.name)
		if err != nil {
			t.Errorf("LookupVariant(%q): %v", tt.name, err)
			continue
		}
		if v.Name != tt.name || v.Changes != tt.want || v.Dispatch != DispatchMain || v.Doc == "" {
			t.Errorf("LookupVariant(%q) = %q %v %q, want changes %v", tt.name, v.Name, v.Changes, v.Doc, tt.want)
		}
	}
}

func TestLookupVariantErrors(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"nosuch", `unknown variant "nosuch" (known: baseline, optimized, summary; compose with +CHANGE or -CHANGE)`},
		{"basline+providers-set", `unknown variant "basline" in "basline+providers-set"`},
		{"summary-nosuch", `unknown change "nosuch" in variant "summary-nosuch" (changes: providers-set, `},
		{"baseline+nosuch-thing+providers-set", `unknown change "nosuch-thing" in variant`},
		{"baseline++providers-set", `malformed variant "baseline++providers-set": "+" followed by "+" names no change`},
		{"baseline+", `malformed variant "baseline+": "+" at the end names no change`},
		{"+providers-set", `malformed variant "+providers-set": want VARIANT(+CHANGE|-CHANGE)...`},
		{"baseline+providers-set+providers-set", `variant "baseline+providers-set+providers-set" lists change providers-set twice`},
		{"summary-providers-set+providers-set", `lists change providers-set twice`},
		{"summary+providers-set", `variant "summary+providers-set": summary already has providers-set`},
		{"baseline-providers-set", `variant "baseline-providers-set": baseline has no providers-set to remove`},
		{"summary+preprocess-slots", `variant "summary+preprocess-slots" has both preprocess-loop and preprocess-slots, alternatives for pre_process_non_default_params: remove one, e.g. summary-preprocess-loop+preprocess-slots`},
		{"summary+validate-once", `has both providers-set and validate-once, alternatives for provider_validation: remove one, e.g. summary-providers-set+validate-once`},
		{"optimized+providers-set", `has both validate-once and providers-set, alternatives for provider_validation: remove one, e.g. optimized-validate-once+providers-set`},
		{"baseline+providers-set+validate-once", `has both providers-set and validate-once, alternatives for provider_validation: remove one, e.g. baseline+validate-once`},
	} {
		_, err := LookupVariant(tt.name)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("LookupVariant(%q) error = %v, want one line containing %q", tt.name, err, tt.want)
		}
	}
	if _, err := ParseVariants("baseline,summary,baseline"); err == nil || err.Error() != `variant "baseline" listed twice` {
		t.Errorf("ParseVariants with a duplicate: %v", err)
	}
}

// FuzzLookupVariant: any name gives a variant or a one-line error; a
// variant's changes never hold two alternatives.
func FuzzLookupVariant(f *testing.F) {
	for _, s := range []string{"baseline", "summary-preprocess-loop+preprocess-slots", "baseline++x", "summary-nosuch", "optimized-", "-", "+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		v, err := LookupVariant(name)
		if err != nil {
			if v != nil || strings.Contains(err.Error(), "\n") {
				t.Fatalf("LookupVariant(%q) = %v, %q", name, v, err)
			}
			return
		}
		if v.Name != name {
			t.Fatalf("LookupVariant(%q) named %q", name, v.Name)
		}
		if a, b, bad := v.Changes.conflict(); bad {
			t.Fatalf("LookupVariant(%q) has alternatives %s and %s", name, a, b)
		}
	})
}

// TestAllocationsOnTheSeedRequest pins what each built-in variant and each
// change alone allocates for the summary's seed request (allocation counts
// are deterministic).
func TestAllocationsOnTheSeedRequest(t *testing.T) {
	want := map[string]float64{
		"baseline": 12, "summary": 10, "optimized": 8,
		"baseline+providers-set": 12, "baseline+supported-from-config": 11, "baseline+anthropic-text-once": 12,
		"baseline+reuse-config": 11, "baseline+preprocess-loop": 12, "baseline+preprocess-slots": 12,
		"baseline+indexed-config": 12, "baseline+shared-configs": 11, "baseline+validate-once": 11,
	}
	req := seedRequest()
	for _, v := range stageVariants(t) {
		p := NewPipeline(v, Options{})
		var res Result
		got := testing.AllocsPerRun(200, func() {
			if err := p.CompleteInto(context.Background(), req, &res); err != nil {
				t.Fatal(err)
			}
		})
		if got != want[v.Name] {
			t.Errorf("%s allocates %v times per seed request, want %v", v.Name, got, want[v.Name])
		}
	}
}
