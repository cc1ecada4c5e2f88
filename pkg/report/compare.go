package report

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/infile"
)

// CompareSchema is the schema name of a comparison's JSON document.
const CompareSchema = "llmbench.compare/v1"

// A Comparison compares saved bench results benchstat-style: every
// variant's median time per call (and CPU time, allocations, bytes) in
// each file, with its interval, against the first file, with the
// Mann-Whitney U test over the per-batch samples of the two runs.
type Comparison struct {
	Schema string `json:"schema"`
	// Files are the compared results, the first being the base.
	Files []FileInfo `json:"files"`
	// Describe says what ran (the first file's workload and configuration).
	Describe string   `json:"describe"`
	Metrics  []Metric `json:"metrics"`
	// Notes say how to read the comparison; Warnings are differences
	// between the runs that do not forbid comparing them.
	Notes    []string `json:"notes"`
	Warnings []string `json:"warnings"`

	results []*bench.Result
}

// FileInfo describes one compared result.
type FileInfo struct {
	File      string    `json:"file"`
	Commit    string    `json:"commit,omitempty"`
	Dirty     bool      `json:"dirty,omitempty"`
	Timestamp time.Time `json:"timestamp"`
}

// A Metric is one measure compared across the files, one row per variant.
type Metric struct {
	// Name is the measure ("time/call"), Unit its unit ("ns").
	Name string `json:"name"`
	Unit string `json:"unit"`
	Rows []Row  `json:"variants"`
	// Geomean is the geometric mean of the rows' medians per file, when
	// every median is positive; its cells have no interval and no p-value.
	Geomean *Row `json:"geomean,omitempty"`
}

// A Row is one variant's measure in every file.
type Row struct {
	Variant string `json:"variant"`
	Cells   []Cell `json:"files"`
}

// A Cell is one variant's measure in one file. Missing is set when the file
// has no such variant.
type Cell struct {
	Missing  bool            `json:"missing,omitempty"`
	Estimate *bench.Estimate `json:"estimate,omitempty"`
	N        int             `json:"n,omitempty"`
	// Vs compares the cell with the first file's (nil in the first file).
	Vs *Delta `json:"vs_first,omitempty"`
}

// A Delta is a change against the first file.
type Delta struct {
	DeltaPct float64 `json:"delta_pct"`
	// PValue and Significant are the Mann-Whitney U test's over the two
	// files' batch samples; absent for a geometric mean.
	PValue      *float64 `json:"p_value,omitempty"`
	Significant bool     `json:"significant"`
}

// String formats the delta benchstat's way: "+30.00% (p=0.000 n=8+8)",
// "~ (p=0.841 n=8+8)".
func (d *Delta) String(n1, n2 int) string {
	if d.PValue == nil {
		return fmt.Sprintf("%+.2f%%", d.DeltaPct)
	}
	s := "~"
	if d.Significant {
		s = fmt.Sprintf("%+.2f%%", d.DeltaPct)
	}
	return fmt.Sprintf("%s (p=%.3f n=%d+%d)", s, *d.PValue, n1, n2)
}

// measure picks one per-batch measure of a variant.
type measure struct {
	name, unit string
	samples    func(*bench.Variant) []float64
}

var measures = []measure{
	{"time/call", "ns", func(v *bench.Variant) []float64 { return v.Samples }},
	{"CPU/call", "ns", func(v *bench.Variant) []float64 { return v.SamplesCPU }},
	{"allocs/op", "allocs", func(v *bench.Variant) []float64 { return v.SamplesAllocs }},
	{"B/op", "B", func(v *bench.Variant) []float64 { return v.SamplesBytes }},
}

// Compare compares two or more bench results. It refuses (with a
// *infile.Error naming the file) results that are not bench results, that ran
// different workloads (by content hash where the files record one, else by
// name and size) or different configurations; it warns about results
// measured on different machines or runtime settings.
func Compare(results []*Result) (*Comparison, error) {
	if len(results) < 2 {
		return nil, fmt.Errorf("comparing needs at least two bench results, got %d", len(results))
	}
	c := &Comparison{Schema: CompareSchema, Notes: []string{}, Warnings: []string{}}
	for _, r := range results {
		if r.Kind != KindBench {
			return nil, infile.Errorf(r.File, 0, "is a %s result: only bench results can be compared", r.Kind)
		}
		c.results = append(c.results, r.Bench)
		e := r.Bench.Env
		c.Files = append(c.Files, FileInfo{File: r.File, Commit: e.Commit, Dirty: e.Dirty, Timestamp: e.Timestamp})
	}
	base := results[0]
	for _, r := range results[1:] {
		if err := sameWork(base, r, &c.Warnings); err != nil {
			return nil, err
		}
		if diff := envDiff(base.Bench.Env, r.Bench.Env); len(diff) > 0 {
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s was measured in another environment than %s (%s): its differences include the machine's and the runtime's, not only the code's",
				r.File, base.File, strings.Join(diff, ", ")))
		}
		if r.Bench.Interrupted {
			c.Warnings = append(c.Warnings, r.File+" is an interrupted run: it holds only the batches that finished")
		}
	}
	if base.Bench.Interrupted {
		c.Warnings = append(c.Warnings, base.File+" is an interrupted run: it holds only the batches that finished")
	}
	c.Describe = bench.Describe(base.Bench)
	names := variantNames(c.results)
	for _, name := range names {
		for i, r := range c.results {
			if r.Find(name) == nil {
				c.Warnings = append(c.Warnings, fmt.Sprintf("%s has no variant %s", results[i].File, name))
			}
		}
	}
	for _, m := range measures {
		if metric, ok := c.metric(m, names); ok {
			c.Metrics = append(c.Metrics, metric)
		}
	}
	c.Notes = append(c.Notes,
		"each cell is the median of a run's per-batch samples with its 95% interval; the p-value (Mann-Whitney U) tests the batches of one run against the batches of the other, so it accounts for the spread of the samples inside each run, not for the drift between runs (another moment, another machine state, other processes' load): two runs of the same code can differ significantly; `~` means not significant at 5%",
		"to gate a change, run both builds interleaved in one job: `llmbench regress --against REV`")
	for _, r := range c.results {
		for _, v := range r.Variants {
			if len(v.Samples) < 6 {
				c.Warnings = append(c.Warnings, fmt.Sprintf("%s: variant %s has %d samples: too few for an interval or a significant difference (raise --batches or --count)", c.fileOf(r), v.Name, len(v.Samples)))
			}
		}
	}
	return c, nil
}

func (c *Comparison) fileOf(r *bench.Result) string {
	for i, x := range c.results {
		if x == r {
			return c.Files[i].File
		}
	}
	return ""
}

// metric compares one measure; false when no file measured it.
func (c *Comparison) metric(m measure, names []string) (Metric, bool) {
	out := Metric{Name: m.name, Unit: m.unit}
	found := false
	for _, name := range names {
		row := Row{Variant: name}
		var base []float64
		for i, r := range c.results {
			v := r.Find(name)
			if v == nil || len(m.samples(v)) == 0 {
				row.Cells = append(row.Cells, Cell{Missing: true})
				if i == 0 {
					base = nil
				}
				continue
			}
			xs := m.samples(v)
			found = true
			est := bench.Summarize(xs)
			cell := Cell{Estimate: &est, N: len(xs)}
			if i == 0 {
				base = xs
			} else if base != nil {
				sc := bench.CompareSamples(base, xs)
				p := sc.PValue
				cell.Vs = &Delta{DeltaPct: sc.DeltaPct, PValue: &p, Significant: sc.Significant}
			}
			row.Cells = append(row.Cells, cell)
		}
		out.Rows = append(out.Rows, row)
	}
	out.Geomean = geomean(out.Rows, len(c.results))
	return out, found
}

// geomean is the geometric mean of the medians per file over the variants
// every file has, nil when there are fewer than two such variants or a
// median is not positive.
func geomean(rows []Row, files int) *Row {
	logs := make([]float64, files)
	n := 0
	for _, r := range rows {
		ok := true
		for _, c := range r.Cells {
			ok = ok && !c.Missing && c.Estimate.Median > 0
		}
		if !ok {
			continue
		}
		for i, c := range r.Cells {
			logs[i] += math.Log(c.Estimate.Median)
		}
		n++
	}
	if n < 2 {
		return nil
	}
	g := &Row{Variant: "geomean"}
	for i := range logs {
		m := math.Exp(logs[i] / float64(n))
		cell := Cell{Estimate: &bench.Estimate{Median: m, CILow: math.Inf(-1), CIHigh: math.Inf(1)}}
		if i > 0 {
			cell.Vs = &Delta{DeltaPct: (m/g.Cells[0].Estimate.Median - 1) * 100}
		}
		g.Cells = append(g.Cells, cell)
	}
	return g
}

// variantNames lists the variants of all results, in the first file's order,
// then the others' new ones.
func variantNames(rs []*bench.Result) []string {
	var names []string
	seen := map[string]bool{}
	for _, r := range rs {
		for _, v := range r.Variants {
			if !seen[v.Name] {
				seen[v.Name] = true
				names = append(names, v.Name)
			}
		}
	}
	return names
}

// workloadHash returns the workload's content hash the result records
// (config.workload_sha256), "" in files that predate it.
func workloadHash(r *bench.Result) string {
	data, err := json.Marshal(r.Config)
	if err != nil {
		return ""
	}
	var cfg struct {
		SHA string `json:"workload_sha256"`
	}
	if json.Unmarshal(data, &cfg) != nil {
		return ""
	}
	return cfg.SHA
}

// sameWork checks that r measured the same work as base: the same workload
// and the configuration fields that change what a sample measures.
func sameWork(base, r *Result, warnings *[]string) error {
	b, x := base.Bench, r.Bench
	hb, hx := workloadHash(b), workloadHash(x)
	diff := bench.ConfigDiff(b.Config, x.Config)
	switch {
	case hb != "" && hx != "":
		if hb != hx {
			return infile.Errorf(r.File, 0, "ran another workload than %s: workload %s (sha256 %.12s) vs %s (sha256 %.12s); compare results of the same workload",
				base.File, workloadLabel(b), hb, workloadLabel(x), hx)
		}
		// The same content may come from another path.
		diff = dropField(diff, "workload")
	default:
		var missing []string
		for _, f := range []struct {
			file, hash string
		}{{base.File, hb}, {r.File, hx}} {
			if f.hash == "" {
				missing = append(missing, f.file)
			}
		}
		verb := "records"
		if len(missing) > 1 {
			verb = "record"
		}
		*warnings = append(*warnings, fmt.Sprintf("%s %s no workload content hash: the workloads are compared by name and number of templates only, so an edited workload file goes unnoticed",
			strings.Join(missing, " and "), verb))
		if b.Workload.Name != x.Workload.Name || b.Workload.Templates != x.Workload.Templates {
			return infile.Errorf(r.File, 0, "ran another workload than %s: %s vs %s; compare results of the same workload", base.File, workloadLabel(b), workloadLabel(x))
		}
	}
	if len(diff) > 0 {
		return infile.Errorf(r.File, 0, "was measured with another configuration than %s (%s); compare results of the same configuration", base.File, strings.Join(diff, ", "))
	}
	return nil
}

func workloadLabel(r *bench.Result) string {
	if r.Workload.Templates == 1 {
		return fmt.Sprintf("%q with 1 template", r.Workload.Name)
	}
	return fmt.Sprintf("%q with %d templates", r.Workload.Name, r.Workload.Templates)
}

func dropField(diff []string, field string) []string {
	var out []string
	for _, d := range diff {
		if !strings.HasPrefix(d, field+" ") {
			out = append(out, d)
		}
	}
	return out
}

// envDiff names the fields of the environment that differ, except the ones
// that say which code ran and when (commit, dirty, timestamp): every field
// of bench.Env, the machine's and the runtime settings', counts.
func envDiff(a, b bench.Env) []string {
	ma, mb := jsonFields(a), jsonFields(b)
	keys := map[string]bool{}
	for k := range ma {
		keys[k] = true
	}
	for k := range mb {
		keys[k] = true
	}
	var out []string
	for _, k := range sortedKeys(keys) {
		switch k {
		case "commit", "dirty", "timestamp":
			continue
		}
		if ma[k] != mb[k] {
			out = append(out, fmt.Sprintf("%s %s vs %s", k, orNone(ma[k]), orNone(mb[k])))
		}
	}
	return out
}

// jsonFields flattens a value's JSON object into field -> compact JSON.
func jsonFields(v any) map[string]string {
	data, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, raw := range m {
		out[k] = string(raw)
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Headline is the comparison's verdict in one line: per later file, the
// change of the geometric mean of the time per call and how many variants
// changed significantly.
func (c *Comparison) Headline() string {
	if len(c.Metrics) == 0 || c.Metrics[0].Name != "time/call" {
		return "nothing to compare"
	}
	m := c.Metrics[0]
	var parts []string
	for i := 1; i < len(c.Files); i++ {
		var up, down, same int
		var only string
		for _, r := range m.Rows {
			d := r.Cells[i].Vs
			switch {
			case d == nil:
				continue
			case !d.Significant:
				same++
			case d.DeltaPct > 0:
				up++
			default:
				down++
			}
			only = fmt.Sprintf("%+.1f%%", d.DeltaPct)
		}
		s := fmt.Sprintf("%s vs %s: time per call", c.Files[i].File, c.Files[0].File)
		switch {
		case m.Geomean != nil:
			s += fmt.Sprintf(" %+.1f%% (geomean)", m.Geomean.Cells[i].Vs.DeltaPct)
		case up+down+same == 1:
			s += " " + only
		}
		if up+down == 0 {
			s += fmt.Sprintf("; ~ no variant changed significantly (%d compared)", same)
		} else {
			s += fmt.Sprintf("; %d slower, %d faster, %d ~ of %d variants", up, down, same, up+down+same)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}
