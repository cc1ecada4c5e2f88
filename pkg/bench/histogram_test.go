package bench

import (
	"math"
	"slices"
	"testing"
)

func TestBinOfBounds(t *testing.T) {
	// Every bound 10^(k/20) ns, rounded up to whole ns, falls in bin k or
	// later, and one ns less in an earlier bin.
	for k := 1; k < 8*HistogramBinsPerDecade; k++ {
		d := int64(math.Ceil(binLow(k, HistogramBinsPerDecade)))
		if got := binOf(d, HistogramBinsPerDecade); got < k || binLow(got, HistogramBinsPerDecade) > float64(d) || binLow(got+1, HistogramBinsPerDecade) <= float64(d) {
			t.Fatalf("binOf(%d) = %d, bin [%v, %v)", d, got, binLow(got, HistogramBinsPerDecade), binLow(got+1, HistogramBinsPerDecade))
		}
	}
	tests := []struct {
		d    int64
		want int
	}{{0, 0}, {1, 0}, {10, 20}, {100, 40}, {1000, 60}, {999, 59}, {1e6, 120}}
	for _, tt := range tests {
		if got := binOf(tt.d, HistogramBinsPerDecade); got != tt.want {
			t.Errorf("binOf(%d) = %d, want %d", tt.d, got, tt.want)
		}
	}
}

func TestNewHistogram(t *testing.T) {
	durations := []int64{100, 100, 105, 1000, 1000, 1200, 99999}
	slices.Sort(durations)
	h := NewHistogram(durations)
	if h.First != 40 || len(h.Counts) != 99-40+1 {
		t.Fatalf("histogram spans bins %d..%d, want 40..99", h.First, h.First+len(h.Counts)-1)
	}
	if got := h.Total(); got != int64(len(durations)) {
		t.Errorf("total = %d, want %d", got, len(durations))
	}
	want := map[int]int64{40: 3, 60: 2, 61: 1, 99: 1}
	for i, c := range h.Counts {
		if c != want[h.First+i] {
			lo, hi := h.Bin(i)
			t.Errorf("bin %d [%.1f, %.1f) = %d, want %d", h.First+i, lo, hi, c, want[h.First+i])
		}
	}
	if NewHistogram(nil) != nil {
		t.Error("NewHistogram(nil) != nil")
	}
}

func TestRunRecordsDistributionAndGC(t *testing.T) {
	res, err := Run(t.Context(), fakeOptions(&fakeClock{}, nil, fakeConfig()))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range res.Variants {
		if got := len(v.SamplesGC); got != len(v.Samples) {
			t.Errorf("%s: %d samples_gc_cycles for %d samples", v.Name, got, len(v.Samples))
		}
		var gcs uint32
		for _, n := range v.SamplesGC {
			gcs += n
		}
		if gcs != v.GCCycles {
			t.Errorf("%s: per-batch GC cycles add up to %d, gc_cycles = %d", v.Name, gcs, v.GCCycles)
		}
		h := v.LatencyHistogram
		if h == nil || h.Total() != int64(v.Requests) {
			t.Fatalf("%s: histogram %+v, want %d requests", v.Name, h, v.Requests)
		}
		// The fake requests take 200..290 ns (slow) or 100..190 ns (fast):
		// the histogram must span exactly those bins.
		fastest := map[string]float64{"slow": 200, "fast": 100}[v.Name]
		lo, _ := h.Bin(0)
		_, hi := h.Bin(len(h.Counts) - 1)
		if lo > fastest || binOf(int64(fastest), h.BinsPerDecade) != h.First || hi <= float64(v.Latency.Max) || binOf(v.Latency.Max, h.BinsPerDecade) != h.First+len(h.Counts)-1 {
			t.Errorf("%s: histogram [%v, %v), want the bins of %v..%d ns", v.Name, lo, hi, fastest, v.Latency.Max)
		}
	}
}
