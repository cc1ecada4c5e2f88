package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/profile"
	"github.com/llmbench/llmbench/pkg/regress"
)

// A page is the content of one HTML report.
type page struct {
	Title    string
	Headline string
	Lines    []string
	Warnings []string
	Charts   []chart
	Tables   []textTable
	Facts    []factTable
	Notes    []string
}

// A textTable is a table as the command prints it, shown as is.
type textTable struct {
	Title, Text string
}

// A factTable lists the fields of a JSON object (environment, configuration).
type factTable struct {
	Title string
	Rows  [][2]string
}

// WriteHTML writes r as one self-contained HTML page: inline CSS and SVG
// charts, no script, nothing loaded from anywhere (the page's content
// security policy forbids it).
func WriteHTML(w io.Writer, r *Result) error {
	var p *page
	var err error
	switch r.Kind {
	case KindBench:
		p, err = benchPage(r.File, r.Bench)
	case KindProfile:
		p, err = profilePage(r.Profile)
	case KindRegress:
		p, err = regressPage(r.Regress)
	default:
		return fmt.Errorf("no HTML page for a %s result", r.Kind)
	}
	if err != nil {
		return err
	}
	// The tables as the command prints them, then where it ran.
	var tb bytes.Buffer
	if err := Render(&tb, r, "table"); err != nil {
		return err
	}
	p.Tables = append(p.Tables, textTable{"Results, as llmbench " + string(r.Kind) + " prints them", tb.String()})
	if env := r.env(); env != nil {
		p.Facts = append([]factTable{{"Environment", fields(env)}}, p.Facts...)
	}
	return writePage(w, p)
}

// env is where the result was measured, nil when it does not say.
func (r *Result) env() *bench.Env {
	switch {
	case r.Bench != nil:
		return &r.Bench.Env
	case r.Profile != nil:
		return r.Profile.Env
	case r.Regress != nil:
		return r.Regress.Env
	}
	return nil
}

// maxLines is the most series a per-batch or latency chart draws; more
// are unreadable.
const maxLines = 6

func benchPage(file string, r *bench.Result) (*page, error) {
	p := &page{Title: "llmbench bench", Headline: bench.Headline(r), Lines: []string{bench.Describe(r)}, Warnings: r.Warnings}
	if file != "" {
		p.Lines = append(p.Lines, "Result file: "+file)
	}
	p.Facts = append(p.Facts, factTable{"Configuration", fields(r.Config)}, factTable{"Workload", fields(r.Workload)})
	if !anyBatch(r) {
		// Interrupted before any batch finished: nothing to chart.
		p.Lines = append(p.Lines, "No batch finished, so there is nothing to chart.")
		return p, nil
	}
	shown := shownVariants(r)
	var series []batchSeries
	for _, v := range shown {
		series = append(series, batchSeries{Name: v.Name, Samples: v.Samples, GC: v.SamplesGC})
	}
	batches, err := batchChart("per-batch", "Time per call of every batch, in run order", series, false)
	if err != nil {
		return nil, err
	}
	if len(shown) < len(r.Variants) {
		note := fmt.Sprintf(" This chart and the next show %d of the %d variants measured (%s); the tables list all.", len(shown), len(r.Variants), names(shown))
		batches.Caption += note
	}
	lat, err := latencyChart("latency", shown)
	if err != nil {
		return nil, err
	}
	medians, err := intervalChart("medians", "Time per call: median and 95% interval per variant",
		"time per call (median, 95% interval)",
		"The median of the batches' times per call with its 95% confidence interval (distribution-free, from order statistics). "+
			"Where the intervals of two variants do not overlap, the difference is clear; the before/after table gives the Mann-Whitney p-value. "+
			"With CPU time measured, the second marker is the process CPU time per call (every goroutine, GC included).",
		nsTicks{}, benchIntervals(r))
	if err != nil {
		return nil, err
	}
	p.Charts = append(p.Charts, batches, lat, medians)
	if a := r.Ablation; a != nil {
		ch, err := ablationChart(a)
		if err != nil {
			return nil, err
		}
		p.Charts = append(p.Charts, ch)
	}
	return p, nil
}

// anyBatch reports whether some variant of r has a finished batch.
func anyBatch(r *bench.Result) bool {
	for _, v := range r.Variants {
		if len(v.Samples) > 0 {
			return true
		}
	}
	return false
}

// shownVariants picks the variants the per-batch and latency charts draw:
// all of them up to maxLines; of an ablation, its baseline and the ablated
// variant (the other targets are in the ablation chart).
func shownVariants(r *bench.Result) []bench.Variant {
	if a := r.Ablation; a != nil && len(r.Variants) > maxLines {
		var out []bench.Variant
		for _, name := range []string{a.Baseline, a.Variant} {
			if v := r.Find(name); v != nil {
				out = append(out, *v)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return r.Variants[:min(len(r.Variants), maxLines)]
}

func names(vs []bench.Variant) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Name
	}
	return strings.Join(out, ", ")
}

// benchIntervals lists each variant's time per call (and CPU time per call
// when measured) as intervals.
func benchIntervals(r *bench.Result) []interval {
	cpu := false
	for _, v := range r.Variants {
		cpu = cpu || v.CPUNsPerOp.Median > 0
	}
	var out []interval
	for _, v := range r.Variants {
		wall := "wall time"
		if !cpu {
			wall = ""
		}
		out = append(out, nsInterval(v.Name, wall, v.NsPerOp))
		if cpu {
			out = append(out, nsInterval(v.Name, "CPU time", v.CPUNsPerOp))
		}
	}
	return out
}

// ablationChart draws what each change of the ablated variant buys: alone
// on baseline and inside the variant, with the total and the interaction.
func ablationChart(a *bench.Ablation) (chart, error) {
	alone := "alone on " + a.Baseline
	inside := "inside " + a.Variant
	gain := func(group, series string, g bench.Gain, unit string) interval {
		label := fmt.Sprintf("%+.1f%s", g.GainPct, unit)
		if g.HasCI() {
			label = fmt.Sprintf("%+.1f%s [%+.1f, %+.1f]", g.GainPct, unit, g.CILow, g.CIHigh)
		}
		return interval{Group: group, Series: series, Median: g.GainPct, Low: g.CILow, High: g.CIHigh, Label: label}
	}
	total := "total"
	if a.Claimed != "" {
		total += " (claimed " + a.Claimed + ")"
	}
	ivs := []interval{gain(total, alone, a.Total, "%")}
	for _, c := range a.Changes {
		name := c.Name
		switch {
		case c.Task != "" && c.Claimed != "":
			name += fmt.Sprintf(" (task %s, claimed %s)", c.Task, c.Claimed)
		case c.Task != "":
			name += " (task " + c.Task + ")"
		}
		ivs = append(ivs, gain(name, alone, c.Alone, "%"), gain(name, inside, c.Marginal, "%"))
	}
	ivs = append(ivs, gain("interaction", alone, a.Interaction, " pp"))
	method := a.Method
	if n := a.GCNote(); n != "" {
		method += ". " + n
	}
	return intervalChartFrom("ablation", "Ablation of "+a.Variant+": what each change buys",
		"gain: reduction of the median time per call (%, 95% interval; right is faster)",
		fmt.Sprintf("The total is %s against %s. Each change C of %s is measured alone on %s (%s+C against %s) and inside the variant (%s against %s-C), all interleaved in one run with paired batches. "+
			"The interaction is the total minus the sum of the changes alone, in percentage points: positive when the changes do more together than apart. %s",
			a.Variant, a.Baseline, a.Variant, a.Baseline, a.Baseline, a.Baseline, a.Variant, a.Variant, method),
		pctTicks{}, ivs, true)
}

func nsInterval(group, series string, e bench.Estimate) interval {
	return interval{Group: group, Series: series, Median: e.Median, Low: e.CILow, High: e.CIHigh, Label: bench.FormatCI(e, bench.FormatNs)}
}

func profilePage(r *profile.Report) (*page, error) {
	p := &page{Title: "llmbench profile", Headline: profile.Headline(r), Warnings: r.Warnings, Notes: r.Notes}
	p.Lines = append(p.Lines, fmt.Sprintf("workload %s (seed %d), %d goroutines (GOMAXPROCS %d), %gs per variant, %d Hz asked",
		r.Workload, r.Seed, r.Goroutines, r.GOMAXPROCS, r.Duration, r.RateAsked))
	var ivs []interval
	for _, v := range r.Variants {
		for _, c := range v.Components {
			name := c.Name
			if c.Parent != "" {
				name = "· " + name // inside its parent, the stage above
			}
			ivs = append(ivs, interval{Group: name, Series: v.Name, Median: c.Share, Low: c.Low, High: c.High,
				Label: fmt.Sprintf("%.1f%%", c.Share)})
		}
	}
	if len(ivs) > 0 {
		ch, err := intervalChart("shares", "Share of pipeline CPU per stage, per variant",
			"share of pipeline CPU (cumulative, 95% interval)",
			fmt.Sprintf("Each stage's share of the CPU samples under the pipeline (a stage counts its callees; nested stages count for their parent too), with the 95%% Wilson interval of the sample proportion. %s is before, %s after; total is the union of the hot spots.", orDash(r.Before), orDash(r.After)),
			pctTicks{}, ivs)
		if err != nil {
			return nil, err
		}
		p.Charts = append(p.Charts, ch)
	}
	p.Facts = append(p.Facts, factTable{"Configuration", [][2]string{
		{"workload", r.Workload}, {"seed", fmt.Sprint(r.Seed)}, {"gomaxprocs", fmt.Sprint(r.GOMAXPROCS)},
		{"goroutines", fmt.Sprint(r.Goroutines)}, {"duration per variant", fmt.Sprintf("%gs", r.Duration)},
		{"rate asked", fmt.Sprintf("%d Hz", r.RateAsked)}, {"claims", orDash(r.ClaimsSource)},
		{"claims tolerance", fmt.Sprintf("%g pp", r.TolerancePP)}}})
	for _, v := range r.Variants {
		p.Facts = append(p.Facts, factTable{"Variant " + v.Name, [][2]string{
			{"requests", fmt.Sprint(v.Requests)}, {"wall time", fmt.Sprintf("%.2f s", v.WallSeconds)},
			{"CPU time", fmt.Sprintf("%.2f s", v.CPUSeconds)}, {"CPU samples", fmt.Sprintf("%d (%d in the pipeline)", v.Samples, v.PipelineSamples)},
			{"sampling rate achieved", fmt.Sprintf("%.0f Hz", v.AchievedHz)}, {"files", strings.Join(fileList(v.Files), ", ")}}})
	}
	p.Notes = append(p.Notes, r.Commands...)
	return p, nil
}

func fileList(files map[string]string) []string {
	var out []string
	for _, k := range []string{"cpu", "heap"} {
		if f, ok := files[k]; ok {
			out = append(out, k+": "+f)
		}
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func regressPage(r *regress.Report) (*page, error) {
	p := &page{Title: "llmbench regress", Headline: regress.Summary(r), Warnings: r.Warnings}
	if perf := r.Perf; perf != nil && len(perf.Variants) > 0 {
		var ivs []interval
		for _, v := range perf.Variants {
			other := "baseline (" + perf.Baseline + ")"
			if perf.Mode == regress.ModeAgainst {
				other = perf.Baseline
			}
			for _, s := range []struct {
				name string
				e    bench.Estimate
			}{{other, v.Baseline}, {"this run", v.Current}} {
				ivs = append(ivs, nsInterval(v.Name, s.name, s.e))
			}
		}
		ch, err := intervalChart("perf", "Time per call against the baseline: median and 95% interval",
			"time per call ("+perf.Measure+")",
			perf.Rule,
			nsTicks{}, ivs)
		if err != nil {
			return nil, err
		}
		p.Charts = append(p.Charts, ch)
	}
	return p, nil
}

// fields lists the fields of v's JSON object in order, scalars as they
// read, arrays of scalars joined with commas, anything else as JSON.
func fields(v any) [][2]string {
	data, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var out [][2]string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return out
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return out
		}
		out = append(out, [2]string{fmt.Sprint(k), factValue(raw)})
	}
	return out
}

func factValue(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []any
	if json.Unmarshal(raw, &list) == nil {
		parts := make([]string, len(list))
		for i, x := range list {
			b, _ := json.Marshal(x)
			if s, ok := x.(string); ok {
				parts[i] = s
			} else {
				parts[i] = string(b)
			}
		}
		return strings.Join(parts, ", ")
	}
	return string(raw)
}

func writePage(w io.Writer, p *page) error {
	return pageTemplate.Execute(w, p)
}

// pageTemplate is the report's one HTML page. Its content security policy
// allows inline styles and nothing else: no script, no font, no request.
var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}: {{.Headline}}</title>
<style>
body { margin: 0; background: #fff; color: #111; font: 15px/1.45 "Liberation Sans", Arial, Helvetica, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 24px; margin: 0 0 6px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
p.headline { font-size: 18px; font-weight: bold; margin: 4px 0 12px; }
p.line { margin: 2px 0; color: #333; }
.warnings { border-left: 4px solid #b35900; background: #fff6ec; padding: 8px 14px; margin: 16px 0; }
.warnings li { margin: 3px 0; }
figure.chart { margin: 18px 0 8px; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart svg text { font-family: "Liberation Sans", Arial, Helvetica, sans-serif !important; }
figcaption { color: #333; margin-top: 4px; max-width: 1000px; }
figcaption b { color: #111; }
pre { font: 12.5px/1.35 "Liberation Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #f7f7f7; border: 1px solid #e2e2e2; padding: 10px; overflow-x: auto; }
table.facts { border-collapse: collapse; margin: 6px 0 18px; }
table.facts th, table.facts td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid #eee; vertical-align: top; }
table.facts th { font-weight: normal; color: #555; white-space: nowrap; }
table.facts td { font-family: "Liberation Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; word-break: break-all; }
.facts-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); column-gap: 32px; }
h3 { font-size: 16px; margin: 12px 0 4px; }
</style>
</head>
<body>
<main>
<header>
<h1>{{.Title}}</h1>
<p class="headline">{{.Headline}}</p>
{{range .Lines}}<p class="line">{{.}}</p>
{{end}}</header>
{{if .Warnings}}<section class="warnings" aria-label="warnings"><b>Warnings</b>
<ul>{{range .Warnings}}<li>{{.}}</li>{{end}}</ul></section>
{{end}}{{if .Charts}}<h2>Charts</h2>
{{range .Charts}}<figure class="chart" id="{{.ID}}">
<h3>{{.Title}}</h3>
{{.SVG}}
<figcaption>{{.Caption}}</figcaption>
</figure>
{{end}}{{end}}{{range .Tables}}<h2>{{.Title}}</h2>
<pre>{{.Text}}</pre>
{{end}}{{if .Facts}}<h2>Environment and configuration</h2>
<div class="facts-grid">
{{range .Facts}}<section><h3>{{.Title}}</h3>
<table class="facts">{{range .Rows}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>{{end}}</table></section>
{{end}}</div>
{{end}}{{if .Notes}}<h2>Notes</h2>
<ul>{{range .Notes}}<li>{{.}}</li>{{end}}</ul>
{{end}}</main>
</body>
</html>
`))

func writeComparisonHTML(w io.Writer, c *Comparison) error {
	p := &page{Title: "llmbench report: comparison", Headline: c.Headline(), Lines: []string{c.Describe}, Warnings: c.Warnings, Notes: c.Notes}
	for _, f := range c.Files {
		p.Lines = append(p.Lines, f.File+": "+fileLine(f))
	}
	var ivs []interval
	for _, m := range c.Metrics {
		if m.Name != "time/call" {
			continue
		}
		for _, r := range m.Rows {
			for i, cell := range r.Cells {
				if cell.Missing {
					continue
				}
				iv := nsInterval(r.Variant, c.Files[i].File, *cell.Estimate)
				if cell.Vs != nil {
					iv.Label += "  " + cell.Vs.String(r.Cells[0].N, cell.N)
				}
				ivs = append(ivs, iv)
			}
		}
	}
	medians, err := intervalChart("medians", "Time per call per variant and file: median and 95% interval",
		"time per call (median, 95% interval)",
		"Each file's median time per call with its 95% interval, and its change against the first file with the Mann-Whitney p-value (~: not significant). The intervals and p-values count the spread of the batches inside each run only; they say nothing about drift between the runs.",
		nsTicks{}, ivs)
	if err != nil {
		return err
	}
	p.Charts = append(p.Charts, medians)
	for _, name := range variantNames(c.results) {
		var series []batchSeries
		for i, r := range c.results {
			if v := r.Find(name); v != nil {
				series = append(series, batchSeries{Name: c.Files[i].File, Samples: v.Samples, GC: v.SamplesGC})
			}
		}
		ch, err := batchChart("per-batch-"+name, "Variant "+name+": time per call of every batch, per file", series, true)
		if err != nil {
			return err
		}
		p.Charts = append(p.Charts, ch)
	}
	var tb bytes.Buffer
	if err := writeComparisonText(&tb, c, false); err != nil {
		return err
	}
	p.Tables = append(p.Tables, textTable{"Comparison, as llmbench report prints it", tb.String()})
	for i, r := range c.results {
		p.Facts = append(p.Facts, factTable{"Environment of " + c.Files[i].File, fields(r.Env)})
	}
	p.Facts = append(p.Facts, factTable{"Configuration of " + c.Files[0].File, fields(c.results[0].Config)})
	return writePage(w, p)
}
