package cpstat

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// cellKind classifies one cell's text before the column's type is decided.
type cellKind int

const (
	cellBlank        cellKind = iota // empty after trimming
	cellMissingToken                 // NA, N/A, #N/A, NULL, "." or a token from ReadSettings.MissingValues
	cellPlaceholder                  // a dash or ellipsis that yearbooks print for "no data"
	cellNumber                       // a decimal number, possibly with thousands separators
	cellNonFinite                    // NaN, Inf, -Inf
	cellPercent                      // a number followed by %, such as 12.5%
	cellAmbiguous                    // digits with commas that are not thousands separators, such as 1,2
	cellCode                         // a whole number with a leading zero, such as 007; value is set
	cellText                         // anything else
)

// parsedCell is the reading of one cell. The value is set for numbers, codes, non-finite values
// and percentages (12.5 for "12.5%"). The integer flag is true for a whole number written without
// a decimal point or exponent that fits an int64, and then intValue is exact.
type parsedCell struct {
	kind     cellKind
	value    float64
	integer  bool
	intValue int64
	grouped  bool // written with thousands separators, such as 1,234.5
}

// defaultMissingTokens are read as missing in numeric columns. In text columns they stay text, so
// the country code "NA" (Namibia) survives.
var defaultMissingTokens = map[string]bool{
	"NA": true, "N/A": true, "n/a": true, "#N/A": true, "NULL": true, "null": true, ".": true,
}

// placeholders are the marks Chinese yearbooks and Excel exports print in place of a value.
var placeholders = map[string]bool{
	"-": true, "--": true, "---": true, "—": true, "——": true, "–": true, "－": true, "−": true,
	"…": true, "……": true, "...": true,
}

var (
	plainNumber     = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)
	thousandsNumber = regexp.MustCompile(`^[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$`)
	leadingZero     = regexp.MustCompile(`^0[0-9]+$`)
	commaDigits     = regexp.MustCompile(`^[+-]?[0-9][0-9.,]*,[0-9.,]*[0-9]$`)
)

// trimCell removes leading and trailing white space, including the no-break space (U+00A0) and the
// ideographic space (U+3000) that padded exports use.
func trimCell(s string) string { return strings.TrimFunc(s, unicode.IsSpace) }

// parseCell classifies the text of one cell. extraMissing holds ReadSettings.MissingValues.
func parseCell(raw string, extraMissing map[string]bool) parsedCell {
	s := trimCell(raw)
	switch {
	case s == "":
		return parsedCell{kind: cellBlank}
	case extraMissing[s] || defaultMissingTokens[s]:
		return parsedCell{kind: cellMissingToken}
	case placeholders[s]:
		return parsedCell{kind: cellPlaceholder}
	}

	// Full-width digits, commas, signs and percent signs (－１２３，４５６％) come from Chinese input
	// methods, and typeset tables write the minus sign U+2212 (−0.5). Narrowing maps U+FF0D to '-'.
	// The minus sign becomes '-' anywhere, so it is accepted where the number patterns allow a sign
	// (leading or in the exponent) and the cell stays text elsewhere.
	if !isASCII([]byte(s)) {
		s = strings.ReplaceAll(width.Narrow.String(s), "\u2212", "-")
		// Word processors turn a typed leading hyphen into an en dash (–0.5). Only a leading one before
		// a digit is a sign; 2001–2017 stays text.
		if rest, ok := strings.CutPrefix(s, "\u2013"); ok && rest != "" && (rest[0] >= '0' && rest[0] <= '9' || rest[0] == '.') {
			s = "-" + rest
		}
	}

	if c, ok := parseNumberText(s); ok {
		if leadingZero.MatchString(s) {
			c.kind = cellCode
		}
		return c
	}
	switch strings.ToLower(s) {
	case "nan":
		return parsedCell{kind: cellNonFinite, value: math.NaN()}
	case "inf", "+inf", "infinity", "+infinity":
		return parsedCell{kind: cellNonFinite, value: math.Inf(1)}
	case "-inf", "-infinity":
		return parsedCell{kind: cellNonFinite, value: math.Inf(-1)}
	}
	if rest, ok := strings.CutSuffix(s, "%"); ok {
		if c, ok := parseNumberText(trimCell(rest)); ok {
			return parsedCell{kind: cellPercent, value: c.value}
		}
	}
	if commaDigits.MatchString(s) {
		return parsedCell{kind: cellAmbiguous}
	}
	return parsedCell{kind: cellText}
}

// parseNumberText parses a plain decimal number or one with comma thousands separators (1,234.5).
// It rejects hexadecimal, underscores and the words that strconv.ParseFloat also accepts.
func parseNumberText(s string) (parsedCell, bool) {
	digits := s
	grouped := false
	if !plainNumber.MatchString(s) {
		if !thousandsNumber.MatchString(s) {
			return parsedCell{}, false
		}
		digits, grouped = strings.ReplaceAll(s, ",", ""), true
	}
	if !strings.ContainsAny(digits, ".eE") {
		if n, err := strconv.ParseInt(digits, 10, 64); err == nil {
			return parsedCell{kind: cellNumber, value: float64(n), integer: true, intValue: n, grouped: grouped}, true
		}
	}
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		// Out of range: ParseFloat returns ±Inf with an error, and a number this large in a
		// yearbook is a typo, so the cell is text and the column check reports it.
		return parsedCell{}, false
	}
	return parsedCell{kind: cellNumber, value: v, grouped: grouped}, true
}
