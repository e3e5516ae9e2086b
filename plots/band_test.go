package plots

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat"
)

func sampleEffect() cpstat.EffectPath {
	return cpstat.EffectPath{
		Term: "balance", Level: 0.95,
		Tau:   []float64{0.1, 0.3, 0.5, 0.7, 0.9},
		Coef:  []float64{0.2, 0.35, 0.4, 0.3, 0.1},
		Lower: []float64{-0.1, 0.1, 0.2, 0.05, -0.3},
		Upper: []float64{0.5, 0.6, 0.6, 0.55, 0.5},
	}
}

func TestBandChartPNGAndSVG(t *testing.T) {
	series := []BandSeries{
		EffectBand("QRPD", "95% 置信区间", sampleEffect()),
		{Name: "合并分位数回归", X: []float64{0.1, 0.5, 0.9}, Y: []float64{0.5, 0.45, 0.4}},
	}
	fig, err := BandChart(DefaultTheme(Chinese), "边际效应", "分位点 τ", "系数", series, BandOptions{ReferenceY: []float64{0}})
	if errors.Is(err, ErrNoCJKFont) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	img := renderPNG(t, fig)
	if w := img.Bounds().Dx(); w < 1880 || w > 1900 {
		t.Errorf("PNG width = %d px, want about 1890 (16 cm at 300 dpi)", w)
	}

	var buf bytes.Buffer
	if err := fig.Write(&buf, "svg"); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	for _, want := range []string{"边际效应", "QRPD", "95% 置信区间", "合并分位数回归"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	// The band is the first series colour at the default opacity 0.18.
	if !strings.Contains(svg, "fill-opacity") {
		t.Error("SVG has no translucent fill for the band")
	}
}

func TestBandChartRejectsBadInput(t *testing.T) {
	theme := DefaultTheme(English)
	cases := []struct {
		name   string
		series BandSeries
		opts   BandOptions
		want   string
	}{
		{"short y", BandSeries{Name: "a", X: []float64{1, 2}, Y: []float64{1}}, BandOptions{}, "2 x values and 1 y values"},
		{"one edge", BandSeries{Name: "a", X: []float64{1, 2}, Y: []float64{1, 2}, Lower: []float64{0, 1}}, BandOptions{}, "only one band edge"},
		{"short band", BandSeries{Name: "a", X: []float64{1, 2}, Y: []float64{1, 2}, Lower: []float64{0}, Upper: []float64{2}}, BandOptions{}, "1 lower and 1 upper"},
		{"opacity", BandSeries{Name: "a", X: []float64{1, 2}, Y: []float64{1, 2}}, BandOptions{Opacity: 1.5}, "opacity 1.5"},
	}
	for _, c := range cases {
		_, err := BandChart(theme, "t", "x", "y", []BandSeries{c.series}, c.opts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// A NaN in the band splits it into separate rings, and a run of one point has no area.
func TestBandSegmentsSplitAtNaN(t *testing.T) {
	nan := math.NaN()
	s := BandSeries{
		X:     []float64{1, 2, 3, 4, 5, 6, 7},
		Y:     []float64{1, 1, 1, 1, 1, nan, 1},
		Lower: []float64{0, 0, nan, 0, 0, 0, 0},
		Upper: []float64{2, 2, 2, 2, 2, 2, 2},
	}
	rings := bandSegments(s)
	if len(rings) != 2 {
		t.Fatalf("%d rings, want 2 (x = 1–2 and 4–5; the lone point x = 7 makes none)", len(rings))
	}
	for r, want := range [][]float64{{1, 2, 2, 1}, {4, 5, 5, 4}} {
		if len(rings[r]) != len(want) {
			t.Fatalf("ring %d has %d vertices, want %d", r, len(rings[r]), len(want))
		}
		for k, xy := range rings[r] {
			if xy.X != want[k] {
				t.Errorf("ring %d vertex %d x = %v, want %v", r, k, xy.X, want[k])
			}
		}
	}
}

func TestBandChartYearsGetIntegerTicks(t *testing.T) {
	years := []float64{2001, 2002, 2003}
	fig, err := BandChart(DefaultTheme(English), "t", "Year", "y",
		[]BandSeries{{Name: "a", X: years, Y: []float64{1, 2, 3}, Lower: []float64{0, 1, 2}, Upper: []float64{2, 3, 4}}}, BandOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := fig.Plot.X.Tick.Marker.(integerTicks); !ok {
		t.Errorf("x tick marker %T, want integerTicks for whole-number X", fig.Plot.X.Tick.Marker)
	}
}

func TestStepTicksLabelZero(t *testing.T) {
	cases := []struct {
		min, max float64
		labels   []string
	}{
		{-0.43, 1.31, []string{"-0.4", "-0.2", "0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2"}},
		{0, 1, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{-3, 17, []string{"0", "5", "10", "15"}},
		{0.031, 0.047, []string{"0.032", "0.034", "0.036", "0.038", "0.040", "0.042", "0.044", "0.046"}},
	}
	for _, c := range cases {
		var labels []string
		for _, tick := range (stepTicks{}).Ticks(c.min, c.max) {
			if tick.Label != "" {
				labels = append(labels, tick.Label)
			}
		}
		if strings.Join(labels, " ") != strings.Join(c.labels, " ") {
			t.Errorf("ticks on [%v, %v]: labels %v, want %v", c.min, c.max, labels, c.labels)
		}
	}
}
