package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cpstat/cpstat/cpstat"
)

// BandSeries is a line with a shaded band around it, such as an estimate and its confidence interval.
// X, Y, Lower and Upper have equal lengths; Lower and Upper may both be nil for a line without a band.
type BandSeries struct {
	Name string // legend entry of the line
	X, Y []float64

	Lower, Upper []float64
	// BandName is the legend entry of the band, such as "95% 置信区间"; "" leaves the band out of the
	// legend.
	BandName string
}

// BandOptions are the settings of BandChart. The zero value is the default.
type BandOptions struct {
	// ReferenceY lists y values that get a thin dashed grey horizontal line, such as 0 for "no effect".
	ReferenceY []float64
	// Opacity of the bands, from 0 (transparent) to 1; 0 means 0.18, light enough for two bands to
	// overlap legibly.
	Opacity float64
}

// defaultBandOpacity is the band opacity when BandOptions.Opacity is 0.
const defaultBandOpacity = 0.18

// BandChart draws each series as a line with markers over a translucent band in the series colour, in
// the theme's order of colours, dashes and markers. Bands are drawn first, so no band covers a line. A
// NaN in Y breaks the line, and a NaN in Y, Lower or Upper breaks the band at that point. The x axis
// shows integer ticks when every X is a whole number (years).
func BandChart(t Theme, title, xLabel, yLabel string, series []BandSeries, opts BandOptions) (*Figure, error) {
	opacity := opts.Opacity
	if opacity == 0 {
		opacity = defaultBandOpacity
	}
	if !(opacity > 0 && opacity <= 1) {
		return nil, fmt.Errorf("band chart %q: opacity %v is outside (0, 1]; give a value in (0, 1], or 0 for %v",
			title, opts.Opacity, defaultBandOpacity)
	}
	for _, s := range series {
		if err := s.check(); err != nil {
			return nil, fmt.Errorf("band chart %q: %w", title, err)
		}
	}
	p, err := t.NewPlot(title, xLabel, yLabel)
	if err != nil {
		return nil, err
	}

	for i, s := range series {
		fill := bandColor(Color(i), opacity)
		for _, ring := range bandSegments(s) {
			poly, err := plotter.NewPolygon(ring)
			if err != nil {
				return nil, fmt.Errorf("band chart %q: band of %q: %w", title, s.Name, err)
			}
			poly.Color = fill
			poly.LineStyle.Width = 0
			p.Add(poly)
		}
	}
	if lo, hi, ok := xRange(series); ok {
		for _, y := range opts.ReferenceY {
			line, err := plotter.NewLine(plotter.XYs{{X: lo, Y: y}, {X: hi, Y: y}})
			if err != nil {
				return nil, fmt.Errorf("band chart %q: reference line at %v: %w", title, y, err)
			}
			line.LineStyle = draw.LineStyle{Color: color.Gray{Y: 110}, Width: vg.Points(0.8),
				Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
			p.Add(line)
		}
	}
	for i, s := range series {
		for _, seg := range segments(Series{Name: s.Name, X: s.X, Y: s.Y}) {
			line, points, err := plotter.NewLinePoints(seg)
			if err != nil {
				return nil, fmt.Errorf("band chart %q: series %q: %w", title, s.Name, err)
			}
			line.LineStyle = t.LineStyle(i)
			points.GlyphStyle = t.GlyphStyle(i)
			p.Add(line, points)
		}
	}

	for i, s := range series {
		legendLine, legendPoints, _ := plotter.NewLinePoints(plotter.XYs{})
		legendLine.LineStyle = t.LineStyle(i)
		legendPoints.GlyphStyle = t.GlyphStyle(i)
		p.Legend.Add(s.Name, legendLine, legendPoints)
		if s.BandName != "" && s.Lower != nil {
			p.Legend.Add(s.BandName, &plotter.Polygon{Color: bandColor(Color(i), opacity)})
		}
	}
	if wholeNumbers(bandXs(series)) {
		p.X.Tick.Marker = integerTicks{}
	}
	p.Y.Tick.Marker = stepTicks{}
	return &Figure{Plot: p, Lang: t.Lang, Width: t.Width, Height: t.Height, LegendRight: true}, nil
}

// EffectBand converts an effect path of package cpstat (a coefficient against τ with its confidence
// band) to a band series named name, with the band named bandName.
func EffectBand(name, bandName string, e cpstat.EffectPath) BandSeries {
	return BandSeries{Name: name, X: e.Tau, Y: e.Coef, Lower: e.Lower, Upper: e.Upper, BandName: bandName}
}

func (s BandSeries) check() error {
	if len(s.X) != len(s.Y) {
		return fmt.Errorf("series %q has %d x values and %d y values", s.Name, len(s.X), len(s.Y))
	}
	if (s.Lower == nil) != (s.Upper == nil) {
		return fmt.Errorf("series %q has only one band edge; give both Lower and Upper, or neither", s.Name)
	}
	if s.Lower != nil && (len(s.Lower) != len(s.X) || len(s.Upper) != len(s.X)) {
		return fmt.Errorf("series %q has %d x values but %d lower and %d upper band values", s.Name, len(s.X),
			len(s.Lower), len(s.Upper))
	}
	return nil
}

// bandSegments returns one closed ring per run of points where Y, Lower and Upper are finite: the
// upper edge left to right, then the lower edge right to left. A run of one point has no area and is
// left out.
func bandSegments(s BandSeries) []plotter.XYs {
	if s.Lower == nil {
		return nil
	}
	var rings []plotter.XYs
	start := -1
	flush := func(end int) {
		if start >= 0 && end-start >= 2 {
			ring := make(plotter.XYs, 0, 2*(end-start))
			for i := start; i < end; i++ {
				ring = append(ring, plotter.XY{X: s.X[i], Y: s.Upper[i]})
			}
			for i := end - 1; i >= start; i-- {
				ring = append(ring, plotter.XY{X: s.X[i], Y: s.Lower[i]})
			}
			rings = append(rings, ring)
		}
		start = -1
	}
	for i := range s.X {
		if finiteAll(s.Y[i], s.Lower[i], s.Upper[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s.X))
	return rings
}

func finiteAll(values ...float64) bool {
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// bandColor returns c with the given opacity.
func bandColor(c color.Color, opacity float64) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: uint8(math.Round(255 * opacity))}
}

// xRange returns the smallest and largest X over all series.
func xRange(series []BandSeries) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, x := range s.X {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	return lo, hi, lo <= hi
}

// stepTicks labels the axis at multiples of a step of 1, 2 or 5 times a power of ten, the smallest
// such step that spans the axis in at most 9 steps, with an unlabelled tick halfway between labels.
// gonum/plot's default labels only about three values, which can leave a reference line at 0
// without a label.
type stepTicks struct{}

// Ticks returns the ticks in [lo, hi].
func (stepTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return uniformDecimals(plot.DefaultTicks{}.Ticks(lo, hi))
	}
	step := math.Pow(10, math.Floor(math.Log10(span/9)))
	for _, m := range []float64{1, 2, 5, 10} {
		if span/(m*step) <= 9 {
			step *= m
			break
		}
	}
	decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))

	var ticks []plot.Tick
	for k := math.Ceil(2 * lo / step); k*step/2 <= hi+1e-9*step; k++ {
		tick := plot.Tick{Value: k * step / 2}
		if math.Mod(k, 2) == 0 {
			label := k / 2 * step
			if math.Abs(label) < 1e-9*step {
				label = 0 // no "-0.0"
			}
			tick.Label = strconv.FormatFloat(label, 'f', decimals, 64)
		}
		ticks = append(ticks, tick)
	}
	return ticks
}

func bandXs(series []BandSeries) []Series {
	out := make([]Series, len(series))
	for i, s := range series {
		out[i] = Series{X: s.X}
	}
	return out
}
