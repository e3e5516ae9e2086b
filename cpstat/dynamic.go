package cpstat

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cpstat/cpstat/cpstat/formula"
	"github.com/cpstat/cpstat/cpstat/gmm"
)

// ErrGMMModel is the kind of failure of a dynamic panel model that cannot be estimated as
// written: a formula term GMM cannot take, an invalid instrument option or an engine error.
var ErrGMMModel = errors.New("invalid dynamic panel model")

// GMMError is a dynamic panel model that FitGMM cannot estimate. It names the part of the model
// at fault and, where the engine raised it, wraps the engine's typed error (*gmm.ParseError,
// *gmm.SpecError, *gmm.DataError or *gmm.IdentificationError), so errors.As reaches it.
type GMMError struct {
	Part   string // "formula", "gmm", "iv", "settings" or "estimation"
	Term   string // the formula term or option text at fault; may be ""
	Detail string
	Hint   Hint
	Err    error // the engine's error; nil for a check made in this package
}

func (e *GMMError) Error() string { return e.ErrorWith(GoSetting) }

// ErrorWith returns the message with the settings of the hint spelled by name.
func (e *GMMError) ErrorWith(name SettingNamer) string {
	if e.Err != nil && e.Detail == "" && (e.Part == "gmm" || e.Part == "iv") {
		return e.Err.Error() // the parse error names the option, the token and its position
	}
	var b strings.Builder
	b.WriteString("gmm " + e.Part + ": ")
	if e.Term != "" {
		fmt.Fprintf(&b, "%q: ", e.Term)
	}
	switch {
	case e.Detail != "":
		b.WriteString(e.Detail)
	case e.Err != nil:
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "gmm: "))
	}
	return appendHint(b.String(), e.Hint, name)
}

// Unwrap returns ErrGMMModel and, when there is one, the engine's error.
func (e *GMMError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrGMMModel}
	}
	return []error{ErrGMMModel, e.Err}
}

// GMMSettings are the options of FitGMM, modelled on Stata's xtabond2. The zero value, plus the
// required GMM field, estimates one-step difference GMM in first differences without time
// dummies, with pgmm's default IV-style instruments.
type GMMSettings struct {
	// GMM lists the GMM-style instrument groups, written like xtabond2's gmm() options and read
	// by gmm.ParseGMM: comma-separated groups of column names with a lag range and optional
	// flags, such as "cp 2:." or "y 2:99, x 2:4 collapse". It is required, because a lagged
	// outcome is never a valid instrument for itself.
	GMM string
	// IV lists the IV-style instrument groups, written like xtabond2's iv() options and read by
	// gmm.ParseIV, such as "balance open" or "x 0:1 eq(level)". Empty gives pgmm's default:
	// every regressor whose column no GMM group names instruments itself at its own lags.
	IV string

	// System adds the level equation (Blundell–Bond system GMM); false is Arellano–Bond
	// difference GMM.
	System bool
	// TwoStep estimates two-step efficient GMM with Windmeijer's (2005) corrected standard
	// errors; false is one-step GMM with cluster-robust (by entity) standard errors.
	TwoStep bool
	// Collapse collapses every GMM-style group to one instrument column per lag (Roodman 2009),
	// as if each group in GMM ended with "collapse".
	Collapse bool
	// Orthogonal removes the entity effect by forward orthogonal deviations (Arellano and Bover
	// 1995) instead of first differences.
	Orthogonal bool
	// TimeDummies adds one dummy per period except the first, which instrument themselves
	// (pgmm's effect = "twoways", xtabond2's i.year in both the regressors and iv()).
	TimeDummies bool

	// Weight is the matrix H of the one-step weight (gmm.WeightFull, pgmm's default, or
	// gmm.WeightBlockDiagonal or gmm.WeightIdentity).
	Weight gmm.OneStepWeight
	// MaxAROrder is the highest order of the Arellano–Bond test; 0 means 2.
	MaxAROrder int

	// Window keeps only the periods From–To; the zero value keeps every period. Rows outside it
	// are neither equations nor instruments, so the first period's lags are missing.
	Window Window
}

// GMMResult is a dynamic panel model fitted by FitGMM: the engine's result (coefficients,
// robust and non-robust inference, AR, Sargan, Hansen and difference-in-Hansen tests, instrument
// counts and the engine's own drop lists) plus the formula layer's record of the rows.
type GMMResult struct {
	*gmm.Result

	Formula  formula.Formula
	Settings GMMSettings

	// EntityColumn and TimeColumn are the panel keys: the units and periods of the model.
	EntityColumn, TimeColumn string

	// Dropped lists the rows inside the window that have no complete level equation: the
	// outcome or a regressor missing, or a lag reaching a period the entity was not observed in
	// (a gap or the first periods). Such rows still serve as lagged instruments where their
	// values exist. A first-differenced equation needs two neighbouring complete rows, so the
	// engine forms fewer transformed equations than Dropped.Kept (see NumTransformedObs).
	Dropped DropReport
	// OutsideWindow counts the panel rows that Settings.Window left out.
	OutsideWindow int
}

// GMM parses src and estimates it by dynamic panel GMM on the panel; see FitGMM.
func (p *Panel) GMM(src string, s GMMSettings) (*GMMResult, error) {
	f, err := formula.Parse(src)
	if err != nil {
		return nil, err
	}
	return FitGMM(p, f, s)
}

// FitGMM estimates the dynamic panel model f by difference or system GMM (package cpstat/gmm,
// which follows R's plm::pgmm) on the panel, in named steps:
//  1. translate the formula into the engine's specification: the response and every term must
//     be a plain column or an L() lag of one, such as y ~ L(y, 1) + x + L(x, 0:1);
//  2. parse the GMM- and IV-style instrument options;
//  3. keep the rows in the window, and record with ModelFrame the rows that have no complete
//     level equation, by (entity, time) key;
//  4. lay the columns the model uses out by entity and time value, so a missing year is a gap
//     and never a shorter series, and call gmm.Fit.
//
// Terms GMM cannot take are rejected with a *GMMError naming the term. These are leads F(),
// differences D(), interactions, i() factors, fixed effects after "|" and transformations such as
// log(x). The transformation removes the entity effect, so TimeDummies take the place of period
// fixed effects. A transformed variable enters as a column of its own, added with Panel.With or
// in the data, as xtabond2 users do with generate. Writing "0 +" or "- 1" leaves the constant
// out of system GMM's level equation.
func FitGMM(p *Panel, f formula.Formula, s GMMSettings) (*GMMResult, error) {
	spec, err := gmmSpecFromFormula(f)
	if err != nil {
		return nil, err
	}
	if err := addInstruments(&spec, s); err != nil {
		return nil, err
	}
	spec.System = s.System
	spec.TimeDummies = s.TimeDummies
	if s.Orthogonal {
		spec.Transformation = gmm.OrthogonalDeviations
	}

	windowed, err := p.window(s.Window)
	if err != nil {
		return nil, err
	}
	frame, err := ModelFrame(windowed, f, FrameSettings{})
	if err != nil {
		return nil, err
	}
	data, err := windowed.gmmPanel(gmmColumns(spec))
	if err != nil {
		return nil, err
	}

	res, err := gmm.Fit(data, spec, gmm.Options{TwoStep: s.TwoStep, Weight: s.Weight, MaxAROrder: s.MaxAROrder})
	if err != nil {
		return nil, &GMMError{Part: "estimation", Term: f.String(), Err: err}
	}
	return &GMMResult{
		Result:        res,
		Formula:       f,
		Settings:      s,
		EntityColumn:  p.EntityColumn(),
		TimeColumn:    p.TimeColumn(),
		Dropped:       frame.Dropped,
		OutsideWindow: p.Len() - windowed.Len(),
	}, nil
}

// addColumnHint is a hint that says to add a computed column, in the data file or with Panel.With.
func addColumnHint(action string) Hint {
	return Hint{Action: action, Suggestions: []Suggestion{{Setting: SettingNewColumn, Purpose: "add it in Go"}}}
}

// gmmSpecFromFormula translates the response and terms of f into the engine's Dependent and
// Regressors. Lags of one column are merged into one gmm.Term in the order written.
func gmmSpecFromFormula(f formula.Formula) (gmm.Spec, error) {
	var spec gmm.Spec
	response, ok := f.Response.(*formula.Var)
	if !ok {
		return spec, &GMMError{Part: "formula", Term: f.Response.String(),
			Detail: "the outcome must be a plain column",
			Hint:   addColumnHint("add the transformed outcome as a column of the data file and name that column")}
	}
	spec.Dependent = response.Name

	if len(f.FixedEffects) > 0 {
		var fes []string
		for _, fe := range f.FixedEffects {
			fes = append(fes, fe.String())
		}
		return spec, &GMMError{Part: "formula", Term: "| " + strings.Join(fes, " + "),
			Detail: "dynamic panel GMM takes no fixed effects after \"|\": differencing removes the entity effect",
			Hint: Hint{Action: "remove the \"|\" part", Suggestions: []Suggestion{
				{Setting: SettingGMMTimeDummies, Purpose: "add period effects"}}}}
	}

	index := map[string]int{}
	for _, term := range f.Terms {
		name, lags, err := gmmTerm(term)
		if err != nil {
			return spec, err
		}
		k, seen := index[name]
		if !seen {
			k = len(spec.Regressors)
			index[name] = k
			spec.Regressors = append(spec.Regressors, gmm.Term{Var: name})
		}
		for _, lag := range lags {
			if slices.Contains(spec.Regressors[k].Lags, lag) {
				return spec, &GMMError{Part: "formula", Term: term.String(),
					Detail: fmt.Sprintf("lag %d of %q is already in the formula", lag, name),
					Hint:   textHint("list each lag once")}
			}
			spec.Regressors[k].Lags = append(spec.Regressors[k].Lags, lag)
		}
	}
	spec.NoConstant = !f.Intercept
	return spec, nil
}

// gmmTerm returns the column and lags of a term that is a plain column (lag 0) or L(column, a:b).
func gmmTerm(term formula.Term) (string, []int, error) {
	reject := func(detail string) error {
		return &GMMError{Part: "formula", Term: term.String(), Detail: detail,
			Hint: addColumnHint("write plain columns and L() lags, such as y ~ L(y, 1) + x + L(x, 1), and add a transformed variable as a column of the data file first")}
	}
	if len(term.Factors) != 1 {
		return "", nil, reject("interactions are not supported in dynamic panel GMM")
	}
	switch e := term.Factors[0].(type) {
	case *formula.Var:
		return e.Name, []int{0}, nil
	case *formula.Lag:
		v, ok := e.X.(*formula.Var)
		if !ok {
			return "", nil, reject("a lag must be of a plain column")
		}
		if e.From < 0 || e.To < 0 {
			return "", nil, reject("leads are not supported: a future value is not predetermined")
		}
		var lags []int
		for lag := e.From; lag <= e.To; lag++ {
			lags = append(lags, lag)
		}
		return v.Name, lags, nil
	case *formula.Factor:
		return "", nil, &GMMError{Part: "formula", Term: term.String(), Detail: "i() factors are not supported",
			Hint: Hint{Suggestions: []Suggestion{{Setting: SettingGMMTimeDummies, Purpose: "add period effects"}}}}
	case *formula.Diff:
		return "", nil, reject("D() differences are not supported: the GMM transformation differences every term itself")
	}
	return "", nil, reject("transformations are not supported in dynamic panel GMM")
}

// addInstruments parses the instrument options of s into spec. spec.Regressors must be set, as
// the default IV-style instruments depend on them.
func addInstruments(spec *gmm.Spec, s GMMSettings) error {
	if strings.TrimSpace(s.GMM) == "" {
		return &GMMError{Part: "settings", Detail: "no GMM-style instruments",
			Hint: Hint{Suggestions: []Suggestion{{Setting: SettingGMMInstruments, Value: spec.Dependent + " 2:.",
				Purpose: "instrument with lags 2 and up of the outcome"}}}}
	}
	groups, err := gmm.ParseGMM(s.GMM)
	if err != nil {
		return &GMMError{Part: "gmm", Term: s.GMM, Err: err}
	}
	if s.Collapse {
		for i := range groups {
			groups[i].Collapse = true
		}
	}
	spec.GMM = groups

	if strings.TrimSpace(s.IV) == "" {
		spec.IV = gmm.DefaultIV(*spec)
		return nil
	}
	iv, err := gmm.ParseIV(s.IV)
	if err != nil {
		return &GMMError{Part: "iv", Term: s.IV, Err: err}
	}
	spec.IV = iv
	return nil
}

// gmmColumns lists the columns spec reads, each once: the outcome, the regressors, then the
// instrument columns.
func gmmColumns(spec gmm.Spec) []string {
	out := []string{spec.Dependent}
	add := func(v string) {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	for _, t := range spec.Regressors {
		add(t.Var)
	}
	for _, g := range spec.GMM {
		for _, v := range g.Vars {
			add(v)
		}
	}
	for _, g := range spec.IV {
		for _, v := range g.Vars {
			add(v)
		}
	}
	return out
}

// gmmPanel copies the named numeric columns and the keys into the engine's panel. Missing cells
// become NaN, which the engine treats as absent values.
func (p *Panel) gmmPanel(columns []string) (*gmm.Panel, error) {
	out := &gmm.Panel{
		Units: make([]string, p.Len()),
		Times: p.Times(),
		Vars:  make(map[string][]float64, len(columns)),
	}
	for i, code := range p.EntityCodes() {
		out.Units[i] = p.entities[code]
	}
	for _, c := range columns {
		x, err := p.Float(c)
		if err != nil {
			var notFound *ColumnNotFoundError
			if errors.As(err, &notFound) && notFound.Context == "" {
				notFound.Context = "dynamic panel GMM"
			}
			return nil, err
		}
		out.Vars[c] = x
	}
	return out, nil
}

// window returns the panel restricted to the periods of w, or p itself when w keeps every row.
func (p *Panel) window(w Window) (*Panel, error) {
	var rows []int
	for i, t := range p.times {
		if w.contains(t) {
			rows = append(rows, i)
		}
	}
	if len(rows) == p.Len() {
		return p, nil
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: no period of the panel lies in the window %d–%d", ErrEmptyFrame, w.From, w.To)
	}
	var lines []int
	if p.lines != nil {
		lines = make([]int, len(rows))
		for k, i := range rows {
			lines[k] = p.lines[i]
		}
	}
	return newPanel(p.df.Subset(rows), p.entityColumn, p.timeColumn, PanelSettings{}, p.source, lines, p.columns)
}
