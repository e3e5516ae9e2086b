package cpstat

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/cpstat/cpstat/cpstat/table"
)

// ErrSplit is wrapped by every error of QuantileGroups and EstimateSplit about a split that cannot be
// made: too few values, an invalid number of groups or a group left empty by ties.
var ErrSplit = errors.New("invalid sample split")

// GroupRule selects how QuantileGroups places values into quantile groups, which matters for tied values
// and for a number of values that is not a multiple of the number of groups.
type GroupRule int

const (
	// GroupCutpoints (the zero value) follows Stata's xtile with its default percentile definition.
	// With the n finite values sorted as x(1) ≤ … ≤ x(n) and P = n·k/g, cutpoint k of g is
	// (x(P) + x(P+1))/2 when P is whole and x(⌊P⌋+1) otherwise. A value goes to the first group whose
	// cutpoint it does not exceed, so a value equal to a cutpoint belongs to the lower group. Tied
	// values always share a group, which can make group sizes differ by more than one.
	GroupCutpoints GroupRule = iota
	// GroupEqualCount sorts the values, breaking ties by position (panel row order), and puts the value
	// of 0-based rank r into group ⌊r·g/n⌋. Sizes then differ by at most one, with the larger groups
	// lowest, but tied values may fall into neighbouring groups.
	GroupEqualCount
)

// String returns "cutpoints" or "equal-count".
func (r GroupRule) String() string {
	switch r {
	case GroupCutpoints:
		return "cutpoints"
	case GroupEqualCount:
		return "equal-count"
	}
	return fmt.Sprintf("GroupRule(%d)", int(r))
}

// Grouping is the assignment of values to g quantile groups, group 0 holding the smallest values.
type Grouping struct {
	Rule   GroupRule
	Groups int

	// Codes holds the group of each input value, or −1 for a missing or non-finite value.
	Codes []int
	// Cutpoints holds the g − 1 upper bounds of groups 0 … g−2: the xtile cutpoints under
	// GroupCutpoints, the largest value of the group under GroupEqualCount.
	Cutpoints []float64
	// Sizes, Min and Max give the number of values and the smallest and largest value of each group.
	Sizes    []int
	Min, Max []float64
	// SplitTies counts the distinct values whose copies fall into more than one group; it can be
	// positive only under GroupEqualCount.
	SplitTies int
}

// QuantileGroups assigns each finite value to one of groups quantile groups of all the finite values,
// under the given rule. NaN and ±Inf get code −1 and take no part in the cutpoints.
//
// It returns an ErrSplit error when groups < 2, when there are fewer finite values than groups, or when
// ties leave a group empty under GroupCutpoints; the message names the tied value.
func QuantileGroups(values []float64, groups int, rule GroupRule) (*Grouping, error) {
	if groups < 2 {
		return nil, fmt.Errorf("%w: %d groups requested; ask for 2 or more", ErrSplit, groups)
	}
	var order []int
	for i, v := range values {
		if finite(v) {
			order = append(order, i)
		}
	}
	n := len(order)
	if n < groups {
		return nil, fmt.Errorf("%w: %d finite values cannot form %d groups", ErrSplit, n, groups)
	}
	sort.SliceStable(order, func(a, b int) bool { return values[order[a]] < values[order[b]] })

	g := &Grouping{Rule: rule, Groups: groups, Codes: make([]int, len(values))}
	for i := range g.Codes {
		g.Codes[i] = -1
	}
	switch rule {
	case GroupCutpoints:
		sorted := make([]float64, n)
		for r, i := range order {
			sorted[r] = values[i]
		}
		for k := 1; k < groups; k++ {
			g.Cutpoints = append(g.Cutpoints, xtileCutpoint(sorted, k, groups))
		}
		for _, i := range order {
			g.Codes[i] = sort.SearchFloat64s(g.Cutpoints, values[i])
		}
	case GroupEqualCount:
		for r, i := range order {
			g.Codes[i] = r * groups / n
		}
	default:
		return nil, fmt.Errorf("%w: unknown group rule %d; use GroupCutpoints or GroupEqualCount", ErrSplit, int(rule))
	}

	g.Sizes = make([]int, groups)
	g.Min, g.Max = make([]float64, groups), make([]float64, groups)
	for k := range g.Min {
		g.Min[k], g.Max[k] = math.Inf(1), math.Inf(-1)
	}
	for _, i := range order {
		k := g.Codes[i]
		g.Sizes[k]++
		g.Min[k], g.Max[k] = math.Min(g.Min[k], values[i]), math.Max(g.Max[k], values[i])
	}
	for k, size := range g.Sizes {
		if size == 0 {
			return nil, fmt.Errorf("%w: group %d of %d is empty because tied values fill the neighbouring group "+
				"(cutpoints %s); ask for fewer groups or use GroupEqualCount", ErrSplit, k+1, groups, formatFloats(g.Cutpoints))
		}
	}
	if rule == GroupEqualCount {
		for k := 1; k < groups; k++ {
			g.Cutpoints = append(g.Cutpoints, g.Max[k-1])
			if g.Max[k-1] == g.Min[k] {
				g.SplitTies++
			}
		}
	}
	return g, nil
}

// xtileCutpoint returns cutpoint k of g of the sorted values with Stata's default percentile definition
// (the empirical distribution function with averaging). P = n·k/g is whole exactly when n·k is a
// multiple of g, which integer arithmetic decides without rounding.
func xtileCutpoint(sorted []float64, k, g int) float64 {
	n := len(sorted)
	if n*k%g == 0 {
		p := n * k / g // 1-based order statistic x(P) is sorted[p-1]
		return (sorted[p-1] + sorted[p]) / 2
	}
	return sorted[n*k/g]
}

func formatFloats(x []float64) string {
	parts := make([]string, len(x))
	for i, v := range x {
		parts[i] = strconv.FormatFloat(v, 'g', 6, 64)
	}
	return strings.Join(parts, ", ")
}

// SplitSample selects the rows over which EstimateSplit computes the quantile groups.
type SplitSample int

const (
	// SplitModelRows (the zero value) uses the estimation sample of the model fitted on all rows, so the
	// groups partition exactly the rows that the full-sample regression uses.
	SplitModelRows SplitSample = iota
	// SplitWindowRows uses every panel row inside the model's Window and Subset that has a finite value
	// of the split variable, whether or not the model's other variables are complete there.
	SplitWindowRows
)

// SplitSettings configures EstimateSplit. The zero value of every field but By is the default.
type SplitSettings struct {
	// By names the panel column whose pooled quantiles define the groups, such as "cp" or "prosperity".
	By string
	// Groups is the number of groups; 0 means 3 (terciles).
	Groups int
	// Rule decides ties and uneven sizes; see GroupRule.
	Rule GroupRule
	// Sample selects the rows the quantiles are computed over; see SplitSample.
	Sample SplitSample
}

// SplitGroup is one group of a split and its regression.
type SplitGroup struct {
	Index    int     // 0-based, lowest values first
	Rows     int     // panel rows assigned to the group
	Min, Max float64 // range of the split variable in the group
	// Result is the model estimated on the group's rows; nil when the fit failed, with the error in Err.
	Result *Result
	Err    error
}

// SplitResult is a model estimated on the whole sample and on each quantile group of a variable.
type SplitResult struct {
	Formula  string
	Settings SplitSettings // with Groups filled in
	// Full is the model on every row, whose estimation sample defines the groups under SplitModelRows.
	Full *Result
	// Grouping holds the groups over the split rows: Codes is aligned with Keys.
	Grouping *Grouping
	Keys     []RowKey
	Groups   []SplitGroup
	// OnResponse is true when By is the model's response, so each group is selected on the outcome.
	OnResponse bool
}

// EstimateSplit fits the model src on all rows and then separately on each quantile group of the
// column s.By, computed over the pooled rows that s.Sample selects: terciles with Groups = 3 or
// quintiles with Groups = 5. On the embedded panel the baseline's 390 rows become 3 × 130 under
// SplitModelRows, and the 510 province-years of 2001–2017 would become 3 × 170 under SplitWindowRows. Every group model
// uses the options of the full model, with its sample narrowed by EstimateSettings.Subset.
//
// A group whose fit fails, for example because it covers a single cluster, keeps its error in
// SplitGroup.Err and the other groups are still estimated. EstimateSplit itself returns an error when
// the full model cannot be estimated (the errors of Estimate), when By is not a numeric column, and
// when the groups cannot be formed (ErrSplit).
//
// NOTE: splitting on the response, as the study does, selects each group on the outcome, so the group
// slopes are those of a truncated sample and tend toward zero; SplitResult.OnResponse records it.
func EstimateSplit(p *Panel, src string, s SplitSettings, opts ...EstimateOption) (*SplitResult, error) {
	return EstimateSplitContext(context.Background(), p, src, s, opts...)
}

// EstimateSplitContext is EstimateSplit with a context that cancels the fits.
func EstimateSplitContext(ctx context.Context, p *Panel, src string, s SplitSettings, opts ...EstimateOption) (*SplitResult, error) {
	if s.By == "" {
		return nil, fmt.Errorf("%w: SplitSettings.By is empty; name the column whose quantiles define the groups", ErrSplit)
	}
	if s.Groups == 0 {
		s.Groups = 3
	}
	if s.Sample != SplitModelRows && s.Sample != SplitWindowRows {
		return nil, fmt.Errorf("%w: unknown SplitSettings.Sample %d", ErrSplit, int(s.Sample))
	}
	by, err := p.Float(s.By)
	if err != nil {
		return nil, fmt.Errorf("split by %s: %w", s.By, err)
	}

	m, err := NewModel(p, src, opts...)
	if err != nil {
		return nil, err
	}
	full, err := m.FitContext(ctx)
	if err != nil {
		return nil, err
	}
	out := &SplitResult{Formula: m.Formula(), Settings: s, Full: full, OnResponse: m.Response() == s.By}

	rows := splitRows(p, m.Settings(), full, by, s.Sample)
	values := make([]float64, len(rows))
	for j, row := range rows {
		values[j] = by[row]
		out.Keys = append(out.Keys, p.Key(row))
	}
	grouping, err := QuantileGroups(values, s.Groups, s.Rule)
	if err != nil {
		return nil, fmt.Errorf("split %s by %s: %w", out.Formula, s.By, err)
	}
	out.Grouping = grouping

	for k := range s.Groups {
		keep := make([]bool, p.Len())
		for j, row := range rows {
			keep[row] = grouping.Codes[j] == k
		}
		settings := m.Settings()
		settings.Subset = keep
		settings.Label = fmt.Sprintf("%s %d/%d", s.By, k+1, s.Groups)
		group := SplitGroup{Index: k, Rows: grouping.Sizes[k], Min: grouping.Min[k], Max: grouping.Max[k]}
		group.Result, group.Err = EstimateContext(ctx, p, src, WithSettings(settings))
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out.Groups = append(out.Groups, group)
	}
	return out, nil
}

// splitRows returns the panel rows whose values of the split variable define the groups, ascending.
func splitRows(p *Panel, s EstimateSettings, full *Result, by []float64, sample SplitSample) []int {
	if sample == SplitModelRows {
		rows := append([]int(nil), full.Rows...)
		sort.Ints(rows)
		return rows
	}
	var rows []int
	times := p.Times()
	for i := range p.Len() {
		if !s.Window.contains(times[i]) || (s.Subset != nil && !s.Subset[i]) || !finite(by[i]) {
			continue
		}
		rows = append(rows, i)
	}
	return rows
}

// GroupTitle returns the column title of group k (0-based): 低/中/高 (Low/Middle/High) for terciles,
// 最低/较低/中等/较高/最高 (Lowest … Highest) for quintiles as in Hong, Jiang and Liu (2023), and "Q1",
// "Q2", … otherwise.
func (r *SplitResult) GroupTitle(k int, lang table.Lang) string {
	var zh, en []string
	switch r.Settings.Groups {
	case 2:
		zh, en = []string{"低", "高"}, []string{"Low", "High"}
	case 3:
		zh, en = []string{"低", "中", "高"}, []string{"Low", "Middle", "High"}
	case 5:
		zh, en = []string{"最低", "较低", "中等", "较高", "最高"}, []string{"Lowest", "Low", "Middle", "High", "Highest"}
	default:
		return fmt.Sprintf("Q%d", k+1)
	}
	if lang == table.En {
		return en[k]
	}
	return zh[k]
}

// Columns returns one regression-table column per group that was estimated, titled by GroupTitle, with
// the full-sample model first when withFull is set. A group whose fit failed has no column; Notes
// states why.
func (r *SplitResult) Columns(lang table.Lang, withFull bool) []table.Column {
	var cols []table.Column
	if withFull {
		cols = append(cols, r.Full.Column(textIn(lang, "全样本", "Full sample")))
	}
	for _, g := range r.Groups {
		if g.Result != nil {
			cols = append(cols, g.Result.Column(r.GroupTitle(g.Index, lang)))
		}
	}
	return cols
}

// Notes returns the lines a table of the split needs: the rule and rows behind the groups, their sizes
// and ranges, the groups whose fit failed and, for a split on the response, the selection caveat.
func (r *SplitResult) Notes(lang table.Lang) []string {
	notes := []string{r.groupingNote(lang)}
	if g := r.Grouping; g.SplitTies > 0 {
		notes = append(notes, textIn(lang, fmt.Sprintf("相同取值被分到相邻两组的情况有 %d 处。", g.SplitTies),
			fmt.Sprintf("%d tied values are split between neighbouring groups.", g.SplitTies)))
	}

	for _, grp := range r.Groups {
		title := r.GroupTitle(grp.Index, lang)
		if grp.Err != nil {
			notes = append(notes, textIn(lang, fmt.Sprintf("第 %d 组（%s）无法估计：%v", grp.Index+1, title, grp.Err),
				fmt.Sprintf("Group %d (%s) could not be estimated: %v", grp.Index+1, title, grp.Err)))
			continue
		}
		if d := grp.Result.Dropped.Dropped(); d > 0 {
			notes = append(notes, textIn(lang, fmt.Sprintf("第 %d 组剔除 %d 行：%s。", grp.Index+1, d, dropReportZh(grp.Result.Dropped)),
				fmt.Sprintf("Group %d: %s.", grp.Index+1, grp.Result.Dropped)))
		}
	}

	if r.OnResponse {
		notes = append(notes, textIn(lang,
			"分组变量就是被解释变量，各组样本按结果变量截取，组内系数是截断样本的估计，通常向零偏。",
			"The groups are formed on the response itself, so each group is a sample truncated on the outcome and its slopes tend toward zero."))
	}
	return notes
}

// groupingNote states how the groups were formed: the variable, the rows, the rule, the sizes and the
// cutpoints.
func (r *SplitResult) groupingNote(lang table.Lang) string {
	g := r.Grouping
	sizes := make([]string, len(g.Sizes))
	for k, n := range g.Sizes {
		sizes[k] = strconv.Itoa(n)
	}

	rowsEn := fmt.Sprintf("the %d rows of the full-sample model", len(r.Keys))
	rowsZh := fmt.Sprintf("全样本模型的 %d 个观测", len(r.Keys))
	if r.Settings.Sample == SplitWindowRows {
		rowsEn = fmt.Sprintf("the %d rows of the window with a value of %s", len(r.Keys), r.Settings.By)
		rowsZh = fmt.Sprintf("样本期内 %s 有值的 %d 个观测", r.Settings.By, len(r.Keys))
	}
	ruleEn := "cutpoints as in Stata's xtile (a value equal to a cutpoint goes to the lower group, tied values share a group)"
	ruleZh := "分界点与 Stata 的 xtile 相同（等于分界点的值归入较低组，相同取值归入同一组）"
	if g.Rule == GroupEqualCount {
		ruleEn = "equal counts after sorting (ties broken by panel row order)"
		ruleZh = "排序后等分（取值相同时按面板行序分组）"
	}

	return textIn(lang,
		fmt.Sprintf("分组：按 %s 在%s上的 %d 分位数分组，%s；各组观测数 %s；分界点 %s。",
			r.Settings.By, rowsZh, g.Groups, ruleZh, strings.Join(sizes, "/"), formatFloats(g.Cutpoints)),
		fmt.Sprintf("Groups: %d quantile groups of %s over %s, %s; rows per group %s; cutpoints %s.",
			g.Groups, r.Settings.By, rowsEn, ruleEn, strings.Join(sizes, "/"), formatFloats(g.Cutpoints)))
}

// dropReasonsZh names the drop reasons in Chinese.
var dropReasonsZh = map[DropReason]string{
	ReasonMissing:        "缺失值",
	ReasonInfinite:       "无穷值",
	ReasonLogNonPositive: "对非正数取对数",
	ReasonOutOfDomain:    "超出函数定义域",
	ReasonNotObserved:    "滞后或前置期无观测",
	ReasonSingleton:      "固定效应单例",
}

// dropReportZh describes a drop report in Chinese, as in "province 固定效应单例 1 行（JS/2005）", with at
// most 5 keys per group.
func dropReportZh(report DropReport) string {
	var parts []string
	for _, g := range report.Groups {
		reason, ok := dropReasonsZh[g.Reason]
		if !ok {
			reason = string(g.Reason)
		}
		var keys []string
		for _, k := range g.Keys[:min(len(g.Keys), 5)] {
			keys = append(keys, k.String())
		}
		if len(g.Keys) > 5 {
			keys = append(keys, "等")
		}
		parts = append(parts, fmt.Sprintf("%s %s %d 行（%s）", g.Column, reason, len(g.Keys), strings.Join(keys, "、")))
	}
	return strings.Join(parts, "；")
}

func textIn(lang table.Lang, zh, en string) string {
	if lang == table.En {
		return en
	}
	return zh
}
