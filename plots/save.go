package plots

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// DPI is the resolution of PNG output, the usual print requirement of journals.
const DPI = 300

// Figure is a finished plot with its language and size, ready to be written.
type Figure struct {
	Plot   *plot.Plot
	Lang   Lang
	Width  vg.Length
	Height vg.Length

	// LegendRight draws the legend in a column right of the plot area instead of over the data.
	LegendRight bool

	// Layout, when not nil, draws the whole figure in place of Plot, for figures made of several aligned
	// plots such as a specification curve. Plot is then the main panel, kept for callers that adjust it.
	Layout func(c draw.Canvas)
}

// ErrPDFChinese is returned when PDF output is requested for a figure with Chinese labels.
var ErrPDFChinese = errors.New("PDF output cannot draw Chinese labels (gonum/plot's PDF backend cannot embed " +
	"a face from a .ttc font collection): write PNG or SVG instead, or draw the figure with English labels")

// Save writes the figure to path in the format its extension names: .png (300 dpi), .svg or .pdf.
func (f *Figure) Save(path string) error {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	var buf bytes.Buffer
	if err := f.Write(&buf, format); err != nil {
		return fmt.Errorf("save figure %s: %w", path, err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// Write renders the figure in format "png", "svg" or "pdf".
func (f *Figure) Write(w io.Writer, format string) error {
	var canvas interface {
		vg.CanvasSizer
		io.WriterTo
	}
	switch format {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(DPI))
		canvas = vgimg.PngCanvas{Canvas: c}
	case "svg":
		canvas = vgsvg.NewWith(vgsvg.UseWH(f.Width, f.Height))
	case "pdf":
		if f.Lang == Chinese {
			return ErrPDFChinese
		}
		canvas = vgpdf.New(f.Width, f.Height)
	default:
		return fmt.Errorf("unknown figure format %q: use png, svg or pdf", format)
	}
	f.draw(draw.New(canvas))
	_, err := canvas.WriteTo(w)
	return err
}

// figureMargin is the blank border around every figure, so that tick labels, axis labels, titles
// and legends do not touch the edge of the image.
const figureMargin = vg.Length(5)

// draw renders the plot inside the figure margin, moving the legend into a right-hand column when
// LegendRight is set.
func (f *Figure) draw(c draw.Canvas) {
	// The plot fills only the area inside the margin, so the margin gets the plot's background here.
	if f.Plot != nil && f.Plot.BackgroundColor != nil {
		c.SetColor(f.Plot.BackgroundColor)
		c.Fill(c.Rectangle.Path())
	}
	c = draw.Crop(c, figureMargin, -figureMargin, figureMargin, -figureMargin)
	if f.Layout != nil {
		f.Layout(c)
		return
	}
	if !f.LegendRight {
		f.Plot.Draw(c)
		return
	}
	legend := f.Plot.Legend
	title := f.Plot.Title
	f.Plot.Legend = plot.NewLegend()
	f.Plot.Title.Text = ""
	defer func() { f.Plot.Legend, f.Plot.Title = legend, title }()

	// The title spans the whole figure, above both the plot and the legend column: centred over the
	// plot alone, a long title would run off the figure's left edge.
	band := vg.Length(0)
	if title.Text != "" {
		band = drawTitle(c, title.TextStyle, title.Text, title.Padding)
	}

	gap := vg.Points(8)
	r := legend.Rectangle(c)
	column := r.Max.X - r.Min.X + 2*gap
	f.Plot.Draw(draw.Crop(c, 0, -column, 0, -band))
	legend.Left = true
	legend.Top = true
	legend.Draw(draw.Crop(c, c.Max.X-c.Min.X-column+gap, 0, 0, -gap-band))
}

// drawTitle writes a title centred at the top of c, shrinking the font (to no less than 8 pt) until it
// fits the width, and returns the height it took.
func drawTitle(c draw.Canvas, style text.Style, title string, padding vg.Length) vg.Length {
	width := c.Max.X - c.Min.X - 2*padding
	for style.Font.Size > 8 && style.Width(title) > width {
		style.Font.Size--
	}
	style.XAlign = draw.XCenter
	style.YAlign = draw.YTop
	c.FillText(style, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y}, title)
	return style.Height(title) + style.FontExtents().Descent + padding
}

// PNG returns the figure as PNG bytes, for display in a notebook.
func (f *Figure) PNG() ([]byte, error) {
	var buf bytes.Buffer
	err := f.Write(&buf, "png")
	return buf.Bytes(), err
}

// SaveAll writes the figure as base.png and base.svg (base is a path without extension) and returns the
// paths written.
func (f *Figure) SaveAll(base string) ([]string, error) {
	var paths []string
	for _, ext := range []string{".png", ".svg"} {
		p := base + ext
		if err := f.Save(p); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}
