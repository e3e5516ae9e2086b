package cpstat

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/cpstat/cpstat/cpstat/dea"
	"github.com/cpstat/cpstat/cpstat/table"
)

// DefaultTFPColumn is the panel column of the cumulative Malmquist TFP index when TFPOptions.Column is
// empty. The year-on-year index tfpch goes to the column name + "ch" ("tfpch").
const DefaultTFPColumn = "tfp"

// Default inputs and output of MeasureTFP, as in Hong, Jiang and Liu (2023): the capital stock from
// MeasureCapital and employment as inputs, real GDP at 2000 prices as the output.
var (
	DefaultTFPInputs  = []string{"capital_stock", "employment"}
	DefaultTFPOutputs = []string{"real_gdp"}
)

// TFPOptions are the settings of MeasureTFP. The zero value runs DEAP 2.1's output-oriented Malmquist
// index (FGNZ decomposition) on capital_stock and employment against real_gdp over every period, and
// returns an error when an entity lacks a period or has a value that is not positive.
type TFPOptions struct {
	// Inputs and Outputs name the panel columns; nil means DefaultTFPInputs and DefaultTFPOutputs.
	Inputs, Outputs []string

	// Window restricts the periods; the zero value takes every period. The cumulative index is 1 in the
	// window's first period.
	Window Window

	Orientation   dea.Orientation
	Decomposition dea.Decomposition

	// DropIncomplete leaves out entities that lack a period of the window or have a missing, zero or
	// negative value there, and lists them in TFPResult.Dropped. False returns an error for them, because
	// the Malmquist index needs a balanced panel of positive data.
	DropIncomplete bool

	// Workers is the number of goroutines solving the linear programs; zero or less means GOMAXPROCS.
	// Results do not depend on it.
	Workers int

	// Progress, if not nil, receives the number of finished entity-periods and their total.
	Progress func(done, total int)

	// Column names the output column of the cumulative index; "" means DefaultTFPColumn.
	Column string
}

func (o TFPOptions) variables() (inputs, outputs []string, column string) {
	inputs, outputs, column = o.Inputs, o.Outputs, o.Column
	if inputs == nil {
		inputs = DefaultTFPInputs
	}
	if outputs == nil {
		outputs = DefaultTFPOutputs
	}
	if column == "" {
		column = DefaultTFPColumn
	}
	return inputs, outputs, column
}

// DroppedEntity is an entity left out of a computation, with the reason.
type DroppedEntity struct {
	Entity   string
	Reason   string
	ReasonZh string // the reason in Chinese
}

// TFPResult is a DEA Malmquist TFP index computed on a panel.
type TFPResult struct {
	Options TFPOptions

	// Malmquist holds every figure DEAP 2.1 prints: distances, the decomposition (effch, techch, pech,
	// sech, tfpch) per entity and period pair, period and entity geometric means, the cumulative index and
	// the programs that could not be solved, with reasons.
	Malmquist *dea.MalmquistResult

	Dropped []DroppedEntity // entities left out under DropIncomplete

	// Cumulative and Change hold the cumulative index and tfpch for every panel row: NaN outside the window,
	// for dropped entities, and for Change in the first period.
	Cumulative, Change []float64

	// Panel is the input panel with the columns Column (cumulative index) and Column + "ch" (tfpch).
	Panel *Panel
}

// MeasureTFP computes the DEA Malmquist TFP index of the panel's entities over the periods in the window,
// with package dea under DEAP 2.1 conventions (Coelli 1996; Färe, Grosskopf, Norris and Zhang 1994). It
// adds the cumulative index (1 in the first period, then the running product of tfpch) and tfpch to the
// panel.
//
// Programs that are infeasible (cross-period VRS distances, used only under the Ray–Desli decomposition or
// dea.MalmquistOptions.CrossPeriodVRS) give NaN with a reason in Malmquist.Unsolved and never stop the run.
// MeasureTFP returns an error for a column that is missing or not numeric, for fewer than two periods, for
// an entity that lacks a period or has a value that is not positive (unless DropIncomplete), and
// ctx.Err() when ctx is cancelled.
func MeasureTFP(ctx context.Context, p *Panel, opts TFPOptions) (*TFPResult, error) {
	inputs, outputs, column := opts.variables()
	names := append(slices.Clone(inputs), outputs...)
	values := make([][]float64, len(names))
	for k, name := range names {
		x, err := p.Float(name)
		if err != nil {
			return nil, fmt.Errorf("tfp: %w", err)
		}
		values[k] = x
	}

	_, all := p.TimeCodes()
	var periods []int
	for _, t := range all {
		if opts.Window.contains(t) {
			periods = append(periods, t)
		}
	}
	if len(periods) < 2 {
		return nil, fmt.Errorf("tfp: %w: the window %s has %d period(s); the Malmquist index compares adjacent periods and needs at least 2",
			ErrEmptyFrame, windowText(opts.Window), len(periods))
	}

	r := &TFPResult{Options: opts}
	var units []string
	for _, e := range p.Entities() {
		reason, reasonZh, err := checkEntity(p, e, periods, names, values)
		if err == nil {
			units = append(units, e)
			continue
		}
		if !opts.DropIncomplete {
			return nil, incompleteEntityError(err)
		}
		r.Dropped = append(r.Dropped, DroppedEntity{Entity: e, Reason: reason, ReasonZh: reasonZh})
	}
	if len(units) == 0 {
		return nil, noCompleteEntityError(p, periods, names, values, r.Dropped[0])
	}

	panel := &dea.Panel{Units: units, Periods: periods, InputNames: inputs, OutputNames: outputs}
	for _, t := range periods {
		x := mat.NewDense(len(units), len(inputs), nil)
		y := mat.NewDense(len(units), len(outputs), nil)
		for i, e := range units {
			row := p.Row(RowKey{Entity: e, Time: t})
			for k := range inputs {
				x.Set(i, k, values[k][row])
			}
			for k := range outputs {
				y.Set(i, k, values[len(inputs)+k][row])
			}
		}
		panel.X = append(panel.X, x)
		panel.Y = append(panel.Y, y)
	}
	m, err := dea.Malmquist(ctx, panel, dea.MalmquistOptions{Orientation: opts.Orientation, Decomposition: opts.Decomposition,
		Workers: opts.Workers, Progress: opts.Progress})
	if err != nil {
		return nil, fmt.Errorf("tfp: %w", err)
	}
	r.Malmquist = m

	r.Cumulative = nanSlice(p.Len())
	r.Change = nanSlice(p.Len())
	for t, period := range periods {
		for i, e := range units {
			row := p.Row(RowKey{Entity: e, Time: period})
			r.Cumulative[row] = m.Cumulative[t][i]
			if t > 0 {
				r.Change[row] = m.Changes[t-1][i].Tfpch
			}
		}
	}
	if p, err = p.With(column, r.Cumulative); err != nil {
		return nil, fmt.Errorf("tfp: %w", err)
	}
	if r.Panel, err = p.With(column+"ch", r.Change); err != nil {
		return nil, fmt.Errorf("tfp: %w", err)
	}
	return r, nil
}

// checkEntity returns why an entity cannot enter a Malmquist run, in English and Chinese: a missing
// period or a value that is not positive and finite. The error is a *dea.UnbalancedError or
// *dea.DataError.
func checkEntity(p *Panel, entity string, periods []int, names []string, values [][]float64) (string, string, error) {
	for _, t := range periods {
		row := p.Row(RowKey{Entity: entity, Time: t})
		if row < 0 {
			return fmt.Sprintf("no row for period %d", t), fmt.Sprintf("%d 年没有数据行", t),
				&dea.UnbalancedError{Unit: entity, Period: t}
		}
		for k, name := range names {
			if v := values[k][row]; !(v > 0) || math.IsInf(v, 0) {
				return fmt.Sprintf("%s = %g in period %d (DEA needs positive, finite data)", name, v, t),
					fmt.Sprintf("%d 年 %s = %g（DEA 要求投入产出为有限正数）", t, name, v),
					&dea.DataError{Unit: entity, Period: strconv.Itoa(t), Variable: name, Value: v}
			}
		}
	}
	return "", "", nil
}

// periodHint suggests evaluating the last of the panel's periods.
func periodHint(periods []int) Hint {
	return Hint{Suggestions: []Suggestion{{Setting: SettingDEAPeriod, Value: strconv.Itoa(periods[len(periods)-1]),
		Purpose: "choose one"}}}
}

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}

// Notes returns the notes for a table of the Malmquist index: the model, the dropped entities and the
// programs that could not be solved.
func (r *TFPResult) Notes(lang table.Lang) []string {
	zh := lang == table.Zh
	m := r.Malmquist
	inputs, outputs, column := r.Options.variables()
	orientation := langText(zh, "产出导向", "output-oriented")
	if m.Orientation == dea.InputOrientation {
		orientation = langText(zh, "投入导向", "input-oriented")
	}
	notes := []string{langText(zh,
		fmt.Sprintf("DEA-Malmquist 指数（%s，%s 分解，DEAP 2.1 口径），投入：%s，产出：%s，%d 个个体 × %d 期；tfpch = effch × techch，effch = pech × sech；均值为几何平均；%s 为 tfpch 的累乘，首期为 1。",
			orientation, m.Decomposition, strings.Join(inputs, "、"), strings.Join(outputs, "、"), len(m.Units), len(m.Periods), column),
		fmt.Sprintf("DEA Malmquist index (%s, %s decomposition, DEAP 2.1 conventions), inputs %s, outputs %s, %d entities × %d periods; tfpch = effch × techch, effch = pech × sech; means are geometric; %s chains tfpch from 1 in the first period.",
			orientation, m.Decomposition, strings.Join(inputs, ", "), strings.Join(outputs, ", "), len(m.Units), len(m.Periods), column))}
	for _, d := range r.Dropped {
		notes = append(notes, langText(zh, "剔除 "+d.Entity+"：", "Dropped "+d.Entity+": ")+d.Reason+".")
	}
	if n := len(m.Unsolved); n > 0 {
		first := m.Unsolved[0]
		notes = append(notes, langText(zh,
			fmt.Sprintf("%d 个线性规划无解，对应距离为缺失值（如 %s %d 期相对 %d 期前沿：%s）。", n, first.Unit, first.Period, first.FrontierPeriod, first.Reason),
			fmt.Sprintf("%d linear %s no solution, so %s missing (e.g. %s in %d against the %d frontier: %s).",
				n, plural(n, "program has", "programs have"), plural(n, "its distance is", "their distances are"),
				first.Unit, first.Period, first.FrontierPeriod, first.Reason)))
	}
	return notes
}

var indexNames = []string{"effch", "techch", "pech", "sech", "tfpch"}

func indexValues(x dea.Indices) []float64 {
	return []float64{x.Effch, x.Techch, x.Pech, x.Sech, x.Tfpch}
}

// PeriodMeansGrid lays out DEAP's "Malmquist index summary of annual means": one row per period pair,
// labelled by its later period, with the geometric means over entities of effch, techch, pech, sech and
// tfpch, and the overall mean in the last row.
func (r *TFPResult) PeriodMeansGrid(lang table.Lang) table.Grid {
	zh := lang == table.Zh
	m := r.Malmquist
	var rows [][]table.Value
	for k, mean := range m.PeriodMeans {
		rows = append(rows, indexRow(table.Text(strconv.Itoa(m.Periods[k+1])), mean.Indices))
	}
	rows = append(rows, indexRow(table.Text(langText(zh, "均值", "Mean")), m.Mean.Indices))
	g := indexGrid(langText(zh, "Malmquist 指数分解：各年均值", "Malmquist index decomposition: annual means"),
		langText(zh, "年份", "Year"), rows, lang)
	g.Notes = append(r.Notes(lang), langText(zh, "每行为相对上一年的变化，取各个体的几何平均。",
		"Each row is the change from the previous period, a geometric mean over entities."))
	return g
}

// UnitMeansGrid lays out DEAP's "Malmquist index summary of firm means": one row per entity with the
// geometric means over period pairs, and the overall mean in the last row.
func (r *TFPResult) UnitMeansGrid(lang table.Lang) table.Grid {
	zh := lang == table.Zh
	m := r.Malmquist
	var rows [][]table.Value
	for i, mean := range m.UnitMeans {
		rows = append(rows, indexRow(table.Text(entityName(m.Units[i], zh)), mean.Indices))
	}
	rows = append(rows, indexRow(table.Text(langText(zh, "均值", "Mean")), m.Mean.Indices))
	g := indexGrid(langText(zh, "Malmquist 指数分解：各个体均值", "Malmquist index decomposition: entity means"),
		langText(zh, "个体", "Entity"), rows, lang)
	g.Notes = append(r.Notes(lang), langText(zh, "每行为该个体各年变化的几何平均。",
		"Each row is a geometric mean over the entity's period pairs."))
	return g
}

func indexRow(label table.Value, x dea.Indices) []table.Value {
	row := []table.Value{label}
	for _, v := range indexValues(x) {
		row = append(row, table.Num(v))
	}
	return row
}

func indexGrid(title, first string, rows [][]table.Value, lang table.Lang) table.Grid {
	header := []table.Head{{Text: first}}
	for _, n := range indexNames {
		header = append(header, table.Head{Text: n})
	}
	return table.Grid{
		Title:      title,
		Lang:       lang,
		Header:     [][]table.Head{header},
		Rows:       rows,
		RulesAbove: []int{len(rows) - 1},
	}
}

// EfficiencyOptions are the settings of DEAEfficiency. The zero value is output orientation on the single
// period of the panel.
type EfficiencyOptions struct {
	Inputs, Outputs []string // panel columns; required

	// Period selects the period to evaluate; 0 is allowed only when the panel has a single period.
	Period int

	Orientation dea.Orientation
	Workers     int // goroutines; zero or less means GOMAXPROCS
}

// EfficiencyResult holds one period's DEA scores with the entities they belong to.
type EfficiencyResult struct {
	Period   int
	Entities []string // in panel order; row i of every slice of Scores
	Scores   *dea.EfficiencyResult
}

// DEAEfficiency computes the CRS, VRS and NIRS efficiency, the scale efficiency and the returns-to-scale
// direction of every entity in one period, against the frontier of that period's entities, as DEAP 2.1's
// single-period DEA does. It returns an error for a missing column, an unknown or unspecified period, and
// a value that is not positive and finite (*dea.DataError).
func DEAEfficiency(ctx context.Context, p *Panel, opts EfficiencyOptions) (*EfficiencyResult, error) {
	if len(opts.Inputs) == 0 || len(opts.Outputs) == 0 {
		return nil, fmt.Errorf("dea: give at least one input and one output column (inputs: %s; outputs: %s)",
			quoteList(opts.Inputs), quoteList(opts.Outputs))
	}
	_, periods := p.TimeCodes()
	period := opts.Period
	switch {
	case period == 0 && len(periods) == 1:
		period = periods[0]
	case period == 0:
		return nil, &HintError{Err: ErrSettings, Msg: fmt.Sprintf("dea: the panel has %d periods (%d–%d), and one period is evaluated at a time",
			len(periods), periods[0], periods[len(periods)-1]), Hint: periodHint(periods)}
	case !slices.Contains(periods, period):
		return nil, &HintError{Err: ErrSettings, Msg: fmt.Sprintf("dea: period %d is not in the panel, which covers %s", period, yearRanges(periods)),
			Hint: periodHint(periods)}
	}

	var rows []int
	var entities []string
	for i, k := range p.Keys() {
		if k.Time == period {
			rows = append(rows, i)
			entities = append(entities, k.Entity)
		}
	}
	fill := func(names []string) (*mat.Dense, error) {
		m := mat.NewDense(len(rows), len(names), nil)
		for j, name := range names {
			x, err := p.Float(name)
			if err != nil {
				return nil, fmt.Errorf("dea: %w", err)
			}
			for i, row := range rows {
				m.Set(i, j, x[row])
			}
		}
		return m, nil
	}
	x, err := fill(opts.Inputs)
	if err != nil {
		return nil, err
	}
	y, err := fill(opts.Outputs)
	if err != nil {
		return nil, err
	}
	scores, err := dea.Efficiency(ctx, x, y, dea.EfficiencyOptions{Orientation: opts.Orientation, UnitNames: entities,
		InputNames: opts.Inputs, OutputNames: opts.Outputs, Workers: opts.Workers})
	if err != nil {
		return nil, fmt.Errorf("dea: period %d: %w", period, err)
	}
	return &EfficiencyResult{Period: period, Entities: entities, Scores: scores}, nil
}
