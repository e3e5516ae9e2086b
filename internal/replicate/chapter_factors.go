package replicate

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/plots"
)

func init() {
	register(Chapter{
		Order: 20, ID: "factors", TitleZh: "要素投入与效率：资本存量与 TFP", TitleEn: "Factor inputs and efficiency: capital stock and TFP",
		AboutZh:  "用永续盘存法（单豪杰 2008，折旧率 10.96%，基期存量按投资增长率推算）由 1952—2017 年固定资本形成额估计各省资本存量（2000 年价），取对数作为中介变量 capital；再以资本存量和就业人数为投入、2000 年价实际 GDP 为产出，按 DEAP 2.1 的产出导向 DEA-Malmquist 指数测算 2001—2017 年全要素生产率，分解为技术效率变化、技术进步、纯技术效率变化和规模效率变化，累乘得到中介变量 tfp。",
		AboutEn:  "Estimates each province's capital stock at 2000 prices from gross fixed capital formation in 1952–2017 by perpetual inventory (Shan Haojie 2008: 10.96 % depreciation, base stock from investment growth), whose log is the mediator capital. With the capital stock and employment as inputs and real GDP at 2000 prices as output, the output-oriented DEA Malmquist index of DEAP 2.1 measures TFP change in 2001–2017 and splits it into efficiency change, technical change, pure efficiency change and scale efficiency change; the chained index is the mediator tfp.",
		Measures: true,
		Run:      runFactors,
	})
}

// factorsYears are the years of the capital-stock table.
var factorsYears = []int{2000, 2005, 2010, 2015, 2017}

func runFactors(r *Run) error {
	if err := r.measureCapital(); err != nil {
		return err
	}
	return r.measureTFP()
}

// measureCapital adds capital (ln K) and capital_stock (K) from the embedded inputs, writes the capital
// table and notes the units whose series start late.
func (r *Run) measureCapital() error {
	res, err := cpstat.MeasureCapital(r.Panel, nil, cpstat.PaperCapitalOptions())
	if err != nil {
		return err
	}
	if len(res.Unmatched) == r.Panel.Len() {
		r.Notef("%s", r.Text(
			"面板中没有一行能与内置资本存量投入（按两位省份代码和年份）对应，资本存量未加入。请用 --vars capital=列名 提供 ln(资本存量)，或把省份名换成代码。",
			"no panel row matches the embedded capital-stock inputs (keyed by two-letter province code and year), so no capital stock was added. Bring ln(capital stock) with --vars capital=COLUMN, or use the province codes."))
		return nil
	}
	for _, note := range res.Notes(r.Lang())[1:] {
		r.Notef("%s", note)
	}
	if err := r.addMeasured("capital", res.Panel, "capital"); err != nil {
		return err
	}
	if err := r.addMeasured("capital_stock", res.Panel, "capital_stock"); err != nil {
		return err
	}

	g := res.Grid(r.Lang(), factorsYears)
	g.Title = r.Text("各省资本存量（永续盘存法，亿元，2000 年价）", "Capital stock by province (perpetual inventory, 100 million yuan at 2000 prices)")
	if err := r.Table("capital_stock", g.Title, g); err != nil {
		return err
	}
	title := r.Text("资本存量对数：分地区均值", "Log capital stock: mean by region")
	return r.regionTrendFigure("capital_trend", r.Var("capital"), title,
		r.Text("ln 资本存量（亿元，2000 年价）", "ln capital stock (100 million yuan, 2000 prices)"), nil)
}

// measureTFP adds tfp (the cumulative Malmquist index) and tfpch, and writes DEAP's two summaries and the
// decomposition figure.
func (r *Run) measureTFP() error {
	opts := cpstat.PaperTFPOptions()
	for _, column := range append(slices.Clone(cpstat.DefaultTFPInputs), cpstat.DefaultTFPOutputs...) {
		if !hasValues(r.Panel, column) {
			r.Notef("%s", r.Text(
				fmt.Sprintf("数据中没有 %s，TFP 未测算。DEA-Malmquist 需要资本存量 capital_stock、就业人数 employment 和实际 GDP real_gdp；也可用 --vars tfp=列名 提供已有的 TFP。", column),
				fmt.Sprintf("the data have no %s, so TFP was not measured. The DEA Malmquist index needs the capital stock capital_stock, employment and real GDP real_gdp; or bring an existing TFP series with --vars tfp=COLUMN.", column)))
			return nil
		}
	}
	opts.DropIncomplete = true
	res, err := cpstat.MeasureTFP(r.Ctx, r.Panel, opts)
	if errors.Is(err, cpstat.ErrEmptyFrame) {
		r.Notef("%s", r.Text("没有一个省份在 2001—2017 年每年都有正的投入和产出，TFP 未测算："+err.Error(),
			"no province has positive inputs and outputs in every year of 2001–2017, so TFP was not measured: "+err.Error()))
		return nil
	}
	if err != nil {
		return err
	}
	for _, d := range res.Dropped {
		r.Notef("%s", r.Text("TFP 测算剔除"+cpstat.EntityNameZh(d.Entity)+"（其 tfp 为缺失值）："+d.ReasonZh,
			"TFP leaves out "+d.Entity+" (its tfp is missing): "+d.Reason))
	}
	if err := r.addMeasured("tfp", res.Panel, "tfp"); err != nil {
		return err
	}
	if err := r.addMeasured("tfpch", res.Panel, "tfpch"); err != nil {
		return err
	}

	years := res.PeriodMeansGrid(r.Lang())
	years.Title = r.Text("Malmquist 指数及其分解：各年均值", "Malmquist index and its decomposition: annual means")
	if err := r.Table("malmquist_years", years.Title, years); err != nil {
		return err
	}
	provinces := res.UnitMeansGrid(r.Lang())
	provinces.Title = r.Text("Malmquist 指数及其分解：各省份均值", "Malmquist index and its decomposition: province means")
	if err := r.Table("malmquist_provinces", provinces.Title, provinces); err != nil {
		return err
	}
	if err := r.tfpDecompositionFigure(res); err != nil {
		return err
	}
	title := r.Text("累积 TFP 指数：分地区均值（2001 年 = 1）", "Cumulative TFP index: mean by region (2001 = 1)")
	return r.regionTrendFigure("tfp_trend", r.Var("tfp"), title, r.Label("tfp"), r.noteTFPDecline)
}

// tfpDecompositionFigure draws the annual geometric means of the five indices over time.
func (r *Run) tfpDecompositionFigure(res *cpstat.TFPResult) error {
	m := res.Malmquist
	x := make([]float64, len(m.PeriodMeans))
	values := make([][]float64, 5)
	for k, mean := range m.PeriodMeans {
		x[k] = float64(m.Periods[k+1])
		v := mean.Indices
		for j, value := range []float64{v.Effch, v.Techch, v.Pech, v.Sech, v.Tfpch} {
			values[j] = append(values[j], value)
		}
	}
	names := []string{
		r.Text("effch 效率", "effch efficiency"),
		r.Text("techch 技术", "techch technology"),
		r.Text("pech 纯效率", "pech pure efficiency"),
		r.Text("sech 规模", "sech scale"),
		"tfpch TFP",
	}
	var series []plots.Series
	for j, name := range names {
		series = append(series, plots.Series{Name: name, X: x, Y: values[j]})
	}
	title := r.Text("Malmquist 指数分解：各年几何均值（上一年 = 1）", "Malmquist decomposition: annual geometric means (previous year = 1)")
	fig, err := plots.LineChart(r.Theme(), title, r.Text("年份", "Year"), r.Text("指数", "Index"), series)
	if err != nil {
		return err
	}
	return r.Figure("tfp_decomposition", title, fig)
}

// noteTFPDecline records how far the cumulative index moved by the last year in each region, and what a
// fall means for this measure, because a reader will compare it with published TFP growth.
func (r *Run) noteTFPDecline(means *cpstat.RegionMeans) {
	last := len(means.Periods) - 1
	if last < 0 {
		return
	}
	var zh, en []string
	fell := false
	for k, region := range means.Regions {
		v := means.Mean[k][last]
		if math.IsNaN(v) {
			continue
		}
		fell = fell || v < 1
		zh = append(zh, fmt.Sprintf("%s %.3f", region.Chinese(), v))
		en = append(en, fmt.Sprintf("%s %.3f", region, v))
	}
	if !fell {
		return
	}
	r.Notef("%s", r.Text(
		fmt.Sprintf("%d 年累积 TFP 指数的地区均值（2001 年 = 1）：%s。DEA-Malmquist 衡量的是相对前沿的生产率：投入为资本存量和就业、产出为实际 GDP，当资本存量增长快于产出时，指数就会下降。这反映公开数据中的资本深化，未与已发表的省级 TFP 估计核对，解读时应谨慎。",
			means.Periods[last], strings.Join(zh, "，")),
		fmt.Sprintf("Mean cumulative TFP index by region in %d (2001 = 1): %s. DEA Malmquist measures productivity against the best-practice frontier with the capital stock and employment as inputs and real GDP as output, so the index falls when the capital stock grows faster than output. This reflects capital deepening in the public data and has not been checked against published provincial TFP estimates, so read it with care.",
			means.Periods[last], strings.Join(en, ", "))))
}
