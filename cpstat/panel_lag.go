package cpstat

import (
	"fmt"
	"math"
)

// Lag returns, for each row, the column's value at time t−k of the same entity, matched by time
// value. Where the entity has no row at t−k (its first periods, or a gap in its years) the result
// is NaN, never the value of the previous row. A negative k is a lead. The column must be numeric.
func (p *Panel) Lag(column string, k int) ([]float64, error) {
	values, err := p.Float(column)
	if err != nil {
		return nil, fmt.Errorf("lag of %q: %w", column, err)
	}
	return p.LagValues(values, k), nil
}

// Lead returns column at time t+k of the same entity, with NaN where that period is not observed.
func (p *Panel) Lead(column string, k int) ([]float64, error) {
	values, err := p.Float(column)
	if err != nil {
		return nil, fmt.Errorf("lead of %q: %w", column, err)
	}
	return p.LagValues(values, -k), nil
}

// Diff returns the k-period difference x_t − x_{t−k} within each entity, with NaN where either
// period is missing or not observed. Diff(column, 1) is the first difference.
func (p *Panel) Diff(column string, k int) ([]float64, error) {
	values, err := p.Float(column)
	if err != nil {
		return nil, fmt.Errorf("difference of %q: %w", column, err)
	}
	lagged := p.LagValues(values, k)
	out := make([]float64, len(values))
	for i := range out {
		out[i] = values[i] - lagged[i]
	}
	return out, nil
}

// LagValues is Lag for values computed outside the panel, such as a transformed column: values[i]
// belongs to row i. It panics if len(values) != p.Len(), which is a programming error.
func (p *Panel) LagValues(values []float64, k int) []float64 {
	if len(values) != p.Len() {
		panic(fmt.Sprintf("cpstat: LagValues got %d values for a panel of %d rows", len(values), p.Len()))
	}
	out := make([]float64, len(values))
	for i, j := range p.lagRows(k) {
		if j < 0 {
			out[i] = math.NaN()
		} else {
			out[i] = values[j]
		}
	}
	return out
}

// lagRows returns, for each row, the index of the same entity's row at time t−k, or -1 when the
// entity has no row at that time.
func (p *Panel) lagRows(k int) []int {
	rows := make([]int, p.Len())
	for i := range rows {
		j, ok := p.rowOf.lookup(p.entityCodes[i], p.times[i]-k)
		if !ok {
			j = -1
		}
		rows[i] = j
	}
	return rows
}
