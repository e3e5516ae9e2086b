package plots

import (
	"math"
	"strconv"
	"strings"

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

// sameDecimals is a tick marker that gives every label of an axis the same number of decimals.
// gonum/plot's DefaultTicks (v0.17.0) formats small steps with %g, which labels an axis 0.96, 0.98, 1.
type sameDecimals struct{ plot.Ticker }

// Ticks returns the ticks of the wrapped marker with their labels padded by uniformDecimals.
func (m sameDecimals) Ticks(lo, hi float64) []plot.Tick {
	return uniformDecimals(m.Ticker.Ticks(lo, hi))
}

// uniformDecimals pads the labels of ticks with trailing zeros to the decimals of the longest one,
// so 0.98 and 1 become 0.98 and 1.00. It leaves the ticks unchanged when a label is not a plain
// decimal number, such as a name or a number in exponent form.
func uniformDecimals(ticks []plot.Tick) []plot.Tick {
	decimals := 0
	for _, t := range ticks {
		if t.Label == "" {
			continue
		}
		if strings.ContainsAny(t.Label, "eEnN") {
			return ticks // exponent form, Inf or NaN
		}
		if _, err := strconv.ParseFloat(t.Label, 64); err != nil {
			return ticks
		}
		if dot := strings.IndexByte(t.Label, '.'); dot >= 0 {
			decimals = max(decimals, len(t.Label)-dot-1)
		}
	}
	out := make([]plot.Tick, len(ticks))
	for i, t := range ticks {
		out[i] = t
		if t.Label == "" {
			continue
		}
		// Padding the label as written, not t.Value, adds only zeros, so no label changes its value.
		value, _ := strconv.ParseFloat(t.Label, 64)
		out[i].Label = strconv.FormatFloat(value, 'f', decimals, 64)
	}
	return out
}
