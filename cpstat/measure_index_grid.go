package cpstat

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cpstat/cpstat/cpstat/entropy"
	"github.com/cpstat/cpstat/cpstat/province"
	"github.com/cpstat/cpstat/cpstat/table"
)

// SystemGrid lays out the indicator system with its weights in the style of Table 1 of Hong, Jiang and
// Liu (2023): one row per indicator with its dimension, first- and second-level groups and their weights,
// direction, data status, panel column and weight. Excluded indicators keep their row, with "—" as weight.
//
// group selects the weight group under IndexOptions.ByYear, a period such as "2017". With ByYear and an
// empty group the grid shows the mean of the yearly weights. A pooled result ignores group.
func (r *IndexResult) SystemGrid(lang table.Lang, group string) table.Grid {
	zh := lang == table.Zh
	weights, title := r.weightsFor(group, zh)
	header := []table.Head{
		{Text: langText(zh, "维度", "Dimension")},
		{Text: langText(zh, "一级指标", "First level")}, {Text: langText(zh, "权重", "Weight")},
		{Text: langText(zh, "二级指标", "Second level")}, {Text: langText(zh, "权重", "Weight")},
		{Text: langText(zh, "三级指标", "Indicator")}, {Text: langText(zh, "方向", "Direction")},
		{Text: langText(zh, "状态", "Status")}, {Text: langText(zh, "数据列", "Column")},
		{Text: langText(zh, "权重", "Weight")},
	}
	weightCell := func(key string) table.Value {
		if w, ok := weights[key]; ok {
			return table.Num(w)
		}
		return table.Text("—")
	}

	var rows [][]table.Value
	var rules []int
	lastDim, lastL1, lastL2 := "", "", ""
	for _, ind := range r.System.Indicators {
		dim, _ := r.System.Dimension(ind.Dimension)
		l1 := ind.Dimension + "\x00" + ind.Level1(lang)
		l2 := l1 + "\x00" + ind.Level2(lang)
		row := make([]table.Value, 10)
		for k := range row {
			row[k] = table.Text("")
		}
		if ind.Dimension != lastDim {
			row[0] = table.Text(dim.Label(lang))
			if len(rows) > 0 {
				rules = append(rules, len(rows))
			}
		}
		if l1 != lastL1 && ind.Level1(lang) != "" {
			row[1], row[2] = table.Text(ind.Level1(lang)), weightCell("1\x00"+l1)
		}
		if l2 != lastL2 && ind.Level2(lang) != "" {
			row[3], row[4] = table.Text(ind.Level2(lang)), weightCell("2\x00"+l2)
		}
		lastDim, lastL1, lastL2 = ind.Dimension, l1, l2

		row[5] = table.Text(ind.ID + " " + ind.Label(lang))
		row[6] = table.Text(ind.Direction.String())
		row[7] = table.Text(statusText(ind.Status, zh))
		row[8] = table.Text(ind.Column)
		row[9] = weightCell("3\x00" + ind.ID)
		rows = append(rows, row)
	}
	return table.Grid{
		Title:      title,
		Lang:       lang,
		Header:     [][]table.Head{header},
		Rows:       rows,
		Decimals:   []int{0, 0, 4, 0, 4, 0, 0, 0, 0, 4},
		RulesAbove: rules,
		Notes:      r.Notes(lang),
	}
}

// weightsFor returns the weights of one group keyed by level and node, and the grid title.
func (r *IndexResult) weightsFor(group string, zh bool) (map[string]float64, string) {
	title := langText(zh, "熵权法权重", "Entropy weights")
	if t := r.System.Title; t.Zh != "" || t.En != "" {
		title = pickLabel(langOf(zh), t.Zh, t.En, "")
	}
	groups := map[string]bool{}
	for _, w := range r.Weights {
		groups[w.Group] = true
	}
	mean := r.Options.ByYear && group == ""
	switch {
	case !r.Options.ByYear:
		group = ""
	case mean:
		title += langText(zh, "（各年权重的均值）", " (mean of the yearly weights)")
	default:
		title += langText(zh, "（"+group+" 年）", " ("+group+")")
	}

	sums := map[string]float64{}
	counts := map[string]int{}
	for _, w := range r.Weights {
		if !mean && w.Group != group {
			continue
		}
		var key string
		l1 := w.Dimension + "\x00" + pickLabel(langOf(zh), w.Level1Zh, w.Level1En, "")
		switch w.Level {
		case entropy.LevelFirst:
			key = "1\x00" + l1
		case entropy.LevelSecond:
			key = "2\x00" + l1 + "\x00" + pickLabel(langOf(zh), w.Level2Zh, w.Level2En, "")
		case entropy.LevelIndicator:
			key = "3\x00" + w.Indicator
		}
		sums[key] += w.Weight
		counts[key]++
	}
	out := make(map[string]float64, len(sums))
	for k, s := range sums {
		out[k] = s / float64(counts[k])
	}
	return out, title
}

func langOf(zh bool) table.Lang {
	if zh {
		return table.Zh
	}
	return table.En
}

func statusText(s IndicatorStatus, zh bool) string {
	if !zh {
		return string(s)
	}
	switch s {
	case IndicatorPresent:
		return "有数据"
	case IndicatorProxy:
		return "替代"
	case IndicatorMissing:
		return "缺失"
	}
	return string(s)
}

// Notes returns the notes a table of the index needs: the method and options, every excluded indicator
// with its reason and coverage, the direction changes against the source system, dropped rows and the
// warnings of the computation.
func (r *IndexResult) Notes(lang table.Lang) []string {
	zh := lang == table.Zh
	o := r.Options
	pooling := langText(zh, fmt.Sprintf("全部 %d 个省份—年份合并计算权重", len(r.Rows)),
		fmt.Sprintf("weights pooled over all %d entity-periods", len(r.Rows)))
	if o.ByYear {
		pooling = langText(zh, "逐年分别计算权重", "weights computed period by period")
	}
	basis := langText(zh, "未平移的标准化值", "the unshifted standardised values")
	if o.Score == entropy.ScoreShifted {
		basis = langText(zh, "平移后的标准化值", "the shifted standardised values")
	}
	c := o.column()
	notes := []string{langText(zh,
		fmt.Sprintf("熵权法，样本期 %s，%s；维度内分别赋权，标准化后平移 %s，维度得分用%s加权求和；综合指数 = 各维度得分之积，%s = ln(综合指数)。",
			windowText(o.Window), pooling, o.Shift, basis, c),
		fmt.Sprintf("Entropy weights over %s, %s; weights within each dimension, shift %s after standardisation, dimension scores from %s; composite = product of the dimension scores, %s = ln(composite).",
			windowText(o.Window), pooling, o.Shift, basis, c))}

	var noData []string
	for _, ex := range r.Excluded {
		if ex.Reason == ExcludedNoData {
			noData = append(noData, ex.ID)
		}
	}
	if len(noData) > 0 {
		notes = append(notes, langText(zh,
			fmt.Sprintf("%d 个指标没有公开数据，未进入指数：%s。", len(noData), strings.Join(noData, "、")),
			fmt.Sprintf("%d indicators have no data and are not in the index: %s.", len(noData), strings.Join(noData, ", "))))
	}
	var incomplete []string
	for _, ex := range r.Excluded {
		if ex.Reason == ExcludedIncomplete {
			incomplete = append(incomplete, langText(zh, ex.DescribeZh(), ex.Describe()))
		}
	}
	if len(incomplete) > 0 {
		notes = append(notes, langText(zh,
			"以下指标在样本期内有缺失值，按“只用完整指标”规则未进入指数（未做插补）："+strings.Join(incomplete, "；")+"。",
			"Indicators with missing values in the window are left out under the complete-indicators rule (nothing is filled): "+
				strings.Join(incomplete, "; ")+"."))
	}
	for _, ind := range r.System.Indicators {
		if ind.Direction != ind.DirectionPaper && slices.Contains(r.Used, ind.ID) {
			notes = append(notes, langText(zh,
				fmt.Sprintf("%s 的方向按 %s 处理，原文标为 %s。", ind.ID, ind.Direction, ind.DirectionPaper),
				fmt.Sprintf("%s enters as %s; the source system marks it %s.", ind.ID, ind.Direction, ind.DirectionPaper)))
		}
	}
	if len(r.Dropped) > 0 {
		keys := make([]string, len(r.Dropped))
		for k, d := range r.Dropped {
			keys[k] = d.Key.String()
		}
		notes = append(notes, langText(zh,
			fmt.Sprintf("成列删除 %d 行：%s。", len(keys), listFirst(keys, 12)),
			fmt.Sprintf("%d rows dropped listwise: %s.", len(keys), listFirst(keys, 12))))
	}
	notes = append(notes, r.FloorNotes(lang)...)
	for _, w := range r.Index.Warnings {
		notes = append(notes, langText(zh, "提示（英文）：", "Warning: ")+w.String())
	}
	return notes
}

// FloorNotes returns one note per entry of Floors in the given language.
func (r *IndexResult) FloorNotes(lang table.Lang) []string {
	var notes []string
	for _, f := range r.Floors {
		keys := make([]string, len(f.Keys))
		for k, key := range f.Keys {
			keys[k] = key.String()
		}
		dim, _ := r.System.Dimension(f.Dimension)
		notes = append(notes, langText(lang == table.Zh,
			fmt.Sprintf("%s 在“%s”维度的各指标都取样本中最差的值，平移后的得分就是下限 %.4g，其对数 %.2f 远低于其他行；这是平移造成的离群值，改用区间平移（如 1:2）可避免。",
				strings.Join(keys, "、"), dim.Label(table.Zh), f.Score, math.Log(f.Score)),
			fmt.Sprintf("%s has the worst value of every weighted indicator of dimension %q, so its shifted score is the floor %.4g and its log %.2f lies far below the other rows. The shift makes this outlier; a rescale shift (such as 1:2) avoids it.",
				strings.Join(keys, ", "), f.Dimension, f.Score, math.Log(f.Score))))
	}
	return notes
}

func listFirst(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(" … (%d more)", len(items)-n)
}

// WeightsByPeriodGrid lays out the indicator weights of a ByYear index with one row per indicator in use
// and one column per period. A pooled index gives a single weight column.
func (r *IndexResult) WeightsByPeriodGrid(lang table.Lang) table.Grid {
	zh := lang == table.Zh
	var groups []string
	for _, w := range r.Weights {
		if !slices.Contains(groups, w.Group) {
			groups = append(groups, w.Group)
		}
	}
	header := []table.Head{{Text: langText(zh, "指标", "Indicator")}}
	for _, g := range groups {
		if g == "" {
			g = langText(zh, "权重", "Weight")
		}
		header = append(header, table.Head{Text: g})
	}
	var rows [][]table.Value
	for _, id := range r.Used {
		ind, _ := r.System.Indicator(id)
		row := []table.Value{table.Text(id + " " + ind.Label(lang))}
		for _, g := range groups {
			row = append(row, table.Num(r.IndicatorWeight(id, g)))
		}
		rows = append(rows, row)
	}
	decimals := []int{0}
	for range groups {
		decimals = append(decimals, 3)
	}
	return table.Grid{
		Title:    langText(zh, "各指标的熵权", "Entropy weights of the indicators"),
		Lang:     lang,
		Header:   [][]table.Head{header},
		Rows:     rows,
		Decimals: decimals,
		Notes:    []string{langText(zh, "权重在各维度内加总为 1。", "Weights sum to 1 within each dimension.")},
	}
}

// WideGrid lays out one numeric column as an entity × period table within the window, with a mean row
// at the bottom. Entities that are province codes are shown by name in the table's language. NaN cells
// show "—".
func (p *Panel) WideGrid(column string, w Window, labels table.Labels, lang table.Lang) (table.Grid, error) {
	x, err := p.Float(column)
	if err != nil {
		return table.Grid{}, err
	}
	zh := lang == table.Zh

	_, all := p.TimeCodes()
	var periods []int
	for _, t := range all {
		if w.contains(t) {
			periods = append(periods, t)
		}
	}

	header := []table.Head{{Text: langText(zh, "个体", "Entity")}}
	if p.EntityColumn() != "" {
		header[0] = table.Head{Code: p.EntityColumn()}
	}
	for _, t := range periods {
		header = append(header, table.Head{Text: strconv.Itoa(t)})
	}

	sums := make([]float64, len(periods))
	counts := make([]int, len(periods))
	var rows [][]table.Value
	for _, e := range p.Entities() {
		row := []table.Value{table.Text(entityName(e, zh))}
		for j, t := range periods {
			i := p.Row(RowKey{Entity: e, Time: t})
			v := math.NaN()
			if i >= 0 {
				v = x[i]
			}
			if finite(v) {
				sums[j] += v
				counts[j]++
			}
			row = append(row, table.Num(v))
		}
		rows = append(rows, row)
	}

	mean := []table.Value{table.Text(langText(zh, "均值", "Mean"))}
	for j := range periods {
		v := math.NaN()
		if counts[j] > 0 {
			v = sums[j] / float64(counts[j])
		}
		mean = append(mean, table.Num(v))
	}
	rows = append(rows, mean)

	label := labels.Lookup(column, lang)
	return table.Grid{
		Title:      label + langText(zh, "（按个体和年份）", " by entity and period"),
		Lang:       lang,
		Labels:     labels,
		Header:     [][]table.Head{header},
		Rows:       rows,
		RulesAbove: []int{len(rows) - 1},
	}, nil
}

// entityName returns the province name for a two-letter province code, and the entity otherwise.
func entityName(entity string, zh bool) string {
	pr, ok := province.Lookup(entity)
	if !ok || pr.Code != entity {
		return entity
	}
	return langText(zh, pr.Short, pr.English)
}
