package quantreg

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// maxUniquenessDirections caps the number of candidate directions the uniqueness check evaluates. A
// degenerate vertex with z zero residuals has C(z, p−1) candidates; beyond the cap the check is skipped.
const maxUniquenessDirections = 20000

// uniquenessStatus is the outcome of checkUniqueness.
type uniquenessStatus int

const (
	solutionUnique uniquenessStatus = iota
	solutionNonUnique
	uniquenessUnchecked // too many candidate directions
)

// checkUniqueness decides whether the optimal vertex b is the only minimiser of R(b) = Σ ρτ(y_i − x_i'b).
//
// At an optimum every directional derivative R'(b; d) is ≥ 0, and the minimiser is unique exactly when
// R'(b; d) > 0 for every d ≠ 0. R' is convex, positively homogeneous and linear on each cone cut out by the
// hyperplanes x_i'd = 0 of the zero-residual rows Z, so its zero set, if not {0}, contains an extreme ray of
// one of those cones: a direction orthogonal to p−1 linearly independent rows of Z. The check evaluates R'
// along ± each such direction, which at a non-degenerate vertex are the 2p edges of the simplex.
//
// The zero rows are the basis rows plus every row with |residual| < sqrt(machine epsilon).
func checkUniqueness(x, resid []float64, basis []int, n, p int, tau float64) uniquenessStatus {
	isZero := make([]bool, n)
	for _, i := range basis {
		isZero[i] = true
	}
	var zero []int
	for i := 0; i < n; i++ {
		if isZero[i] || math.Abs(resid[i]) < zeroResidualTolerance {
			isZero[i] = true
			zero = append(zero, i)
		}
	}
	if binomialExceeds(len(zero), p-1, maxUniquenessDirections) {
		return uniquenessUnchecked
	}

	d := make([]float64, p)
	subset := make([]int, p-1)
	for i := range subset {
		subset[i] = i
	}
	for {
		if nullDirection(x, zero, subset, p, d) {
			for _, s := range []float64{1, -1} {
				if directionalDerivativeIsZero(x, resid, isZero, n, p, tau, d, s) {
					return solutionNonUnique
				}
			}
		}
		if !nextCombination(subset, len(zero)) {
			return solutionUnique
		}
	}
}

// nullDirection stores in d a unit vector orthogonal to the rows x_{zero[k]}, k in subset, and reports
// whether those rows are linearly independent (so that the direction is unique up to sign).
func nullDirection(x []float64, zero, subset []int, p int, d []float64) bool {
	if p == 1 {
		d[0] = 1
		return true
	}
	a := mat.NewDense(p-1, p, nil)
	for k, idx := range subset {
		i := zero[idx]
		a.SetRow(k, x[i*p:(i+1)*p])
	}
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDFullV) {
		return false
	}
	values := svd.Values(nil)
	if values[len(values)-1] <= 1e-10*values[0] {
		return false
	}
	var v mat.Dense
	svd.VTo(&v)
	for j := 0; j < p; j++ {
		d[j] = v.At(j, p-1)
	}
	return true
}

// directionalDerivativeIsZero evaluates R'(b; s·d) relative to Σ|x_i'd|. The residual of row i changes at
// rate −s·x_i'd. A zero residual adds τ per unit it rises and 1 − τ per unit it falls.
func directionalDerivativeIsZero(x, resid []float64, isZero []bool, n, p int, tau float64, d []float64, s float64) bool {
	var deriv, scale float64
	for i := 0; i < n; i++ {
		var xd float64
		for j := 0; j < p; j++ {
			xd += x[i*p+j] * d[j]
		}
		change := -s * xd
		scale += math.Abs(change)
		switch r := resid[i]; {
		case isZero[i]:
			if change > 0 {
				deriv += tau * change
			} else {
				deriv -= (1 - tau) * change
			}
		case r > 0:
			deriv += tau * change
		default:
			deriv -= (1 - tau) * change
		}
	}
	return deriv <= 1e-10*scale
}

// nextCombination advances subset (sorted indices into 0..n-1) to the next k-combination in lexicographic
// order and reports false after the last one.
func nextCombination(subset []int, n int) bool {
	k := len(subset)
	for i := k - 1; i >= 0; i-- {
		if subset[i] < n-k+i {
			subset[i]++
			for j := i + 1; j < k; j++ {
				subset[j] = subset[j-1] + 1
			}
			return true
		}
	}
	return false
}

// binomialExceeds reports whether C(n, k) > limit without overflow.
func binomialExceeds(n, k, limit int) bool {
	if k < 0 || k > n {
		return false
	}
	c := 1.0
	for i := 1; i <= k; i++ {
		c = c * float64(n-k+i) / float64(i)
		if c > float64(limit) {
			return true
		}
	}
	return false
}
