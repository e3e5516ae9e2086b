package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Lang selects the language of a figure's labels.
type Lang int

const (
	// Chinese labels (the default), drawn with a CJK font.
	Chinese Lang = iota
	// English labels, drawn with gonum/plot's embedded Liberation Sans.
	English
)

// String returns "zh" or "en".
func (l Lang) String() string {
	if l == English {
		return "en"
	}
	return "zh"
}

// ParseLang accepts "zh", "cn", "chinese", "en" and "english".
func ParseLang(s string) (Lang, error) {
	switch s {
	case "", "zh", "cn", "zh-CN", "chinese":
		return Chinese, nil
	case "en", "english":
		return English, nil
	}
	return Chinese, fmt.Errorf("unknown language %q: use zh or en", s)
}

// Theme is the visual language shared by every cpstat figure: sizes in points, a palette whose colours stay
// distinguishable when printed in grey (each series also gets its own dash pattern and marker shape).
type Theme struct {
	Lang      Lang
	TitleSize vg.Length
	LabelSize vg.Length
	TickSize  vg.Length
	LineWidth vg.Length
	Width     vg.Length // default figure width
	Height    vg.Length // default figure height
}

// DefaultTheme returns the theme for a language: a 16 cm × 10 cm figure, 12 pt titles, 10 pt labels.
func DefaultTheme(lang Lang) Theme {
	return Theme{
		Lang:      lang,
		TitleSize: 12,
		LabelSize: 10,
		TickSize:  9,
		LineWidth: 1.4,
		Width:     16 * vg.Centimeter,
		Height:    10 * vg.Centimeter,
	}
}

// palette lists series colours ordered so neighbours differ in lightness as well as hue (Okabe–Ito colours
// with black first).
var palette = []color.Color{
	color.RGBA{0, 0, 0, 255},
	color.RGBA{0, 114, 178, 255},
	color.RGBA{213, 94, 0, 255},
	color.RGBA{0, 158, 115, 255},
	color.RGBA{204, 121, 167, 255},
	color.RGBA{86, 180, 233, 255},
	color.RGBA{230, 159, 0, 255},
}

var dashes = [][]vg.Length{
	nil,
	{vg.Points(6), vg.Points(3)},
	{vg.Points(2), vg.Points(2)},
	{vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)},
	{vg.Points(4), vg.Points(4)},
}

var glyphs = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PlusGlyph{}, draw.CrossGlyph{}, draw.RingGlyph{},
}

// Color returns the i-th series colour.
func Color(i int) color.Color { return palette[i%len(palette)] }

// LineStyle returns the i-th series line style: colour, width and dash pattern.
func (t Theme) LineStyle(i int) draw.LineStyle {
	return draw.LineStyle{Color: Color(i), Width: t.LineWidth, Dashes: dashes[i%len(dashes)]}
}

// GlyphStyle returns the i-th series marker.
func (t Theme) GlyphStyle(i int) draw.GlyphStyle {
	return draw.GlyphStyle{Color: Color(i), Radius: vg.Points(2.5), Shape: glyphs[i%len(glyphs)]}
}

// fontFor returns the typeface for the theme's language, loading the CJK font when needed.
func (t Theme) fontFor() (font.Font, error) {
	if t.Lang == English {
		return font.Font{Typeface: "Liberation", Variant: "Sans"}, nil
	}
	if _, err := LoadCJKFont(); err != nil {
		return font.Font{}, err
	}
	return font.Font{Typeface: cjkTypeface}, nil
}

// titleGap is the space between a figure's title and its plot area, so that data drawn at the top
// of the plot area does not run into the title.
const titleGap = vg.Length(8)

// NewPlot returns an empty plot with the theme's fonts, sizes and a light grid. Its default tick
// marker gives all labels of an axis the same number of decimals. It fails only when Chinese labels
// are requested and no CJK font is installed.
func (t Theme) NewPlot(title, xLabel, yLabel string) (*plot.Plot, error) {
	fnt, err := t.fontFor()
	if err != nil {
		return nil, err
	}
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(fnt, t.TitleSize)
	p.Title.Padding = titleGap
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(fnt, t.LabelSize)
		ax.Tick.Label.Font = font.From(fnt, t.TickSize)
		ax.Tick.Marker = sameDecimals{plot.DefaultTicks{}}
	}
	p.Legend.TextStyle.Font = font.From(fnt, t.LabelSize)
	p.Legend.Top = true
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 225}
	grid.Horizontal.Color = color.Gray{Y: 225}
	p.Add(grid)
	return p, nil
}
