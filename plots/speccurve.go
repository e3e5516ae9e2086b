package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
	"unicode"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/table"
)

// SpecCurveOptions are the settings of SpecCurve. The zero value is the default.
type SpecCurveOptions struct {
	// Title is the figure title. An empty title gives 规格曲线 or "Specification curve".
	Title string
	// YLabel labels the estimate axis. An empty label gives 估计值 or 标准化估计值 (English "Estimate"
	// or "Standardized estimate").
	YLabel string
	// Alpha is the significance level: estimates with p < Alpha get filled markers. 0 means 0.05.
	Alpha float64
	// Standardized plots SpecRow.Effect(true), the coefficients in standard deviations of the outcome
	// per standard deviation of the treatment. Use it when the grid mixes treatments or outcomes with
	// different units.
	Standardized bool
	// CurveHeight is the height of the estimate panel, where 0 means 6.5 cm. The indicator panel adds
	// 0.4 cm per option.
	CurveHeight vg.Length
}

// Layout constants of the specification curve.
const (
	defaultCurveHeight = 6.5 * vg.Centimeter
	indicatorRow       = 0.4 * vg.Centimeter
	indicatorAxisSpace = 1.5 * vg.Centimeter // x axis and its label under the indicator panel
	noteGap            = vg.Length(6)        // points between the note and the figure's edges
)

// Tones of the specification curve. Black and grey markers show significance (a hollow ring would be
// unreadable at the sub-point size of a curve with hundreds of specifications), and the two tones of the
// indicator marks differ in lightness, so the figure survives greyscale printing.
var (
	significantTone   = color.Gray{Y: 0}
	insignificantTone = color.Gray{Y: 120}
	intervalTone      = color.Gray{Y: 200}
	bandTone          = color.Gray{Y: 240}
)

// SpecCurve draws a specification curve (Simonsohn, Simmons and Nelson 2020). The top panel shows the
// treatment's estimate of every estimated specification in ascending order with its confidence
// interval, black when p < Alpha and grey otherwise. The indicator panel below has one row per
// option of each dimension and marks the options each specification uses. Dimension names stand right
// of their rows on alternately shaded bands. A note under the figure gives the number of
// specifications, the shares of positive and significant estimates, and the failed and excluded counts.
//
// It returns an error when the result has no estimated specification.
func SpecCurve(t Theme, res *cpstat.SpecCurveResult, opts SpecCurveOptions) (*Figure, error) {
	alpha := opts.Alpha
	if alpha == 0 {
		alpha = 0.05
	}
	if !(alpha > 0 && alpha < 1) {
		return nil, fmt.Errorf("specification curve: Alpha %v is outside (0, 1); use 0.05 for the 5%% level", opts.Alpha)
	}
	rows := res.Sorted(opts.Standardized)
	if len(rows) == 0 {
		return nil, fmt.Errorf("specification curve: none of the %d specifications has an estimate; see SpecCurveResult.Failures", len(res.Rows))
	}
	lang := tableLang(t.Lang)
	title := opts.Title
	if title == "" {
		title = langPick(t.Lang, "规格曲线", "Specification curve")
	}
	yLabel := opts.YLabel
	if yLabel == "" {
		yLabel = langPick(t.Lang, "估计值", "Estimate")
		if opts.Standardized {
			yLabel = langPick(t.Lang, "标准化估计值", "Standardized estimate")
		}
	}

	curve, err := specCurvePanel(t, rows, title, yLabel, alpha, opts.Standardized, res.ConfLevel)
	if err != nil {
		return nil, err
	}
	indicators, layout, err := specIndicatorPanel(t, res.Grid, rows, alpha, lang)
	if err != nil {
		return nil, err
	}

	curveHeight := opts.CurveHeight
	if curveHeight == 0 {
		curveHeight = defaultCurveHeight
	}
	noteStyle := draw.TextStyle{Color: color.Black, Font: curve.Legend.TextStyle.Font, Handler: curve.Title.TextStyle.Handler,
		XAlign: draw.XLeft, YAlign: draw.YBottom}
	noteStyle.Font.Size = t.TickSize
	note := wrapText(specCurveNote(t.Lang, res, alpha), noteStyle, t.Width-2*noteGap)
	noteHeight := noteStyle.Height(note) + noteGap

	fig := &Figure{Plot: curve, Lang: t.Lang, Width: t.Width,
		Height: curveHeight + vg.Length(len(layout.rows))*indicatorRow + indicatorAxisSpace + noteHeight}
	fig.Layout = func(c draw.Canvas) {
		drawSpecCurve(c, curve, indicators, layout, curveHeight, noteHeight)
		c.FillText(noteStyle, vg.Point{X: c.Min.X + noteGap, Y: c.Min.Y + noteGap/2}, note)
	}
	return fig, nil
}

func tableLang(l Lang) table.Lang {
	if l == English {
		return table.En
	}
	return table.Zh
}

// specCurvePanel builds the estimate panel: a zero line, the intervals and the markers.
func specCurvePanel(t Theme, rows []cpstat.SpecRow, title, yLabel string, alpha float64, standardized bool, conf float64) (*plot.Plot, error) {
	p, err := t.NewPlot(title, "", yLabel)
	if err != nil {
		return nil, err
	}
	n := len(rows)
	points := make([]specPoint, n)
	for i, row := range rows {
		e := row.Effect(standardized)
		points[i] = specPoint{x: float64(i + 1), y: e.Estimate, low: e.ConfLow, high: e.ConfHigh, significant: e.PValue < alpha}
	}
	zero, err := plotter.NewLine(plotter.XYs{{X: 0.5, Y: 0}, {X: float64(n) + 0.5, Y: 0}})
	if err != nil {
		return nil, fmt.Errorf("specification curve: zero line: %w", err)
	}
	zero.LineStyle = draw.LineStyle{Color: color.Gray{Y: 110}, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	dots := &specDots{points: points}
	p.Add(&specIntervals{points: points}, zero, dots)

	p.X.Min, p.X.Max = 0.5, float64(n)+0.5
	p.Y.Tick.Marker = estimateTicks{}
	p.HideX()
	p.X.Padding = 0
	p.Legend.Left, p.Legend.Top = true, true
	p.Legend.Add(fmt.Sprintf("p < %g", alpha), specDotThumb{filled: true})
	p.Legend.Add(fmt.Sprintf("p ≥ %g", alpha), specDotThumb{filled: false})
	p.Legend.Add(langPick(t.Lang, fmt.Sprintf("%g%% 置信区间", 100*conf), fmt.Sprintf("%g%% confidence interval", 100*conf)),
		specIntervalThumb{})
	return p, nil
}

// specPoint is one specification on the curve.
type specPoint struct {
	x, y, low, high float64
	significant     bool
}

// specIntervals draws the confidence interval of every point as a thin vertical line.
type specIntervals struct{ points []specPoint }

func (s *specIntervals) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	width := specMarkWidth(c, len(s.points), vg.Points(0.3), vg.Points(1.2))
	for _, pt := range s.points {
		x := trX(pt.x)
		line := c.ClipLinesY([]vg.Point{{X: x, Y: trY(pt.low)}, {X: x, Y: trY(pt.high)}})
		c.StrokeLines(draw.LineStyle{Color: intervalTone, Width: width}, line...)
	}
}

func (s *specIntervals) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, pt := range s.points {
		xmin, xmax = math.Min(xmin, pt.x), math.Max(xmax, pt.x)
		ymin, ymax = math.Min(ymin, pt.low), math.Max(ymax, pt.high)
	}
	return xmin, xmax, math.Min(ymin, 0), math.Max(ymax, 0)
}

// specDots draws each estimate as a black (significant) or grey circle whose size follows the
// horizontal space per specification. It has no glyph boxes, so the plot keeps the x range it is given
// and stays aligned with the indicator panel.
type specDots struct{ points []specPoint }

func (s *specDots) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	radius := specMarkWidth(c, len(s.points), vg.Points(0.9), vg.Points(2.6))
	for _, filled := range []bool{false, true} { // significant markers on top
		for _, pt := range s.points {
			if pt.significant != filled {
				continue
			}
			at := vg.Point{X: trX(pt.x), Y: trY(pt.y)}
			if c.Contains(at) {
				c.DrawGlyph(specGlyph(filled, radius), at)
			}
		}
	}
}

func specGlyph(filled bool, radius vg.Length) draw.GlyphStyle {
	if filled {
		return draw.GlyphStyle{Color: significantTone, Radius: radius, Shape: draw.CircleGlyph{}}
	}
	return draw.GlyphStyle{Color: insignificantTone, Radius: radius, Shape: draw.CircleGlyph{}}
}

// specMarkWidth returns half the horizontal space per specification, clamped to [low, high].
func specMarkWidth(c draw.Canvas, n int, low, high vg.Length) vg.Length {
	w := (c.Max.X - c.Min.X) / vg.Length(max(n, 1)) / 2
	return max(low, min(high, w))
}

type specDotThumb struct{ filled bool }

func (s specDotThumb) Thumbnail(c *draw.Canvas) {
	at := vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: (c.Min.Y + c.Max.Y) / 2}
	c.DrawGlyph(specGlyph(s.filled, vg.Points(2.6)), at)
}

type specIntervalThumb struct{}

func (specIntervalThumb) Thumbnail(c *draw.Canvas) {
	x := (c.Min.X + c.Max.X) / 2
	c.StrokeLine2(draw.LineStyle{Color: intervalTone, Width: vg.Points(1.2)}, x, c.Min.Y, x, c.Max.Y)
}

// indicatorLayout places the options of the grid on the rows of the indicator panel, top to bottom.
type indicatorLayout struct {
	rows  []indicatorRowInfo
	bands []indicatorBand
}

type indicatorRowInfo struct {
	dimension, option int
	label             string
}

// indicatorBand is the y range of one dimension's rows, in data units, and its name.
type indicatorBand struct {
	low, high float64
	name      string
}

// specIndicatorPanel builds the indicator panel: one row per option, grouped by dimension in the
// grid's order, with a mark in the column of every specification that uses the option.
func specIndicatorPanel(t Theme, g cpstat.SpecGrid, rows []cpstat.SpecRow, alpha float64, lang table.Lang) (*plot.Plot, indicatorLayout, error) {
	var layout indicatorLayout
	total := 0
	for _, d := range g.Dimensions {
		total += len(d.Options)
	}
	y := func(k int) float64 { return float64(total - 1 - k) } // row k from the top
	var ticks []plot.Tick
	for d, dim := range g.Dimensions {
		first := len(layout.rows)
		for o, opt := range dim.Options {
			k := len(layout.rows)
			layout.rows = append(layout.rows, indicatorRowInfo{dimension: d, option: o, label: opt.Text(lang)})
			ticks = append(ticks, plot.Tick{Value: y(k), Label: opt.Text(lang)})
		}
		last := len(layout.rows) - 1
		layout.bands = append(layout.bands, indicatorBand{low: y(last) - 0.5, high: y(first) + 0.5, name: dim.Text(lang)})
	}

	xLabel := langPick(t.Lang, "规格（按估计值从小到大排列）", "Specification (in ascending order of the estimate)")
	p, err := t.NewPlot("", xLabel, "")
	if err != nil {
		return nil, layout, err
	}
	p.Add(&indicatorMarks{rows: rows, layout: layout, y: y, alpha: alpha, n: len(rows)})
	p.X.Min, p.X.Max = 0.5, float64(len(rows))+0.5
	p.X.Padding, p.Y.Padding = 0, 0
	p.Y.Min, p.Y.Max = -0.5, float64(total)-0.5
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Length, p.Y.Width = 0, 0
	p.X.Tick.Marker = specRankTicks{}
	return p, layout, nil
}

// indicatorMarks draws the shaded dimension bands and one mark per specification and option used.
// Marks of significant specifications are dark and the others light.
type indicatorMarks struct {
	rows   []cpstat.SpecRow
	layout indicatorLayout
	y      func(k int) float64
	alpha  float64
	n      int
}

func (m *indicatorMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for b, band := range m.layout.bands {
		if b%2 == 1 {
			continue
		}
		lo, hi := trY(band.low), trY(band.high)
		c.FillPolygon(bandTone, []vg.Point{{X: c.Min.X, Y: lo}, {X: c.Max.X, Y: lo}, {X: c.Max.X, Y: hi}, {X: c.Min.X, Y: hi}})
	}
	half := specMarkWidth(c, m.n, vg.Points(0.25), vg.Points(3))
	rowHeight := trY(1) - trY(0)
	for i, row := range m.rows {
		x := trX(float64(i + 1))
		tone := insignificantTone
		if row.PValue < m.alpha {
			tone = significantTone
		}
		for k, info := range m.layout.rows {
			if row.Choice[info.dimension] != info.option {
				continue
			}
			yc := trY(m.y(k))
			c.FillPolygon(tone, []vg.Point{
				{X: x - half, Y: yc - 0.3*rowHeight}, {X: x + half, Y: yc - 0.3*rowHeight},
				{X: x + half, Y: yc + 0.3*rowHeight}, {X: x - half, Y: yc + 0.3*rowHeight},
			})
		}
	}
}

func (m *indicatorMarks) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0.5, float64(m.n) + 0.5, -0.5, float64(len(m.layout.rows)) - 0.5
}

// specRankTicks labels the specification ranks at 1 and at multiples of a round step, at most about
// eight labels.
type specRankTicks struct{}

func (specRankTicks) Ticks(lo, hi float64) []plot.Tick {
	n := math.Floor(hi)
	ticks := []plot.Tick{{Value: 1, Label: "1"}}
	step := math.Max(1, roundStep(n, 8))
	for v := step; v <= n; v += step {
		if v > 1 {
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
		}
	}
	return ticks
}

// estimateTicks labels the estimate axis at multiples of a round step, at most about six labels, with
// an unlabelled tick halfway between labels.
type estimateTicks struct{}

func (estimateTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return uniformDecimals(plot.DefaultTicks{}.Ticks(lo, hi))
	}
	step := roundStep(span, 6)
	decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	var ticks []plot.Tick
	for k := math.Ceil(2 * lo / step); k*step/2 <= hi+1e-9*step; k++ {
		tick := plot.Tick{Value: k * step / 2}
		if math.Mod(k, 2) == 0 {
			value := k / 2 * step
			if math.Abs(value) < 1e-9*step {
				value = 0 // no "-0.0"
			}
			tick.Label = strconv.FormatFloat(value, 'f', decimals, 64)
		}
		ticks = append(ticks, tick)
	}
	return ticks
}

// roundStep returns the smallest step of 1, 2 or 5 times a power of ten that divides span into at
// most count steps.
func roundStep(span float64, count int) float64 {
	if !(span > 0) {
		return 1
	}
	step := math.Pow(10, math.Floor(math.Log10(span/float64(count))))
	for _, m := range []float64{1, 2, 5, 10} {
		if span/(m*step) <= float64(count) {
			return m * step
		}
	}
	return 10 * step
}

// drawSpecCurve stacks the estimate panel over the indicator panel with their data areas aligned, and
// writes the dimension names right of the indicator panel. It leaves noteHeight free at the bottom.
func drawSpecCurve(c draw.Canvas, curve, indicators *plot.Plot, layout indicatorLayout, curveHeight, noteHeight vg.Length) {
	gap := vg.Points(6)
	nameStyle := indicators.Y.Tick.Label
	var nameWidth vg.Length
	for _, b := range layout.bands {
		nameWidth = max(nameWidth, nameStyle.Width(b.name))
	}

	right := nameWidth + 2*gap
	top := draw.Crop(c, 0, -right, c.Max.Y-c.Min.Y-curveHeight+gap, 0) // gap keeps the lowest tick label off the indicators
	bottom := draw.Crop(c, 0, -right, noteHeight, -curveHeight)
	top, bottom = alignColumns(curve, indicators, top, bottom)

	curve.Draw(top)
	indicators.Draw(bottom)

	data := indicators.DataCanvas(bottom)
	style := nameStyle
	style.XAlign, style.YAlign = draw.XLeft, draw.YCenter
	for _, b := range layout.bands {
		mid := data.Min.Y + vg.Length(indicators.Y.Norm((b.low+b.high)/2))*(data.Max.Y-data.Min.Y)
		c.FillText(style, vg.Point{X: data.Max.X + gap, Y: mid}, b.name)
	}
}

// alignColumns crops two canvases so that the data areas of their plots share left and right edges.
// Cropping can move tick labels that stick out of a data area, so it runs twice.
func alignColumns(a, b *plot.Plot, ca, cb draw.Canvas) (draw.Canvas, draw.Canvas) {
	for range 2 {
		da, db := a.DataCanvas(ca), b.DataCanvas(cb)
		left := max(da.Min.X, db.Min.X)
		right := min(da.Max.X, db.Max.X)
		ca = draw.Crop(ca, left-da.Min.X, right-da.Max.X, 0, 0)
		cb = draw.Crop(cb, left-db.Min.X, right-db.Max.X, 0, 0)
	}
	return ca, cb
}

// wrapText breaks text into lines no wider than width where it can: between words, and between any
// two CJK characters. Existing line breaks are kept.
func wrapText(text string, style draw.TextStyle, width vg.Length) string {
	var lines []string
	for _, paragraph := range strings.Split(text, "\n") {
		line := ""
		for _, token := range wrapTokens(paragraph) {
			candidate := line + token
			if line != "" && style.Width(strings.TrimRight(candidate, " ")) > width {
				lines = append(lines, strings.TrimRight(line, " "))
				candidate = strings.TrimLeft(token, " ")
			}
			line = candidate
		}
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return strings.Join(lines, "\n")
}

// wrapTokens splits text into the pieces that wrapText keeps together: a word with its trailing spaces,
// or a single CJK character.
func wrapTokens(text string) []string {
	var tokens []string
	var word []rune
	flush := func() {
		if len(word) > 0 {
			tokens = append(tokens, string(word))
			word = nil
		}
	}
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef):
			flush()
			tokens = append(tokens, string(r))
		case r == ' ':
			word = append(word, r)
			flush()
		default:
			word = append(word, r)
		}
	}
	flush()
	return tokens
}

// specCurveNote summarises the curve for the note under the figure.
func specCurveNote(l Lang, res *cpstat.SpecCurveResult, alpha float64) string {
	s := res.Summary(alpha, false)[0]
	failed, excluded := len(res.Failed()), len(res.Excluded)
	if l == English {
		text := fmt.Sprintf("%d specifications: %.1f%% positive, %.1f%% significant at p < %g (%.1f%% significant and positive).",
			s.Specs, 100*s.Positive, 100*s.Significant, alpha, 100*s.SignificantPositive)
		if failed+excluded > 0 {
			text += fmt.Sprintf("\nNot shown: %d failed and %d excluded by design.", failed, excluded)
		}
		return text
	}
	text := fmt.Sprintf("共 %d 个规格：估计值为正 %.1f%%，p < %g 显著 %.1f%%（显著为正 %.1f%%）。",
		s.Specs, 100*s.Positive, alpha, 100*s.Significant, 100*s.SignificantPositive)
	if failed+excluded > 0 {
		text += fmt.Sprintf("\n未画出：估计失败 %d 个，按设计排除 %d 个。", failed, excluded)
	}
	return text
}

var (
	_ plot.Plotter     = (*specIntervals)(nil)
	_ plot.DataRanger  = (*specIntervals)(nil)
	_ plot.Plotter     = (*specDots)(nil)
	_ plot.Thumbnailer = specDotThumb{}
)
