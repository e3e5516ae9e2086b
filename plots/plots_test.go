package plots

import (
	"bytes"
	"errors"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	raw, err := fig.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("decode PNG: %v", err)
	}
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
