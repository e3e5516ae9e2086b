package cpstat

import (
	"fmt"
	"math"
)

// clearZeroStdErrors replaces standard errors that measure no precision with NaN, along with the
// coefficient's statistic, p-value and interval, and notes why. That is every standard error of
// exactly 0 (clustered scores that sum to 0 in every cluster, or residuals that are all 0), and every
// standard error of a perfect fit, whose RSS is at most 1e-24 of TSS and whose standard errors are
// rounding noise such as 1e-16 with t statistics of 1e15.
func (r *Result) clearZeroStdErrors() {
	perfectFit := r.RSS <= 1e-24*r.TSS
	cleared := func(c *Coefficient) bool {
		if c == nil || (c.StdError != 0 && !perfectFit) || math.IsNaN(c.StdError) {
			return false
		}
		c.StdError, c.Statistic, c.PValue = math.NaN(), math.NaN(), math.NaN()
		c.ConfLow, c.ConfHigh = math.NaN(), math.NaN()
		return true
	}
	var terms []string
	for j := range r.Coefficients {
		if cleared(&r.Coefficients[j]) {
			terms = append(terms, r.Coefficients[j].Term)
		}
	}
	if cleared(r.Cons) {
		terms = append(terms, r.Cons.Term)
	}
	if len(terms) == 0 {
		return
	}
	r.Notes = append(r.Notes, fmt.Sprintf("the estimated variance of %s is 0 up to rounding (RSS = %.3g of "+
		"TSS = %.3g: a perfect fit, or clustered scores that vanish), so their standard errors are not "+
		"identified and are NaN; check for an outcome that the regressors determine exactly or for too "+
		"few rows per cluster", quoteList(terms), r.RSS, r.TSS))
}
