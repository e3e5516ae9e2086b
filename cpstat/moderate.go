package cpstat

import (
	"fmt"
	"math"
	"slices"

	"github.com/cpstat/cpstat/cpstat/formula"
	"github.com/cpstat/cpstat/cpstat/table"
)

// ModerationSettings configures Moderate. The zero value uses the columns as they are.
type ModerationSettings struct {
	// CentreModerator subtracts the moderator's mean over the estimation sample before the product is
	// formed. The interaction coefficient does not change, but the variable's own coefficient becomes
	// its effect at the mean of the moderator rather than at a moderator of zero.
	CentreModerator bool
	// CentreVariable does the same for the variable, which changes only the moderator's own coefficient.
	CentreVariable bool
}

// ModerationResult is a moderation model y = β·x + θ·x·m + η·m + controls + fixed effects, the form of
// equation 6 of Hong, Jiang and Liu (2023).
type ModerationResult struct {
	Variable, Moderator string // the columns x and m as given
	Settings            ModerationSettings
	Formula             string // the estimated formula in canonical form

	// VariableTerm, ModeratorTerm and InteractionTerm name the three coefficients in Result: the
	// centred columns (name + "_c") when centred.
	VariableTerm, ModeratorTerm, InteractionTerm string

	// VariableMean, ModeratorMean and ModeratorSD (n − 1) are taken over the estimation sample. The
	// means are what centring subtracts.
	VariableMean, ModeratorMean, ModeratorSD float64

	Result *Result
	// Uncentred is the same model on the columns as they are; nil when nothing was centred.
	Uncentred *Result
	// Notes states the centring and any of the three terms the fit dropped, in English; NotesIn gives
	// them in Chinese.
	Notes []string
}

// Moderate adds the moderator and its product with the variable to the base model and estimates
//
//	y = β·x + θ·x·m + η·m + (the other terms of base) + fixed effects,
//
// with the options opts, where x is variable, a term of base, and m is moderator. Both are panel
// columns, so add transformed columns with Panel.With first. With centring, the columns x − x̄ and
// m − m̄ take the place of x and m. Their means come from the estimation sample of the uncentred model,
// and they are named variable + "_c" and moderator + "_c" in a copy of the panel, replacing any column
// of that name.
//
// A moderator that does not vary within the fixed-effect groups, such as a time-invariant province
// trait under province effects, has its own term dropped as collinear with the fixed effects; the
// interaction is still estimated, and Notes records the drop.
//
// Errors: base without the variable as a term, or already containing the moderator (ErrSettings),
// and the errors of Estimate.
func Moderate(p *Panel, base, variable, moderator string, s ModerationSettings, opts ...EstimateOption) (*ModerationResult, error) {
	f, err := formula.Parse(base)
	if err != nil {
		return nil, err
	}
	x, mod := formula.QuoteName(variable), formula.QuoteName(moderator)
	at := slices.IndexFunc(f.Terms, func(t formula.Term) bool { return t.String() == x })
	if at < 0 {
		return nil, fmt.Errorf("%w: moderation needs %s as a term of the base formula %s", ErrSettings, variable, f)
	}

	src, err := AddTerms(base, mod, x+":"+mod)
	if err != nil {
		return nil, fmt.Errorf("moderation of %s by %s: %w", variable, moderator, err)
	}
	plain, err := Estimate(p, src, opts...)
	if err != nil {
		return nil, err
	}
	out := &ModerationResult{Variable: variable, Moderator: moderator, Settings: s, Formula: plain.Formula,
		VariableTerm: variable, ModeratorTerm: moderator, InteractionTerm: variable + ":" + moderator, Result: plain}
	xs, err := p.Float(variable)
	if err != nil {
		return nil, err
	}
	ms, err := p.Float(moderator)
	if err != nil {
		return nil, err
	}
	out.VariableMean, _ = sampleMeanSD(xs, plain.Rows)
	out.ModeratorMean, out.ModeratorSD = sampleMeanSD(ms, plain.Rows)

	if s.CentreModerator || s.CentreVariable {
		if err := out.fitCentred(p, f, at, xs, ms, opts); err != nil {
			return nil, err
		}
	}
	out.Notes = out.NotesIn(table.En)
	return out, nil
}

// fitCentred replaces x and m by their centred columns as the settings ask, and refits.
func (m *ModerationResult) fitCentred(p *Panel, f formula.Formula, at int, xs, ms []float64, opts []EstimateOption) error {
	var err error
	if m.Settings.CentreModerator {
		m.ModeratorTerm = m.Moderator + "_c"
		if p, err = p.With(m.ModeratorTerm, shift(ms, m.ModeratorMean)); err != nil {
			return err
		}
	}
	if m.Settings.CentreVariable {
		m.VariableTerm = m.Variable + "_c"
		if p, err = p.With(m.VariableTerm, shift(xs, m.VariableMean)); err != nil {
			return err
		}
		f.Terms = slices.Clone(f.Terms)
		f.Terms[at] = formula.MustParse("y ~ " + formula.QuoteName(m.VariableTerm)).Terms[0]
	}
	m.InteractionTerm = m.VariableTerm + ":" + m.ModeratorTerm
	xc, mc := formula.QuoteName(m.VariableTerm), formula.QuoteName(m.ModeratorTerm)
	src, err := AddTerms(f.String(), mc, xc+":"+mc)
	if err != nil {
		return err
	}
	res, err := Estimate(p, src, opts...)
	if err != nil {
		return err
	}
	m.Uncentred, m.Result, m.Formula = m.Result, res, res.Formula
	return nil
}

// sampleMeanSD returns the mean and the standard deviation (n − 1) of x over rows.
func sampleMeanSD(x []float64, rows []int) (mean, sd float64) {
	for _, i := range rows {
		mean += x[i]
	}
	mean /= float64(len(rows))
	for _, i := range rows {
		sd += (x[i] - mean) * (x[i] - mean)
	}
	return mean, math.Sqrt(sd / float64(len(rows)-1))
}

func shift(x []float64, by float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = v - by
	}
	return out
}

// Interaction returns the coefficient θ of the product, or false when the fit dropped it.
func (m *ModerationResult) Interaction() (Coefficient, bool) { return m.Result.Coef(m.InteractionTerm) }

// NotesIn returns Notes in the language lang: the centring and the terms the fit dropped. The reasons
// of dropped terms come from the engine and stay in English.
func (m *ModerationResult) NotesIn(lang table.Lang) []string {
	var notes []string
	if m.Settings.CentreModerator {
		notes = append(notes, textIn(lang,
			fmt.Sprintf("%s 已减去其在 %d 个估计观测上的均值 %.6g，%s 的系数是 %s 取均值时的效应；交互项系数不变。",
				m.Moderator, m.Result.N, m.ModeratorMean, m.VariableTerm, m.Moderator),
			fmt.Sprintf("%s is centred at its mean %.6g over the %d estimation rows, so the coefficient of %s is its effect at the mean of %s; the interaction coefficient is unchanged.",
				m.Moderator, m.ModeratorMean, m.Result.N, m.VariableTerm, m.Moderator)))
	}
	if m.Settings.CentreVariable {
		notes = append(notes, textIn(lang,
			fmt.Sprintf("%s 已减去其在 %d 个估计观测上的均值 %.6g。", m.Variable, m.Result.N, m.VariableMean),
			fmt.Sprintf("%s is centred at its mean %.6g over the %d estimation rows.", m.Variable, m.VariableMean, m.Result.N)))
	}
	for _, d := range m.Result.DroppedRegressors {
		if d.Term == m.VariableTerm || d.Term == m.ModeratorTerm || d.Term == m.InteractionTerm {
			notes = append(notes, textIn(lang, fmt.Sprintf("%s 被剔除（%s；%s）。", d.Term, d.Reason, d.Detail),
				fmt.Sprintf("%s was dropped (%s); %s", d.Term, d.Reason, d.Detail)))
		}
	}
	return notes
}

// SimpleSlope is the effect of the variable at one value of the moderator, β + θ·(m − m̄) with m̄ the
// centring constant (0 without centring), and its inference from the model's variance.
type SimpleSlope struct {
	Moderator float64 // the moderator value, in the moderator's own units
	Coefficient
}

// SimpleSlopes returns the effect of the variable at each given moderator value. Without values it
// uses the mean of the moderator and one standard deviation below and above it. The standard error is
// sqrt(V_ββ + 2·d·V_βθ + d²·V_θθ) with d = m − m̄, and the p-value and interval use the t (or normal)
// distribution of the model's coefficients. It is an error when the fit dropped the variable or the
// interaction.
func (m *ModerationResult) SimpleSlopes(values ...float64) ([]SimpleSlope, error) {
	terms := m.Result.Terms()
	b, t := slices.Index(terms, m.VariableTerm), slices.Index(terms, m.InteractionTerm)
	if b < 0 || t < 0 {
		return nil, fmt.Errorf("%w: simple slopes need both %s and %s, but the fit dropped one of them", ErrSettings, m.VariableTerm, m.InteractionTerm)
	}
	if len(values) == 0 {
		values = []float64{m.ModeratorMean - m.ModeratorSD, m.ModeratorMean, m.ModeratorMean + m.ModeratorSD}
	}
	centre := 0.0
	if m.Settings.CentreModerator {
		centre = m.ModeratorMean
	}
	v := m.Result.VCovMatrix()
	beta, theta := m.Result.Coefficients[b].Estimate, m.Result.Coefficients[t].Estimate
	df, q := m.Result.VCov.DF, criticalT(m.Result.ConfLevel, m.Result.VCov.DF)
	out := make([]SimpleSlope, len(values))
	for i, value := range values {
		d := value - centre
		c := Coefficient{Term: fmt.Sprintf("%s | %s = %.6g", m.Variable, m.Moderator, value), Estimate: beta + theta*d}
		c.StdError = math.Sqrt(v.At(b, b) + 2*d*v.At(b, t) + d*d*v.At(t, t))
		c.Statistic = c.Estimate / c.StdError
		c.PValue = twoSidedPValue(c.Statistic, df)
		c.ConfLow, c.ConfHigh = c.Estimate-q*c.StdError, c.Estimate+q*c.StdError
		out[i] = SimpleSlope{Moderator: value, Coefficient: c}
	}
	return out, nil
}

// Column converts the result into a regression-table column, as Result.Column does.
func (m *ModerationResult) Column(title string) table.Column { return m.Result.Column(title) }
