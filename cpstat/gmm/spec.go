package gmm

import (
	"fmt"
	"strconv"
)

// AllLags as the maximum of a lag range means every lag available in the data, like "." in xtabond2's
// lag(2 .) or 99 in pgmm's lag(y, 2:99).
const AllLags = -1

// Transformation removes the unit effect from the transformed equation.
type Transformation int

const (
	// FirstDifference uses Δx_t = x_t − x_{t−1} (Arellano and Bond 1991).
	FirstDifference Transformation = iota
	// OrthogonalDeviations uses forward orthogonal deviations (Arellano and Bover 1995):
	// x*_s = sqrt(n/(n+1))·(x_s − mean of the n later complete periods). As in xtabond2, the deviation of
	// period s is dated s+1 and kept only when period s+1 is complete, so the instrument lags valid for first
	// differences stay valid.
	OrthogonalDeviations
)

// String returns the transformation's name.
func (t Transformation) String() string {
	switch t {
	case FirstDifference:
		return "first differences"
	case OrthogonalDeviations:
		return "forward orthogonal deviations"
	}
	return "Transformation(" + strconv.Itoa(int(t)) + ")"
}

// Equation selects the equations an instrument group enters.
type Equation int

const (
	// BothEquations is the transformed equation and, in system GMM, the level equation too.
	BothEquations Equation = iota
	// TransformedEquation is the differenced (or orthogonal-deviations) equation only.
	TransformedEquation
	// LevelEquation is the level equation of system GMM only.
	LevelEquation
)

// String returns the xtabond2 name of the equation choice.
func (e Equation) String() string {
	switch e {
	case BothEquations:
		return "both"
	case TransformedEquation:
		return "diff"
	case LevelEquation:
		return "level"
	}
	return "Equation(" + strconv.Itoa(int(e)) + ")"
}

// Term is one variable entered at one or more lags, such as y at lags 1 and 2. Lag 0 is the current value.
type Term struct {
	Var  string
	Lags []int // an empty list means lag 0 only
}

// lags returns the term's lags, with lag 0 standing in for an empty list.
func (t Term) lags() []int {
	if len(t.Lags) == 0 {
		return []int{0}
	}
	return t.Lags
}

// GMMStyle is one group of GMM-style instruments (Arellano and Bond 1991). In the transformed equation for
// period t they are the levels x_{t−l} for MinLag ≤ l ≤ MaxLag, one column per period and lag, or one column
// per lag when collapsed. In the level equation of system GMM they are the difference Δx_{t−max(MinLag−1,0)}
// (Blundell and Bond 1998), one column per period, or one column when collapsed.
type GMMStyle struct {
	Vars     []string
	MinLag   int
	MaxLag   int // AllLags for no limit
	Collapse bool
	Equation Equation
}

// IVStyle is one group of IV-style (standard) instruments: each variable at lags MinLag..MaxLag as one column,
// transformed like the regressors in the transformed equation and untransformed in the level equation. In
// system GMM with BothEquations the two equations get separate columns, as in pgmm.
type IVStyle struct {
	Vars     []string
	MinLag   int
	MaxLag   int // AllLags is invalid here
	Equation Equation
}

// Spec describes the dynamic panel model
//
//	y_it = Σ_k β_k x_k,i,t−l_k + [constant] + [time effects] + μ_i + ε_it
//
// and its instruments. The dependent variable's own lags enter as an ordinary Term in Regressors.
type Spec struct {
	Dependent  string
	Regressors []Term
	GMM        []GMMStyle
	IV         []IVStyle

	// System adds the level equation (Blundell and Bond 1998). False gives difference GMM.
	System bool
	// Transformation removes the unit effect in the transformed equation. The zero value is first differences.
	Transformation Transformation
	// TimeDummies adds one dummy per period (pgmm's effect = "twoways"). See the package documentation for the
	// base period and for how the coefficients relate to pgmm's level-equation year effects.
	TimeDummies bool
	// NoConstant leaves the constant out of the level equation of system GMM. Difference GMM has no constant.
	NoConstant bool
}

// DefaultIV returns pgmm's default IV-style instruments for spec: every regressor term whose variable has no
// GMM-style group instruments itself at its own lags in both equations.
func DefaultIV(spec Spec) []IVStyle {
	inGMM := map[string]bool{}
	for _, g := range spec.GMM {
		for _, v := range g.Vars {
			inGMM[v] = true
		}
	}
	var out []IVStyle
	for _, term := range spec.Regressors {
		if inGMM[term.Var] {
			continue
		}
		for _, lag := range term.lags() {
			out = append(out, IVStyle{Vars: []string{term.Var}, MinLag: lag, MaxLag: lag})
		}
	}
	return out
}

// SpecError reports an invalid specification: which field, which entry and what to change.
type SpecError struct {
	Field string // for example "GMM[1]" or "Regressors[0]"
	Msg   string
}

func (e *SpecError) Error() string {
	return "gmm: invalid specification: " + e.Field + ": " + e.Msg
}

// validate checks the specification against itself and against the variables present in the panel.
func (s Spec) validate(hasVar func(string) bool) error {
	if s.Dependent == "" {
		return &SpecError{Field: "Dependent", Msg: "missing; name the outcome variable"}
	}
	if !hasVar(s.Dependent) {
		return &SpecError{Field: "Dependent", Msg: fmt.Sprintf("variable %q not found in the panel", s.Dependent)}
	}
	if s.Transformation != FirstDifference && s.Transformation != OrthogonalDeviations {
		return &SpecError{Field: "Transformation", Msg: fmt.Sprintf("unknown value %d", int(s.Transformation))}
	}
	seen := map[string]bool{}
	for i, term := range s.Regressors {
		field := fmt.Sprintf("Regressors[%d]", i)
		if !hasVar(term.Var) {
			return &SpecError{Field: field, Msg: fmt.Sprintf("variable %q not found in the panel", term.Var)}
		}
		for _, lag := range term.lags() {
			if lag < 0 {
				return &SpecError{Field: field, Msg: fmt.Sprintf("lag %d of %q is negative; leads are not supported", lag, term.Var)}
			}
			if term.Var == s.Dependent && lag == 0 {
				return &SpecError{Field: field, Msg: fmt.Sprintf("the dependent variable %q cannot be a regressor at lag 0", term.Var)}
			}
			name := termName(term.Var, lag)
			if seen[name] {
				return &SpecError{Field: field, Msg: fmt.Sprintf("regressor %s is listed twice", name)}
			}
			seen[name] = true
		}
	}
	if len(s.Regressors) == 0 && !s.TimeDummies && (!s.System || s.NoConstant) {
		return &SpecError{Field: "Regressors", Msg: "the model has no coefficient; add regressors, time dummies or (system GMM) the constant"}
	}
	if len(s.GMM) == 0 && len(s.IV) == 0 && !s.TimeDummies && (!s.System || s.NoConstant) {
		return &SpecError{Field: "GMM", Msg: "no instruments; add a GMM-style or IV-style group"}
	}
	for i, g := range s.GMM {
		field := fmt.Sprintf("GMM[%d]", i)
		if err := validateGroup(field, g.Vars, g.MinLag, g.MaxLag, g.Equation, s.System, hasVar); err != nil {
			return err
		}
	}
	for i, g := range s.IV {
		field := fmt.Sprintf("IV[%d]", i)
		if g.MaxLag == AllLags {
			return &SpecError{Field: field, Msg: "IV-style instruments need a finite maximum lag"}
		}
		if err := validateGroup(field, g.Vars, g.MinLag, g.MaxLag, g.Equation, s.System, hasVar); err != nil {
			return err
		}
	}
	return nil
}

func validateGroup(field string, vars []string, minLag, maxLag int, eq Equation, system bool, hasVar func(string) bool) error {
	if len(vars) == 0 {
		return &SpecError{Field: field, Msg: "no variables"}
	}
	for _, v := range vars {
		if !hasVar(v) {
			return &SpecError{Field: field, Msg: fmt.Sprintf("variable %q not found in the panel", v)}
		}
	}
	if minLag < 0 {
		return &SpecError{Field: field, Msg: fmt.Sprintf("minimum lag %d is negative", minLag)}
	}
	if maxLag != AllLags && maxLag < minLag {
		return &SpecError{Field: field, Msg: fmt.Sprintf("maximum lag %d is below the minimum lag %d", maxLag, minLag)}
	}
	switch eq {
	case BothEquations, TransformedEquation:
	case LevelEquation:
		if !system {
			return &SpecError{Field: field, Msg: "instruments for the level equation need system GMM (Spec.System)"}
		}
	default:
		return &SpecError{Field: field, Msg: fmt.Sprintf("unknown equation value %d", int(eq))}
	}
	return nil
}

// termName returns the Stata-style name of a variable at a lag: "w", "L.w", "L2.w".
func termName(v string, lag int) string {
	switch lag {
	case 0:
		return v
	case 1:
		return "L." + v
	}
	return "L" + strconv.Itoa(lag) + "." + v
}
