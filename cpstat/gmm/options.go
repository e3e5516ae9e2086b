package gmm

import (
	"fmt"
	"math"
	"strconv"
)

// OneStepWeight selects the matrix H_i in the one-step weight matrix A1 = (Σ_i Z_i' H_i Z_i)⁻¹.
type OneStepWeight int

const (
	// WeightFull is the covariance of the equation errors when ε_it is i.i.d. with unit variance: G (2 on the
	// diagonal, −1 beside it) for first differences, I for orthogonal deviations, I for the level equation,
	// and in system GMM the covariance between transformed and level errors off the diagonal. This is pgmm's
	// default (fsm = "G" for difference GMM, "full" for system GMM).
	WeightFull OneStepWeight = iota
	// WeightBlockDiagonal is WeightFull without the transformed–level covariance (pgmm's fsm = "GI"). It equals
	// WeightFull in difference GMM.
	WeightBlockDiagonal
	// WeightIdentity is H = I (pgmm's fsm = "I", xtabond2's h(1)).
	WeightIdentity
)

// String returns the pgmm name of the weight choice.
func (w OneStepWeight) String() string {
	switch w {
	case WeightFull:
		return "full"
	case WeightBlockDiagonal:
		return "GI"
	case WeightIdentity:
		return "I"
	}
	return "OneStepWeight(" + strconv.Itoa(int(w)) + ")"
}

// DefaultSingularTol is pgmm's threshold: a weight matrix whose smallest eigenvalue is below it is inverted
// with a generalized inverse.
const DefaultSingularTol = 1e-9

// Options are the fitting settings. The zero value gives pgmm's defaults: one-step estimation, the full H,
// AR tests of order 1 and 2, and pgmm's singularity threshold.
type Options struct {
	// TwoStep estimates the two-step efficient GMM with weights from the one-step residuals, whose robust
	// covariance is Windmeijer's (2005) corrected one. The zero value gives one-step GMM.
	TwoStep bool
	// Weight is H in the one-step weight matrix.
	Weight OneStepWeight
	// MaxAROrder is the highest order of the Arellano–Bond test. Zero means 2.
	MaxAROrder int
	// SingularTol is the smallest eigenvalue (absolute, as in pgmm) below which a weight matrix is inverted
	// with the Moore–Penrose generalized inverse, recording a warning. Zero means DefaultSingularTol.
	SingularTol float64
}

func (o Options) withDefaults() (Options, error) {
	switch o.Weight {
	case WeightFull, WeightBlockDiagonal, WeightIdentity:
	default:
		return o, &SpecError{Field: "Options.Weight", Msg: fmt.Sprintf("unknown value %d", int(o.Weight))}
	}
	if o.MaxAROrder < 0 {
		return o, &SpecError{Field: "Options.MaxAROrder", Msg: fmt.Sprintf("%d is negative; use 0 for the default of 2", o.MaxAROrder)}
	}
	if o.MaxAROrder == 0 {
		o.MaxAROrder = 2
	}
	if o.SingularTol < 0 || math.IsNaN(o.SingularTol) {
		return o, &SpecError{Field: "Options.SingularTol", Msg: fmt.Sprintf("%v is not a valid threshold; use 0 for the default", o.SingularTol)}
	}
	if o.SingularTol == 0 {
		o.SingularTol = DefaultSingularTol
	}
	return o, nil
}
