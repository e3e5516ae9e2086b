package cpstat

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/cpstat/cpstat/cpstat/table"
)

// Estimated returns the rows with an estimate, in the order of the grid.
func (r *SpecCurveResult) Estimated() []SpecRow {
	var out []SpecRow
	for _, row := range r.Rows {
		if row.Err == nil {
			out = append(out, row)
		}
	}
	return out
}

// Failed returns the rows without an estimate, in the order of the grid.
func (r *SpecCurveResult) Failed() []SpecRow {
	var out []SpecRow
	for _, row := range r.Rows {
		if row.Err != nil {
			out = append(out, row)
		}
	}
	return out
}

// Sorted returns the rows with an estimate in ascending order of their effect (standardized or not),
// ties in the order of the grid: the x axis of a specification curve.
func (r *SpecCurveResult) Sorted(standardized bool) []SpecRow {
	rows := r.Estimated()
	sort.SliceStable(rows, func(a, b int) bool {
		return rows[a].Effect(standardized).Estimate < rows[b].Effect(standardized).Estimate
	})
	return rows
}

// SpecFailure is a group of failed specifications with the same cause.
type SpecFailure struct {
	Reason  string  // the error text, or the treatment and the reason it was dropped
	Count   int     // specifications with this cause
	Example SpecRow // the first of them in the order of the grid
}

// Failures groups the failed rows by cause, in order of first appearance. Rows whose treatment was
// dropped group by term and reason, and other rows by their error text.
func (r *SpecCurveResult) Failures() []SpecFailure {
	var out []SpecFailure
	index := map[string]int{}
	for _, row := range r.Failed() {
		reason := row.Err.Error()
		var dropped *TreatmentDroppedError
		if errors.As(row.Err, &dropped) {
			reason = fmt.Sprintf("%s: %s is %s", ErrTreatmentDropped, dropped.Term, dropped.Reason)
		}
		k, ok := index[reason]
		if !ok {
			k = len(out)
			index[reason] = k
			out = append(out, SpecFailure{Reason: reason, Example: row})
		}
		out[k].Count++
	}
	return out
}

// SpecSummary summarises the estimated specifications that share one option, or all of them.
type SpecSummary struct {
	Dimension int // index into Grid.Dimensions, or -1 for all specifications
	Option    int // index into the dimension's options, or -1 for all specifications

	Specs  int     // specifications with an estimate
	Failed int     // specifications without one
	Median float64 // median effect, or NaN without estimates
	// Positive, Significant and SignificantPositive are the shares of the estimates (0–1) that are
	// above 0, have p < Alpha, and both. NaN without estimates.
	Positive            float64
	Significant         float64
	SignificantPositive float64
}

// Summary returns the summary of all specifications followed by one per option of each dimension, in
// the grid's order. A specification counts as significant when its p-value is below alpha (0 means
// 0.05), and the medians are of standardized effects when standardized is set.
func (r *SpecCurveResult) Summary(alpha float64, standardized bool) []SpecSummary {
	if alpha == 0 {
		alpha = 0.05
	}
	all := r.summarise(-1, -1, alpha, standardized)
	out := []SpecSummary{all}
	for d, dim := range r.Grid.Dimensions {
		for o := range dim.Options {
			out = append(out, r.summarise(d, o, alpha, standardized))
		}
	}
	return out
}

func (r *SpecCurveResult) summarise(d, o int, alpha float64, standardized bool) SpecSummary {
	s := SpecSummary{Dimension: d, Option: o}
	var effects []float64
	var positive, significant, both int
	for _, row := range r.Rows {
		if d >= 0 && row.Choice[d] != o {
			continue
		}
		if row.Err != nil {
			s.Failed++
			continue
		}
		e := row.Effect(standardized)
		effects = append(effects, e.Estimate)
		if e.Estimate > 0 {
			positive++
		}
		if e.PValue < alpha {
			significant++
			if e.Estimate > 0 {
				both++
			}
		}
	}
	s.Specs = len(effects)
	s.Median, s.Positive, s.Significant, s.SignificantPositive = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	if s.Specs > 0 {
		n := float64(s.Specs)
		s.Median = median(effects)
		s.Positive, s.Significant, s.SignificantPositive = float64(positive)/n, float64(significant)/n, float64(both)/n
	}
	return s
}

func median(x []float64) float64 {
	sorted := slices.Clone(x)
	slices.Sort(sorted)
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// SummaryGrid returns the summary as a table: one row for all specifications, then one per option
// grouped by dimension, with the number of specifications, failures, the median effect and the shares
// (in percent) of positive, significant and significantly positive estimates.
func (r *SpecCurveResult) SummaryGrid(alpha float64, standardized bool, lang table.Lang) table.Grid {
	if alpha == 0 {
		alpha = 0.05
	}
	zh := lang == table.Zh
	text := func(chinese, english string) string { return langText(zh, chinese, english) }
	pct := fmt.Sprintf("%g%%", 100*alpha)
	g := table.Grid{
		Title: text("规格曲线汇总", "Specification curve summary"),
		Lang:  lang,
		Header: [][]table.Head{{
			{Text: text("维度", "Dimension")}, {Text: text("选项", "Option")},
			{Text: text("规格数", "Specifications")}, {Text: text("失败", "Failed")},
			{Text: text("估计值中位数", "Median estimate")},
			{Text: text("为正 (%)", "Positive (%)")},
			{Text: text("在"+pct+"水平显著 (%)", "Significant at "+pct+" (%)")},
			{Text: text("显著为正 (%)", "Significant and positive (%)")},
		}},
		Decimals: []int{0, 0, 0, 0, 3, 1, 1, 1},
	}
	percent := func(share float64) table.Value { return table.Num(100 * share) }
	for _, s := range r.Summary(alpha, standardized) {
		dimension, option := text("全部规格", "All specifications"), ""
		if s.Dimension >= 0 {
			dim := r.Grid.Dimensions[s.Dimension]
			option = dim.Options[s.Option].Text(lang)
			if s.Option == 0 {
				dimension = dim.Text(lang)
				g.RulesAbove = append(g.RulesAbove, len(g.Rows))
			} else {
				dimension = ""
			}
		}
		g.Rows = append(g.Rows, []table.Value{table.Text(dimension), table.Text(option), table.Int(s.Specs),
			table.Int(s.Failed), table.Num(s.Median), percent(s.Positive), percent(s.Significant),
			percent(s.SignificantPositive)})
	}

	scale := text("估计值为处理变量的原始系数。", "Estimates are the raw coefficients of the treatment.")
	if standardized {
		scale = text("估计值为标准化系数：系数 × sd(处理变量)/sd(被解释变量)，标准差在各规格的估计样本上计算；显著性与原始系数相同。",
			"Estimates are standardized: coefficient × sd(treatment)/sd(outcome), with standard deviations over each specification's estimation sample; significance is that of the raw coefficient.")
	}
	g.Notes = append(g.Notes, scale, text(
		fmt.Sprintf("显著指 p < %g；每个规格使用自己的标准误口径；置信区间为 %g%%。", alpha, 100*r.ConfLevel),
		fmt.Sprintf("Significant means p < %g; each specification uses its own standard-error convention; intervals are %g%%.", alpha, 100*r.ConfLevel)))
	if n := len(r.Excluded); n > 0 {
		g.Notes = append(g.Notes, text(fmt.Sprintf("按设计排除 %d 个不可估计的组合，不计入上表。", n),
			fmt.Sprintf("%d combinations that cannot be estimated by design are excluded and not counted above.", n)))
	}
	return g
}

// SpecsGrid returns every specification as a table row in the order of the grid: the option names,
// the treatment's estimate, standard error, confidence interval, p-value, standardized estimate and N,
// or the reason a specification has no estimate.
func (r *SpecCurveResult) SpecsGrid(lang table.Lang) table.Grid {
	zh := lang == table.Zh
	text := func(chinese, english string) string { return langText(zh, chinese, english) }
	head := []table.Head{{Text: "#"}}
	for _, d := range r.Grid.Dimensions {
		head = append(head, table.Head{Text: d.Text(lang)})
	}
	head = append(head,
		table.Head{Text: text("估计值", "Estimate")}, table.Head{Text: text("标准误", "Std. error")},
		table.Head{Text: text("置信下限", "CI low")}, table.Head{Text: text("置信上限", "CI high")},
		table.Head{Text: text("p 值", "p-value")}, table.Head{Text: text("标准化估计值", "Standardized")},
		table.Head{Text: "N"}, table.Head{Text: text("未估计的原因", "Why not estimated")})
	decimals := make([]int, len(r.Grid.Dimensions)+1)
	g := table.Grid{
		Title:    text("规格曲线：全部规格", "Specification curve: every specification"),
		Lang:     lang,
		Header:   [][]table.Head{head},
		Decimals: append(decimals, 4, 4, 4, 4, 3, 3, 0, 0),
	}
	for _, row := range r.Rows {
		cells := []table.Value{table.Int(row.Index + 1)}
		for _, name := range row.Options(r.Grid) {
			cells = append(cells, table.Text(name))
		}
		if row.Err != nil {
			blank := table.Text("")
			cells = append(cells, blank, blank, blank, blank, blank, blank, blank, table.Text(row.Err.Error()))
		} else {
			std := row.Effect(true)
			cells = append(cells, table.Num(row.Estimate), table.Num(row.StdError), table.Num(row.ConfLow),
				table.Num(row.ConfHigh), table.Num(row.PValue), table.Num(std.Estimate), table.Int(row.N), table.Text(""))
		}
		g.Rows = append(g.Rows, cells)
	}
	g.Notes = []string{text(
		fmt.Sprintf("# 为组合在全部 %d 个组合中的序号（含按设计排除的 %d 个）；置信区间为 %g%%。", r.Grid.Size(), len(r.Excluded), 100*r.ConfLevel),
		fmt.Sprintf("# numbers the combination among all %d, including the %d excluded by design; intervals are %g%%.", r.Grid.Size(), len(r.Excluded), 100*r.ConfLevel))}
	return g
}
