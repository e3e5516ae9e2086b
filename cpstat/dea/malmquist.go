package dea

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Decomposition selects how the Malmquist TFP index is split into components.
type Decomposition int

const (
	// FGNZ is the decomposition of Färe, Grosskopf, Norris and Zhang (1994) that DEAP 2.1 prints:
	// techch from CRS distances, effch = pech × sech, tfpch = effch × techch. It needs VRS distances only
	// within a period, so every program is feasible for positive data.
	FGNZ Decomposition = iota

	// RayDesli is the decomposition of Ray and Desli (1997): tfpch is the same CRS Malmquist index, but
	// techch is measured on the VRS frontiers and sech is the residual tfpch / (pech × techch). It needs
	// VRS distances across periods, which can be infeasible; techch and sech are then NaN for that unit
	// and period pair. Under RayDesli, Effch is still the CRS efficiency change, so effch × techch is not
	// tfpch.
	RayDesli
)

// String returns "FGNZ" or "Ray-Desli".
func (d Decomposition) String() string {
	switch d {
	case FGNZ:
		return "FGNZ"
	case RayDesli:
		return "Ray-Desli"
	}
	return "Decomposition(" + strconv.Itoa(int(d)) + ")"
}

// MalmquistOptions are the settings of Malmquist. The zero value reproduces DEAP 2.1's output-oriented
// Malmquist run on all cores.
type MalmquistOptions struct {
	Orientation   Orientation
	Decomposition Decomposition

	// CrossPeriodVRS also computes VRS distances against the previous and next periods' frontiers and
	// stores them in Distances.VRSPrevious and Distances.VRSNext. DEAP does not compute them. RayDesli
	// always computes them.
	CrossPeriodVRS bool

	// Workers is the number of goroutines that solve programs; zero or less means GOMAXPROCS. Results
	// are bit-identical for any value, because each program depends only on its own data.
	Workers int

	// Progress, if not nil, is called with the number of finished unit-periods and their total (N×T),
	// from the goroutine that called Malmquist.
	Progress func(done, total int)
}

// Distances are the efficiency scores of one unit's data in one period t, as DEAP 2.1 prints them in its
// distances summary ("crs te rel to tech in yr t-1, t, t+1" and "vrs te"). Scores follow the convention of
// Solution.Score: Shephard output distances (output orientation) or Farrell input efficiencies (input
// orientation). A field is NaN when its frontier period does not exist (DEAP prints 0.000 there), when it
// was not requested, or when its program was infeasible.
type Distances struct {
	CRSPrevious float64 // CRS, period-t data against the period t−1 frontier
	CRS         float64 // CRS, period-t data against the period t frontier
	CRSNext     float64 // CRS, period-t data against the period t+1 frontier
	VRS         float64 // VRS, period-t data against the period t frontier
	VRSPrevious float64 // VRS against the period t−1 frontier; only with CrossPeriodVRS or RayDesli
	VRSNext     float64 // VRS against the period t+1 frontier; only with CrossPeriodVRS or RayDesli
}

// Indices are the Malmquist index and its components for one unit between two adjacent periods, or a
// geometric mean of them. A value above 1 means improvement in both orientations.
type Indices struct {
	Effch  float64 // technical efficiency change (CRS)
	Techch float64 // technological change
	Pech   float64 // pure technical efficiency change (VRS)
	Sech   float64 // scale efficiency change
	Tfpch  float64 // total factor productivity change, the Malmquist index
}

// IndexCounts are the numbers of finite values behind each field of a mean of Indices.
type IndexCounts struct {
	Effch, Techch, Pech, Sech, Tfpch int
}

// MeanIndices is a geometric mean of Indices over units or period pairs. NaN values are skipped, and Count
// gives the number of values behind each mean, so a mean over fewer values than expected is visible.
type MeanIndices struct {
	Indices
	Count IndexCounts
}

// UnsolvedProgram records one distance that could not be computed and is NaN in the result.
type UnsolvedProgram struct {
	Unit           string
	Period         int // period of the evaluated data
	FrontierPeriod int // period whose units span the reference technology
	Model          Model
	Status         Status // Infeasible, or Failed with the solver error in Err
	Err            error  // nil for an infeasible program
	Reason         string // plain-language explanation
}

// MalmquistResult contains every figure DEAP 2.1 prints for a Malmquist run, plus the cumulative index.
//
// Period-pair index k runs over 0 … T−2 and is the change from Periods[k] to Periods[k+1]. DEAP labels
// it "year = k+2".
type MalmquistResult struct {
	Units         []string // N unit ids, in Panel order
	Periods       []int    // T periods
	Orientation   Orientation
	Decomposition Decomposition

	// Distances[t][i] are the scores of unit i's period-t data.
	Distances [][]Distances

	// DistanceMeans[t] are the arithmetic means over units of Distances[t], as DEAP prints under each
	// year's distance table. NaN values are skipped, and a field with no finite value is NaN.
	DistanceMeans []Distances

	// Changes[k][i] are the indices of unit i from Periods[k] to Periods[k+1].
	Changes [][]Indices

	// PeriodMeans[k] is the geometric mean over units of Changes[k] ("MALMQUIST INDEX SUMMARY OF ANNUAL
	// MEANS").
	PeriodMeans []MeanIndices

	// UnitMeans[i] is the geometric mean over period pairs of unit i's Changes ("SUMMARY OF FIRM MEANS").
	UnitMeans []MeanIndices

	// Mean is the geometric mean over all units and period pairs, the "mean" row of both DEAP summaries.
	Mean MeanIndices

	// Cumulative[t][i] is unit i's chained TFP index: 1 in the first period, then the product of its
	// tfpch values up to period t. It is NaN from the first NaN tfpch on.
	Cumulative [][]float64

	// Unsolved lists every program whose distance is NaN, ordered by period, then unit, then frontier
	// (own period, previous, next).
	Unsolved []UnsolvedProgram

	// Programs is the number of linear programs solved.
	Programs int
}

// Malmquist computes the DEA Malmquist TFP index of a balanced panel with the distance functions, the
// decomposition, the means and the cumulative index that DEAP 2.1 prints (Coelli 1996, section 2.3;
// Färe, Grosskopf, Norris and Zhang 1994). The package documentation gives the formulas.
//
// The panel needs at least two periods. Infeasible programs, which only the cross-period VRS distances can
// produce, give NaN and an entry in Unsolved and never stop the run. Malmquist returns an error for an
// invalid panel or options and ctx.Err() when ctx is cancelled.
func Malmquist(ctx context.Context, p *Panel, opts MalmquistOptions) (*MalmquistResult, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if len(p.Periods) < 2 {
		return nil, fmt.Errorf("dea: the Malmquist index needs at least two periods, but the panel has only period %d; use Efficiency for one period", p.Periods[0])
	}
	if err := (Model{Orientation: opts.Orientation}).validate(); err != nil {
		return nil, err
	}
	if opts.Decomposition != FGNZ && opts.Decomposition != RayDesli {
		return nil, fmt.Errorf("dea: invalid decomposition %d: use FGNZ or RayDesli", int(opts.Decomposition))
	}

	units, periods := len(p.Units), len(p.Periods)
	scale := p.scales()
	frontiers := make([]frontier, periods)
	for t := range periods {
		frontiers[t] = newFrontier(p.X[t], p.Y[t], scale)
	}

	res := &MalmquistResult{
		Units:         slices.Clone(p.Units),
		Periods:       slices.Clone(p.Periods),
		Orientation:   opts.Orientation,
		Decomposition: opts.Decomposition,
		Distances:     make([][]Distances, periods),
	}
	for t := range periods {
		res.Distances[t] = make([]Distances, units)
	}

	job := distanceJob{
		panel:       p,
		frontiers:   frontiers,
		crossVRS:    opts.CrossPeriodVRS || opts.Decomposition == RayDesli,
		orientation: opts.Orientation,
		workers:     workerCount(opts.Workers, units*periods),
	}
	job.prepare()
	unsolved := make([][]UnsolvedProgram, units*periods)
	programs := make([]int, units*periods)
	work := func(worker, task int) {
		t, i := task/units, task%units
		res.Distances[t][i], unsolved[task], programs[task] = job.unitPeriod(worker, t, i)
	}
	if err := forEach(ctx, units*periods, job.workers, opts.Progress, work); err != nil {
		return nil, fmt.Errorf("dea: Malmquist cancelled: %w", err)
	}
	for task := range unsolved {
		res.Unsolved = append(res.Unsolved, unsolved[task]...)
		res.Programs += programs[task]
	}

	res.DistanceMeans = distanceMeans(res.Distances)
	res.Changes = changes(res.Distances, opts.Decomposition)
	res.PeriodMeans, res.UnitMeans, res.Mean = indexMeans(res.Changes)
	res.Cumulative = cumulative(res.Changes, units)
	return res, nil
}

// distanceJob computes the distances of one unit-period. Its workers own one Evaluator and one data
// buffer each.
type distanceJob struct {
	panel       *Panel
	frontiers   []frontier
	crossVRS    bool
	orientation Orientation
	workers     int
	evaluators  []Evaluator
	buffers     [][]float64
}

func (j *distanceJob) prepare() {
	j.evaluators = make([]Evaluator, j.workers)
	j.buffers = make([][]float64, j.workers)
	size := len(j.frontiers[0].inputs) + len(j.frontiers[0].outputs)
	for w := range j.buffers {
		j.buffers[w] = make([]float64, size)
	}
}

// unitPeriod solves every program of unit i's period-t data and returns the distances, the programs that
// failed and the number of programs solved.
func (j *distanceJob) unitPeriod(worker, t, i int) (Distances, []UnsolvedProgram, int) {
	x0, y0 := unitData(&j.frontiers[t], i, j.buffers[worker])
	last := len(j.frontiers) - 1
	nan := math.NaN()
	d := Distances{CRSPrevious: nan, CRSNext: nan, VRSPrevious: nan, VRSNext: nan}
	var failed []UnsolvedProgram
	count := 0

	distance := func(frontierPeriod int, returns ReturnsToScale) float64 {
		count++
		model := Model{Orientation: j.orientation, Returns: returns}
		factor, status, err := j.evaluators[worker].solve(&j.frontiers[frontierPeriod], x0, y0, model)
		if err == nil && status == Optimal {
			return score(factor, j.orientation)
		}
		failed = append(failed, j.describe(t, i, frontierPeriod, model, status, err))
		return nan
	}

	d.CRS = distance(t, CRS)
	d.VRS = distance(t, VRS)
	if t > 0 {
		d.CRSPrevious = distance(t-1, CRS)
		if j.crossVRS {
			d.VRSPrevious = distance(t-1, VRS)
		}
	}
	if t < last {
		d.CRSNext = distance(t+1, CRS)
		if j.crossVRS {
			d.VRSNext = distance(t+1, VRS)
		}
	}
	return d, failed, count
}

func (j *distanceJob) describe(t, i, frontierPeriod int, model Model, status Status, err error) UnsolvedProgram {
	u := UnsolvedProgram{
		Unit:           j.panel.Units[i],
		Period:         j.panel.Periods[t],
		FrontierPeriod: j.panel.Periods[frontierPeriod],
		Model:          model,
		Status:         status,
		Err:            err,
	}
	switch {
	case err != nil:
		u.Status = Failed
		u.Reason = "solver failed: " + err.Error()
	case model.Orientation == OutputOrientation:
		u.Reason = fmt.Sprintf("infeasible: no convex combination of the period-%d units uses at most the inputs of %q in period %d",
			u.FrontierPeriod, u.Unit, u.Period)
	default:
		u.Reason = fmt.Sprintf("infeasible: no convex combination of the period-%d units produces at least the outputs of %q in period %d",
			u.FrontierPeriod, u.Unit, u.Period)
	}
	return u
}
