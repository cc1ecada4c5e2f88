package profile_test

import (
	"fmt"
	"regexp"

	"github.com/google/pprof/profile"
	llprofile "github.com/llmbench/llmbench/pkg/profile"
)

// ExampleAttribute attributes a tiny hand-made CPU profile: three samples
// under the entry function, one of them in a stage, and one outside.
func ExampleAttribute() {
	fn := func(id uint64, name string) *profile.Function {
		return &profile.Function{ID: id, Name: name}
	}
	entry, stage, gc := fn(1, "app.handle"), fn(2, "app.validate"), fn(3, "runtime.gcBgMarkWorker")
	loc := func(id uint64, fns ...*profile.Function) *profile.Location {
		l := &profile.Location{ID: id}
		for _, f := range fns {
			l.Line = append(l.Line, profile.Line{Function: f})
		}
		return l
	}
	inlined := loc(1, stage, entry) // app.validate inlined into app.handle
	plain := loc(2, entry)
	bg := loc(3, gc)
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "samples", Unit: "count"}},
		Function:   []*profile.Function{entry, stage, gc},
		Location:   []*profile.Location{inlined, plain, bg},
		Sample: []*profile.Sample{
			{Location: []*profile.Location{inlined}, Value: []int64{1}},
			{Location: []*profile.Location{plain}, Value: []int64{2}},
			{Location: []*profile.Location{bg}, Value: []int64{5}},
		},
	}
	b, err := llprofile.Attribute(p, llprofile.AttributeOptions{
		Stages:   []llprofile.Stage{{Name: "validate", Symbol: regexp.MustCompile(`^app\.validate$`)}},
		Entry:    regexp.MustCompile(`^app\.handle$`),
		HotSpots: []string{"validate"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d samples, %d in the pipeline\n", b.Samples, b.Pipeline)
	for _, c := range b.Components {
		fmt.Printf("%-10s %5.1f%% [%.1f, %.1f]\n", c.Name, c.Share, c.Low, c.High)
	}
	// Output:
	// 8 samples, 3 in the pipeline
	// validate    33.3% [6.1, 79.2]
	// self/other  66.7% [20.8, 93.9]
	// total       33.3% [6.1, 79.2]
}

// ExampleValue_Range shows how claimed values read.
func ExampleValue_Range() {
	for _, v := range []llprofile.Value{"6.5%", "~10-12%", "<3%"} {
		lo, hi, _, _ := v.Range()
		fmt.Printf("%-8s %g-%g\n", v, lo, hi)
	}
	// Output:
	// 6.5%     6.5-6.5
	// ~10-12%  10-12
	// <3%      0-3
}
