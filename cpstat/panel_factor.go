package cpstat

import (
	"math"
	"slices"
	"strconv"
)

// keyFactorCodes encodes the entity or time key column from the codes that NewPanel already
// built, without reading the data frame. It returns false for any other column. The result is
// the same as encoding the column itself, because NewPanel writes the entity column back as the
// strings p.entities and the time column as the ints p.times, and With cannot replace either.
func (p *Panel) keyFactorCodes(column string) (codes []int32, levels []string, ok bool) {
	switch column {
	case p.entityColumn:
		order := make([]int32, len(p.entities)) // entity codes in sorted level order
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(a, b int32) int {
			switch {
			case p.entities[a] < p.entities[b]:
				return -1
			case p.entities[a] > p.entities[b]:
				return 1
			}
			return 0
		})
		rank := make([]int32, len(order))
		levels = make([]string, len(order))
		for level, code := range order {
			rank[code] = int32(level)
			levels[level] = p.entities[code]
		}
		codes = make([]int32, len(p.entityCodes))
		for i, c := range p.entityCodes {
			codes[i] = rank[c]
		}
		return codes, levels, true

	case p.timeColumn:
		codes, levels = encodeTimes(p.times)
		return codes, levels, true
	}
	return nil, nil, false
}

// encodeStrings encodes values as a factor with levels sorted by code point; codes[i] is -1 where
// missing[i] is true.
func encodeStrings(values []string, missing []bool) (codes []int32, levels []string) {
	seen := make(map[string]struct{})
	for i, v := range values {
		if !missing[i] {
			seen[v] = struct{}{}
		}
	}
	levels = make([]string, 0, len(seen))
	for v := range seen {
		levels = append(levels, v)
	}
	slices.Sort(levels)
	index := make(map[string]int32, len(levels))
	for i, l := range levels {
		index[l] = int32(i)
	}
	codes = make([]int32, len(values))
	for i, v := range values {
		if missing[i] {
			codes[i] = -1
		} else {
			codes[i] = index[v]
		}
	}
	return codes, levels
}

// encodeFloats encodes values as a factor with levels in ascending numeric order, printed with
// strconv's shortest 'g' format; codes[i] is -1 where values[i] is NaN. The distinct values are
// found with a map before sorting, so the sort is over levels rather than rows.
func encodeFloats(values []float64) (codes []int32, levels []string) {
	index := make(map[float64]int32)
	for _, v := range values {
		if !math.IsNaN(v) {
			index[v] = 0
		}
	}
	distinct := make([]float64, 0, len(index))
	for v := range index {
		distinct = append(distinct, v)
	}
	slices.Sort(distinct)
	levels = make([]string, len(distinct))
	for i, v := range distinct {
		index[v] = int32(i)
		levels[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	codes = make([]int32, len(values))
	for i, v := range values {
		if math.IsNaN(v) {
			codes[i] = -1
		} else {
			codes[i] = index[v]
		}
	}
	return codes, levels
}

// recodeFactor is combineFactor for a one-column dimension: it renumbers the column's codes over
// the kept rows in order of first appearance through a slice indexed by code, without building a
// string key per row. Every kept row has a code, because rows with a missing factor are dropped.
func recodeFactor(name string, codes []int32, levels []string, rows []int) Factor {
	f := Factor{Name: name, Codes: make([]int32, len(rows))}
	renumbered := make([]int32, len(levels))
	for i := range renumbered {
		renumbered[i] = -1
	}
	for i, r := range rows {
		c := codes[r]
		if renumbered[c] < 0 {
			renumbered[c] = int32(len(f.Levels))
			f.Levels = append(f.Levels, levels[c])
		}
		f.Codes[i] = renumbered[c]
	}
	return f
}

// encodeTimes encodes time values as a factor with levels in ascending order, printed as
// encodeFloats prints them. Over a range of at most 4 values per row (years, months) it counts
// into a slice indexed by value, and otherwise it falls back to encodeFloats.
func encodeTimes(times []int) (codes []int32, levels []string) {
	if len(times) == 0 {
		return []int32{}, nil
	}
	lo, hi := slices.Min(times), slices.Max(times)
	span := uint64(hi) - uint64(lo) // hi ≥ lo, so this cannot wrap
	if span >= 4*uint64(len(times)) {
		values := make([]float64, len(times))
		for i, t := range times {
			values[i] = float64(t)
		}
		return encodeFloats(values)
	}
	level := make([]int32, span+1) // 0 = unused, else 1 + the level's index
	for _, t := range times {
		level[t-lo] = 1
	}
	for v, used := range level {
		if used != 0 {
			levels = append(levels, strconv.FormatFloat(float64(lo+v), 'g', -1, 64))
			level[v] = int32(len(levels))
		}
	}
	codes = make([]int32, len(times))
	for i, t := range times {
		codes[i] = level[t-lo] - 1
	}
	return codes, levels
}
