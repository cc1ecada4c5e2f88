package bench

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/llmbench/llmbench/pkg/completion"
)

// nopPipeline does nothing, as fast as a pipeline can.
type nopPipeline struct{}

func (nopPipeline) CompleteInto(context.Context, *completion.Request, *completion.Result) error {
	return nil
}

// limitConfig is a run whose memory is dominated by goroutines: one batch,
// one goroutine per request, one variant.
func limitConfig() Config {
	c := DefaultConfig()
	c.Variants, c.Count, c.Batches, c.Concurrency, c.Warmup = []string{"baseline"}, 1, 1, 0, 0
	return c
}

// TestRunAtTheMemoryBound runs the largest configuration MaxMemory allows
// with one goroutine per request, and checks that the memory the runtime
// took from the system for it stayed within the bound: the estimate is not
// optimistic.
func TestRunAtTheMemoryBound(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a quarter of a million goroutines")
	}
	if raceEnabled {
		t.Skip("the race detector allows 8128 live goroutines")
	}
	cfg := limitConfig()
	cfg.Requests = cfg.MaxRequests()
	if cfg.Requests < 100000 {
		t.Fatalf("MaxRequests = %d, want the bound to allow a large batch", cfg.Requests)
	}
	reqs := make([]*completion.Request, cfg.Requests)
	req := &completion.Request{Model: "m1"}
	for i := range reqs {
		reqs[i] = req
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := Run(context.Background(), Options{Config: cfg, Requests: reqs,
		Targets: []Target{{Name: "baseline", Pipeline: nopPipeline{}}}, Env: fixedEnv()})
	if err != nil {
		t.Fatalf("Run at MaxRequests (%d): %v", cfg.Requests, err)
	}
	runtime.ReadMemStats(&after)
	if res.Variants[0].Requests != cfg.Requests {
		t.Errorf("ran %d requests, want %d", res.Variants[0].Requests, cfg.Requests)
	}
	t.Logf("%d requests, one goroutine each: the runtime took %s from the system", cfg.Requests, FormatBytes(float64(after.Sys-before.Sys)))
	if grew := float64(after.Sys - before.Sys); grew > MaxMemory {
		t.Errorf("the run took %s from the system, over the %s its configuration was allowed", FormatBytes(grew), FormatBytes(MaxMemory))
	}
}

// TestRefusedBeforeAllocating: one request above the bound is refused by
// Prepare before it builds the request list or anything else sized by the
// configuration.
func TestRefusedBeforeAllocating(t *testing.T) {
	for _, tt := range []struct {
		concurrency int
		field       string
	}{{0, "(concurrency)"}, {1, "(requests)"}} {
		cfg := limitConfig()
		cfg.Concurrency = tt.concurrency
		cfg.Requests = cfg.MaxRequests() + 1
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Prepare(cfg)
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), tt.field) {
			t.Fatalf("Prepare one above the bound, concurrency %d: %v, want the bound named %s", tt.concurrency, err, tt.field)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
			t.Errorf("Prepare allocated %s before refusing", FormatBytes(float64(grew)))
		}
	}
}
