package cpstat

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cpstat/cpstat/cpstat/gmm"
	"github.com/cpstat/cpstat/cpstat/table"
)

// Statistic keys of a GMM column, in the order Column writes them. "N", "groups",
// "instruments", "ar1p", "ar2p", "hansen_p" and "sargan_p" have built-in labels in package
// table; Labels adds the one for "hansen_df".
const (
	StatGroups      = "groups"      // entities with at least one equation
	StatInstruments = "instruments" // instrument columns
	StatAR1P        = "ar1p"        // p-value of the Arellano–Bond AR(1) test
	StatAR2P        = "ar2p"        // p-value of the Arellano–Bond AR(2) test
	StatHansenP     = "hansen_p"    // p-value of Hansen's J (two-step weights)
	StatHansenDF    = "hansen_df"   // degrees of freedom of Hansen's J and Sargan's test
	StatSarganP     = "sargan_p"    // p-value of Sargan's test (one-step weights); not in Column, see there
)

// Column converts the result to one column of a regression table. The coefficients other than
// the time dummies get robust z statistics, Windmeijer-corrected for two-step models. A model
// with time dummies gets an indicator row named by the time column. The diagnostics follow as
// statistics rows: N, groups, instruments, AR(1) and AR(2) p-values, and the Hansen p-value and
// degrees of freedom. A test that could not be computed shows as "—". The Sargan statistic is left
// out because it follows pgmm's one-step weighting, which is not divided by an estimate of σ², so it
// changes with the units of the dependent variable. Sargan keeps it for comparison with pgmm.
//
// N follows xtabond2: the level equations in system GMM and the transformed equations in
// difference GMM, so each province-year counts once. pgmm's count of both kinds of equations is
// NumObs. Put Note under the table, because the parentheses hold z rather than t statistics.
func (r *GMMResult) Column(title string) table.Column {
	col := table.Column{Title: title, DepVar: r.Spec.Dependent}
	for k, name := range r.CoefNames {
		if r.IsTimeDummy[k] {
			continue
		}
		col.Coefs = append(col.Coefs, table.Coef{
			Term:     name,
			Estimate: r.Coef[k],
			StdErr:   r.Robust.SE[k],
			Stat:     r.Robust.Z[k],
			PValue:   r.Robust.P[k],
		})
	}
	if r.Spec.TimeDummies {
		col.FixedEffects = []string{r.TimeColumn}
	}

	col.Stats = []table.Stat{
		table.StatN(r.RowsUsed()),
		{Key: StatGroups, Value: float64(r.NumUnits)},
		{Key: StatInstruments, Value: float64(r.NumInstruments)},
		{Key: StatAR1P, Value: r.arPValue(1), Decimals: 3},
		{Key: StatAR2P, Value: r.arPValue(2), Decimals: 3},
		{Key: StatHansenP, Value: r.Hansen.PValue, Decimals: 3},
		{Key: StatHansenDF, Value: float64(r.Hansen.DF)},
	}
	return col
}

// RowsUsed returns the number of entity-periods in the estimation, as xtabond2 counts them: the
// level equations of system GMM, or the transformed equations of difference GMM.
func (r *GMMResult) RowsUsed() int {
	if r.Spec.System {
		return r.NumLevelObs
	}
	return r.NumTransformedObs
}

// arPValue returns the robust p-value of the Arellano–Bond test of the given order, or NaN when
// the result has no such test.
func (r *GMMResult) arPValue(order int) float64 {
	for _, ar := range r.Robust.AR {
		if ar.Order == order {
			return ar.PValue
		}
	}
	return math.NaN()
}

// Estimator returns the estimator's name in the language l, such as "两步系统GMM" or
// "two-step system GMM".
func (r *GMMResult) Estimator(l table.Lang) string {
	if l == table.En {
		steps, kind := "one-step", "difference"
		if r.Options.TwoStep {
			steps = "two-step"
		}
		if r.Spec.System {
			kind = "system"
		}
		return steps + " " + kind + " GMM"
	}
	steps, kind := "一步", "差分"
	if r.Options.TwoStep {
		steps = "两步"
	}
	if r.Spec.System {
		kind = "系统"
	}
	return steps + kind + "GMM"
}

// Note returns one line for the notes under a table that shows Column: the estimator, the
// transformation, what the parentheses hold and which standard errors they use, the instrument
// options, and the counting rule of N.
func (r *GMMResult) Note(l table.Lang) string {
	gmmText := r.Settings.GMM
	if r.Settings.Collapse && !strings.Contains(gmmText, "collapse") {
		gmmText += " collapse"
	}
	ivText := r.Settings.IV
	if strings.TrimSpace(ivText) == "" {
		ivText = strings.Join(r.defaultIVNames(), " ")
	}

	if l == table.En {
		parts := []string{
			fmt.Sprintf("%s (%s)", upperFirst(r.Estimator(l)), r.Spec.Transformation),
			"z statistics in parentheses, from " + r.seText(l),
			"GMM-style instruments: " + gmmText,
		}
		if ivText != "" {
			parts = append(parts, "IV-style: "+ivText)
		}
		if r.Spec.TimeDummies {
			parts = append(parts, "time dummies in the regressors and the instruments")
		}
		parts = append(parts, "N counts "+r.nText(l))
		return strings.Join(parts, "; ") + "."
	}

	transformation := "一阶差分"
	if r.Spec.Transformation == gmm.OrthogonalDeviations {
		transformation = "前向正交离差"
	}
	parts := []string{
		fmt.Sprintf("%s（%s）", r.Estimator(l), transformation),
		"括号内为z值，基于" + r.seText(l),
		"GMM式工具变量：" + gmmText,
	}
	if ivText != "" {
		parts = append(parts, "IV式工具变量："+ivText)
	}
	if r.Spec.TimeDummies {
		parts = append(parts, "年份虚拟变量同时作为回归元和工具变量")
	}
	parts = append(parts, "N为"+r.nText(l))
	return strings.Join(parts, "；") + "。"
}

func (r *GMMResult) seText(l table.Lang) string {
	switch {
	case r.Options.TwoStep && l == table.En:
		return "Windmeijer (2005) corrected standard errors"
	case r.Options.TwoStep:
		return "Windmeijer（2005）校正的稳健标准误"
	case l == table.En:
		return "standard errors clustered by " + r.EntityColumn
	}
	return "按" + r.EntityColumn + "聚类的稳健标准误"
}

func (r *GMMResult) nText(l table.Lang) string {
	switch {
	case r.Spec.System && l == table.En:
		return "the level equations"
	case r.Spec.System:
		return "水平方程观测值数"
	case l == table.En:
		return "the transformed equations"
	}
	return "差分方程观测值数"
}

// defaultIVNames lists the IV-style instruments that pgmm's default gave, as "x L.x".
func (r *GMMResult) defaultIVNames() []string {
	var out []string
	for _, g := range r.Spec.IV {
		for _, v := range g.Vars {
			for lag := g.MinLag; lag <= g.MaxLag; lag++ {
				out = append(out, lagName(v, lag))
			}
		}
	}
	return out
}

// Labels returns a copy of base with labels for the lagged regressors of the result, such as
// "L.cp" → 共同富裕（滞后1期） / common prosperity (lag 1) built from the label of "cp" in base,
// and for the statistic key StatHansenDF. Entries already in base are kept.
func (r *GMMResult) Labels(base table.Labels) table.Labels {
	out := make(table.Labels, len(base)+8)
	for k, v := range base {
		out[k] = v
	}
	for _, term := range r.Spec.Regressors {
		for _, lag := range term.Lags {
			name := lagName(term.Var, lag)
			if _, ok := out[name]; ok || lag == 0 {
				continue
			}
			out[name] = table.Label{
				Zh: fmt.Sprintf("%s（滞后%d期）", base.Lookup(term.Var, table.Zh), lag),
				En: fmt.Sprintf("%s (lag %d)", base.Lookup(term.Var, table.En), lag),
			}
		}
	}
	if _, ok := out[StatHansenDF]; !ok {
		out[StatHansenDF] = table.Label{Zh: "Hansen检验自由度", En: "Hansen df"}
	}
	return out
}

// lagName returns the engine's coefficient name of a column at a lag: "x", "L.x", "L2.x".
func lagName(v string, lag int) string {
	switch lag {
	case 0:
		return v
	case 1:
		return "L." + v
	}
	return "L" + strconv.Itoa(lag) + "." + v
}
