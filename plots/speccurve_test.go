package plots

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/table"
)

// smallCurve is a hand-made curve of a 2 × 2 grid with one failed and one excluded combination:
// estimates 0.3 (p 0.01), −0.1 (p 0.4) and 0.5 (p 0.03), so 2 of 3 are positive and significant.
func smallCurve() *cpstat.SpecCurveResult {
	g := cpstat.SpecGrid{Dimensions: []cpstat.SpecDimension{
		{Name: "treatment", Label: table.Label{Zh: "处理变量", En: "Treatment"},
			Options: []cpstat.SpecOption{{Name: "balance"}, {Name: "invest_tilt"}}},
		{Name: "lag", Label: table.Label{Zh: "滞后", En: "Lag"},
			Options: []cpstat.SpecOption{{Name: "0", Label: table.Label{Zh: "当期", En: "current"}}, {Name: "1"}}},
	}}
	row := func(index, treatment, lag int, estimate, p float64) cpstat.SpecRow {
		return cpstat.SpecRow{
			SpecChoice:  cpstat.SpecChoice{Index: index, Choice: []int{treatment, lag}},
			Coefficient: cpstat.Coefficient{Estimate: estimate, PValue: p, ConfLow: estimate - 0.2, ConfHigh: estimate + 0.2},
			Scale:       2,
		}
	}
	failed := cpstat.SpecRow{SpecChoice: cpstat.SpecChoice{Index: 2, Choice: []int{1, 0}}, Err: errors.New("no fit")}
	return &cpstat.SpecCurveResult{
		Grid:      g,
		Rows:      []cpstat.SpecRow{row(0, 0, 0, 0.3, 0.01), row(1, 0, 1, -0.1, 0.4), failed},
		Excluded:  []cpstat.SpecExcluded{{SpecChoice: cpstat.SpecChoice{Index: 3, Choice: []int{1, 1}}, Reason: "by design"}},
		ConfLevel: 0.95,
	}
}

func TestSpecCurveLabelsAndNote(t *testing.T) {
	res := smallCurve()
	res.Rows = append(res.Rows, cpstat.SpecRow{SpecChoice: cpstat.SpecChoice{Index: 4, Choice: []int{0, 1}},
		Coefficient: cpstat.Coefficient{Estimate: 0.5, PValue: 0.03, ConfLow: 0.1, ConfHigh: 0.9}, Scale: 1})
	fig, err := SpecCurve(DefaultTheme(English), res, SpecCurveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := fig.Write(&buf, "svg"); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	for _, want := range []string{
		"Specification curve", "Estimate", "balance", "invest_tilt", "current", "Treatment", "Lag",
		"p &lt; 0.05", "95% confidence interval",
		"3 specifications: 66.7% positive,", "(66.7% significant and positive).",
		"Not shown: 1 failed and 1 excluded by design.",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	// One more dimension with two options adds two indicator rows of 0.4 cm and nothing else.
	res.Grid.Dimensions = append(res.Grid.Dimensions, cpstat.SpecDimension{Name: "extra",
		Options: []cpstat.SpecOption{{Name: "x"}, {Name: "y"}}})
	for i := range res.Rows {
		res.Rows[i].Choice = append(res.Rows[i].Choice, 0)
	}
	taller, err := SpecCurve(DefaultTheme(English), res, SpecCurveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := taller.Height-fig.Height, 2*indicatorRow; math.Abs(float64(got-want)) > 1e-9 {
		t.Errorf("two more options add %v to the height, want %v", got, want)
	}
}

func TestSpecCurveStandardizedAxis(t *testing.T) {
	fig, err := SpecCurve(DefaultTheme(English), smallCurve(), SpecCurveOptions{Standardized: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := fig.Plot.Y.Label.Text; got != "Standardized estimate" {
		t.Errorf("y label = %q, want Standardized estimate", got)
	}
	// Scale 2 doubles the estimates −0.1 and 0.3 and their ±0.2 intervals: −0.6 to 1.0.
	low, high := fig.Plot.Y.Min, fig.Plot.Y.Max
	if math.Abs(low+0.6) > 1e-12 || math.Abs(high-1.0) > 1e-12 {
		t.Errorf("y range [%v, %v], want [-0.6, 1]", low, high)
	}
}

func TestSpecCurveRejectsEmptyResult(t *testing.T) {
	res := smallCurve()
	res.Rows = res.Rows[2:] // only the failed row
	_, err := SpecCurve(DefaultTheme(English), res, SpecCurveOptions{})
	if err == nil || !strings.Contains(err.Error(), "none of the 1 specifications") {
		t.Errorf("error %v, want one saying no specification has an estimate", err)
	}
	_, err = SpecCurve(DefaultTheme(English), smallCurve(), SpecCurveOptions{Alpha: 1.5})
	if err == nil || !strings.Contains(err.Error(), "Alpha 1.5") {
		t.Errorf("error %v, want one naming Alpha 1.5", err)
	}
}

// The estimate panel and the indicator panel must share the data area's left and right edges, so each
// specification's marks sit under its estimate, although their y axes have labels of different widths.
func TestSpecCurvePanelsAligned(t *testing.T) {
	res := smallCurve()
	curve, err := specCurvePanel(DefaultTheme(English), res.Sorted(false), "title", "y", 0.05, false, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	indicators, _, err := specIndicatorPanel(DefaultTheme(English), res.Grid, res.Sorted(false), 0.05, table.En)
	if err != nil {
		t.Fatal(err)
	}
	c := draw.New(vgimg.New(16*vg.Centimeter, 12*vg.Centimeter))
	top := draw.Crop(c, 0, 0, 6*vg.Centimeter, 0)
	bottom := draw.Crop(c, 0, 0, 0, -6*vg.Centimeter)
	before := curve.DataCanvas(top).Min.X - indicators.DataCanvas(bottom).Min.X
	if math.Abs(float64(before)) < 1 {
		t.Fatalf("the panels start aligned (%v apart), so the test checks nothing", before)
	}
	top, bottom = alignColumns(curve, indicators, top, bottom)
	a, b := curve.DataCanvas(top), indicators.DataCanvas(bottom)
	if math.Abs(float64(a.Min.X-b.Min.X)) > 1e-6 || math.Abs(float64(a.Max.X-b.Max.X)) > 1e-6 {
		t.Errorf("data areas [%v, %v] and [%v, %v] are not aligned", a.Min.X, a.Max.X, b.Min.X, b.Max.X)
	}
}

func TestSpecRankTicks(t *testing.T) {
	ticks := specRankTicks{}.Ticks(0.5, 840.5)
	var labels []string
	for _, tk := range ticks {
		labels = append(labels, tk.Label)
	}
	if got := strings.Join(labels, " "); got != "1 200 400 600 800" {
		t.Errorf("labels %q, want 1 200 400 600 800 (a step of 200 keeps at most 8 labels)", got)
	}
}

// wrapText keeps every character, breaks English between words and Chinese between characters, and
// keeps each line within the width unless a single word is wider.
func TestWrapText(t *testing.T) {
	for _, c := range []struct {
		lang Lang
		text string
	}{
		{English, "840 specifications: 81.5% positive, 59.3% significant at p < 0.05 (54.8% significant and positive)."},
		{Chinese, "共 840 个规格：估计值为正 81.5%，p < 0.05 显著 59.3%（显著为正 54.8%）。"},
	} {
		p, err := DefaultTheme(c.lang).NewPlot("", "", "")
		if errors.Is(err, ErrNoCJKFont) {
			t.Log(err)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		style := p.Legend.TextStyle
		width := style.Width(c.text) / 2.5
		wrapped := wrapText(c.text, style, width)
		lines := strings.Split(wrapped, "\n")
		if len(lines) < 3 {
			t.Errorf("%q wrapped into %d lines at 1/2.5 of its width, want at least 3", c.text, len(lines))
		}
		for _, line := range lines {
			if w := style.Width(line); w > width {
				t.Errorf("line %q is %v wide, more than %v", line, w, width)
			}
		}
		withoutSpaces := func(s string) string { return strings.NewReplacer("\n", "", " ", "").Replace(s) }
		if withoutSpaces(wrapped) != withoutSpaces(c.text) {
			t.Errorf("wrapping changed the text: %q", wrapped)
		}
	}
}
