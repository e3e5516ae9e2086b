package gmm

import (
	"fmt"
	"math"
	"strings"

	"github.com/cpstat/cpstat/internal/textcol"
)

// String returns a plain-text summary ordered like pgmm's and xtabond2's output: the sample, the coefficients
// with robust standard errors, then the specification tests.
func (r *Result) String() string {
	var b strings.Builder
	estimator := "difference"
	if r.Spec.System {
		estimator = "system"
	}
	steps := "one-step"
	se := "cluster-robust"
	if r.Options.TwoStep {
		steps, se = "two-step", "Windmeijer-corrected"
	}
	fmt.Fprintf(&b, "Dynamic panel %s %s GMM (%s), %s standard errors\n", steps, estimator, r.Spec.Transformation, se)
	fmt.Fprintf(&b, "Units: %d   Equations: %d (%d transformed, %d level)   Instruments: %d\n\n",
		r.NumUnits, r.NumObs, r.NumTransformedObs, r.NumLevelObs, r.NumInstruments)

	// textcol measures Chinese coefficient names as two columns per character, where text/tabwriter
	// counts one.
	coefs := textcol.Table{Padding: 2}
	coefs.Row("", "Coef.", "Std. Err.", "z", "P>|z|")
	for k, name := range r.CoefNames {
		coefs.Row(name, fmt.Sprintf("%.6g", r.Coef[k]), fmt.Sprintf("%.6g", r.Robust.SE[k]),
			fmt.Sprintf("%.3f", r.Robust.Z[k]), fmt.Sprintf("%.4f", r.Robust.P[k]))
	}
	b.WriteString(coefs.String())

	b.WriteString("\n")
	for _, ar := range r.Robust.AR {
		fmt.Fprintf(&b, "Arellano–Bond AR(%d): z = %s\n", ar.Order, formatTest(ar.Statistic, ar.PValue, ar.Reason))
	}
	fmt.Fprintf(&b, "Sargan (pgmm's one-step weights, not divided by σ², so it changes with the units of y): chi2(%d) = %s\n",
		r.Sargan.DF, formatTest(r.Sargan.Statistic, r.Sargan.PValue, r.Sargan.Reason))
	fmt.Fprintf(&b, "Hansen (two-step weights): chi2(%d) = %s\n", r.Hansen.DF, formatTest(r.Hansen.Statistic, r.Hansen.PValue, r.Hansen.Reason))
	for _, dh := range r.DiffHansen {
		if math.IsNaN(dh.Excluded.Statistic) && math.IsNaN(dh.Difference.Statistic) && dh.Excluded.Reason != "" {
			// Neither test exists, for one reason: say it once instead of printing impossible degrees of freedom.
			fmt.Fprintf(&b, "  %s: difference-in-Hansen not available (%s)\n", dh.Group, dh.Excluded.Reason)
			continue
		}
		fmt.Fprintf(&b, "  %s: excluding chi2(%d) = %s, difference chi2(%d) = %s\n", dh.Group,
			dh.Excluded.DF, formatTest(dh.Excluded.Statistic, dh.Excluded.PValue, dh.Excluded.Reason),
			dh.Difference.DF, formatTest(dh.Difference.Statistic, dh.Difference.PValue, dh.Difference.Reason))
	}
	fmt.Fprintf(&b, "Wald, coefficients: chi2(%d) = %s\n", r.Robust.WaldCoef.DF, formatTest(r.Robust.WaldCoef.Statistic, r.Robust.WaldCoef.PValue, r.Robust.WaldCoef.Reason))
	if r.Spec.TimeDummies {
		fmt.Fprintf(&b, "Wald, time dummies: chi2(%d) = %s\n", r.Robust.WaldTime.DF, formatTest(r.Robust.WaldTime.Statistic, r.Robust.WaldTime.PValue, r.Robust.WaldTime.Reason))
	}

	for _, w := range r.Warnings {
		b.WriteString("Warning: " + w + "\n")
	}
	if n := len(r.DroppedUnits); n > 0 {
		fmt.Fprintf(&b, "Dropped units: %d (first: %s, %s)\n", n, r.DroppedUnits[0].Unit, r.DroppedUnits[0].Reason)
	}
	if n := len(r.MissingValues); n > 0 {
		fmt.Fprintf(&b, "Missing values: %d\n", n)
	}
	for _, c := range r.DroppedCoefficients {
		fmt.Fprintf(&b, "Dropped coefficient %s: %s\n", c.Name, c.Reason)
	}
	return b.String()
}

func formatTest(stat, p float64, reason string) string {
	if math.IsNaN(stat) {
		return "not available (" + reason + ")"
	}
	return fmt.Sprintf("%.4f (p = %.4f)", stat, p)
}
