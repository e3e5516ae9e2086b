package formula

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Formula is a parsed model formula.
type Formula struct {
	// Response is the left-hand side: a column or a transformation of one, such as log(y).
	Response Expr

	// Terms are the regressors in model order: main effects first, then interactions by degree.
	Terms []Term

	// Intercept is false when the formula removes the constant with 0 or -1. Fixed effects absorb the
	// constant, so with FixedEffects the estimating code ignores this flag.
	Intercept bool

	// FixedEffects are the dimensions after "|", in the order written.
	FixedEffects []FixedEffect
}

// Term is one regressor term of the formula: a single expression, or an interaction of two or
// more expressions (a:b is their element-wise product).
type Term struct {
	Factors []Expr
}

// FixedEffect is one fixed-effect dimension: a single column, or several columns combined with ^
// into one factor whose levels are the observed combinations (fixest's fe1^fe2).
type FixedEffect struct {
	Columns []string
}

// Expr is a node of a term: *Var, *Call, *Lag, *Diff or *Factor.
type Expr interface {
	// String returns the expression in formula syntax; parsing it gives the same expression.
	String() string
	isExpr()
}

// Func is a supported element-wise transformation.
type Func string

// The element-wise transformations a formula may apply to a value.
const (
	Log   Func = "log"   // natural logarithm; rows with a value ≤ 0 are dropped by the model frame
	Log1p Func = "log1p" // log(1 + x)
	Exp   Func = "exp"
	Sqrt  Func = "sqrt"
	Abs   Func = "abs"
)

var funcs = map[string]Func{"log": Log, "log1p": Log1p, "exp": Exp, "sqrt": Sqrt, "abs": Abs}

// Var is a reference to a data column.
type Var struct {
	Name string
}

// Call applies an element-wise function to a value.
type Call struct {
	Func Func
	Arg  Expr
}

// Lag is the value of X at earlier periods of the same entity: L(X, k) has From = To = k, the range
// L(X, a:b) stands for one regressor per lag a, a+1, …, b, and a lead F(X, k) is the lag −k.
// Lag 0 is X itself.
type Lag struct {
	X        Expr
	From, To int
}

// Diff is the difference X − L(X, Lag).
type Diff struct {
	X   Expr
	Lag int
}

// Factor is i(Column) or i(Column, Slope): dummies for the levels of Column, each multiplied by
// Slope when Slope is not nil. Ref names the reference level whose dummy is left out, when HasRef.
type Factor struct {
	Column string
	Slope  Expr
	Ref    string
	HasRef bool
}

func (*Var) isExpr()    {}
func (*Call) isExpr()   {}
func (*Lag) isExpr()    {}
func (*Diff) isExpr()   {}
func (*Factor) isExpr() {}

func (v *Var) String() string { return QuoteName(v.Name) }

func (c *Call) String() string { return string(c.Func) + "(" + c.Arg.String() + ")" }

func (l *Lag) String() string {
	if l.From == l.To && l.From < 0 {
		return "F(" + l.X.String() + ", " + strconv.Itoa(-l.From) + ")"
	}
	if l.From == l.To {
		return "L(" + l.X.String() + ", " + strconv.Itoa(l.From) + ")"
	}
	return "L(" + l.X.String() + ", " + strconv.Itoa(l.From) + ":" + strconv.Itoa(l.To) + ")"
}

func (d *Diff) String() string {
	if d.Lag == 1 {
		return "D(" + d.X.String() + ")"
	}
	return "D(" + d.X.String() + ", " + strconv.Itoa(d.Lag) + ")"
}

func (f *Factor) String() string {
	var b strings.Builder
	b.WriteString("i(")
	b.WriteString(QuoteName(f.Column))
	if f.Slope != nil {
		b.WriteString(", ")
		b.WriteString(f.Slope.String())
	}
	if f.HasRef {
		b.WriteString(", ref = ")
		b.WriteString(strconv.Quote(f.Ref))
	}
	b.WriteString(")")
	return b.String()
}

// String returns the term in formula syntax, with its factors joined by ":".
func (t Term) String() string {
	parts := make([]string, len(t.Factors))
	for i, f := range t.Factors {
		parts[i] = f.String()
	}
	return strings.Join(parts, ":")
}

// key identifies a term regardless of the order of its factors, so that a:b and b:a are one term.
func (t Term) key() string {
	parts := make([]string, len(t.Factors))
	for i, f := range t.Factors {
		parts[i] = f.String()
	}
	sort.Strings(parts)
	return strings.Join(parts, "\x00")
}

// String returns the fixed-effect dimension in formula syntax, such as "province" or "province^year".
func (fe FixedEffect) String() string {
	parts := make([]string, len(fe.Columns))
	for i, c := range fe.Columns {
		parts[i] = QuoteName(c)
	}
	return strings.Join(parts, "^")
}

// String returns the formula in canonical syntax. Parsing the result gives an equal Formula.
func (f Formula) String() string {
	var b strings.Builder
	if f.Response != nil {
		b.WriteString(f.Response.String())
	}
	b.WriteString(" ~ ")
	switch {
	case len(f.Terms) == 0 && f.Intercept:
		b.WriteString("1")
	case len(f.Terms) == 0:
		b.WriteString("0")
	default:
		for i, t := range f.Terms {
			if i > 0 {
				b.WriteString(" + ")
			}
			b.WriteString(t.String())
		}
		if !f.Intercept {
			b.WriteString(" - 1")
		}
	}
	for i, fe := range f.FixedEffects {
		if i == 0 {
			b.WriteString(" | ")
		} else {
			b.WriteString(" + ")
		}
		b.WriteString(fe.String())
	}
	return b.String()
}

// Columns returns the data columns the formula reads, each once, in order of first use: the
// response, the terms, then the fixed effects.
func (f Formula) Columns() []string {
	seen := map[string]bool{}
	var out []string
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	if f.Response != nil {
		walkColumns(f.Response, add)
	}
	for _, t := range f.Terms {
		for _, e := range t.Factors {
			walkColumns(e, add)
		}
	}
	for _, fe := range f.FixedEffects {
		for _, c := range fe.Columns {
			add(c)
		}
	}
	return out
}

func walkColumns(e Expr, add func(string)) {
	switch e := e.(type) {
	case *Var:
		add(e.Name)
	case *Call:
		walkColumns(e.Arg, add)
	case *Lag:
		walkColumns(e.X, add)
	case *Diff:
		walkColumns(e.X, add)
	case *Factor:
		add(e.Column)
		if e.Slope != nil {
			walkColumns(e.Slope, add)
		}
	}
}

// QuoteName returns name as it must be written in a formula: unchanged when it is a plain name
// (letters, digits, "_" and ".", not starting with a digit), otherwise between backticks.
func QuoteName(name string) string {
	if isPlainName(name) {
		return name
	}
	return "`" + name + "`"
}

func isPlainName(name string) bool {
	if name == "" {
		return false
	}
	for i, r := range name {
		if i == 0 && !isNameStart(r) {
			return false
		}
		if !isNamePart(r) {
			return false
		}
	}
	return true
}

func isNameStart(r rune) bool { return unicode.IsLetter(r) || r == '_' || r == '.' }

func isNamePart(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || unicode.Is(unicode.Mn, r)
}
