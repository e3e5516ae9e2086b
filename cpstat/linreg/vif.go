package linreg

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// VIFResult holds variance inflation factors, one per regressor.
type VIFResult struct {
	Names     []string
	VIF       []float64 // 1/(1 − R2); +Inf for a regressor in an exact linear relation
	Tolerance []float64 // 1/VIF = 1 − R2
	R2        []float64 // centred R² of the auxiliary regression on an intercept and the other regressors
	MeanVIF   float64   // mean of VIF (+Inf when any VIF is)

	N           int          // rows used
	DroppedRows []DroppedRow // rows with a non-finite value, dropped listwise
	// Notes names the columns of every exact linear relation found.
	Notes []string
}

// VIF computes the variance inflation factor of every column of x: VIF_j = 1/(1 − R²_j), where R²_j is
// the centred R² of the least-squares regression of column j on an intercept and all other columns
// (the definition of car::vif and Stata's estat vif). Rows with a non-finite value are dropped
// listwise. A column that is an exact linear combination of the others (or constant) gets +Inf and a
// note naming the relation. The test is 1 − R²_j < 1e-10, the default of Options.CollinearityTol.
func VIF(x [][]float64, names []string) (*VIFResult, error) {
	k := len(x)
	if k == 0 {
		return nil, fmt.Errorf("%w: VIF needs at least one column", ErrInvalidDesign)
	}
	n := len(x[0])
	res := &VIFResult{Names: make([]string, k)}
	for j := range x {
		res.Names[j] = "x" + strconv.Itoa(j+1)
		if j < len(names) && names[j] != "" {
			res.Names[j] = names[j]
		}
		if len(x[j]) != n {
			return nil, &LengthError{Column: res.Names[j], Got: len(x[j]), Want: n}
		}
	}

	keep := make([]bool, n)
	for i := range keep {
		keep[i] = true
	}
	for j, col := range x {
		for _, i := range badFloatRows(col) {
			if keep[i] {
				keep[i] = false
				res.DroppedRows = append(res.DroppedRows, DroppedRow{Row: i, Reason: NonFiniteX, Column: res.Names[j]})
			}
		}
	}
	var rows []int
	for i, kp := range keep {
		if kp {
			rows = append(rows, i)
		}
	}
	res.N = len(rows)
	if res.N < 2 {
		return nil, &NoObservationsError{Input: n, Dropped: countDrops(res.DroppedRows)}
	}

	// Centred cross-products.
	cols := make([][]float64, k)
	for j := range x {
		cols[j] = make([]float64, res.N)
		mean, _ := copyRows(cols[j], x[j], rows, true)
		for i := range cols[j] {
			cols[j][i] -= mean
		}
	}
	c := make([]float64, k*k)
	for a := 0; a < k; a++ {
		for b := 0; b <= a; b++ {
			c[a*k+b] = dot(cols[a], cols[b])
			c[b*k+a] = c[a*k+b]
		}
	}

	res.VIF = make([]float64, k)
	res.Tolerance = make([]float64, k)
	res.R2 = make([]float64, k)
	for j := 0; j < k; j++ {
		share, relation := auxiliaryFit(c, k, j, res.Names)
		res.R2[j] = 1 - share
		if share < defaultCollinearityTol {
			res.VIF[j], res.Tolerance[j], res.R2[j] = math.Inf(1), 0, 1
			res.Notes = append(res.Notes, relation)
			continue
		}
		res.VIF[j] = 1 / share
		res.Tolerance[j] = share
	}
	for _, v := range res.VIF {
		res.MeanVIF += v
	}
	res.MeanVIF /= float64(k)
	return res, nil
}

// auxiliaryFit returns 1 − R²_j of column j on the other columns, from the centred cross-product matrix
// c (k×k), and a description of the exact relation when there is one. It factorises the correlation
// matrix of the other columns by an in-order Cholesky decomposition that skips collinear ones, solves
// L y = r (r the correlations of column j with them) and returns 1 − y'y.
func auxiliaryFit(c []float64, k, j int, names []string) (float64, string) {
	if c[j*k+j] == 0 {
		return 0, fmt.Sprintf("%s is constant, so it is collinear with the intercept", names[j])
	}
	var others []int
	for a := 0; a < k; a++ {
		if a != j && c[a*k+a] > 0 {
			others = append(others, a)
		}
	}
	m := len(others)
	corr := func(a, b int) float64 { return c[a*k+b] / math.Sqrt(c[a*k+a]*c[b*k+b]) }
	l := make([]float64, m*m)
	rhs := make([]float64, m)
	for a, ia := range others {
		for b := 0; b <= a; b++ {
			l[a*m+b] = corr(ia, others[b])
		}
		rhs[a] = corr(ia, j)
	}
	kept := make([]bool, m)
	choleskySkip(l, m, defaultCollinearityTol, kept)

	// Forward substitution gives the explained share y'y; back substitution the coefficients.
	share := 1.0
	for a := 0; a < m; a++ {
		if !kept[a] {
			rhs[a] = 0
			continue
		}
		v := rhs[a]
		for b := 0; b < a; b++ {
			v -= l[a*m+b] * rhs[b]
		}
		rhs[a] = v / l[a*m+a]
		share -= rhs[a] * rhs[a]
	}
	if share >= defaultCollinearityTol {
		return share, ""
	}
	for a := m - 1; a >= 0; a-- {
		if !kept[a] {
			continue
		}
		v := rhs[a]
		for b := a + 1; b < m; b++ {
			v -= l[b*m+a] * rhs[b]
		}
		rhs[a] = v / l[a*m+a]
	}
	var terms []string
	for a, col := range others {
		// rhs holds coefficients on the correlation scale; 1e-6 separates the terms of an exact
		// relation from rounding noise.
		if kept[a] && math.Abs(rhs[a]) > 1e-6 {
			coef := rhs[a] * math.Sqrt(c[j*k+j]/c[col*k+col])
			terms = append(terms, fmt.Sprintf("%.6g·%s", coef, names[col]))
		}
	}
	return math.Max(share, 0), fmt.Sprintf("%s is an exact linear combination of other regressors: %s = constant + %s",
		names[j], names[j], strings.Join(terms, " + "))
}

// countDrops summarises dropped rows per reason and column, in order of first appearance.
func countDrops(rows []DroppedRow) []DropCount {
	var out []DropCount
	for _, r := range rows {
		found := false
		for i := range out {
			if out[i].Reason == r.Reason && out[i].Column == r.Column {
				out[i].Rows++
				found = true
				break
			}
		}
		if !found {
			out = append(out, DropCount{Reason: r.Reason, Column: r.Column, Rows: 1})
		}
	}
	return out
}
