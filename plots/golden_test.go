package plots

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/province"
)

// update rewrites the golden images: go test ./plots -update. Review the new images before committing
// them, because the test then accepts whatever the figure functions draw.
var update = flag.Bool("update", false, "rewrite the golden images in testdata/golden from the current figure functions")

const goldenDir = "testdata/golden"

// goldenFontFile records the CJK font that drew the Chinese goldens. Text placement depends on the
// font's metrics, so Chinese goldens are compared only under the same font file.
const goldenFontFile = "cjk_font.txt"

// PNG tolerance. Anti-aliased edges can differ by a few levels between builds of the rasteriser and
// between CPUs (fused multiply-add), so a pixel counts as different only when a channel differs by
// more than pixelTolerance of 255 levels. At most maxDifferentShare of the pixels may differ, which is
// about 900 pixels of a 10 cm × 7 cm figure at 300 dpi, well below one misplaced label.
const (
	pixelTolerance    = 24
	maxDifferentShare = 0.001
)

// goldenTheme is the default theme at 10 cm × 7 cm, to keep the golden PNGs small.
func goldenTheme(l Lang) Theme {
	t := DefaultTheme(l)
	t.Width, t.Height = 10*vg.Centimeter, 7*vg.Centimeter
	return t
}

// goldenCase is one figure function drawn from a small fixed input.
type goldenCase struct {
	name  string
	lang  Lang
	build func(Theme) (*Figure, error)
}

// goldenCases lists every exported figure function of the package, in English and, for those that
// draw Chinese text of their own, in Chinese.
func goldenCases() []goldenCase {
	years := []float64{2001, 2002, 2003, 2004, 2005}
	line := func(t Theme) (*Figure, error) {
		zh := t.Lang == Chinese
		return LineChart(t, langPick(t.Lang, "地区均值", "Regional mean"), langPick(t.Lang, "年份", "Year"),
			langPick(t.Lang, "指标", "Indicator"), []Series{
				{Name: langText(zh, "东部", "East"), X: years, Y: []float64{1, 2, 3, 4, 5}},
				{Name: langText(zh, "中部", "Central"), X: years, Y: []float64{1, 1.5, math.NaN(), 2.5, 3}},
			})
	}
	trend := func(t Theme) (*Figure, error) {
		rm := &cpstat.RegionMeans{Variable: "cp", Regions: []province.Region{province.East, province.Central, province.West},
			Periods: []int{2001, 2002, 2003},
			Mean:    [][]float64{{-1, -0.8, -0.5}, {-2, -1.7, -1.5}, {-2.5, -2.4, math.NaN()}}}
		return RegionTrend(t, rm, langPick(t.Lang, "分地区均值", "Mean by region"), "cp")
	}
	bars := func(t Theme) (*Figure, error) {
		return BarChart(t, "Weights", "weight", []Bar{{Label: "income", Value: 0.29}, {Label: "gini", Value: 0.52, Group: 1},
			{Label: "housing floor area per capita of urban residents", Value: 0.19}}, []string{"Prosperity", "Commonality"}, 2)
	}
	heat := func(t Theme) (*Figure, error) {
		return HeatMap(t, "Index", "Year", HeatGrid{Columns: []float64{2001, 2002, 2003}, Rows: []string{"BJ", "SX", "GS"},
			Z: [][]float64{{3, 4, 5}, {1, 2, 2.5}, {0, math.NaN(), 1}}}, 1)
	}
	band := func(t Theme) (*Figure, error) {
		taus := []float64{0.1, 0.25, 0.5, 0.75, 0.9}
		return BandChart(t, "Quantile effect", "τ", "effect", []BandSeries{{Name: "balance", X: taus,
			Y: []float64{0.1, 0.15, 0.2, 0.22, 0.3}, Lower: []float64{0, 0.05, 0.12, 0.1, 0.1},
			Upper: []float64{0.2, 0.25, 0.28, 0.34, 0.5}, BandName: "95% CI"}}, BandOptions{ReferenceY: []float64{0}})
	}
	coef := func(t Theme) (*Figure, error) {
		return CoefPlot(t, "Lags", "estimate", []CoefPoint{{Label: "L1", Estimate: 0.2, Low: 0.05, High: 0.35},
			{Label: "L2", Estimate: 0.1, Low: -0.05, High: 0.25, Group: 1}, {Label: "L3", Estimate: -0.02, Low: math.NaN(), High: math.NaN(), Group: 1}},
			CoefOptions{Groups: []string{"first", "later"}})
	}
	density := func(t Theme) (*Figure, error) {
		values := make([]float64, 200)
		for i := range values {
			// Evenly spaced normal quantiles (a fixed, seed-free sample) by the inverse error function.
			values[i] = 0.05 * math.Sqrt2 * math.Erfinv(2*(float64(i)+0.5)/200-1)
		}
		return DensityChart(t, "Placebo", "coefficient", values, []Mark{{Label: "true", Value: 0.2}},
			DensityOptions{HistogramName: "histogram", DensityName: "density"})
	}
	ranking := func(t Theme) (*Figure, error) {
		zh := t.Lang == Chinese
		return Ranking(t, langPick(t.Lang, "排名", "Ranking"), "cp", []RankedValue{
			{Label: langText(zh, "上海", "Shanghai"), Region: province.East, Value: -0.3, Compare: -1.5},
			{Label: langText(zh, "湖北", "Hubei"), Region: province.Central, Value: -1.2, Compare: -2.5},
			{Label: langText(zh, "甘肃", "Gansu"), Region: province.West, Value: -2.2, Compare: math.NaN()},
		}, RankingOptions{ValueName: "2017", CompareName: "2001"})
	}
	curve := func(t Theme) (*Figure, error) { return SpecCurve(t, smallCurve(), SpecCurveOptions{}) }

	var cases []goldenCase
	for _, c := range []struct {
		name    string
		build   func(Theme) (*Figure, error)
		chinese bool // the function draws Chinese text of its own, such as legend names
	}{
		{"line", line, true}, {"region_trend", trend, true}, {"bars", bars, false}, {"heatmap", heat, true},
		{"band", band, false}, {"coef", coef, false}, {"density", density, false}, {"ranking", ranking, true},
		{"speccurve", curve, true},
	} {
		cases = append(cases, goldenCase{c.name + "_en", English, c.build})
		if c.chinese {
			cases = append(cases, goldenCase{c.name + "_zh", Chinese, c.build})
		}
	}
	return cases
}

func langText(zh bool, chinese, english string) string {
	if zh {
		return chinese
	}
	return english
}

// TestGoldenFigures draws every case as SVG and PNG and compares them with testdata/golden: the SVG
// text exactly, the PNG by decoded pixels within the tolerance above.
func TestGoldenFigures(t *testing.T) {
	font := cjkFontName(t)
	if *update {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if font != "" {
			if err := os.WriteFile(filepath.Join(goldenDir, goldenFontFile), []byte(font+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range goldenCases() {
		t.Run(c.name, func(t *testing.T) {
			if c.lang == Chinese {
				skipUnlessGoldenFont(t, font)
			}
			fig, err := c.build(goldenTheme(c.lang))
			if err != nil {
				t.Fatal(err)
			}
			var svg, pngBytes bytes.Buffer
			if err := fig.Write(&svg, "svg"); err != nil {
				t.Fatal(err)
			}
			if err := fig.Write(&pngBytes, "png"); err != nil {
				t.Fatal(err)
			}
			if *update {
				writeGolden(t, c.name+".svg", svg.Bytes())
				writeGolden(t, c.name+".png", pngBytes.Bytes())
				return
			}
			compareGolden(t, c.name, svg.Bytes(), pngBytes.Bytes())
		})
	}
}

// cjkFontName returns the base name of the CJK font file, or "" when none is installed.
func cjkFontName(t *testing.T) string {
	t.Helper()
	path, err := LoadCJKFont()
	if errors.Is(err, ErrNoCJKFont) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Base(path)
}

func skipUnlessGoldenFont(t *testing.T, font string) {
	t.Helper()
	if font == "" {
		t.Skip("no CJK font installed, so the Chinese golden images are not compared; install fonts-noto-cjk or set CPSTAT_CJK_FONT")
	}
	if *update {
		return
	}
	raw, err := os.ReadFile(filepath.Join(goldenDir, goldenFontFile))
	if err != nil {
		t.Fatalf("read the font of the Chinese goldens: %v; run go test ./plots -update", err)
	}
	if want := strings.TrimSpace(string(raw)); want != font {
		t.Skipf("the Chinese goldens were drawn with %s and this machine has %s, whose metrics place text differently; "+
			"the Chinese goldens are not compared", want, font)
	}
}

func writeGolden(t *testing.T, name string, raw []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(goldenDir, name), raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

// compareGolden compares a case with its goldens. On a mismatch it writes the new images into a
// folder that outlives the test and names it, so they can be viewed next to the goldens.
func compareGolden(t *testing.T, name string, svg, pngBytes []byte) {
	t.Helper()
	var problems []string
	wantSVG, err := os.ReadFile(filepath.Join(goldenDir, name+".svg"))
	switch {
	case err != nil:
		problems = append(problems, fmt.Sprintf("no golden SVG (%v)", err))
	case !bytes.Equal(svg, wantSVG):
		problems = append(problems, "the SVG differs from the golden one "+firstDifference(svg, wantSVG))
	}
	wantPNG, err := os.ReadFile(filepath.Join(goldenDir, name+".png"))
	if err != nil {
		problems = append(problems, fmt.Sprintf("no golden PNG (%v)", err))
	} else if problem := comparePNG(pngBytes, wantPNG); problem != "" {
		problems = append(problems, problem)
	}
	if len(problems) == 0 {
		return
	}

	dir, err := os.MkdirTemp("", "cpstat-golden-")
	if err != nil {
		t.Fatal(err)
	}
	for ext, raw := range map[string][]byte{".svg": svg, ".png": pngBytes} {
		if err := os.WriteFile(filepath.Join(dir, name+ext), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Errorf("%s: %s. The new images are in %s; compare them with %s, and if the change is intended, run go test ./plots -update",
		name, strings.Join(problems, "; "), dir, filepath.Join(goldenDir, name+".*"))
}

// firstDifference describes where two texts first differ, by line.
func firstDifference(got, want []byte) string {
	gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(gotLines), len(wantLines)); i++ {
		var g, w string
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			return fmt.Sprintf("at line %d: got %.120q, want %.120q", i+1, g, w)
		}
	}
	return "in length"
}

// comparePNG returns "" when the images have the same size and few enough different pixels, and a
// description of the difference otherwise.
func comparePNG(got, want []byte) string {
	a, err := png.Decode(bytes.NewReader(got))
	if err != nil {
		return fmt.Sprintf("the new PNG does not decode: %v", err)
	}
	b, err := png.Decode(bytes.NewReader(want))
	if err != nil {
		return fmt.Sprintf("the golden PNG does not decode: %v", err)
	}
	if a.Bounds() != b.Bounds() {
		return fmt.Sprintf("the PNG is %v, the golden one %v", a.Bounds().Size(), b.Bounds().Size())
	}
	differ, worst := differentPixels(a, b)
	total := a.Bounds().Dx() * a.Bounds().Dy()
	if float64(differ) > maxDifferentShare*float64(total) {
		return fmt.Sprintf("%d of %d PNG pixels (%.3f%%) differ by more than %d levels, the largest by %d; at most %.1f%% may",
			differ, total, 100*float64(differ)/float64(total), pixelTolerance, worst, 100*maxDifferentShare)
	}
	return ""
}

// differentPixels counts the pixels where a channel of a and b differs by more than pixelTolerance of
// 255 levels, and returns the largest difference found.
func differentPixels(a, b image.Image) (count, worst int) {
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, aa := a.At(x, y).RGBA()
			br, bg, bb, ba := b.At(x, y).RGBA()
			diff := 0
			for _, d := range [][2]uint32{{ar, br}, {ag, bg}, {ab, bb}, {aa, ba}} {
				diff = max(diff, int(math.Abs(float64(d[0]>>8)-float64(d[1]>>8))))
			}
			worst = max(worst, diff)
			if diff > pixelTolerance {
				count++
			}
		}
	}
	return count, worst
}

// The PNG comparison must accept small anti-aliasing differences and reject a moved mark.
func TestComparePNGTolerance(t *testing.T) {
	base := image.NewGray(image.Rect(0, 0, 100, 100))
	for i := range base.Pix {
		base.Pix[i] = 255
	}
	encode := func(img image.Image) []byte {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}

	faint := image.NewGray(base.Rect)
	copy(faint.Pix, base.Pix)
	for x := 0; x < 100; x++ {
		faint.Pix[50*faint.Stride+x] = 255 - pixelTolerance // an edge a few levels lighter
	}
	if problem := comparePNG(encode(faint), encode(base)); problem != "" {
		t.Errorf("a difference of %d levels was rejected: %s", pixelTolerance, problem)
	}

	moved := image.NewGray(base.Rect)
	copy(moved.Pix, base.Pix)
	for y := 40; y < 60; y++ {
		for x := 40; x < 60; x++ {
			moved.Pix[y*moved.Stride+x] = 0 // 400 black pixels, 4% of the image
		}
	}
	if problem := comparePNG(encode(moved), encode(base)); !strings.Contains(problem, "400 of 10000") {
		t.Errorf("a black square was accepted or misreported: %q", problem)
	}
}
