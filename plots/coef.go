package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cpstat/cpstat/cpstat"
)

// CoefPoint is one coefficient of a coefficient plot: the estimate and its confidence interval.
type CoefPoint struct {
	Label    string
	Estimate float64
	// Low and High are the ends of the confidence interval; NaN for both draws the estimate alone, as
	// for a coefficient whose standard error is not identified.
	Low, High float64
	// Group indexes CoefOptions.Groups and selects the colour and marker, so the coefficients of one
	// family (lags, region interactions) share them.
	Group int
}

// CoefPointOf converts a coefficient of package cpstat to a point labelled label, with the interval at
// the result's confidence level.
func CoefPointOf(label string, c cpstat.Coefficient, group int) CoefPoint {
	return CoefPoint{Label: label, Estimate: c.Estimate, Low: c.ConfLow, High: c.ConfHigh, Group: group}
}

// CoefOptions are the settings of CoefPlot. The zero value is the default.
type CoefOptions struct {
	// Groups names the point groups for the legend; with fewer than two names no legend is drawn.
	Groups []string
	// NoZeroLine leaves out the dashed vertical line at 0 that marks "no effect".
	NoZeroLine bool
}

// coefRow is the vertical space one coefficient takes, including the gap to the next.
const coefRow = 0.7 * vg.Centimeter

// CoefPlot draws coefficients from top to bottom in the order given: a marker at each estimate and a
// horizontal bar with caps across its confidence interval, with the labels on the vertical axis and a
// dashed line at 0. valueLabel names the horizontal axis, such as "系数估计值与 95% 置信区间". The
// figure grows taller than the theme's height when the points need it. A non-finite estimate is an
// error, because the plot would silently lose that coefficient. Leave it out and state why in a note.
func CoefPlot(t Theme, title, valueLabel string, points []CoefPoint, opts CoefOptions) (*Figure, error) {
	if len(points) == 0 {
		return nil, fmt.Errorf("coefficient plot %q: no points", title)
	}
	for _, pt := range points {
		if math.IsNaN(pt.Estimate) || math.IsInf(pt.Estimate, 0) {
			return nil, fmt.Errorf("coefficient plot %q: %q has no finite estimate (%v); leave it out and note why", title, pt.Label, pt.Estimate)
		}
		if pt.Group < 0 {
			return nil, fmt.Errorf("coefficient plot %q: %q has the negative group %d", title, pt.Label, pt.Group)
		}
	}
	p, err := t.NewPlot(title, valueLabel, "")
	if err != nil {
		return nil, err
	}

	n := len(points)
	labels := make([]string, n)
	seen := map[int]bool{}
	for k, pt := range points {
		y := float64(n - 1 - k)
		labels[n-1-k] = pt.Label
		line := draw.LineStyle{Color: Color(pt.Group), Width: t.LineWidth}
		if finiteInterval(pt) {
			bars := &plotter.XErrorBars{
				XYs:       plotter.XYs{{X: pt.Estimate, Y: y}},
				XErrors:   plotter.XErrors{{Low: pt.Estimate - pt.Low, High: pt.High - pt.Estimate}},
				LineStyle: line,
				CapWidth:  vg.Points(6),
			}
			p.Add(bars)
		}
		marker, err := plotter.NewScatter(plotter.XYs{{X: pt.Estimate, Y: y}})
		if err != nil {
			return nil, fmt.Errorf("coefficient plot %q: %q: %w", title, pt.Label, err)
		}
		marker.GlyphStyle = t.GlyphStyle(pt.Group)
		marker.GlyphStyle.Radius = vg.Points(3)
		p.Add(marker)
		if !seen[pt.Group] && pt.Group < len(opts.Groups) && len(opts.Groups) > 1 {
			seen[pt.Group] = true
			p.Legend.Add(opts.Groups[pt.Group], marker)
		}
	}
	p.NominalY(labels...)
	p.Y.Tick.Label.Font = p.Legend.TextStyle.Font
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4

	if !opts.NoZeroLine {
		p.X.Min, p.X.Max = math.Min(p.X.Min, 0), math.Max(p.X.Max, 0)
		zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: p.Y.Min}, {X: 0, Y: p.Y.Max}})
		if err != nil {
			return nil, fmt.Errorf("coefficient plot %q: zero line: %w", title, err)
		}
		zero.LineStyle = draw.LineStyle{Color: color.Gray{Y: 110}, Width: vg.Points(0.8),
			Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
		p.Add(zero)
	}
	pad := 0.05 * (p.X.Max - p.X.Min)
	p.X.Min, p.X.Max = p.X.Min-pad, p.X.Max+pad
	p.X.Tick.Marker = stepTicks{}

	height := t.Height
	if need := vg.Length(n)*coefRow + 3*vg.Centimeter; need > height {
		height = need
	}
	return &Figure{Plot: p, Lang: t.Lang, Width: t.Width, Height: height, LegendRight: len(opts.Groups) > 1}, nil
}

func finiteInterval(pt CoefPoint) bool {
	for _, v := range []float64{pt.Low, pt.High} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
