package linreg

import (
	"context"
	"math"

	"gonum.org/v1/gonum/floats"
)

// absorber removes the fixed effects from columns: it maps x to M_D x, the residual of x after least
// squares on all fixed-effect dummies D = [D_A D_R].
//
// The largest dimension A is partialled out by group demeaning (M_A). The remaining dimensions R enter
// through the reduced normal equations of Frisch–Waugh–Lovell:
//
//	S θ = z,  S = D_R' M_A D_R  (R×R),  z = D_R' M_A x,
//	M_D x = M_A x − M_A D_R θ.
//
// S is singular: every connected component of the fixed-effect graph and every dimension beyond the
// second can add a redundant direction. Any solution θ gives the same M_D x. The exact method factorises
// S by an in-order Cholesky decomposition that skips pivots below pivotTol times their diagonal, so the
// skipped levels act as references fixed at 0 and the number of kept pivots is rank(S). The iterative
// method runs conjugate gradients preconditioned by the level counts, applying S in two passes over the
// rows without forming it.
type absorber struct {
	dims   []feDim
	a      int   // index of the dimension partialled out by demeaning
	rdims  []int // indices of the other dimensions
	off    []int // offset of each of rdims in the reduced vector
	r      int   // length of the reduced vector
	method AbsorbMethod

	chol []float64 // exact: R×R row-major Cholesky factor, zero rows and columns at skipped pivots
	kept []bool    // exact: pivot kept
	rank int       // exact: rank(S)

	tol     float64
	maxIter int
}

// pivotTol is the relative size below which a pivot of S counts as zero. Pivots of redundant levels are
// rounding noise, near 1e-15 of their diagonal. In the package tests, including a worker–firm panel
// with rare moves, the rank found this way equals L1 + L2 − C from the connected components.
const pivotTol = 1e-9

func newAbsorber(dims []feDim, opt AbsorbOptions) *absorber {
	ab := &absorber{dims: dims, tol: opt.Tol, maxIter: opt.MaxIter}
	if len(dims) == 0 {
		return ab
	}
	for d := range dims {
		if dims[d].levels > dims[ab.a].levels {
			ab.a = d
		}
	}
	for d := range dims {
		if d != ab.a {
			ab.rdims = append(ab.rdims, d)
			ab.off = append(ab.off, ab.r)
			ab.r += dims[d].levels
		}
	}
	ab.method = opt.Method
	if len(dims) == 1 {
		ab.method = AbsorbExact
	} else if ab.method == AbsorbAuto {
		ab.method = AbsorbIterative
		if ab.r <= opt.ExactMaxLevels {
			ab.method = AbsorbExact
		}
	}
	if ab.method == AbsorbExact && len(dims) > 1 {
		ab.factorise()
	}
	return ab
}

// factorise builds S = D_R'D_R − Σ_g c_g c_g'/n_g, where c_g counts the rows of A-group g in each
// reduced level, and factorises it.
func (ab *absorber) factorise() {
	R := ab.r
	s := make([]float64, R*R)
	A := ab.dims[ab.a]
	n := len(A.codes)

	for k, d := range ab.rdims {
		for l, c := range ab.dims[d].counts {
			u := ab.off[k] + l
			s[u*R+u] += float64(c)
		}
	}
	// Cross-tabulations between reduced dimensions (three or more fixed effects).
	for k1 := range ab.rdims {
		for k2 := 0; k2 < k1; k2++ {
			c1, c2 := ab.dims[ab.rdims[k1]].codes, ab.dims[ab.rdims[k2]].codes
			o1, o2 := ab.off[k1], ab.off[k2]
			for i := 0; i < n; i++ {
				s[(o1+int(c1[i]))*R+o2+int(c2[i])]++
			}
		}
	}

	// Group rows by A (a counting sort unless the rows already come grouped, as panels sorted by entity
	// do), then subtract c_g c_g'/n_g from the lower triangle, visiting each pair of levels once.
	start := make([]int, A.levels+1)
	for l, c := range A.counts {
		start[l+1] = start[l] + int(c)
	}
	sorted := true
	for i := 1; i < n; i++ {
		if A.codes[i] < A.codes[i-1] {
			sorted = false
			break
		}
	}
	var order []int32
	if !sorted {
		pos := append([]int(nil), start[:A.levels]...)
		order = make([]int32, n)
		for i, g := range A.codes {
			order[pos[g]] = int32(i)
			pos[g]++
		}
	}
	// Groups with the same levels and counts (all groups of a balanced panel) share one outer product,
	// weighted by Σ 1/n_g, which turns the cost from Σ_g nnz_g² into one pass plus one product per
	// distinct pattern.
	tmp := make([]float64, R)
	var touched []int
	var patterns []countPattern
	index := map[uint64]int{}
	for g := 0; g < A.levels; g++ {
		touched = touched[:0]
		for r := start[g]; r < start[g+1]; r++ {
			i := r
			if order != nil {
				i = int(order[r])
			}
			for k, d := range ab.rdims {
				u := ab.off[k] + int(ab.dims[d].codes[i])
				if tmp[u] == 0 {
					touched = append(touched, u)
				}
				tmp[u]++
			}
		}
		weight := 1 / float64(start[g+1]-start[g])
		h := patternHash(touched, tmp)
		if p, ok := index[h]; ok && patterns[p].matches(touched, tmp) {
			patterns[p].weight += weight
		} else if !ok {
			index[h] = len(patterns)
			patterns = append(patterns, newCountPattern(touched, tmp, weight))
		} else {
			// A hash collision with a different pattern: subtract this group directly.
			subtractOuter(s, R, newCountPattern(touched, tmp, weight))
		}
		for _, u := range touched {
			tmp[u] = 0
		}
	}
	for _, p := range patterns {
		subtractOuter(s, R, p)
	}

	ab.kept = make([]bool, R)
	ab.chol = choleskySkip(s, R, pivotTol, ab.kept)
	for _, k := range ab.kept {
		if k {
			ab.rank++
		}
	}
}

// countPattern is the vector of row counts per reduced level shared by one or more A-groups, with the
// sum of their 1/n_g.
type countPattern struct {
	levels []int
	counts []float64
	weight float64
}

func newCountPattern(touched []int, tmp []float64, weight float64) countPattern {
	p := countPattern{levels: append([]int(nil), touched...), counts: make([]float64, len(touched)), weight: weight}
	for a, u := range touched {
		p.counts[a] = tmp[u]
	}
	return p
}

func (p countPattern) matches(touched []int, tmp []float64) bool {
	if len(touched) != len(p.levels) {
		return false
	}
	for a, u := range touched {
		if p.levels[a] != u || p.counts[a] != tmp[u] {
			return false
		}
	}
	return true
}

// patternHash is FNV-1a over the touched levels and their counts.
func patternHash(touched []int, tmp []float64) uint64 {
	h := uint64(14695981039346656037)
	for _, u := range touched {
		h = (h ^ uint64(u)) * 1099511628211
		h = (h ^ math.Float64bits(tmp[u])) * 1099511628211
	}
	return h
}

// subtractOuter subtracts weight · c c' from the lower triangle of s (R×R), visiting each pair once.
func subtractOuter(s []float64, R int, p countPattern) {
	for a, u := range p.levels {
		cu := p.counts[a] * p.weight
		for b, v := range p.levels[:a+1] {
			if v <= u {
				s[u*R+v] -= cu * p.counts[b]
			} else {
				s[v*R+u] -= cu * p.counts[b]
			}
		}
	}
}

// choleskySkip factorises the symmetric matrix whose lower triangle is in a (n×n, row-major) in place,
// column by column. A pivot below tol times its original diagonal entry is skipped: kept[j] is false and
// row and column j of the factor are zero. It returns a.
func choleskySkip(a []float64, n int, tol float64, kept []bool) []float64 {
	for j := 0; j < n; j++ {
		rowJ := a[j*n : j*n+j]
		diag := a[j*n+j]
		d := diag
		for _, v := range rowJ {
			d -= v * v
		}
		if !(d > tol*math.Abs(diag)) || diag <= 0 {
			kept[j] = false
			a[j*n+j] = 0
			for l := range rowJ {
				rowJ[l] = 0
			}
			for i := j + 1; i < n; i++ {
				a[i*n+j] = 0
			}
			continue
		}
		kept[j] = true
		ljj := math.Sqrt(d)
		a[j*n+j] = ljj
		for i := j + 1; i < n; i++ {
			rowI := a[i*n : i*n+j]
			v := a[i*n+j]
			for l, w := range rowJ {
				v -= rowI[l] * w
			}
			a[i*n+j] = v / ljj
		}
	}
	// Clear the strict upper triangle, which held input values only.
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a[i*n+j] = 0
		}
	}
	return a
}

// cholSolveSkip solves L L' x = b in place for the factor from choleskySkip; skipped entries are 0.
func cholSolveSkip(l []float64, n int, kept []bool, b []float64) {
	for j := 0; j < n; j++ {
		if !kept[j] {
			b[j] = 0
			continue
		}
		v := b[j]
		row := l[j*n : j*n+j]
		for k, w := range row {
			v -= w * b[k]
		}
		b[j] = v / l[j*n+j]
	}
	for j := n - 1; j >= 0; j-- {
		if !kept[j] {
			b[j] = 0
			continue
		}
		v := b[j]
		for i := j + 1; i < n; i++ {
			v -= l[i*n+j] * b[i]
		}
		b[j] = v / l[j*n+j]
	}
}

// absorbWork is the scratch memory of one column transformation.
type absorbWork struct {
	sumA  []float64
	z     []float64
	theta []float64
	r     []float64
	p     []float64
	q     []float64
	w     []float64
}

func (ab *absorber) newWork() *absorbWork {
	w := &absorbWork{sumA: make([]float64, ab.dims[ab.a].levels)}
	if ab.r > 0 {
		w.z = make([]float64, ab.r)
		w.theta = make([]float64, ab.r)
		if ab.method == AbsorbIterative {
			w.r = make([]float64, ab.r)
			w.p = make([]float64, ab.r)
			w.q = make([]float64, ab.r)
			w.w = make([]float64, ab.r)
		}
	}
	return w
}

// groupMeans sets sum to the A-group means of x.
func (ab *absorber) groupMeans(x, sum []float64) {
	A := ab.dims[ab.a]
	for l := range sum {
		sum[l] = 0
	}
	for i, g := range A.codes {
		sum[g] += x[i]
	}
	for l, c := range A.counts {
		sum[l] /= float64(c)
	}
}

// demeanA replaces x by M_A x and, when there are reduced dimensions, sets w.z = D_R' M_A x.
func (ab *absorber) demeanA(x []float64, w *absorbWork) {
	A := ab.dims[ab.a]
	mean := w.sumA
	ab.groupMeans(x, mean)
	switch len(ab.rdims) {
	case 0:
		for i, g := range A.codes {
			x[i] -= mean[g]
		}
	case 1:
		// Two dimensions, the common case, without the inner loop over dimensions.
		z := w.z
		for u := range z {
			z[u] = 0
		}
		codes := ab.dims[ab.rdims[0]].codes
		for i, g := range A.codes {
			v := x[i] - mean[g]
			x[i] = v
			z[codes[i]] += v
		}
	default:
		z := w.z
		for u := range z {
			z[u] = 0
		}
		for i, g := range A.codes {
			v := x[i] - mean[g]
			x[i] = v
			for k, d := range ab.rdims {
				z[ab.off[k]+int(ab.dims[d].codes[i])] += v
			}
		}
	}
}

// rowEffect returns Σ_d θ[level of row i in d] over the reduced dimensions.
func (ab *absorber) rowEffect(theta []float64, i int) float64 {
	v := 0.0
	for k, d := range ab.rdims {
		v += theta[ab.off[k]+int(ab.dims[d].codes[i])]
	}
	return v
}

// effectMeans sets w.sumA to the A-group means of D_R θ.
func (ab *absorber) effectMeans(theta []float64, w *absorbWork) {
	A := ab.dims[ab.a]
	sum := w.sumA
	for l := range sum {
		sum[l] = 0
	}
	if len(ab.rdims) == 1 {
		codes := ab.dims[ab.rdims[0]].codes
		for i, g := range A.codes {
			sum[g] += theta[codes[i]]
		}
	} else {
		for i, g := range A.codes {
			sum[g] += ab.rowEffect(theta, i)
		}
	}
	for l, c := range A.counts {
		sum[l] /= float64(c)
	}
}

// subtractEffect replaces x by x − M_A D_R θ.
func (ab *absorber) subtractEffect(x, theta []float64, w *absorbWork) {
	ab.effectMeans(theta, w)
	A := ab.dims[ab.a]
	mean := w.sumA
	if len(ab.rdims) == 1 {
		codes := ab.dims[ab.rdims[0]].codes
		for i, g := range A.codes {
			x[i] -= theta[codes[i]] - mean[g]
		}
		return
	}
	for i, g := range A.codes {
		x[i] -= ab.rowEffect(theta, i) - mean[g]
	}
}

// applyS sets out = S v = D_R' M_A D_R v, in two passes over the rows.
func (ab *absorber) applyS(v, out []float64, w *absorbWork) {
	ab.effectMeans(v, w)
	for u := range out {
		out[u] = 0
	}
	A := ab.dims[ab.a]
	mean := w.sumA
	if len(ab.rdims) == 1 {
		codes := ab.dims[ab.rdims[0]].codes
		for i, g := range A.codes {
			out[codes[i]] += v[codes[i]] - mean[g]
		}
		return
	}
	for i, g := range A.codes {
		t := ab.rowEffect(v, i) - mean[g]
		for k, d := range ab.rdims {
			out[ab.off[k]+int(ab.dims[d].codes[i])] += t
		}
	}
}

// transform replaces x by M_D x and returns the conjugate-gradient iterations used (0 for the exact
// method).
func (ab *absorber) transform(ctx context.Context, name string, x []float64, w *absorbWork) (int, error) {
	if len(ab.dims) == 0 {
		return 0, nil
	}
	ab.demeanA(x, w)
	if ab.r == 0 {
		return 0, nil
	}
	iters := 0
	if ab.method == AbsorbExact {
		copy(w.theta, w.z)
		cholSolveSkip(ab.chol, ab.r, ab.kept, w.theta)
	} else {
		var err error
		iters, err = ab.solveCG(ctx, name, w)
		if err != nil {
			return iters, err
		}
	}
	ab.subtractEffect(x, w.theta, w)
	return iters, nil
}

// solveCG solves S θ = z by conjugate gradients with the Jacobi preconditioner diag(D_R'D_R), the level
// counts. It stops when ‖z − Sθ‖ ≤ tol·‖z‖, checked on a freshly computed residual.
func (ab *absorber) solveCG(ctx context.Context, name string, w *absorbWork) (int, error) {
	z, theta, r, p, q, pre := w.z, w.theta, w.r, w.p, w.q, w.w
	for k, d := range ab.rdims {
		for l, c := range ab.dims[d].counts {
			pre[ab.off[k]+l] = 1 / float64(c)
		}
	}
	for u := range theta {
		theta[u] = 0
	}
	zNorm := norm2(z)
	if zNorm == 0 {
		return 0, nil
	}

	copy(r, z)
	rz := 0.0
	for u := range p {
		p[u] = pre[u] * r[u]
		rz += r[u] * p[u]
	}
	rel := 1.0
	it := 0
	for it < ab.maxIter {
		it++
		if it%16 == 0 {
			if err := ctx.Err(); err != nil {
				return it, err
			}
		}

		ab.applyS(p, q, w)
		pq := dot(p, q)
		if !(pq > 0) {
			// The search direction lies in the null space of S: nothing is left to reduce.
			break
		}
		alpha := rz / pq
		for u := range theta {
			theta[u] += alpha * p[u]
			r[u] -= alpha * q[u]
		}

		rel = norm2(r) / zNorm
		if rel <= ab.tol {
			// Confirm on the true residual, which the recursion can drift away from.
			rel = ab.trueResidual(w, zNorm)
			if rel <= ab.tol {
				return it, nil
			}
			rz = 0
			for u := range p {
				p[u] = pre[u] * r[u]
				rz += r[u] * p[u]
			}
			continue
		}

		rzNew := 0.0
		for u := range r {
			rzNew += r[u] * pre[u] * r[u]
		}
		beta := rzNew / rz
		rz = rzNew
		for u := range p {
			p[u] = pre[u]*r[u] + beta*p[u]
		}
	}

	// A breakdown with a small residual is convergence in finite precision.
	if rel = ab.trueResidual(w, zNorm); rel <= ab.tol {
		return it, nil
	}
	return it, &ConvergenceError{Column: name, Iterations: it, Residual: rel, Tol: ab.tol}
}

// trueResidual sets w.r = z − Sθ and returns ‖w.r‖/zNorm.
func (ab *absorber) trueResidual(w *absorbWork, zNorm float64) float64 {
	ab.applyS(w.theta, w.q, w)
	for u := range w.r {
		w.r[u] = w.z[u] - w.q[u]
	}
	return norm2(w.r) / zNorm
}

func dot(a, b []float64) float64 { return floats.Dot(a, b) }

func norm2(a []float64) float64 { return math.Sqrt(dot(a, a)) }
