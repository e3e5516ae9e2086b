package cpstat

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// incompleteEntityError is the error of MeasureTFP without DropIncomplete for an entity that lacks a
// period or has a value that is not positive.
func incompleteEntityError(err error) error {
	return &HintError{Msg: "tfp: " + err.Error(), Err: err, Hint: Hint{Suggestions: []Suggestion{
		{Setting: SettingTFPDropIncomplete, Purpose: "leave such entities out (they are listed in the result)"}}}}
}

// noCompleteEntityError explains why DropIncomplete left no entity: it lists the periods in which no
// entity has a complete row, and suggests the window that the most entities cover completely.
func noCompleteEntityError(p *Panel, periods []int, names []string, values [][]float64, first DroppedEntity) error {
	entities := p.Entities()
	complete := make([][]bool, len(entities)) // complete[e][t]: entity e has a usable row in periods[t]
	var empty []string                        // periods without a complete row
	for t, period := range periods {
		found := false
		for e, entity := range entities {
			if complete[e] == nil {
				complete[e] = make([]bool, len(periods))
			}
			complete[e][t] = completeRow(p, RowKey{Entity: entity, Time: period}, values)
			found = found || complete[e][t]
		}
		if !found {
			empty = append(empty, strconv.Itoa(period))
		}
	}

	msg := fmt.Sprintf("tfp: %v: no entity has every period from %d to %d with positive, finite %s",
		ErrEmptyFrame, periods[0], periods[len(periods)-1], strings.Join(names, ", "))
	if len(empty) > 0 {
		msg += fmt.Sprintf("; no entity has a complete row in %s", strings.Join(empty, ", "))
	}
	msg += fmt.Sprintf(" (first entity left out: %s, %s)", first.Entity, first.Reason)

	var h Hint
	if from, to, covered := bestWindow(periods, complete); covered > 0 {
		h.Suggestions = append(h.Suggestions, Suggestion{Setting: SettingWindow, Value: fmt.Sprintf("%d:%d", from, to),
			Purpose: fmt.Sprintf("keep the periods that %d %s cover completely", covered, plural(covered, "entity", "entities"))})
	} else {
		h.Action = "fill in the missing values, because no two adjacent periods are complete for any entity"
	}
	return &HintError{Msg: msg, Hint: h, Err: ErrEmptyFrame}
}

// completeRow reports whether the panel has the row and every value in it is positive and finite.
func completeRow(p *Panel, key RowKey, values [][]float64) bool {
	row := p.Row(key)
	if row < 0 {
		return false
	}
	for _, x := range values {
		if v := x[row]; !(v > 0) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// bestWindow returns the run of at least two adjacent periods that the most entities cover
// completely, the longest among equals, and that number of entities; 0 when there is no such run.
// Each entity's longest complete run is a candidate.
func bestWindow(periods []int, complete [][]bool) (from, to, covered int) {
	bestLen := 0
	for _, c := range complete {
		start, end := longestRun(c)
		if end-start < 1 {
			continue
		}
		n := 0
		for _, other := range complete {
			all := true
			for t := start; t <= end; t++ {
				all = all && other[t]
			}
			if all {
				n++
			}
		}
		if n > covered || (n == covered && end-start+1 > bestLen) {
			from, to, covered, bestLen = periods[start], periods[end], n, end-start+1
		}
	}
	return from, to, covered
}

// longestRun returns the first and last index of the longest run of true values, or (0, -1) when
// there is none.
func longestRun(c []bool) (start, end int) {
	start, end = 0, -1
	for i := 0; i < len(c); {
		if !c[i] {
			i++
			continue
		}
		j := i
		for j+1 < len(c) && c[j+1] {
			j++
		}
		if j-i > end-start {
			start, end = i, j
		}
		i = j + 1
	}
	return start, end
}
