package plots

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat"
)

func coefSample() []CoefPoint {
	return []CoefPoint{
		{Label: "滞后1期", Estimate: 0.12, Low: 0.02, High: 0.22, Group: 0},
		{Label: "滞后2期", Estimate: 0.05, Low: -0.06, High: 0.16, Group: 0},
		{Label: "东部×政策", Estimate: -0.03, Low: -0.2, High: 0.14, Group: 1},
		{Label: "西部×政策", Estimate: 0.2, Low: math.NaN(), High: math.NaN(), Group: 1},
	}
}

// The axis covers every interval (so each error bar was added) and reaches 0 for the reference line
// even when every estimate is positive.
func TestCoefPlotRanges(t *testing.T) {
	fig, err := CoefPlot(DefaultTheme(English), "Lags and regions", "Estimate and 95% CI", coefSample(),
		CoefOptions{Groups: []string{"Lags", "Regions"}})
	if err != nil {
		t.Fatal(err)
	}
	if fig.Plot.X.Min > -0.2 || fig.Plot.X.Max < 0.22 {
		t.Errorf("x axis [%v, %v], want it to cover the intervals [-0.2, 0.22]", fig.Plot.X.Min, fig.Plot.X.Max)
	}
	if !fig.LegendRight {
		t.Error("no legend column for two groups")
	}

	onlyPositive := []CoefPoint{{Label: "a", Estimate: 2, Low: 1, High: 3}}
	fig, err = CoefPlot(DefaultTheme(English), "t", "x", onlyPositive, CoefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if fig.Plot.X.Min > 0 || fig.LegendRight {
		t.Errorf("one positive point: x from %v, legend right %v; want 0 on the axis and no legend", fig.Plot.X.Min, fig.LegendRight)
	}
	fig, err = CoefPlot(DefaultTheme(English), "t", "x", onlyPositive, CoefOptions{NoZeroLine: true})
	if err != nil {
		t.Fatal(err)
	}
	if fig.Plot.X.Min < 0.5 {
		t.Errorf("without the zero line the axis starts at %v, want it near the interval [1, 3]", fig.Plot.X.Min)
	}
}

// Many coefficients make the figure taller so that labels do not overlap.
func TestCoefPlotGrowsWithPoints(t *testing.T) {
	var points []CoefPoint
	for i := range 30 {
		points = append(points, CoefPoint{Label: string(rune('a' + i%26)), Estimate: float64(i), Low: float64(i) - 1, High: float64(i) + 1})
	}
	fig, err := CoefPlot(DefaultTheme(English), "t", "x", points, CoefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if fig.Height <= DefaultTheme(English).Height {
		t.Errorf("height %v with 30 points, want more than the theme's %v", fig.Height, DefaultTheme(English).Height)
	}
}

func TestCoefPlotRejectsBadInput(t *testing.T) {
	cases := []struct {
		name   string
		points []CoefPoint
		want   string
	}{
		{"no points", nil, "no points"},
		{"NaN estimate", []CoefPoint{{Label: "L1", Estimate: math.NaN()}}, `"L1" has no finite estimate`},
		{"negative group", []CoefPoint{{Label: "L1", Estimate: 1, Group: -1}}, "negative group -1"},
	}
	for _, c := range cases {
		_, err := CoefPlot(DefaultTheme(English), "t", "x", c.points, CoefOptions{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestCoefPointOf(t *testing.T) {
	c := cpstat.Coefficient{Term: "L(balance, 1)", Estimate: 0.3, StdError: 0.1, ConfLow: 0.1, ConfHigh: 0.5}
	got := CoefPointOf("L1", c, 2)
	if got != (CoefPoint{Label: "L1", Estimate: 0.3, Low: 0.1, High: 0.5, Group: 2}) {
		t.Errorf("CoefPointOf = %+v", got)
	}
}

// A Chinese coefficient plot renders to a 300 dpi PNG with the CJK font.
func TestCoefPlotChinesePNG(t *testing.T) {
	fig, err := CoefPlot(DefaultTheme(Chinese), "滞后与区域异质性", "系数估计值与95%置信区间", coefSample(),
		CoefOptions{Groups: []string{"滞后", "区域"}})
	if errors.Is(err, ErrNoCJKFont) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	img := renderPNG(t, fig)
	// 16 cm at 300 dpi is 1889.8 pixels.
	if w := img.Bounds().Dx(); w < 1880 || w > 1900 {
		t.Errorf("PNG width %d px, want about 1890", w)
	}
}
