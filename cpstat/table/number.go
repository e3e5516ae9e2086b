package table

import (
	"math"
	"strconv"
	"strings"
)

// nanText is the text of a NaN value.
const nanText = "—"

// maxDecimals bounds the decimals a caller may ask for: float64 carries about 17 significant digits.
const maxDecimals = 17

// formatNumber writes x with the given number of decimals, rounding as C's printf does. A result that rounds
// to zero loses its minus sign. NaN becomes "—" and ±Inf "Inf" or "-Inf".
func formatNumber(x float64, decimals int) string {
	switch {
	case math.IsNaN(x):
		return nanText
	case math.IsInf(x, 1):
		return "Inf"
	case math.IsInf(x, -1):
		return "-Inf"
	}
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0.") == "" {
		s = s[1:]
	}
	return s
}

// numberCell returns a cell that shows x with the given decimals. NaN and ±Inf give a text cell, because a
// spreadsheet cannot hold them as numbers. A value shown as zero is stored as zero, so the stored number and
// its text agree in sign.
func numberCell(x float64, decimals int) Cell {
	text := formatNumber(x, decimals)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return Cell{Text: text}
	}
	if strings.Trim(text, "0.") == "" {
		x = 0
	}
	return Cell{Text: text, Number: true, Value: x, Decimals: decimals}
}
