package bench_test

import (
	"context"
	"fmt"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/completion"
)

// fixed is a pipeline that "takes" ns nanoseconds on a fake clock.
type fixed struct {
	clock *int64
	ns    int64
}

func (f fixed) CompleteInto(context.Context, *completion.Request, *completion.Result) error {
	*f.clock += f.ns
	return nil
}

func ExampleRun() {
	var clock int64
	reqs := make([]*completion.Request, 600)
	for i := range reqs {
		reqs[i] = &completion.Request{Model: "openai/gpt-4o"}
	}
	cfg := bench.Config{Workload: "example", Requests: 600, Batches: 6, Concurrency: 1, Count: 1, RPS: 1000,
		Variants: []string{"before", "after"}}
	res, err := bench.Run(context.Background(), bench.Options{
		Config:   cfg,
		Requests: reqs,
		Targets: []bench.Target{
			{Name: "before", Pipeline: fixed{&clock, 1200}},
			{Name: "after", Pipeline: fixed{&clock, 1000}},
		},
		Env:     &bench.Env{},
		Clock:   func() int64 { return clock },
		CPUTime: func() (int64, bool) { return clock, true },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, p := res.Comparison, res.Projection
	fmt.Printf("%s %.0fns -> %s %.0fns: %s, %.2fx (p=%.4f)\n", c.Before, res.Variants[0].NsPerOp.Median,
		c.After, res.Variants[1].NsPerOp.Median, c.Delta(), c.Speedup, c.PValue)
	fmt.Printf("at %.0f req/s: %.4f -> %.4f CPU-s/s, %+.0f req/s on the same CPU\n",
		p.RPS, p.CPUSecPerSecBefore, p.CPUSecPerSecAfter, p.ExtraRPS)
	// Output:
	// before 1200ns -> after 1000ns: -16.67%, 1.20x (p=0.0022)
	// at 1000 req/s: 0.0012 -> 0.0010 CPU-s/s, +200 req/s on the same CPU
}

func ExamplePercentiles() {
	l := bench.Percentiles([]int64{900, 100, 500, 300, 700, 200, 800, 400, 1000, 600})
	fmt.Println(l.P50, l.P90, l.P99, l.Max)
	// Output: 500 900 1000 1000
}

func ExampleSummarize() {
	e := bench.Summarize([]float64{7, 3, 10, 1, 5, 9, 2, 8, 6, 4})
	fmt.Printf("median %v, 95%% CI [%v, %v]\n", e.Median, e.CILow, e.CIHigh)
	// Output: median 5.5, 95% CI [2, 9]
}
