package formula

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// SyntaxError is a malformed formula. Pos is the 1-based position of the offending token counted in
// characters (runes), so it matches what an editor shows for formulas with Chinese column names.
type SyntaxError struct {
	Formula string
	Pos     int    // 1-based character position of Token; len(Formula)+1 at the end of input
	Token   string // the offending token as written, or "" at the end of input
	Msg     string // what was wrong and, where it helps, what to write instead
}

// Error returns the message followed by the formula and a caret line under the token, as in
//
//	formula: unexpected '|' at position 16: expected a term after '+'
//	  cp ~ balance + | year
//	                 ^
func (e *SyntaxError) Error() string {
	var head string
	if e.Token == "" {
		head = fmt.Sprintf("formula: unexpected end of formula at position %d", e.Pos)
	} else {
		head = fmt.Sprintf("formula: unexpected '%s' at position %d", e.Token, e.Pos)
	}
	if e.Msg != "" {
		head += ": " + e.Msg
	}
	line := strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, e.Formula)
	caret := strings.Repeat(" ", caretColumn(line, e.Pos)) + "^"
	return head + "\n  " + line + "\n  " + caret
}

// caretColumn returns the display column of the character at 1-based position pos. East Asian wide
// characters take two columns in a terminal, so the caret lines up under Chinese names too.
func caretColumn(line string, pos int) int {
	col := 0
	i := 1
	for _, r := range line {
		if i >= pos {
			break
		}
		col += runeWidth(r)
		i++
	}
	if pos > utf8.RuneCountInString(line)+1 {
		col++
	}
	return col
}

func runeWidth(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}
