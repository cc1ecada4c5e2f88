// Package table is the one way llmbench draws tables: ASCII boxes for a
// terminal, GitHub Markdown for step summaries and reports, both with
// tablewriter, the header text kept as written (stable goldens) and cells
// never wrapped.
package table

import (
	"io"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// New returns a table that renders to w, as Markdown when markdown is set
// and in ASCII boxes otherwise. align gives each column's alignment (nil:
// all on the left); Markdown takes a column's alignment from the header,
// so both are set.
func New(w io.Writer, markdown bool, align []tw.Align) *tablewriter.Table {
	var r tw.Renderer = renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})
	if markdown {
		r = renderer.NewMarkdown()
	}
	ca := tw.CellAlignment{PerColumn: align}
	return tablewriter.NewTable(w,
		tablewriter.WithRenderer(r),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignmentConfig(ca),
		tablewriter.WithRowAlignmentConfig(ca),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
	)
}

// Align is the usual alignment of n columns: a label column on the left,
// numbers on the right.
func Align(n int) []tw.Align {
	a := make([]tw.Align, n)
	for i := range a {
		a[i] = tw.AlignRight
	}
	if n > 0 {
		a[0] = tw.AlignLeft
	}
	return a
}
