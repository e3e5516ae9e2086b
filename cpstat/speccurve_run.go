package cpstat

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// ErrTreatmentDropped is wrapped by the error of a specification whose fit left the treatment out,
// for example a policy dummy that the fixed effects absorb. The error is a *TreatmentDroppedError.
var ErrTreatmentDropped = errors.New("treatment dropped from the model")

// ErrNoStdError is wrapped by the error of a specification whose variance does not identify the
// treatment's standard error (it is NaN or infinite), so the curve has no interval to draw.
var ErrNoStdError = errors.New("standard error not identified")

// TreatmentDroppedError is the failure of a specification whose treatment the fit left out.
type TreatmentDroppedError struct {
	Term   string // the treatment's coefficient name, such as "L(post2003_cw, 1)"
	Reason string // as in DroppedRegressor.Reason, such as "collinear with the fixed effects"
	Detail string // the relation found
}

func (e *TreatmentDroppedError) Error() string {
	text := fmt.Sprintf("%s: %s is %s", ErrTreatmentDropped, e.Term, e.Reason)
	if e.Detail != "" {
		text += " (" + e.Detail + ")"
	}
	return text
}

func (e *TreatmentDroppedError) Unwrap() error { return ErrTreatmentDropped }

// SpecCurveSettings configures SpecCurve. The zero value is the default.
type SpecCurveSettings struct {
	// ConfLevel is the level of the confidence intervals, where 0 means 0.95.
	ConfLevel float64
	// Workers is the number of fits run at once, where 0 means GOMAXPROCS. Each fit uses one goroutine, and
	// the result is the same for every value.
	Workers int
	// Progress, when not nil, is called from the calling goroutine after each fit with the number of
	// specifications finished and their total.
	Progress func(done, total int)
}

// SpecRow is one specification of a curve: its options, the estimation behind it and the treatment's
// coefficient, or the error that left it without one.
type SpecRow struct {
	SpecChoice
	Spec    Spec
	Formula string // Spec.Formula()

	// Coefficient is the treatment's coefficient under the specification's variance. Its Term is
	// Spec.Term() as the model names it. It is the zero value when Err is set.
	Coefficient
	// Scale is sd(treatment)/sd(outcome) over the estimation rows (sample standard deviations, not
	// within-entity ones). An estimate times Scale is the change of the outcome, in its standard
	// deviations, for one standard deviation of the treatment. It is NaN when the outcome is constant.
	Scale float64
	N     int // rows in the estimation sample
	// Dropped counts the sample rows left out of the estimation: missing values, lags that reach an
	// unobserved period, singletons. Result.Dropped of a direct Estimate call lists them.
	Dropped int

	// Err says why the specification has no estimate: an error of Estimate, ErrTreatmentDropped or
	// ErrNoStdError. Nil when it has one.
	Err error
}

// Effect returns the treatment's coefficient, multiplied by Scale when standardized is set. The
// statistic and p-value do not change with the scale.
func (r SpecRow) Effect(standardized bool) Coefficient {
	c := r.Coefficient
	if standardized {
		c.Estimate *= r.Scale
		c.StdError *= r.Scale
		c.ConfLow *= r.Scale
		c.ConfHigh *= r.Scale
	}
	return c
}

// SpecCurveResult is a specification curve: one row per combination of the grid's options that was
// not excluded, in the grid's order, estimated or failed.
type SpecCurveResult struct {
	Grid      SpecGrid
	Rows      []SpecRow      // every specification, failed ones included, in the order of the grid
	Excluded  []SpecExcluded // combinations left out by the grid's exclusions
	ConfLevel float64        // level of the confidence intervals
	// Fits is the number of least-squares fits run. Specifications that differ only in the variance
	// (the standard-error convention) share one fit.
	Fits int
}

// SpecCurve estimates every specification of the grid on the panel. Specifications whose formula,
// sample and cluster columns agree are fitted once, and each of them gets its own variance from that
// fit (Result.WithVCov), because the variance convention does not change the estimate.
//
// A specification that cannot be estimated is kept in the result with its error, so nothing is
// dropped silently.
//
// NOTE: the result describes the curve (shares of positive and significant estimates). The joint test
// of Simonsohn, Simmons and Nelson (2020), which compares the curve with curves under a null imposed
// by resampling, is not implemented. The returned error is reserved for an invalid grid (ErrSpecGrid), invalid settings
// (ErrSettings) and cancellation of ctx.
func SpecCurve(ctx context.Context, p *Panel, g SpecGrid, s SpecCurveSettings) (*SpecCurveResult, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	conf := s.ConfLevel
	if conf == 0 {
		conf = 0.95
	}
	if !(conf > 0 && conf < 1) {
		return nil, fmt.Errorf("%w: ConfLevel %g is outside (0, 1); use 0.95 for 95%% intervals", ErrSettings, s.ConfLevel)
	}

	kept, excluded := g.enumerate()
	res := &SpecCurveResult{Grid: g, Excluded: excluded, ConfLevel: conf, Rows: make([]SpecRow, len(kept))}
	for i, c := range kept {
		spec := g.spec(c.Choice)
		res.Rows[i] = SpecRow{SpecChoice: c, Spec: spec, Formula: spec.Formula(), Scale: math.NaN()}
	}
	groups := res.fitGroups(p, conf)
	res.Fits = len(groups)

	workers := s.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan fitGroup)
	finished := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(1, len(groups))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for group := range jobs {
				res.fit(ctx, p, group, conf)
				finished <- len(group.rows)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, group := range groups {
			if ctx.Err() != nil {
				return
			}
			jobs <- group
		}
	}()
	go func() {
		wg.Wait()
		close(finished)
	}()

	done := len(res.Rows) - groupedRows(groups) // rows that failed before any fit
	for n := range finished {
		done += n
		if s.Progress != nil {
			s.Progress(done, len(res.Rows))
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("specification curve: %w", err)
	}
	return res, nil
}

// fitGroup is a set of specifications that one fit serves: rows[0] is fitted, the others reuse it.
type fitGroup struct {
	rows    []int
	options []EstimateOption // options of rows[0]
}

func groupedRows(groups []fitGroup) int {
	n := 0
	for _, g := range groups {
		n += len(g.rows)
	}
	return n
}

// fitGroups checks each row's options and groups the valid rows by formula, sample and cluster
// columns, in order of first appearance. Rows with invalid options get their error here.
func (res *SpecCurveResult) fitGroups(p *Panel, conf float64) []fitGroup {
	var groups []fitGroup
	index := map[string]int{}
	for i := range res.Rows {
		row := &res.Rows[i]
		opts, err := row.Spec.Options(p, ConfLevel(conf), Workers(1))
		if err == nil {
			err = applyEstimateOptions(opts).validateRows(p.Len())
		}
		if err != nil {
			row.Err = err
			continue
		}
		key := row.Spec.fitKey()
		g, ok := index[key]
		if !ok {
			g = len(groups)
			index[key] = g
			groups = append(groups, fitGroup{options: opts})
		}
		groups[g].rows = append(groups[g].rows, i)
	}
	return groups
}

// fitKey identifies the fit of a specification: everything but the variance estimator and convention.
func (s Spec) fitKey() string {
	drop := slices.Sorted(slices.Values(s.DropEntities))
	return strings.Join([]string{s.Formula(), fmt.Sprint(s.Window.From, s.Window.To), strings.Join(drop, "\x1f"),
		strings.Join(s.Cluster, "\x1f")}, "\x1e")
}

// Options returns the Estimate options of the specification on p, followed by extra: the variance,
// the sample (Period and a Subset without DropEntities) and the cluster columns. With them,
// Estimate(p, s.Formula(), opts...) reproduces one row of a curve. An entity in DropEntities that p
// does not have is an ErrSettings error.
func (s Spec) Options(p *Panel, extra ...EstimateOption) ([]EstimateOption, error) {
	opts := []EstimateOption{VCov(s.VCov), SSC(s.SSC)}
	if len(s.Cluster) > 0 {
		opts = append(opts, Cluster(s.Cluster...))
	}
	if s.Window != (Window{}) {
		opts = append(opts, Period(s.Window.From, s.Window.To))
	}
	if len(s.DropEntities) > 0 {
		keep, err := keepWithout(p, s.DropEntities)
		if err != nil {
			return nil, err
		}
		opts = append(opts, Subset(keep))
	}
	return append(opts, extra...), nil
}

// keepWithout returns a Subset that keeps every panel row except those of the given entities.
func keepWithout(p *Panel, entities []string) ([]bool, error) {
	drop := map[string]bool{}
	for _, e := range entities {
		drop[e] = true
	}
	keep := make([]bool, p.Len())
	found := map[string]bool{}
	for i, k := range p.Keys() {
		keep[i] = !drop[k.Entity]
		if drop[k.Entity] {
			found[k.Entity] = true
		}
	}
	for _, e := range entities {
		if !found[e] {
			return nil, fmt.Errorf("%w: DropEntities names %q, which is not an entity of the panel (entities look like %q); check the spelling",
				ErrSettings, e, p.Entities()[:min(3, len(p.Entities()))])
		}
	}
	return keep, nil
}

// fit estimates the group's first specification and derives the variance of the others from it.
func (res *SpecCurveResult) fit(ctx context.Context, p *Panel, g fitGroup, conf float64) {
	first := &res.Rows[g.rows[0]]
	fail := func(err error) {
		for _, i := range g.rows {
			res.Rows[i].Err = err
		}
	}
	m, err := NewModel(p, first.Formula, g.options...)
	if err != nil {
		fail(err)
		return
	}
	fitted, err := m.FitContext(ctx)
	if err != nil {
		fail(err)
		return
	}
	term := m.frame.XNames[0] // the formula enters the treatment first
	scale := treatmentScale(m, fitted, term)

	for k, i := range g.rows {
		row := &res.Rows[i]
		r := fitted
		if k > 0 {
			spec := row.Spec
			r, err = fitted.WithVCov(VCov(spec.VCov), SSC(spec.SSC), Cluster(spec.Cluster...), ConfLevel(conf))
			if err != nil {
				row.Err = err
				continue
			}
		}
		row.setEstimate(r, term, scale)
	}
}

// setEstimate copies the treatment's coefficient of r into the row, or records why there is none.
func (row *SpecRow) setEstimate(r *Result, term string, scale float64) {
	row.N = r.N
	row.Dropped = r.Dropped.Dropped()
	c, ok := r.Coef(term)
	if !ok {
		err := &TreatmentDroppedError{Term: term, Reason: "not estimated"}
		for _, d := range r.DroppedRegressors {
			if d.Term == term {
				err.Reason, err.Detail = d.Reason, d.Detail
			}
		}
		row.Err = err
		return
	}
	if math.IsNaN(c.StdError) || math.IsInf(c.StdError, 0) {
		row.Err = fmt.Errorf("%w: the %s variance gives %s a standard error of %v; choose another variance or sample",
			ErrNoStdError, r.VCov.Type, term, c.StdError)
		return
	}
	row.Coefficient = c
	row.Scale = scale
}

// treatmentScale returns sd(treatment)/sd(outcome) over the estimation rows of r.
func treatmentScale(m *Model, r *Result, term string) float64 {
	x, err := m.column(term)
	if err != nil {
		return math.NaN()
	}
	position := make(map[int]int, len(m.frame.Rows))
	for j, row := range m.frame.Rows {
		position[row] = j
	}
	xs := make([]float64, len(r.Rows))
	ys := make([]float64, len(r.Rows))
	for i, row := range r.Rows {
		j := position[row]
		xs[i], ys[i] = x[j], m.frame.Y[j]
	}
	sy := sampleSD(ys)
	if !(sy > 0) {
		return math.NaN()
	}
	return sampleSD(xs) / sy
}

func sampleSD(x []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return math.Sqrt(ss / float64(len(x)-1))
}
