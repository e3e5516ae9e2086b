package plots

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

func sampleSeries() []Series {
	years := []float64{2001, 2002, 2003, 2004, 2005}
	return []Series{
		{Name: "东部", X: years, Y: []float64{1, 2, 3, 4, 5}},
		{Name: "中部", X: years, Y: []float64{1, 1.5, math.NaN(), 2.5, 3}},
	}
}

func TestLineChartPNGAt300DPI(t *testing.T) {
	fig, err := LineChart(DefaultTheme(Chinese), "地区均值", "年份", "指标", sampleSeries())
	if errors.Is(err, ErrNoCJKFont) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	img := renderPNG(t, fig)
	// 16 cm at 300 dpi is 16/2.54*300 = 1889.8 pixels wide.
	if w := img.Bounds().Dx(); w < 1880 || w > 1900 {
		t.Errorf("PNG width = %d px, want about 1890 (16 cm at 300 dpi)", w)
	}
}

func TestSVGNamesCJKFontAndText(t *testing.T) {
	fig, err := LineChart(DefaultTheme(Chinese), "地区均值", "年份", "指标", sampleSeries())
	if errors.Is(err, ErrNoCJKFont) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := fig.Write(&buf, "svg"); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	for _, want := range []string{"地区均值", "东部", "Noto Sans CJK SC"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestPDFRejectsChinese(t *testing.T) {
	fig, err := LineChart(DefaultTheme(Chinese), "地区均值", "年份", "指标", sampleSeries())
	if errors.Is(err, ErrNoCJKFont) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	err = fig.Save(filepath.Join(t.TempDir(), "f.pdf"))
	if !errors.Is(err, ErrPDFChinese) {
		t.Errorf("Save(.pdf) error = %v, want ErrPDFChinese", err)
	}
}

func TestEnglishPDFNeedsNoCJKFont(t *testing.T) {
	fig, err := LineChart(DefaultTheme(English), "Regional mean", "Year", "Indicator", sampleSeries())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "f.pdf")
	if err := fig.Save(path); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(raw, []byte("%PDF")) {
		t.Errorf("PDF not written: %v", err)
	}
}

func TestMissingFontErrorSaysHowToInstall(t *testing.T) {
	_, err := loadCJKFontFrom([]fontCandidate{{"/nonexistent/font.ttc", ""}})
	if !errors.Is(err, ErrNoCJKFont) || !strings.Contains(err.Error(), "fonts-noto-cjk") {
		t.Errorf("error = %v, want ErrNoCJKFont naming fonts-noto-cjk", err)
	}
}

func TestIntegerTicksThinLabels(t *testing.T) {
	ticks := integerTicks{}.Ticks(2001, 2017)
	labelled := 0
	for _, tk := range ticks {
		if tk.Label != "" {
			labelled++
		}
	}
	if len(ticks) != 17 || labelled != 9 {
		t.Errorf("2001–2017: %d ticks with %d labels, want 17 ticks and 9 labels (every 2 years)", len(ticks), labelled)
	}
}

// DefaultTicks labels 0.96, 0.98 and 1 with %g; sameDecimals pads them to two decimals each.
func TestSameDecimalsPadsLabels(t *testing.T) {
	var raw, padded []string
	for _, tk := range (plot.DefaultTicks{}).Ticks(0.955, 1.012) {
		if tk.Label != "" {
			raw = append(raw, tk.Label)
		}
	}
	for _, tk := range (sameDecimals{plot.DefaultTicks{}}).Ticks(0.955, 1.012) {
		if tk.Label != "" {
			padded = append(padded, tk.Label)
		}
	}
	if !slices.Contains(raw, "1") {
		t.Fatalf("DefaultTicks labels %q no longer contain 1; pick a range where %%g drops the decimals", raw)
	}
	if want := []string{"0.96", "0.98", "1.00"}; !slices.Equal(padded, want) {
		t.Errorf("labels %q, want %q", padded, want)
	}
}

func TestUniformDecimalsKeepsOtherLabels(t *testing.T) {
	cases := [][]string{
		{"东部", "1", "0.5"}, // a name among numbers
		{"1e-05", "2e-05"}, // exponent form
		{"-2", "0", "2"},   // whole numbers already agree
		{"", "0.25", ""},   // unlabelled ticks
	}
	for _, labels := range cases {
		ticks := make([]plot.Tick, len(labels))
		for i, l := range labels {
			ticks[i] = plot.Tick{Value: float64(i), Label: l}
		}
		var got []string
		for _, tk := range uniformDecimals(ticks) {
			got = append(got, tk.Label)
		}
		if !slices.Equal(got, labels) {
			t.Errorf("labels %q became %q", labels, got)
		}
	}
}

// Every figure keeps a blank border, so tick labels such as a long province name at the left of a
// ranking, or a coefficient label, do not touch the edge of the image.
func TestFigureBorderBlank(t *testing.T) {
	ranking, err := Ranking(DefaultTheme(English), "Ranking", "cp", []RankedValue{
		{Label: "Heilongjiang", Value: -1.2, Compare: -2.4},
		{Label: "Inner Mongolia", Value: -0.8, Compare: -1.1},
	}, RankingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	coef, err := CoefPlot(DefaultTheme(English), "Lags", "Estimate", []CoefPoint{
		{Label: "Lag 1 period", Estimate: 0.12, Low: 0.02, High: 0.22},
	}, CoefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, fig := range map[string]*Figure{"ranking": ranking, "coef": coef} {
		img := renderPNG(t, fig)
		// 4 pt of the 5 pt margin at 300 dpi; the last point is left for anti-aliasing.
		border := 4 * DPI / 72
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				inside := x >= b.Min.X+border && x < b.Max.X-border && y >= b.Min.Y+border && y < b.Max.Y-border
				if inside {
					continue
				}
				if r, g, bl, _ := img.At(x, y).RGBA(); r < 0xf000 || g < 0xf000 || bl < 0xf000 {
					t.Fatalf("%s: pixel (%d, %d) in the border is not white", name, x, y)
				}
			}
		}
	}
}

func TestNewPlotTitleGap(t *testing.T) {
	p, err := DefaultTheme(English).NewPlot("Title", "x", "y")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title.Padding < titleGap {
		t.Errorf("title padding %v, want at least %v between the title and the plot area", p.Title.Padding, titleGap)
	}
}

// renderPNG draws fig as a PNG and decodes it.
func renderPNG(t *testing.T, fig *Figure) image.Image {
	t.Helper()
	raw, err := fig.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("decode PNG: %v", err)
	}
	return img
}
