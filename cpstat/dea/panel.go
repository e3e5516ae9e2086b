package dea

import (
	"fmt"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// Panel is a balanced panel of N units observed in T periods, with m inputs and s outputs, stored one
// matrix per period. Row i of every matrix belongs to unit Units[i].
type Panel struct {
	Units       []string     // N unit ids
	Periods     []int        // T period labels in increasing order, for example years
	InputNames  []string     // m names; nil gives "input 1", "input 2", …
	OutputNames []string     // s names; nil gives "output 1", …
	X           []*mat.Dense // T matrices, X[t] is N×m: inputs in period Periods[t]
	Y           []*mat.Dense // T matrices, Y[t] is N×s: outputs in period Periods[t]
}

// NewPanel builds a Panel from long-format data: observation r belongs to unit units[r] and period
// periods[r], with inputs in row r of x (rows × m) and outputs in row r of y (rows × s). Units keep the
// order of their first appearance and periods are sorted.
//
// NewPanel returns a *DuplicateError when a unit and period appear twice, an *UnbalancedError when a unit
// lacks some period that other units have, and a *DataError when a value is not positive and finite. It
// panics when units, periods, x and y do not have the same number of rows, or when the name slices do not
// match the column counts of x and y.
func NewPanel(units []string, periods []int, inputNames, outputNames []string, x, y *mat.Dense) (*Panel, error) {
	rows, inputs := x.Dims()
	yRows, outputs := y.Dims()
	if len(units) != rows || len(periods) != rows || yRows != rows {
		panic(fmt.Sprintf("dea: NewPanel: %d units, %d periods, x has %d rows, y has %d rows", len(units), len(periods), rows, yRows))
	}
	if (inputNames != nil && len(inputNames) != inputs) || (outputNames != nil && len(outputNames) != outputs) {
		panic(fmt.Sprintf("dea: NewPanel: %d input names for %d inputs, %d output names for %d outputs",
			len(inputNames), inputs, len(outputNames), outputs))
	}

	unitIndex := map[string]int{}
	var unitOrder []string
	periodSet := map[int]bool{}
	for r := range rows {
		if _, ok := unitIndex[units[r]]; !ok {
			unitIndex[units[r]] = len(unitOrder)
			unitOrder = append(unitOrder, units[r])
		}
		periodSet[periods[r]] = true
	}
	periodOrder := make([]int, 0, len(periodSet))
	for p := range periodSet {
		periodOrder = append(periodOrder, p)
	}
	slices.Sort(periodOrder)
	periodIndex := make(map[int]int, len(periodOrder))
	for t, p := range periodOrder {
		periodIndex[p] = t
	}

	// rowOf[t][i] is the row of unit i in period t, or -1.
	rowOf := make([][]int, len(periodOrder))
	for t := range rowOf {
		rowOf[t] = make([]int, len(unitOrder))
		for i := range rowOf[t] {
			rowOf[t][i] = -1
		}
	}
	for r := range rows {
		t, i := periodIndex[periods[r]], unitIndex[units[r]]
		if first := rowOf[t][i]; first >= 0 {
			return nil, &DuplicateError{Unit: units[r], Period: periods[r], FirstRow: first, SecondRow: r}
		}
		rowOf[t][i] = r
	}
	for i, unit := range unitOrder {
		for t, period := range periodOrder {
			if rowOf[t][i] < 0 {
				return nil, &UnbalancedError{Unit: unit, Period: period}
			}
		}
	}

	p := &Panel{
		Units:       unitOrder,
		Periods:     periodOrder,
		InputNames:  slices.Clone(inputNames),
		OutputNames: slices.Clone(outputNames),
		X:           make([]*mat.Dense, len(periodOrder)),
		Y:           make([]*mat.Dense, len(periodOrder)),
	}
	for t := range periodOrder {
		p.X[t] = mat.NewDense(len(unitOrder), inputs, nil)
		p.Y[t] = mat.NewDense(len(unitOrder), outputs, nil)
		for i := range unitOrder {
			p.X[t].SetRow(i, x.RawRowView(rowOf[t][i]))
			p.Y[t].SetRow(i, y.RawRowView(rowOf[t][i]))
		}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// Validate checks that the panel has at least one unit, period, input and output, that the matrices have
// the shapes the fields promise, that periods increase strictly, and that every value is positive and
// finite. Data errors are *DataError values naming the unit, period, variable and value.
func (p *Panel) Validate() error {
	n, periods := len(p.Units), len(p.Periods)
	if n == 0 || periods == 0 {
		return fmt.Errorf("dea: empty panel: %d units, %d periods", n, periods)
	}
	if len(p.X) != periods || len(p.Y) != periods {
		return fmt.Errorf("dea: panel has %d periods but %d input and %d output matrices; give one of each per period",
			periods, len(p.X), len(p.Y))
	}
	for t := 1; t < periods; t++ {
		if p.Periods[t] <= p.Periods[t-1] {
			return fmt.Errorf("dea: periods must increase strictly, but period %d follows %d; sort Periods, X and Y together, or build the panel with NewPanel",
				p.Periods[t], p.Periods[t-1])
		}
	}
	seen := make(map[string]bool, n)
	for _, u := range p.Units {
		if seen[u] {
			return fmt.Errorf("dea: unit %q is listed twice in Panel.Units; unit ids must be unique", u)
		}
		seen[u] = true
	}

	_, inputs := p.X[0].Dims()
	_, outputs := p.Y[0].Dims()
	if inputs == 0 || outputs == 0 {
		return fmt.Errorf("dea: panel has %d inputs and %d outputs; DEA needs at least one of each", inputs, outputs)
	}
	if (p.InputNames != nil && len(p.InputNames) != inputs) || (p.OutputNames != nil && len(p.OutputNames) != outputs) {
		return fmt.Errorf("dea: %d input names for %d inputs, %d output names for %d outputs",
			len(p.InputNames), inputs, len(p.OutputNames), outputs)
	}
	for t := range periods {
		xr, xc := p.X[t].Dims()
		yr, yc := p.Y[t].Dims()
		if xr != n || yr != n || xc != inputs || yc != outputs {
			return fmt.Errorf("dea: period %d: X is %d×%d and Y is %d×%d, want %d×%d and %d×%d",
				p.Periods[t], xr, xc, yr, yc, n, inputs, n, outputs)
		}
		ref := Technology{X: p.X[t], Y: p.Y[t]}
		if err := validateTechnology(ref, p.Units, p.InputNames, p.OutputNames, strconv.Itoa(p.Periods[t])); err != nil {
			return err
		}
	}
	return nil
}

// scales returns the mean of each input, then each output, over all units and periods. Dividing by the
// same scale in every period keeps cross-period programs consistent.
func (p *Panel) scales() []float64 {
	_, inputs := p.X[0].Dims()
	_, outputs := p.Y[0].Dims()
	scale := make([]float64, inputs+outputs)
	count := float64(len(p.Units) * len(p.Periods))
	for t := range p.Periods {
		for i := range p.Units {
			for k := range inputs {
				scale[k] += p.X[t].At(i, k) / count
			}
			for r := range outputs {
				scale[inputs+r] += p.Y[t].At(i, r) / count
			}
		}
	}
	return scale
}
