package gmm

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// ParseError reports an invalid instrument option string, naming the token and its position.
type ParseError struct {
	Option string // "gmm" or "iv"
	Input  string
	Pos    int    // 1-based character position of Token in Input
	Token  string // the offending token, or empty at the end of the input
	Msg    string
}

func (e *ParseError) Error() string {
	where := fmt.Sprintf("%q at position %d", e.Token, e.Pos)
	if e.Token == "" {
		where = fmt.Sprintf("position %d", e.Pos)
	}
	return fmt.Sprintf("gmm: --%s %q: %s: %s", e.Option, e.Input, where, e.Msg)
}

// ParseGMM reads GMM-style instrument groups written like xtabond2's gmm() options. Groups are separated by
// commas. Each group lists one or more variables, a lag range and optional flags:
//
//	y 2:.                  y at lags 2 and up: "." means every available lag
//	y 2:99, x 2:4 collapse two groups, with x at lags 2 to 4 and one column per lag
//	w k 3:5 eq(diff)       only in the transformed equation (eq(level) and eq(both) also exist)
//
// A single number such as "y 2" is the range 2:2. pgmm's 2:99 reads as lags 2 to 99, which is every lag on
// panels of fewer than 100 periods. The lag range is required, because the valid lags depend on whether a
// variable is endogenous, predetermined or exogenous.
func ParseGMM(s string) ([]GMMStyle, error) {
	groups, err := parseGroups("gmm", s)
	if err != nil || len(groups) == 0 {
		return nil, err
	}
	out := make([]GMMStyle, 0, len(groups))
	for _, g := range groups {
		if !g.hasLags {
			return nil, &ParseError{Option: "gmm", Input: s, Pos: g.end, Token: "",
				Msg: fmt.Sprintf("group %q has no lag range; add one such as 2:.", g.text)}
		}
		out = append(out, GMMStyle{Vars: g.vars, MinLag: g.minLag, MaxLag: g.maxLag, Collapse: g.collapse, Equation: g.eq})
	}
	return out, nil
}

// ParseIV reads IV-style instrument groups written like xtabond2's iv() options: comma-separated groups of
// variables with an optional lag range (default 0:0, the current value) and an optional eq(diff), eq(level) or
// eq(both). For example "w k, ys 0:1 eq(level)".
func ParseIV(s string) ([]IVStyle, error) {
	groups, err := parseGroups("iv", s)
	if err != nil || len(groups) == 0 {
		return nil, err
	}
	out := make([]IVStyle, 0, len(groups))
	for _, g := range groups {
		if g.collapse {
			return nil, &ParseError{Option: "iv", Input: s, Pos: g.collapsePos, Token: "collapse",
				Msg: "collapse applies to GMM-style instruments only; remove it"}
		}
		if g.maxLag == AllLags {
			return nil, &ParseError{Option: "iv", Input: s, Pos: g.lagPos, Token: g.lagToken,
				Msg: "IV-style instruments need a finite maximum lag, such as 0:1"}
		}
		out = append(out, IVStyle{Vars: g.vars, MinLag: g.minLag, MaxLag: g.maxLag, Equation: g.eq})
	}
	return out, nil
}

// parsedGroup is one comma-separated group before it becomes a GMMStyle or IVStyle.
type parsedGroup struct {
	text        string
	end         int // position just after the group's last character
	vars        []string
	hasLags     bool
	minLag      int
	maxLag      int
	lagPos      int
	lagToken    string
	collapse    bool
	collapsePos int
	eq          Equation
	hasEq       bool
}

type token struct {
	text string
	pos  int // 1-based character position
}

func parseGroups(option, s string) ([]parsedGroup, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	fail := func(tok token, msg string) error {
		return &ParseError{Option: option, Input: s, Pos: tok.pos, Token: tok.text, Msg: msg}
	}

	var groups []parsedGroup
	runes := []rune(s)
	start := 0
	for start <= len(runes) {
		end := start
		for end < len(runes) && runes[end] != ',' {
			end++
		}
		text := string(runes[start:end])
		tokens := tokenize(runes[start:end], start)
		if len(tokens) == 0 {
			return nil, fail(token{text: ",", pos: min(end, len(runes)-1) + 1}, "empty group; remove the extra comma or add variables")
		}
		g := parsedGroup{text: strings.TrimSpace(text), end: end + 1, maxLag: 0}
		for _, tok := range tokens {
			lower := strings.ToLower(tok.text)
			switch {
			case lower == "collapse":
				if g.collapse {
					return nil, fail(tok, "collapse is given twice")
				}
				g.collapse, g.collapsePos = true, tok.pos
			case strings.HasPrefix(lower, "eq(") || strings.HasPrefix(lower, "equation("):
				if g.hasEq {
					return nil, fail(tok, "the equation is given twice")
				}
				eq, err := parseEquation(lower)
				if err != "" {
					return nil, fail(tok, err)
				}
				g.eq, g.hasEq = eq, true
			case tok.text[0] >= '0' && tok.text[0] <= '9' || tok.text[0] == '-':
				if g.hasLags {
					return nil, fail(tok, "a second lag range; give one range per group, such as 2:4")
				}
				lo, hi, err := parseLagRange(tok.text)
				if err != "" {
					return nil, fail(tok, err)
				}
				g.minLag, g.maxLag, g.hasLags, g.lagPos, g.lagToken = lo, hi, true, tok.pos, tok.text
			default:
				if msg := checkVariableName(tok.text); msg != "" {
					return nil, fail(tok, msg)
				}
				if g.hasLags || g.collapse || g.hasEq {
					return nil, fail(tok, "variable after the lag range or flags; list variables first, as in \"y x 2:.\"")
				}
				g.vars = append(g.vars, tok.text)
			}
		}
		if len(g.vars) == 0 {
			return nil, fail(tokens[0], "the group names no variable; start it with the variable names")
		}
		groups = append(groups, g)
		start = end + 1
	}
	return groups, nil
}

// tokenize splits a group on white space, keeping eq(...) together, with 1-based positions.
func tokenize(runes []rune, offset int) []token {
	var out []token
	i := 0
	for i < len(runes) {
		if unicode.IsSpace(runes[i]) {
			i++
			continue
		}
		j := i
		depth := 0
		for j < len(runes) && (depth > 0 || !unicode.IsSpace(runes[j])) {
			switch runes[j] {
			case '(':
				depth++
			case ')':
				depth--
			}
			j++
		}
		out = append(out, token{text: string(runes[i:j]), pos: offset + i + 1})
		i = j
	}
	return out
}

func parseEquation(lower string) (Equation, string) {
	open := strings.IndexByte(lower, '(')
	if !strings.HasSuffix(lower, ")") {
		return 0, "missing closing parenthesis; write eq(diff), eq(level) or eq(both)"
	}
	switch strings.TrimSpace(lower[open+1 : len(lower)-1]) {
	case "diff", "d":
		return TransformedEquation, ""
	case "level", "lev", "l":
		return LevelEquation, ""
	case "both", "b":
		return BothEquations, ""
	}
	return 0, "unknown equation; write eq(diff), eq(level) or eq(both)"
}

// parseLagRange reads "a:b", "a:." or "a" into a minimum and maximum lag.
func parseLagRange(text string) (lo, hi int, msg string) {
	loText, hiText, isRange := strings.Cut(text, ":")
	lo, err := strconv.Atoi(loText)
	if err != nil || lo < 0 {
		return 0, 0, "invalid lag range; write a:b with whole numbers 0 ≤ a ≤ b, or a:. for all lags from a"
	}
	if !isRange {
		return lo, lo, ""
	}
	if hiText == "." {
		return lo, AllLags, ""
	}
	hi, err = strconv.Atoi(hiText)
	if err != nil || hi < 0 {
		return 0, 0, "invalid lag range; write a:b with whole numbers 0 ≤ a ≤ b, or a:. for all lags from a"
	}
	if hi < lo {
		return 0, 0, fmt.Sprintf("the maximum lag %d is below the minimum lag %d", hi, lo)
	}
	return lo, hi, ""
}

// checkVariableName accepts names made of letters (any script), digits, '_' and '.', starting with a letter or
// '_', and returns a message for anything else.
func checkVariableName(name string) string {
	for i, r := range name {
		switch {
		case unicode.IsLetter(r), r == '_':
		case i > 0 && (unicode.IsDigit(r) || r == '.'):
		default:
			return fmt.Sprintf("invalid character %q in a variable name; names use letters, digits, '_' and '.', and start with a letter", r)
		}
	}
	return ""
}
