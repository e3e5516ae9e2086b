package gmm

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// arTest computes the Arellano–Bond statistic of the given order from the first-differenced residuals
// r = Δy − ΔX b and their lag w (r at the period `order` earlier in the same unit, 0 when absent):
//
//	m = Σ_i r_i'w_i / sqrt(Σ_i (r_i'w_i)² − 2 w'X B X'Z A Σ_i Z_i'u_i (r_i'w_i) + w'X V X'w),
//
// where w'X = Σ_i w_i'ΔX_i, u_i are the unit's residuals in the transformed equations (its level-equation
// residuals set to zero, as pgmm's mtest does), B and A are the bread and weight of the final step and V is the
// covariance in use.
//
// NOTE: with orthogonal deviations u_i are deviation residuals while r_i are differenced residuals. The formula
// follows the derivation for that case but has not been compared with xtabond2's output.
func (f *fitter) arTest(order int, b *mat.VecDense, vcov, bFinal, aFinal *mat.SymDense) ARTest {
	t := ARTest{Order: order, Statistic: math.NaN(), PValue: math.NaN()}
	num, eve, pairs := 0.0, 0.0, 0
	ex := mat.NewVecDense(f.K, nil)
	zve := mat.NewVecDense(f.L, nil)
	for ui := range f.d.units {
		u := &f.d.units[ui]
		if len(u.arPeriods) == 0 {
			continue
		}
		var xb mat.VecDense
		xb.MulVec(u.arX, b)
		r := make([]float64, len(u.arPeriods))
		index := make(map[int]int, len(r))
		for j, p := range u.arPeriods {
			r[j] = u.arY[j] - xb.AtVec(j)
			index[p] = j
		}
		w := make([]float64, len(r))
		rw := 0.0
		for j, p := range u.arPeriods {
			if l, ok := index[p-order]; ok {
				w[j] = r[l]
				rw += r[j] * w[j]
				pairs++
			}
		}
		num += rw
		eve += rw * rw
		var wx mat.VecDense
		wx.MulVec(u.arX.T(), mat.NewVecDense(len(w), w))
		ex.AddVec(ex, &wx)

		e := residuals(u, b)
		for j, row := range u.rows {
			if row.kind != transformedRow {
				e[j] = 0
			}
		}
		var ze mat.VecDense
		ze.MulVec(u.Z.T(), mat.NewVecDense(len(e), e))
		zve.AddScaledVec(zve, rw, &ze)
	}
	if pairs == 0 {
		t.Reason = fmt.Sprintf("no unit has two first-differenced residuals %d periods apart, so the panel is too short for AR(%d)", order, order)
		return t
	}

	// Middle term: ex' B X'Z A zve.
	var azve, zxazve, bzx mat.VecDense
	azve.MulVec(aFinal, zve)
	zxazve.MulVec(f.zx.T(), &azve)
	bzx.MulVec(bFinal, &zxazve)
	denom := eve - 2*mat.Dot(ex, &bzx) + quadForm(ex, vcov)
	if !(denom > 0) {
		t.Reason = fmt.Sprintf("the variance of the AR(%d) numerator is estimated as %g, not positive", order, denom)
		return t
	}
	t.Statistic = num / math.Sqrt(denom)
	t.PValue = 2 * distuv.UnitNormal.Survival(math.Abs(t.Statistic))
	return t
}

// diffHansen computes the difference-in-Hansen test of every instrument group. The full model's J is that of
// the two-step estimate coef2 with weight A2 = S⁻¹. The model without a group is re-estimated with the weight
// (S_rr)⁻¹, where S_rr is S restricted to the remaining instruments.
func (f *fitter) diffHansen(coef2 *mat.VecDense) []DiffHansenTest {
	jFull := quadForm(f.moments(coef2), f.a2)
	var out []DiffHansenTest
	for _, g := range f.d.groups {
		test := DiffHansenTest{Group: g.Name}
		inGroup := make([]bool, f.L)
		for _, c := range g.Columns {
			inGroup[c] = true
		}
		var keep []int
		for c := range f.L {
			if !inGroup[c] {
				keep = append(keep, c)
			}
		}
		nan := ChiSquareTest{Statistic: math.NaN(), PValue: math.NaN()}
		test.Excluded, test.Difference = nan, nan
		test.Excluded.DF = len(keep) - f.K
		test.Difference.DF = f.L - len(keep)
		if len(keep) <= f.K {
			reason := fmt.Sprintf("without this group %d instruments remain for %d coefficients, so the model is not overidentified", len(keep), f.K)
			test.Excluded.Reason, test.Difference.Reason = reason, reason
			out = append(out, test)
			continue
		}
		ar, generalized := inversePSD(subSym(f.s, keep), f.opts.SingularTol)
		zxr := subRows(f.zx, keep)
		br, ok := bread(zxr, ar)
		if !ok {
			reason := "without this group X'Z A Z'X is singular, so the remaining instruments do not identify the model"
			test.Excluded.Reason, test.Difference.Reason = reason, reason
			out = append(out, test)
			continue
		}
		zyr := subVec(f.zy, keep)
		coef := gmmSolve(br, zxr, ar, zyr)
		var zxb, z mat.VecDense
		zxb.MulVec(zxr, coef)
		z.SubVec(zyr, &zxb)
		jr := quadForm(&z, ar)
		test.Excluded = chiSquare(jr, len(keep)-f.K)
		test.Difference = chiSquare(jFull-jr, f.L-len(keep))
		if generalized {
			test.Excluded.Reason = "computed with a generalized inverse of the singular moment covariance"
			test.Difference.Reason = test.Excluded.Reason
		}
		out = append(out, test)
	}
	return out
}
