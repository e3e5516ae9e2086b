package linreg

// InterceptName is the coefficient name of the constant column that Fit adds for pooled OLS.
const InterceptName = "(Intercept)"

// Factor is one categorical variable of a design: a fixed-effect dimension or a cluster dimension.
//
// Codes holds one id per row of the Design. Ids need not be contiguous: any non-negative int32 works
// (0..L-1 is cheapest). A negative id marks a missing value, and Fit drops that row listwise.
type Factor struct {
	Name  string
	Codes []int32
}

// Design is the numeric specification of one linear model: y = Xβ + Σ_d α_d[code_d] + u.
//
// All slices are indexed by row, N rows in total. Fit reads them without modifying them, unless
// Options.InPlace is set.
type Design struct {
	// Y is the dependent variable, length N.
	Y []float64
	// YName names Y in messages; "y" when empty.
	YName string
	// X holds the regressors column by column: X[j] has length N.
	X [][]float64
	// Names holds one name per column of X. Missing or empty names become "x1", "x2", ….
	Names []string
	// Intercept adds a constant column named InterceptName in front of X. It applies to pooled OLS only:
	// when FE is not empty the fixed effects absorb the constant, and Fit records that in Result.Steps.
	Intercept bool
	// FE lists the absorbed fixed-effect dimensions, in any number.
	FE []Factor
	// Clusters lists further factors that VCov may cluster on by name (an FE dimension can be named
	// directly). Fit drops the rows where a cluster code is missing, so that every variance estimate of
	// one Result uses the same sample.
	Clusters []Factor
}

// AbsorbMethod selects how Fit removes the fixed effects.
type AbsorbMethod int

const (
	// AbsorbAuto uses AbsorbExact when the fixed-effect dimensions other than the largest one have at
	// most AbsorbOptions.ExactMaxLevels levels in total, and AbsorbIterative otherwise.
	AbsorbAuto AbsorbMethod = iota
	// AbsorbExact partials out the largest dimension by group demeaning and solves the normal
	// equations of the remaining dummies exactly (a dense Cholesky factorisation). With one dimension
	// this is plain group demeaning.
	AbsorbExact
	// AbsorbIterative solves the same reduced normal equations by preconditioned conjugate gradients,
	// without forming the matrix.
	AbsorbIterative
)

// String returns the method name used in Result.Steps.
func (m AbsorbMethod) String() string {
	switch m {
	case AbsorbAuto:
		return "auto"
	case AbsorbExact:
		return "exact"
	case AbsorbIterative:
		return "iterative"
	}
	return "AbsorbMethod(?)"
}

// AbsorbOptions tunes the fixed-effect absorption. The zero value selects the defaults.
type AbsorbOptions struct {
	// Method defaults to AbsorbAuto.
	Method AbsorbMethod
	// ExactMaxLevels is the largest total number of levels, over all dimensions except the largest,
	// for which AbsorbAuto uses the exact method. Default 1000: the dense factorisation then costs at
	// most about 0.3 GFLOP.
	ExactMaxLevels int
	// Tol is the convergence tolerance of the iterative method. It stops when the norm of the
	// normal-equation residual (the per-level sums of the transformed column) falls below Tol times its
	// starting norm. At the default, 1e-12, the package tests find coefficients within 1e-9 relative of
	// LSDV and of the exact method on unbalanced and weakly connected panels.
	Tol float64
	// MaxIter caps the conjugate-gradient iterations per column. Default 10000.
	MaxIter int
}

// Options tunes Fit. The zero value selects the defaults.
type Options struct {
	// KeepSingletons keeps the rows that are alone in a level of some fixed-effect dimension. By default
	// Fit drops them, and repeats until no singleton remains, as fixest and reghdfe do. Such rows fit
	// perfectly and add nothing to the slopes, but they inflate N, which enters R² and the
	// small-sample factors of the clustered variances.
	KeepSingletons bool
	// Absorb tunes the fixed-effect absorption.
	Absorb AbsorbOptions
	// CollinearityTol is the threshold below which a regressor counts as collinear. The test is on the
	// share of the column's sum of squares left after removing the fixed effects and the regressors
	// before it: Σ r_i² / Σ x_i² < CollinearityTol, where r is that remainder and x the column as given.
	// Default 1e-10, that is a remainder norm below 1e-5 of the column norm.
	CollinearityTol float64
	// Workers is the number of goroutines used across columns. Default runtime.GOMAXPROCS(0). Results are
	// bit-identical for every value.
	Workers int
	// FixedEffects makes Fit recover the fixed-effect values into Result.FixedEffects.
	FixedEffects bool
	// InPlace lets Fit overwrite Design.Y and Design.X instead of copying them, which saves 8·N bytes
	// per column on large panels. After Fit returns, the first N entries of each X column hold the
	// within-transformed regressor and those of Y hold the residuals (Result.Residuals shares them),
	// so the caller must not reuse those slices for anything else. Columns must not overlap in memory,
	// except that the same slice may appear twice (Fit copies the second use). InPlace cannot be
	// combined with FixedEffects, which needs the original values.
	InPlace bool
}

const (
	defaultExactMaxLevels  = 1000
	defaultAbsorbTol       = 1e-12
	defaultAbsorbMaxIter   = 10000
	defaultCollinearityTol = 1e-10
)

func (o Options) withDefaults() Options {
	if o.Absorb.ExactMaxLevels <= 0 {
		o.Absorb.ExactMaxLevels = defaultExactMaxLevels
	}
	if o.Absorb.Tol <= 0 {
		o.Absorb.Tol = defaultAbsorbTol
	}
	if o.Absorb.MaxIter <= 0 {
		o.Absorb.MaxIter = defaultAbsorbMaxIter
	}
	if o.CollinearityTol <= 0 {
		o.CollinearityTol = defaultCollinearityTol
	}
	return o
}
