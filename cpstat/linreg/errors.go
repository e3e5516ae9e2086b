package linreg

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidDesign is wrapped by every error about the shape or names of a Design.
var ErrInvalidDesign = errors.New("invalid design")

// ErrNoObservations is wrapped when no row is left to estimate on.
var ErrNoObservations = errors.New("no observations left")

// ErrVCov is wrapped by every error that prevents a variance estimate.
var ErrVCov = errors.New("variance estimate not identified")

// LengthError reports a column whose length differs from len(Design.Y).
type LengthError struct {
	Column string // name of the offending column or factor
	Got    int    // its length
	Want   int    // len(Design.Y)
}

func (e *LengthError) Error() string {
	return fmt.Sprintf("%v: column %q has %d rows but y has %d; pass columns of equal length",
		ErrInvalidDesign, e.Column, e.Got, e.Want)
}

func (e *LengthError) Unwrap() error { return ErrInvalidDesign }

// NameError reports a duplicated or unknown variable name.
type NameError struct {
	Name   string
	Reason string
}

func (e *NameError) Error() string {
	return fmt.Sprintf("%v: %q %s", ErrInvalidDesign, e.Name, e.Reason)
}

func (e *NameError) Unwrap() error { return ErrInvalidDesign }

// NoObservationsError reports that validation and singleton removal left no row, with the counts.
type NoObservationsError struct {
	Input   int         // rows in the Design
	Dropped []DropCount // rows dropped per reason and column
}

func (e *NoObservationsError) Error() string {
	parts := make([]string, len(e.Dropped))
	singletons, invalid := false, false
	for i, c := range e.Dropped {
		parts[i] = fmt.Sprintf("%d with %s (%s)", c.Rows, c.Reason, c.Column)
		if c.Reason == Singleton {
			singletons = true
		} else {
			invalid = true
		}
	}
	// The advice matches the causes, because singleton groups come from the fixed effects, not
	// from bad values.
	var advice string
	switch {
	case invalid && singletons:
		advice = "check those columns for missing or non-finite values, and use data with more rows per " +
			"fixed-effect level or fewer fixed effects"
	case singletons:
		advice = "a singleton group is a fixed-effect level with a single row, and dropping those groups " +
			"repeatedly left none, so use data with more rows per level or fewer fixed effects"
	default:
		advice = "check those columns for missing or non-finite values"
	}
	return fmt.Sprintf("%v: all %d rows were dropped: %s; %s",
		ErrNoObservations, e.Input, strings.Join(parts, ", "), advice)
}

func (e *NoObservationsError) Unwrap() error { return ErrNoObservations }

// ConvergenceError reports that the iterative absorption did not reach its tolerance.
type ConvergenceError struct {
	Column     string  // column being transformed
	Iterations int     // iterations run
	Residual   float64 // relative residual norm reached
	Tol        float64 // tolerance requested
}

func (e *ConvergenceError) Error() string {
	return fmt.Sprintf("fixed-effect absorption of %q did not converge: relative residual %.3g after %d "+
		"iterations, tolerance %.3g; raise Options.Absorb.MaxIter or Options.Absorb.Tol, or try AbsorbExact",
		e.Column, e.Residual, e.Iterations, e.Tol)
}

// ClusterError reports a clustering that cannot give a variance estimate, such as a single cluster.
type ClusterError struct {
	Cluster string // name of the cluster dimension
	G       int    // number of clusters in the estimation sample
	Reason  string
}

func (e *ClusterError) Error() string {
	return fmt.Sprintf("%v: cluster %q has %d cluster(s): %s", ErrVCov, e.Cluster, e.G, e.Reason)
}

func (e *ClusterError) Unwrap() error { return ErrVCov }

// DFError reports a variance estimate whose degrees of freedom are not positive.
type DFError struct {
	What string // the quantity that needs positive degrees of freedom
	N    int    // observations
	K    int    // parameters counted
}

func (e *DFError) Error() string {
	return fmt.Sprintf("%v: %s needs N > K, but N = %d and K = %d; use fewer regressors or fixed effects",
		ErrVCov, e.What, e.N, e.K)
}

func (e *DFError) Unwrap() error { return ErrVCov }

// LeverageError reports a row with leverage 1, which makes HC2 and HC3 undefined.
type LeverageError struct {
	Row      int     // original row index in the Design
	Leverage float64 // h_ii of the within-transformed design
}

func (e *LeverageError) Error() string {
	return fmt.Sprintf("%v: row %d has leverage %.17g, so HC2/HC3 divide by zero; use HC1 or drop the row",
		ErrVCov, e.Row, e.Leverage)
}

func (e *LeverageError) Unwrap() error { return ErrVCov }

// NoVariationError reports a response that is constant on the estimation sample, or constant within
// the fixed effects, so that there is no variation for the regressors to explain.
type NoVariationError struct {
	Column       string   // the response
	FixedEffects []string // absorbed dimensions; nil for pooled OLS
	N            int      // estimation rows
	SumSquares   float64  // its sum of squares after removing the mean or the fixed effects
}

func (e *NoVariationError) Error() string {
	if len(e.FixedEffects) == 0 {
		return fmt.Sprintf("%v: the response %s is constant on all %d estimation rows, so there is nothing "+
			"to explain and no standard error; check the column and the sample", ErrInvalidDesign, e.Column, e.N)
	}
	return fmt.Sprintf("%v: the response %s does not vary within the fixed effects %s on the %d estimation "+
		"rows (within sum of squares %.3g), so the fixed effects explain it completely and no slope or "+
		"standard error is identified; drop a fixed effect or check the column", ErrInvalidDesign, e.Column,
		strings.Join(e.FixedEffects, " + "), e.N, e.SumSquares)
}

func (e *NoVariationError) Unwrap() error { return ErrInvalidDesign }
