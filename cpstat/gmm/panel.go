package gmm

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// maxPeriods bounds the span of time values, because every unit gets one slot per period between the first
// and the last time value. Yearly, quarterly or monthly panels stay far below it.
const maxPeriods = 10000

// Panel is a long-format panel: one row per unit and period. Rows may come in any order. Periods are matched
// by time value within a unit, never by row position, so a missing year is a gap and not a shorter series.
type Panel struct {
	Units []string             // unit id of each row
	Times []int                // integer period of each row, such as the year
	Vars  map[string][]float64 // named variables with one value per row, where NaN or ±Inf marks a missing value
}

// DataError reports a panel that cannot be estimated: what is wrong, with the offending keys or values.
type DataError struct {
	Msg string
}

func (e *DataError) Error() string { return "gmm: " + e.Msg }

// grid is the panel laid out as unit × period, with NaN where a unit has no row or a missing value.
type grid struct {
	units     []string // in order of first appearance
	firstTime int      // time value of period index 0
	periods   int
	rowOf     [][]int                // rowOf[unit][period]: input row index, or −1
	values    map[string][][]float64 // values[var][unit][period]
	missing   []MissingValue         // non-finite values found in the variables the model uses
}

// MissingValue records one missing (NaN or infinite) value in a variable the model uses.
type MissingValue struct {
	Unit     string
	Time     int
	Variable string
}

// newGrid validates the panel and lays out the named variables on the unit × period grid.
func newGrid(p *Panel, vars []string) (*grid, error) {
	n := len(p.Units)
	if n == 0 {
		return nil, &DataError{Msg: "the panel has no rows"}
	}
	if len(p.Times) != n {
		return nil, &DataError{Msg: fmt.Sprintf("Units has %d rows but Times has %d; give one time value per row", n, len(p.Times))}
	}
	for _, v := range vars {
		col, ok := p.Vars[v]
		if !ok {
			return nil, &DataError{Msg: fmt.Sprintf("variable %q not found in the panel", v)}
		}
		if len(col) != n {
			return nil, &DataError{Msg: fmt.Sprintf("variable %q has %d values but the panel has %d rows", v, len(col), n)}
		}
	}

	minT, maxT := p.Times[0], p.Times[0]
	for _, t := range p.Times {
		minT = min(minT, t)
		maxT = max(maxT, t)
	}
	span := int64(maxT) - int64(minT) + 1
	if span > maxPeriods {
		return nil, &DataError{Msg: fmt.Sprintf("time values run from %d to %d, %d periods; at most %d are supported, so number the periods consecutively (for example by year)", minT, maxT, span, maxPeriods)}
	}

	g := &grid{firstTime: minT, periods: int(span), values: map[string][][]float64{}}
	unitIndex := map[string]int{}
	for _, u := range p.Units {
		if _, ok := unitIndex[u]; !ok {
			unitIndex[u] = len(g.units)
			g.units = append(g.units, u)
		}
	}
	g.rowOf = make([][]int, len(g.units))
	for i := range g.rowOf {
		g.rowOf[i] = make([]int, g.periods)
		for t := range g.rowOf[i] {
			g.rowOf[i][t] = -1
		}
	}
	var duplicates []string
	for r := range n {
		u, t := unitIndex[p.Units[r]], p.Times[r]-minT
		if prev := g.rowOf[u][t]; prev >= 0 {
			duplicates = append(duplicates, fmt.Sprintf("(%s, %d) in rows %d and %d", p.Units[r], p.Times[r], prev, r))
			continue
		}
		g.rowOf[u][t] = r
	}
	if len(duplicates) > 0 {
		shown := duplicates
		if len(shown) > 10 {
			shown = append(shown[:10:10], fmt.Sprintf("and %d more", len(duplicates)-10))
		}
		return nil, &DataError{Msg: fmt.Sprintf("%d duplicate (unit, time) keys: %s; keep one row per unit and period", len(duplicates), strings.Join(shown, ", "))}
	}

	sortedVars := append([]string(nil), vars...)
	sort.Strings(sortedVars)
	for _, v := range sortedVars {
		if _, done := g.values[v]; done {
			continue
		}
		col := p.Vars[v]
		byUnit := make([][]float64, len(g.units))
		for i := range byUnit {
			byUnit[i] = make([]float64, g.periods)
			for t := range byUnit[i] {
				r := g.rowOf[i][t]
				if r < 0 {
					byUnit[i][t] = math.NaN()
					continue
				}
				x := col[r]
				if math.IsNaN(x) || math.IsInf(x, 0) {
					g.missing = append(g.missing, MissingValue{Unit: g.units[i], Time: t + minT, Variable: v})
					x = math.NaN()
				}
				byUnit[i][t] = x
			}
		}
		g.values[v] = byUnit
	}
	return g, nil
}
