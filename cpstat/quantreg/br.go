package quantreg

import (
	"math"
)

// brTolerance is the pivot tolerance of the simplex, machine epsilon to the power 2/3 as in quantreg's
// rq.fit.br. Entries of the entering column at or below it are treated as zero.
var brTolerance = math.Pow(0x1p-52, 2.0/3.0)

// brSolution is the vertex found by brSolve.
type brSolution struct {
	coef      []float64 // length p
	basis     []int     // row indices (0-based) of the p observations with zero residual that define the vertex
	nonUnique bool      // a reduced cost is zero at the optimum, so another vertex may attain the same objective
	deficient bool      // a column could not enter the basis: x is rank deficient and its coefficient is left at 0
	pivots    int       // simplex pivots performed
}

// brTableau is the condensed simplex tableau of Barrodale and Roberts (1974) for the quantile regression
// linear program, in the layout of Koenker and d'Orey (1987, Applied Statistics algorithm AS 229).
//
// Rows 0..m-1 belong to observations, row m is the marginal-cost row. Columns 0..p-1 are the non-basic
// variables and column p holds the values of the basic variables. A label identifies a variable: 1..p is a
// coefficient, p+1..p+m is the residual of observation label-p-1. A positive label means the positive part of
// the residual, a negative label the negative part.
type brTableau struct {
	m, p     int
	width    int       // p + 1
	cell     []float64 // (m+1) × (p+1), row-major
	rowLabel []int     // basic variable of each observation row
	colLabel []int     // non-basic variable of each column
}

func (t *brTableau) at(i, j int) float64     { return t.cell[i*t.width+j] }
func (t *brTableau) set(i, j int, v float64) { t.cell[i*t.width+j] = v }
func (t *brTableau) cost(j int) float64      { return t.cell[t.m*t.width+j] }

// brSolve minimises Σ ρτ(y_i − x_i'b) over b with the Barrodale–Roberts simplex as modified for regression
// quantiles by Koenker and d'Orey (1987). x is n×p row-major and must have full column rank; the caller drops
// dependent columns first. The pivoting rules, including the order in which ties are broken, follow quantreg's
// rqbr routine so that the returned vertex is the one rq(method = "br") returns when the solution is not
// unique.
func brSolve(x []float64, y []float64, n, p int, tau float64) (brSolution, error) {
	if len(x) != n*p || len(y) != n {
		panic("quantreg: brSolve called with mismatched dimensions")
	}
	tab := newBRTableau(x, y, n, p, tau)
	toler := brTolerance
	m := n

	ratios := make([]float64, m)
	rows := make([]int, m)
	firstCol, firstRow, pivots := 0, 0, 0

	// Stage 1 brings every coefficient into the basis. The entering column is the coefficient with the
	// largest absolute marginal cost.
	for pivots+firstCol < p {
		in := -1
		largest := -1.0
		for j := firstCol; j < p; j++ {
			if abs(tab.colLabel[j]) <= p {
				if d := math.Abs(tab.cost(j)); d > largest {
					largest = d
					in = j
				}
			}
		}
		if tab.cost(in) < 0 {
			tab.negateColumn(in)
		}
		out := tab.leavingRow(in, firstRow, firstCol, toler, ratios, rows)
		if out < 0 {
			// The column is linearly dependent on the coefficients already in the basis: park it.
			tab.swapColumns(firstCol, in)
			firstCol++
			continue
		}
		tab.pivot(out, in, firstCol)
		pivots++
		firstRow++
		tab.swapRows(out, pivots-1, firstCol)
	}

	// Stage 2 exchanges residual columns until no marginal cost allows a descent.
	for {
		in := -1
		largest := -math.MaxFloat64
		for j := firstCol; j < p; j++ {
			d := tab.cost(j)
			if d < 0 {
				if d > -2 {
					continue
				}
				d = -d - 2
			}
			if d > largest {
				largest = d
				in = j
			}
		}
		if largest <= toler {
			break
		}
		if tab.cost(in) <= 0 {
			tab.negateColumn(in)
			tab.set(m, in, tab.cost(in)-2)
		}
		out := tab.leavingRow(in, firstRow, firstCol, toler, ratios, rows)
		if out < 0 {
			return brSolution{}, errSimplexBreakdown
		}
		tab.pivot(out, in, firstCol)
		pivots++
	}

	sol := brSolution{coef: make([]float64, p), pivots: pivots}
	for i := 0; i < firstRow; i++ {
		label := tab.rowLabel[i]
		sol.coef[abs(label)-1] = tab.at(i, p) * sign(label)
	}
	for j := firstCol; j < p; j++ {
		sol.basis = append(sol.basis, abs(tab.colLabel[j])-p-1)
	}
	sol.deficient = firstCol > 0
	if firstCol == 0 {
		for j := 0; j < p; j++ {
			d := math.Abs(tab.cost(j))
			if d <= toler || 2-d <= toler {
				sol.nonUnique = true
			}
		}
	}
	return sol, nil
}

// newBRTableau sets up the starting tableau at b = 0: every residual is basic, on the side of its sign.
func newBRTableau(x, y []float64, n, p int, tau float64) *brTableau {
	width := p + 1
	tab := &brTableau{m: n, p: p, width: width, cell: make([]float64, (n+1)*width),
		rowLabel: make([]int, n), colLabel: make([]int, p)}
	for i := 0; i < n; i++ {
		row := tab.cell[i*width : (i+1)*width]
		copy(row, x[i*p:(i+1)*p])
		row[p] = y[i]
		tab.rowLabel[i] = p + i + 1
		if y[i] < 0 {
			for j := range row {
				row[j] = -row[j]
			}
			tab.rowLabel[i] = -tab.rowLabel[i]
		}
	}
	// The marginal cost of coefficient j is twice the negative subgradient of the objective at b = 0:
	// 2 Σ_i x_ij (τ − 1{y_i < 0}), computed on the sign-adjusted rows.
	for j := 0; j < p; j++ {
		var lower, upper float64
		for i := 0; i < n; i++ {
			a := tab.at(i, j)
			if tab.rowLabel[i] > 0 {
				upper += a
			} else {
				lower += 2 * a
				upper -= a
			}
		}
		tab.set(n, j, lower+2*upper*tau)
	}
	tab.colLabelsInit()
	return tab
}

func (t *brTableau) colLabelsInit() {
	for j := range t.colLabel {
		t.colLabel[j] = j + 1
	}
}

// leavingRow chooses the pivot row for entering column in. Candidates are the rows at or after firstRow with
// a positive entry, visited in increasing ratio order. Passing a candidate without pivoting flips the sign of
// its residual and lowers the marginal cost by twice its entry, which is how Barrodale and Roberts step over
// several vertices at once. The pivot is the first candidate at which the marginal cost would no longer stay
// positive. leavingRow returns −1 when the candidates run out.
func (t *brTableau) leavingRow(in, firstRow, firstCol int, toler float64, ratios []float64, rows []int) int {
	p := t.p
	k := 0
	for i := firstRow; i < t.m; i++ {
		if d := t.at(i, in); d > toler {
			ratios[k] = t.at(i, p) / d
			rows[k] = i
			k++
		}
	}
	for k > 0 {
		best, out := 0, -1
		smallest := math.MaxFloat64
		for i := 0; i < k; i++ {
			if ratios[i] < smallest {
				best = i
				smallest = ratios[i]
				out = rows[i]
			}
		}
		// The same swap-with-last removal as AS 229 keeps the tie-breaking order identical.
		ratios[best] = ratios[k-1]
		rows[best] = rows[k-1]
		k--

		pivot := t.at(out, in)
		if t.cost(in)-pivot-pivot <= toler {
			return out
		}
		costRow := t.m * t.width
		outRow := out * t.width
		for j := firstCol; j <= p; j++ {
			d := t.cell[outRow+j]
			t.cell[costRow+j] -= d + d
			t.cell[outRow+j] = -d
		}
		t.rowLabel[out] = -t.rowLabel[out]
	}
	return -1
}

// pivot performs a Gauss–Jordan exchange on cell (out, in) over the active columns firstCol..p.
func (t *brTableau) pivot(out, in, firstCol int) {
	w := t.width
	pv := t.at(out, in)
	outRow := t.cell[out*w : (out+1)*w]
	for j := firstCol; j < w; j++ {
		if j != in {
			outRow[j] /= pv
		}
	}
	for i := 0; i <= t.m; i++ {
		if i == out {
			continue
		}
		row := t.cell[i*w : (i+1)*w]
		d := row[in]
		if d != 0 {
			for j := firstCol; j < w; j++ {
				if j != in {
					row[j] -= d * outRow[j]
				}
			}
		}
		row[in] = -d / pv
	}
	outRow[in] = 1 / pv
	t.rowLabel[out], t.colLabel[in] = t.colLabel[in], t.rowLabel[out]
}

// negateColumn switches column j to the complementary variable (coefficient sign or residual side).
func (t *brTableau) negateColumn(j int) {
	for i := 0; i <= t.m; i++ {
		t.cell[i*t.width+j] = -t.cell[i*t.width+j]
	}
	t.colLabel[j] = -t.colLabel[j]
}

func (t *brTableau) swapColumns(a, b int) {
	if a == b {
		return
	}
	for i := 0; i <= t.m; i++ {
		r := i * t.width
		t.cell[r+a], t.cell[r+b] = t.cell[r+b], t.cell[r+a]
	}
	t.colLabel[a], t.colLabel[b] = t.colLabel[b], t.colLabel[a]
}

// swapRows exchanges two observation rows over the active columns, as AS 229 does to keep the rows of basic
// coefficients first.
func (t *brTableau) swapRows(a, b, firstCol int) {
	if a == b {
		return
	}
	ra, rb := a*t.width, b*t.width
	for j := firstCol; j < t.width; j++ {
		t.cell[ra+j], t.cell[rb+j] = t.cell[rb+j], t.cell[ra+j]
	}
	t.rowLabel[a], t.rowLabel[b] = t.rowLabel[b], t.rowLabel[a]
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func sign(v int) float64 {
	if v < 0 {
		return -1
	}
	return 1
}
