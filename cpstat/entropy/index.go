package entropy

import (
	"fmt"
	"math"
)

// Level is a level of the indicator hierarchy below the dimension.
type Level int

const (
	LevelFirst     Level = iota + 1 // first-level group (Indicator.Level1)
	LevelSecond                     // second-level group (Indicator.Level2)
	LevelIndicator                  // a single indicator
)

func (l Level) String() string {
	switch l {
	case LevelFirst:
		return "first level"
	case LevelSecond:
		return "second level"
	case LevelIndicator:
		return "indicator"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// LevelWeight is the weight of one node of the hierarchy within its dimension: the sum of the entropy weights
// of the indicators under it. The weights of each dimension sum to 1, so the first-level weights of a
// dimension sum to 1 as well.
type LevelWeight struct {
	Group     string // weight group, "" when pooled
	Level     Level
	Dimension string
	Level1    string // set for every level
	Level2    string // set for LevelSecond, and for indicators that have a second level
	Indicator string // set for LevelIndicator
	Weight    float64
}

// DimensionResult holds the entropy weights and scores of one dimension.
type DimensionResult struct {
	Name    string
	Weights *Result // entropy weights, standardised values, scores and ranks within this dimension
}

// Index holds a composite index computed from a System.
//
// Per-row slices have one entry per input row n = Rows; a dropped row has NaN in Composite and
// LogComposite and rank 0.
type Index struct {
	System           System   // the indicators that entered the computation, in table order
	AbsentIndicators []string // codes left out because the data had no column for them
	Basis            ScoreBasis

	Dimensions []DimensionResult // one per dimension, in order of first appearance in the system

	Composite    []float64 // product of the dimension scores (selected by Basis) in each row
	LogComposite []float64 // natural log of Composite; −Inf where Composite is 0, with a Warning
	Rank         []int     // rank of Composite, 1 = highest; ties as in Result.Rank

	LevelWeights []LevelWeight // per weight group and dimension, in hierarchy order

	Rows, Used int
	Dropped    []DroppedRow
	Warnings   []Warning
}

// Dimension returns the result of the named dimension.
func (x *Index) Dimension(name string) (*DimensionResult, bool) {
	for k := range x.Dimensions {
		if x.Dimensions[k].Name == name {
			return &x.Dimensions[k], true
		}
	}
	return nil, false
}

// ComputeIndex computes the composite index of a System from data columns keyed by indicator code.
//
// Each dimension gets its own entropy weights, as Weigh computes them on the dimension's indicators. The
// dimension score is the weighted sum of its standardised values, shifted or not as s.Score selects. The
// composite is the product of the dimension scores, and LogComposite is its natural log. With the two
// dimensions prosperity and commonality, this is the product prosperity × commonality of Hong, Jiang and Liu
// (2023).
//
// Missing values are screened once over all indicators of the system, so under DropRows every dimension
// uses the same rows. Groups, ranks, shift and row labels follow s as in Weigh. ComputeIndex returns an error
// when the system is invalid, when an indicator has no column in data (unless s.AllowAbsentIndicators), when
// a dimension has no indicator left, or when the columns differ in length. It panics when a per-row slice in
// s does not have n entries.
func ComputeIndex(sys System, data map[string][]float64, s Settings) (*Index, error) {
	if err := sys.Validate(); err != nil {
		return nil, err
	}
	if err := s.validate(); err != nil {
		return nil, err
	}

	used, absent, err := presentIndicators(sys, data, s.AllowAbsentIndicators)
	if err != nil {
		return nil, err
	}
	columns := make([][]float64, len(used.Indicators))
	for j, ind := range used.Indicators {
		columns[j] = data[ind.Code]
	}
	n, err := commonLength(used.Indicators, columns)
	if err != nil {
		return nil, err
	}
	s.checkLengths(n)

	usedRows, dropped, err := screenRows(used.Indicators, columns, n, s)
	if err != nil {
		return nil, err
	}

	x := &Index{
		System:           used,
		AbsentIndicators: absent,
		Basis:            s.Score,
		Composite:        nanSlice(n),
		LogComposite:     nanSlice(n),
		Rows:             n,
		Used:             len(usedRows),
		Dropped:          dropped,
	}
	if err := x.weighDimensions(columns, n, usedRows, s); err != nil {
		return nil, err
	}
	x.combine(usedRows, n, s)
	return x, nil
}

// presentIndicators splits the system into the indicators that have a data column and the codes of those
// that do not, and checks that every dimension keeps at least one indicator.
func presentIndicators(sys System, data map[string][]float64, allowAbsent bool) (System, []string, error) {
	var used System
	var absent []string
	for _, ind := range sys.Indicators {
		if _, ok := data[ind.Code]; ok {
			used.Indicators = append(used.Indicators, ind)
		} else {
			absent = append(absent, ind.Code)
		}
	}
	if absent != nil && (!allowAbsent || len(used.Indicators) == 0) {
		return System{}, nil, &AbsentIndicatorsError{Codes: absent}
	}
	for _, dim := range sys.Dimensions() {
		if len(used.InDimension(dim)) == 0 {
			return System{}, nil, fmt.Errorf("entropy: dimension %q has no indicator with a data column (absent: %v); "+
				"the composite needs a score for every dimension", dim, absent)
		}
	}
	return used, absent, nil
}

func commonLength(indicators []Indicator, columns [][]float64) (int, error) {
	n := len(columns[0])
	for j, c := range columns {
		if len(c) != n {
			return 0, fmt.Errorf("entropy: data column %q has %d rows but %q has %d; all columns must cover the same rows",
				indicators[j].Code, len(c), indicators[0].Code, n)
		}
	}
	return n, nil
}

// weighDimensions runs the entropy weight method within each dimension on the used rows.
func (x *Index) weighDimensions(columns [][]float64, n int, usedRows []int, s Settings) error {
	for _, dim := range x.System.Dimensions() {
		var inds []Indicator
		var cols [][]float64
		for j, ind := range x.System.Indicators {
			if ind.Dimension == dim {
				inds = append(inds, ind)
				cols = append(cols, columns[j])
			}
		}

		r, err := weighRows(inds, cols, n, usedRows, s)
		if err != nil {
			return fmt.Errorf("%w (in dimension %q)", err, dim)
		}
		r.Dropped = x.Dropped
		for _, w := range r.Warnings {
			w.Dimension = dim
			w.Message = fmt.Sprintf("dimension %q: %s", dim, w.Message)
			x.Warnings = append(x.Warnings, w)
		}
		x.Dimensions = append(x.Dimensions, DimensionResult{Name: dim, Weights: r})
	}
	return nil
}

// combine fills the composite, its log, its rank and the level weights.
func (x *Index) combine(usedRows []int, n int, s Settings) {
	var zeroRows []int
	for _, i := range usedRows {
		product := 1.0
		for _, d := range x.Dimensions {
			product *= d.Weights.RankedScore()[i]
		}
		x.Composite[i] = product
		x.LogComposite[i] = math.Log(product)
		if product == 0 {
			zeroRows = append(zeroRows, i)
		}
	}
	if zeroRows != nil {
		labels := make([]string, len(zeroRows))
		for k, i := range zeroRows {
			labels[k] = s.rowLabel(i)
		}
		x.Warnings = append(x.Warnings, Warning{Rows: zeroRows, Message: fmt.Sprintf(
			"the composite is 0, so its log is -Inf, at %s: a dimension score is 0 there because the row has the "+
				"worst value of every indicator with a positive weight. Use a shift with Score = ScoreShifted to "+
				"keep the scores positive", listLabels(labels, 8))})
	}

	rankBy := s.RankWithin
	if rankBy == nil {
		rankBy = s.Groups
	}
	x.Rank = rankRows(x.Composite, usedRows, rankBy, n)

	for k := range x.Dimensions[0].Weights.Groups {
		for _, d := range x.Dimensions {
			x.LevelWeights = append(x.LevelWeights, levelWeights(d.Name, x.System.InDimension(d.Name), d.Weights.Groups[k])...)
		}
	}
}

// levelWeights lists the first-level, second-level and indicator weights of one dimension in one weight
// group, in tree order: each first-level node, then its indicators without a second level, then each
// second-level node followed by its indicators.
func levelWeights(dim string, inds []Indicator, gw GroupWeights) []LevelWeight {
	var out []LevelWeight
	for _, l1 := range distinct(inds, func(ind Indicator) string { return ind.Level1 }) {
		var under []Indicator
		var underWeights []float64
		sum := 0.0
		for j, ind := range inds {
			if ind.Level1 == l1 {
				under = append(under, ind)
				underWeights = append(underWeights, gw.Weight[j])
				sum += gw.Weight[j]
			}
		}
		if l1 != "" {
			out = append(out, LevelWeight{Group: gw.Group, Level: LevelFirst, Dimension: dim, Level1: l1, Weight: sum})
		}

		for _, l2 := range distinct(under, func(ind Indicator) string { return ind.Level2 }) {
			var rows []LevelWeight
			sum2 := 0.0
			for k, ind := range under {
				if ind.Level2 != l2 {
					continue
				}
				sum2 += underWeights[k]
				rows = append(rows, LevelWeight{Group: gw.Group, Level: LevelIndicator, Dimension: dim, Level1: l1,
					Level2: l2, Indicator: ind.Code, Weight: underWeights[k]})
			}
			if l2 != "" {
				out = append(out, LevelWeight{Group: gw.Group, Level: LevelSecond, Dimension: dim, Level1: l1, Level2: l2, Weight: sum2})
			}
			out = append(out, rows...)
		}
	}
	return out
}

// distinct returns the values of key over inds in order of first appearance, with "" first if present so
// that indicators without a sub-group come before the sub-groups.
func distinct(inds []Indicator, key func(Indicator) string) []string {
	var out []string
	seen := map[string]bool{}
	hasEmpty := false
	for _, ind := range inds {
		v := key(ind)
		if v == "" {
			hasEmpty = true
			continue
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	if hasEmpty {
		out = append([]string{""}, out...)
	}
	return out
}
