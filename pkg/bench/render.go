package bench

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/llmbench/llmbench/pkg/table"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Formats are the output formats Render knows.
var Formats = []string{"table", "markdown", "json", "csv", "gobench"}

// Render writes r to w in format (one of Formats). Warnings are not written:
// they are r.Warnings, for the caller's error stream.
func Render(w io.Writer, r *Result, format string) error {
	switch format {
	case "table", "markdown":
		return writeText(w, r, format == "markdown")
	case "json":
		return WriteJSON(w, r)
	case "csv":
		return writeCSV(w, r)
	case "gobench":
		return writeGoBench(w, r)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, "|"))
}

// WriteJSON writes r, a result (bench's, profile's, regress's or a
// document derived from one), as indented JSON: the one way llmbench
// writes a JSON document.
func WriteJSON(w io.Writer, r any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// FormatNs formats nanoseconds with three significant digits: "812ns",
// "4.21µs", "1.26ms", "2.50s".
func FormatNs(ns float64) string {
	switch a := math.Abs(ns); {
	case a < 1e3:
		return strconv.FormatFloat(ns, 'f', 0, 64) + "ns"
	case a < 1e6:
		return sig3(ns/1e3) + "µs"
	case a < 1e9:
		return sig3(ns/1e6) + "ms"
	}
	return sig3(ns/1e9) + "s"
}

func sig3(x float64) string {
	switch a := math.Abs(x); {
	case a < 10:
		return strconv.FormatFloat(x, 'f', 2, 64)
	case a < 100:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return strconv.FormatFloat(x, 'f', 0, 64)
}

// ciString renders an estimate of nanoseconds benchstat's way: "4.21µs ± 2%".
func ciString(e Estimate) string { return FormatCI(e, FormatNs) }

// FormatCI renders an estimate benchstat's way, the median formatted by
// format and the wider side of its interval in percent: "4.21µs ± 2%";
// "± ∞" when the interval needs more samples.
func FormatCI(e Estimate, format func(float64) string) string {
	if !e.HasCI() {
		return format(e.Median) + " ± ∞"
	}
	if e.Median == 0 {
		return format(0)
	}
	pct := 100 * math.Max(e.CIHigh/e.Median-1, 1-e.CILow/e.Median)
	return fmt.Sprintf("%s ± %.0f%%", format(e.Median), pct)
}

func pct(before, after float64) string {
	if before == 0 {
		if after == 0 {
			return "0%"
		}
		return "?"
	}
	return fmt.Sprintf("%+.1f%%", (after/before-1)*100)
}

func count(x float64) string {
	if x == math.Trunc(x) || x >= 100 {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

// memCount is count(x) for a memory figure of v, "-" where v's memory was
// not measured.
func memCount(v *Variant, x float64) string {
	if !v.MemMeasured() {
		return "-"
	}
	return count(x)
}

// memPct is pct for a memory figure, "-" unless both sides measured it.
func memPct(b, a *Variant, before, after float64) string {
	if !b.MemMeasured() || !a.MemMeasured() {
		return "-"
	}
	return pct(before, after)
}

// newTable is a table with its header set.
func newTable(w io.Writer, md bool, header []string, align []tw.Align) *tablewriter.Table {
	t := table.New(w, md, align)
	t.Header(header)
	return t
}

// Describe is the one-line description of what ran.
func Describe(r *Result) string {
	c := r.Config
	wl := r.Workload.Name
	if r.Workload.Templates > 1 {
		wl = fmt.Sprintf("%s (%d request templates)", wl, r.Workload.Templates)
	}
	conc := strconv.Itoa(c.Concurrency)
	if c.Concurrency == 0 {
		conc = "1 goroutine per request"
	}
	d := fmt.Sprintf("workload %s; %d requests in %d batches x %d runs per variant, concurrency %s, warmup %d",
		wl, c.Requests, c.Batches, c.Count, conc, c.Warmup)
	if c.GCUntimed {
		d += "; garbage collection between batches, untimed"
	}
	return d
}

func describeEnv(e Env) string {
	s := fmt.Sprintf("%s %s/%s, %s, GOMAXPROCS=%d", e.GoVersion, e.OS, e.Arch, e.CPU, e.GOMAXPROCS)
	if e.Commit != "" {
		c := e.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		if e.Dirty {
			c += "+dirty"
		}
		s += ", commit " + c
	}
	return s
}

// Headline is r's verdict in one line: each variant against the first,
// benchstat's way ("~" when the difference is not significant).
func Headline(r *Result) string {
	var parts []string
	comps := r.Comparisons
	if r.Ablation != nil && len(comps) > 0 { // the ablation's targets are in its own sentence
		comps = comps[:1]
	}
	for _, c := range comps {
		switch {
		case !c.Significant:
			parts = append(parts, fmt.Sprintf("%s vs %s: ~ no significant difference in time per call (p=%.3f n=%d+%d)", c.After, c.Before, c.PValue, c.N1, c.N2))
		case c.Speedup >= 1:
			parts = append(parts, fmt.Sprintf("%s is %.2fx faster than %s (time per call %+.1f%%, p=%.3f n=%d+%d)", c.After, c.Speedup, c.Before, c.DeltaPct, c.PValue, c.N1, c.N2))
		default:
			parts = append(parts, fmt.Sprintf("%s is %.2fx slower than %s (time per call %+.1f%%, p=%.3f n=%d+%d)", c.After, 1/c.Speedup, c.Before, c.DeltaPct, c.PValue, c.N1, c.N2))
		}
	}
	if a := r.Ablation; a != nil {
		parts = append(parts, a.Verdict())
	}
	if len(parts) == 0 && len(r.Variants) > 0 {
		v := r.Variants[0]
		parts = append(parts, fmt.Sprintf("%s: %s per call", v.Name, ciString(v.NsPerOp)))
	}
	s := strings.Join(parts, "; ")
	if r.Interrupted {
		s = "INTERRUPTED, partial result: " + s
	}
	return s
}

func writeText(w io.Writer, r *Result, md bool) error {
	if md {
		// A GitHub step summary: the verdict first.
		fmt.Fprintf(w, "### %s\n\n", Headline(r))
	}
	head := func(s string) {
		if md {
			fmt.Fprintf(w, "**%s**\n\n", s)
		} else {
			fmt.Fprintln(w, s)
		}
	}
	head("llmbench bench: " + Describe(r))
	fmt.Fprintf(w, "%s\n", describeEnv(r.Env))
	if md {
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%s\n\n", r.Env.DescribeSettings())
	if err := writeVariants(w, r, md); err != nil {
		return err
	}
	if len(r.Paired) > 0 {
		fmt.Fprintln(w)
		head("Batch by batch (each pair ran the same requests, one right after the other):")
		if err := writePaired(w, r, md); err != nil {
			return err
		}
	} else if c := r.Comparison; c != nil {
		pairs, rest := beforeAfterPairs(r)
		fmt.Fprintln(w)
		names := make([]string, len(pairs))
		for i, p := range pairs {
			names[i] = p.Before + " -> " + p.After
		}
		head("Before/after: " + strings.Join(names, ", "))
		if err := writeBeforeAfter(w, r, pairs, md); err != nil {
			return err
		}
		for _, o := range rest {
			fmt.Fprintf(w, "%s vs %s: time per call %s (p=%.3f n=%d+%d), speedup %.2fx\n", o.After, o.Before, o.Delta(), o.PValue, o.N1, o.N2, o.Speedup)
		}
		for i := range pairs {
			if p := r.projection(i); p != nil {
				fmt.Fprintln(w)
				writeProjection(w, p, md)
			}
		}
	}
	if r.Ablation != nil {
		fmt.Fprintln(w)
		if err := writeAblation(w, r.Ablation, md, head); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	o := r.Overhead
	verdict := "ok"
	if !o.OK {
		verdict = "TOO HIGH"
	}
	switch {
	case o.NotMeasured:
		fmt.Fprintln(w, "Harness overhead: not measured here (every target ran in a driver, which measures its own batches)")
	case r.Interrupted && o == (Overhead{}):
		fmt.Fprintln(w, "Harness overhead: not measured (interrupted before the empty pipeline ran a batch)")
	default:
		fmt.Fprintf(w, "Harness overhead: %s per call, %s allocs/call (empty pipeline), %.2f%% of the fastest variant's time per call (limit %.0f%%: %s)\n",
			FormatNs(o.NsPerOp), count(o.AllocsPerOp), o.PctOfFastest, MaxOverheadPct, verdict)
	}
	if r.Interrupted {
		fmt.Fprintln(w, "INTERRUPTED: only the batches that finished are shown")
	}
	return nil
}

func writePaired(w io.Writer, r *Result, md bool) error {
	header := []string{"before", "after", "measure", "before/call", "after/call", "change [95% CI]", "pairs", "allocs/op"}
	t := newTable(w, md, header, []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight})
	for _, p := range r.Paired {
		b, a := r.Find(p.Before), r.Find(p.After)
		bm, am, measure := b.NsPerOp.Median, a.NsPerOp.Median, "wall"
		if p.Measure == "cpu_ns_per_op" {
			bm, am, measure = b.CPUNsPerOp.Median, a.CPUNsPerOp.Median, "CPU"
		}
		allocs := fmt.Sprintf("%s -> %s", count(p.AllocsBefore), count(p.AllocsAfter))
		if p.AllocsDelta != 0 {
			allocs += fmt.Sprintf(" (%+.2f)", p.AllocsDelta)
		}
		if err := t.Append(p.Before, p.After, measure, FormatNs(bm), FormatNs(am), p.Interval(), strconv.Itoa(p.Pairs), allocs); err != nil {
			return err
		}
	}
	return t.Render()
}

func writeVariants(w io.Writer, r *Result, md bool) error {
	header := []string{"variant", "time/call", "CPU/call", "req/s", "p50", "p90", "p99", "max", "allocs/op", "B/op", "GCs", "samples"}
	if r.VsSaved != nil {
		header = append(header, "vs saved", "allocs vs saved")
	}
	t := newTable(w, md, header, table.Align(len(header)))
	for _, v := range r.Variants {
		cpu := "-"
		if v.CPUNsPerOp.Median > 0 {
			cpu = FormatNs(v.CPUNsPerOp.Median)
		}
		row := []string{v.Name, ciString(v.NsPerOp), cpu, fmt.Sprintf("%.0f", v.RPS),
			FormatNs(float64(v.Latency.P50)), FormatNs(float64(v.Latency.P90)), FormatNs(float64(v.Latency.P99)), FormatNs(float64(v.Latency.Max)),
			memCount(&v, v.AllocsPerOp), memCount(&v, v.BytesPerOp), memCount(&v, float64(v.GCCycles)), strconv.Itoa(len(v.Samples))}
		if r.VsSaved != nil {
			row = append(row, "-", "-")
			for _, d := range r.VsSaved.Variants {
				if d.Name == v.Name {
					row[len(row)-2] = fmt.Sprintf("%s (p=%.3f n=%d+%d)", d.Delta(), d.PValue, d.N1, d.N2)
					row[len(row)-1] = fmt.Sprintf("%s -> %s", count(d.SavedAllocs), count(d.Allocs))
				}
			}
		}
		if err := t.Append(row); err != nil {
			return err
		}
	}
	return t.Render()
}

// maxAfterColumns is how many "after" variants the before/after table
// shows side by side; further comparisons get one line each.
const maxAfterColumns = 2

// beforeAfterPairs splits r's comparisons into those the before/after table
// shows (the first maxAfterColumns; only the variant itself in an
// ablation, whose other targets the ablation table covers) and the rest.
func beforeAfterPairs(r *Result) (table, rest []Comparison) {
	n := min(len(r.Comparisons), maxAfterColumns)
	if r.Ablation != nil {
		return r.Comparisons[:min(n, 1)], nil
	}
	return r.Comparisons[:n], r.Comparisons[n:]
}

// writeBeforeAfter writes the before/after table: the first variant, then
// each compared variant with its improvement.
func writeBeforeAfter(w io.Writer, r *Result, pairs []Comparison, md bool) error {
	b := r.Find(pairs[0].Before)
	header := []string{"metric", "before (" + b.Name + ")"}
	type col struct {
		c *Comparison
		a *Variant
	}
	var cols []col
	for i := range pairs {
		a := r.Find(pairs[i].After)
		if a == nil {
			continue
		}
		cols = append(cols, col{&pairs[i], a})
		header = append(header, "after ("+a.Name+")", "improvement")
	}
	t := newTable(w, md, header, table.Align(len(header)))
	row := func(metric, before string, cell func(c *Comparison, a *Variant) (string, string)) []string {
		out := []string{metric, before}
		for _, k := range cols {
			v, imp := cell(k.c, k.a)
			out = append(out, v, imp)
		}
		return out
	}
	lat := func(name string, get func(Latency) int64) []string {
		return row(name, FormatNs(float64(get(b.Latency))), func(_ *Comparison, a *Variant) (string, string) {
			return FormatNs(float64(get(a.Latency))), pct(float64(get(b.Latency)), float64(get(a.Latency)))
		})
	}
	rows := [][]string{
		row("time per call (median)", FormatNs(b.NsPerOp.Median), func(c *Comparison, a *Variant) (string, string) {
			return FormatNs(a.NsPerOp.Median), fmt.Sprintf("%s (p=%.3f n=%d+%d)", c.Delta(), c.PValue, c.N1, c.N2)
		}),
		row("speedup", "1.00x", func(c *Comparison, a *Variant) (string, string) {
			return fmt.Sprintf("%.2fx", c.Speedup), significance(c)
		}),
		row("requests/s", fmt.Sprintf("%.0f", b.RPS), func(c *Comparison, a *Variant) (string, string) {
			return fmt.Sprintf("%.0f", a.RPS), pct(b.RPS, a.RPS)
		}),
		row("CPU per call (median)", FormatNs(b.CPUNsPerOp.Median), func(c *Comparison, a *Variant) (string, string) {
			return FormatNs(a.CPUNsPerOp.Median), cpuDelta(c, b, a)
		}),
		lat("latency p50", func(l Latency) int64 { return l.P50 }),
		lat("latency p90", func(l Latency) int64 { return l.P90 }),
		lat("latency p99", func(l Latency) int64 { return l.P99 }),
		lat("latency max", func(l Latency) int64 { return l.Max }),
		row("allocs/op", memCount(b, b.AllocsPerOp), func(c *Comparison, a *Variant) (string, string) {
			return memCount(a, a.AllocsPerOp), memPct(b, a, b.AllocsPerOp, a.AllocsPerOp)
		}),
		row("B/op", memCount(b, b.BytesPerOp), func(c *Comparison, a *Variant) (string, string) {
			return memCount(a, a.BytesPerOp), memPct(b, a, b.BytesPerOp, a.BytesPerOp)
		}),
		row("GC cycles", memCount(b, float64(b.GCCycles)), func(c *Comparison, a *Variant) (string, string) {
			return memCount(a, float64(a.GCCycles)), memPct(b, a, float64(b.GCCycles), float64(a.GCCycles))
		}),
	}
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}

// cpuDelta formats the CPU time change like the time per call's.
func cpuDelta(c *Comparison, b, a *Variant) string {
	if len(b.SamplesCPU) == 0 || len(a.SamplesCPU) == 0 {
		return pct(b.CPUNsPerOp.Median, a.CPUNsPerOp.Median)
	}
	d := "~"
	if c.CPUPValue <= Alpha {
		d = fmt.Sprintf("%+.2f%%", c.CPUDeltaPct)
	}
	return fmt.Sprintf("%s (p=%.3f n=%d+%d)", d, c.CPUPValue, len(b.SamplesCPU)-b.CPUDropped, len(a.SamplesCPU)-a.CPUDropped)
}

func significance(c *Comparison) string {
	if c.Significant {
		return fmt.Sprintf("significant at %.0f%%", 100*(1-Alpha))
	}
	return "~ not significant"
}

func writeProjection(w io.Writer, p *Projection, md bool) {
	basis := "measured CPU time per call"
	if p.Basis == "wall" {
		basis = "measured wall time per call"
	}
	bullet := "  "
	if md {
		bullet = "- "
		fmt.Fprintf(w, "**Expected production impact at %.0f requests/s** (%s):\n\n", p.RPS, basis)
	} else {
		fmt.Fprintf(w, "Expected production impact at %.0f requests/s (%s):\n", p.RPS, basis)
	}
	fmt.Fprintf(w, "%sbefore (%s): %.4f CPU-seconds per second of pipeline work (%.2f%% of one core)\n", bullet, p.Before, p.CPUSecPerSecBefore, 100*p.CPUSecPerSecBefore)
	fmt.Fprintf(w, "%safter  (%s): %.4f CPU-seconds per second (%.2f%% of one core)\n", bullet, p.After, p.CPUSecPerSecAfter, 100*p.CPUSecPerSecAfter)
	cpu, serves := fmt.Sprintf("%.1f%% less", p.CPUSavedPct), fmt.Sprintf("%+.0f requests/s", p.ExtraRPS)
	if p.CPUSavedPct < 0 {
		cpu, serves = fmt.Sprintf("%.1f%% more", -p.CPUSavedPct), fmt.Sprintf("%.0f fewer requests/s", -p.ExtraRPS)
	}
	fmt.Fprintf(w, "%sresult: %s pipeline CPU; the same CPU serves %s (%.0f instead of %.0f); median latency %+.1f%%\n",
		bullet, cpu, serves, p.RPS+p.ExtraRPS, p.RPS, p.LatencyP50DeltaPct)
}

func writeCSV(w io.Writer, r *Result) error {
	cw := csv.NewWriter(w)
	header := []string{"variant", "ns_per_op", "ci_low", "ci_high", "cpu_ns_per_op", "rps", "p50_ns", "p90_ns", "p99_ns", "max_ns",
		"allocs_per_op", "bytes_per_op", "gc_cycles", "samples", "requests", "delta_pct", "speedup", "p_value"}
	if r.VsSaved != nil {
		header = append(header, "saved_ns_per_op", "saved_delta_pct", "saved_p_value")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	f := func(x float64) string {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return ""
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	for i, v := range r.Variants {
		row := []string{v.Name, f(v.NsPerOp.Median), f(v.NsPerOp.CILow), f(v.NsPerOp.CIHigh), f(v.CPUNsPerOp.Median), f(v.RPS),
			strconv.FormatInt(v.Latency.P50, 10), strconv.FormatInt(v.Latency.P90, 10), strconv.FormatInt(v.Latency.P99, 10), strconv.FormatInt(v.Latency.Max, 10),
			f(v.AllocsPerOp), f(v.BytesPerOp), strconv.Itoa(int(v.GCCycles)), strconv.Itoa(len(v.Samples)), strconv.Itoa(v.Requests), "", "", ""}
		if i > 0 && i-1 < len(r.Comparisons) {
			c := r.Comparisons[i-1]
			row[15], row[16], row[17] = f(c.DeltaPct), f(c.Speedup), f(c.PValue)
		}
		if r.VsSaved != nil {
			row = append(row, "", "", "")
			for _, d := range r.VsSaved.Variants {
				if d.Name == v.Name {
					row[len(row)-3], row[len(row)-2], row[len(row)-1] = f(d.SavedNs), f(d.DeltaPct), f(d.PValue)
				}
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	if r.Ablation != nil {
		if err := writeAblationCSV(cw, r.Ablation, f); err != nil {
			return err
		}
	}
	if r.Interrupted { // a last record no reader takes for a variant
		mark := make([]string, len(header))
		mark[0] = "# INTERRUPTED: only the batches that finished are shown"
		if err := cw.Write(mark); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// BenchName is the Go benchmark name of a variant of r, without the
// -GOMAXPROCS suffix: BenchmarkPipeline/variant=V/workload=W (or model=M).
func BenchName(r *Result, variant string) string {
	key, val := "workload", r.Workload.Name
	if r.Config.Model != "" {
		key, val = "model", r.Config.Model
	} else if strings.ContainsAny(val, `/\.`) {
		val = strings.TrimSuffix(filepath.Base(val), filepath.Ext(val))
	}
	return "BenchmarkPipeline/variant=" + nameSafe(variant) + "/" + key + "=" + nameSafe(val)
}

// nameSafe makes s usable as a benchmark name part: no '/', '=' or spaces.
func nameSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '/', '=', ' ', '\t', '\n', '\r':
			return '_'
		}
		return r
	}, s)
}

// writeGoBench writes the Go benchmark format (golang.org/design/14313): the
// configuration lines, then one result line per batch sample in run order,
// so that benchstat sees every sample.
func writeGoBench(w io.Writer, r *Result) error {
	e, c := r.Env, r.Config
	fmt.Fprintf(w, "goos: %s\ngoarch: %s\npkg: github.com/llmbench/llmbench\ncpu: %s\n", e.OS, e.Arch, e.CPU)
	if e.Commit != "" {
		fmt.Fprintf(w, "commit: %s\n", e.Commit)
	}
	fmt.Fprintf(w, "concurrency: %d\nrequests: %d\nbatches: %d\n", c.Concurrency, c.Requests, c.Batches)
	if r.Interrupted { // benchstat shows configuration lines with its tables
		fmt.Fprintln(w, "status: INTERRUPTED, only the batches that finished")
	}
	batch := c.Requests / c.Batches
	n := 0
	for _, v := range r.Variants {
		n = max(n, len(v.Samples))
	}
	for i := 0; i < n; i++ {
		for _, v := range r.Variants {
			if i >= len(v.Samples) {
				continue
			}
			line := fmt.Sprintf("%s-%d\t%d\t%.2f ns/op", BenchName(r, v.Name), e.GOMAXPROCS, batch, v.Samples[i])
			if i < len(v.SamplesBytes) && i < len(v.SamplesAllocs) {
				line += fmt.Sprintf("\t%.1f B/op\t%.2f allocs/op", v.SamplesBytes[i], v.SamplesAllocs[i])
			}
			if _, err := fmt.Fprintln(w, line); err != nil {
				return err
			}
		}
	}
	if r.Ablation != nil {
		return writeAblationGoBench(w, r, r.Ablation)
	}
	return nil
}
