package quantreg

import (
	"math"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// independentColumns keeps columns of x in order and drops each column whose component orthogonal to the
// columns kept so far has norm at most tol times its own norm (modified Gram–Schmidt with one
// re-orthogonalisation pass). Like R's lm, this drops the later column of a dependent set: with an intercept
// and all seven weekday dummies the last dummy goes.
func independentColumns(x *mat.Dense, names []string, tol float64) (keep []int, dropped []DroppedColumn) {
	_, p := x.Dims()
	var basis [][]float64 // orthonormal vectors spanning the kept columns
	for j := 0; j < p; j++ {
		col := mat.Col(nil, j, x)
		norm := floats.Norm(col, 2)
		if norm == 0 {
			dropped = append(dropped, DroppedColumn{Name: names[j], Index: j, Reason: "all values are zero"})
			continue
		}
		v := append([]float64(nil), col...)
		for pass := 0; pass < 2; pass++ {
			for _, q := range basis {
				floats.AddScaled(v, -floats.Dot(q, v), q)
			}
		}
		rest := floats.Norm(v, 2)
		if rest <= tol*norm {
			dropped = append(dropped, DroppedColumn{Name: names[j], Index: j,
				Reason: dependenceReason(x, keep, names, col)})
			continue
		}
		floats.Scale(1/rest, v)
		basis = append(basis, v)
		keep = append(keep, j)
	}
	return keep, dropped
}

// dependenceReason names the kept columns that a dropped column is a combination of, found by least squares.
func dependenceReason(x *mat.Dense, keep []int, names []string, col []float64) string {
	if len(keep) == 0 {
		return "linear combination of no kept column"
	}
	n, _ := x.Dims()
	a := mat.NewDense(n, len(keep), nil)
	for k, j := range keep {
		a.SetCol(k, mat.Col(nil, j, x))
	}
	var qr mat.QR
	qr.Factorize(a)
	var b mat.Dense
	if err := qr.SolveTo(&b, false, mat.NewDense(n, 1, col)); err != nil {
		return "linear combination of earlier columns"
	}
	scale := floats.Norm(col, 2)
	var used []string
	for k, j := range keep {
		colNorm := floats.Norm(mat.Col(nil, j, x), 2)
		if math.Abs(b.At(k, 0))*colNorm > 1e-6*scale {
			used = append(used, names[j])
		}
	}
	if len(used) == 0 {
		return "linear combination of earlier columns"
	}
	return "linear combination of " + strings.Join(used, ", ")
}
