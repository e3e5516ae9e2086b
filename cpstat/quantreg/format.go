package quantreg

import (
	"fmt"
	"strings"

	"github.com/cpstat/cpstat/internal/textcol"
)

// padName pads a coefficient name to 16 terminal columns, counting a Chinese character as two.
func padName(name string) string {
	return name + strings.Repeat(" ", max(0, 16-textcol.Width(name)))
}

// String formats the coefficient table of summary.rq: value, standard error, t value and p-value per
// coefficient, followed by the notes.
func (inf *Inference) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "standard errors: %v, df = %d\n", inf.Method, inf.DF)
	fmt.Fprintf(&b, "%-16s %14s %14s %10s %10s\n", "", "Value", "Std. Error", "t value", "Pr(>|t|)")
	for j, name := range inf.Names {
		fmt.Fprintf(&b, "%s %14.6g %14.6g %10.4g %10.4g\n", padName(name), inf.Coef[j], inf.StdErr[j], inf.TValue[j], inf.PValue[j])
	}
	for _, note := range inf.Notes {
		fmt.Fprintf(&b, "note: %s\n", note)
	}
	return b.String()
}

// String formats a QRPD fit: panel counts, coefficients with analytic (and, for MCMC, draw) standard
// errors, the objective and the notes.
func (r *QRPDResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "QRPD at tau = %v (%v): N = %d, units = %d, periods = %d, periods per unit %d–%d\n",
		r.Tau, r.Optimizer, r.N, r.Units, r.Periods, r.MinPeriods, r.MaxPeriods)
	fmt.Fprintf(&b, "%-16s %14s %14s", "", "Coef", "Std. Error")
	if r.DrawStdErr != nil {
		fmt.Fprintf(&b, " %14s", "Draws SD")
	}
	fmt.Fprintf(&b, " %14s\n", "Pooled rq")
	for j, name := range r.Names {
		fmt.Fprintf(&b, "%s %14.6g %14.6g", padName(name), r.Coef[j], r.StdErr[j])
		if r.DrawStdErr != nil {
			fmt.Fprintf(&b, " %14.6g", r.DrawStdErr[j])
		}
		fmt.Fprintf(&b, " %14.6g\n", r.Start[j])
	}
	fmt.Fprintf(&b, "objective Q = %.6g, bandwidth = %.6g, evaluations = %d\n", r.Objective, r.Bandwidth, r.Evaluations)
	for _, note := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", note)
	}
	return b.String()
}
