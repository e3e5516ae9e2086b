package dea

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// Orientation is the direction of the radial projection onto the frontier.
type Orientation int

const (
	// OutputOrientation expands all outputs by the largest factor φ ≥ 1 that keeps the unit inside the
	// technology at its observed inputs. It is the zero value because DEAP's Malmquist runs of the
	// replicated study use it.
	OutputOrientation Orientation = iota

	// InputOrientation contracts all inputs by the smallest factor θ ≤ 1 that keeps the unit inside the
	// technology at its observed outputs.
	InputOrientation
)

// String returns "output" or "input".
func (o Orientation) String() string {
	switch o {
	case OutputOrientation:
		return "output"
	case InputOrientation:
		return "input"
	}
	return "Orientation(" + strconv.Itoa(int(o)) + ")"
}

// ReturnsToScale is the returns-to-scale assumption of the reference technology.
type ReturnsToScale int

const (
	// CRS is constant returns to scale (Charnes, Cooper and Rhodes 1978): the cone spanned by the units.
	CRS ReturnsToScale = iota

	// VRS is variable returns to scale (Banker, Charnes and Cooper 1984): the convex hull, Σλ = 1.
	VRS

	// NIRS is non-increasing returns to scale: Σλ ≤ 1. DEAP compares it with VRS to tell increasing from
	// decreasing returns.
	NIRS
)

// String returns "CRS", "VRS" or "NIRS".
func (r ReturnsToScale) String() string {
	switch r {
	case CRS:
		return "CRS"
	case VRS:
		return "VRS"
	case NIRS:
		return "NIRS"
	}
	return "ReturnsToScale(" + strconv.Itoa(int(r)) + ")"
}

// Model is one radial DEA program: an orientation and a returns-to-scale assumption. The zero value is the
// output-oriented CRS model.
type Model struct {
	Orientation Orientation
	Returns     ReturnsToScale
}

func (m Model) validate() error {
	if m.Orientation != OutputOrientation && m.Orientation != InputOrientation {
		return fmt.Errorf("dea: invalid orientation %d: use OutputOrientation or InputOrientation", int(m.Orientation))
	}
	if m.Returns != CRS && m.Returns != VRS && m.Returns != NIRS {
		return fmt.Errorf("dea: invalid returns to scale %d: use CRS, VRS or NIRS", int(m.Returns))
	}
	return nil
}

// Status is the outcome of one DEA linear program.
type Status int

const (
	// Optimal means that the program was solved and the score is finite.
	Optimal Status = iota

	// Infeasible means that the evaluated unit cannot be projected onto the reference technology in the
	// chosen orientation. It happens only for VRS or NIRS against another period's frontier, for example an
	// output-oriented VRS program whose unit uses less of some input than every reference unit.
	Infeasible

	// Failed means that the solver stopped without an optimum, after its iteration limit or a numerical
	// breakdown. Evaluate returns an error instead, so only UnsolvedProgram carries this status.
	Failed
)

// String returns "optimal", "infeasible" or "failed".
func (s Status) String() string {
	switch s {
	case Optimal:
		return "optimal"
	case Infeasible:
		return "infeasible"
	case Failed:
		return "failed"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// Technology is a reference set of n observed units with m inputs and s outputs. All values must be
// positive and finite, in any units, as long as each column uses the same unit for every row.
type Technology struct {
	X *mat.Dense // n×m inputs
	Y *mat.Dense // n×s outputs
}

// Solution is the optimum of one radial DEA program for one evaluated unit.
type Solution struct {
	// Score is the efficiency as DEAP prints it: θ for input orientation (the Farrell input measure,
	// the reciprocal of the Shephard input distance) and 1/φ for output orientation (the Shephard output
	// distance, the reciprocal of the Farrell output measure). It is at most 1 when the unit belongs to
	// the reference technology, and above 1 when it lies beyond another period's frontier. It is NaN
	// unless Status is Optimal.
	Score float64

	// Factor is the optimal θ (input orientation) or φ (output orientation); NaN unless Status is Optimal.
	Factor float64

	// Lambda is the intensity weight λⱼ of each reference unit at the optimum, length n; nil unless
	// Status is Optimal. The optimum need not be unique, and then Lambda is one of the optimal vectors.
	Lambda []float64

	Status Status
}

// Evaluator solves radial DEA programs and reuses its LP storage between calls. Its zero value is ready to
// use. It is not safe for concurrent use, so give each goroutine its own Evaluator.
type Evaluator struct {
	program linearProgram
	solver  simplex
}

// Evaluate computes the efficiency of the unit with inputs x0 (length m) and outputs y0 (length s)
// relative to the technology ref under model. The unit need not be one of the reference units, which is
// how cross-period distances are computed. See the package documentation for the linear programs.
//
// Each input and output is divided by its mean over the reference units before solving, so the score does
// not depend on the units of measurement. Evaluate returns a *DataError when a value is not positive and
// finite. An infeasible program is not an error: the Solution has Status Infeasible and a NaN score.
// Evaluate panics when x0 or y0 do not match the column counts of ref.X and ref.Y, or when ref.X and
// ref.Y have different row counts.
func (e *Evaluator) Evaluate(ref Technology, x0, y0 []float64, model Model) (Solution, error) {
	if err := model.validate(); err != nil {
		return Solution{}, err
	}
	units, inputs := ref.X.Dims()
	outputRows, outputs := ref.Y.Dims()
	if outputRows != units || len(x0) != inputs || len(y0) != outputs {
		panic(fmt.Sprintf("dea: Evaluate shapes: X %d×%d, Y %d×%d, x0 %d, y0 %d", units, inputs, outputRows, outputs, len(x0), len(y0)))
	}
	if err := validateTechnology(ref, nil, nil, nil, ""); err != nil {
		return Solution{}, err
	}
	for k, v := range x0 {
		if err := checkValue(v, "evaluated unit", "", variableName(nil, "input", k)); err != nil {
			return Solution{}, err
		}
	}
	for r, v := range y0 {
		if err := checkValue(v, "evaluated unit", "", variableName(nil, "output", r)); err != nil {
			return Solution{}, err
		}
	}

	frontier := newFrontier(ref.X, ref.Y, nil)
	scaledX := make([]float64, inputs)
	for k := range x0 {
		scaledX[k] = x0[k] / frontier.inputScale[k]
	}
	scaledY := make([]float64, outputs)
	for r := range y0 {
		scaledY[r] = y0[r] / frontier.outputScale[r]
	}

	factor, status, err := e.solve(&frontier, scaledX, scaledY, model)
	if err != nil {
		return Solution{}, fmt.Errorf("dea: %w", err)
	}
	if status != Optimal {
		return Solution{Score: math.NaN(), Factor: math.NaN(), Status: status}, nil
	}
	lambda := make([]float64, units)
	copy(lambda, e.solver.solution[1:1+units])
	return Solution{Score: score(factor, model.Orientation), Factor: factor, Lambda: lambda, Status: Optimal}, nil
}

// Evaluate computes one efficiency with a fresh Evaluator; see Evaluator.Evaluate. Use an Evaluator to
// reuse the LP storage across many calls.
func Evaluate(ref Technology, x0, y0 []float64, model Model) (Solution, error) {
	var e Evaluator
	return e.Evaluate(ref, x0, y0, model)
}

// score converts the optimal factor to the efficiency DEAP prints: θ, or 1/φ.
func score(factor float64, orientation Orientation) float64 {
	if orientation == OutputOrientation {
		return 1 / factor
	}
	return factor
}

// frontier is a technology in the layout the LP builder reads, each variable divided by a scale.
type frontier struct {
	units       int
	inputs      [][]float64 // m × n: inputs[k][j] is input k of unit j, divided by inputScale[k]
	outputs     [][]float64 // s × n
	inputScale  []float64   // m
	outputScale []float64   // s
}

// newFrontier copies X (n×m) and Y (n×s) into a frontier. When scale is nil each variable is divided by
// its mean over the n units, otherwise by the given scales (inputs first, then outputs).
func newFrontier(x, y mat.Matrix, scale []float64) frontier {
	units, inputs := x.Dims()
	_, outputs := y.Dims()
	f := frontier{
		units:       units,
		inputs:      make([][]float64, inputs),
		outputs:     make([][]float64, outputs),
		inputScale:  make([]float64, inputs),
		outputScale: make([]float64, outputs),
	}
	fill := func(dst [][]float64, scales []float64, m mat.Matrix, offset int) {
		for k := range dst {
			dst[k] = make([]float64, units)
			sum := 0.0
			for j := range units {
				dst[k][j] = m.At(j, k)
				sum += dst[k][j]
			}
			scales[k] = sum / float64(units)
			if scale != nil {
				scales[k] = scale[offset+k]
			}
			for j := range units {
				dst[k][j] /= scales[k]
			}
		}
	}
	fill(f.inputs, f.inputScale, x, 0)
	fill(f.outputs, f.outputScale, y, inputs)
	return f
}

// solve builds and solves the envelopment program of the unit (x0, y0), already scaled like ref, and
// returns the optimal θ or φ.
func (e *Evaluator) solve(ref *frontier, x0, y0 []float64, model Model) (float64, Status, error) {
	units, inputs, outputs := ref.units, len(ref.inputs), len(ref.outputs)
	rows := inputs + outputs
	if model.Returns != CRS {
		rows++
	}
	vars := 1 + units // v₀ = θ or φ, then λ₁ … λₙ
	lp := &e.program
	lp.reset(rows, vars)

	output := model.Orientation == OutputOrientation
	for r := range outputs {
		row := lp.a[r*vars : (r+1)*vars]
		copy(row[1:], ref.outputs[r])
		lp.sense[r] = greaterEqual
		if output {
			row[0] = -y0[r] // Σⱼ λⱼ yᵣⱼ − φ yᵣ₀ ≥ 0
		} else {
			lp.b[r] = y0[r] // Σⱼ λⱼ yᵣⱼ ≥ yᵣ₀
		}
	}
	for k := range inputs {
		i := outputs + k
		row := lp.a[i*vars : (i+1)*vars]
		copy(row[1:], ref.inputs[k])
		lp.sense[i] = lessEqual
		if output {
			lp.b[i] = x0[k] // Σⱼ λⱼ xₖⱼ ≤ xₖ₀
		} else {
			row[0] = -x0[k] // Σⱼ λⱼ xₖⱼ − θ xₖ₀ ≤ 0
		}
	}
	if model.Returns != CRS {
		i := rows - 1
		row := lp.a[i*vars : (i+1)*vars]
		for j := 1; j < vars; j++ {
			row[j] = 1
		}
		lp.b[i] = 1
		lp.sense[i] = equal // VRS: Σλ = 1
		if model.Returns == NIRS {
			lp.sense[i] = lessEqual // NIRS: Σλ ≤ 1
		}
	}
	if output {
		lp.c[0] = -1 // maximize φ
	} else {
		lp.c[0] = 1 // minimize θ
	}

	status, _, err := e.solver.solve(lp)
	switch {
	case err != nil:
		return math.NaN(), 0, fmt.Errorf("%s-oriented %s program: %w", model.Orientation, model.Returns, err)
	case status == lpInfeasible:
		return math.NaN(), Infeasible, nil
	case status == lpUnbounded:
		// Positive data bound both programs, so this only happens after a numerical breakdown.
		return math.NaN(), 0, fmt.Errorf("%s-oriented %s program reported unbounded, which positive data rule out; check the data for extreme magnitudes",
			model.Orientation, model.Returns)
	}
	return e.solver.solution[0], Optimal, nil
}
