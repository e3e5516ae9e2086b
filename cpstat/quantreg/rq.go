package quantreg

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// DefaultRankTolerance is the relative tolerance below which a column counts as a linear combination of the
// columns before it: the norm of its part orthogonal to them, divided by its own norm. R's qr() (LINPACK
// dqrdc2, used by lm) uses the same 1e-7.
const DefaultRankTolerance = 1e-7

// zeroResidualTolerance counts a residual as zero when |r| is below it: sqrt(machine epsilon), the eps of
// quantreg's summary.rq.
var zeroResidualTolerance = math.Sqrt(0x1p-52)

// Design is a linear quantile regression at the matrix level.
type Design struct {
	Y     []float64  // response, length n
	X     *mat.Dense // n×p regressors; include a column of ones for an intercept
	Names []string   // p column names; nil gives x1, x2, …
}

// Options tunes Fit. The zero value gives the defaults.
type Options struct {
	// RankTolerance is the relative tolerance of the rank check; 0 means DefaultRankTolerance.
	RankTolerance float64
}

// DroppedColumn is a regressor removed before fitting.
type DroppedColumn struct {
	Name   string
	Index  int    // 0-based column index in Design.X
	Reason string // for example "linear combination of (Intercept), mon, tue, wed, thu, fri, sat"
}

// Result is an exact quantile regression fit: a vertex of the linear program, as quantreg's
// rq(method = "br") returns.
type Result struct {
	Tau   float64
	N     int      // observations
	Names []string // names of the kept columns, in design order
	Coef  []float64

	Dropped   []DroppedColumn // columns removed by the rank check, with the reason
	Fitted    []float64       // length N
	Residuals []float64       // y − fitted, length N
	Objective float64         // Σ ρτ(residual), the check-function loss at the solution

	// Basis lists the rows (0-based) whose residuals are zero by construction: the p observations that
	// define the vertex.
	Basis []int
	// ZeroResiduals counts residuals with |r| < sqrt(machine epsilon), the count summary.rq uses.
	ZeroResiduals int
	// NonUnique is set when other coefficient values attain the same Objective. It is decided exactly from
	// the directional derivatives at the solution (see UniquenessChecked).
	NonUnique bool
	// UniquenessChecked is false when a highly degenerate vertex had too many candidate directions to
	// examine; NonUnique then repeats ZeroReducedCost.
	UniquenessChecked bool
	// ZeroReducedCost is set when a reduced cost of the final simplex tableau is zero, the condition under
	// which quantreg warns "Solution may be nonunique". At a degenerate vertex it can be set although the
	// solution is unique.
	ZeroReducedCost bool
	// Degenerate is set when more than p residuals are zero.
	Degenerate bool
	Pivots     int      // simplex pivots
	Notes      []string // human-readable messages about drops, ties and degeneracy

	x []float64 // kept design, N×len(Coef), row-major
	y []float64
}

// Fit computes the τ-th regression quantile of Y on X exactly with the Barrodale–Roberts simplex.
//
// Columns that are linear combinations of earlier columns are dropped (the later column goes) and reported
// in Result.Dropped and Result.Notes. Non-finite values and τ outside (0, 1) are errors.
func Fit(d Design, tau float64, opt Options) (*Result, error) {
	if !(tau > 0 && tau < 1) {
		return nil, &TauError{Tau: tau}
	}
	n, names, err := checkDesign(d)
	if err != nil {
		return nil, err
	}

	tol := opt.RankTolerance
	if tol <= 0 {
		tol = DefaultRankTolerance
	}
	keep, dropped := independentColumns(d.X, names, tol)
	if len(keep) == 0 {
		return nil, ErrNoVariation
	}
	p := len(keep)
	if n < p {
		return nil, &TooFewObservationsError{N: n, Need: p, What: fmt.Sprintf("a quantile regression with %d coefficients", p)}
	}

	x := make([]float64, n*p)
	for i := 0; i < n; i++ {
		for k, j := range keep {
			x[i*p+k] = d.X.At(i, j)
		}
	}
	y := append([]float64(nil), d.Y...)

	res, err := fitDense(x, y, n, p, tau)
	if err != nil {
		return nil, err
	}
	res.Names = make([]string, p)
	for k, j := range keep {
		res.Names[k] = names[j]
	}
	res.Dropped = dropped
	for _, dc := range dropped {
		res.Notes = append(res.Notes, fmt.Sprintf("dropped %s: %s", dc.Name, dc.Reason))
	}
	res.addSolutionNotes()
	return res, nil
}

// fitDense fits a full-rank row-major design; it keeps x and y without copying.
func fitDense(x, y []float64, n, p int, tau float64) (*Result, error) {
	sol, err := brSolve(x, y, n, p, tau)
	if err != nil {
		return nil, err
	}
	res := &Result{Tau: tau, N: n, Coef: sol.coef, Basis: sol.basis, ZeroReducedCost: sol.nonUnique,
		Pivots: sol.pivots, x: x, y: y}
	res.Fitted = make([]float64, n)
	res.Residuals = make([]float64, n)
	for i := 0; i < n; i++ {
		var f float64
		for j := 0; j < p; j++ {
			f += x[i*p+j] * sol.coef[j]
		}
		res.Fitted[i] = f
		r := y[i] - f
		res.Residuals[i] = r
		res.Objective += checkLoss(r, tau)
		if math.Abs(r) < zeroResidualTolerance {
			res.ZeroResiduals++
		}
	}
	res.Degenerate = res.ZeroResiduals > p
	switch checkUniqueness(x, res.Residuals, sol.basis, n, p, tau) {
	case solutionUnique:
		res.UniquenessChecked = true
	case solutionNonUnique:
		res.UniquenessChecked = true
		res.NonUnique = true
	case uniquenessUnchecked:
		res.NonUnique = res.ZeroReducedCost
	}
	return res, nil
}

func (r *Result) addSolutionNotes() {
	if r.NonUnique {
		r.Notes = append(r.Notes, "solution may be non-unique: other coefficient values attain the same "+
			"objective; the reported vertex is the one the Barrodale–Roberts simplex reaches")
	}
	if !r.UniquenessChecked {
		r.Notes = append(r.Notes, "uniqueness not checked (too many zero residuals); NonUnique repeats the "+
			"simplex's zero-reduced-cost test")
	}
	if r.Degenerate {
		r.Notes = append(r.Notes, fmt.Sprintf("degenerate vertex: %d residuals are zero for %d coefficients",
			r.ZeroResiduals, len(r.Coef)))
	}
}

// checkLoss is the Koenker–Bassett check function ρτ(r) = r(τ − 1{r < 0}).
func checkLoss(r, tau float64) float64 {
	if r < 0 {
		return r * (tau - 1)
	}
	return r * tau
}

// checkDesign validates shapes and finiteness and returns n and the column names.
func checkDesign(d Design) (int, []string, error) {
	if d.X == nil {
		return 0, nil, &DimensionError{What: "design matrix X (nil)", Got: 0, Want: len(d.Y)}
	}
	n, p := d.X.Dims()
	if len(d.Y) != n {
		return 0, nil, &DimensionError{What: "response Y", Got: len(d.Y), Want: n}
	}
	names := d.Names
	if names == nil {
		names = make([]string, p)
		for j := range names {
			names[j] = fmt.Sprintf("x%d", j+1)
		}
	}
	if len(names) != p {
		return 0, nil, &DimensionError{What: "Names", Got: len(names), Want: p}
	}
	if n == 0 {
		return 0, nil, &TooFewObservationsError{N: 0, Need: 1, What: "a quantile regression"}
	}
	for i, v := range d.Y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, nil, &NonFiniteError{Variable: "y", Row: i, Value: v}
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			if v := d.X.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, nil, &NonFiniteError{Variable: names[j], Row: i, Value: v}
			}
		}
	}
	return n, names, nil
}
