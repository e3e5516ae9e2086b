package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// HeatGrid is a matrix of values to draw as a heat map: Z[r][c] is row r (drawn from the top) at column c.
// Columns are usually periods and rows entities. NaN cells are drawn grey.
type HeatGrid struct {
	Columns []float64 // x positions, for example years; equally spaced
	Rows    []string  // row labels, top to bottom
	Z       [][]float64
}

// gridXYZ adapts a HeatGrid to plotter.GridXYZ, whose rows run upwards from y = 0, so that the grid's
// first row is drawn at the top.
type gridXYZ struct{ g HeatGrid }

func (a gridXYZ) Dims() (c, r int)   { return len(a.g.Columns), len(a.g.Rows) }
func (a gridXYZ) X(c int) float64    { return a.g.Columns[c] }
func (a gridXYZ) Y(r int) float64    { return float64(r) }
func (a gridXYZ) Z(c, r int) float64 { return a.g.Z[len(a.g.Rows)-1-r][c] }

// heatColours is the number of colour classes; the legend shows one swatch per class.
const heatColours = 7

// HeatMap draws a grid of values as coloured cells, with the row labels on the vertical axis and a legend
// of the value range of each colour class (ColorBrewer's sequential "YlGnBu", darker for larger values).
// It returns an error when the grid's shape is inconsistent or it has no finite value.
func HeatMap(t Theme, title, xLabel string, g HeatGrid, decimals int) (*Figure, error) {
	if len(g.Rows) == 0 || len(g.Columns) == 0 || len(g.Z) != len(g.Rows) {
		return nil, fmt.Errorf("heat map %q: %d rows, %d columns and %d rows of values; give one row of values per row label",
			title, len(g.Rows), len(g.Columns), len(g.Z))
	}
	low, high := math.Inf(1), math.Inf(-1)
	for r, row := range g.Z {
		if len(row) != len(g.Columns) {
			return nil, fmt.Errorf("heat map %q: row %q has %d values for %d columns", title, g.Rows[r], len(row), len(g.Columns))
		}
		for _, v := range row {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				low, high = math.Min(low, v), math.Max(high, v)
			}
		}
	}
	if math.IsInf(low, 1) {
		return nil, fmt.Errorf("heat map %q: no finite value to draw", title)
	}
	if high == low {
		high = low + 1
	}

	p, err := t.NewPlot(title, xLabel, "")
	if err != nil {
		return nil, err
	}
	pal, err := brewer.GetPalette(brewer.TypeSequential, "YlGnBu", heatColours)
	if err != nil {
		return nil, fmt.Errorf("heat map %q: %w", title, err)
	}
	h := plotter.NewHeatMap(gridXYZ{g}, pal)
	h.Min, h.Max = low, high
	h.NaN = color.Gray{Y: 200}
	p.Add(h)

	labels := make([]string, len(g.Rows))
	for r, name := range g.Rows {
		labels[len(g.Rows)-1-r] = name
	}
	p.NominalY(labels...)
	p.Y.Tick.Label.Font = p.X.Tick.Label.Font
	p.X.Tick.Marker = integerTicks{}
	p.Y.Padding, p.X.Padding = 0, 0

	// HeatMap colours a value with palette entry round((v − min)/(max − min) · (n − 1)), so entry k covers
	// a class of width (max − min)/(n − 1) centred on min + k·width, cut at min and max.
	width := (high - low) / (heatColours - 1)
	for k, c := range pal.Colors() {
		from := math.Max(low, low+(float64(k)-0.5)*width)
		to := math.Min(high, low+(float64(k)+0.5)*width)
		name := strconv.FormatFloat(from, 'f', decimals, 64) + " – " + strconv.FormatFloat(to, 'f', decimals, 64)
		p.Legend.Add(name, swatch{c})
	}
	p.Legend.Add(langPick(t.Lang, "缺失", "missing"), swatch{h.NaN})

	height := t.Height
	if need := vg.Length(len(g.Rows))*0.42*vg.Centimeter + 3*vg.Centimeter; need > height {
		height = need
	}
	return &Figure{Plot: p, Lang: t.Lang, Width: t.Width, Height: height, LegendRight: true}, nil
}

// swatch is a legend entry drawn as a filled square.
type swatch struct{ c color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.c, c.ClipPolygonXY([]vg.Point{
		{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y},
	}))
}

var _ plot.Thumbnailer = swatch{}

func langPick(l Lang, zh, en string) string {
	if l == English {
		return en
	}
	return zh
}
