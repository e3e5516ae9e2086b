package plots

import (
	"github.com/cpstat/cpstat/cpstat"
)

// RegionTrend draws a variable's mean by NBS region over time, one line per region.
func RegionTrend(t Theme, rm *cpstat.RegionMeans, title, yLabel string) (*Figure, error) {
	series := make([]Series, 0, len(rm.Regions))
	x := make([]float64, len(rm.Periods))
	for j, period := range rm.Periods {
		x[j] = float64(period)
	}
	for r, region := range rm.Regions {
		name := region.Chinese()
		if t.Lang == English {
			name = region.String()
		}
		series = append(series, Series{Name: name, X: x, Y: rm.Mean[r]})
	}
	xLabel := "年份"
	if t.Lang == English {
		xLabel = "Year"
	}
	return LineChart(t, title, xLabel, yLabel, series)
}
