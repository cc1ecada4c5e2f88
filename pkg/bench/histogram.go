package bench

import (
	"fmt"
	"math"
)

// HistogramBinsPerDecade is the resolution of the latency histograms a run
// records: 20 bins per factor of ten, each about 12% wide.
const HistogramBinsPerDecade = 20

// maxHistogramBins bounds a histogram read from a file: 1 ns to 10^6 s at
// the finest resolution a run writes.
const maxHistogramBins = 15 * HistogramBinsPerDecade

// A Histogram counts request durations in logarithmic bins. Bin i covers
// the durations d with 10^((First+i)/BinsPerDecade) <= d <
// 10^((First+i+1)/BinsPerDecade) nanoseconds; durations under 1 ns count in
// bin 0 of the scale (1 ns). Counts runs from the fastest request's bin to
// the slowest one's, empty bins included, so its sum is the number of
// requests.
type Histogram struct {
	BinsPerDecade int     `json:"bins_per_decade"`
	First         int     `json:"first_bin"`
	Counts        []int64 `json:"counts"`
}

// binLow is the lower bound, in ns, of bin k of a scale with perDecade bins
// per decade.
func binLow(k, perDecade int) float64 {
	return math.Pow(10, float64(k)/float64(perDecade))
}

// binOf returns the bin of a scale with perDecade bins per decade that
// holds d nanoseconds.
func binOf(d int64, perDecade int) int {
	if d <= 1 {
		return 0
	}
	x := float64(d)
	k := int(math.Floor(math.Log10(x) * float64(perDecade)))
	// Log10 may miss an exact bound by an ulp: settle on the bounds
	// themselves.
	for binLow(k+1, perDecade) <= x {
		k++
	}
	for k > 0 && binLow(k, perDecade) > x {
		k--
	}
	return k
}

// NewHistogram counts sorted (ascending, as Percentiles leaves them) request
// durations in HistogramBinsPerDecade bins per decade; nil when there are
// none.
func NewHistogram(sorted []int64) *Histogram {
	if len(sorted) == 0 {
		return nil
	}
	first := binOf(sorted[0], HistogramBinsPerDecade)
	last := binOf(sorted[len(sorted)-1], HistogramBinsPerDecade)
	h := &Histogram{BinsPerDecade: HistogramBinsPerDecade, First: first, Counts: make([]int64, last-first+1)}
	k := first
	next := binLow(k+1, HistogramBinsPerDecade)
	for _, d := range sorted {
		for float64(d) >= next {
			k++
			next = binLow(k+1, HistogramBinsPerDecade)
		}
		h.Counts[k-first]++
	}
	return h
}

// Bin returns the bounds in nanoseconds of Counts[i].
func (h *Histogram) Bin(i int) (lo, hi float64) {
	return binLow(h.First+i, h.BinsPerDecade), binLow(h.First+i+1, h.BinsPerDecade)
}

// Total is the number of durations counted.
func (h *Histogram) Total() int64 {
	var n int64
	for _, c := range h.Counts {
		n += c
	}
	return n
}

// validate checks a histogram read from a file.
func (h *Histogram) validate() error {
	switch {
	case h.BinsPerDecade < 1 || h.BinsPerDecade > 100:
		return fmt.Errorf("bins_per_decade %d out of range 1-100", h.BinsPerDecade)
	case h.First < 0 || len(h.Counts) == 0 || h.First+len(h.Counts) > maxHistogramBins*h.BinsPerDecade/HistogramBinsPerDecade:
		return fmt.Errorf("first_bin %d with %d counts is beyond 10^15 ns", h.First, len(h.Counts))
	}
	for _, c := range h.Counts {
		if c < 0 {
			return fmt.Errorf("negative count %d", c)
		}
	}
	return nil
}
