package dea

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

func setProgram(program *linearProgram, a [][]float64, b []float64, sense []constraintSense, c []float64) {
	program.reset(len(a), len(c))
	for i, row := range a {
		copy(program.a[i*len(c):], row)
	}
	copy(program.b, b)
	copy(program.sense, sense)
	copy(program.c, c)
}

// Beale's (1955) example cycles forever under Dantzig's rule with lowest-index ties; the slack
// variables x1, x2, x3 are implicit here. The optimum is −1/20 at x4 = 1/25, x6 = 1, found by hand in
// Beale's paper and in most LP textbooks (e.g. Chvátal 1983, chapter 3).
func TestSimplexBealeCycling(t *testing.T) {
	var program linearProgram
	setProgram(&program,
		[][]float64{
			{0.25, -60, -1.0 / 25, 9},
			{0.5, -90, -1.0 / 50, 3},
			{0, 0, 1, 0},
		},
		[]float64{0, 0, 1},
		[]constraintSense{lessEqual, lessEqual, lessEqual},
		[]float64{-0.75, 150, -1.0 / 50, 6},
	)
	var s simplex
	status, objective, err := s.solve(&program)
	if err != nil {
		t.Fatal(err)
	}
	if status != lpOptimal {
		t.Fatalf("status = %d, want optimal", status)
	}
	if math.Abs(objective+0.05) > 1e-14 {
		t.Errorf("objective = %.17g, want -0.05", objective)
	}
	if math.Abs(s.solution[0]-0.04) > 1e-14 || math.Abs(s.solution[2]-1) > 1e-14 {
		t.Errorf("solution = %v, want x4 = 0.04, x6 = 1", s.solution)
	}
}

func TestSimplexInfeasible(t *testing.T) {
	// v₀ + v₁ ≤ 1 and v₀ + v₁ ≥ 2 have no common point.
	var program linearProgram
	setProgram(&program,
		[][]float64{{1, 1}, {1, 1}},
		[]float64{1, 2},
		[]constraintSense{lessEqual, greaterEqual},
		[]float64{1, 1},
	)
	var s simplex
	status, objective, err := s.solve(&program)
	if err != nil {
		t.Fatal(err)
	}
	if status != lpInfeasible {
		t.Errorf("status = %d, want infeasible", status)
	}
	if !math.IsNaN(objective) {
		t.Errorf("objective = %v, want NaN", objective)
	}
}

func TestSimplexUnbounded(t *testing.T) {
	// Minimize −v₀ with only v₀ − v₁ ≤ 1: v₀ = v₁ + 1 grows without bound.
	var program linearProgram
	setProgram(&program, [][]float64{{1, -1}}, []float64{1}, []constraintSense{lessEqual}, []float64{-1, 0})
	var s simplex
	status, _, err := s.solve(&program)
	if err != nil {
		t.Fatal(err)
	}
	if status != lpUnbounded {
		t.Errorf("status = %d, want unbounded", status)
	}
}

// A redundant equality row (the second is twice the first) leaves an artificial variable in the basis
// after phase 1. Minimum of v₀ + 2v₁ subject to v₀ + v₁ = 1 and v₀ ≤ 0.25 is 1.75, by hand.
func TestSimplexRedundantEquality(t *testing.T) {
	var program linearProgram
	setProgram(&program,
		[][]float64{{1, 1}, {2, 2}, {1, 0}},
		[]float64{1, 2, 0.25},
		[]constraintSense{equal, equal, lessEqual},
		[]float64{1, 2},
	)
	var s simplex
	status, objective, err := s.solve(&program)
	if err != nil {
		t.Fatal(err)
	}
	if status != lpOptimal || math.Abs(objective-1.75) > 1e-14 {
		t.Errorf("status %d, objective %.17g; want optimal, 1.75", status, objective)
	}
}

// TestSimplexAgainstGonum solves random feasible, bounded programs with mixed row senses and compares the
// optimum with gonum's revised simplex (optimize/convex/lp), an independent implementation. Both are
// exact simplex methods on well-scaled data, so they agree to rounding error; 1e-9 relative leaves room
// for the different pivot sequences.
func TestSimplexAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var s simplex
	var program linearProgram
	for trial := range 200 {
		rows, vars := 2+rng.IntN(5), 2+rng.IntN(8)
		// A random point v* ≥ 0 makes the rows feasible by construction; v ≤ 10 bounds the program.
		point := make([]float64, vars)
		for j := range point {
			point[j] = rng.Float64() * 3
		}
		a := make([][]float64, rows+vars)
		b := make([]float64, rows+vars)
		sense := make([]constraintSense, rows+vars)
		equalities := 0
		for i := range rows {
			a[i] = make([]float64, vars)
			for j := range vars {
				a[i][j] = rng.NormFloat64()
				b[i] += a[i][j] * point[j]
			}
			switch rng.IntN(3) {
			case 0:
				sense[i], b[i] = lessEqual, b[i]+rng.Float64()
			case 1:
				sense[i], b[i] = greaterEqual, b[i]-rng.Float64()
			default:
				// gonum needs full row rank, so keep equalities fewer than the variables.
				if equalities < vars/2 {
					sense[i] = equal
					equalities++
				} else {
					sense[i], b[i] = lessEqual, b[i]+rng.Float64()
				}
			}
		}
		for j := range vars {
			a[rows+j] = make([]float64, vars)
			a[rows+j][j] = 1
			b[rows+j] = 10
			sense[rows+j] = lessEqual
		}
		c := make([]float64, vars)
		for j := range c {
			c[j] = rng.NormFloat64()
		}

		setProgram(&program, a, b, sense, c)
		status, got, err := s.solve(&program)
		if err != nil || status != lpOptimal {
			t.Fatalf("trial %d: status %d, err %v; want optimal", trial, status, err)
		}
		want := gonumOptimum(t, a, b, sense, c)
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("trial %d: objective %.17g, gonum %.17g", trial, got, want)
		}
	}
}

// gonumOptimum solves the same program with gonum's lp.Simplex. The program is put in gonum's standard
// form (equality rows, v ≥ 0) by hand, with one slack column per ≤ row and one surplus column per ≥ row.
func gonumOptimum(t *testing.T, a [][]float64, b []float64, sense []constraintSense, c []float64) float64 {
	t.Helper()
	optimum, err := gonumSolve(a, b, sense, c)
	if err != nil {
		t.Fatalf("gonum lp.Simplex: %v", err)
	}
	return optimum
}

func gonumSolve(a [][]float64, b []float64, sense []constraintSense, c []float64) (float64, error) {
	vars := len(c)
	extra := 0
	for _, s := range sense {
		if s != equal {
			extra++
		}
	}
	standard := mat.NewDense(len(a), vars+extra, nil)
	column := vars
	for i, row := range a {
		for j, v := range row {
			standard.Set(i, j, v)
		}
		switch sense[i] {
		case lessEqual:
			standard.Set(i, column, 1)
			column++
		case greaterEqual:
			standard.Set(i, column, -1)
			column++
		}
	}
	cost := make([]float64, vars+extra)
	copy(cost, c)
	optimum, _, err := lp.Simplex(cost, standard, b, 0, nil)
	return optimum, err
}

// gonumOptimumOrInfeasible is gonumOptimum that returns false when gonum reports the program infeasible.
func gonumOptimumOrInfeasible(t *testing.T, a [][]float64, b []float64, sense []constraintSense, c []float64) (float64, bool) {
	t.Helper()
	optimum, err := gonumSolve(a, b, sense, c)
	if errors.Is(err, lp.ErrInfeasible) {
		return math.NaN(), false
	}
	if err != nil {
		t.Fatalf("gonum lp.Simplex: %v", err)
	}
	return optimum, true
}
