package profile

import (
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/google/pprof/profile"
	"github.com/llmbench/llmbench/pkg/completion"
)

// A Stage names a pipeline component and the functions that implement it.
type Stage struct {
	Name string
	// Parent is the stage this one runs inside ("" for top-level stages).
	Parent string
	// Symbol matches the fully qualified names of the stage's functions; nil
	// matches none.
	Symbol *regexp.Regexp
	// Lines, when not nil, also matches single source lines: a frame counts
	// for the stage when Lines reports true for its function and line. It is
	// for stages that are a few statements inside a bigger function (LiteLLM's
	// provider-list comprehensions in completion() and get_optional_params()).
	Lines func(fn *profile.Function, line int64) bool
}

// Stages returns the pipeline's stages (completion.Stages) in order.
func Stages() []Stage {
	out := make([]Stage, len(completion.Stages))
	for i, s := range completion.Stages {
		out[i] = Stage{Name: s.Name, Parent: s.Parent, Symbol: s.Symbol}
	}
	return out
}

// PipelineEntry matches the function every pipeline request runs under:
// shares are of the CPU time spent below it.
var PipelineEntry = regexp.MustCompile(`^github\.com/llmbench/llmbench/pkg/completion\.\(\*Pipeline\)\.complete$`)

// An Attribution says how the samples of a profile map to pipeline stages:
// which stages, under which entry function, with which hot spots. Profiles
// of other implementations of the pipeline (real LiteLLM) carry their own;
// nil fields take the Go pipeline's (Stages, PipelineEntry,
// completion.HotSpots).
type Attribution struct {
	// EntryName names the entry function in notes, e.g.
	// "completion.(*Pipeline).complete".
	EntryName string
	Stages    []Stage
	Entry     *regexp.Regexp
	HotSpots  []string
}

// Names of the two synthetic components of a Breakdown.
const (
	// SelfOther is the pipeline time in no stage: the entry function's own
	// code and what it calls outside the stages.
	SelfOther = "self/other"
	// Total is the union of the hot spots: samples in any of them, each
	// counted once.
	Total = "total"
)

// ErrNoPipelineSamples is returned when a profile has no sample under the
// pipeline's entry function.
var ErrNoPipelineSamples = errors.New("profile has no samples under the pipeline entry function")

// AttributeOptions configure Attribute. Zero fields take the pipeline's
// stages, entry and hot spots and the profile's sample count.
type AttributeOptions struct {
	Stages []Stage
	// Entry matches the pipeline's entry function; nil means PipelineEntry.
	Entry *regexp.Regexp
	// HotSpots name the stages whose union is reported as Total; nil means
	// completion.HotSpots.
	HotSpots []string
	// SampleType selects the value summed ("samples", "cpu", "alloc_space",
	// "alloc_objects", ...); "" means the first sample type (the sample
	// count of a CPU profile).
	SampleType string
	// Lines is how many of the hottest source lines to keep per stage; 0
	// keeps none.
	Lines int
}

// A Breakdown is a profile's samples attributed to the pipeline's stages.
type Breakdown struct {
	// SampleType is the value that was summed.
	SampleType string
	// Samples is the sum over the whole profile; Pipeline the sum over the
	// samples with the entry function on their stack, the denominator of
	// every share.
	Samples, Pipeline int64
	// Components are the stages in order, then SelfOther and Total.
	Components []Component
}

// A Component is one row of a Breakdown.
type Component struct {
	Name   string
	Parent string
	// Value is the summed sample value (sample count for CPU profiles).
	Value int64
	// Share is Value / Breakdown.Pipeline, in percent; Low and High bound
	// its 95% sampling interval (Wilson score interval, in percent), and
	// CI is half the interval's width in percentage points.
	Share, Low, High, CI float64
	// Lines are the stage's hottest source lines, hottest first.
	Lines []LineStat
}

// A LineStat is one source line of a stage's functions, like a row of
// kernprof -l -v: the samples taken while the line was executing (its
// callees included).
type LineStat struct {
	Function string `json:"function"`
	File     string `json:"file"`
	Line     int64  `json:"line"`
	Value    int64  `json:"samples"`
	// OfStage and OfPipeline are Value as percentages of the stage and of
	// the pipeline.
	OfStage    float64 `json:"of_stage"`
	OfPipeline float64 `json:"of_pipeline"`
	// Source is the line's text when the file is readable, else "".
	Source string `json:"source"`
}

// Component returns the named component, or nil.
func (b *Breakdown) Component(name string) *Component {
	for i := range b.Components {
		if b.Components[i].Name == name {
			return &b.Components[i]
		}
	}
	return nil
}

// Attribute attributes the samples of p to the stages. A sample counts for
// a stage when any frame of its stack, inlined frames included, is one of the
// stage's functions (cumulative attribution, so nested stages also count for
// their parents); only samples with the entry function on their stack count.
func Attribute(p *profile.Profile, opts AttributeOptions) (*Breakdown, error) {
	if opts.Stages == nil {
		opts.Stages = Stages()
	}
	if len(opts.Stages) > 62 {
		return nil, fmt.Errorf("too many stages: %d (at most 62)", len(opts.Stages))
	}
	if opts.Entry == nil {
		opts.Entry = PipelineEntry
	}
	if opts.HotSpots == nil {
		opts.HotSpots = completion.HotSpots
	}
	idx := 0
	if opts.SampleType != "" {
		var err error
		if idx, err = p.SampleIndexByName(opts.SampleType); err != nil {
			return nil, fmt.Errorf("selecting %s samples: %w", opts.SampleType, err)
		}
	}
	if idx >= len(p.SampleType) {
		return nil, errors.New("profile has no sample types")
	}
	const entryBit = uint64(1) << 63
	var hotMask uint64
	for _, h := range opts.HotSpots {
		i := stageIndex(opts.Stages, h)
		if i < 0 {
			return nil, fmt.Errorf("hot spot %q is not a stage", h)
		}
		hotMask |= 1 << i
	}
	fnMask := map[*profile.Function]uint64{}
	maskOf := func(f *profile.Function) uint64 {
		if f == nil {
			return 0
		}
		m, ok := fnMask[f]
		if !ok {
			if opts.Entry.MatchString(f.Name) {
				m |= entryBit
			}
			for i, s := range opts.Stages {
				if s.Symbol != nil && s.Symbol.MatchString(f.Name) {
					m |= 1 << i
				}
			}
			fnMask[f] = m
		}
		return m
	}
	var lineStages []int
	for i, s := range opts.Stages {
		if s.Lines != nil {
			lineStages = append(lineStages, i)
		}
	}
	type fnLine struct {
		fn   *profile.Function
		line int64
	}
	lineMask := map[fnLine]uint64{}
	frameMask := func(ln profile.Line) uint64 {
		m := maskOf(ln.Function)
		if len(lineStages) == 0 || ln.Function == nil {
			return m
		}
		k := fnLine{ln.Function, ln.Line}
		lm, ok := lineMask[k]
		if !ok {
			for _, i := range lineStages {
				if opts.Stages[i].Lines(ln.Function, ln.Line) {
					lm |= 1 << i
				}
			}
			lineMask[k] = lm
		}
		return m | lm
	}

	b := &Breakdown{SampleType: p.SampleType[idx].Type}
	values := make([]int64, len(opts.Stages))
	var other, total int64
	type lineKey struct {
		stage int
		fn    *profile.Function
		line  int64
	}
	lines := map[lineKey]int64{}
	for _, s := range p.Sample {
		v := s.Value[idx]
		b.Samples += v
		var m uint64
		for _, loc := range s.Location {
			for _, ln := range loc.Line {
				m |= frameMask(ln)
			}
		}
		if m&entryBit == 0 {
			continue
		}
		b.Pipeline += v
		stages := m &^ entryBit
		if stages == 0 {
			other += v
		}
		if stages&hotMask != 0 {
			total += v
		}
		for i := range opts.Stages {
			if stages&(1<<i) == 0 {
				continue
			}
			values[i] += v
			if opts.Lines > 0 {
				if fn, line := innermost(s, frameMask, uint64(1)<<i); fn != nil {
					lines[lineKey{i, fn, line}] += v
				}
			}
		}
	}
	if b.Pipeline == 0 {
		return b, ErrNoPipelineSamples
	}
	for i, s := range opts.Stages {
		b.Components = append(b.Components, newComponent(s.Name, s.Parent, values[i], b.Pipeline))
	}
	b.Components = append(b.Components, newComponent(SelfOther, "", other, b.Pipeline),
		newComponent(Total, "", total, b.Pipeline))

	if opts.Lines > 0 {
		src := sourceCache{}
		for k, v := range lines {
			c := &b.Components[k.stage]
			c.Lines = append(c.Lines, LineStat{Function: k.fn.Name, File: k.fn.Filename, Line: k.line, Value: v,
				OfStage: pct(v, c.Value), OfPipeline: pct(v, b.Pipeline)})
		}
		for i := range opts.Stages {
			c := &b.Components[i]
			sort.Slice(c.Lines, func(x, y int) bool {
				a, b := c.Lines[x], c.Lines[y]
				if a.Value != b.Value {
					return a.Value > b.Value
				}
				if a.File != b.File {
					return a.File < b.File
				}
				return a.Line < b.Line
			})
			if len(c.Lines) > opts.Lines {
				c.Lines = c.Lines[:opts.Lines]
			}
			for j := range c.Lines {
				c.Lines[j].Source = src.line(c.Lines[j].File, c.Lines[j].Line)
			}
		}
	}
	return b, nil
}

// innermost returns the function and line of the leaf-most frame of s whose
// function has a bit of want in its mask.
func innermost(s *profile.Sample, maskOf func(profile.Line) uint64, want uint64) (*profile.Function, int64) {
	for _, loc := range s.Location { // Location[0] is the leaf
		for _, ln := range loc.Line { // Line[0] is the innermost inlined frame
			if maskOf(ln)&want != 0 {
				return ln.Function, ln.Line
			}
		}
	}
	return nil, 0
}

func stageIndex(stages []Stage, name string) int {
	for i, s := range stages {
		if s.Name == name {
			return i
		}
	}
	return -1
}

func newComponent(name, parent string, k, n int64) Component {
	lo, hi := wilson(k, n)
	return Component{Name: name, Parent: parent, Value: k, Share: pct(k, n), Low: 100 * lo, High: 100 * hi,
		CI: 100 * (hi - lo) / 2}
}

func pct(k, n int64) float64 {
	if n == 0 {
		return 0
	}
	return 100 * float64(k) / float64(n)
}

// z95 is the two-sided 95% quantile of the standard normal distribution.
const z95 = 1.959963984540054

// wilson returns the 95% Wilson score interval of the proportion k/n: the
// binomial normal approximation, which stays inside [0, 1] and does not
// collapse to zero width when k is 0 or n.
func wilson(k, n int64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	p, nf, z2 := float64(k)/float64(n), float64(n), z95*z95
	center := (p + z2/(2*nf)) / (1 + z2/nf)
	half := z95 / (1 + z2/nf) * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return math.Max(0, center-half), math.Min(1, center+half)
}

// sourceCache reads source files for LineStat.Source.
type sourceCache map[string][]string

func (c sourceCache) line(file string, n int64) string {
	lines, ok := c[file]
	if !ok {
		if data, err := os.ReadFile(file); err == nil {
			lines = strings.Split(string(data), "\n")
		}
		c[file] = lines
	}
	if n < 1 || int(n) > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[n-1])
}
