package dea

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// scaleTolerance is the relative difference below which two efficiency scores count as equal when the
// returns-to-scale direction is classified.
//
// NOTE: DEAP 2.1 does not document its own tolerance here. Units whose scores differ by less than 1e-8
// relative may be classified differently by DEAP.
const scaleTolerance = 1e-8

// ScaleDirection is the returns-to-scale region in which a unit operates, as DEAP 2.1 prints it next to
// the scale efficiency.
type ScaleDirection int

const (
	// ConstantReturns means that the unit is scale efficient (CRS score = VRS score). DEAP prints "-".
	ConstantReturns ScaleDirection = iota

	// IncreasingReturns means scale inefficiency with NIRS score ≠ VRS score. DEAP prints "irs".
	IncreasingReturns

	// DecreasingReturns means scale inefficiency with NIRS score = VRS score. DEAP prints "drs".
	DecreasingReturns
)

// String returns the label DEAP prints: "-", "irs" or "drs".
func (d ScaleDirection) String() string {
	switch d {
	case ConstantReturns:
		return "-"
	case IncreasingReturns:
		return "irs"
	case DecreasingReturns:
		return "drs"
	}
	return "ScaleDirection(" + strconv.Itoa(int(d)) + ")"
}

// EfficiencyOptions are the settings of Efficiency. The zero value gives output orientation on all cores.
type EfficiencyOptions struct {
	Orientation Orientation

	// UnitNames, InputNames and OutputNames label the rows and columns of x and y in error messages.
	// Each may be nil, which gives "row 0", "input 1", "output 1" and so on.
	UnitNames   []string
	InputNames  []string
	OutputNames []string

	// Workers is the number of goroutines that solve programs; zero or less means GOMAXPROCS. Results
	// do not depend on it.
	Workers int
}

// EfficiencyResult contains the scores of one period's DEA, as DEAP 2.1 prints them in its efficiency
// summary. Every slice has one entry per unit, in the row order of x and y.
type EfficiencyResult struct {
	Orientation Orientation

	CRS  []float64 // technical efficiency under constant returns to scale ("crste")
	VRS  []float64 // pure technical efficiency under variable returns to scale ("vrste")
	NIRS []float64 // efficiency under non-increasing returns to scale, used for Direction

	// Scale is the scale efficiency CRS/VRS ("scale").
	Scale []float64

	// Direction is irs, drs or "-" for each unit.
	Direction []ScaleDirection

	// Programs is the number of linear programs solved (3 per unit).
	Programs int
}

// Efficiency computes the CRS, VRS and NIRS efficiency of each of the n units in x (n×m inputs) and y
// (n×s outputs) against the frontier of all n units. It also returns the scale efficiency CRS/VRS and the
// returns-to-scale direction, as DEAP 2.1 does in its single-period DEA option (Coelli 1996).
//
// Direction follows the rule in Coelli (1996). A scale-inefficient unit has increasing returns when its
// NIRS score differs from its VRS score, and decreasing returns when they are equal. The direction can
// differ between orientations, because the two orientations project the unit onto different parts of the
// VRS frontier.
//
// Efficiency returns a *DataError for a value that is not positive and finite, and ctx.Err() when ctx is
// cancelled. It panics when x and y have different row counts or a name slice has the wrong length.
func Efficiency(ctx context.Context, x, y *mat.Dense, opts EfficiencyOptions) (*EfficiencyResult, error) {
	units, inputs := x.Dims()
	yRows, outputs := y.Dims()
	if yRows != units || (opts.UnitNames != nil && len(opts.UnitNames) != units) ||
		(opts.InputNames != nil && len(opts.InputNames) != inputs) ||
		(opts.OutputNames != nil && len(opts.OutputNames) != outputs) {
		panic(fmt.Sprintf("dea: Efficiency shapes: x %d×%d, y %d×%d, %d unit, %d input and %d output names",
			units, inputs, yRows, outputs, len(opts.UnitNames), len(opts.InputNames), len(opts.OutputNames)))
	}
	if err := (Model{Orientation: opts.Orientation}).validate(); err != nil {
		return nil, err
	}
	ref := Technology{X: x, Y: y}
	if err := validateTechnology(ref, opts.UnitNames, opts.InputNames, opts.OutputNames, ""); err != nil {
		return nil, err
	}

	front := newFrontier(x, y, nil)
	res := &EfficiencyResult{
		Orientation: opts.Orientation,
		CRS:         make([]float64, units),
		VRS:         make([]float64, units),
		NIRS:        make([]float64, units),
		Scale:       make([]float64, units),
		Direction:   make([]ScaleDirection, units),
		Programs:    3 * units,
	}

	returns := [3]ReturnsToScale{CRS, VRS, NIRS}
	targets := [3][]float64{res.CRS, res.VRS, res.NIRS}
	workers := workerCount(opts.Workers, units)
	evaluators := make([]Evaluator, workers)
	scratch := make([][]float64, workers)
	errs := make([]error, units)
	work := func(worker, unit int) {
		e := &evaluators[worker]
		if scratch[worker] == nil {
			scratch[worker] = make([]float64, inputs+outputs)
		}
		x0, y0 := unitData(&front, unit, scratch[worker])
		for m, rts := range returns {
			factor, status, err := e.solve(&front, x0, y0, Model{Orientation: opts.Orientation, Returns: rts})
			if err == nil && status != Optimal {
				// The evaluated unit belongs to the reference set, so λ = eᵢ with factor 1 is feasible.
				err = fmt.Errorf("%s-oriented %s program reported infeasible although the unit is in the reference set", opts.Orientation, rts)
			}
			if err != nil {
				errs[unit] = fmt.Errorf("dea: unit %q: %w", unitName(opts.UnitNames, unit), err)
				targets[m][unit] = math.NaN()
				continue
			}
			targets[m][unit] = score(factor, opts.Orientation)
		}
	}
	if err := forEach(ctx, units, workers, nil, work); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}

	for j := range units {
		res.Scale[j] = res.CRS[j] / res.VRS[j]
		res.Direction[j] = scaleDirection(res.CRS[j], res.VRS[j], res.NIRS[j])
	}
	return res, nil
}

// unitData copies the scaled inputs and outputs of unit j of f into buf (length m+s) and returns the two
// halves.
func unitData(f *frontier, j int, buf []float64) (x0, y0 []float64) {
	inputs := len(f.inputs)
	for k := range f.inputs {
		buf[k] = f.inputs[k][j]
	}
	for r := range f.outputs {
		buf[inputs+r] = f.outputs[r][j]
	}
	return buf[:inputs], buf[inputs:]
}

func scaleDirection(crs, vrs, nirs float64) ScaleDirection {
	switch {
	case nearlyEqual(crs, vrs):
		return ConstantReturns
	case nearlyEqual(nirs, vrs):
		return DecreasingReturns
	}
	return IncreasingReturns
}

func nearlyEqual(a, b float64) bool {
	return math.Abs(a-b) <= scaleTolerance*math.Max(math.Abs(a), math.Abs(b))
}
