package gmm

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// inversePSD inverts the symmetric positive semi-definite matrix a. When the smallest eigenvalue of a is below
// tol (pgmm's test), or the Cholesky factorization fails, it returns the Moore–Penrose inverse instead, built
// from the eigenvalues above sqrt(machine epsilon) times the largest one (the cut-off of R's MASS::ginv), and
// generalized is true.
func inversePSD(a *mat.SymDense, tol float64) (inv *mat.SymDense, generalized bool) {
	n := a.SymmetricDim()
	var eig mat.EigenSym
	if eig.Factorize(a, true) {
		values := eig.Values(nil)
		smallest := math.Inf(1)
		for _, v := range values {
			smallest = min(smallest, v)
		}
		if smallest >= tol {
			var chol mat.Cholesky
			if chol.Factorize(a) {
				inv = mat.NewSymDense(n, nil)
				if err := chol.InverseTo(inv); err == nil {
					return inv, false
				}
			}
		}
		var vectors mat.Dense
		eig.VectorsTo(&vectors)
		return pseudoInverse(values, &vectors), true
	}
	// The symmetric eigensolver failed, which happens only with NaN or infinite entries. Return NaNs so that
	// every statistic built on the inverse shows the failure.
	inv = mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			inv.SetSym(i, j, math.NaN())
		}
	}
	return inv, true
}

// pseudoInverse returns Σ_j v_j v_j'/λ_j over the eigenpairs with |λ_j| above the MASS::ginv cut-off.
func pseudoInverse(values []float64, vectors *mat.Dense) *mat.SymDense {
	n := len(values)
	largest := 0.0
	for _, v := range values {
		largest = max(largest, math.Abs(v))
	}
	cut := math.Sqrt(2.220446049250313e-16) * largest
	inv := mat.NewSymDense(n, nil)
	for j, v := range values {
		if math.Abs(v) <= cut {
			continue
		}
		for r := range n {
			vr := vectors.At(r, j) / v
			for c := r; c < n; c++ {
				inv.SetSym(r, c, inv.At(r, c)+vr*vectors.At(c, j))
			}
		}
	}
	return inv
}

// bread returns (M' A M)⁻¹ for the L × K matrix M and the L × L weight A, or ok = false when it is singular.
func bread(m *mat.Dense, a *mat.SymDense) (*mat.SymDense, bool) {
	var am mat.Dense
	am.Mul(a, m)
	var mam mat.Dense
	mam.Mul(m.T(), &am)
	sym := symmetrize(&mam)
	var chol mat.Cholesky
	if !chol.Factorize(sym) {
		return nil, false
	}
	_, k := m.Dims()
	inv := mat.NewSymDense(k, nil)
	if err := chol.InverseTo(inv); err != nil {
		return nil, false
	}
	return inv, true
}

// gmmSolve returns b = B M' A v, the GMM estimate for the bread B = (M'AM)⁻¹, with M = Z'X and v = Z'y.
func gmmSolve(b *mat.SymDense, m *mat.Dense, a *mat.SymDense, v *mat.VecDense) *mat.VecDense {
	var av mat.VecDense
	av.MulVec(a, v)
	var mav mat.VecDense
	mav.MulVec(m.T(), &av)
	var out mat.VecDense
	out.MulVec(b, &mav)
	return &out
}

// symmetrize returns (m + m')/2 as a SymDense, removing rounding asymmetry.
func symmetrize(m mat.Matrix) *mat.SymDense {
	n, _ := m.Dims()
	s := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			s.SetSym(i, j, (m.At(i, j)+m.At(j, i))/2)
		}
	}
	return s
}

// sandwich returns B M B for symmetric B and M.
func sandwich(b, m mat.Matrix) *mat.SymDense {
	var bm, bmb mat.Dense
	bm.Mul(b, m)
	bmb.Mul(&bm, b)
	return symmetrize(&bmb)
}

// quadForm returns v' A v.
func quadForm(v mat.Vector, a mat.Matrix) float64 {
	var av mat.VecDense
	av.MulVec(a, v)
	return mat.Dot(v, &av)
}

// subSym returns the rows and columns idx of a.
func subSym(a *mat.SymDense, idx []int) *mat.SymDense {
	s := mat.NewSymDense(len(idx), nil)
	for i, r := range idx {
		for j := i; j < len(idx); j++ {
			s.SetSym(i, j, a.At(r, idx[j]))
		}
	}
	return s
}

// subRows returns the rows idx of m.
func subRows(m *mat.Dense, idx []int) *mat.Dense {
	_, c := m.Dims()
	out := mat.NewDense(len(idx), c, nil)
	for i, r := range idx {
		out.SetRow(i, m.RawRowView(r))
	}
	return out
}

// subVec returns the elements idx of v.
func subVec(v *mat.VecDense, idx []int) *mat.VecDense {
	out := mat.NewVecDense(len(idx), nil)
	for i, r := range idx {
		out.SetVec(i, v.AtVec(r))
	}
	return out
}
