package gmm

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

type rowKind int8

const (
	transformedRow rowKind = iota // first-difference or orthogonal-deviation equation
	levelRow                      // level equation of system GMM
)

// weightedPeriod is one term of a transformation: weight × (level value at period).
type weightedPeriod struct {
	period int
	weight float64
}

// eqRow is one equation of one unit. Its value for any series x is Σ weight·x[period] over support.
type eqRow struct {
	kind    rowKind
	period  int // grid index of the row's date, from which instrument lags count back
	support []weightedPeriod
}

// unitDesign holds one unit's equations: rows × K regressors X, rows × L instruments Z, the one-step
// weight block H (rows × rows), and the first-difference rows used by the Arellano–Bond test.
type unitDesign struct {
	unit int // index into design.units
	rows []eqRow
	X    *mat.Dense
	y    []float64
	Z    *mat.Dense
	H    *mat.SymDense

	arPeriods []int      // periods of the first-difference rows
	arX       *mat.Dense // first-differenced regressors, len(arPeriods) × K
	arY       []float64
}

// instrumentMode is the rule by which an instrument column takes its value in a row.
type instrumentMode int8

const (
	levelValue       instrumentMode = iota // x[period − lag]
	differenceValue                        // x[period − lag] − x[period − lag − 1]
	transformedValue                       // the row's transformation applied to x[· − lag]
	regressorColumn                        // the row's value of regressor column `column`
)

// instrumentColumn defines one column of Z.
type instrumentColumn struct {
	name     string
	group    int // index into design.groups, or −1 for time dummies and the constant
	kind     rowKind
	mode     instrumentMode
	variable string
	lag      int
	period   int // grid period of the rows it fills, or −1 for every row
	column   int // regressor column for regressorColumn
}

// InstrumentGroup is a set of instrument columns tested together by the difference-in-Hansen test.
type InstrumentGroup struct {
	Name    string // xtabond2-like label, such as "gmm(y, 2:.)" or "GMM instruments for levels"
	Columns []int  // indices into Result.InstrumentNames
}

// design is the model laid out for estimation.
type design struct {
	grid           *grid
	units          []unitDesign
	coefNames      []string
	isTimeDummy    []bool
	isConst        []bool
	instr          []instrumentColumn
	groups         []InstrumentGroup
	numDiff        int // transformed equations used
	numLevel       int // level equations used
	droppedUnits   []DroppedUnit
	droppedCoef    []DroppedCoefficient
	notes          []string
	diffPeriodsGap bool
}

// DroppedUnit is a unit left out of the estimation, with the reason.
type DroppedUnit struct {
	Unit   string
	Reason string
}

// DroppedCoefficient is a regressor or time dummy left out because it is collinear with earlier columns.
type DroppedCoefficient struct {
	Name   string
	Reason string
}

// termColumn is one regressor: a variable at a lag.
type termColumn struct {
	variable string
	lag      int
}

// buildDesign lays out the equations, regressors and instruments of spec on the panel.
func buildDesign(p *Panel, spec Spec) (*design, error) {
	if err := spec.validate(func(v string) bool { _, ok := p.Vars[v]; return ok }); err != nil {
		return nil, err
	}
	g, err := newGrid(p, usedVariables(spec))
	if err != nil {
		return nil, err
	}

	var terms []termColumn
	for _, term := range spec.Regressors {
		for _, lag := range term.lags() {
			terms = append(terms, termColumn{variable: term.Var, lag: lag})
		}
	}

	d := &design{grid: g}
	levelX, levelY, complete := d.levelSeries(spec, terms)
	d.buildRows(spec, complete)
	if len(d.units) == 0 {
		first := d.droppedUnits[0]
		return nil, &DataError{Msg: fmt.Sprintf("the estimation sample is empty: none of the %d units has an equation with all variables and lags present (unit %s, for example: %s)", len(g.units), first.Unit, first.Reason)}
	}

	dummyPeriods := d.timeDummyPeriods(spec)
	if spec.TimeDummies {
		periods := d.rowPeriods(transformedRow)
		d.diffPeriodsGap = len(periods) > 0 && periods[len(periods)-1]-periods[0]+1 != len(periods)
	}
	d.fillRegressors(spec, terms, dummyPeriods, levelX, levelY, complete)
	if err := d.dropCollinear(); err != nil {
		return nil, err
	}
	d.buildInstruments(spec)
	d.fillInstruments()
	if err := d.dropZeroInstruments(); err != nil {
		return nil, err
	}
	return d, nil
}

// usedVariables lists every variable the specification reads, without repeats.
func usedVariables(spec Spec) []string {
	var out []string
	add := func(v string) {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	add(spec.Dependent)
	for _, t := range spec.Regressors {
		add(t.Var)
	}
	for _, g := range spec.GMM {
		for _, v := range g.Vars {
			add(v)
		}
	}
	for _, g := range spec.IV {
		for _, v := range g.Vars {
			add(v)
		}
	}
	return out
}

// levelSeries returns, per unit, the regressor terms and the dependent variable in levels on the period
// grid, and whether each period has all of them.
func (d *design) levelSeries(spec Spec, terms []termColumn) (levelX [][][]float64, levelY [][]float64, complete [][]bool) {
	g := d.grid
	levelX = make([][][]float64, len(g.units))
	levelY = make([][]float64, len(g.units))
	complete = make([][]bool, len(g.units))
	for i := range g.units {
		y := g.values[spec.Dependent][i]
		levelY[i] = y
		levelX[i] = make([][]float64, len(terms))
		for k, term := range terms {
			src := g.values[term.variable][i]
			col := make([]float64, g.periods)
			for t := range col {
				col[t] = math.NaN()
				if t-term.lag >= 0 {
					col[t] = src[t-term.lag]
				}
			}
			levelX[i][k] = col
		}
		ok := make([]bool, g.periods)
		for t := range ok {
			ok[t] = !math.IsNaN(y[t])
			for k := range terms {
				ok[t] = ok[t] && !math.IsNaN(levelX[i][k][t])
			}
		}
		complete[i] = ok
	}
	return levelX, levelY, complete
}

// buildRows creates each unit's equations from its complete periods and records units with none.
func (d *design) buildRows(spec Spec, complete [][]bool) {
	g := d.grid
	for i := range g.units {
		ok := complete[i]
		var rows []eqRow
		switch spec.Transformation {
		case FirstDifference:
			for t := 1; t < g.periods; t++ {
				if ok[t] && ok[t-1] {
					rows = append(rows, eqRow{kind: transformedRow, period: t,
						support: []weightedPeriod{{t, 1}, {t - 1, -1}}})
				}
			}
		case OrthogonalDeviations:
			var present []int
			for t, c := range ok {
				if c {
					present = append(present, t)
				}
			}
			for j, s := range present[:max(len(present)-1, 0)] {
				// xtabond2 dates the deviation of period s at s+1 and keeps it only when s+1 is complete too.
				// A hand computation that reproduced xtabond2 (Statalist, June 2009) needs this rule.
				if !ok[s+1] {
					continue
				}
				later := present[j+1:]
				n := float64(len(later))
				c := math.Sqrt(n / (n + 1))
				support := []weightedPeriod{{s, c}}
				for _, t := range later {
					support = append(support, weightedPeriod{t, -c / n})
				}
				rows = append(rows, eqRow{kind: transformedRow, period: s + 1, support: support})
			}
		}
		numTransformed := len(rows)
		if spec.System {
			for t, c := range ok {
				if c {
					rows = append(rows, eqRow{kind: levelRow, period: t, support: []weightedPeriod{{t, 1}}})
				}
			}
		}
		if len(rows) == 0 {
			d.droppedUnits = append(d.droppedUnits, DroppedUnit{Unit: g.units[i], Reason: unitDropReason(ok, spec)})
			continue
		}
		d.numDiff += numTransformed
		d.numLevel += len(rows) - numTransformed
		d.units = append(d.units, unitDesign{unit: i, rows: rows})
	}
}

func unitDropReason(complete []bool, spec Spec) string {
	n := 0
	for _, c := range complete {
		if c {
			n++
		}
	}
	switch {
	case n == 0:
		return "no period has the dependent variable and every regressor lag present"
	case spec.Transformation == FirstDifference:
		return fmt.Sprintf("%d complete period(s) but no two consecutive ones, so no first difference exists", n)
	default:
		return fmt.Sprintf("%d complete period(s) but no two consecutive ones, so no orthogonal deviation is kept", n)
	}
}

// timeDummyPeriods returns the grid periods that get a time dummy. The candidates are the periods whose
// values enter any equation. The first is the base period and gets no dummy, unless system GMM runs without
// a constant. For first differences this is pgmm's choice: the base is the period before the first
// differenced equation.
func (d *design) timeDummyPeriods(spec Spec) []int {
	if !spec.TimeDummies {
		return nil
	}
	used := map[int]bool{}
	for _, u := range d.units {
		for _, r := range u.rows {
			for _, s := range r.support {
				used[s.period] = true
			}
		}
	}
	periods := make([]int, 0, len(used))
	for t := range used {
		periods = append(periods, t)
	}
	sort.Ints(periods)
	if spec.System && spec.NoConstant {
		return periods
	}
	return periods[1:]
}

// fillRegressors builds X and y of every unit: regressor terms, then the constant (system GMM), then the
// time dummies, each transformed by the row's support.
func (d *design) fillRegressors(spec Spec, terms []termColumn, dummyPeriods []int, levelX [][][]float64, levelY [][]float64, complete [][]bool) {
	g := d.grid
	for _, t := range terms {
		d.coefNames = append(d.coefNames, termName(t.variable, t.lag))
		d.isTimeDummy = append(d.isTimeDummy, false)
		d.isConst = append(d.isConst, false)
	}
	hasConst := spec.System && !spec.NoConstant
	if hasConst {
		d.coefNames = append(d.coefNames, ConstantName)
		d.isTimeDummy = append(d.isTimeDummy, false)
		d.isConst = append(d.isConst, true)
	}
	for _, t := range dummyPeriods {
		d.coefNames = append(d.coefNames, strconv.Itoa(g.firstTime+t))
		d.isTimeDummy = append(d.isTimeDummy, true)
		d.isConst = append(d.isConst, false)
	}
	K := len(d.coefNames)

	firstDummy := K - len(dummyPeriods)

	// levelValue returns regressor column k of unit i in levels at period t.
	levelValue := func(i, k, t int) float64 {
		switch {
		case k < len(terms):
			return levelX[i][k][t]
		case k < firstDummy:
			return 1 // the constant
		case dummyPeriods[k-firstDummy] == t:
			return 1
		}
		return 0
	}

	for ui := range d.units {
		u := &d.units[ui]
		i := u.unit
		u.X = mat.NewDense(len(u.rows), K, nil)
		u.y = make([]float64, len(u.rows))
		for r, row := range u.rows {
			for _, s := range row.support {
				u.y[r] += s.weight * levelY[i][s.period]
				for k := range K {
					u.X.Set(r, k, u.X.At(r, k)+s.weight*levelValue(i, k, s.period))
				}
			}
		}

		// The Arellano–Bond test always works on first-differenced residuals.
		ok := complete[i]
		for t := 1; t < g.periods; t++ {
			if ok[t] && ok[t-1] {
				u.arPeriods = append(u.arPeriods, t)
			}
		}
		if len(u.arPeriods) == 0 {
			continue
		}
		u.arX = mat.NewDense(len(u.arPeriods), K, nil)
		u.arY = make([]float64, len(u.arPeriods))
		for r, t := range u.arPeriods {
			u.arY[r] = levelY[i][t] - levelY[i][t-1]
			for k := range K {
				u.arX.Set(r, k, levelValue(i, k, t)-levelValue(i, k, t-1))
			}
		}
	}
}

// ConstantName is the coefficient name of the level-equation constant in system GMM.
const ConstantName = "_cons"

// collinearTol is the relative residual norm below which a regressor column counts as a linear combination of
// the columns before it.
const collinearTol = 1e-9

// dropCollinear removes regressor columns that are linear combinations of earlier columns in the stacked
// equations, by modified Gram–Schmidt in column order (regressors, constant, time dummies), and records them.
// It returns an error when no column is left.
func (d *design) dropCollinear() error {
	K := len(d.coefNames)
	n := 0
	for _, u := range d.units {
		n += len(u.rows)
	}
	var basis [][]float64
	keep := make([]int, 0, K)
	for k := range K {
		col := make([]float64, 0, n)
		for _, u := range d.units {
			for r := range u.rows {
				col = append(col, u.X.At(r, k))
			}
		}
		norm := math.Sqrt(dot(col, col))

		for _, q := range basis {
			c := dot(q, col)
			for j := range col {
				col[j] -= c * q[j]
			}
		}
		rest := math.Sqrt(dot(col, col))

		if norm == 0 || rest <= collinearTol*norm {
			reason := "collinear with the regressors before it in the estimation sample"
			if norm == 0 {
				reason = "zero in every equation of the estimation sample"
			}
			d.droppedCoef = append(d.droppedCoef, DroppedCoefficient{Name: d.coefNames[k], Reason: reason})
			continue
		}
		for j := range col {
			col[j] /= rest
		}
		basis = append(basis, col)
		keep = append(keep, k)
	}

	if len(keep) == 0 {
		return &DataError{Msg: "every regressor is zero or collinear in the estimation sample; check the lags and the time span"}
	}
	if len(keep) == K {
		return nil
	}
	d.coefNames = pick(d.coefNames, keep)
	d.isTimeDummy = pick(d.isTimeDummy, keep)
	d.isConst = pick(d.isConst, keep)
	for ui := range d.units {
		u := &d.units[ui]
		u.X = pickColumns(u.X, keep)
		if u.arX != nil {
			u.arX = pickColumns(u.arX, keep)
		}
	}
	return nil
}

func pick[T any](s []T, idx []int) []T {
	out := make([]T, len(idx))
	for j, i := range idx {
		out[j] = s[i]
	}
	return out
}

func pickColumns(m *mat.Dense, cols []int) *mat.Dense {
	r, _ := m.Dims()
	out := mat.NewDense(r, len(cols), nil)
	for i := range r {
		for j, c := range cols {
			out.Set(i, j, m.At(i, c))
		}
	}
	return out
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
