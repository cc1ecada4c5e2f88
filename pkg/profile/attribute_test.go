package profile

import (
	"errors"
	"math"
	"regexp"
	"testing"

	"github.com/google/pprof/profile"
)

// synth builds a synthetic profile: each sample is a stack of frames,
// leaf first; a frame "a+b" is one location with b inlined into a (a is
// the innermost function, as in profile.Location.Line).
type synth struct {
	p    *profile.Profile
	fns  map[string]*profile.Function
	locs map[string]*profile.Location
}

func newSynth(types ...string) *synth {
	s := &synth{p: &profile.Profile{Period: 1}, fns: map[string]*profile.Function{}, locs: map[string]*profile.Location{}}
	for _, t := range types {
		s.p.SampleType = append(s.p.SampleType, &profile.ValueType{Type: t, Unit: "count"})
	}
	s.p.PeriodType = s.p.SampleType[0]
	return s
}

func (s *synth) fn(name string) *profile.Function {
	f, ok := s.fns[name]
	if !ok {
		f = &profile.Function{ID: uint64(len(s.fns) + 1), Name: name, SystemName: name, Filename: name + ".go"}
		s.fns[name] = f
		s.p.Function = append(s.p.Function, f)
	}
	return f
}

// loc returns the location for frame, a "+"-separated list of inlined
// functions, innermost first; each line number is 10 × its position + 1.
func (s *synth) loc(frame string) *profile.Location {
	l, ok := s.locs[frame]
	if !ok {
		l = &profile.Location{ID: uint64(len(s.locs) + 1)}
		for i, name := range splitPlus(frame) {
			l.Line = append(l.Line, profile.Line{Function: s.fn(name), Line: int64(10*i + 1)})
		}
		s.locs[frame] = l
		s.p.Location = append(s.p.Location, l)
	}
	return l
}

func splitPlus(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '+' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// add adds a sample with the given values and stack (leaf first).
func (s *synth) add(values []int64, stack ...string) *synth {
	smp := &profile.Sample{Value: values}
	for _, f := range stack {
		smp.Location = append(smp.Location, s.loc(f))
	}
	s.p.Sample = append(s.p.Sample, smp)
	return s
}

func (s *synth) profile(t *testing.T) *profile.Profile {
	t.Helper()
	if err := s.p.CheckValid(); err != nil {
		t.Fatalf("synthetic profile is invalid: %v", err)
	}
	return s.p
}

var testStages = []Stage{
	{Name: "resolve", Symbol: regexp.MustCompile(`^pkg\.resolve$`)},
	{Name: "validate", Symbol: regexp.MustCompile(`^pkg\.validate(Slow|Fast)$`)},
	{Name: "params", Symbol: regexp.MustCompile(`^pkg\.params(\.|$)`)},
	{Name: "preprocess", Parent: "params", Symbol: regexp.MustCompile(`^pkg\.preprocess$`)},
}

var testEntry = regexp.MustCompile(`^pkg\.complete$`)

func testOptions() AttributeOptions {
	return AttributeOptions{Stages: testStages, Entry: testEntry, HotSpots: []string{"validate", "params", "preprocess"}}
}

// shares returns the components' shares by name.
func shares(b *Breakdown) map[string]float64 {
	out := map[string]float64{}
	for _, c := range b.Components {
		out[c.Name] = c.Share
	}
	return out
}

func TestAttribute(t *testing.T) {
	one := []int64{1}
	tests := []struct {
		name       string
		build      func() *synth
		wantTotal  int64
		wantPipe   int64
		wantShares map[string]float64
	}{
		{
			name: "flat stages",
			build: func() *synth {
				return newSynth("samples").
					add(one, "pkg.resolve", "pkg.complete", "main").
					add(one, "runtime.mallocgc", "pkg.resolve", "pkg.complete", "main").
					add(one, "pkg.validateSlow", "pkg.complete", "main").
					add(one, "pkg.complete", "main")
			},
			wantTotal: 4, wantPipe: 4,
			wantShares: map[string]float64{"resolve": 50, "validate": 25, "params": 0, "preprocess": 0,
				SelfOther: 25, Total: 25},
		},
		{
			name: "samples outside the entry do not count",
			build: func() *synth {
				return newSynth("samples").
					add(one, "pkg.resolve", "pkg.complete").
					add(one, "runtime.gcBgMarkWorker").
					add(one, "pkg.resolve", "pkg.other"). // a stage function called outside the pipeline
					add(one, "pkg.validateFast", "pkg.complete")
			},
			wantTotal: 4, wantPipe: 2,
			wantShares: map[string]float64{"resolve": 50, "validate": 50, SelfOther: 0, Total: 50},
		},
		{
			name: "nested stages count for the parent; the total is a union",
			build: func() *synth {
				return newSynth("samples").
					add(one, "pkg.preprocess", "pkg.params", "pkg.complete").
					add(one, "pkg.preprocess", "pkg.params", "pkg.complete").
					add(one, "pkg.validateSlow", "pkg.params", "pkg.complete").
					add(one, "pkg.params", "pkg.complete").
					add(one, "pkg.preprocess", "pkg.complete"). // the logging pass, outside params
					add(one, "pkg.validateSlow", "pkg.complete").
					add(one, "pkg.resolve", "pkg.complete").
					add(one, "pkg.complete")
			},
			wantTotal: 8, wantPipe: 8,
			wantShares: map[string]float64{"resolve": 12.5, "validate": 25, "params": 50, "preprocess": 37.5,
				SelfOther: 12.5, Total: 75},
		},
		{
			name: "inlined frames are matched, entry included",
			build: func() *synth {
				return newSynth("samples").
					add(one, "pkg.validateFast+pkg.params.func1+pkg.complete"). // all inlined into one location
					add(one, "runtime.memmove", "pkg.preprocess+pkg.params", "pkg.complete").
					add(one, "pkg.resolve+pkg.complete", "main")
			},
			wantTotal: 3, wantPipe: 3,
			wantShares: map[string]float64{"resolve": 100.0 / 3, "validate": 100.0 / 3, "params": 200.0 / 3,
				"preprocess": 100.0 / 3, SelfOther: 0, Total: 200.0 / 3},
		},
		{
			name: "sample values weight the shares",
			build: func() *synth {
				return newSynth("samples").
					add([]int64{3}, "pkg.resolve", "pkg.complete").
					add([]int64{1}, "pkg.complete")
			},
			wantTotal: 4, wantPipe: 4,
			wantShares: map[string]float64{"resolve": 75, SelfOther: 25, Total: 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Attribute(tt.build().profile(t), testOptions())
			if err != nil {
				t.Fatalf("Attribute: %v", err)
			}
			if b.Samples != tt.wantTotal || b.Pipeline != tt.wantPipe {
				t.Errorf("Samples, Pipeline = %d, %d, want %d, %d", b.Samples, b.Pipeline, tt.wantTotal, tt.wantPipe)
			}
			got := shares(b)
			for name, want := range tt.wantShares {
				if math.Abs(got[name]-want) > 1e-9 {
					t.Errorf("share of %s = %v, want %v", name, got[name], want)
				}
			}
			if len(b.Components) != len(testStages)+2 {
				t.Errorf("%d components, want %d", len(b.Components), len(testStages)+2)
			}
		})
	}
}

func TestAttributeSampleType(t *testing.T) {
	p := newSynth("alloc_objects", "alloc_space").
		add([]int64{1, 100}, "pkg.validateSlow", "pkg.complete").
		add([]int64{3, 300}, "pkg.resolve", "pkg.complete").
		add([]int64{4, 50}, "runtime.other").
		profile(t)
	opts := testOptions()
	opts.SampleType = "alloc_space"
	b, err := Attribute(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if b.Samples != 450 || b.Pipeline != 400 {
		t.Errorf("Samples, Pipeline = %d, %d, want 450, 400", b.Samples, b.Pipeline)
	}
	if got := b.Component("validate").Value; got != 100 {
		t.Errorf("validate bytes = %d, want 100", got)
	}
	opts.SampleType = "inuse_space"
	if _, err := Attribute(p, opts); err == nil {
		t.Error("Attribute with a missing sample type: no error")
	}
}

func TestAttributeNoPipeline(t *testing.T) {
	p := newSynth("samples").add([]int64{1}, "runtime.gcBgMarkWorker").profile(t)
	if _, err := Attribute(p, testOptions()); !errors.Is(err, ErrNoPipelineSamples) {
		t.Errorf("Attribute = %v, want ErrNoPipelineSamples", err)
	}
}

func TestAttributeLines(t *testing.T) {
	// Line numbers: a frame's first function is at line 1, the next inlined
	// one at 11, and so on.
	p := newSynth("samples").
		add([]int64{3}, "pkg.preprocess", "pkg.params", "pkg.complete").
		add([]int64{1}, "pkg.mapper", "pkg.params.func1+pkg.params", "pkg.complete").
		add([]int64{4}, "pkg.other", "pkg.complete").
		profile(t)
	opts := testOptions()
	opts.Lines = 5
	b, err := Attribute(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	got := b.Component("params").Lines
	want := []LineStat{
		{Function: "pkg.params", File: "pkg.params.go", Line: 1, Value: 3, OfStage: 75, OfPipeline: 37.5},
		{Function: "pkg.params.func1", File: "pkg.params.func1.go", Line: 1, Value: 1, OfStage: 25, OfPipeline: 12.5},
	}
	if len(got) != len(want) {
		t.Fatalf("params lines = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("params line %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if n := len(b.Component("resolve").Lines); n != 0 {
		t.Errorf("resolve has %d lines, want 0", n)
	}
}

func TestWilson(t *testing.T) {
	tests := []struct {
		k, n           int64
		wantLo, wantHi float64
	}{
		{50, 100, 0.4038, 0.5962},
		{0, 100, 0, 0.0370},
		{100, 100, 0.9630, 1},
		{10, 1000, 0.0054, 0.0183},
	}
	for _, tt := range tests {
		lo, hi := wilson(tt.k, tt.n)
		if math.Abs(lo-tt.wantLo) > 5e-5 || math.Abs(hi-tt.wantHi) > 5e-5 {
			t.Errorf("wilson(%d, %d) = [%.4f, %.4f], want [%.4f, %.4f]", tt.k, tt.n, lo, hi, tt.wantLo, tt.wantHi)
		}
	}
}
