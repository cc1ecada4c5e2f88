package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/table"
)

// CompareFormats are the formats a comparison renders in.
var CompareFormats = []string{"table", "markdown", "json", "csv", "html"}

// RenderComparison writes c in format (one of CompareFormats). Warnings are
// part of the JSON and HTML documents; in the other formats they are left
// to the caller (they belong on stderr).
func RenderComparison(w io.Writer, c *Comparison, format string) error {
	switch format {
	case "table", "markdown":
		return writeComparisonText(w, c, format == "markdown")
	case "json":
		return bench.WriteJSON(w, c)
	case "csv":
		return writeComparisonCSV(w, c)
	case "html":
		return writeComparisonHTML(w, c)
	}
	return fmt.Errorf("format %s does not apply to a comparison of bench results (formats: %s)", format, strings.Join(CompareFormats, ", "))
}

// formatValue formats a median of the metric's unit.
func formatValue(unit string, x float64) string {
	if unit == "ns" {
		return bench.FormatNs(x)
	}
	switch a := math.Abs(x); {
	case a >= 100 || x == math.Trunc(x):
		return strconv.FormatFloat(x, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}

func (c *Comparison) cellText(m Metric, cell Cell, geo bool) string {
	switch {
	case cell.Missing:
		return "-"
	case geo:
		return formatValue(m.Unit, cell.Estimate.Median)
	}
	return bench.FormatCI(*cell.Estimate, func(x float64) string { return formatValue(m.Unit, x) })
}

// metricRows lays a metric out as benchstat does: per file its median ± the
// interval, and for every file after the first its change against the first.
func (c *Comparison) metricRows(m Metric) (header []string, rows [][]string) {
	header = []string{m.Name}
	for i, f := range c.Files {
		header = append(header, f.File)
		if i > 0 {
			header = append(header, "vs "+c.Files[0].File)
		}
	}
	add := func(r Row, geo bool) {
		line := []string{r.Variant}
		for i, cell := range r.Cells {
			line = append(line, c.cellText(m, cell, geo))
			if i == 0 {
				continue
			}
			switch {
			case cell.Vs == nil:
				line = append(line, "-")
			default:
				line = append(line, cell.Vs.String(r.Cells[0].N, cell.N))
			}
		}
		rows = append(rows, line)
	}
	for _, r := range m.Rows {
		add(r, false)
	}
	if m.Geomean != nil {
		add(*m.Geomean, true)
	}
	return header, rows
}

func writeComparisonText(w io.Writer, c *Comparison, md bool) error {
	if md {
		// A GitHub step summary: the verdict first.
		fmt.Fprintf(w, "### %s\n\n", c.Headline())
		fmt.Fprintf(w, "**llmbench report: %d bench results compared**: %s\n\n", len(c.Files), c.Describe)
	} else {
		fmt.Fprintf(w, "llmbench report: %d bench results compared: %s\n", len(c.Files), c.Describe)
	}
	for _, f := range c.Files {
		bullet := "  "
		if md {
			bullet = "- "
		}
		fmt.Fprintf(w, "%s%s: %s\n", bullet, f.File, fileLine(f))
	}
	if !md {
		fmt.Fprintf(w, "%s\n", c.Headline())
	}
	for _, m := range c.Metrics {
		fmt.Fprintln(w)
		header, rows := c.metricRows(m)
		t := table.New(w, md, table.Align(len(header)))
		t.Header(header)
		if err := t.Bulk(rows); err != nil {
			return err
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	for _, n := range c.Notes {
		if md {
			fmt.Fprintf(w, "- %s\n", n)
		} else {
			fmt.Fprintf(w, "Note: %s\n", n)
		}
	}
	return nil
}

func fileLine(f FileInfo) string {
	s := "commit unknown"
	if f.Commit != "" {
		s = "commit " + shortCommit(f.Commit, f.Dirty)
	}
	if !f.Timestamp.IsZero() {
		s += ", measured " + f.Timestamp.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	return s
}

func shortCommit(c string, dirty bool) string {
	if len(c) > 12 {
		c = c[:12]
	}
	if dirty {
		c += "+dirty"
	}
	return c
}

func writeComparisonCSV(w io.Writer, c *Comparison) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"metric", "unit", "variant", "file", "median", "ci_low", "ci_high", "n", "delta_pct", "p_value", "significant"}); err != nil {
		return err
	}
	num := func(x float64) string {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return ""
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	for _, m := range c.Metrics {
		rows := m.Rows
		if m.Geomean != nil {
			rows = append(rows[:len(rows):len(rows)], *m.Geomean)
		}
		for _, r := range rows {
			for i, cell := range r.Cells {
				if cell.Missing {
					continue
				}
				line := []string{m.Name, m.Unit, r.Variant, c.Files[i].File, num(cell.Estimate.Median), num(cell.Estimate.CILow), num(cell.Estimate.CIHigh), "", "", "", ""}
				if cell.N > 0 {
					line[7] = strconv.Itoa(cell.N)
				}
				if d := cell.Vs; d != nil {
					line[8] = num(d.DeltaPct)
					if d.PValue != nil {
						line[9], line[10] = num(*d.PValue), strconv.FormatBool(d.Significant)
					}
				}
				if err := cw.Write(line); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
