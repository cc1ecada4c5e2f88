package report

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A seriesStyle tells one series of a chart from the others three ways at
// once: colour, line dashes and marker shape, so that a chart stays
// readable printed in grayscale or seen with a colour vision deficiency.
type seriesStyle struct {
	color  color.RGBA
	dashes []vg.Length
	glyph  draw.GlyphDrawer
}

// palette holds the series styles in order. The colours are from the
// Okabe-Ito palette, ordered so that neighbours differ in lightness too
// (CIE L* 0, 46, 71, 58, 61, 54): black, blue, orange, bluish green,
// reddish purple, vermillion.
var palette = []seriesStyle{
	{color.RGBA{0x00, 0x00, 0x00, 0xff}, nil, draw.CircleGlyph{}},
	{color.RGBA{0x00, 0x72, 0xb2, 0xff}, []vg.Length{vg.Points(6), vg.Points(3)}, draw.TriangleGlyph{}},
	{color.RGBA{0xe6, 0x9f, 0x00, 0xff}, []vg.Length{vg.Points(2), vg.Points(2)}, draw.BoxGlyph{}},
	{color.RGBA{0x00, 0x9e, 0x73, 0xff}, []vg.Length{vg.Points(8), vg.Points(2), vg.Points(2), vg.Points(2)}, draw.CrossGlyph{}},
	{color.RGBA{0xcc, 0x79, 0xa7, 0xff}, []vg.Length{vg.Points(4), vg.Points(4)}, draw.PyramidGlyph{}},
	{color.RGBA{0xd5, 0x5e, 0x00, 0xff}, []vg.Length{vg.Points(1), vg.Points(3)}, draw.PlusGlyph{}},
}

// styleOf returns the style of series i; past the palette, the styles
// repeat with a heavier line.
func styleOf(i int) seriesStyle {
	return palette[i%len(palette)]
}

// lightness is the CIE L* (0 black to 100 white) of c, the lightness a
// grayscale rendering keeps.
func lightness(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	y := 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
	if y <= 216.0/24389 {
		return y * 24389 / 27
	}
	return 116*math.Cbrt(y) - 16
}

// gcColor marks the batches a GC cycle landed in.
var gcColor = color.RGBA{0xd5, 0x00, 0x00, 0xff}

// gridColor draws the helper lines.
var gridColor = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
