package linreg

import "fmt"

// RowDropReason is the cause of a row's removal from the estimation sample.
type RowDropReason int

const (
	// NonFiniteY: the dependent variable is NaN or ±Inf.
	NonFiniteY RowDropReason = iota + 1
	// NonFiniteX: a regressor is NaN or ±Inf.
	NonFiniteX
	// MissingFECode: a fixed-effect code is negative.
	MissingFECode
	// MissingClusterCode: a code of Design.Clusters is negative.
	MissingClusterCode
	// Singleton: the row is alone in a level of a fixed-effect dimension.
	Singleton
)

// String returns a short English description.
func (r RowDropReason) String() string {
	switch r {
	case NonFiniteY:
		return "non-finite dependent variable"
	case NonFiniteX:
		return "non-finite regressor"
	case MissingFECode:
		return "missing fixed-effect code"
	case MissingClusterCode:
		return "missing cluster code"
	case Singleton:
		return "singleton fixed-effect group"
	}
	return fmt.Sprintf("RowDropReason(%d)", int(r))
}

// DroppedRow is one row that Fit left out.
type DroppedRow struct {
	Row    int           // index into the Design's columns
	Reason RowDropReason // first reason found, in the order y, X, FE, Clusters, singletons
	Column string        // the column or factor that triggered the drop
}

// DropCount is the number of rows dropped for one reason on one column.
type DropCount struct {
	Reason RowDropReason
	Column string
	Rows   int
}

// RegressorDropReason is the cause of a regressor's removal from the solution.
type RegressorDropReason int

const (
	// AllZero: the column is zero on every estimation row.
	AllZero RegressorDropReason = iota + 1
	// CollinearWithFE: the fixed effects explain the column (it is constant within groups).
	CollinearWithFE
	// CollinearWithRegressors: the column is a linear combination of earlier regressors (and the fixed
	// effects, when there are any).
	CollinearWithRegressors
)

// String returns a short English description.
func (r RegressorDropReason) String() string {
	switch r {
	case AllZero:
		return "all values are zero"
	case CollinearWithFE:
		return "collinear with the fixed effects"
	case CollinearWithRegressors:
		return "collinear with other regressors"
	}
	return fmt.Sprintf("RegressorDropReason(%d)", int(r))
}

// DroppedRegressor is one column of X (or the intercept) that Fit dropped.
type DroppedRegressor struct {
	Name   string
	Column int // index in Design.X; -1 for the intercept
	Reason RegressorDropReason
	// CollinearWith names the kept regressors of the linear relation, for CollinearWithRegressors.
	CollinearWith []string
	// Detail states the relation found, for example "x2 = 1·x1".
	Detail string
}

// FEInfo describes one fixed-effect dimension on the estimation sample.
type FEInfo struct {
	Name       string
	Levels     int // levels left after the row drops
	Singletons int // rows dropped as singletons of this dimension
}

// ClusterInfo describes one factor of Design.Clusters on the estimation sample.
type ClusterInfo struct {
	Name string
	G    int // clusters left after the row drops
}

// AbsorbInfo records how the fixed effects were removed.
type AbsorbInfo struct {
	Method AbsorbMethod // AbsorbExact or AbsorbIterative; AbsorbAuto when there are no fixed effects
	// ReducedLevels is the size of the reduced normal equations: the levels of all dimensions but the
	// largest.
	ReducedLevels int
	// MaxIterations is the largest number of conjugate-gradient iterations over the columns.
	MaxIterations int
	// Tol is the tolerance used by the iterative method.
	Tol float64
}

// Step records one stage of Fit, in order.
type Step struct {
	Name   string // validate, singletons, absorb, collinearity, solve, statistics
	Detail string
}

// FEValues holds the recovered values of one fixed-effect dimension.
//
// The normalisation follows fixest's fixef. With one dimension, α_g is the mean of y − Xβ over group g,
// so the model has no separate constant. With two or more dimensions, in every connected component of
// the first two dimensions the level of the second dimension with the lowest code is set to 0, and the
// first dimension takes up the constant. Each later dimension has its lowest-code level set to 0 over
// the whole sample.
type FEValues struct {
	Name   string
	Codes  []int32   // the original code of each level
	Values []float64 // the effect of each level, aligned with Codes
}

// Result is a fitted linear model. Fields are read-only after Fit returns.
type Result struct {
	YName string
	// Names and Coef list the estimated coefficients, in Design order (the intercept first), without
	// the dropped regressors.
	Names []string
	Coef  []float64

	NInput  int // rows in the Design
	N       int // rows in the estimation sample
	K       int // estimated coefficients (len(Coef)), intercept included
	FERank  int // absorbed degrees of freedom: the rank of the fixed-effect dummy matrix, constant included
	DFResid int // N − K − FERank

	// FERankExact is false when FERank is a bound: with three or more dimensions solved iteratively,
	// FERank counts one redundant level per dimension beyond the first and per extra connected component,
	// and may overstate the rank.
	FERankExact bool

	RSS       float64 // residual sum of squares
	TSS       float64 // Σ(y − ȳ)² on the estimation sample; Σy² for pooled OLS without intercept
	TSSWithin float64 // sum of squares of the within-transformed y; equal to TSS without fixed effects
	R2        float64 // 1 − RSS/TSS: the R² of the full model, fixed effects included
	R2Within  float64 // 1 − RSS/TSSWithin
	// AdjR2 is 1 − (1 − R2)(N − 1)/DFResid; N replaces N − 1 for pooled OLS without intercept.
	AdjR2 float64
	// AdjR2Within is 1 − (1 − R2Within)(N − 1)/DFResid, as R plm reports for within models.
	AdjR2Within float64
	Sigma       float64 // sqrt(RSS/DFResid)

	// F is the classical F statistic that all slopes (the intercept excluded) are zero, with
	// FDF = (number of slopes, DFResid) and p-value FP.
	F   float64
	FDF [2]int
	FP  float64

	// Cons is ȳ − x̄'β on the estimation sample, the _cons that Stata's xtreg, fe prints. It is 0 without
	// fixed effects (see the intercept coefficient instead).
	Cons float64

	// Condition is the 2-norm condition number of the within-transformed regressor matrix after dividing
	// each column by the norm it had before the fixed effects were removed.
	Condition float64

	FE           []FEInfo
	FEComponents int // connected components of the first two fixed-effect dimensions (0 with fewer)
	Clusters     []ClusterInfo
	Absorb       AbsorbInfo

	DroppedRows       []DroppedRow
	DropSummary       []DropCount
	DroppedRegressors []DroppedRegressor
	Steps             []Step
	Notes             []string

	// Rows maps each estimation row to its index in the Design.
	Rows []int
	// Residuals holds y − Xβ − Σα, one per estimation row.
	Residuals []float64
	// FixedEffects holds the recovered effects when Options.FixedEffects is set.
	FixedEffects []FEValues

	// Within-transformed kept regressors, column by column, and the inverse of their cross-product.
	xw      [][]float64
	xtxInv  []float64 // K×K, row-major
	slopes  []bool    // false for the intercept column in the Wald and classical F tests
	fe      []feDim
	clus    []feDim // Design.Clusters on the estimation sample
	workers int
}
