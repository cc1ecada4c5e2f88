package bench

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/llmbench/llmbench/pkg/completion"
)

// fakeClock is a clock that only fake pipelines advance.
type fakeClock struct{ t int64 }

func (c *fakeClock) now() int64         { return c.t }
func (c *fakeClock) cpu() (int64, bool) { return c.t, true }
func (c *fakeClock) wall() time.Time    { return time.Unix(1700000000, 0).Add(time.Duration(c.t)) }
func fixedEnv() *Env {
	return &Env{GoVersion: "go1.26", OS: "linux", Arch: "amd64", CPU: "Test CPU", NumCPU: 2, GOMAXPROCS: 2, GOGC: 100, GOMEMLIMIT: math.MaxInt64,
		Settings: Settings{DropParamsSource: "default", ModelCatalog: EmbeddedCatalog}, Commit: "0123456789abcdef", Timestamp: time.Unix(1700000000, 0).UTC()}
}
func modelCost(req *completion.Request) int64 { return 10 * int64(req.Model[1]-'0') }

// fakePipeline "takes" base + 10*digit ns for a request of model "m<digit>",
// by advancing the fake clock, and logs the calls.
type fakePipeline struct {
	name  string
	base  int64
	clock *fakeClock
	log   *[]string
	fail  bool
}

func (f *fakePipeline) CompleteInto(ctx context.Context, req *completion.Request, res *completion.Result) error {
	f.clock.t += f.base + modelCost(req)
	if f.log != nil {
		*f.log = append(*f.log, f.name)
	}
	if f.fail && req.Model == "m3" {
		return errors.New("fake failure")
	}
	return nil
}

func fakeRequests(n int) []*completion.Request {
	out := make([]*completion.Request, n)
	for i := range out {
		out[i] = &completion.Request{Model: fmt.Sprintf("m%d", i%10)}
	}
	return out
}

func fakeOptions(clock *fakeClock, log *[]string, cfg Config) Options {
	return Options{
		Config:   cfg,
		Requests: fakeRequests(cfg.Requests),
		Targets: []Target{
			{Name: "slow", Pipeline: &fakePipeline{name: "slow", base: 200, clock: clock, log: log}},
			{Name: "fast", Pipeline: &fakePipeline{name: "fast", base: 100, clock: clock, log: log}},
		},
		Workload: WorkloadInfo{Name: "fake", Templates: 10},
		Env:      fixedEnv(),
		Clock:    clock.now,
		CPUTime:  clock.cpu,
		Now:      clock.wall,
	}
}

func fakeConfig() Config {
	return Config{Workload: "fake", Requests: 10, Batches: 2, Concurrency: 1, Count: 2, Warmup: 3, Seed: 1,
		Variants: []string{"slow", "fast"}, RPS: 1000}
}

// runs collapses consecutive equal entries.
func runs(log []string) []string {
	var out []string
	for _, s := range log {
		if len(out) == 0 || out[len(out)-1] != s {
			out = append(out, s)
		}
	}
	return out
}

func TestRunFakePipeline(t *testing.T) {
	clock := &fakeClock{}
	var log []string
	res, err := Run(context.Background(), fakeOptions(clock, &log, fakeConfig()))
	if err != nil {
		t.Fatal(err)
	}
	// Warmup, then two runs of two batches, the targets (and the empty
	// pipeline, 2, and the reference, 3) taking turns in the order
	// roundOrder deals each round.
	names := []string{"slow", "fast", "", ""}
	want := []string{"slow", "fast"}
	order := newRoundOrder(fakeConfig().Seed, 4)
	for r := 0; r < 4; r++ {
		for _, i := range order.next() {
			if names[i] != "" {
				want = append(want, names[i])
			}
		}
	}
	if got, want := runs(log), runs(want); !slices.Equal(got, want) {
		t.Errorf("call order = %v, want %v", got, want)
	}
	if got, want := len(log), 2*3+2*2*10; got != want {
		t.Errorf("calls = %d, want %d (warmup 3 + 2 runs of 10 per variant)", got, want)
	}
	slow, fast := res.Find("slow"), res.Find("fast")
	if slow == nil || fast == nil {
		t.Fatalf("variants = %+v", res.Variants)
	}
	// Batch 0 is m0..m4 (mean extra 20ns), batch 1 m5..m9 (mean 70ns).
	if got, want := slow.Samples, []float64{220, 270, 220, 270}; !slices.Equal(got, want) {
		t.Errorf("slow samples = %v, want %v", got, want)
	}
	if got, want := fast.Samples, []float64{120, 170, 120, 170}; !slices.Equal(got, want) {
		t.Errorf("fast samples = %v, want %v", got, want)
	}
	tests := []struct {
		name      string
		got, want float64
	}{
		{"slow median", slow.NsPerOp.Median, 245},
		{"fast median", fast.NsPerOp.Median, 145},
		{"slow cpu median", slow.CPUNsPerOp.Median, 245},
		{"fast rps", fast.RPS, 1e9 / 145},
		{"speedup", res.Comparison.Speedup, 245.0 / 145},
		{"delta pct", res.Comparison.DeltaPct, (145.0/245 - 1) * 100},
		{"p value (min for 4+4)", res.Comparison.PValue, 0.02857142857142857},
		{"projection cpu before", res.Projection.CPUSecPerSecBefore, 1000 * 245 / 1e9},
		{"projection cpu after", res.Projection.CPUSecPerSecAfter, 1000 * 145 / 1e9},
		{"projection extra rps", res.Projection.ExtraRPS, 1000 * (245.0/145 - 1)},
		{"overhead", res.Overhead.NsPerOp, 0},
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-9*math.Max(1, math.Abs(tt.want)) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if got, want := slow.Latency, (Latency{P50: 240, P90: 280, P99: 290, Max: 290}); got != want {
		t.Errorf("slow latency = %+v, want %+v", got, want)
	}
	if got, want := fast.Latency, (Latency{P50: 140, P90: 180, P99: 190, Max: 190}); got != want {
		t.Errorf("fast latency = %+v, want %+v", got, want)
	}
	if !res.Comparison.Significant || res.Comparison.Delta() == "~" {
		t.Errorf("comparison not significant: %+v", res.Comparison)
	}
	if slow.Requests != 20 {
		t.Errorf("slow requests = %d, want 20", slow.Requests)
	}
	// 4 samples are too few for a 95% CI: the result must say so.
	if !slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.Contains(w, "need >= 6 samples") }) {
		t.Errorf("warnings = %q, want a too-few-samples warning", res.Warnings)
	}
	if res.Interrupted {
		t.Error("Interrupted set on a complete run")
	}
}

func TestRunConcurrency(t *testing.T) {
	// With several workers the fake clock is shared, so only counts are
	// deterministic: every request runs once per run, in every mode.
	for _, conc := range []int{0, 2, 3, 20} {
		t.Run(fmt.Sprint("concurrency=", conc), func(t *testing.T) {
			cfg := fakeConfig()
			// Warmup runs one batch larger than the measured ones.
			cfg.Requests, cfg.Concurrency, cfg.Warmup = 30, conc, 25
			var calls countingPipeline
			opts := Options{Config: cfg, Requests: fakeRequests(30), Env: fixedEnv(),
				Targets: []Target{{Name: "a", Pipeline: &calls}}}
			res, err := Run(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := calls.n.Load(), int64(cfg.Warmup+cfg.Count*cfg.Requests); got != want {
				t.Errorf("calls = %d, want %d", got, want)
			}
			if got, want := res.Variants[0].Requests, cfg.Count*cfg.Requests; got != want {
				t.Errorf("requests = %d, want %d", got, want)
			}
			if got, want := len(res.Variants[0].Samples), cfg.Count*cfg.Batches; got != want {
				t.Errorf("samples = %d, want %d", got, want)
			}
		})
	}
}

func TestRunAllocations(t *testing.T) {
	// One 64-byte allocation per call must show as 1 alloc/op and 64 B/op:
	// the harness itself allocates nothing per request.
	cfg := fakeConfig()
	cfg.Requests, cfg.Batches, cfg.Count, cfg.Warmup = 2000, 2, 1, 0
	opts := Options{Config: cfg, Requests: fakeRequests(cfg.Requests), Env: fixedEnv(),
		Targets: []Target{{Name: "alloc", Pipeline: allocPipeline{}}}}
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	v := res.Variants[0]
	// MemStats counts the whole process: the test runtime may allocate a
	// little in the background, hence the small upper margin.
	if v.AllocsPerOp < 1 || v.AllocsPerOp > 1.05 {
		t.Errorf("allocs/op = %v, want 1", v.AllocsPerOp)
	}
	if v.BytesPerOp < 64 || v.BytesPerOp > 70 {
		t.Errorf("B/op = %v, want 64", v.BytesPerOp)
	}
	if res.Overhead.AllocsPerOp > 0.01 {
		t.Errorf("harness allocs/op = %v, want 0", res.Overhead.AllocsPerOp)
	}
	// The reference workload ran in the same rounds: as many batches as
	// the target, its fixed 20 allocations per call (the race detector
	// empties sync.Pools at random, and encoding/json's pool then
	// allocates anew: up to one more per call).
	most := 20.05
	if raceEnabled {
		most = 21.5
	}
	if r := res.Reference; r == nil || r.Name != ReferenceName || len(r.Samples) != len(v.Samples) || r.AllocsPerOp < 20 || r.AllocsPerOp > most {
		t.Errorf("reference = %+v, want %d batches of %s at 20 allocs/op", r, len(v.Samples), ReferenceName)
	}
}

func TestRunInterrupted(t *testing.T) {
	clock := &fakeClock{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := fakeOptions(clock, nil, fakeConfig())
	// Steps: 4 warmups (slow, fast, the empty pipeline, the reference),
	// then the batches in the order roundOrder deals them; cancel right
	// after the 2nd batch of "slow".
	order, stop, slow, fast := newRoundOrder(fakeConfig().Seed, 4), 4, 0, 0
	for slow < 2 {
		for _, i := range order.next() {
			if slow < 2 {
				stop++
				switch i {
				case 0:
					slow++
				case 1:
					fast++
				}
			}
		}
	}
	opts.Progress = func(done, total int) {
		if done == stop {
			cancel()
		}
	}
	res, err := Run(ctx, opts)
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("err = %v, want ErrInterrupted", err)
	}
	if res == nil || !res.Interrupted {
		t.Fatalf("result = %+v, want a partial result", res)
	}
	if got, want := res.Find("slow").Samples, []float64{220, 270}; !slices.Equal(got, want) {
		t.Errorf("slow samples = %v, want %v", got, want)
	}
	if got, want := res.Find("fast").Samples, []float64{120, 170}[:fast]; !slices.Equal(got, want) {
		t.Errorf("fast samples = %v, want %v", got, want)
	}
}

func TestRunErrors(t *testing.T) {
	clock := &fakeClock{}
	opts := fakeOptions(clock, nil, fakeConfig())
	opts.Targets[1].Pipeline.(*fakePipeline).fail = true
	_, err := Run(context.Background(), opts)
	if err == nil || !strings.Contains(err.Error(), "variant fast: 2 of 20 requests failed, first: fake failure") {
		t.Errorf("err = %v, want the failing variant and count", err)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"ok", func(*Config) {}, ""},
		{"zero requests", func(c *Config) { c.Requests = 0 }, "must be at least 1, got 0 (requests)"},
		{"negative requests", func(c *Config) { c.Requests = -5 }, "must be at least 1, got -5 (requests)"},
		{"more batches than requests", func(c *Config) { c.Requests, c.Batches = 10, 20 }, "20 batches cannot split 10 requests: at most one batch per request (batches)"},
		{"negative concurrency", func(c *Config) { c.Concurrency = -1 }, "must be 0 (one goroutine per request) or more, got -1 (concurrency)"},
		{"zero count", func(c *Config) { c.Count = 0 }, "must be at least 1, got 0 (count)"},
		{"negative warmup", func(c *Config) { c.Warmup = -1 }, "must not be negative, got -1 (warmup)"},
		{"endless warmup", func(c *Config) { c.Warmup = math.MaxInt }, "at most 100000000 untimed requests per variant, got 9223372036854775807 (warmup)"},
		{"zero rps", func(c *Config) { c.RPS = 0 }, "must be a request rate above 0 and at most 1e+09, got 0 (rps)"},
		{"infinite rps", func(c *Config) { c.RPS = math.Inf(1) }, "got +Inf (rps)"},
		{"huge rps", func(c *Config) { c.RPS = 1e308 }, "got 1e+308 (rps)"},
		{"NaN rps", func(c *Config) { c.RPS = math.NaN() }, "got NaN (rps)"},
		{"max int requests", func(c *Config) { c.Requests = math.MaxInt }, "9223372036854775807 requests need about"},
		{"1e12 requests", func(c *Config) { c.Requests, c.Batches, c.Count, c.Warmup = 1e12, 1, 1, 0 }, "TiB for the measurements of 1 run of "},
		{"a goroutine per request", func(c *Config) { c.Requests, c.Batches, c.Count, c.Concurrency, c.Warmup = 2e6, 1, 1, 0, 0 },
			"0 runs one goroutine per request of a batch: 2000000 goroutines with their results need about"},
		{"huge count", func(c *Config) { c.Count = math.MaxInt }, "need about"},
		{"huge warmup with a goroutine per request", func(c *Config) { c.Concurrency, c.Warmup, c.Requests = 0, MaxWarmup, 1e6 }, "(concurrency)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.edit(&c)
			err := c.Validate()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("Validate() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestMaxRequests: Validate accepts Requests up to MaxRequests and refuses
// one more, for several shapes of run.
func TestMaxRequests(t *testing.T) {
	for _, edit := range []func(*Config){
		func(*Config) {},
		func(c *Config) { c.Count, c.Variants = 1, []string{"baseline"} },
		func(c *Config) { c.Concurrency, c.Batches = 0, 50 },
		func(c *Config) { c.Count, c.Batches = 100, 1000 },
	} {
		c := DefaultConfig()
		edit(&c)
		n := c.MaxRequests()
		c.Requests = n
		if err := c.Validate(); err != nil {
			t.Errorf("%+v at MaxRequests %d: %v", c, n, err)
		}
		c.Requests = n + 1
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("at most %d requests", n)) {
			t.Errorf("%+v one above MaxRequests: %v, want the bound named", c, err)
		}
	}
}

func TestBatchBounds(t *testing.T) {
	tests := []struct {
		n, b int
		want []int
	}{
		{10, 2, []int{0, 5, 10}},
		{10, 3, []int{0, 4, 7, 10}},
		{5, 5, []int{0, 1, 2, 3, 4, 5}},
		{7, 1, []int{0, 7}},
	}
	for _, tt := range tests {
		if got := batchBounds(tt.n, tt.b); !slices.Equal(got, tt.want) {
			t.Errorf("batchBounds(%d, %d) = %v, want %v", tt.n, tt.b, got, tt.want)
		}
	}
}

// TestRoundOrder checks that every round runs every target once and that
// no target keeps the same predecessor: over many rounds each target runs
// right after each other one about equally often.
func TestRoundOrder(t *testing.T) {
	const n, rounds = 5, 20000
	o := newRoundOrder(1, n)
	var after [n][n]int
	for r := 0; r < rounds; r++ {
		seen := make([]bool, n)
		p := o.next()
		for k, i := range p {
			if seen[i] {
				t.Fatalf("round %d runs %d twice: %v", r, i, p)
			}
			seen[i] = true
			if k > 0 {
				after[i][p[k-1]]++
			}
		}
	}
	// Within a round, i follows j (j != i) in (n-1)/n(n-1) = 1/n of the
	// rounds.
	for i := range after {
		for j := range after[i] {
			if i == j {
				continue
			}
			if got, want := float64(after[i][j])/rounds, 1.0/n; math.Abs(got-want) > 0.02 {
				t.Errorf("target %d runs right after %d in %.3f of the rounds, want %.3f", i, j, got, want)
			}
		}
	}
}
