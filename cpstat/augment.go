package cpstat

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/cpstat/cpstat/cpstat/formula"
	"github.com/cpstat/cpstat/cpstat/province"
	"github.com/cpstat/cpstat/cpstat/table"
)

// AddTerms returns the formula base with the given regressor terms added, in canonical form. A term is
// anything the right-hand side of a formula takes, such as "L(balance, 1)", "balance:region_east" or
// "x*z" (which adds x, z and x:z). A term that base already has, or that expands to nothing new, is an
// ErrSettings error, because the caller would otherwise estimate the base model under a new name.
func AddTerms(base string, terms ...string) (string, error) {
	f, err := formula.Parse(base)
	if err != nil {
		return "", err
	}
	before := len(f.Terms)
	added := 0
	for _, t := range terms {
		if strings.Contains(t, "|") || strings.Contains(t, "~") {
			return "", fmt.Errorf("%w: term %q contains \"|\" or \"~\"; give a regressor term such as \"L(x, 1)\" or \"x:z\"",
				ErrSettings, t)
		}
		g, err := formula.Parse("y ~ " + t)
		if err != nil {
			return "", fmt.Errorf("term %q: %w", t, err)
		}
		if len(g.Terms) == 0 {
			return "", fmt.Errorf("%w: term %q adds no regressor", ErrSettings, t)
		}
		f.Terms = append(f.Terms, g.Terms...)
		added += len(g.Terms)
	}
	out, err := formula.Parse(f.String())
	if err != nil {
		return "", err
	}
	if len(out.Terms) != before+added {
		return "", fmt.Errorf("%w: %s already contains a term of %s; each added term must be new",
			ErrSettings, base, strings.Join(terms, ", "))
	}
	return out.String(), nil
}

// LagTerms returns the terms L(variable, k) for each lag k, with the column name quoted as a formula
// needs, for EstimateAdding.
func LagTerms(variable string, lags ...int) []string {
	out := make([]string, len(lags))
	for i, k := range lags {
		out[i] = "L(" + formula.QuoteName(variable) + ", " + strconv.Itoa(k) + ")"
	}
	return out
}

// AddedTerm is one model of EstimateAdding: the base model with one term added.
type AddedTerm struct {
	Term    string // the term as given, such as "L(balance, 1)"
	Formula string // the estimated formula in canonical form

	// Names are the regressors the term produced, in model order, such as "L(balance, 1)" or
	// "balance:region_east".
	Names []string
	// Dropped lists the regressors of Names that the fit left out (all zero or collinear with the fixed
	// effects or other regressors), each with the relation found. Such a term has no coefficient.
	Dropped []DroppedRegressor

	Result *Result
}

// Coef returns the coefficient of the term's first regressor, or false when the fit dropped it.
func (a *AddedTerm) Coef() (Coefficient, bool) {
	if len(a.Names) == 0 {
		return Coefficient{}, false
	}
	return a.Result.Coef(a.Names[0])
}

// EstimateAdding estimates the base model once per term, with that term added. A study does this when
// it adds the policy lagged 1, 2 and 3 years to the baseline in turn (terms LagTerms("balance", 1, 2,
// 3)), or one region interaction at a time (terms "balance:region_east", …). Every model takes the
// options opts, and the label of each result is its term.
//
// A term whose regressors the fit drops as collinear is not an error: the model is estimated without
// it, and AddedTerm.Dropped records why, as Result.DroppedRegressors does. Errors are those of
// AddTerms and Estimate, wrapped with the term.
func EstimateAdding(p *Panel, base string, terms []string, opts ...EstimateOption) ([]AddedTerm, error) {
	baseModel, err := NewModel(p, base, opts...)
	if err != nil {
		return nil, err
	}
	baseNames := baseModel.Terms()

	var out []AddedTerm
	for _, t := range terms {
		src, err := AddTerms(base, t)
		if err != nil {
			return nil, err
		}
		m, err := NewModel(p, src, append(opts, Label(t))...)
		if err != nil {
			return nil, fmt.Errorf("adding %s: %w", t, err)
		}
		res, err := m.Fit()
		if err != nil {
			return nil, fmt.Errorf("adding %s: %w", t, err)
		}
		a := AddedTerm{Term: t, Formula: m.Formula(), Result: res}
		for _, name := range m.Terms() {
			if !slices.Contains(baseNames, name) {
				a.Names = append(a.Names, name)
			}
		}
		for _, d := range res.DroppedRegressors {
			if slices.Contains(a.Names, d.Term) {
				a.Dropped = append(a.Dropped, d)
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// Dummy is a 0/1 column that WithDummies or WithRegionDummies added to a panel.
type Dummy struct {
	Column string      // name of the added column, such as "region_east"
	Level  string      // the level it marks, such as "East"
	Rows   int         // rows where it is 1
	Label  table.Label // display text for tables, such as 东部/East
}

// WithDummies returns a copy of p with one 0/1 column per level of the factor column, named
// column_level with characters other than letters, digits, "_" and "." replaced by "_" (region_East,
// region_东部). A row where the column is missing gets a missing value in every dummy. An existing
// column of the same name is replaced. Levels are sorted as Panel.FactorCodes sorts them.
func WithDummies(p *Panel, column string) (*Panel, []Dummy, error) {
	codes, levels, err := p.FactorCodes(column)
	if err != nil {
		return nil, nil, err
	}
	out := p
	var dummies []Dummy
	for l, level := range levels {
		name := column + "_" + dummyName(level)
		values, rows := dummyValues(codes, func(code int32) bool { return int(code) == l })
		if out, err = out.With(name, values); err != nil {
			return nil, nil, err
		}
		dummies = append(dummies, Dummy{Column: name, Level: level, Rows: rows, Label: table.Label{Zh: level, En: level}})
	}
	return out, dummies, nil
}

// WithRegionDummies returns a copy of p with the columns region_east, region_central and region_west:
// 1 for the provinces of that NBS belt (package province) and 0 otherwise. Entities must be province
// codes or names in a spelling that province.Lookup recognises. Any other entity is an error naming its row.
// Existing columns of those names are replaced. For a panel of other units, use WithDummies on a
// column of the unit's group.
func WithRegionDummies(p *Panel) (*Panel, []Dummy, error) {
	entities := p.Entities()
	region := make([]province.Region, len(entities))
	for e, name := range entities {
		prov, err := province.Resolve(name)
		if err != nil {
			return nil, nil, fmt.Errorf("region dummies: entity %q (row %s): %w; use WithDummies on a region column instead",
				name, p.Key(slices.Index(p.EntityCodes(), int32(e))), err)
		}
		region[e] = prov.Region
	}
	codes := p.EntityCodes()
	out := p
	var dummies []Dummy
	for _, r := range []province.Region{province.East, province.Central, province.West} {
		name := "region_" + strings.ToLower(r.String())
		values, rows := dummyValues(codes, func(code int32) bool { return region[code] == r })
		var err error
		if out, err = out.With(name, values); err != nil {
			return nil, nil, err
		}
		dummies = append(dummies, Dummy{Column: name, Level: r.String(), Rows: rows, Label: table.Label{Zh: r.Chinese(), En: r.String()}})
	}
	return out, dummies, nil
}

// dummyValues returns 1 where in(code) holds, 0 elsewhere and NaN for a missing code (−1), with the
// number of ones.
func dummyValues(codes []int32, in func(code int32) bool) ([]float64, int) {
	values := make([]float64, len(codes))
	ones := 0
	for i, c := range codes {
		switch {
		case c < 0:
			values[i] = math.NaN()
		case in(c):
			values[i] = 1
			ones++
		}
	}
	return values, ones
}

// dummyName turns a factor level into the part of a column name that a formula takes unquoted.
func dummyName(level string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, level)
}
