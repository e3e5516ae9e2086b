package entropy

import (
	"fmt"
	"math"
)

// Result holds the entropy weights of a flat list of indicators and the scores and ranks they give.
//
// Per-row slices have one entry per input row, dropped rows included: n = Rows. A dropped row has NaN in Z,
// ZShifted, Score and ScoreShifted and 0 in Rank, which marks it as missing.
type Result struct {
	Indicators []string    // indicator codes in input order, length m
	Directions []Direction // length m
	Shift      Shift       // the shift that was applied
	Basis      ScoreBasis  // the score that Rank is computed from

	Rows int // number of input rows n, dropped rows included
	Used int // number of rows that entered the computation

	// Groups holds one entry per weight group, in order of first appearance. A pooled computation has one
	// entry with an empty Group.
	Groups []GroupWeights

	Z        [][]float64 // m × n standardised values: Z[j][i] is indicator j in row i, in [0, 1]
	ZShifted [][]float64 // m × n shifted values z' (equal to Z when there is no shift)

	Score        []float64 // length n: Σ_j w_j z_ij
	ScoreShifted []float64 // length n: Σ_j w_j z'_ij
	// Rank is 1 for the highest score within each rank partition (Settings.RankWithin, otherwise the weight
	// group). Tied scores share the smallest rank, and the next rank skips: 1, 2, 2, 4 ("competition" ranking,
	// R's rank(-x, ties.method = "min")).
	Rank []int

	Dropped  []DroppedRow // rows removed by listwise deletion, in row order
	Warnings []Warning    // constant indicators and other conditions that did not stop the computation
}

// GroupWeights holds the entropy computation of one weight group. Per-indicator slices have length m.
type GroupWeights struct {
	Group string // group code from Settings.Groups, or "" when pooled
	Rows  []int  // 0-based input rows in this group, in input order
	K     float64

	Min, Max   []float64 // raw minimum and maximum of each indicator over the group's rows
	Constant   []bool    // true where Min == Max; such an indicator gets weight 0
	Entropy    []float64 // e_j in [0, 1]; 1 for a constant indicator
	Divergence []float64 // d_j = 1 − e_j
	Weight     []float64 // w_j = d_j / Σ d; sums to 1
}

// DroppedRow is one row removed by listwise deletion and the reason.
type DroppedRow struct {
	Row    int    // 0-based input row
	Label  string // Settings.RowLabels[Row], or "row Row"
	Reason string // for example `missing value in "gdp"`
}

// Warning records a condition that did not stop the computation but that a user should know about.
type Warning struct {
	Dimension string // dimension of a System, "" for Weigh
	Group     string // weight group, "" when pooled or not group-specific
	Indicator string // indicator code, "" when the warning concerns no single indicator
	Rows      []int  // 0-based rows concerned, if any
	Message   string
}

func (w Warning) String() string { return w.Message }

// RankedScore returns the score selected by r.Basis, which Rank is computed from: Score or ScoreShifted.
func (r *Result) RankedScore() []float64 {
	if r.Basis == ScoreShifted {
		return r.ScoreShifted
	}
	return r.Score
}

// Group returns the weights of the named weight group ("" for a pooled computation).
func (r *Result) Group(name string) (*GroupWeights, bool) {
	for k := range r.Groups {
		if r.Groups[k].Group == name {
			return &r.Groups[k], true
		}
	}
	return nil, false
}

// Weigh computes entropy weights, scores and ranks for a flat list of indicators.
//
// Only the Code and Direction of each indicator are used. columns[j] holds indicator j for all n rows, so
// columns is m × n. Weigh panics when len(columns) != len(indicators), when the columns differ in length, or
// when a per-row slice in s does not have n entries: these are programming errors. It returns an error for
// invalid settings, empty or duplicate codes, missing values (unless s.Missing is DropRows), a weight group
// with fewer than 2 rows, and a group in which every indicator is constant.
func Weigh(indicators []Indicator, columns [][]float64, s Settings) (*Result, error) {
	n := checkColumns(indicators, columns)
	s.checkLengths(n)
	if err := s.validate(); err != nil {
		return nil, err
	}
	if err := checkCodes(indicators); err != nil {
		return nil, err
	}

	usedRows, dropped, err := screenRows(indicators, columns, n, s)
	if err != nil {
		return nil, err
	}
	r, err := weighRows(indicators, columns, n, usedRows, s)
	if err != nil {
		return nil, err
	}
	r.Dropped = dropped
	return r, nil
}

// checkColumns returns the common column length n and panics on mismatched lengths.
func checkColumns(indicators []Indicator, columns [][]float64) int {
	if len(columns) != len(indicators) {
		panic(fmt.Sprintf("entropy: %d columns for %d indicators", len(columns), len(indicators)))
	}
	if len(columns) == 0 {
		return 0
	}
	n := len(columns[0])
	for j, c := range columns {
		if len(c) != n {
			panic(fmt.Sprintf("entropy: column %d (%s) has %d rows, column 0 has %d", j, indicators[j].Code, len(c), n))
		}
	}
	return n
}

func checkCodes(indicators []Indicator) error {
	if len(indicators) == 0 {
		return fmt.Errorf("entropy: no indicators given")
	}
	seen := make(map[string]bool, len(indicators))
	for j, ind := range indicators {
		if ind.Code == "" {
			return fmt.Errorf("entropy: indicator %d has an empty code", j)
		}
		if seen[ind.Code] {
			return fmt.Errorf("entropy: duplicate indicator code %q; each indicator needs its own code", ind.Code)
		}
		seen[ind.Code] = true
		if ind.Direction != Benefit && ind.Direction != Cost {
			return fmt.Errorf("entropy: indicator %q has invalid direction %d; use Benefit or Cost", ind.Code, int(ind.Direction))
		}
	}
	return nil
}

// screenRows finds the rows with NaN or ±Inf in any indicator. Under MissingError it returns a
// *MissingValuesError listing them; under DropRows it returns the other rows as used and the rest as dropped.
func screenRows(indicators []Indicator, columns [][]float64, n int, s Settings) (usedRows []int, dropped []DroppedRow, err error) {
	var missing []MissingColumn
	reason := make([]string, n)
	for j, col := range columns {
		var mc MissingColumn
		for i, v := range col {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				continue
			}
			mc.Rows = append(mc.Rows, i)
			mc.Labels = append(mc.Labels, s.rowLabel(i))
			mc.Values = append(mc.Values, v)
			if reason[i] == "" {
				reason[i] = fmt.Sprintf("%v in %q", v, indicators[j].Code)
			}
		}
		if mc.Rows != nil {
			mc.Indicator = indicators[j].Code
			missing = append(missing, mc)
		}
	}
	if missing != nil && s.Missing == MissingError {
		return nil, nil, &MissingValuesError{Columns: missing}
	}

	usedRows = make([]int, 0, n)
	for i := 0; i < n; i++ {
		if reason[i] == "" {
			usedRows = append(usedRows, i)
			continue
		}
		dropped = append(dropped, DroppedRow{Row: i, Label: s.rowLabel(i), Reason: "missing or infinite value: " + reason[i]})
	}
	return usedRows, dropped, nil
}

// group is one partition of the used rows.
type group struct {
	name string
	rows []int
}

// partition splits rows by their code in codes, in order of first appearance. Nil codes give one group.
func partition(rows []int, codes []string) []group {
	if codes == nil {
		return []group{{rows: rows}}
	}
	index := map[string]int{}
	var groups []group
	for _, i := range rows {
		k, ok := index[codes[i]]
		if !ok {
			k = len(groups)
			index[codes[i]] = k
			groups = append(groups, group{name: codes[i]})
		}
		groups[k].rows = append(groups[k].rows, i)
	}
	return groups
}

// weighRows runs the entropy weight method on the used rows, which must hold only finite values.
func weighRows(indicators []Indicator, columns [][]float64, n int, usedRows []int, s Settings) (*Result, error) {
	m := len(indicators)
	r := &Result{
		Indicators:   make([]string, m),
		Directions:   make([]Direction, m),
		Shift:        s.Shift,
		Basis:        s.Score,
		Rows:         n,
		Used:         len(usedRows),
		Z:            nanMatrix(m, n),
		ZShifted:     nanMatrix(m, n),
		Score:        nanSlice(n),
		ScoreShifted: nanSlice(n),
		Rank:         make([]int, n),
	}
	for j, ind := range indicators {
		r.Indicators[j] = ind.Code
		r.Directions[j] = ind.Direction
	}
	if len(usedRows) == 0 {
		return nil, &TooFewRowsError{Rows: 0}
	}

	for _, g := range partition(usedRows, s.Groups) {
		gw, err := weighGroup(indicators, columns, g, s.Shift, r)
		if err != nil {
			return nil, err
		}
		r.Groups = append(r.Groups, gw)
	}

	rankBy := s.RankWithin
	if rankBy == nil {
		rankBy = s.Groups
	}
	r.Rank = rankRows(r.RankedScore(), usedRows, rankBy, n)
	return r, nil
}

// weighGroup computes the weights of one group, writes its rows of r.Z, r.ZShifted and the two scores, and
// appends a warning to r for each constant indicator.
func weighGroup(indicators []Indicator, columns [][]float64, g group, shift Shift, r *Result) (GroupWeights, error) {
	m := len(indicators)
	ng := len(g.rows)
	if ng < 2 {
		return GroupWeights{}, &TooFewRowsError{Group: g.name, Rows: ng}
	}
	gw := GroupWeights{
		Group:      g.name,
		Rows:       g.rows,
		K:          1 / math.Log(float64(ng)),
		Min:        make([]float64, m),
		Max:        make([]float64, m),
		Constant:   make([]bool, m),
		Entropy:    make([]float64, m),
		Divergence: make([]float64, m),
		Weight:     make([]float64, m),
	}

	// Standardise each indicator and compute its entropy.
	sumD := 0.0
	for j, ind := range indicators {
		col := columns[j]
		lo, hi := col[g.rows[0]], col[g.rows[0]]
		for _, i := range g.rows {
			lo = math.Min(lo, col[i])
			hi = math.Max(hi, col[i])
		}
		gw.Min[j], gw.Max[j] = lo, hi

		if hi == lo {
			gw.Constant[j] = true
			gw.Entropy[j] = 1
			for _, i := range g.rows {
				r.Z[j][i] = 0
				r.ZShifted[j][i] = shift.apply(0)
			}
			r.Warnings = append(r.Warnings, Warning{
				Group: g.name, Indicator: ind.Code,
				Message: fmt.Sprintf("indicator %q is constant (%g) in %s: it carries no information, so its weight is 0",
					ind.Code, lo, groupName(g.name)),
			})
			continue
		}

		span := hi - lo
		total := 0.0
		for _, i := range g.rows {
			z := (col[i] - lo) / span
			if ind.Direction == Cost {
				z = (hi - col[i]) / span
			}
			r.Z[j][i] = z
			r.ZShifted[j][i] = shift.apply(z)
			total += r.ZShifted[j][i]
		}
		gw.Entropy[j] = -gw.K * sumPLogP(r.ZShifted[j], g.rows, total)
		gw.Divergence[j] = 1 - gw.Entropy[j]
		sumD += gw.Divergence[j]
	}

	if sumD == 0 {
		return GroupWeights{}, &AllConstantError{Group: g.name, Indicators: r.Indicators}
	}
	for j := range indicators {
		gw.Weight[j] = gw.Divergence[j] / sumD
	}

	// Scores: Σ_j w_j z_ij on the unshifted and the shifted values.
	for _, i := range g.rows {
		plain, shifted := 0.0, 0.0
		for j := range indicators {
			plain += gw.Weight[j] * r.Z[j][i]
			shifted += gw.Weight[j] * r.ZShifted[j][i]
		}
		r.Score[i] = plain
		r.ScoreShifted[i] = shifted
	}
	return gw, nil
}

// sumPLogP returns Σ p ln p over rows, with p = values[i]/total and 0·ln 0 = 0.
func sumPLogP(values []float64, rows []int, total float64) float64 {
	sum := 0.0
	for _, i := range rows {
		p := values[i] / total
		if p > 0 {
			sum += p * math.Log(p)
		}
	}
	return sum
}

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}

func nanMatrix(m, n int) [][]float64 {
	out := make([][]float64, m)
	for j := range out {
		out[j] = nanSlice(n)
	}
	return out
}
