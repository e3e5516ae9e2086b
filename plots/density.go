package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Mark is a vertical reference line of a density chart, such as the true estimate of a placebo test.
type Mark struct {
	Label string // written next to the top of the line, with the value
	Value float64
}

// DensityOptions are the settings of DensityChart. The zero value is the default.
type DensityOptions struct {
	// Bins is the number of histogram bins; 0 chooses by the Freedman–Diaconis rule (bin width
	// 2·IQR·n^(−1/3)), kept between 10 and 60.
	Bins int
	// Bandwidth is the bandwidth of the Gaussian kernel density; 0 uses Silverman's rule of thumb,
	// 0.9·min(sd, IQR/1.34)·n^(−1/5) (Silverman 1986, eq. 3.31), R's bw.nrd0.
	Bandwidth float64
	// Decimals is the number of decimals of the mark values; 0 means 3.
	Decimals int
	// HistogramName and DensityName are the legend entries; an empty name leaves that layer out of the
	// legend.
	HistogramName, DensityName string
}

// DensityChart draws the distribution of values as a histogram scaled to a density with a Gaussian
// kernel density line over it, and each mark as a dashed vertical line labelled with its value. The x
// axis always includes the marks, so a true estimate far in the tail stays visible. Non-finite values
// are an error, because a failed replicate must be left out and counted by the caller.
func DensityChart(t Theme, title, xLabel string, values []float64, marks []Mark, opts DensityOptions) (*Figure, error) {
	if len(values) < 2 {
		return nil, fmt.Errorf("density chart %q: %d values; at least 2 are needed", title, len(values))
	}
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("density chart %q: value %d is %v; leave failed replicates out", title, i, v)
		}
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	bins := opts.Bins
	if bins == 0 {
		bins = freedmanDiaconisBins(sorted)
	}
	if bins < 1 {
		return nil, fmt.Errorf("density chart %q: %d bins; give 1 or more, or 0 for the automatic choice", title, opts.Bins)
	}
	bandwidth := opts.Bandwidth
	if bandwidth == 0 {
		bandwidth = silvermanBandwidth(sorted)
	}
	if !(bandwidth > 0) {
		return nil, fmt.Errorf("density chart %q: bandwidth %v is not positive (are all values equal?)", title, bandwidth)
	}
	decimals := opts.Decimals
	if decimals == 0 {
		decimals = 3
	}

	p, err := t.NewPlot(title, xLabel, densityLabel(t.Lang))
	if err != nil {
		return nil, err
	}
	hist, err := plotter.NewHist(plotter.Values(sorted), bins)
	if err != nil {
		return nil, fmt.Errorf("density chart %q: %w", title, err)
	}
	hist.Normalize(1)
	hist.FillColor = color.Gray{Y: 210}
	hist.LineStyle = draw.LineStyle{Color: color.Gray{Y: 150}, Width: vg.Points(0.5)}
	p.Add(hist)
	if opts.HistogramName != "" {
		p.Legend.Add(opts.HistogramName, hist)
	}

	// The curve covers the values with three bandwidths on each side, and the axis also every mark.
	lo, hi := sorted[0]-3*bandwidth, sorted[len(sorted)-1]+3*bandwidth
	for _, m := range marks {
		lo, hi = math.Min(lo, m.Value), math.Max(hi, m.Value)
	}
	pad := 0.05 * (hi - lo)
	curve := make(plotter.XYs, 200)
	top := 0.0
	for i := range curve {
		x := lo + (hi-lo)*float64(i)/float64(len(curve)-1)
		curve[i] = plotter.XY{X: x, Y: gaussianKDE(sorted, bandwidth, x)}
		top = math.Max(top, curve[i].Y)
	}
	for _, b := range hist.Bins {
		top = math.Max(top, b.Weight)
	}
	line, err := plotter.NewLine(curve)
	if err != nil {
		return nil, fmt.Errorf("density chart %q: %w", title, err)
	}
	line.LineStyle = t.LineStyle(1)
	line.LineStyle.Dashes = nil
	p.Add(line)
	if opts.DensityName != "" {
		p.Legend.Add(opts.DensityName, line)
	}

	var points plotter.XYs
	var texts []string
	for i, m := range marks {
		if math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
			return nil, fmt.Errorf("density chart %q: mark %q has no finite value (%v)", title, m.Label, m.Value)
		}
		// Each mark's label sits one step higher than the previous one, so labels of close marks do not overlap.
		height := top * (1.05 + 0.09*float64(i))
		ref, err := plotter.NewLine(plotter.XYs{{X: m.Value, Y: 0}, {X: m.Value, Y: height}})
		if err != nil {
			return nil, fmt.Errorf("density chart %q: %w", title, err)
		}
		ref.LineStyle = draw.LineStyle{Color: Color(2 + i), Width: t.LineWidth, Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
		p.Add(ref)
		points = append(points, plotter.XY{X: m.Value, Y: height})
		texts = append(texts, m.Label+" = "+strconv.FormatFloat(m.Value, 'f', decimals, 64))
	}
	if len(points) > 0 {
		labels, err := plotter.NewLabels(plotter.XYLabels{XYs: points, Labels: texts})
		if err != nil {
			return nil, fmt.Errorf("density chart %q: %w", title, err)
		}
		for k := range labels.TextStyle {
			labels.TextStyle[k].Font = font.From(p.Legend.TextStyle.Font, t.TickSize)
			labels.TextStyle[k].XAlign = draw.XCenter
			labels.TextStyle[k].YAlign = draw.YBottom
		}
		labels.Offset = vg.Point{Y: vg.Points(4)}
		p.Add(labels)
	}

	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.Y.Min, p.Y.Max = 0, top*(1.18+0.09*float64(max(len(marks)-1, 0)))
	p.Y.Tick.Marker = stepTicks{}
	// A legend over the plot would collide with the mark labels at the top, so it gets its own column.
	legend := opts.HistogramName != "" || opts.DensityName != ""
	return &Figure{Plot: p, Lang: t.Lang, Width: t.Width, Height: t.Height, LegendRight: legend}, nil
}

func densityLabel(l Lang) string {
	if l == English {
		return "Density"
	}
	return "密度"
}

// gaussianKDE returns (1/(n·h))·Σ φ((x − x_i)/h).
func gaussianKDE(values []float64, h, x float64) float64 {
	var sum float64
	for _, v := range values {
		z := (x - v) / h
		sum += math.Exp(-0.5 * z * z)
	}
	return sum / (float64(len(values)) * h * math.Sqrt(2*math.Pi))
}

// silvermanBandwidth returns 0.9·min(sd, IQR/1.34)·n^(−1/5) of sorted values, falling back to the sd
// when the IQR is 0, as R's bw.nrd0 does.
func silvermanBandwidth(sorted []float64) float64 {
	n := float64(len(sorted))
	var mean, ss float64
	for _, v := range sorted {
		mean += v
	}
	mean /= n
	for _, v := range sorted {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / (n - 1))
	spread := sd
	if iqr := quantile7(sorted, 0.75) - quantile7(sorted, 0.25); iqr > 0 {
		spread = math.Min(sd, iqr/1.34)
	}
	return 0.9 * spread * math.Pow(n, -0.2)
}

// freedmanDiaconisBins returns the number of bins of width 2·IQR·n^(−1/3) that cover the range, kept
// between 10 and 60.
func freedmanDiaconisBins(sorted []float64) int {
	n := float64(len(sorted))
	width := 2 * (quantile7(sorted, 0.75) - quantile7(sorted, 0.25)) * math.Pow(n, -1.0/3)
	span := sorted[len(sorted)-1] - sorted[0]
	if !(width > 0) || !(span > 0) {
		return 10
	}
	return min(60, max(10, int(math.Ceil(span/width))))
}

// quantile7 is the type-7 sample quantile of sorted values.
func quantile7(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	lo := int(math.Floor(h))
	if lo >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
