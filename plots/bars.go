package plots

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bar is one bar of a bar chart. Group indexes the group names given to BarChart and selects the colour,
// so bars of one group (for example the indicators of one dimension) share it.
type Bar struct {
	Label string
	Value float64
	Group int
}

// barRow is the vertical space one horizontal bar takes, including the gap to the next.
const barRow = 0.55 * vg.Centimeter

// BarChart draws horizontal bars from top to bottom in the order given, with each label on the vertical
// axis and the value printed at the end of its bar (with the given number of decimals). groups names the
// colour groups for the legend; with fewer than two groups no legend is drawn. The figure grows taller than
// the theme's height when the bars need it. A NaN value is an error, because a missing bar would look like
// a zero.
func BarChart(t Theme, title, valueLabel string, bars []Bar, groups []string, decimals int) (*Figure, error) {
	if len(bars) == 0 {
		return nil, fmt.Errorf("bar chart %q: no bars", title)
	}
	p, err := t.NewPlot(title, valueLabel, "")
	if err != nil {
		return nil, err
	}
	fnt := p.Legend.TextStyle.Font

	n := len(bars)
	labels := make([]string, n)
	var points plotter.XYs
	var texts []string
	maxValue := 0.0
	seen := map[int]bool{}
	for k, b := range bars {
		if math.IsNaN(b.Value) || math.IsInf(b.Value, 0) {
			return nil, fmt.Errorf("bar chart %q: bar %q has no finite value (%v); leave it out or plot it as 0 on purpose", title, b.Label, b.Value)
		}
		position := float64(n - 1 - k)
		labels[n-1-k] = b.Label
		chart, err := plotter.NewBarChart(plotter.Values{b.Value}, 0.62*barRow)
		if err != nil {
			return nil, fmt.Errorf("bar chart %q: bar %q: %w", title, b.Label, err)
		}
		chart.Horizontal = true
		chart.XMin = position
		chart.Color = Color(b.Group + 1)
		chart.LineStyle.Width = 0
		p.Add(chart)
		if !seen[b.Group] && b.Group < len(groups) && len(groups) > 1 {
			seen[b.Group] = true
			p.Legend.Add(groups[b.Group], chart)
		}
		points = append(points, plotter.XY{X: b.Value, Y: position})
		texts = append(texts, strconv.FormatFloat(b.Value, 'f', decimals, 64))
		maxValue = math.Max(maxValue, b.Value)
	}

	values, err := plotter.NewLabels(plotter.XYLabels{XYs: points, Labels: texts})
	if err != nil {
		return nil, fmt.Errorf("bar chart %q: %w", title, err)
	}
	for k := range values.TextStyle {
		values.TextStyle[k].Font = font.From(fnt, t.TickSize)
		values.TextStyle[k].XAlign = draw.XLeft
		values.TextStyle[k].YAlign = -0.25 // gonum's YCenter (−0.5) sets CJK-font digits visibly low
	}
	values.Offset = vg.Point{X: vg.Points(3)}
	p.Add(values)

	p.Y.Tick.Label.Font = font.From(fnt, t.LabelSize)
	lines := 1
	for k, l := range labels {
		labels[k] = wrapLabel(p.Y.Tick.Label, l, 0.3*t.Width)
		lines = max(lines, strings.Count(labels[k], "\n")+1)
	}
	p.NominalY(labels...)
	p.X.Min = math.Min(0, p.X.Min)
	p.X.Max = maxValue * 1.15

	height := t.Height
	// A wrapped label needs half a row more per extra line.
	if need := vg.Length(float64(n)*(1+0.5*float64(lines-1)))*barRow + 3*vg.Centimeter; need > height {
		height = need
	}
	return &Figure{Plot: p, Lang: t.Lang, Width: t.Width, Height: height, LegendRight: len(groups) > 1}, nil
}

// wrapLabel breaks a label wider than width at spaces into lines no wider than width where the words
// allow, so long English indicator names do not squeeze the bars. Labels that breaking would not make
// clearly narrower, such as Chinese names without spaces, stay on one line.
func wrapLabel(style text.Style, label string, width vg.Length) string {
	if style.Width(label) <= width {
		return label
	}
	var lines []string
	line := ""
	for _, word := range strings.Fields(label) {
		switch {
		case line == "":
			line = word
		case style.Width(line+" "+word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	lines = append(lines, line)
	// A word wider than the limit (a Chinese name) can leave a line as wide as the label; breaking then
	// only adds height.
	if style.Width(strings.Join(lines, "\n")) > 0.8*style.Width(label) {
		return label
	}
	return strings.Join(lines, "\n")
}
