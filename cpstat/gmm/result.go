package gmm

import "gonum.org/v1/gonum/mat"

// Result is a fitted dynamic panel GMM model. Coefficient slices are in the order of CoefNames and instrument
// slices in the order of InstrumentNames.
type Result struct {
	Spec    Spec
	Options Options // with defaults filled in

	// CoefNames lists the regressors ("L.y", "w"), then the constant ("_cons", system GMM), then the time
	// dummies, named by their time value ("1979").
	CoefNames []string
	// IsTimeDummy marks the time dummies in CoefNames.
	IsTimeDummy []bool
	// Coef is the final estimate: one-step, or two-step when Options.TwoStep is set.
	Coef []float64
	// OneStepCoef is the one-step estimate that gave the two-step weights. It equals Coef for one-step models.
	OneStepCoef []float64

	// Robust is inference from the cluster-robust (by unit) one-step covariance or, for two-step models,
	// Windmeijer's (2005) corrected covariance. Both are pgmm's vcovHC.
	Robust Inference
	// NonRobust is inference from pgmm's vcov: (X'Z A2 Z'X)⁻¹ for two-step models and
	// (X'Z A1 Z'X)⁻¹ with A1 = N·(Σ_i Z_i'H_i Z_i)⁻¹ for one-step models. The one-step version has no σ²
	// factor, so it is only comparable with pgmm.
	NonRobust Inference

	// Sargan is z'A1 z, z = Σ_i Z_i'e_i from this model's residuals, weighted with the one-step matrix A1
	// (pgmm's sargan(weights = "onestep")).
	Sargan ChiSquareTest
	// Hansen is z'A2 z with A2 = (Σ_i Z_i'ê_i ê_i'Z_i)⁻¹ from the one-step residuals ê (pgmm's default
	// sargan(weights = "twosteps")). For two-step models this is Hansen's J.
	Hansen ChiSquareTest
	// DiffHansen holds one difference-in-Hansen test per instrument group.
	DiffHansen []DiffHansenTest

	// NumObs counts the equations used: transformed plus level equations (pgmm's "Number of Observations Used").
	NumObs            int
	NumTransformedObs int
	NumLevelObs       int
	NumUnits          int // units with at least one equation (N in the one-step weight matrix)
	NumRows           int // rows of the input panel
	NumInstruments    int
	InstrumentNames   []string
	InstrumentGroups  []InstrumentGroup

	// MissingValues lists every NaN or infinite value in a variable the model uses. A missing value removes
	// each equation that needs it, and as a lagged instrument it enters as zero.
	MissingValues []MissingValue
	// DroppedUnits lists units without any complete equation.
	DroppedUnits []DroppedUnit
	// DroppedCoefficients lists regressors and time dummies removed as collinear or zero.
	DroppedCoefficients []DroppedCoefficient
	// Warnings records conditions that weaken the results: more instruments than units, generalized inverses.
	Warnings []string
	// Notes records other facts about the estimation sample.
	Notes []string
}

// Inference is one covariance estimate of the coefficients with the statistics computed from it.
type Inference struct {
	Vcov *mat.SymDense // K × K
	SE   []float64
	Z    []float64 // Coef / SE
	P    []float64 // two-sided, standard normal
	// AR holds the Arellano–Bond tests of order 1 up to Options.MaxAROrder on the first-differenced residuals.
	AR []ARTest
	// WaldCoef tests that all regressors other than the constant and the time dummies are zero.
	WaldCoef ChiSquareTest
	// WaldTime tests that all time dummies are zero (the constant is not tested).
	WaldTime ChiSquareTest
}

// ChiSquareTest is a test statistic with a χ² reference distribution. When the test cannot be computed,
// Statistic and PValue are NaN and Reason explains why. DF may then be zero or negative.
type ChiSquareTest struct {
	Statistic float64
	DF        int
	PValue    float64
	Reason    string
}

// ARTest is the Arellano and Bond (1991) test for serial correlation of the given order in the
// first-differenced residuals. The statistic is standard normal under no correlation. When it cannot be
// computed, Statistic and PValue are NaN and Reason explains why.
type ARTest struct {
	Order     int
	Statistic float64
	PValue    float64
	Reason    string
}

// DiffHansenTest is the difference-in-Hansen (C) test of one instrument group: Hansen's J of the two-step
// model with all instruments minus J of the two-step model without the group. Both use the same moment
// covariance from the one-step residuals, restricted to the instruments kept, so the difference is not
// negative.
type DiffHansenTest struct {
	Group string
	// Excluded is Hansen's J without the group, df = instruments left − coefficients.
	Excluded ChiSquareTest
	// Difference is J(all) − J(without the group), df = the group's column count.
	Difference ChiSquareTest
}
