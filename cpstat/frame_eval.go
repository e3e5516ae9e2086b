package cpstat

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-gota/gota/series"

	"github.com/cpstat/cpstat/cpstat/formula"
)

// frameBuilder evaluates formula expressions on every row of a panel.
type frameBuilder struct {
	panel *Panel
	cache map[string]evalColumn // columns read so far, by name
}

// evalColumn is one numeric expression over all panel rows, with each row's problem (if any).
type evalColumn struct {
	label  string
	values []float64
	probs  []problem // nil when no row has a problem; read it through problem(i)
}

// problem returns row i's problem, or the zero problem when the row is fine.
func (c *evalColumn) problem(i int) problem {
	if c.probs == nil {
		return problem{}
	}
	return c.probs[i]
}

// setProblem records row i's problem, allocating probs on the first one so that a column
// without problems costs no per-row memory.
func (c *evalColumn) setProblem(i int, pr problem) {
	if c.probs == nil {
		c.probs = make([]problem, len(c.values))
	}
	c.probs[i] = pr
}

// evalValue evaluates a numeric expression. It returns several columns for a lag range such as
// L(x, 1:3), and one column otherwise.
func (b *frameBuilder) evalValue(e formula.Expr) ([]evalColumn, error) {
	switch e := e.(type) {
	case *formula.Var:
		c, err := b.column(e.Name)
		if err != nil {
			return nil, err
		}
		return []evalColumn{c}, nil

	case *formula.Call:
		inner, err := b.evalValue(e.Arg)
		if err != nil {
			return nil, err
		}
		out := make([]evalColumn, len(inner))
		for i, c := range inner {
			out[i] = applyFunc(e.Func, c)
		}
		return out, nil

	case *formula.Lag:
		inner, err := b.evalValue(e.X)
		if err != nil {
			return nil, err
		}
		var out []evalColumn
		for k := e.From; k <= e.To; k++ {
			for _, c := range inner {
				out = append(out, b.shift(c, k))
			}
		}
		return out, nil

	case *formula.Diff:
		inner, err := b.evalValue(e.X)
		if err != nil {
			return nil, err
		}
		out := make([]evalColumn, len(inner))
		for i, c := range inner {
			out[i] = b.difference(c, e.Lag)
		}
		return out, nil

	case *formula.Factor:
		return nil, fmt.Errorf("model frame: %s makes dummy regressors and cannot be used as a number", e)
	}
	return nil, fmt.Errorf("model frame: unsupported expression %T", e)
}

// column reads a data column, marking NaN (missing) and ±Inf rows.
func (b *frameBuilder) column(name string) (evalColumn, error) {
	if c, ok := b.cache[name]; ok {
		return c, nil
	}
	values, err := b.panel.sharedFloat(name) // read-only: every evaluation step writes to new slices
	if err != nil {
		return evalColumn{}, fmt.Errorf("model frame: %w", err)
	}
	c := evalColumn{label: name, values: values}
	for i, v := range values {
		switch {
		case math.IsNaN(v):
			c.setProblem(i, problem{ReasonMissing, name})
		case math.IsInf(v, 0):
			c.setProblem(i, problem{ReasonInfinite, name})
		}
	}
	b.cache[name] = c
	return c, nil
}

// applyFunc applies an element-wise function. A value outside the function's domain is a problem
// named after the argument ("log of non-positive value in y"); an overflow is named after the
// result ("infinite value in exp(x)").
func applyFunc(fn formula.Func, c evalColumn) evalColumn {
	label := string(fn) + "(" + c.label + ")"
	out := evalColumn{label: label, values: make([]float64, len(c.values))}
	for i, v := range c.values {
		if !c.problem(i).ok() {
			out.setProblem(i, c.problem(i))
			out.values[i] = math.NaN()
			continue
		}
		var r float64
		var domain DropReason
		switch fn {
		case formula.Log:
			if v <= 0 {
				domain = ReasonLogNonPositive
			}
			r = math.Log(v)
		case formula.Log1p:
			if v <= -1 {
				domain = ReasonOutOfDomain
			}
			r = math.Log1p(v)
		case formula.Sqrt:
			if v < 0 {
				domain = ReasonOutOfDomain
			}
			r = math.Sqrt(v)
		case formula.Exp:
			r = math.Exp(v)
		case formula.Abs:
			r = math.Abs(v)
		default:
			panic("cpstat: formula function " + string(fn) + " has no implementation")
		}
		switch {
		case domain != "":
			out.setProblem(i, problem{domain, c.label})
		case math.IsInf(r, 0) || math.IsNaN(r):
			out.setProblem(i, problem{ReasonInfinite, label})
		}
		out.values[i] = r
	}
	return out
}

func lagLabel(label string, k int) string {
	if k < 0 {
		return "F(" + label + ", " + strconv.Itoa(-k) + ")"
	}
	return "L(" + label + ", " + strconv.Itoa(k) + ")"
}

// shift returns the column at t−k within each entity. A row whose entity has no row at t−k gets
// ReasonNotObserved; a problem of the source row carries over under the lag's label.
func (b *frameBuilder) shift(c evalColumn, k int) evalColumn {
	label := lagLabel(c.label, k)
	rows := b.panel.lagRows(k)
	out := evalColumn{label: label, values: make([]float64, len(rows))}
	for i, j := range rows {
		switch {
		case j < 0:
			out.values[i] = math.NaN()
			out.setProblem(i, problem{ReasonNotObserved, label})
		case !c.problem(j).ok():
			out.values[i] = math.NaN()
			out.setProblem(i, problem{c.problem(j).reason, label})
		default:
			out.values[i] = c.values[j]
		}
	}
	return out
}

// difference returns x_t − x_{t−k} within each entity.
func (b *frameBuilder) difference(c evalColumn, k int) evalColumn {
	label := "D(" + c.label + ")"
	if k != 1 {
		label = "D(" + c.label + ", " + strconv.Itoa(k) + ")"
	}
	lagged := b.shift(c, k)
	out := evalColumn{label: label, values: make([]float64, len(c.values))}
	for i := range c.values {
		switch {
		case !c.problem(i).ok():
			out.setProblem(i, c.problem(i))
		case !lagged.problem(i).ok():
			out.setProblem(i, problem{lagged.problem(i).reason, label})
		}
		out.values[i] = c.values[i] - lagged.values[i]
	}
	return out
}

// termPart is one factor of a term: numeric columns, or the dummies of an i() factor.
type termPart struct {
	numeric []evalColumn
	factor  *factorPart
}

// factorPart is an i() factor before the sample is known.
type factorPart struct {
	expr   *formula.Factor
	codes  []int32 // per panel row; -1 where missing
	levels []string
	slope  []evalColumn // nil without a slope
}

func (b *frameBuilder) evalTerm(t formula.Term) ([]termPart, error) {
	parts := make([]termPart, len(t.Factors))
	for i, e := range t.Factors {
		f, ok := e.(*formula.Factor)
		if !ok {
			cols, err := b.evalValue(e)
			if err != nil {
				return nil, err
			}
			parts[i] = termPart{numeric: cols}
			continue
		}
		codes, levels, err := b.panel.FactorCodes(f.Column)
		if err != nil {
			return nil, fmt.Errorf("model frame: %s: %w", f, err)
		}
		part := &factorPart{expr: f, codes: codes, levels: levels}
		if f.Slope != nil {
			if part.slope, err = b.evalValue(f.Slope); err != nil {
				return nil, err
			}
		}
		parts[i] = termPart{factor: part}
	}
	return parts, nil
}

// builtColumn is a regressor over the kept rows.
type builtColumn struct {
	label  string
	values []float64
	ones   bool // every value is 1 (values may be nil): the start of a term's product
}

// addTerm appends the regressors of one term to the frame: the product of its parts' columns.
func (b *frameBuilder) addTerm(out *Frame, t formula.Term, parts []termPart, hasFixedEffects bool) error {
	product := []builtColumn{{ones: true}} // values are not needed: crossColumns returns the first part as it is
	for _, part := range parts {
		var cols []builtColumn
		if part.numeric != nil {
			for _, c := range part.numeric {
				cols = append(cols, builtColumn{label: c.label, values: pick(c.values, out.Rows)})
			}
		} else {
			alone := len(parts) == 1 && part.factor.slope == nil
			dropRef := alone && (out.Intercept || hasFixedEffects)
			var err error
			if cols, err = b.dummies(out, part.factor, dropRef); err != nil {
				return err
			}
		}
		product = crossColumns(product, cols)
	}

	for _, c := range product {
		if slices.Contains(out.XNames, c.label) {
			out.Notes = append(out.Notes, fmt.Sprintf("regressor %s occurs twice in the formula; it is kept once", c.label))
			continue
		}
		out.X = append(out.X, c.values)
		out.XNames = append(out.XNames, c.label)
	}
	return nil
}

func ones(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = 1
	}
	return v
}

// crossColumns returns the element-wise product of every column on the left with every column on
// the right, labelled "left:right".
func crossColumns(left, right []builtColumn) []builtColumn {
	if len(left) == 1 && left[0].label == "" && left[0].ones {
		return right // 1·x is x exactly, so the first part of a term needs no product
	}
	out := make([]builtColumn, 0, len(left)*len(right))
	for _, l := range left {
		for _, r := range right {
			label := r.label
			if l.label != "" {
				label = l.label + ":" + r.label
			}
			values := make([]float64, len(r.values))
			for i := range values {
				values[i] = l.values[i] * r.values[i]
			}
			out = append(out, builtColumn{label: label, values: values})
		}
	}
	return out
}

// dummies builds the regressors of an i() factor on the kept rows and records the term.
func (b *frameBuilder) dummies(out *Frame, f *factorPart, dropDefaultRef bool) ([]builtColumn, error) {
	observed := make([]bool, len(f.levels))
	for _, r := range out.Rows {
		observed[f.codes[r]] = true
	}

	ref := -1
	if f.expr.HasRef {
		ref = findLevel(f.levels, f.expr.Ref, b.panel.isNumeric(f.expr.Column))
		if ref < 0 {
			shown := f.levels[:min(len(f.levels), maxListed)]
			return nil, fmt.Errorf("model frame: %s: the reference %q is not a level of %s; its levels are %s",
				f.expr, f.expr.Ref, f.expr.Column, quoteList(shown))
		}
		if !observed[ref] {
			out.Notes = append(out.Notes, fmt.Sprintf("%s: the reference level %s does not occur in the estimation sample", f.expr, f.levels[ref]))
		}
	} else if dropDefaultRef {
		for l := range f.levels {
			if observed[l] {
				ref = l
				break
			}
		}
	}

	term := FactorTerm{Term: f.expr.String(), Column: f.expr.Column}
	if ref >= 0 {
		term.Reference = f.levels[ref]
		out.Notes = append(out.Notes, fmt.Sprintf("%s: reference level %s left out", f.expr, f.levels[ref]))
	}

	var cols []builtColumn
	for l, level := range f.levels {
		if l == ref || !observed[l] {
			continue
		}
		term.Levels = append(term.Levels, level)
		indicator := make([]float64, len(out.Rows))
		for i, r := range out.Rows {
			if int(f.codes[r]) == l {
				indicator[i] = 1
			}
		}
		label := f.expr.Column + "::" + level
		if f.slope == nil {
			cols = append(cols, builtColumn{label: label, values: indicator})
			continue
		}
		for _, s := range f.slope {
			values := pick(s.values, out.Rows)
			for i := range values {
				values[i] *= indicator[i]
			}
			cols = append(cols, builtColumn{label: label + ":" + s.label, values: values})
		}
	}
	out.Factors = append(out.Factors, term)
	return cols, nil
}

// findLevel returns the index of ref among levels, comparing numerically for numeric columns so
// that ref = 2003 matches the level "2003" and ref = "1.50" matches "1.5".
func findLevel(levels []string, ref string, numeric bool) int {
	for i, l := range levels {
		if l == ref {
			return i
		}
	}
	if !numeric {
		return -1
	}
	want, err := strconv.ParseFloat(strings.TrimSpace(ref), 64)
	if err != nil {
		return -1
	}
	for i, l := range levels {
		if v, err := strconv.ParseFloat(l, 64); err == nil && v == want {
			return i
		}
	}
	return -1
}

func (p *Panel) isNumeric(column string) bool {
	s, err := p.column(column)
	return err == nil && s.Type() != series.String
}

// factorInput is a fixed-effect or cluster dimension before the sample is known: one or more
// columns (several for fe1^fe2) encoded over all panel rows.
type factorInput struct {
	columns []string
	codes   [][]int32 // per column, per panel row; -1 where missing
	levels  [][]string
}

func (b *frameBuilder) factorInputs(groups [][]string) ([]factorInput, error) {
	out := make([]factorInput, len(groups))
	for i, cols := range groups {
		in := factorInput{columns: cols}
		for _, c := range cols {
			codes, levels, err := b.panel.FactorCodes(c)
			if err != nil {
				return nil, fmt.Errorf("model frame: %w", err)
			}
			in.codes = append(in.codes, codes)
			in.levels = append(in.levels, levels)
		}
		out[i] = in
	}
	return out, nil
}

// combineFactor encodes a dimension over the kept rows, with levels in order of first appearance.
// Combined dimensions (fe1^fe2) get one level per observed combination, labelled "a^b".
func combineFactor(name string, in factorInput, rows []int) Factor {
	if len(in.columns) == 1 {
		return recodeFactor(name, in.codes[0], in.levels[0], rows)
	}
	f := Factor{Name: name, Codes: make([]int32, len(rows))}
	index := map[string]int32{}
	parts := make([]string, len(in.columns))
	for i, r := range rows {
		for d := range in.columns {
			parts[d] = in.levels[d][in.codes[d][r]]
		}
		key := strings.Join(parts, "\x00")
		code, ok := index[key]
		if !ok {
			code = int32(len(f.Levels))
			index[key] = code
			f.Levels = append(f.Levels, strings.Join(parts, "^"))
		}
		f.Codes[i] = code
	}
	return f
}
