package plots

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// integerTicks labels whole numbers only (years), thinning the labels to at most about ten.
type integerTicks struct{}

// Ticks returns a tick at every whole number in [min, max], labelled at a step of 1, 2, 5, 10 … chosen so no
// more than ten labels appear.
func (integerTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := math.Ceil(min), math.Floor(max)
	if hi < lo {
		return nil
	}
	span := hi - lo
	step := 1.0
	for _, s := range []float64{1, 2, 5, 10, 20, 50, 100} {
		step = s
		if span/s <= 10 {
			break
		}
	}
	var ticks []plot.Tick
	for v := lo; v <= hi; v++ {
		t := plot.Tick{Value: v}
		if math.Mod(v-lo, step) == 0 {
			t.Label = strconv.FormatFloat(v, 'f', 0, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}
