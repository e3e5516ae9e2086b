package cpstat

import (
	"fmt"
	"math"
	"strings"

	"github.com/cpstat/cpstat/internal/textcol"
)

// String returns Summary.
func (r *Result) String() string { return r.Summary() }

// Summary lays the result out as plain text in the manner of Stata's regression output. It shows the
// model and sample, the variance estimator, and a coefficient table with standard errors, t statistics,
// p-values and confidence intervals. The fit statistics, every drop and every note follow.
func (r *Result) Summary() string {
	var b strings.Builder
	title := "OLS"
	if len(r.FixedEffects) > 0 {
		title = "OLS with absorbed fixed effects"
	}
	if r.Label != "" {
		title = r.Label + ": " + title
	}
	fmt.Fprintf(&b, "%s: %s\n", title, r.Formula)
	fmt.Fprintf(&b, "Observations: %d of %d sample rows (%d dropped)", r.N, r.Dropped.Rows, r.Dropped.Dropped())
	if r.Excluded > 0 {
		fmt.Fprintf(&b, "; %d panel rows outside the sample", r.Excluded)
	}
	fmt.Fprintf(&b, "\nPanel: %s\n", r.SampleShape())
	if len(r.FixedEffects) > 0 {
		var parts []string
		for _, fe := range r.FixedEffects {
			parts = append(parts, fmt.Sprintf("%s (%d levels)", fe.Name, fe.Levels))
		}
		fmt.Fprintf(&b, "Fixed effects: %s; %d absorbed degrees of freedom\n", strings.Join(parts, ", "), r.FERank)
	}
	fmt.Fprintf(&b, "Variance: %s\n\n", r.VCov.Description)

	// textcol measures Chinese term names as two columns per character, where text/tabwriter counts one.
	coefs := textcol.Table{Padding: 2}
	level := fmt.Sprintf("%g%%", 100*r.ConfLevel)
	coefs.Row("term", "estimate", "std. error", "t", "p", level+" low", level+" high")
	rows := r.Coefficients
	if r.Cons != nil {
		rows = append(rows[:len(rows):len(rows)], *r.Cons)
	}
	for _, c := range rows {
		coefs.Row(c.Term, fmtSig(c.Estimate), fmtSig(c.StdError),
			fmtFixed(c.Statistic, 3), fmtFixed(c.PValue, 4), fmtSig(c.ConfLow), fmtSig(c.ConfHigh))
	}
	b.WriteString(coefs.String())

	fmt.Fprintf(&b, "\nR² %s, adjusted R² %s", fmtFixed(r.R2, 4), fmtFixed(r.AdjR2, 4))
	if len(r.FixedEffects) > 0 {
		fmt.Fprintf(&b, "; within R² %s, adjusted within R² %s", fmtFixed(r.R2Within, 4), fmtFixed(r.AdjR2Within, 4))
	}
	fmt.Fprintf(&b, "\nRSS %s, residual standard error %s on %d degrees of freedom\n", fmtSig(r.RSS), fmtSig(r.Sigma), r.DFResid)
	if r.F.DF1 > 0 {
		fmt.Fprintf(&b, "F(%g, %g) = %s, p = %s (classical)", r.F.DF1, r.F.DF2, fmtFixed(r.F.Value, 3), fmtFixed(r.F.P, 4))
		if r.VCov.Type != IID {
			fmt.Fprintf(&b, "; Wald F(%g, %g) = %s, p = %s with this variance", r.Wald.DF1, r.Wald.DF2, fmtFixed(r.Wald.Value, 3), fmtFixed(r.Wald.P, 4))
		}
		b.WriteString("\n")
	}

	if r.Dropped.Dropped() > 0 {
		fmt.Fprintf(&b, "Dropped rows: %s\n", r.Dropped)
	}
	for _, d := range r.DroppedRegressors {
		fmt.Fprintf(&b, "Dropped regressor %s: %s", d.Term, d.Reason)
		if d.Detail != "" {
			fmt.Fprintf(&b, " (%s)", d.Detail)
		}
		b.WriteString("\n")
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "Note: %s\n", n)
	}
	return b.String()
}

// fmtSig formats an estimate with 6 significant digits, and NaN as "NaN".
func fmtSig(x float64) string {
	if math.IsNaN(x) {
		return "NaN"
	}
	return fmt.Sprintf("%.6g", x)
}

// fmtFixed formats x with the given decimals, and NaN as "NaN".
func fmtFixed(x float64, decimals int) string {
	if math.IsNaN(x) {
		return "NaN"
	}
	return fmt.Sprintf("%.*f", decimals, x)
}
