package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/province"
)

// RankedValue is one entity of a ranked dot plot.
type RankedValue struct {
	Label  string          // text on the vertical axis, such as "江苏"
	Region province.Region // NBS region, which selects the marker (0 draws East's marker)
	Value  float64         // the filled dot, which ranks the entities with the largest on top
	// Compare is a second value of the same entity, such as an earlier year, drawn as a hollow dot
	// joined to Value by a line. NaN draws none.
	Compare float64
}

// RankingOptions are the settings of Ranking. The zero value is the default.
type RankingOptions struct {
	// ValueName and CompareName name the filled and the hollow dots in the legend, such as "2017" and
	// "2001". An empty CompareName leaves the hollow dot out of the legend.
	ValueName   string
	CompareName string
}

// rankingRow is the vertical space one entity takes.
const rankingRow = 0.42 * vg.Centimeter

// regionStyles are the region markers: a filled and a hollow shape per region, in colours that differ
// in lightness, so the regions stay apart in greyscale.
var regionStyles = map[province.Region]struct {
	filled, hollow draw.GlyphDrawer
	colour         color.Color
}{
	province.East:    {draw.CircleGlyph{}, draw.RingGlyph{}, color.RGBA{0, 0, 0, 255}},
	province.Central: {draw.PyramidGlyph{}, draw.TriangleGlyph{}, color.RGBA{0, 114, 178, 255}},
	province.West:    {draw.BoxGlyph{}, draw.SquareGlyph{}, color.RGBA{213, 94, 0, 255}},
}

// Ranking draws a ranked dot plot: one row per entity, ordered by Value with the largest on top, a
// filled marker whose shape and colour give the NBS region, and optionally a hollow marker for Compare
// joined by a grey line. The legend lists the regions present and the two values. The figure grows
// taller than the theme's height when the rows need it. A NaN or infinite Value is an error, because
// its rank would be undefined. Leave the entity out instead, as RankingValues does.
func Ranking(t Theme, title, xLabel string, values []RankedValue, opts RankingOptions) (*Figure, error) {
	if len(values) == 0 {
		return nil, fmt.Errorf("ranking %q: no values", title)
	}
	for _, v := range values {
		if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
			return nil, fmt.Errorf("ranking %q: %q has no finite value (%v); leave it out of the ranking", title, v.Label, v.Value)
		}
		if _, ok := regionStyles[v.Region]; !ok && v.Region != 0 {
			return nil, fmt.Errorf("ranking %q: %q has unknown region %d", title, v.Label, int(v.Region))
		}
	}
	ranked := append([]RankedValue(nil), values...)
	sort.SliceStable(ranked, func(a, b int) bool { return ranked[a].Value < ranked[b].Value }) // bottom to top

	p, err := t.NewPlot(title, xLabel, "")
	if err != nil {
		return nil, err
	}
	labels := make([]string, len(ranked))
	seen := map[province.Region]bool{}
	for i, v := range ranked {
		labels[i] = v.Label
		style := regionStyle(v.Region)
		y := float64(i)
		if rankingFinite(v.Compare) {
			line, err := plotter.NewLine(plotter.XYs{{X: v.Compare, Y: y}, {X: v.Value, Y: y}})
			if err != nil {
				return nil, fmt.Errorf("ranking %q: %q: %w", title, v.Label, err)
			}
			line.LineStyle = draw.LineStyle{Color: color.Gray{Y: 160}, Width: vg.Points(0.8)}
			hollow, err := plotter.NewScatter(plotter.XYs{{X: v.Compare, Y: y}})
			if err != nil {
				return nil, fmt.Errorf("ranking %q: %q: %w", title, v.Label, err)
			}
			hollow.GlyphStyle = draw.GlyphStyle{Color: style.colour, Radius: vg.Points(2.8), Shape: style.hollow}
			// A white filled marker under the hollow one hides the end of the line inside it.
			blank, err := plotter.NewScatter(plotter.XYs{{X: v.Compare, Y: y}})
			if err != nil {
				return nil, fmt.Errorf("ranking %q: %q: %w", title, v.Label, err)
			}
			blank.GlyphStyle = draw.GlyphStyle{Color: color.White, Radius: vg.Points(2.8), Shape: style.filled}
			p.Add(line, blank, hollow)
		}
		dot, err := plotter.NewScatter(plotter.XYs{{X: v.Value, Y: y}})
		if err != nil {
			return nil, fmt.Errorf("ranking %q: %q: %w", title, v.Label, err)
		}
		dot.GlyphStyle = draw.GlyphStyle{Color: style.colour, Radius: vg.Points(3), Shape: style.filled}
		p.Add(dot)
		seen[v.Region] = true
	}
	p.NominalY(labels...)
	p.Y.Tick.Label.Font = p.X.Tick.Label.Font

	// Widen the value axis by 3 % on each side so the outermost markers are not cut by the frame.
	if span := p.X.Max - p.X.Min; span > 0 {
		p.X.Min -= 0.03 * span
		p.X.Max += 0.03 * span
	}

	for _, r := range []province.Region{province.East, province.Central, province.West} {
		if seen[r] {
			style := regionStyle(r)
			p.Legend.Add(regionName(t.Lang, r), glyphThumb{draw.GlyphStyle{Color: style.colour, Radius: vg.Points(3), Shape: style.filled}})
		}
	}
	if opts.ValueName != "" {
		p.Legend.Add(opts.ValueName, glyphThumb{draw.GlyphStyle{Color: color.Gray{Y: 60}, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}})
	}
	if opts.CompareName != "" {
		p.Legend.Add(opts.CompareName, glyphThumb{draw.GlyphStyle{Color: color.Gray{Y: 60}, Radius: vg.Points(2.8), Shape: draw.RingGlyph{}}})
	}

	height := t.Height
	if need := vg.Length(len(ranked))*rankingRow + 3*vg.Centimeter; need > height {
		height = need
	}
	return &Figure{Plot: p, Lang: t.Lang, Width: t.Width, Height: height, LegendRight: true}, nil
}

func regionStyle(r province.Region) struct {
	filled, hollow draw.GlyphDrawer
	colour         color.Color
} {
	if s, ok := regionStyles[r]; ok {
		return s
	}
	return regionStyles[province.East]
}

func regionName(l Lang, r province.Region) string {
	if l == English {
		return r.String()
	}
	return r.Chinese()
}

func rankingFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// glyphThumb is a legend entry drawn as one marker.
type glyphThumb struct{ style draw.GlyphStyle }

func (g glyphThumb) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(g.style, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: (c.Min.Y + c.Max.Y) / 2})
}

var _ plot.Thumbnailer = glyphThumb{}

// RankingValues reads a ranked dot plot's values from a panel whose entities are provinces: Value is
// the mean of column over the periods of at (a single year is Window{From: 2017, To: 2017}), and
// Compare its mean over compare, or NaN when compare is the zero Window. Labels are the provinces'
// short names in the language l. A province without a finite value in at is left out and returned in
// missing, so the caller can say so. One without a value in compare keeps a NaN Compare.
//
// An entity that names no province is an error, because its region is unknown.
func RankingValues(p *cpstat.Panel, column string, at, compare cpstat.Window, l Lang) (values []RankedValue, missing []string, err error) {
	x, err := p.Float(column)
	if err != nil {
		return nil, nil, err
	}
	type sums struct {
		value, compare float64
		n, m           int
	}
	byEntity := map[string]*sums{}
	for i, k := range p.Keys() {
		s := byEntity[k.Entity]
		if s == nil {
			s = &sums{}
			byEntity[k.Entity] = s
		}
		if !rankingFinite(x[i]) {
			continue
		}
		if windowHas(at, k.Time) {
			s.value += x[i]
			s.n++
		}
		if compare != (cpstat.Window{}) && windowHas(compare, k.Time) {
			s.compare += x[i]
			s.m++
		}
	}
	for _, entity := range p.Entities() {
		prov, err := province.Resolve(entity)
		if err != nil {
			return nil, nil, fmt.Errorf("ranking of %s: entity %q: %w", column, entity, err)
		}
		label := prov.Short
		if l == English {
			label = prov.English
		}
		s := byEntity[entity]
		if s.n == 0 {
			missing = append(missing, label)
			continue
		}
		v := RankedValue{Label: label, Region: prov.Region, Value: s.value / float64(s.n), Compare: math.NaN()}
		if s.m > 0 {
			v.Compare = s.compare / float64(s.m)
		}
		values = append(values, v)
	}
	return values, missing, nil
}

// windowHas reports whether t lies in w, inclusive, where 0 leaves an end open.
func windowHas(w cpstat.Window, t int) bool {
	return (w.From == 0 || t >= w.From) && (w.To == 0 || t <= w.To)
}
