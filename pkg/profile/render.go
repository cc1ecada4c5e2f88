package profile

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/table"
	"github.com/olekukonko/tablewriter/tw"
)

// Formats lists the formats Render accepts.
var Formats = []string{"table", "markdown", "json"}

// Render writes r to w as "table" (ASCII tables), "markdown" or "json".
// Warnings and commands are part of the JSON document; in the other formats
// they are left to the caller (they belong on stderr).
func Render(w io.Writer, r *Report, format string) error {
	switch format {
	case "table", "":
		return writeText(w, r, false)
	case "markdown":
		return writeText(w, r, true)
	case "json":
		return bench.WriteJSON(w, r)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// textWriter renders the text and Markdown forms.
type textWriter struct {
	w   io.Writer
	md  bool
	err error
}

func (t *textWriter) printf(format string, args ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, args...)
	}
}

func (t *textWriter) heading(s string) {
	if t.md {
		t.printf("\n### %s\n\n", s)
	} else {
		t.printf("\n%s\n", s)
	}
}

func (t *textWriter) table(header []string, align []tw.Align, rows [][]string) {
	if t.err != nil {
		return
	}
	tb := table.New(t.w, t.md, align)
	tb.Header(header)
	for _, row := range rows {
		if err := tb.Append(row); err != nil {
			t.err = err
			return
		}
	}
	t.err = tb.Render()
}

// Headline is r's verdict in one line: the claims that hold, do not hold
// and cannot be decided, and the hot spots' union before and after.
func Headline(r *Report) string {
	if r.Interrupted {
		return "INTERRUPTED, no profile written: " + headline(r)
	}
	return headline(r)
}

func headline(r *Report) string {
	var held, failed, open, claimed int
	var total *Comparison
	for i, c := range r.Comparison {
		if c.Component == Total {
			total = &r.Comparison[i]
		}
		switch c.Verdict {
		case Holds:
			held++
		case DoesNotHold:
			failed++
		case NotDecidable:
			open++
		default:
			continue
		}
		claimed++
	}
	if r.Before == "" {
		return fmt.Sprintf("%d variants profiled, nothing compared (a comparison needs two variants with CPU samples)", len(r.Variants))
	}
	s := fmt.Sprintf("%s -> %s", r.Before, r.After)
	if claimed > 0 {
		s += fmt.Sprintf(": of %d claims, %d hold, %d do not hold, %d not decidable", claimed, held, failed, open)
	}
	if total != nil {
		s += fmt.Sprintf("; the hot spots take %s -> %s of pipeline CPU", shareCI(total.Before, total.BeforeCI), shareCI(total.After, total.AfterCI))
	}
	return s
}

func writeText(w io.Writer, r *Report, md bool) error {
	t := &textWriter{w: w, md: md}
	if md {
		// A GitHub step summary: the verdict first.
		t.printf("## llmbench profile: %s\n\n", Headline(r))
	} else {
		t.printf("llmbench profile\n")
	}
	t.printf("workload %s (seed %d), %d goroutines (GOMAXPROCS %d), %s per variant, %d Hz asked\n",
		r.Workload, r.Seed, r.Goroutines, r.GOMAXPROCS, seconds(r.Duration), r.RateAsked)
	if r.Env != nil {
		if md {
			t.printf("\n")
		}
		t.printf("%s\n", r.Env.DescribeSettings())
	}
	if md {
		t.printf("\n")
	}
	for _, v := range r.Variants {
		line := fmt.Sprintf("%s: %s requests in %.1f s", v.Name, thousands(v.Requests), v.WallSeconds)
		if v.Files["cpu"] != "" {
			line += fmt.Sprintf(", %s CPU samples (%s in the pipeline)", thousands(v.Samples), thousands(v.PipelineSamples))
			if v.AchievedHz > 0 {
				line += fmt.Sprintf(" over %.1f CPU-s = %.0f Hz achieved", v.CPUSeconds, v.AchievedHz)
			}
		}
		if md {
			t.printf("- %s\n", line)
		} else {
			t.printf("  %s\n", line)
		}
	}

	if hasCPU(r) {
		t.heading("Share of pipeline CPU by component (cumulative, 95% interval)")
		header := []string{"component"}
		align := []tw.Align{tw.AlignLeft}
		for _, v := range r.Variants {
			header = append(header, v.Name, "samples")
			align = append(align, tw.AlignRight, tw.AlignRight)
		}
		var rows [][]string
		for i, c := range widest(r.Variants).Components {
			row := []string{componentName(c.Name, c.Parent)}
			for _, v := range r.Variants {
				if i < len(v.Components) {
					row = append(row, shareCI(v.Components[i].Share, v.Components[i].CIPP), thousands(v.Components[i].Samples))
				} else {
					row = append(row, "", "")
				}
			}
			rows = append(rows, row)
		}
		t.table(header, align, rows)
	}

	if len(r.Comparison) > 0 {
		src := r.ClaimsSource
		if src == "" {
			src = "claims"
		}
		heading := fmt.Sprintf("Before (%s) / after (%s), beside the %s's estimates", r.Before, r.After, src)
		header := []string{"Component", "Before", "After", "Improvement"}
		align := []tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight}
		if r.Beside != "" {
			heading = fmt.Sprintf("Before (%s) / after (%s), with %s beside, and the %s's estimates (verdicts judge %s)",
				r.Before, r.After, r.Beside, src, r.After)
			header = append(header, r.Beside, "Improvement ("+r.Beside+")")
			align = append(align, tw.AlignRight, tw.AlignRight)
		}
		header = append(header, "Claimed before", "Claimed after", "Claimed improvement", "Verdict")
		align = append(align, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignLeft)
		t.heading(heading)
		var rows [][]string
		for _, c := range r.Comparison {
			if c.ClaimBefore == "" && c.ClaimAfter == "" && c.ClaimImprovement == "" {
				continue
			}
			row := []string{c.Label, shareCI(c.Before, c.BeforeCI), shareCI(c.After, c.AfterCI), improvement(c.DeltaPP, c.DeltaCI)}
			if r.Beside != "" {
				if c.Beside != nil {
					row = append(row, shareCI(*c.Beside, c.BesideCI), improvement(c.BesideDeltaPP, c.BesideDeltaCI))
				} else {
					row = append(row, "-", "-")
				}
			}
			rows = append(rows, append(row, dash(c.ClaimBefore), dash(c.ClaimAfter), dash(c.ClaimImprovement),
				verdictText(c.Verdict)))
		}
		t.table(header, align, rows)
	}

	if hasMemory(r) {
		t.heading("Allocations by component (heap profile, cumulative, per request)")
		header := []string{"component"}
		align := []tw.Align{tw.AlignLeft}
		for _, v := range r.Variants {
			header = append(header, v.Name+" B/req", "allocs/req")
			align = append(align, tw.AlignRight, tw.AlignRight)
		}
		var rows [][]string
		for i, m := range r.Variants[0].Memory {
			row := []string{m.Name}
			for _, v := range r.Variants {
				if i < len(v.Memory) {
					row = append(row, fmt.Sprintf("%.0f", v.Memory[i].BytesPerRequest), fmt.Sprintf("%.2f", v.Memory[i].ObjectsPerRequest))
				} else {
					row = append(row, "", "")
				}
			}
			rows = append(rows, row)
		}
		t.table(header, align, rows)
	}

	for _, v := range r.Variants {
		for _, c := range v.Components {
			if len(c.Lines) == 0 {
				continue
			}
			t.heading(fmt.Sprintf("Hottest lines of %s in %s (%s samples, %.1f%% of the pipeline)", c.Name, v.Name,
				thousands(c.Samples), c.Share))
			var rows [][]string
			for _, l := range c.Lines {
				src := l.Source
				if md {
					src = "`" + strings.ReplaceAll(src, "|", `\|`) + "`"
				}
				rows = append(rows, []string{filepath.Base(l.File) + ":" + strconv.FormatInt(l.Line, 10), thousands(l.Value),
					fmt.Sprintf("%.1f%%", l.OfStage), fmt.Sprintf("%.1f%%", l.OfPipeline), src})
			}
			t.table([]string{"line", "samples", "% stage", "% pipeline", "source"},
				[]tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignLeft}, rows)
		}
	}

	if len(r.Notes) > 0 {
		t.heading("Notes")
		for _, n := range r.Notes {
			t.printf("- %s\n", n)
		}
	}
	if r.Interrupted {
		t.printf("\nINTERRUPTED: only the profiling slices that finished are shown; no profile file was written\n")
	}
	return t.err
}

// widest returns the variant with the most components (a variant whose
// profile had no pipeline samples has none).
func widest(vs []VariantReport) VariantReport {
	w := vs[0]
	for _, v := range vs[1:] {
		if len(v.Components) > len(w.Components) {
			w = v
		}
	}
	return w
}

func hasCPU(r *Report) bool {
	for _, v := range r.Variants {
		if len(v.Components) > 0 {
			return true
		}
	}
	return false
}

func hasMemory(r *Report) bool {
	for _, v := range r.Variants {
		if len(v.Memory) > 0 {
			return true
		}
	}
	return false
}

func componentName(name, parent string) string {
	switch {
	case parent != "":
		return "  " + name
	case name == Total:
		return Total + " (hot spots, union)"
	}
	return name
}

func shareCI(share, ci float64) string { return fmt.Sprintf("%.1f%% ±%.1f", share, ci) }

func improvement(delta, ci float64) string {
	if delta <= 0 {
		return fmt.Sprintf("%.1f pp less ±%.1f", -delta, ci)
	}
	return fmt.Sprintf("%.1f pp more ±%.1f", delta, ci)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func verdictText(v Verdict) string {
	if v == "" {
		return "-"
	}
	return string(v)
}

func seconds(s float64) string {
	return strconv.FormatFloat(s, 'f', -1, 64) + "s"
}

// thousands formats n with comma separators.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
