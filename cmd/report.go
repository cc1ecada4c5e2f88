package cmd

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/llmbench/llmbench/pkg/atomicfile"
	"github.com/llmbench/llmbench/pkg/report"
	"github.com/spf13/cobra"
)

// ReportOptions are the flags of `llmbench report`.
type ReportOptions struct {
	Files   []string
	Format  string
	OutFile string

	Out, ErrOut io.Writer
}

func newReportCmd(app *appContext) *cobra.Command {
	opts := &ReportOptions{}
	c := &cobra.Command{
		Use:   "report FILE...",
		Short: "Re-render saved results, compare bench results benchstat-style, draw them as an HTML page",
		Long: `report reads results saved by bench (--out), profile (--format json) and regress
(--format json).

One file: re-renders it in any format its kind has. bench: table, markdown, json, csv,
gobench, html, bmf (Bencher Metric Format), github-action-benchmark (its
customSmallerIsBetter JSON). profile: table, markdown, json, html. regress: table,
markdown, json, junit, html. markdown opens with the verdict, as a GitHub step summary
wants it; html is one self-contained page with its charts drawn in (no script, nothing
loaded from the network).

Two or more bench files: compares them benchstat-style, each variant's median time per
call (and CPU time, allocs/op, B/op) with its 95% interval, the change against the first
file, the Mann-Whitney p-value over the two runs' batches ("~" = not significant at 5%),
and the geometric mean over the variants (formats table, markdown, json, csv, html).
Results of different workloads (content hash) or configurations are refused; results
from different machines or runtime settings are compared with a warning naming what
differs. The p-value counts the spread of the batches inside each run, not drift
between runs: to gate a change, use 'llmbench regress --against REV'.

Bad input (a file that is not an llmbench result, truncated JSON, results that cannot
be compared, a format the result does not have) exits 2.

` + exitCodesHelp,
		Example: `  llmbench report before.json --format markdown >> "$GITHUB_STEP_SUMMARY"
  llmbench report old.json new.json
  llmbench report bench.json --format html --out report.html
  llmbench report bench.json --format bmf > bmf.json && bencher run --adapter json --file bmf.json
  llmbench report bench.json --format github-action-benchmark > gab.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Files = args
			opts.Out, opts.ErrOut = c.OutOrStdout(), c.ErrOrStderr()
			return runReport(c.Context(), opts)
		},
	}
	addFormatFlag(c, &opts.Format, report.AllFormats())
	c.Flags().StringVar(&opts.OutFile, "out", "", "write the output to this file (atomically) instead of stdout")
	return c
}

func runReport(ctx context.Context, opts *ReportOptions) error {
	bad := func(err error) error { return &FlagError{Err: err} }
	if err := checkFormat(opts.Format, report.AllFormats()); err != nil {
		return err
	}
	inputs := outInputs()
	for _, f := range opts.Files {
		inputs.Inputs = append(inputs.Inputs, atomicfile.Input{Name: "input", Path: f})
	}
	if opts.OutFile != "" {
		if err := checkOut("--out", opts.OutFile, inputs); err != nil {
			return err
		}
	}
	var results []*report.Result
	for _, f := range opts.Files {
		r, err := report.Load(f)
		if err != nil {
			return bad(err)
		}
		results = append(results, r)
	}
	var buf bytes.Buffer
	var warnings []string
	if len(results) == 1 {
		r := results[0]
		if err := report.Render(&buf, r, opts.Format); err != nil {
			return bad(err)
		}
		warnings = r.Warnings()
	} else {
		cmp, err := report.Compare(results)
		if err != nil {
			return bad(err)
		}
		if !slices.Contains(report.CompareFormats, opts.Format) {
			return bad(fmt.Errorf("format %s does not apply to a comparison of bench results (formats: %s)", opts.Format, strings.Join(report.CompareFormats, ", ")))
		}
		if err := report.RenderComparison(&buf, cmp, opts.Format); err != nil {
			return err
		}
		warnings = cmp.Warnings
	}
	for _, w := range warnings {
		fmt.Fprintln(opts.ErrOut, "warning:", w)
	}
	if ctx.Err() != nil {
		return interruptedBeforeOutput(opts.OutFile)
	}
	if opts.OutFile == "" {
		_, err := opts.Out.Write(buf.Bytes())
		return err
	}
	return writeOut("--out", opts.OutFile, buf.Bytes(), opts.Out, inputs)
}
