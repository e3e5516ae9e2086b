package cpstat

import (
	"fmt"
	"math"
	"strings"

	"github.com/cpstat/cpstat/cpstat/describe"
	"github.com/cpstat/cpstat/cpstat/linreg"
	"github.com/cpstat/cpstat/cpstat/table"
)

// ModelDescription is the descriptive table of a model's variables with the variance inflation factors
// of its regressors, the layout of a paper's "descriptive statistics and VIF" table. Every number is
// computed on the model's estimation sample, so N is the same for each variable and matches the
// regression.
type ModelDescription struct {
	Formula string
	N       int
	// Variables are the response, then each regressor, as the model evaluates them (log(x) is the
	// logarithm); Panel holds Stata's xtsum decomposition.
	Variables []VariableSummary
	// VIF holds VIF_j = 1/(1 − R²_j) of each regressor, where R²_j is the centred R² of regressor j on
	// an intercept and the other regressors (car::vif, Stata's estat vif after regress). Fixed effects
	// are not among the regressors. An exactly collinear regressor gets +Inf and a note. Nil for a model
	// without regressors.
	VIF *linreg.VIFResult
	// Notes states the sample and the VIF definition, and names any exact linear relation.
	Notes []string
}

// DescribeModel estimates the model with the options given (for its estimation sample: rows with
// missing values, the window and singletons removed) and describes its variables on that sample.
func DescribeModel(p *Panel, src string, opts ...EstimateOption) (*ModelDescription, error) {
	m, err := NewModel(p, src, opts...)
	if err != nil {
		return nil, err
	}
	res, err := m.Fit()
	if err != nil {
		return nil, err
	}
	frameRows := res.fit.Rows // Fit estimates on the frame's rows, so these index the frame

	ids := entityIDs(res.Keys)
	d := &ModelDescription{Formula: m.formula, N: res.N}
	columns := append([][]float64{m.frame.Y}, m.frame.X...)
	names := append([]string{m.frame.Response}, m.frame.XNames...)
	values := make([][]float64, len(columns))
	for j, col := range columns {
		values[j] = gather(col, frameRows)
		s := VariableSummary{Variable: names[j], Summary: describe.Summarize(values[j])}
		if ps, err := describe.XtSum(values[j], ids); err == nil {
			s.Panel = ps
		}
		d.Variables = append(d.Variables, s)
	}
	d.Notes = append(d.Notes, fmt.Sprintf("statistics on the estimation sample of %s (N = %d)", m.formula, res.N))

	if len(m.frame.XNames) > 0 {
		vif, err := linreg.VIF(values[1:], m.frame.XNames)
		if err != nil {
			return nil, fmt.Errorf("VIF of %s: %w", m.formula, err)
		}
		d.VIF = vif
		d.Notes = append(d.Notes, "VIF = 1/(1 − R²) of each regressor on an intercept and the other regressors, without the fixed effects")
		d.Notes = append(d.Notes, vif.Notes...)
	}
	return d, nil
}

// entityIDs numbers the entities of keys in order of first appearance.
func entityIDs(keys []RowKey) []int32 {
	index := map[string]int32{}
	ids := make([]int32, len(keys))
	for i, k := range keys {
		id, ok := index[k.Entity]
		if !ok {
			id = int32(len(index))
			index[k.Entity] = id
		}
		ids[i] = id
	}
	return ids
}

// VIFOf returns the VIF of variable, or NaN when it is not a regressor of the description.
func (d *ModelDescription) VIFOf(variable string) float64 {
	if d.VIF == nil {
		return math.NaN()
	}
	for j, name := range d.VIF.Names {
		if name == variable {
			return d.VIF.VIF[j]
		}
	}
	return math.NaN()
}

// Grid lays the description out as a table with the columns N, mean, sd, min, max, VIF and 1/VIF, the
// response first with blank VIF cells, and the mean VIF in a last row.
func (d *ModelDescription) Grid(labels table.Labels, lang table.Lang) table.Grid {
	zh := lang == table.Zh
	header := []table.Head{{Code: "variable"}, {Code: "N"}, {Code: "mean"}, {Code: "sd"}, {Code: "min"},
		{Code: "max"}, {Code: "vif"}, {Code: "inv_vif"}}
	g := table.Grid{
		Title:    langText(zh, "变量描述性统计与方差膨胀因子检验", "Descriptive statistics and variance inflation factors"),
		Lang:     lang,
		Labels:   labels,
		Header:   [][]table.Head{header},
		Decimals: []int{0, 0, 3, 3, 3, 3, 2, 3},
	}
	for _, v := range d.Variables {
		row := []table.Value{table.Code(v.Variable), table.Int(v.N), table.Num(v.Mean), table.Num(v.SD),
			table.Num(v.Min), table.Num(v.Max)}
		if vif := d.VIFOf(v.Variable); !math.IsNaN(vif) {
			row = append(row, table.Num(vif), table.Num(1/vif))
		} else {
			row = append(row, table.Text(""), table.Text(""))
		}
		g.Rows = append(g.Rows, row)
	}
	if d.VIF != nil {
		g.RulesAbove = []int{len(g.Rows)}
		g.Rows = append(g.Rows, []table.Value{table.Text(langText(zh, "平均VIF", "Mean VIF")), table.Text(""),
			table.Text(""), table.Text(""), table.Text(""), table.Text(""), table.Num(d.VIF.MeanVIF), table.Text("")})
	}
	g.Notes = append(g.Notes, langText(zh,
		fmt.Sprintf("统计量均在回归的估计样本上计算（N = %d）；标准差以 n−1 为除数。", d.N),
		fmt.Sprintf("All statistics use the regression's estimation sample (N = %d); the standard deviation divides by n − 1.", d.N)))
	if d.VIF != nil {
		g.Notes = append(g.Notes, langText(zh,
			"VIF = 1/(1 − R²)，R² 为该解释变量对常数项和其余解释变量回归的中心化拟合优度，不含固定效应。",
			"VIF = 1/(1 − R²), the centred R² of each regressor on an intercept and the other regressors, without the fixed effects."))
		g.Notes = append(g.Notes, d.VIF.Notes...)
	}
	return g
}

// VIF computes the variance inflation factor of each variable on the rows within the window where all
// of them have a finite value, with an intercept in every auxiliary regression. It also returns the
// keys of the rows within the window that were dropped for a missing or non-finite value.
func (p *Panel) VIF(vars []string, w Window) (*linreg.VIFResult, []RowKey, error) {
	times := p.Times()
	var rows []int
	for i, t := range times {
		if w.contains(t) {
			rows = append(rows, i)
		}
	}
	columns := make([][]float64, len(vars))
	for j, v := range vars {
		x, err := p.Float(v)
		if err != nil {
			return nil, nil, err
		}
		columns[j] = gather(x, rows)
	}
	res, err := linreg.VIF(columns, vars)
	if err != nil {
		return nil, nil, fmt.Errorf("VIF of %s: %w", strings.Join(vars, ", "), err)
	}
	dropped := make([]RowKey, len(res.DroppedRows))
	for i, d := range res.DroppedRows {
		dropped[i] = p.Key(rows[d.Row])
	}
	return res, dropped, nil
}
