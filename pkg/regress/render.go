package regress

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/table"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Formats lists the output formats Render accepts.
var Formats = []string{"table", "markdown", "json", "junit"}

// Render writes the report in the given format.
func Render(w io.Writer, r *Report, format string) error {
	switch format {
	case "table", "":
		return writeTable(w, r)
	case "markdown":
		return writeMarkdown(w, r)
	case "json":
		return bench.WriteJSON(w, r)
	case "junit":
		return writeJUnit(w, r)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// writeFiles writes the per-file case counts.
func writeFiles(w io.Writer, r *Report, t *tablewriter.Table) error {
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
	return t.Render()
}

// writeProviders writes the case counts of the providers with failing or
// known cases, and a line for the rest.
func writeProviders(w io.Writer, r *Report, t *tablewriter.Table) error {
	var bad []FileSummary
	for _, p := range r.Cases.Providers {
		if p.Failed+p.Known > 0 {
			bad = append(bad, p)
		}
	}
	if len(bad) == 0 {
		named, other := 0, false
		for _, p := range r.Cases.Providers {
			if p.Name == "" || strings.HasPrefix(p.Name, "(") { // (none), (unresolved)
				other = true
			} else {
				named++
			}
		}
		if r.Cases.Total > 0 && (named > 0 || other) {
			fmt.Fprintf(w, "\nevery case of all %d providers passes", named)
			if other {
				fmt.Fprint(w, ", and every case that resolves to no provider or fails to resolve")
			}
			fmt.Fprintln(w)
		}
		return nil
	}
	fmt.Fprintln(w)
	t.Header("provider", "total", "passed", "failed", "known")
	for _, p := range bad {
		if err := t.Append(p.Name, p.Total, p.Passed, p.Failed, p.Known); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	fmt.Fprintf(w, "(the other %d providers pass)\n", len(r.Cases.Providers)-len(bad))
	return nil
}

var filesAlign = []tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}

// fuzzLine describes the fuzzing run in one line.
func fuzzLine(r *Report) string {
	s := fmt.Sprintf("fuzz: %d random requests (seed %d), %d mismatches, %d panics between %s (%d rejected at decoding, %d answered with an error",
		r.Fuzz.Requests, r.Fuzz.Seed, r.Fuzz.Mismatches, r.Fuzz.Panics, strings.Join(r.Variants, ", "), r.Fuzz.Rejected, r.Fuzz.Errors)
	if r.Fuzz.Unstable > 0 {
		s += fmt.Sprintf(", %d not compared: their output changes from run to run on one target", r.Fuzz.Unstable)
	}
	return s + ")"
}

// fuzzBuildsLine describes the comparison of random requests between
// builds in one line.
func fuzzBuildsLine(r *Report) string {
	f := r.FuzzBuilds
	return fmt.Sprintf("fuzz against %s: %d random requests (seed %d) through both builds, %d with outputs that differ (%d rejected at decoding)",
		r.Against, f.Requests, f.Seed, f.Mismatches, f.Rejected)
}

// Summary is the report's verdict in one line.
func Summary(r *Report) string {
	verdict := "ok"
	if !r.OK {
		verdict = "FAILED"
	}
	if r.Interrupted {
		verdict = "INTERRUPTED (only what finished)"
	}
	s := fmt.Sprintf("regress %s: %d cases, %d passed, %d failed, %d known", verdict, r.Cases.Total, r.Cases.Passed, r.Cases.Failed, r.Cases.Known)
	if r.Fuzz != nil && r.Fuzz.Requests > 0 {
		s += fmt.Sprintf("; fuzz %d requests, %d mismatches", r.Fuzz.Requests, r.Fuzz.Mismatches)
	}
	if r.FuzzBuilds != nil && r.FuzzBuilds.Requests > 0 {
		s += fmt.Sprintf("; %d differ from %s", r.FuzzBuilds.Mismatches, r.Against)
	}
	if r.Perf != nil {
		perf := "ok"
		if !r.Perf.OK {
			perf = "REGRESSED"
		}
		s += "; perf " + perf
	}
	return s + "; variants " + strings.Join(r.Variants, ", ")
}

// writeMarkdown writes a GitHub step summary: the verdict first, then the
// case files, the failures with their diffs, fuzzing and performance.
func writeMarkdown(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "### %s\n\n", Summary(r))
	if len(r.Cases.Files) > 0 {
		if err := writeFiles(w, r, table.New(w, true, filesAlign)); err != nil {
			return err
		}
		if err := writeProviders(w, r, table.New(w, true, filesAlign)); err != nil {
			return err
		}
	}
	if len(r.Cases.Failures) > 0 {
		fmt.Fprintf(w, "\n#### Failures\n")
		for _, f := range r.Cases.Failures {
			fmt.Fprintf(w, "\n<details><summary>FAIL %s (%s:%d) [%s]</summary>\n\n%s\n</details>\n", html.EscapeString(f.ID), html.EscapeString(f.File), f.Line, html.EscapeString(f.Variant), fence(f.Diff))
		}
	}
	if len(r.Cases.KnownList) > 0 {
		fmt.Fprintf(w, "\n%d known differences (expected failures, listed in known-differences):\n\n", len(r.Cases.KnownList))
		for _, k := range r.Cases.KnownList {
			fmt.Fprintf(w, "- `%s`: %s\n", k.ID, mdEscape(k.Reason))
		}
	}
	for _, id := range r.Cases.NowPassing {
		fmt.Fprintf(w, "\n**NOW PASSING** `%s`: remove it from known-differences\n", id)
	}
	if r.Fuzz != nil && r.Fuzz.Requests > 0 {
		fmt.Fprintf(w, "\n%s\n", fuzzLine(r))
		for _, m := range r.Fuzz.Examples {
			fmt.Fprintf(w, "\n<details><summary>MISMATCH request #%d (reproduce: --seed %d)</summary>\n\n%s\n\n%s\n</details>\n", m.Index, r.Fuzz.Seed, fence(m.Request), fence(m.Diff))
		}
	}
	if f := r.FuzzBuilds; f != nil && f.Requests > 0 {
		fmt.Fprintf(w, "\n%s\n", fuzzBuildsLine(r))
		for _, m := range f.Examples {
			fmt.Fprintf(w, "\n<details><summary>DIFFERENT request #%d (reproduce: --seed %d)</summary>\n\n%s\n\n%s\n</details>\n", m.Index, f.Seed, fence(m.Request), fence(m.Diff))
		}
	}
	if r.Perf != nil {
		var b strings.Builder
		if err := r.Perf.WriteText(&b); err != nil {
			return err
		}
		fmt.Fprintf(w, "\n#### Performance\n\n%s\n", fence(strings.TrimRight(b.String(), "\n")))
	}
	return nil
}

// fence puts s in a code block whose fence no line of s can close.
func fence(s string) string {
	f := "```"
	for strings.Contains(s, f) {
		f += "`"
	}
	return f + "text\n" + s + "\n" + f
}

// mdEscape keeps s from opening HTML or Markdown markup in a line of text.
func mdEscape(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;", "&", "&amp;", "`", "\\`", "*", "\\*", "_", "\\_", "|", "\\|", "\n", " ").Replace(s)
}

func writeTable(w io.Writer, r *Report) error {
	if r.Env != nil {
		fmt.Fprintf(w, "llmbench regress: %s\n\n", r.Env.DescribeSettings())
	}
	if len(r.Cases.Files) > 0 {
		if err := writeFiles(w, r, table.New(w, false, filesAlign)); err != nil {
			return err
		}
		if err := writeProviders(w, r, table.New(w, false, filesAlign)); err != nil {
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
		fmt.Fprintf(w, "\n%s\n", fuzzLine(r))
		for _, m := range r.Fuzz.Examples {
			fmt.Fprintf(w, "  MISMATCH request #%d (reproduce: --seed %d): %s\n", m.Index, r.Fuzz.Seed, m.Request)
			for _, l := range strings.Split(m.Diff, "\n") {
				fmt.Fprintf(w, "    %s\n", l)
			}
		}
	}
	if f := r.FuzzBuilds; f != nil && f.Requests > 0 {
		fmt.Fprintf(w, "\n%s\n", fuzzBuildsLine(r))
		for _, m := range f.Examples {
			fmt.Fprintf(w, "  DIFFERENT request #%d (reproduce: --seed %d): %s\n", m.Index, f.Seed, m.Request)
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
	if r.Interrupted {
		fmt.Fprintln(w, "\nINTERRUPTED: only what finished is shown")
	}
	fmt.Fprintf(w, "\n%s\n", Summary(r))
	return nil
}
