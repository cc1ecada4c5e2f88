package report

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/llmbench/llmbench/pkg/bench"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// A chart is one figure of the HTML report: an SVG drawn by gonum/plot
// with its title and a caption saying how to read it.
type chart struct {
	ID, Title, Caption string
	SVG                template.HTML
}

// Chart geometry. Charts are drawn for a page about 1,200 px wide: 9 in at
// 96 px per inch, text from 10 pt.
const (
	chartWidth  = 9 * vg.Inch
	chartHeight = 4.2 * vg.Inch
	// legendGap separates the plot from the legend at its right.
	legendGap = 8
)

// sans is the charts' font, Liberation Sans (metrics of Arial and
// Helvetica, which the page falls back to), at size points. gonum/plot
// embeds it, so text is measured as the browser draws it.
func sans(size float64) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Points(size)}
}

// newPlot returns a plot with the report's fonts and a light grid.
func newPlot(xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	p.X.Label.TextStyle.Font = sans(11)
	p.Y.Label.TextStyle.Font = sans(11)
	p.X.Tick.Label.Font = sans(10)
	p.Y.Tick.Label.Font = sans(10)
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = gridColor, gridColor
	p.Add(g)
	return p
}

// newLegend returns a legend in the report's fonts.
func newLegend() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font = sans(10)
	l.ThumbnailWidth = vg.Points(28)
	l.Padding = vg.Points(6)
	l.Top, l.Left = true, true
	return l
}

// drawSVG draws p, with the legend l at its right when it has entries, on a
// w x h canvas and returns the SVG element alone (no XML prolog), for
// inline use in HTML.
func drawSVG(p *plot.Plot, l *plot.Legend, w, h vg.Length, legendEntries []string) (template.HTML, error) {
	// An axis with no finite value (a run interrupted before any batch
	// finished) gets a unit range: gonum's tick search never ends on NaN.
	// An axis over one value (every sample equal) has no range to tick.
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		_, isLog := ax.Scale.(plot.LogScale)
		if !finiteRange(ax.Min, ax.Max) {
			ax.Min, ax.Max = 0, 1
			if isLog {
				ax.Min, ax.Max = 1, 10
			}
		}
		if isLog {
			continue
		}
		if !(ax.Max-ax.Min > 1e-9*math.Max(math.Abs(ax.Max), math.Abs(ax.Min))) {
			d := math.Max(1, 0.1*math.Abs(ax.Max))
			ax.Min, ax.Max = ax.Min-d, ax.Max+d
		}
	}
	c := vgsvg.New(w, h)
	dc := draw.New(c)
	if l != nil && len(legendEntries) > 0 {
		lw := vg.Length(0)
		for _, e := range legendEntries {
			lw = max(lw, l.TextStyle.Width(e))
		}
		lw += l.ThumbnailWidth + 3*legendGap
		p.Draw(draw.Crop(dc, 0, -lw, 0, 0))
		l.Draw(draw.Crop(dc, w-lw+legendGap, 0, 0, -legendGap))
	} else {
		p.Draw(dc)
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", err
	}
	svg := buf.String()
	if i := strings.Index(svg, "<svg"); i >= 0 {
		svg = svg[i:]
	}
	return template.HTML(svg), nil // #nosec: gonum escapes every text it draws
}

// finiteRange reports whether lo and hi are finite numbers with lo <= hi.
func finiteRange(lo, hi float64) bool {
	return !math.IsNaN(lo) && !math.IsNaN(hi) && !math.IsInf(lo, 0) && !math.IsInf(hi, 0) && lo <= hi
}

// shortNs formats a tick value in nanoseconds: "500ns", "1.5µs", "20ms".
func shortNs(ns float64) string {
	if ns == 0 {
		return "0"
	}
	units := []struct {
		scale float64
		name  string
	}{{1e9, "s"}, {1e6, "ms"}, {1e3, "µs"}, {1, "ns"}}
	for _, u := range units {
		if math.Abs(ns) >= u.scale || u.scale == 1 {
			return strconv.FormatFloat(ns/u.scale, 'g', 3, 64) + u.name
		}
	}
	return ""
}

// nsTicks labels a linear axis of nanoseconds with units.
type nsTicks struct{}

func (nsTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = shortNs(ts[i].Value)
		}
	}
	return ts
}

// logNsTicks labels a logarithmic axis of nanoseconds: 1, 2 and 5 times a
// power of ten when the axis spans up to three decades, powers of ten only
// beyond; minor ticks at the other multiples.
type logNsTicks struct{}

func (logNsTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) {
		return nil
	}
	labelled := map[int]bool{1: true, 2: true, 5: true}
	if math.Log10(hi/lo) > 3 {
		labelled = map[int]bool{1: true}
	}
	var ts []plot.Tick
	for e := math.Floor(math.Log10(lo)); math.Pow(10, e) <= hi; e++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow(10, e)
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			if labelled[m] {
				t.Label = shortNs(v)
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// pctTicks labels a linear axis of percentages.
type pctTicks struct{}

func (pctTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = strconv.FormatFloat(ts[i].Value, 'g', 4, 64) + "%"
		}
	}
	return ts
}

// lineStyle returns the line style of series i.
func lineStyle(i int) draw.LineStyle {
	s := styleOf(i)
	return draw.LineStyle{Color: s.color, Width: vg.Points(1.5), Dashes: s.dashes}
}

// glyphStyle returns the marker style of series i.
func glyphStyle(i int) draw.GlyphStyle {
	s := styleOf(i)
	return draw.GlyphStyle{Color: s.color, Radius: vg.Points(3.5), Shape: s.glyph}
}

// batchSeries is one line of the per-batch chart.
type batchSeries struct {
	Name    string
	Samples []float64
	// GC is the number of GC cycles per batch; nil when not recorded.
	GC []uint32
}

// batchChart draws the per-batch time per call in run order, one line per
// series, and rings the batches a garbage collection cycle landed in. The
// series are the variants of one run, or with perFile one variant's runs
// in several files.
func batchChart(id, title string, series []batchSeries, perFile bool) (chart, error) {
	xLabel := "batch, in run order (the variants take turns batch by batch)"
	if perFile {
		xLabel = "batch, in run order"
	}
	p := newPlot(xLabel, "time per call (wall time / requests)")
	p.Y.Tick.Marker = nsTicks{}
	p.X.Tick.Marker = plot.TickerFunc(intTicks)
	l := newLegend()
	var entries []string
	gcPts := plotter.XYs{}
	recorded := false
	for i, s := range series {
		pts := make(plotter.XYs, len(s.Samples))
		for j, y := range s.Samples {
			pts[j] = plotter.XY{X: float64(j + 1), Y: y}
			if j < len(s.GC) && s.GC[j] > 0 {
				gcPts = append(gcPts, pts[j])
			}
		}
		recorded = recorded || s.GC != nil
		line, points, err := plotter.NewLinePoints(pts)
		if err != nil {
			return chart{}, err
		}
		line.LineStyle, points.GlyphStyle = lineStyle(i), glyphStyle(i)
		p.Add(line, points)
		l.Add(s.Name, line, points)
		entries = append(entries, s.Name)
	}
	caption := "Each point is one batch's time per call. Batch k of every repetition runs the same requests, so a pattern that repeats is the workload mix; a trend is drift of the machine, and the variants share it because they take turns."
	if perFile {
		caption = "Each line is this variant's batches in one file, in run order. The runs were not interleaved: a shift between the lines can be the machine's as well as the code's, which is what the p-values do not see."
	}
	if recorded {
		rings, err := plotter.NewScatter(gcPts)
		if err != nil {
			return chart{}, err
		}
		rings.GlyphStyle = draw.GlyphStyle{Color: gcColor, Radius: vg.Points(7), Shape: draw.RingGlyph{}}
		p.Add(rings)
		l.Add("GC cycle in batch", rings)
		entries = append(entries, "GC cycle in batch")
		caption += fmt.Sprintf(" A ring marks a batch during which a garbage collection cycle completed (%d batches): a variant whose batches collect the GC cycles pays for everyone's garbage.", len(gcPts))
	} else {
		caption += " This result does not record GC cycles per batch (written before they were recorded)."
	}
	svg, err := drawSVG(p, &l, chartWidth, chartHeight, entries)
	return chart{ID: id, Title: title, Caption: caption, SVG: svg}, err
}

// intTicks labels an axis of counts with whole numbers only.
func intTicks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for _, t := range (plot.DefaultTicks{}).Ticks(lo, hi) {
		if t.Label != "" && t.Value != math.Trunc(t.Value) {
			t.Label = ""
		}
		out = append(out, t)
	}
	return out
}

// latencyChart draws every variant's distribution of request durations on a
// logarithmic time axis: the share of requests per histogram bin. A result
// without histograms gets its percentiles instead.
func latencyChart(id string, vs []bench.Variant) (chart, error) {
	hist := true
	for _, v := range vs {
		hist = hist && v.LatencyHistogram != nil && v.LatencyHistogram.Total() > 0
	}
	ylabel := "requests per bin (% of the variant's requests)"
	if !hist {
		ylabel = "requests at or below (%)"
	}
	p := newPlot("request duration (log scale)", ylabel)
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = logNsTicks{}
	p.Y.Tick.Marker = pctTicks{}
	p.Y.Min = 0
	l := newLegend()
	var entries []string
	for i, v := range vs {
		var pts plotter.XYs
		if hist {
			h := v.LatencyHistogram
			total := float64(h.Total())
			for j, n := range h.Counts {
				lo, hi := h.Bin(j)
				pts = append(pts, plotter.XY{X: math.Sqrt(lo * hi), Y: 100 * float64(n) / total})
			}
		} else {
			lat := v.Latency
			for _, q := range []struct {
				ns  int64
				pct float64
			}{{lat.P50, 50}, {lat.P90, 90}, {lat.P99, 99}, {lat.Max, 100}} {
				pts = append(pts, plotter.XY{X: math.Max(1, float64(q.ns)), Y: q.pct})
			}
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return chart{}, err
		}
		line.LineStyle = lineStyle(i)
		p.Add(line)
		// Markers at p50 and p99 on the curve tell the series apart in
		// grayscale and show where the percentiles lie.
		marks := plotter.XYs{nearest(pts, float64(v.Latency.P50)), nearest(pts, float64(v.Latency.P99))}
		sc, err := plotter.NewScatter(marks)
		if err != nil {
			return chart{}, err
		}
		sc.GlyphStyle = glyphStyle(i)
		p.Add(sc)
		entry := fmt.Sprintf("%s (p50 %s, p99 %s)", v.Name, shortNs(float64(v.Latency.P50)), shortNs(float64(v.Latency.P99)))
		l.Add(entry, line, sc)
		entries = append(entries, entry)
	}
	// A log axis needs a positive range that is not a point.
	if p.X.Min <= 0 || p.X.Max < p.X.Min*1.5 {
		p.X.Min, p.X.Max = math.Max(1, p.X.Min)/2, math.Max(1, p.X.Max)*2
	}
	caption := "The distribution of every request's duration (bins about 12% wide, 20 per factor of ten); the markers sit at each variant's p50 and p99. A tail to the right is what a p99 alone hides: scheduling, GC assists, a slow provider path."
	if !hist {
		caption = "This result records no latency distribution (written before it was recorded): the points are its p50, p90, p99 and max."
	}
	svg, err := drawSVG(p, &l, chartWidth, chartHeight, entries)
	return chart{ID: id, Title: "Latency distribution", Caption: caption, SVG: svg}, err
}

// nearest returns the point of pts whose X is closest to x on a log scale.
func nearest(pts plotter.XYs, x float64) plotter.XY {
	best := pts[0]
	for _, pt := range pts {
		if math.Abs(math.Log(pt.X/x)) < math.Abs(math.Log(best.X/x)) {
			best = pt
		}
	}
	return best
}

// An interval is one estimate drawn as a point with its 95% interval.
type interval struct {
	// Group is the row (a variant, a component), Series the series within
	// it (a file, a variant; "" when there is one).
	Group, Series string
	Median        float64
	Low, High     float64 // infinite when unknown
	Label         string
}

// intervalChart draws estimates as points with horizontal 95% interval bars,
// one row per group (top to bottom in order) and one marker style per
// series, on a linear axis from 0 labelled by ticks.
func intervalChart(id, title, xLabel, caption string, ticks plot.Ticker, ivs []interval) (chart, error) {
	return intervalChartFrom(id, title, xLabel, caption, ticks, ivs, false)
}

// intervalChartFrom is intervalChart; with signed set, the axis spans
// negative values too and a line marks zero.
func intervalChartFrom(id, title, xLabel, caption string, ticks plot.Ticker, ivs []interval, signed bool) (chart, error) {
	var finite []interval
	for _, iv := range ivs {
		if !math.IsNaN(iv.Median) && !math.IsInf(iv.Median, 0) {
			finite = append(finite, iv)
		}
	}
	if ivs = finite; len(ivs) == 0 {
		return chart{}, fmt.Errorf("chart %s: nothing to draw", id)
	}
	var groups, series []string
	index := func(list *[]string, s string) int {
		for i, x := range *list {
			if x == s {
				return i
			}
		}
		*list = append(*list, s)
		return len(*list) - 1
	}
	for _, iv := range ivs {
		index(&groups, iv.Group)
		index(&series, iv.Series)
	}
	p := newPlot(xLabel, "")
	p.X.Tick.Marker = ticks
	if !signed {
		p.X.Min = 0
	}
	// Rows top to bottom: group 0 at the top.
	rev := make([]string, len(groups))
	for i, g := range groups {
		rev[len(groups)-1-i] = g
	}
	p.NominalY(rev...)
	l := newLegend()
	var entries []string
	step := 0.7 / float64(max(1, len(series)))
	for si, s := range series {
		var pts plotter.XYs
		var errs plotter.XErrors
		var labels []string
		var at plotter.XYs // where the labels go: right of the interval
		for _, iv := range ivs {
			if iv.Series != s {
				continue
			}
			g := index(&groups, iv.Group)
			y := float64(len(groups)-1-g) + (float64(len(series)-1)/2-float64(si))*step
			lo, hi := iv.Median-iv.Low, iv.High-iv.Median
			if math.IsInf(lo, 0) || math.IsNaN(lo) || lo < 0 {
				lo = 0
			}
			if math.IsInf(hi, 0) || math.IsNaN(hi) || hi < 0 {
				hi = 0
			}
			pts = append(pts, plotter.XY{X: iv.Median, Y: y})
			errs = append(errs, struct{ Low, High float64 }{lo, hi})
			labels = append(labels, iv.Label)
			at = append(at, plotter.XY{X: iv.Median + hi, Y: y})
		}
		if len(pts) == 0 {
			continue
		}
		bars, err := plotter.NewXErrorBars(xErr{pts, errs})
		if err != nil {
			return chart{}, err
		}
		bars.LineStyle = draw.LineStyle{Color: styleOf(si).color, Width: vg.Points(1.5)}
		bars.CapWidth = vg.Points(8)
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return chart{}, err
		}
		sc.GlyphStyle = glyphStyle(si)
		lab, err := plotter.NewLabels(plotter.XYLabels{XYs: at, Labels: labels})
		if err != nil {
			return chart{}, err
		}
		for i := range lab.TextStyle {
			lab.TextStyle[i].Font = sans(9)
			lab.TextStyle[i].YAlign = draw.YCenter
		}
		lab.Offset = vg.Point{X: vg.Points(6)}
		p.Add(bars, sc, lab)
		if s != "" {
			l.Add(s, sc)
			entries = append(entries, s)
		}
	}
	// Room for the labels right of the widest interval.
	xmin, xmax := 0.0, 0.0
	for _, iv := range ivs {
		hi, lo := iv.Median, iv.Median
		if !math.IsInf(iv.High, 0) && !math.IsNaN(iv.High) {
			hi = math.Max(hi, iv.High)
		}
		if !math.IsInf(iv.Low, 0) && !math.IsNaN(iv.Low) {
			lo = math.Min(lo, iv.Low)
		}
		xmax, xmin = math.Max(xmax, hi), math.Min(xmin, lo)
	}
	if xmax > xmin {
		p.X.Max = xmax + 0.25*(xmax-xmin)
	}
	if signed {
		p.X.Min = math.Min(0, xmin-0.05*(xmax-xmin))
		zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(len(groups)) - 0.5}})
		if err != nil {
			return chart{}, err
		}
		zero.LineStyle = draw.LineStyle{Color: color.Gray{Y: 0x66}, Width: vg.Points(1)}
		p.Add(zero)
	}
	h := vg.Length(0.9*vg.Inch) + vg.Length(float64(len(groups))*math.Max(0.34, 0.19*float64(len(series))))*vg.Inch
	svg, err := drawSVG(p, &l, chartWidth, max(h, 2.2*vg.Inch), entries)
	return chart{ID: id, Title: title, Caption: caption, SVG: svg}, err
}

// xErr pairs points with their horizontal errors for NewXErrorBars.
type xErr struct {
	plotter.XYs
	plotter.XErrors
}
