package linreg

import "context"

// recoverFixedEffects solves D α = y − Xβ − u for the fixed-effect values on the estimation sample and
// normalises them as documented on FEValues.
func recoverFixedEffects(ctx context.Context, res *Result, ab *absorber, d *Design, coefColumns []int) ([]FEValues, error) {
	n := res.N
	f := make([]float64, n)
	for r, i := range res.Rows {
		v := d.Y[i] - res.Residuals[r]
		for a, j := range coefColumns {
			if j >= 0 {
				v -= d.X[j][i] * res.Coef[a]
			}
		}
		f[r] = v
	}

	alpha := make([][]float64, len(res.fe))
	w := ab.newWork()
	A := res.fe[ab.a]
	if ab.r > 0 {
		x := append([]float64(nil), f...)
		ab.demeanA(x, w)
		if ab.method == AbsorbExact {
			copy(w.theta, w.z)
			cholSolveSkip(ab.chol, ab.r, ab.kept, w.theta)
		} else if _, err := ab.solveCG(ctx, "fixed effects", w); err != nil {
			return nil, err
		}
		for k, dim := range ab.rdims {
			alpha[dim] = append([]float64(nil), w.theta[ab.off[k]:ab.off[k]+res.fe[dim].levels]...)
		}
		for i := range f {
			f[i] -= ab.rowEffect(w.theta, i)
		}
	}
	sum := make([]float64, A.levels)
	ab.groupMeans(f, sum)
	alpha[ab.a] = sum

	normaliseFixedEffects(res.fe, alpha)
	out := make([]FEValues, len(res.fe))
	for dim, fe := range res.fe {
		out[dim] = FEValues{Name: fe.name, Codes: fe.orig, Values: alpha[dim]}
	}
	return out, nil
}

// normaliseFixedEffects moves the constant into the first dimension. In each connected component of the
// first two dimensions, the second dimension's lowest-code level is set to 0. Every later dimension has
// its lowest-code level set to 0 as well. Row sums Σ_d α_d are unchanged.
func normaliseFixedEffects(dims []feDim, alpha [][]float64) {
	if len(dims) < 2 {
		return
	}
	_, uf, off := components(dims, []int{0, 1})
	// Levels are in ascending code order, so the first level met in each component has the lowest code.
	shift := map[int32]float64{}
	for l := 0; l < dims[1].levels; l++ {
		root := uf.find(int32(off[1] + l))
		s, seen := shift[root]
		if !seen {
			s = alpha[1][l]
			shift[root] = s
		}
		alpha[1][l] -= s
	}
	for g := range alpha[0] {
		alpha[0][g] += shift[uf.find(int32(g))]
	}
	for d := 2; d < len(dims); d++ {
		s := alpha[d][0]
		for l := range alpha[d] {
			alpha[d][l] -= s
		}
		for g := range alpha[0] {
			alpha[0][g] += s
		}
	}
}
