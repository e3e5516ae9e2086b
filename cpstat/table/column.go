package table

import "math"

// Column is one model of a regression table with every number already computed. Converting an estimator's
// result into a Column is the caller's job, so Column is a plain value with no link to any regression type.
type Column struct {
	// Title is shown in a header row under the column number, e.g. "OLS" or "两步GMM". Empty titles in every
	// column drop that row.
	Title string

	// DepVar is the code of the dependent variable, shown through the table's Labels in the dependent-variable
	// header row. Adjacent columns with the same DepVar share one spanning cell.
	DepVar string

	// Coefs are the coefficient rows in the model's own order. Layout rejects a term that appears twice.
	Coefs []Coef

	// FixedEffects are the names of the fixed effects the model includes, e.g. "year" and "province". Each
	// name gets one indicator row; the order of first appearance across columns is the row order unless
	// Regression.FixedEffects sets it.
	FixedEffects []string

	// Stats are the fit statistics in display order, e.g. N, R², within R², number of clusters, AR(2) p-value.
	// Layout rejects a key that appears twice.
	Stats []Stat
}

// Coef is one coefficient of a model. NaN marks a number that is not available, such as the standard error
// of a coefficient whose cluster-robust variance is not identified.
type Coef struct {
	Term     string  // code of the regressor, e.g. "balance" or "L.cp"; shown through Labels
	Estimate float64 // point estimate
	StdErr   float64 // standard error
	Stat     float64 // t or z statistic
	PValue   float64 // two-sided p-value in [0, 1], which decides the stars
}

// Stat is one fit statistic of a model.
type Stat struct {
	Key   string  // code such as "N", "r2", "r2_within", "clusters", "ar2p"; shown through Labels
	Value float64 // the statistic; NaN is written "—"
	// Decimals is the number of digits after the decimal point. 0 means automatic: an integer value such as
	// N or a cluster count is written without decimals and any other value with 3.
	Decimals int
}

// decimals returns the number of decimals to write, resolving the automatic setting of a zero Decimals.
func (s Stat) decimals() int {
	if s.Decimals == 0 && s.Value != math.Trunc(s.Value) {
		return defaultDecimals
	}
	return s.Decimals
}

// StatN returns the number-of-observations statistic "N" as an integer.
func StatN(n int) Stat { return Stat{Key: "N", Value: float64(n)} }

// StatR2 returns the R² statistic "r2" with 3 decimals.
func StatR2(r2 float64) Stat { return Stat{Key: "r2", Value: r2, Decimals: 3} }
