package formula

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Limits that keep a malformed formula from exhausting memory or the stack. Real models stay far
// below them, while a slip such as a*b*c*… over a dozen columns (2^12 − 1 terms) hits the first.
const (
	maxTerms = 1000 // terms after expanding * and (…):(…)
	maxLag   = 1000 // |k| in L(x, k), F(x, k), D(x, k) and the width of a range a:b
	maxDepth = 100  // nesting of parentheses and function calls
)

// Parse parses a fixest-style formula such as
//
//	cp ~ balance + log(expen) + L(balance, 1:3) + i(region, balance, ref = "East") | province + year
//
// It returns a *SyntaxError for a malformed formula.
func Parse(src string) (Formula, error) {
	toks, err := lex(src)
	if err != nil {
		return Formula{}, err
	}
	p := &parser{src: src, toks: toks}
	return p.formula()
}

// MustParse is Parse for formulas fixed in the program text, such as in examples and tests. It
// panics on a syntax error, so never pass it user input.
func MustParse(src string) Formula {
	f, err := Parse(src)
	if err != nil {
		panic(err)
	}
	return f
}

type parser struct {
	src   string
	toks  []token
	i     int
	depth int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *parser) errAt(t token, format string, args ...any) error {
	return &SyntaxError{Formula: p.src, Pos: t.pos, Token: t.raw, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) expect(kind tokenKind, what string) (token, error) {
	t := p.peek()
	if t.kind != kind {
		return t, p.errAt(t, "expected %s", what)
	}
	return p.next(), nil
}

func (p *parser) enter(t token) error {
	p.depth++
	if p.depth > maxDepth {
		return p.errAt(t, "the formula nests parentheses or functions more than %d levels deep", maxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

func (p *parser) formula() (Formula, error) {
	first := p.peek()
	switch first.kind {
	case tokEOF:
		return Formula{}, p.errAt(first, "the formula is empty; write it as response ~ regressors, such as y ~ x")
	case tokTilde:
		return Formula{}, p.errAt(first, "expected the response (a column name) before '~'")
	}
	response, err := p.value()
	if err != nil {
		return Formula{}, err
	}
	if _, err := p.expect(tokTilde, "'~' after the response"); err != nil {
		return Formula{}, err
	}

	rhs, err := p.sum(true, "after '~'")
	if err != nil {
		return Formula{}, err
	}
	f := Formula{Response: response, Terms: rhs.terms, Intercept: rhs.intercept}

	if p.peek().kind == tokBar {
		p.next()
		f.FixedEffects, err = p.fixedEffects()
		if err != nil {
			return Formula{}, err
		}
	}

	switch t := p.peek(); t.kind {
	case tokEOF:
	case tokTilde:
		return Formula{}, p.errAt(t, "a formula has one '~'; instrumental-variable parts are not supported")
	case tokBar:
		return Formula{}, p.errAt(t, "a formula has at most one '|', which starts the fixed effects; join them with '+'")
	case tokRParen:
		return Formula{}, p.errAt(t, "this ')' has no matching '('")
	default:
		return Formula{}, p.errAt(t, "expected '+' or the end of the formula")
	}
	sort.SliceStable(f.Terms, func(a, b int) bool { return len(f.Terms[a].Factors) < len(f.Terms[b].Factors) })
	return f, nil
}

// termList is the value of a sum of terms while parsing.
type termList struct {
	terms     []Term
	keys      map[string]bool
	intercept bool
}

// add appends t unless an equal term (the same factors in any order) is already in the list.
func (l *termList) add(t Term) {
	k := t.key()
	if l.keys[k] {
		return
	}
	if l.keys == nil {
		l.keys = map[string]bool{}
	}
	l.keys[k] = true
	l.terms = append(l.terms, t)
}

// sum parses terms joined by '+' and '-'. At the top level (after '~') it also reads the
// intercept markers 0, 1 and -1. The context argument names where the sum starts, for error
// messages.
func (p *parser) sum(top bool, context string) (termList, error) {
	list := termList{intercept: true}
	minus := false
	if t := p.peek(); t.kind == tokMinus {
		p.next()
		minus = true
		context = "after '-'"
	}
	for {
		t := p.peek()
		if t.kind == tokNumber {
			if !top {
				return list, p.errAt(t, "the intercept markers 0 and 1 are allowed only outside parentheses")
			}
			p.next()
			switch {
			case t.text == "1" && !minus:
				list.intercept = true
			case t.text == "1" && minus, t.text == "0" && !minus:
				list.intercept = false
			case t.text == "0" && minus:
				return list, p.errAt(t, "write +0 or -1 to remove the intercept")
			default:
				return list, p.errAt(t, "a number can be a term only as 0 or 1 (the intercept)")
			}
			if n := p.peek(); n.kind == tokColon || n.kind == tokStar {
				return list, p.errAt(n, "the intercept marker %s cannot be part of an interaction", t.text)
			}
		} else {
			if minus {
				return list, p.errAt(t, "'-' can only remove the intercept (-1); leave the term out instead")
			}
			product, err := p.product(context)
			if err != nil {
				return list, err
			}
			for _, term := range product {
				list.add(term)
			}
			if len(list.terms) > maxTerms {
				return list, p.errAt(t, "the formula expands to more than %d terms", maxTerms)
			}
		}

		switch p.peek().kind {
		case tokPlus:
			p.next()
			minus = false
			context = "after '+'"
		case tokMinus:
			p.next()
			minus = true
			context = "after '-'"
		default:
			return list, nil
		}
	}
}

// product parses a*b*…, which expands to a + b + a:b and so on.
func (p *parser) product(context string) ([]Term, error) {
	left, err := p.interaction(context)
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tokStar {
		star := p.next()
		right, err := p.interaction("after '*'")
		if err != nil {
			return nil, err
		}
		if len(left)+len(right)+len(left)*len(right) > maxTerms {
			return nil, p.errAt(star, "the formula expands to more than %d terms", maxTerms)
		}
		var out termList
		for _, t := range left {
			out.add(t)
		}
		for _, t := range right {
			out.add(t)
		}
		for _, t := range cross(left, right) {
			out.add(t)
		}
		left = out.terms
	}
	return left, nil
}

// interaction parses a:b:…, the element-wise products of every term on the left with every
// term on the right.
func (p *parser) interaction(context string) ([]Term, error) {
	left, err := p.atom(context)
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tokColon {
		colon := p.next()
		right, err := p.atom("after ':'")
		if err != nil {
			return nil, err
		}
		if len(left)*len(right) > maxTerms {
			return nil, p.errAt(colon, "the formula expands to more than %d terms", maxTerms)
		}
		left = cross(left, right)
	}
	return left, nil
}

// cross returns a:b for every a in left and b in right, dropping repeated factors (x:x is x).
func cross(left, right []Term) []Term {
	var out termList
	for _, a := range left {
		for _, b := range right {
			factors := append([]Expr(nil), a.Factors...)
			for _, f := range b.Factors {
				if !containsExpr(factors, f) {
					factors = append(factors, f)
				}
			}
			out.add(Term{Factors: factors})
		}
	}
	return out.terms
}

func containsExpr(list []Expr, e Expr) bool {
	s := e.String()
	for _, x := range list {
		if x.String() == s {
			return true
		}
	}
	return false
}

func (p *parser) atom(context string) ([]Term, error) {
	t := p.peek()
	switch t.kind {
	case tokLParen:
		if err := p.enter(t); err != nil {
			return nil, err
		}
		defer p.leave()
		p.next()
		inner, err := p.sum(false, "after '('")
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(tokRParen, "')' or '+'"); err != nil {
			return nil, err
		}
		return inner.terms, nil
	case tokName, tokQuoted:
		var e Expr
		var err error
		if t.kind == tokName && p.toks[p.i+1].kind == tokLParen && isFactorFunc(t.text) {
			e, err = p.factor()
		} else {
			e, err = p.value()
		}
		if err != nil {
			return nil, err
		}
		return []Term{{Factors: []Expr{e}}}, nil
	case tokNumber:
		return nil, p.errAt(t, "a number can be a term only as 0 or 1 (the intercept), outside parentheses and interactions")
	}
	return nil, p.errAt(t, "expected a term %s", context)
}

func isFactorFunc(name string) bool { return name == "i" }

// value parses a column or a transformation of one: the response, a function argument or a
// factor of a term.
func (p *parser) value() (Expr, error) {
	t := p.peek()
	switch t.kind {
	case tokQuoted:
		p.next()
		return &Var{Name: t.text}, nil
	case tokName:
		if p.toks[p.i+1].kind != tokLParen {
			p.next()
			return &Var{Name: t.text}, nil
		}
		if isFactorFunc(t.text) {
			return nil, p.errAt(t, "i() makes dummy regressors, so it can be a term but not the response or a function argument")
		}
		return p.call()
	}
	return nil, p.errAt(t, "expected a column name")
}

// call parses name(args) for the element-wise functions and the panel operators L, F and D.
func (p *parser) call() (Expr, error) {
	name := p.next()
	if err := p.enter(name); err != nil {
		return nil, err
	}
	defer p.leave()
	p.next() // the '('

	switch name.text {
	case "L", "l", "F", "f":
		x, err := p.value()
		if err != nil {
			return nil, err
		}
		from, to := 1, 1
		if p.peek().kind == tokComma {
			p.next()
			if from, to, err = p.lagRange(); err != nil {
				return nil, err
			}
		}
		if _, err := p.expect(tokRParen, "')' to close "+name.text+"("); err != nil {
			return nil, err
		}
		if name.text == "F" || name.text == "f" {
			from, to = -to, -from
		}
		return &Lag{X: x, From: from, To: to}, nil

	case "D", "d":
		x, err := p.value()
		if err != nil {
			return nil, err
		}
		k := 1
		if p.peek().kind == tokComma {
			p.next()
			kt := p.peek()
			if k, err = p.integer(); err != nil {
				return nil, err
			}
			if k < 1 {
				return nil, p.errAt(kt, "the difference order must be at least 1")
			}
		}
		if _, err := p.expect(tokRParen, "')' to close "+name.text+"("); err != nil {
			return nil, err
		}
		return &Diff{X: x, Lag: k}, nil
	}

	fn, ok := funcs[name.text]
	if !ok {
		return nil, p.errAt(name, "unknown function %s(); supported are log, log1p, exp, sqrt, abs, L (lag), F (lead), D (difference) and i (factor dummies)", name.text)
	}
	arg, err := p.value()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == tokComma {
		return nil, p.errAt(t, "%s() takes one argument", fn)
	}
	if _, err := p.expect(tokRParen, "')' to close "+name.text+"("); err != nil {
		return nil, err
	}
	return &Call{Func: fn, Arg: arg}, nil
}

// lagRange parses k or a:b, each an integer with an optional sign.
func (p *parser) lagRange() (from, to int, err error) {
	start := p.peek()
	if from, err = p.integer(); err != nil {
		return 0, 0, err
	}
	to = from
	if p.peek().kind == tokColon {
		p.next()
		if to, err = p.integer(); err != nil {
			return 0, 0, err
		}
		if to < from {
			return 0, 0, p.errAt(start, "the lag range %d:%d runs backwards; write %d:%d", from, to, to, from)
		}
	}
	if to-from > maxLag {
		return 0, 0, p.errAt(start, "the lag range is wider than %d periods", maxLag)
	}
	return from, to, nil
}

func (p *parser) integer() (int, error) {
	sign := 1
	t := p.peek()
	if t.kind == tokMinus || t.kind == tokPlus {
		p.next()
		if t.kind == tokMinus {
			sign = -1
		}
	}
	n := p.peek()
	if n.kind != tokNumber || strings.Contains(n.text, ".") {
		return 0, p.errAt(n, "expected a whole number of periods")
	}
	p.next()
	v, err := strconv.Atoi(n.text)
	if err != nil || v > maxLag {
		return 0, p.errAt(n, "the number of periods must be at most %d", maxLag)
	}
	return sign * v, nil
}

// factor parses i(column), i(column, slope), i(column, slope, ref) and the named form ref = level.
func (p *parser) factor() (Expr, error) {
	name := p.next()
	if err := p.enter(name); err != nil {
		return nil, err
	}
	defer p.leave()
	p.next() // the '('

	col := p.peek()
	if col.kind != tokName && col.kind != tokQuoted {
		return nil, p.errAt(col, "the first argument of i() must be a column name")
	}
	p.next()
	if p.peek().kind == tokLParen {
		return nil, p.errAt(col, "the first argument of i() must be a column name, not a function")
	}
	f := &Factor{Column: col.text}

	positional := 1
	for p.peek().kind == tokComma {
		p.next()
		t := p.peek()
		if t.kind == tokName && p.toks[p.i+1].kind == tokEquals {
			if t.text != "ref" {
				return nil, p.errAt(t, "i() has no argument %q here; supported is ref", t.text)
			}
			if f.HasRef {
				return nil, p.errAt(t, "ref is given twice")
			}
			p.next()
			p.next()
			ref, err := p.literal()
			if err != nil {
				return nil, err
			}
			f.Ref, f.HasRef = ref, true
			continue
		}
		positional++
		switch positional {
		case 2:
			slope, err := p.value()
			if err != nil {
				return nil, err
			}
			f.Slope = slope
		case 3:
			if f.HasRef {
				return nil, p.errAt(t, "ref is given twice")
			}
			ref, err := p.literal()
			if err != nil {
				return nil, err
			}
			f.Ref, f.HasRef = ref, true
		default:
			return nil, p.errAt(t, "i() takes at most three arguments: column, slope and ref")
		}
	}
	if _, err := p.expect(tokRParen, "')' to close i("); err != nil {
		return nil, err
	}
	return f, nil
}

// literal parses a factor level: a quoted string or a number with an optional sign.
func (p *parser) literal() (string, error) {
	t := p.peek()
	switch t.kind {
	case tokString:
		p.next()
		return t.text, nil
	case tokMinus, tokPlus, tokNumber:
		sign := ""
		if t.kind != tokNumber {
			p.next()
			if t.kind == tokMinus {
				sign = "-"
			}
		}
		n := p.peek()
		if n.kind != tokNumber {
			return "", p.errAt(n, "expected a number after the sign")
		}
		p.next()
		return sign + n.text, nil
	case tokName, tokQuoted:
		return "", p.errAt(t, "quote the level: ref = %s", strconv.Quote(t.text))
	}
	return "", p.errAt(t, "expected a level such as \"East\" or 2003")
}

// fixedEffects parses fe1 + fe2^fe3 + … after '|'.
func (p *parser) fixedEffects() ([]FixedEffect, error) {
	var out []FixedEffect
	seen := map[string]bool{}
	context := "after '|'"
	for {
		var fe FixedEffect
		for {
			t := p.peek()
			if t.kind != tokName && t.kind != tokQuoted {
				if len(fe.Columns) == 0 {
					return nil, p.errAt(t, "expected a fixed-effect column name %s", context)
				}
				return nil, p.errAt(t, "expected a column name after '^'")
			}
			p.next()
			if p.peek().kind == tokLParen {
				return nil, p.errAt(t, "fixed effects are column names; functions such as %s() are not supported there", t.text)
			}
			fe.Columns = append(fe.Columns, t.text)
			if p.peek().kind != tokCaret {
				break
			}
			p.next()
		}
		if key := fe.String(); !seen[key] {
			seen[key] = true
			out = append(out, fe)
		}
		if p.peek().kind != tokPlus {
			return out, nil
		}
		p.next()
		context = "after '+'"
	}
}
