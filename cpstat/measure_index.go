package cpstat

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cpstat/cpstat/cpstat/entropy"
)

// IndexMissingPolicy selects what EntropyIndex does with indicators that have missing values in the window.
type IndexMissingPolicy int

const (
	// IndexMissingError returns an error that names each indicator and its rows with a missing or infinite
	// value. It is the zero value.
	IndexMissingError IndexMissingPolicy = iota

	// IndexListwise drops every row (province-year) that lacks a value of any indicator in use, before
	// standardisation, and lists the rows in IndexResult.Dropped. The index then covers fewer rows.
	IndexListwise

	// IndexCompleteIndicators leaves out every indicator with a missing value in the window and lists it,
	// with its coverage, in IndexResult.Excluded. The index keeps every row but rests on fewer indicators.
	// No value is filled.
	IndexCompleteIndicators
)

func (m IndexMissingPolicy) String() string {
	switch m {
	case IndexMissingError:
		return "error"
	case IndexListwise:
		return "listwise"
	case IndexCompleteIndicators:
		return "complete-indicators"
	}
	return fmt.Sprintf("IndexMissingPolicy(%d)", int(m))
}

// DefaultIndexColumn is the panel column of the log composite index when IndexOptions.Column is empty.
const DefaultIndexColumn = "cp"

// IndexOptions are the settings of EntropyIndex. The zero value computes pooled entropy weights over every
// period without a shift, scores with the unshifted standardised values, returns an error on missing values
// and writes the log composite to column "cp".
type IndexOptions struct {
	// Window restricts the computation to periods From–To; the zero value takes every period. Rows outside
	// the window get NaN in the new columns.
	Window Window

	// ByYear computes the weights separately in each period (own minima, maxima, k = 1/ln n and weights).
	// False pools all rows of the window in one computation, which keeps scores comparable across years.
	ByYear bool

	// Shift moves standardised values away from zero before the entropy shares are taken; see
	// entropy.Shift. The zero value is no shift.
	Shift entropy.Shift

	// Score selects whether dimension scores use the unshifted (entropy.ScoreStandardised, the zero value)
	// or the shifted standardised values (entropy.ScoreShifted). An unshifted score is 0 in a row with the
	// worst value of every indicator of a dimension, and its log is then undefined.
	Score entropy.ScoreBasis

	// Missing selects the handling of missing values.
	Missing IndexMissingPolicy

	// Column names the panel column of the log composite; "" means DefaultIndexColumn ("cp"). The
	// composite itself goes to Column + "_index". Each dimension's log score goes to a column named by its
	// key (for example "prosperity") and its score to key + "_score".
	Column string
}

func (o IndexOptions) column() string {
	if o.Column == "" {
		return DefaultIndexColumn
	}
	return o.Column
}

// ExclusionReason is the reason an indicator did not enter the index.
type ExclusionReason string

const (
	// ExcludedNoData marks an indicator with status missing: no column serves it.
	ExcludedNoData ExclusionReason = "no data column"
	// ExcludedIncomplete marks an indicator left out under IndexCompleteIndicators because its column has
	// missing values in the window.
	ExcludedIncomplete ExclusionReason = "incomplete coverage"
)

// ExcludedIndicator is an indicator of the system that the index was computed without.
type ExcludedIndicator struct {
	ID     string
	Column string // "" for ExcludedNoData
	Status IndicatorStatus
	Reason ExclusionReason

	// Coverage of the column in the window, for ExcludedIncomplete: Rows of Total window rows have a
	// finite value, and the gaps lie in GapPeriods and GapEntities (each ascending, entities in panel order).
	Rows, Total int
	GapPeriods  []int
	GapEntities []string
}

// Describe returns the exclusion in one English line, for example "ind08 (edu_fund_pc): values in 480 of
// 510 rows; gaps in 2012 for all 30 entities".
func (e ExcludedIndicator) Describe() string {
	if e.Reason == ExcludedNoData {
		return e.ID + ": no data column (status missing)"
	}
	return fmt.Sprintf("%s (%s): values in %d of %d rows; %s", e.ID, e.Column, e.Rows, e.Total, e.gapText(false))
}

// DescribeZh returns the exclusion in one Chinese line.
func (e ExcludedIndicator) DescribeZh() string {
	if e.Reason == ExcludedNoData {
		return e.ID + "：无数据列（状态为缺失）"
	}
	return fmt.Sprintf("%s（%s）：%d 行中有 %d 行有值；%s", e.ID, e.Column, e.Total, e.Rows, e.gapText(true))
}

func (e ExcludedIndicator) gapText(zh bool) string {
	years := yearRanges(e.GapPeriods)
	entities := strings.Join(e.GapEntities, ", ")
	if zh {
		names := make([]string, len(e.GapEntities))
		for i, g := range e.GapEntities {
			names[i] = EntityNameZh(g)
		}
		years, entities = yearRangesZh(e.GapPeriods), strings.Join(names, "、")
	}
	if len(e.GapEntities) > 8 {
		entities = fmt.Sprintf("%d", len(e.GapEntities))
		if zh {
			return fmt.Sprintf("缺口在 %s 年，涉及 %s 个个体", years, entities)
		}
		return fmt.Sprintf("gaps in %s for %s entities", years, entities)
	}
	if zh {
		return fmt.Sprintf("缺口在 %s 年，涉及 %s", years, entities)
	}
	return fmt.Sprintf("gaps in %s for %s", years, entities)
}

// yearRangesZh writes sorted periods as ranges for Chinese text: 2001—2004、2012.
func yearRangesZh(periods []int) string {
	return strings.NewReplacer("–", "—", ", ", "、").Replace(yearRanges(periods))
}

// yearRanges writes sorted periods as ranges: 2001–2004, 2012.
func yearRanges(periods []int) string {
	var parts []string
	for i := 0; i < len(periods); {
		j := i
		for j+1 < len(periods) && periods[j+1] == periods[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, strconv.Itoa(periods[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d–%d", periods[i], periods[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// IndexWeight is the weight of one node of the indicator hierarchy within its dimension: a first-level
// group, a second-level group or an indicator. Group weights are sums of the indicator weights under them,
// so the weights of each level sum to 1 within a dimension.
type IndexWeight struct {
	Group              string // period under IndexOptions.ByYear, "" when pooled
	Level              entropy.Level
	Dimension          string // dimension key
	Level1Zh, Level1En string
	Level2Zh, Level2En string
	Indicator          string // indicator ID, for entropy.LevelIndicator only

	Weight float64
	// Entropy e_j and Divergence d_j = 1 − e_j of an indicator; NaN for group nodes.
	Entropy, Divergence float64
}

// ScoreFloor is a set of rows whose score in one dimension is the lowest a shifted score can take.
type ScoreFloor struct {
	Dimension string
	Keys      []RowKey
	Score     float64 // the floor: c for z + c, a for a rescale into [a, b]
}

// IndexDroppedRow is a row removed by listwise deletion.
type IndexDroppedRow struct {
	Key    RowKey
	Reason string
}

// IndexResult is an entropy-weighted composite index computed on a panel.
//
// Per-row slices have one entry per panel row within the window, in panel order: entry i belongs to panel
// row Rows[i] with key Keys[i]. A dropped row has NaN scores and rank 0.
type IndexResult struct {
	System  *IndicatorSystem
	Options IndexOptions

	// Index is the engine's full result with standardised values, entropies and per-group weights. Its row
	// i is entry i here, and its indicator codes are the IDs in Used.
	Index *entropy.Index

	Rows []int
	Keys []RowKey

	Used     []string            // IDs of the indicators in the index, in system order
	Excluded []ExcludedIndicator // indicators left out, in system order
	Weights  []IndexWeight       // per weight group and dimension, in hierarchy order

	// Scores[d][i] is the score of dimension System.Dimensions[d] in row i (shifted or not as
	// Options.Score selects), and LogScores its natural log.
	Scores, LogScores [][]float64
	Composite         []float64 // product of the dimension scores
	LogComposite      []float64 // ln Composite; NaN where Composite is 0
	Rank              []int     // 1 = highest composite within the period

	Dropped []IndexDroppedRow

	// Floors lists, per dimension, the rows where every weighted indicator has its worst value, so the
	// shifted score sits at the shift's floor and its log is an outlier made by the shift. Only a shifted
	// score basis fills it; an unshifted score there is 0 and the engine warns instead.
	Floors []ScoreFloor

	// Warnings are the engine's warnings and one line per entry of Floors, in English.
	Warnings []string

	// Panel is the input panel with the new columns: Column (log composite), Column+"_index", and for each
	// dimension its key (log score) and key+"_score".
	Panel *Panel
}

// DimensionScores returns the score and log score of the dimension with the given key.
func (r *IndexResult) DimensionScores(key string) (score, logScore []float64, ok bool) {
	for d, dim := range r.System.Dimensions {
		if dim.Key == key {
			return r.Scores[d], r.LogScores[d], true
		}
	}
	return nil, nil, false
}

// Columns returns the names of the panel columns EntropyIndex added, logs first.
func (r *IndexResult) Columns() []string {
	c := r.Options.column()
	out := []string{c}
	for _, d := range r.System.Dimensions {
		out = append(out, d.Key)
	}
	out = append(out, c+"_index")
	for _, d := range r.System.Dimensions {
		out = append(out, d.Key+"_score")
	}
	return out
}

// IndicatorWeight returns the pooled weight of an indicator (the weight of group g under ByYear), or
// NaN when the indicator did not enter the index.
func (r *IndexResult) IndicatorWeight(id, group string) float64 {
	for _, w := range r.Weights {
		if w.Level == entropy.LevelIndicator && w.Indicator == id && w.Group == group {
			return w.Weight
		}
	}
	return math.NaN()
}

// EntropyIndex computes an entropy-weighted composite index of the indicator system on the panel rows
// within opts.Window, following Hong, Jiang and Liu (2023). The indicators are min–max standardised with
// their directions, and entropy weights are computed separately within each dimension. Each dimension's
// score is the weighted sum of its standardised values. The composite is the product of the dimension
// scores (prosperity × commonality for the paper's system), and its log is the study's outcome cp. The
// engine is entropy.ComputeIndex, whose package documentation gives the formulas.
//
// Indicators with status missing are left out and listed in Excluded, whatever the policy. Missing values
// in the columns of the other indicators are handled as opts.Missing selects. The returned panel has the
// index columns added; rows outside the window and dropped rows have NaN there.
//
// EntropyIndex returns an error when the system is invalid, when a column it names is not in the panel
// (*ColumnNotFoundError) or not numeric, when a dimension is left without indicators, when a column has
// missing values under IndexMissingError (wrapping *entropy.MissingValuesError), and for the errors of
// entropy.ComputeIndex.
func EntropyIndex(p *Panel, sys *IndicatorSystem, opts IndexOptions) (*IndexResult, error) {
	if err := sys.Validate(); err != nil {
		return nil, err
	}
	r := &IndexResult{System: sys, Options: opts}
	times := p.Times()
	for i, t := range times {
		if opts.Window.contains(t) {
			r.Rows = append(r.Rows, i)
			r.Keys = append(r.Keys, p.Key(i))
		}
	}
	if len(r.Rows) < 2 {
		return nil, fmt.Errorf("entropy index: %w: %d panel rows in the window %s; the entropy method needs at least 2",
			ErrEmptyFrame, len(r.Rows), windowText(opts.Window))
	}

	columns, err := r.selectIndicators(p)
	if err != nil {
		return nil, err
	}
	if err := r.checkDimensions(); err != nil {
		return nil, err
	}

	used := entropy.System{}
	for _, ind := range sys.EntropySystem().Indicators {
		if slices.Contains(r.Used, ind.Code) {
			used.Indicators = append(used.Indicators, ind)
		}
	}
	settings := entropy.Settings{Shift: opts.Shift, Score: opts.Score, RowLabels: make([]string, len(r.Rows)),
		RankWithin: make([]string, len(r.Rows))}
	for i, k := range r.Keys {
		settings.RowLabels[i] = k.String()
		settings.RankWithin[i] = strconv.Itoa(k.Time)
	}
	if opts.ByYear {
		settings.Groups = settings.RankWithin
	}
	if opts.Missing == IndexListwise {
		settings.Missing = entropy.DropRows
	}
	x, err := entropy.ComputeIndex(used, columns, settings)
	if err != nil {
		var mv *entropy.MissingValuesError
		if errors.As(err, &mv) {
			return nil, missingValuesError(mv)
		}
		return nil, fmt.Errorf("entropy index: %w", err)
	}
	r.Index = x

	r.collectScores()
	r.collectWeights()
	r.collectWarnings()
	if r.Panel, err = r.addColumns(p); err != nil {
		return nil, err
	}
	return r, nil
}

// missingValuesError restates the engine's error with a hint that names this package's settings,
// IndexOptions.Missing and not entropy.Settings.Missing.
func missingValuesError(mv *entropy.MissingValuesError) error {
	var b strings.Builder
	b.WriteString("entropy index: missing or infinite values in ")
	for k, c := range mv.Columns {
		if k > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "indicator %q at %s", c.Indicator, strings.Join(c.Labels[:min(len(c.Labels), 8)], ", "))
		if len(c.Labels) > 8 {
			fmt.Fprintf(&b, " and %d more", len(c.Labels)-8)
		}
	}
	return &HintError{Msg: b.String(), Err: mv, Hint: Hint{Action: "supply the values", Suggestions: []Suggestion{
		{Setting: SettingIndexMissing, Value: "listwise", Purpose: "drop those rows"},
		{Setting: SettingIndexMissing, Value: "complete", Purpose: "leave such indicators out"},
	}}}
}

// selectIndicators reads the column of every indicator with data, applies the exclusion policy and returns
// the data columns of the indicators in use, keyed by ID.
func (r *IndexResult) selectIndicators(p *Panel) (map[string][]float64, error) {
	if err := checkIndicatorColumns(r.System, p); err != nil {
		return nil, err
	}
	columns := map[string][]float64{}
	for _, ind := range r.System.Indicators {
		if ind.Status == IndicatorMissing {
			r.Excluded = append(r.Excluded, ExcludedIndicator{ID: ind.ID, Status: ind.Status, Reason: ExcludedNoData})
			continue
		}
		all, err := p.Float(ind.Column)
		if err != nil {
			return nil, fmt.Errorf("index indicator %s: %w", ind.ID, err)
		}
		values := make([]float64, len(r.Rows))
		for i, row := range r.Rows {
			values[i] = all[row]
		}
		if r.Options.Missing == IndexCompleteIndicators {
			if ex, incomplete := r.coverage(ind, values); incomplete {
				r.Excluded = append(r.Excluded, ex)
				continue
			}
		}
		columns[ind.ID] = values
		r.Used = append(r.Used, ind.ID)
	}
	return columns, nil
}

// coverage describes the gaps of one indicator's values in the window.
func (r *IndexResult) coverage(ind SystemIndicator, values []float64) (ExcludedIndicator, bool) {
	ex := ExcludedIndicator{ID: ind.ID, Column: ind.Column, Status: ind.Status, Reason: ExcludedIncomplete, Total: len(values)}
	for i, v := range values {
		if finite(v) {
			ex.Rows++
			continue
		}
		k := r.Keys[i]
		if !slices.Contains(ex.GapPeriods, k.Time) {
			ex.GapPeriods = append(ex.GapPeriods, k.Time)
		}
		if !slices.Contains(ex.GapEntities, k.Entity) {
			ex.GapEntities = append(ex.GapEntities, k.Entity)
		}
	}
	slices.Sort(ex.GapPeriods)
	return ex, ex.Rows < ex.Total
}

// checkDimensions returns an error naming the excluded indicators of a dimension left with none in use.
func (r *IndexResult) checkDimensions() error {
	for _, dim := range r.System.Dimensions {
		var left []string
		var reasons []string
		for _, ind := range r.System.Indicators {
			if ind.Dimension != dim.Key {
				continue
			}
			if slices.Contains(r.Used, ind.ID) {
				left = append(left, ind.ID)
			}
		}
		if len(left) > 0 {
			continue
		}
		for _, ex := range r.Excluded {
			if ind, _ := r.System.Indicator(ex.ID); ind.Dimension == dim.Key {
				reasons = append(reasons, ex.Describe())
			}
		}
		return fmt.Errorf("entropy index: dimension %q has no indicator with complete data in the window %s, so its score "+
			"and the composite cannot be computed; excluded: %s", dim.Key, windowText(r.Options.Window), strings.Join(reasons, "; "))
	}
	return nil
}

func (r *IndexResult) collectScores() {
	x := r.Index
	r.Scores = make([][]float64, len(r.System.Dimensions))
	r.LogScores = make([][]float64, len(r.System.Dimensions))
	for d, dim := range r.System.Dimensions {
		res, _ := x.Dimension(dim.Key)
		score := slices.Clone(res.Weights.RankedScore())
		logs := make([]float64, len(score))
		for i, s := range score {
			logs[i] = logOrNaN(s)
		}
		r.Scores[d], r.LogScores[d] = score, logs
	}
	r.Composite = slices.Clone(x.Composite)
	r.LogComposite = make([]float64, len(x.LogComposite))
	for i, v := range x.LogComposite {
		r.LogComposite[i] = v
		if math.IsInf(v, 0) {
			r.LogComposite[i] = math.NaN()
		}
	}
	r.Rank = slices.Clone(x.Rank)
	for _, d := range x.Dropped {
		r.Dropped = append(r.Dropped, IndexDroppedRow{Key: r.Keys[d.Row], Reason: d.Reason})
	}
}

// logOrNaN returns ln s, or NaN where s is 0 or missing, because a log of 0 cannot enter a regression.
func logOrNaN(s float64) float64 {
	if !(s > 0) {
		return math.NaN()
	}
	return math.Log(s)
}

// collectWeights converts the engine's level weights, adding both label languages and the entropies.
func (r *IndexResult) collectWeights() {
	labels := map[string][2]string{}
	for _, ind := range r.System.Indicators {
		labels[groupKey(ind.Level1Zh, ind.Level1En)] = [2]string{ind.Level1Zh, ind.Level1En}
		labels[groupKey(ind.Level2Zh, ind.Level2En)] = [2]string{ind.Level2Zh, ind.Level2En}
	}
	for _, lw := range r.Index.LevelWeights {
		w := IndexWeight{Group: lw.Group, Level: lw.Level, Dimension: lw.Dimension, Indicator: lw.Indicator,
			Weight: lw.Weight, Entropy: math.NaN(), Divergence: math.NaN()}
		w.Level1Zh, w.Level1En = labels[lw.Level1][0], labels[lw.Level1][1]
		if lw.Level2 != "" {
			w.Level2Zh, w.Level2En = labels[lw.Level2][0], labels[lw.Level2][1]
		}
		if lw.Level == entropy.LevelIndicator {
			dim, _ := r.Index.Dimension(lw.Dimension)
			if g, ok := dim.Weights.Group(lw.Group); ok {
				j := slices.Index(dim.Weights.Indicators, lw.Indicator)
				w.Entropy, w.Divergence = g.Entropy[j], g.Divergence[j]
			}
		}
		r.Weights = append(r.Weights, w)
	}
}

// collectWarnings copies the engine's warnings and flags rows whose shifted dimension score sits at its
// floor, where the log score is an outlier made by the shift rather than by the data.
func (r *IndexResult) collectWarnings() {
	for _, w := range r.Index.Warnings {
		r.Warnings = append(r.Warnings, w.String())
	}
	if r.Options.Score != entropy.ScoreShifted || r.Options.Shift.Kind == entropy.NoShift {
		return
	}
	for d, dim := range r.System.Dimensions {
		res, _ := r.Index.Dimension(dim.Key)
		var at []string
		f := ScoreFloor{Dimension: dim.Key}
		for i, s := range res.Weights.Score {
			if s == 0 {
				at = append(at, r.Keys[i].String())
				f.Keys = append(f.Keys, r.Keys[i])
				f.Score = r.Scores[d][i]
			}
		}
		if at == nil {
			continue
		}
		r.Floors = append(r.Floors, f)
		floor := f.Score
		r.Warnings = append(r.Warnings, fmt.Sprintf("dimension %q: every weighted indicator is at its worst value at %s, "+
			"so the shifted score there is the shift floor %.4g and its log %.2f lies far below the other rows. "+
			"A Rescale shift (for example 1 to 2) keeps such rows near the others",
			dim.Key, strings.Join(at, ", "), floor, math.Log(floor)))
	}
}

// addColumns writes the log composite, the composite and each dimension's score and log score into the
// panel, NaN outside the window.
func (r *IndexResult) addColumns(p *Panel) (*Panel, error) {
	spread := func(values []float64) []float64 {
		out := make([]float64, p.Len())
		for i := range out {
			out[i] = math.NaN()
		}
		for i, row := range r.Rows {
			out[row] = values[i]
		}
		return out
	}
	c := r.Options.column()
	add := []namedColumn{{c, r.LogComposite}, {c + "_index", r.Composite}}
	for d, dim := range r.System.Dimensions {
		add = append(add, namedColumn{dim.Key, r.LogScores[d]}, namedColumn{dim.Key + "_score", r.Scores[d]})
	}
	seen := map[string]bool{}
	for _, a := range add {
		if seen[a.name] {
			return nil, fmt.Errorf("entropy index: two outputs would be written to column %q; rename the dimension or set IndexOptions.Column", a.name)
		}
		seen[a.name] = true
	}
	var err error
	for _, a := range add {
		if p, err = p.With(a.name, spread(a.values)); err != nil {
			return nil, fmt.Errorf("entropy index: %w", err)
		}
	}
	return p, nil
}

// namedColumn is a column to add to a panel.
type namedColumn struct {
	name   string
	values []float64
}

func windowText(w Window) string {
	switch {
	case w.From == 0 && w.To == 0:
		return "(all periods)"
	case w.From == 0:
		return fmt.Sprintf("up to %d", w.To)
	case w.To == 0:
		return fmt.Sprintf("from %d", w.From)
	}
	return fmt.Sprintf("%d–%d", w.From, w.To)
}
