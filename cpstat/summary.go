package cpstat

import (
	"fmt"
	"math"

	"github.com/cpstat/cpstat/cpstat/describe"
	"github.com/cpstat/cpstat/cpstat/province"
	"github.com/cpstat/cpstat/cpstat/table"
)

// Window restricts a summary to periods From–To inclusive; the zero value takes every period.
type Window struct{ From, To int }

func (w Window) contains(t int) bool {
	return (w.From == 0 || t >= w.From) && (w.To == 0 || t <= w.To)
}

// NumericColumns lists the panel's numeric columns other than the keys, in data-set order.
func (p *Panel) NumericColumns() []string {
	var out []string
	for _, name := range p.Names() {
		if name == p.EntityColumn() || name == p.TimeColumn() {
			continue
		}
		if _, err := p.Float(name); err == nil {
			out = append(out, name)
		}
	}
	return out
}

// Coverage counts the entities with a finite value of each variable in each period.
type Coverage struct {
	Variables []string
	Periods   []int
	Counts    [][]int // Counts[v][t]: entities with a value of Variables[v] in Periods[t]
	Entities  int     // number of entities in the panel: a complete cell
}

// Coverage counts non-missing values per variable and period within the window.
func (p *Panel) Coverage(vars []string, w Window) (*Coverage, error) {
	_, periods := p.TimeCodes()
	c := &Coverage{Variables: vars, Entities: len(p.Entities())}
	index := map[int]int{}
	for _, t := range periods {
		if w.contains(t) {
			index[t] = len(c.Periods)
			c.Periods = append(c.Periods, t)
		}
	}
	times := p.Times()
	for _, v := range vars {
		x, err := p.Float(v)
		if err != nil {
			return nil, err
		}
		counts := make([]int, len(c.Periods))
		for i, t := range times {
			if j, ok := index[t]; ok && finite(x[i]) {
				counts[j]++
			}
		}
		c.Counts = append(c.Counts, counts)
	}
	return c, nil
}

// Grid lays the coverage out as a table: one row per variable, one column per period and a total.
func (c *Coverage) Grid(labels table.Labels, lang table.Lang) table.Grid {
	zh := lang == table.Zh
	header := []table.Head{{Text: langText(zh, "变量", "Variable")}}
	for _, t := range c.Periods {
		header = append(header, table.Head{Text: fmt.Sprint(t)})
	}
	header = append(header, table.Head{Text: langText(zh, "合计", "Total")})
	rows := make([][]table.Value, 0, len(c.Variables))
	for v, name := range c.Variables {
		row := []table.Value{table.Code(name)}
		total := 0
		for _, n := range c.Counts[v] {
			row = append(row, table.Int(n))
			total += n
		}
		rows = append(rows, append(row, table.Int(total)))
	}
	return table.Grid{
		Title:  langText(zh, "数据覆盖情况（各年份有值的个体数）", "Data coverage (entities with a value in each period)"),
		Lang:   lang,
		Labels: labels,
		Header: [][]table.Head{header},
		Rows:   rows,
		Notes: []string{langText(zh,
			fmt.Sprintf("完整为 %d。空缺表示数据中没有该数值，未做插补。", c.Entities),
			fmt.Sprintf("Complete is %d. A gap is a value the data do not have; nothing is interpolated.", c.Entities))},
	}
}

// VariableSummary is the descriptive statistics of one variable, with Stata's xtsum decomposition.
type VariableSummary struct {
	Variable string
	describe.Summary
	Panel describe.PanelSummary
}

// Describe summarises each variable over the rows within the window: N, mean, sd (n − 1), min, max,
// quartiles, and the overall, between and within standard deviations of Stata's xtsum.
func (p *Panel) Describe(vars []string, w Window) ([]VariableSummary, error) {
	times := p.Times()
	ids := p.EntityCodes()
	out := make([]VariableSummary, 0, len(vars))
	for _, v := range vars {
		x, err := p.Float(v)
		if err != nil {
			return nil, err
		}
		var values []float64
		var valueIDs []int32
		for i, t := range times {
			if w.contains(t) {
				values = append(values, x[i])
				valueIDs = append(valueIDs, ids[i])
			}
		}
		s := VariableSummary{Variable: v, Summary: describe.Summarize(values)}
		if s.N > 1 {
			if ps, err := describe.XtSum(values, valueIDs); err == nil {
				s.Panel = ps
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// DescribeGrid lays summaries out as the usual descriptive-statistics table: N, mean, sd, min, max.
func DescribeGrid(summaries []VariableSummary, labels table.Labels, lang table.Lang) table.Grid {
	zh := lang == table.Zh
	header := []table.Head{{Text: langText(zh, "变量", "Variable")},
		{Code: "N"}, {Code: "mean"}, {Code: "sd"}, {Code: "min"}, {Code: "max"}}
	rows := make([][]table.Value, 0, len(summaries))
	for _, s := range summaries {
		if s.N == 0 {
			rows = append(rows, []table.Value{table.Code(s.Variable), table.Int(0),
				table.Text(""), table.Text(""), table.Text(""), table.Text("")})
			continue
		}
		rows = append(rows, []table.Value{table.Code(s.Variable), table.Int(s.N),
			table.Num(s.Mean), table.Num(s.SD), table.Num(s.Min), table.Num(s.Max)})
	}
	return table.Grid{
		Title:    langText(zh, "描述性统计", "Descriptive statistics"),
		Lang:     lang,
		Labels:   labels,
		Header:   [][]table.Head{header},
		Rows:     rows,
		Decimals: []int{0, 0, 3, 3, 3, 3},
		Notes: []string{langText(zh, "N 为非缺失观测值个数；标准差以 n−1 为除数。",
			"N counts non-missing observations; the standard deviation divides by n − 1.")},
	}
}

// RegionMeans is the mean of a variable by NBS region (East, Central, West) and period.
type RegionMeans struct {
	Variable string
	Regions  []province.Region
	Periods  []int
	Mean     [][]float64 // Mean[r][t]; NaN where the region has no value in that period
	N        [][]int     // number of entities averaged
}

// MeanByRegion averages a variable over the provinces of each NBS region within the window. Entities
// must be province names or codes; an entity that names no province is an error.
func (p *Panel) MeanByRegion(variable string, w Window) (*RegionMeans, error) {
	x, err := p.Float(variable)
	if err != nil {
		return nil, err
	}
	_, periods := p.TimeCodes()
	rm := &RegionMeans{Variable: variable, Regions: []province.Region{province.East, province.Central, province.West}}
	col := map[int]int{}
	for _, t := range periods {
		if w.contains(t) {
			col[t] = len(rm.Periods)
			rm.Periods = append(rm.Periods, t)
		}
	}
	sums := make([][]float64, len(rm.Regions))
	rm.N = make([][]int, len(rm.Regions))
	for r := range rm.Regions {
		sums[r] = make([]float64, len(rm.Periods))
		rm.N[r] = make([]int, len(rm.Periods))
	}
	for i, k := range p.Keys() {
		j, ok := col[k.Time]
		if !ok || !finite(x[i]) {
			continue
		}
		prov, err := province.Resolve(k.Entity)
		if err != nil {
			return nil, fmt.Errorf("mean by region of %s: row %s: %w", variable, k, err)
		}
		r := int(prov.Region) - 1
		sums[r][j] += x[i]
		rm.N[r][j]++
	}
	rm.Mean = make([][]float64, len(rm.Regions))
	for r := range rm.Regions {
		rm.Mean[r] = make([]float64, len(rm.Periods))
		for j := range rm.Periods {
			rm.Mean[r][j] = math.NaN()
			if rm.N[r][j] > 0 {
				rm.Mean[r][j] = sums[r][j] / float64(rm.N[r][j])
			}
		}
	}
	return rm, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func langText(zh bool, chinese, english string) string {
	if zh {
		return chinese
	}
	return english
}
