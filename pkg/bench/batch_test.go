package bench

import (
	"context"
	"testing"

	"github.com/llmbench/llmbench/pkg/completion"
)

// bytesPipeline allocates n bytes per request.
type bytesPipeline struct{ n int }

var bytesSink []byte

func (p bytesPipeline) CompleteInto(context.Context, *completion.Request, *completion.Result) error {
	bytesSink = make([]byte, p.n)
	return nil
}

// gcShare runs two pipelines' batches in turn and returns the share of the
// garbage collection cycles that ended in the first one's batches.
func gcShare(t *testing.T, dither bool) (share float64, cycles uint32) {
	t.Helper()
	reqs := fakeRequests(1000)
	lat := make([]int64, len(reqs))
	// 1 MB and 3 MB per batch: a round allocates about one cycle's worth
	// of a small heap, the size at which batches phase-lock.
	a := NewBatcher(bytesPipeline{1024}, BatcherOptions{Concurrency: 1, MaxBatch: 1000, Seed: 1, NoGCDither: !dither})
	b := NewBatcher(bytesPipeline{3072}, BatcherOptions{Concurrency: 1, MaxBatch: 1000, Seed: 2, NoGCDither: !dither})
	var ga, gb uint32
	for i := 0; i < 150; i++ {
		sa, err := a.Measure(context.Background(), reqs, lat)
		if err != nil {
			t.Fatal(err)
		}
		sb, err := b.Measure(context.Background(), reqs, lat)
		if err != nil {
			t.Fatal(err)
		}
		ga, gb = ga+sa.GCCycles, gb+sb.GCCycles
	}
	if ga+gb == 0 {
		return 0, 0
	}
	return float64(ga) / float64(ga+gb), ga + gb
}

// TestGCDitherPaysByBytes checks that each batch pays for garbage
// collection in proportion to the bytes it allocates: a pipeline that
// allocates a quarter of the bytes gets about a quarter of the cycles,
// where starting every batch right after a collection gives it none.
func TestGCDitherPaysByBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 600 batches")
	}
	share, n := gcShare(t, true)
	t.Logf("dithered: %.2f of %d", share, n)
	if n < 100 || share < 0.15 || share > 0.40 {
		t.Errorf("dithered: the 1 MB batches got %.0f%% of %d cycles, want about 25%%", 100*share, n)
	}
	share, n = gcShare(t, false)
	t.Logf("undithered: %.2f of %d", share, n)
	if n > 0 && share > 0.1 {
		t.Errorf("undithered: the 1 MB batches got %.0f%% of %d cycles, want (next to) none: the test no longer shows the artifact", 100*share, n)
	}
}

// TestGCUntimedLeavesCollectionsOut checks what bench --ablate relies on:
// without dithering, a batch that allocates well under the heap's headroom
// never has a collection inside it.
func TestGCUntimedLeavesCollectionsOut(t *testing.T) {
	reqs := fakeRequests(200)
	lat := make([]int64, len(reqs))
	b := NewBatcher(bytesPipeline{1024}, BatcherOptions{Concurrency: 1, MaxBatch: 200, Seed: 1, NoGCDither: true})
	var cycles uint32
	for i := 0; i < 100; i++ { // 20 MB in all: five or more cycles' worth
		s, err := b.Measure(context.Background(), reqs, lat)
		if err != nil {
			t.Fatal(err)
		}
		cycles += s.GCCycles
	}
	if cycles != 0 {
		t.Errorf("%d collections fell inside 200 KB batches that each started right after one", cycles)
	}
}

// A concurrency far above the batch size sizes the buffers by the batch,
// not by the concurrency (it ran out of memory with a trace at 1e9).
func TestHugeConcurrencyIsBoundedByTheBatch(t *testing.T) {
	b := NewBatcher(emptyPipeline{}, BatcherOptions{Concurrency: 1_000_000_000, MaxBatch: 100, Seed: 1})
	if len(b.results) != 100 || len(b.errs) != 100 {
		t.Fatalf("buffers for %d results and %d workers, want 100 each", len(b.results), len(b.errs))
	}
	reqs := fakeRequests(100)
	if _, err := b.Measure(context.Background(), reqs, make([]int64, len(reqs))); err != nil {
		t.Fatal(err)
	}
}
