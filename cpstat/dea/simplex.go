package dea

import (
	"errors"
	"math"
)

// Tolerances of the simplex solver. They assume that the constraint coefficients are of order one, which
// holds because every DEA program is built from data divided by the panel mean of each variable.
const (
	// pivotTolerance is the smallest coefficient accepted as a pivot in the ratio test and when artificial
	// variables are driven out of the basis. Smaller entries count as zero.
	pivotTolerance = 1e-11

	// optimalityTolerance is the most negative reduced cost still accepted as optimal.
	optimalityTolerance = 1e-11

	// feasibilityTolerance is the largest phase-1 objective (sum of the artificial variables) still accepted
	// as feasible. A larger value means that the constraints admit no solution.
	feasibilityTolerance = 1e-9

	// ratioTieTolerance is the relative width within which two ratio-test quotients count as a tie, broken
	// by the smallest basic variable index as Bland's rule requires.
	ratioTieTolerance = 1e-12
)

// errIterationLimit reports that the simplex method stopped before reaching an optimal basis.
var errIterationLimit = errors.New("simplex iteration limit reached")

// constraintSense is the relation of one LP row to its right-hand side.
type constraintSense int8

const (
	lessEqual constraintSense = iota
	greaterEqual
	equal
)

// lpStatus is the outcome of one linear program.
type lpStatus int8

const (
	lpOptimal lpStatus = iota
	lpInfeasible
	lpUnbounded
)

// linearProgram is a small dense LP in the form
//
//	minimize  cᵀv
//	subject to  A v (≤ | ≥ | =) b  row by row,  v ≥ 0,
//
// with A stored row-major in a (rows × vars). The slices are reused between programs, so a program is
// rebuilt in place by reset and the set methods.
type linearProgram struct {
	rows, vars int
	a          []float64 // rows × vars, row-major
	b          []float64 // rows
	sense      []constraintSense
	c          []float64 // vars
}

// reset resizes the program to rows × vars and zeroes every coefficient.
func (lp *linearProgram) reset(rows, vars int) {
	lp.rows, lp.vars = rows, vars
	lp.a = resize(lp.a, rows*vars)
	lp.b = resize(lp.b, rows)
	lp.c = resize(lp.c, vars)
	if cap(lp.sense) < rows {
		lp.sense = make([]constraintSense, rows)
	}
	lp.sense = lp.sense[:rows]
	clear(lp.a)
	clear(lp.b)
	clear(lp.c)
	clear(lp.sense)
}

func resize(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// simplex is a dense two-phase tableau simplex solver with reusable storage. It is not safe for concurrent
// use, so each goroutine owns one.
//
// Pricing uses Dantzig's rule (most negative reduced cost) until the first degenerate pivot, then switches
// to Bland's rule (smallest eligible index, ties in the ratio test broken by the smallest basic index) for
// the rest of that solve. Bland's rule cannot cycle (Bland 1977), so the method terminates.
type simplex struct {
	rows, cols int       // constraint rows; columns without the right-hand side
	width      int       // cols + 1
	tableau    []float64 // (rows+2) × width; row rows is the phase-2 objective, row rows+1 the phase-1 objective
	basis      []int     // basic column of each constraint row
	firstArt   int       // columns at or beyond firstArt are artificial variables
	solution   []float64 // values of the LP's own variables at the optimum
}

// solve solves lp and returns its status and, when optimal, the objective value. The optimal point is left
// in s.solution (length lp.vars) until the next call.
func (s *simplex) solve(lp *linearProgram) (lpStatus, float64, error) {
	s.build(lp)

	if s.firstArt < s.cols {
		if err := s.iterate(s.rows + 1); err != nil {
			return 0, math.NaN(), err
		}
		if -s.at(s.rows+1, s.cols) > feasibilityTolerance {
			return lpInfeasible, math.NaN(), nil
		}
		s.removeArtificials()
	}

	status, err := s.iteratePhase2()
	if err != nil || status != lpOptimal {
		return status, math.NaN(), err
	}

	s.solution = resize(s.solution, lp.vars)
	clear(s.solution)
	for i, col := range s.basis {
		if col < lp.vars {
			s.solution[col] = math.Max(s.at(i, s.cols), 0)
		}
	}
	objective := 0.0
	for j, cj := range lp.c {
		objective += cj * s.solution[j]
	}
	return lpOptimal, objective, nil
}

func (s *simplex) at(i, j int) float64 { return s.tableau[i*s.width+j] }

func (s *simplex) row(i int) []float64 { return s.tableau[i*s.width : (i+1)*s.width] }

// build writes the initial tableau of lp. Rows are first made to have b ≥ 0, and a ≥ row with b = 0 is
// turned into a ≤ row, so that its slack can start in the basis without an artificial variable. Each ≤ row
// gets a slack variable, each ≥ row a surplus variable and an artificial one, each = row an artificial one.
func (s *simplex) build(lp *linearProgram) {
	rows := lp.rows
	slacks, artificials := 0, 0
	for i := range rows {
		sense := lp.sense[i]
		if lp.b[i] < 0 || (lp.b[i] == 0 && sense == greaterEqual) {
			sense = flip(sense)
		}
		if sense != equal {
			slacks++
		}
		if sense != lessEqual {
			artificials++
		}
	}

	s.rows = rows
	s.cols = lp.vars + slacks + artificials
	s.width = s.cols + 1
	s.firstArt = lp.vars + slacks
	s.tableau = resize(s.tableau, (rows+2)*s.width)
	clear(s.tableau)
	if cap(s.basis) < rows {
		s.basis = make([]int, rows)
	}
	s.basis = s.basis[:rows]

	slack, artificial := lp.vars, s.firstArt
	for i := range rows {
		sign, sense := 1.0, lp.sense[i]
		if lp.b[i] < 0 || (lp.b[i] == 0 && sense == greaterEqual) {
			sign, sense = -1, flip(sense)
		}
		row := s.row(i)
		for j, v := range lp.a[i*lp.vars : (i+1)*lp.vars] {
			row[j] = sign * v
		}
		row[s.cols] = sign * lp.b[i]

		switch sense {
		case lessEqual:
			row[slack] = 1
			s.basis[i] = slack
			slack++
		case greaterEqual:
			row[slack] = -1
			slack++
			row[artificial] = 1
			s.basis[i] = artificial
			artificial++
		case equal:
			row[artificial] = 1
			s.basis[i] = artificial
			artificial++
		}
	}

	// Phase-2 objective row: reduced costs equal c because every starting basic variable costs zero.
	copy(s.row(rows), lp.c)

	// Phase-1 objective row: minimize the sum of the artificials, priced out against the starting basis.
	phase1 := s.row(rows + 1)
	for i := range rows {
		if s.basis[i] < s.firstArt {
			continue
		}
		row := s.row(i)
		for j := 0; j < s.firstArt; j++ {
			phase1[j] -= row[j]
		}
		phase1[s.cols] -= row[s.cols]
	}
}

func flip(sense constraintSense) constraintSense {
	switch sense {
	case lessEqual:
		return greaterEqual
	case greaterEqual:
		return lessEqual
	}
	return equal
}

// iteratePhase2 runs the simplex method on the phase-2 objective and reports unboundedness.
func (s *simplex) iteratePhase2() (lpStatus, error) {
	err := s.iterate(s.rows)
	if errors.Is(err, errUnbounded) {
		return lpUnbounded, nil
	}
	return lpOptimal, err
}

var errUnbounded = errors.New("unbounded")

// iterate pivots until the objective in row objRow has no negative reduced cost among the non-artificial
// columns. It returns errUnbounded when an improving column has no positive entry.
func (s *simplex) iterate(objRow int) error {
	maxIterations := 50*(s.rows+s.cols) + 100
	bland := false
	for range maxIterations {
		entering := s.chooseEntering(objRow, bland)
		if entering < 0 {
			return nil
		}
		leaving, ratio := s.chooseLeaving(entering)
		if leaving < 0 {
			return errUnbounded
		}
		if ratio <= ratioTieTolerance {
			bland = true
		}
		s.pivot(leaving, entering)
	}
	return errIterationLimit
}

func (s *simplex) chooseEntering(objRow int, bland bool) int {
	objective := s.row(objRow)
	entering, best := -1, -optimalityTolerance
	for j := 0; j < s.firstArt; j++ {
		if objective[j] >= best {
			continue
		}
		if bland {
			return j
		}
		entering, best = j, objective[j]
	}
	return entering
}

// chooseLeaving runs the minimum-ratio test on column entering. Ties within ratioTieTolerance go to the row
// whose basic variable has the smallest index.
func (s *simplex) chooseLeaving(entering int) (int, float64) {
	leaving, best := -1, math.Inf(1)
	for i := range s.rows {
		coefficient := s.at(i, entering)
		if coefficient <= pivotTolerance {
			continue
		}
		ratio := math.Max(s.at(i, s.cols), 0) / coefficient
		switch {
		case leaving < 0 || ratio < best-ratioTieTolerance*(1+best):
			leaving, best = i, ratio
		case ratio <= best+ratioTieTolerance*(1+best) && s.basis[i] < s.basis[leaving]:
			leaving, best = i, math.Min(ratio, best)
		}
	}
	return leaving, best
}

// pivot makes column entering basic in row leaving, updating all constraint and objective rows.
func (s *simplex) pivot(leaving, entering int) {
	pivotRow := s.row(leaving)
	inverse := 1 / pivotRow[entering]
	for j := range pivotRow {
		pivotRow[j] *= inverse
	}
	pivotRow[entering] = 1

	for i := 0; i < s.rows+2; i++ {
		if i == leaving {
			continue
		}
		row := s.row(i)
		factor := row[entering]
		if factor == 0 {
			continue
		}
		for j, v := range pivotRow {
			row[j] -= factor * v
		}
		row[entering] = 0
	}
	s.basis[leaving] = entering
}

// removeArtificials pivots every artificial variable left in the basis at level zero out of it. A row whose
// non-artificial entries are all zero is redundant: its artificial stays basic at zero, and no later pivot
// changes that row because its entries in every column allowed to enter are zero.
func (s *simplex) removeArtificials() {
	for i := range s.rows {
		if s.basis[i] < s.firstArt {
			continue
		}
		row := s.row(i)
		best, entering := pivotTolerance, -1
		for j := 0; j < s.firstArt; j++ {
			if math.Abs(row[j]) > best {
				best, entering = math.Abs(row[j]), j
			}
		}
		if entering >= 0 {
			s.pivot(i, entering)
		}
	}
}
