package linreg

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// twoSidedP returns P(|T| > |t|) for Student's t with df degrees of freedom, or for the standard normal
// when df is +Inf. The t tail is the regularised incomplete beta I_{df/(df+t²)}(df/2, 1/2), which keeps
// full relative precision far in the tail, where 1 − CDF would round to 0.
func twoSidedP(t, df float64) float64 {
	if math.IsNaN(t) || math.IsNaN(df) {
		return math.NaN()
	}
	if math.IsInf(df, 1) {
		return math.Erfc(math.Abs(t) / math.Sqrt2)
	}
	if math.IsInf(t, 0) {
		return 0
	}
	return mathext.RegIncBeta(df/2, 0.5, df/(df+t*t))
}

// fSurvival returns P(F > f) for the F distribution with (d1, d2) degrees of freedom, or for χ²(d1)/d1
// when d2 is +Inf.
func fSurvival(f, d1, d2 float64) float64 {
	if math.IsNaN(f) {
		return math.NaN()
	}
	if f <= 0 {
		return 1
	}
	if math.IsInf(d2, 1) {
		return mathext.GammaIncRegComp(d1/2, d1*f/2)
	}
	return mathext.RegIncBeta(d2/2, d1/2, d2/(d2+d1*f))
}

// criticalValue returns the two-sided critical value for confidence level, from Student's t with df
// degrees of freedom or the standard normal when df is +Inf.
func criticalValue(level, df float64) float64 {
	p := 1 - (1-level)/2
	if math.IsInf(df, 1) {
		return distuv.UnitNormal.Quantile(p)
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}
