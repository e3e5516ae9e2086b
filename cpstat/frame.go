package cpstat

import (
	"fmt"
	"slices"

	"github.com/cpstat/cpstat/cpstat/formula"
)

// FrameSettings configures ModelFrame. The zero value builds a frame without cluster codes.
type FrameSettings struct {
	// Cluster names columns to return codes for, for cluster-robust standard errors. A row where
	// one of them is missing is dropped like a row with a missing regressor.
	Cluster []string
}

// Frame is a formula evaluated on a panel: the response, the regressor matrix, the fixed-effect
// and cluster codes, and the record of the rows left out. N is the number of rows kept and K the
// number of regressors; every slice below has length N unless stated.
//
// The fields map one to one onto linreg.Design: Y, X, XNames as Names, Intercept, and the Name
// and Codes of FixedEffects and Clusters as FE and Clusters.
type Frame struct {
	Formula formula.Formula

	// Response is the label of the response, such as "log(y)".
	Response string
	Y        []float64

	// X holds the K regressors by column: X[j][i] is regressor j at kept row i. The constant is
	// not among them (see Intercept and XWithIntercept). Names follow fixest: "x1:x2" for an
	// interaction, "region::West" for a dummy of i(region), "region::West:x" for i(region, x),
	// "L(x, 1)" for a lag and "F(x, 1)" for a lead.
	X      [][]float64
	XNames []string

	// Intercept is true when the model has a constant, named "(Intercept)" as in fixest and
	// linreg.InterceptName. Fixed effects absorb the constant, so it is false whenever
	// FixedEffects is not empty, even when the formula keeps the intercept.
	Intercept bool

	// FixedEffects holds one factor per fixed-effect dimension of the formula.
	FixedEffects []Factor
	// Clusters holds one factor per FrameSettings.Cluster column.
	Clusters []Factor
	// Factors describes each i() term: the levels that got a regressor and the reference.
	Factors []FactorTerm

	// Rows are the panel row indexes of the kept rows, ascending, and Keys their keys.
	Rows []int
	Keys []RowKey

	// Dropped records every row left out and why.
	Dropped DropReport

	// Notes lists decisions a reader of the results should know, such as reference levels.
	Notes []string
}

// N returns the number of rows in the frame.
func (f *Frame) N() int { return len(f.Y) }

// XWithIntercept returns the regressors with the constant column "(Intercept)" in front when the
// model has one, for engines that take the full design matrix. Otherwise it returns X and XNames.
func (f *Frame) XWithIntercept() ([][]float64, []string) {
	if !f.Intercept {
		return f.X, f.XNames
	}
	x := append([][]float64{ones(f.N())}, f.X...)
	names := append([]string{"(Intercept)"}, f.XNames...)
	return x, names
}

// Factor is a categorical variable over the kept rows: Codes[i] indexes Levels. Levels are in
// order of first appearance among the kept rows, so every level occurs at least once.
type Factor struct {
	Name   string // column, or columns joined with ^ for a combined fixed effect
	Codes  []int32
	Levels []string
}

// FactorTerm describes the regressors that one i() term produced.
type FactorTerm struct {
	Term      string   // the term as written in canonical form, such as `i(region, x, ref = "East")`
	Column    string   // the factor column
	Levels    []string // levels that got a regressor, in level order
	Reference string   // the level left out; "" when every observed level got a regressor
}

// Frame parses src and evaluates it on the panel; see ModelFrame.
func (p *Panel) Frame(src string, s FrameSettings) (*Frame, error) {
	f, err := formula.Parse(src)
	if err != nil {
		return nil, err
	}
	return ModelFrame(p, f, s)
}

// ModelFrame evaluates the formula on the panel in named steps:
//  1. look up every column the formula and settings name;
//  2. evaluate the response and every term on all rows;
//  3. find each row's first problem: a missing or infinite value, a value outside a function's
//     domain, a lagged period not observed, a missing fixed effect or cluster;
//  4. drop those rows listwise, recording each with its key and reason;
//  5. build the regressors, fixed effects and clusters on the rows kept.
//
// Factor levels are sorted (numerically for numeric columns). i(column) without a slope leaves
// out a reference level when the model has an intercept or fixed effects: ref if given, else the
// first level in the sample. i(column, slope) leaves out only an explicit ref, because a slope
// per level is not collinear with the intercept.
//
// Errors: an unknown column (*ColumnNotFoundError naming the closest columns), a text column used
// as a number (*ColumnTypeError), a ref that is not a level, a response that is not one column,
// and a frame with no rows left (ErrEmptyFrame). That message names the columns that have no value
// in any row, or else lists the drops by reason.
func ModelFrame(p *Panel, f formula.Formula, s FrameSettings) (*Frame, error) {
	if f.Response == nil {
		return nil, fmt.Errorf("model frame: the formula has no response")
	}
	if err := checkColumns(p, f, s); err != nil {
		return nil, err
	}
	b := &frameBuilder{panel: p, cache: map[string]evalColumn{}}

	response, err := b.evalValue(f.Response)
	if err != nil {
		return nil, err
	}
	if len(response) != 1 {
		return nil, fmt.Errorf("model frame: the response %s makes %d columns; use a single lag, not a range", f.Response, len(response))
	}
	terms := make([][]termPart, len(f.Terms))
	for i, t := range f.Terms {
		if terms[i], err = b.evalTerm(t); err != nil {
			return nil, err
		}
	}
	fixed, err := b.factorInputs(fixedEffectColumns(f.FixedEffects))
	if err != nil {
		return nil, err
	}
	clusterNames := make([][]string, len(s.Cluster))
	for i, c := range s.Cluster {
		clusterNames[i] = []string{c}
	}
	clusters, err := b.factorInputs(clusterNames)
	if err != nil {
		return nil, err
	}

	first := firstProblems(p.Len(), response, terms, fixed, clusters)
	report := buildDropReport(p, p.Len(), first)
	if report.Kept == 0 {
		columns := append(f.Columns(), s.Cluster...)
		if text := emptyColumnsText(p, emptyColumns(p, columns, nil), report.Rows, "the data"); text != "" {
			return nil, fmt.Errorf("model frame for %s: %w: %s", f, ErrEmptyFrame, text)
		}
		return nil, fmt.Errorf("model frame for %s: %w: all %d rows dropped: %s", f, ErrEmptyFrame, report.Rows, report.reasons())
	}

	out := &Frame{Formula: f, Response: response[0].label, Dropped: report,
		Intercept: f.Intercept && len(f.FixedEffects) == 0}
	out.Rows = make([]int, 0, report.Kept)
	out.Keys = make([]RowKey, 0, report.Kept)
	for i := 0; i < p.Len(); i++ {
		if first == nil || first[i].ok() {
			out.Rows = append(out.Rows, i)
			out.Keys = append(out.Keys, p.Key(i))
		}
	}
	out.Y = pick(response[0].values, out.Rows)

	for i, t := range f.Terms {
		if err := b.addTerm(out, t, terms[i], len(f.FixedEffects) > 0); err != nil {
			return nil, err
		}
	}
	for i, fe := range f.FixedEffects {
		out.FixedEffects = append(out.FixedEffects, combineFactor(fe.String(), fixed[i], out.Rows))
	}
	for i, c := range s.Cluster {
		out.Clusters = append(out.Clusters, combineFactor(c, clusters[i], out.Rows))
	}
	return out, nil
}

// checkColumns reports the first column the formula or settings use that the panel lacks.
func checkColumns(p *Panel, f formula.Formula, s FrameSettings) error {
	names := p.Names()
	context := func(col string) string {
		if f.Response != nil && slices.Contains(formula.Formula{Response: f.Response}.Columns(), col) {
			return "the response of " + f.String()
		}
		for _, t := range f.Terms {
			if slices.Contains(formula.Formula{Terms: []formula.Term{t}}.Columns(), col) {
				return fmt.Sprintf("term %s of %s", t, f)
			}
		}
		return "fixed effects of " + f.String()
	}
	for _, col := range f.Columns() {
		if !slices.Contains(names, col) {
			return &ColumnNotFoundError{Name: col, Context: context(col), Closest: closestNames(col, names, 3)}
		}
	}
	for _, col := range s.Cluster {
		if !slices.Contains(names, col) {
			return &ColumnNotFoundError{Name: col, Context: "cluster", Closest: closestNames(col, names, 3)}
		}
	}
	return nil
}

func fixedEffectColumns(fes []formula.FixedEffect) [][]string {
	out := make([][]string, len(fes))
	for i, fe := range fes {
		out[i] = fe.Columns
	}
	return out
}

// firstProblems returns, for each of the n panel rows, the first reason it cannot be used, in
// the order response, terms, fixed effects, clusters, or nil when every row is usable. It walks
// column by column, keeping a row's first problem, so a column without problems costs nothing, and
// it allocates the n problems (32 bytes each) only when one occurs.
func firstProblems(n int, response []evalColumn, terms [][]termPart, fixed, clusters []factorInput) []problem {
	var first []problem
	mark := func(i int, pr problem) {
		if first == nil {
			first = make([]problem, n)
		}
		if first[i].ok() {
			first[i] = pr
		}
	}
	markColumn := func(c *evalColumn) {
		for i, pr := range c.probs {
			if !pr.ok() {
				mark(i, pr)
			}
		}
	}
	markCodes := func(codes []int32, column string) {
		for i, code := range codes {
			if code < 0 {
				mark(i, problem{reason: ReasonMissing, column: column})
			}
		}
	}

	markColumn(&response[0])
	for _, parts := range terms {
		for _, part := range parts {
			for k := range part.numeric {
				markColumn(&part.numeric[k])
			}
			if f := part.factor; f != nil {
				markCodes(f.codes, f.expr.Column)
				for k := range f.slope {
					markColumn(&f.slope[k])
				}
			}
		}
	}
	for _, group := range [][]factorInput{fixed, clusters} {
		for _, in := range group {
			for d, codes := range in.codes {
				markCodes(codes, in.columns[d])
			}
		}
	}
	return first
}

func pick(values []float64, rows []int) []float64 {
	out := make([]float64, len(rows))
	for i, r := range rows {
		out[i] = values[r]
	}
	return out
}
