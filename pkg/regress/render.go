package regress

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// Formats lists the output formats Render accepts.
var Formats = []string{"table", "json", "junit"}

// Render writes the report in the given format.
func Render(w io.Writer, r *Report, format string) error {
	switch format {
	case "table", "":
		return writeTable(w, r)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case "junit":
		return writeJUnit(w, r)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

func newTable(w io.Writer, align []tw.Align) *tablewriter.Table {
	ca := tw.CellAlignment{PerColumn: align}
	return tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignmentConfig(ca),
		tablewriter.WithRowAlignmentConfig(ca),
	)
}

func writeTable(w io.Writer, r *Report) error {
	if r.Env != nil {
		fmt.Fprintf(w, "llmbench regress: %s\n\n", r.Env.DescribeSettings())
	}
	if len(r.Cases.Files) > 0 {
		t := newTable(w, []tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight})
		t.Header("case file", "total", "passed", "failed", "known")
		for _, f := range r.Cases.Files {
			if err := t.Append(f.File, f.Total, f.Passed, f.Failed, f.Known); err != nil {
				return err
			}
		}
		if len(r.Cases.Files) > 1 {
			c := r.Cases
			if err := t.Append("all", c.Total, c.Passed, c.Failed, c.Known); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	for _, f := range r.Cases.Failures {
		fmt.Fprintf(w, "\nFAIL %s (%s:%d) [%s]\n", f.ID, f.File, f.Line, f.Variant)
		for _, l := range strings.Split(f.Diff, "\n") {
			fmt.Fprintf(w, "    %s\n", l)
		}
	}
	if len(r.Cases.KnownList) > 0 {
		fmt.Fprintf(w, "\n%d known differences (expected failures, listed in known-differences):\n", len(r.Cases.KnownList))
		for _, k := range r.Cases.KnownList {
			fmt.Fprintf(w, "  %s: %s\n", k.ID, k.Reason)
		}
	}
	for _, id := range r.Cases.NowPassing {
		fmt.Fprintf(w, "\nNOW PASSING %s: remove it from known-differences\n", id)
	}
	if r.Fuzz != nil && r.Fuzz.Requests > 0 {
		fmt.Fprintf(w, "\nfuzz: %d random requests (seed %d), %d mismatches, %d panics between %s (%d rejected at decoding, %d answered with an error)\n",
			r.Fuzz.Requests, r.Fuzz.Seed, r.Fuzz.Mismatches, r.Fuzz.Panics, strings.Join(r.Variants, ", "), r.Fuzz.Rejected, r.Fuzz.Errors)
		for _, m := range r.Fuzz.Examples {
			fmt.Fprintf(w, "  MISMATCH request #%d (reproduce: --seed %d): %s\n", m.Index, r.Fuzz.Seed, m.Request)
			for _, l := range strings.Split(m.Diff, "\n") {
				fmt.Fprintf(w, "    %s\n", l)
			}
		}
	}
	if r.Perf != nil {
		fmt.Fprintln(w)
		if err := r.Perf.WriteText(w); err != nil {
			return err
		}
	}
	verdict := "ok"
	if !r.OK {
		verdict = "FAILED"
	}
	fmt.Fprintf(w, "\nregress %s: %d cases, %d passed, %d failed, %d known", verdict, r.Cases.Total, r.Cases.Passed, r.Cases.Failed, r.Cases.Known)
	if r.Fuzz != nil && r.Fuzz.Requests > 0 {
		fmt.Fprintf(w, "; fuzz %d requests, %d mismatches", r.Fuzz.Requests, r.Fuzz.Mismatches)
	}
	if r.Perf != nil {
		perf := "ok"
		if !r.Perf.OK {
			perf = "REGRESSED"
		}
		fmt.Fprintf(w, "; perf %s", perf)
	}
	fmt.Fprintf(w, "; variants %s\n", strings.Join(r.Variants, ", "))
	return nil
}
