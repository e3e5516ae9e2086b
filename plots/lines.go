package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
)

// Series is one line of a line chart: X and Y of equal length; a NaN in Y breaks the line at that point.
type Series struct {
	Name string
	X    []float64
	Y    []float64
}

// LineChart draws series as lines with markers, in the theme's order of colours, dashes and markers. The
// x axis shows integer ticks when every X is a whole number (years).
func LineChart(t Theme, title, xLabel, yLabel string, series []Series) (*Figure, error) {
	p, err := t.NewPlot(title, xLabel, yLabel)
	if err != nil {
		return nil, err
	}
	for i, s := range series {
		if len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("line chart %q: series %q has %d x values and %d y values", title, s.Name, len(s.X), len(s.Y))
		}
		for _, seg := range segments(s) {
			line, points, err := plotter.NewLinePoints(seg)
			if err != nil {
				return nil, fmt.Errorf("line chart %q: series %q: %w", title, s.Name, err)
			}
			line.LineStyle = t.LineStyle(i)
			points.GlyphStyle = t.GlyphStyle(i)
			p.Add(line, points)
		}
		legendLine, legendPoints, _ := plotter.NewLinePoints(plotter.XYs{})
		legendLine.LineStyle = t.LineStyle(i)
		legendPoints.GlyphStyle = t.GlyphStyle(i)
		p.Legend.Add(s.Name, legendLine, legendPoints)
	}
	if wholeNumbers(series) {
		p.X.Tick.Marker = integerTicks{}
	}
	return &Figure{Plot: p, Lang: t.Lang, Width: t.Width, Height: t.Height, LegendRight: true}, nil
}

// segments splits a series at NaN values of Y so that missing years leave a gap instead of a bridging line.
func segments(s Series) []plotter.XYs {
	var out []plotter.XYs
	var cur plotter.XYs
	for i := range s.X {
		if math.IsNaN(s.Y[i]) || math.IsInf(s.Y[i], 0) {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, plotter.XY{X: s.X[i], Y: s.Y[i]})
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func wholeNumbers(series []Series) bool {
	for _, s := range series {
		for _, x := range s.X {
			if x != math.Trunc(x) {
				return false
			}
		}
	}
	return true
}
