package quantreg

import (
	"errors"
	"fmt"
)

// ErrInvalidTau is wrapped by every error about a quantile outside the open interval (0, 1).
var ErrInvalidTau = errors.New("quantile tau must lie strictly between 0 and 1")

// TauError reports an invalid quantile before any computation starts.
type TauError struct {
	Tau float64
}

func (e *TauError) Error() string {
	return fmt.Sprintf("quantreg: invalid quantile tau = %v: pass a value strictly between 0 and 1 "+
		"(for the median use 0.5)", e.Tau)
}

// Unwrap returns ErrInvalidTau so that errors.Is(err, ErrInvalidTau) holds.
func (e *TauError) Unwrap() error { return ErrInvalidTau }

// NonFiniteError reports a NaN or infinite value in the input; the engines never drop such rows themselves.
type NonFiniteError struct {
	Variable string // column name, "y" for the response
	Row      int    // 0-based row index
	Value    float64
}

func (e *NonFiniteError) Error() string {
	return fmt.Sprintf("quantreg: %s has the non-finite value %v in row %d: drop or impute missing rows "+
		"before fitting", e.Variable, e.Value, e.Row)
}

// TooFewObservationsError reports fewer usable rows than the fit needs.
type TooFewObservationsError struct {
	N    int // rows available
	Need int // minimum rows required
	What string
}

func (e *TooFewObservationsError) Error() string {
	return fmt.Sprintf("quantreg: %s needs at least %d observations, got %d", e.What, e.Need, e.N)
}

// DimensionError reports inconsistent input lengths or shapes.
type DimensionError struct {
	What      string
	Got, Want int
}

func (e *DimensionError) Error() string {
	return fmt.Sprintf("quantreg: %s has length %d, want %d", e.What, e.Got, e.Want)
}

// errSimplexBreakdown means the simplex found no pivot row in stage 2, which only rounding error can cause
// for a bounded quantile regression problem.
var errSimplexBreakdown = errors.New("quantreg: simplex found no pivot row (numerical breakdown); " +
	"rescale the regressors so that their magnitudes are comparable and refit")

// ErrNoVariation is returned when every regressor column is zero or the design has no columns.
var ErrNoVariation = errors.New("quantreg: the design matrix has no non-zero column")
