package bench

import (
	"context"
	"math"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/llmbench/llmbench/pkg/completion"
)

type countingPipeline struct{ n atomic.Int64 }

func (c *countingPipeline) CompleteInto(context.Context, *completion.Request, *completion.Result) error {
	c.n.Add(1)
	return nil
}

var sink []byte

type allocPipeline struct{}

func (allocPipeline) CompleteInto(context.Context, *completion.Request, *completion.Result) error {
	sink = make([]byte, 64)
	return nil
}

func seq(lo, hi int64) []int64 {
	var out []int64
	for i := lo; i <= hi; i++ {
		out = append(out, i)
	}
	return out
}

func TestPercentile(t *testing.T) {
	tests := []struct {
		name string
		in   []int64
		p    float64
		want int64
	}{
		{"single", []int64{7}, 50, 7},
		{"p50 of 1..10", seq(1, 10), 50, 5},
		{"p90 of 1..10", seq(1, 10), 90, 9},
		{"p99 of 1..10", seq(1, 10), 99, 10},
		{"p100 of 1..10", seq(1, 10), 100, 10},
		{"p50 of 1..100", seq(1, 100), 50, 50},
		{"p90 of 1..100", seq(1, 100), 90, 90},
		{"p99 of 1..100", seq(1, 100), 99, 99},
		{"p99 of 1..1000", seq(1, 1000), 99, 990},
		{"p50 of 1..3", seq(1, 3), 50, 2},
		{"p1 of 1..3", seq(1, 3), 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.in, tt.p); got != tt.want {
				t.Errorf("Percentile(%v, %v) = %d, want %d", tt.in, tt.p, got, tt.want)
			}
		})
	}
}

func TestPercentilesUnsorted(t *testing.T) {
	in := []int64{900, 100, 500, 300, 700, 200, 800, 400, 1000, 600}
	got := Percentiles(in)
	want := Latency{P50: 500, P90: 900, P99: 1000, Max: 1000}
	if got != want {
		t.Errorf("Percentiles(...) = %+v, want %+v", got, want)
	}
	if got := Percentiles(nil); got != (Latency{}) {
		t.Errorf("Percentiles(nil) = %+v, want zero", got)
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name           string
		in             []float64
		median, lo, hi float64
		conf           float64 // minimum
	}{
		// n=10: P(Binom(10,.5) <= 1) = 11/1024, so [x(2), x(9)] covers the
		// median with 1 - 22/1024 = 97.9%; [x(3), x(8)] only with 89%.
		{"1..10 shuffled", []float64{7, 3, 10, 1, 5, 9, 2, 8, 6, 4}, 5.5, 2, 9, 0.978},
		// n=6: [x(1), x(6)] covers it with 1 - 2/64 = 96.9%.
		{"n=6", []float64{60, 10, 50, 20, 40, 30}, 35, 10, 60, 0.968},
		// n=5: the widest interval [x(1), x(5)] covers only 93.75%, so one
		// bound is open: no finite CI.
		{"n=5", []float64{1, 2, 3, 4, 5}, 3, math.Inf(-1), 5, 0},
		{"constant", []float64{4, 4, 4, 4, 4, 4, 4}, 4, 4, 4, 0.95},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.in)
			got := Summarize(in)
			if got.Median != tt.median || got.CILow != tt.lo || got.CIHigh != tt.hi || got.Confidence < tt.conf {
				t.Errorf("Summarize(%v) = %+v, want median %v CI [%v, %v] confidence >= %v", tt.in, got, tt.median, tt.lo, tt.hi, tt.conf)
			}
			if !slices.Equal(in, tt.in) {
				t.Errorf("Summarize modified its input: %v", in)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	before := &Variant{Name: "a", NsPerOp: Estimate{Median: 200}, Samples: []float64{200, 210, 190, 205, 195, 200}, AllocsPerOp: 15}
	tests := []struct {
		name    string
		after   []float64
		median  float64
		sig     bool
		delta   string
		speedup float64
	}{
		{"clearly faster", []float64{100, 105, 95, 100, 102, 98}, 100, true, "-50.00%", 2},
		{"same", []float64{201, 209, 191, 204, 196, 199}, 200, false, "~", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := &Variant{Name: "b", NsPerOp: Estimate{Median: tt.median}, Samples: tt.after, AllocsPerOp: 10}
			c := Compare(before, after)
			if c.Significant != tt.sig || c.Delta() != tt.delta || c.Speedup != tt.speedup || c.AllocsDelta != -5 {
				t.Errorf("Compare = %+v (delta %s), want significant=%v delta %s speedup %v allocs delta -5", c, c.Delta(), tt.sig, tt.delta, tt.speedup)
			}
			if c.N1 != 6 || c.N2 != 6 {
				t.Errorf("Compare n = %d+%d, want 6+6", c.N1, c.N2)
			}
		})
	}
}

func TestProject(t *testing.T) {
	before := &Variant{Name: "baseline", CPUNsPerOp: Estimate{Median: 1200}, NsPerOp: Estimate{Median: 600}, Latency: Latency{P50: 1000}}
	after := &Variant{Name: "optimized", CPUNsPerOp: Estimate{Median: 1000}, NsPerOp: Estimate{Median: 500}, Latency: Latency{P50: 800}}
	p := Project(1000, before, after)
	want := Projection{RPS: 1000, Before: "baseline", After: "optimized", Basis: "cpu",
		CPUSecPerSecBefore: 0.0012, CPUSecPerSecAfter: 0.001, CPUSavedPct: 100.0 / 6, ExtraRPS: 200, LatencyP50DeltaPct: -20}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if p.Basis != want.Basis || !near(p.CPUSecPerSecBefore, want.CPUSecPerSecBefore) || !near(p.CPUSecPerSecAfter, want.CPUSecPerSecAfter) ||
		!near(p.CPUSavedPct, want.CPUSavedPct) || !near(p.ExtraRPS, want.ExtraRPS) || !near(p.LatencyP50DeltaPct, want.LatencyP50DeltaPct) {
		t.Errorf("Project = %+v, want %+v", p, want)
	}
	// Without CPU times the projection falls back to wall time.
	before.CPUNsPerOp, after.CPUNsPerOp = Estimate{}, Estimate{}
	if p := Project(1000, before, after); p.Basis != "wall" || !near(p.ExtraRPS, 200) || !near(p.CPUSecPerSecBefore, 0.0006) {
		t.Errorf("Project without CPU = %+v, want wall basis, +200 rps", p)
	}
}

func TestCaptureEnv(t *testing.T) {
	e := CaptureEnv(context.Background(), time.Unix(1700000000, 5e8))
	if e.GoVersion == "" || e.OS == "" || e.Arch == "" || e.CPU == "" || e.GOMAXPROCS < 1 || e.NumCPU < 1 {
		t.Errorf("CaptureEnv = %+v, want every machine field set", e)
	}
	if want := time.Unix(1700000000, 0).UTC(); !e.Timestamp.Equal(want) {
		t.Errorf("timestamp = %v, want %v", e.Timestamp, want)
	}
	// The GC settings are the effective ones, debug.SetGCPercent included.
	defer debug.SetGCPercent(debug.SetGCPercent(371))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 40))
	e = CaptureEnv(context.Background(), time.Now())
	if e.GOGC != 371 || e.GOMEMLIMIT != 1<<40 {
		t.Errorf("CaptureEnv: GOGC %d, GOMEMLIMIT %d, want 371 and %d", e.GOGC, e.GOMEMLIMIT, int64(1<<40))
	}
	debug.SetGCPercent(-1)
	if e = CaptureEnv(context.Background(), time.Now()); e.GOGC != -1 || !strings.Contains(e.DescribeSettings(), "GOGC=off") {
		t.Errorf("CaptureEnv with GC off: GOGC %d, %q", e.GOGC, e.DescribeSettings())
	}
}

func TestResolveSettings(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "LITELLM_DROP_PARAMS" {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		name    string
		flag    bool
		envVal  string
		catalog string
		want    Settings
	}{
		{"default", false, "", "", Settings{false, "default", "embedded"}},
		// LiteLLM turns drop_params on for any non-empty value.
		{"env False", false, "False", "", Settings{true, "LITELLM_DROP_PARAMS=False", "embedded"}},
		{"flag", true, "", "cat.json", Settings{true, "--drop-params", "cat.json"}},
		{"flag and env", true, "1", "", Settings{true, "--drop-params", "embedded"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ResolveSettings(tt.flag, tt.catalog, env(tt.envVal)); got != tt.want {
				t.Errorf("ResolveSettings = %+v, want %+v", got, tt.want)
			}
		})
	}
}
