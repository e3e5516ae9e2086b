package plots

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// The SVG of a bar chart carries every label, each value with the requested decimals and the group legend.
func TestBarChartLabelsAndValues(t *testing.T) {
	bars := []Bar{{Label: "income", Value: 0.2867}, {Label: "unemployment", Value: 0.0293}, {Label: "gini", Value: 1, Group: 1}}
	fig, err := BarChart(DefaultTheme(English), "Weights", "weight", bars, []string{"Prosperity", "Commonality"}, 3)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := fig.Write(&buf, "svg"); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	for _, want := range []string{"income", "unemployment", "gini", "0.287", "0.029", "1.000", "Prosperity", "Commonality"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if !fig.LegendRight {
		t.Error("two groups should put the legend right of the plot")
	}
}

// A long English label is broken at spaces into lines no wider than the limit. A Chinese label without
// spaces and a short label stay whole.
func TestWrapLabel(t *testing.T) {
	p, err := DefaultTheme(English).NewPlot("", "", "")
	if err != nil {
		t.Fatal(err)
	}
	style := p.Y.Tick.Label
	width := 4 * vg.Centimeter
	long := "ind19 Culture, education and entertainment spending per capita"
	got := wrapLabel(style, long, width)
	lines := strings.Split(got, "\n")
	if len(lines) < 2 || strings.Join(lines, " ") != long {
		t.Fatalf("wrapLabel(%q) = %q, want it broken at spaces", long, got)
	}
	for _, l := range lines {
		if style.Width(l) > width {
			t.Errorf("line %q is %v wide, more than %v", l, style.Width(l), width)
		}
	}
	for _, keep := range []string{"ind25 Gini", "人均教育文化娱乐消费支出占比人均教育文化娱乐消费支出占比", "ind05 人均可支配收入与人均GDP比值人均可支配收入与人均GDP比值"} {
		if got := wrapLabel(style, keep, width); got != keep {
			t.Errorf("wrapLabel(%q) = %q, want it unchanged", keep, got)
		}
	}
}

// Thirty bars need 30 × 0.55 cm + 3 cm = 19.5 cm, more than the theme's 10 cm.
func TestBarChartGrowsForManyBars(t *testing.T) {
	bars := make([]Bar, 30)
	for i := range bars {
		bars[i] = Bar{Label: strings.Repeat("x", i+1), Value: float64(i)}
	}
	fig, err := BarChart(DefaultTheme(English), "Many", "value", bars, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := 30*0.55*vg.Centimeter + 3*vg.Centimeter; math.Abs(float64(fig.Height-want)) > 1e-9 {
		t.Errorf("height = %v, want %v", fig.Height, want)
	}
}

func TestBarChartRejectsNaN(t *testing.T) {
	_, err := BarChart(DefaultTheme(English), "NaN", "value", []Bar{{Label: "a", Value: math.NaN()}}, nil, 1)
	if err == nil || !strings.Contains(err.Error(), `"a"`) {
		t.Errorf("err = %v, want one naming bar a", err)
	}
}

// The heat map legend lists the value class of every palette colour, cut at the data's minimum and maximum,
// plus the colour of missing cells.
func TestHeatMapLegendClasses(t *testing.T) {
	g := HeatGrid{Columns: []float64{2001, 2002}, Rows: []string{"A", "B"}, Z: [][]float64{{0, 6}, {3, math.NaN()}}}
	fig, err := HeatMap(DefaultTheme(English), "Heat", "Year", g, 1)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := fig.Write(&buf, "svg"); err != nil {
		t.Fatal(err)
	}
	// Seven colours over 0–6 have classes of width 1 centred on 0, 1, …, 6.
	for _, want := range []string{"0.0 – 0.5", "0.5 – 1.5", "5.5 – 6.0", "missing", "2001", "A", "B"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestHeatMapShapeErrors(t *testing.T) {
	_, err := HeatMap(DefaultTheme(English), "Bad", "Year", HeatGrid{Columns: []float64{1, 2}, Rows: []string{"A"}, Z: [][]float64{{1}}}, 1)
	if err == nil || !strings.Contains(err.Error(), `row "A" has 1 values for 2 columns`) {
		t.Errorf("err = %v, want a shape error naming row A", err)
	}
	_, err = HeatMap(DefaultTheme(English), "Empty", "Year", HeatGrid{Columns: []float64{1}, Rows: []string{"A"}, Z: [][]float64{{math.NaN()}}}, 1)
	if err == nil || !strings.Contains(err.Error(), "no finite value") {
		t.Errorf("err = %v, want one about no finite value", err)
	}
	if errors.Is(err, ErrNoCJKFont) {
		t.Error("English figures need no CJK font")
	}
}
