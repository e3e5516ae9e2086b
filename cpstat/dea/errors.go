package dea

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// DataError reports an input or output value that is not positive and finite. This package requires
// positive data because a negative quantity has no meaning in a production technology, and zeros can make
// the radial programs unbounded or infeasible and the Malmquist ratios undefined (0/0).
type DataError struct {
	Unit     string  // unit id, or "row i" when the caller gave no names
	Period   string  // period label; empty outside a panel
	Variable string  // input or output name, or "input k" / "output k" when the caller gave no names
	Value    float64 // the offending value
}

func (e *DataError) Error() string {
	where := fmt.Sprintf("unit %q", e.Unit)
	if e.Period != "" {
		where += " in period " + e.Period
	}
	return fmt.Sprintf("dea: %s of %s is %v, but DEA needs positive, finite inputs and outputs; "+
		"correct the value, or drop the unit from every period", e.Variable, where, e.Value)
}

// UnbalancedError reports a unit that has no observation in some period. The Malmquist index compares
// each unit with itself in adjacent periods, so every unit needs every period. DEAP 2.1 also reads one
// fixed number of firms for every period.
type UnbalancedError struct {
	Unit   string
	Period int
}

func (e *UnbalancedError) Error() string {
	return fmt.Sprintf("dea: unbalanced panel: unit %q has no observation in period %d; "+
		"the Malmquist index needs every unit in every period, so drop the unit or fill in the period "+
		"(for example by interpolation) before calling", e.Unit, e.Period)
}

// DuplicateError reports two observations with the same unit and period.
type DuplicateError struct {
	Unit      string
	Period    int
	FirstRow  int // row index of the first observation
	SecondRow int // row index of the repeated observation
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("dea: duplicate observation: unit %q, period %d appears in rows %d and %d; keep one row per unit and period",
		e.Unit, e.Period, e.FirstRow, e.SecondRow)
}

// checkValue returns a *DataError unless v is positive and finite.
func checkValue(v float64, unit, period, variable string) error {
	if v > 0 && !math.IsInf(v, 1) {
		return nil
	}
	return &DataError{Unit: unit, Period: period, Variable: variable, Value: v}
}

// variableName returns names[k], or kind followed by the 1-based index when names is nil.
func variableName(names []string, kind string, k int) string {
	if names != nil {
		return names[k]
	}
	return kind + " " + strconv.Itoa(k+1)
}

// unitName returns names[j], or "row j" (0-based) when names is nil.
func unitName(names []string, j int) string {
	if names != nil {
		return names[j]
	}
	return "row " + strconv.Itoa(j)
}

// validateTechnology checks every value of ref in row order, inputs before outputs, and returns the first
// *DataError. Nil name slices fall back to positional names.
func validateTechnology(ref Technology, units, inputs, outputs []string, period string) error {
	check := func(m *mat.Dense, names []string, kind string) error {
		rows, cols := m.Dims()
		for j := range rows {
			for k := range cols {
				if err := checkValue(m.At(j, k), unitName(units, j), period, variableName(names, kind, k)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := check(ref.X, inputs, "input"); err != nil {
		return err
	}
	return check(ref.Y, outputs, "output")
}
