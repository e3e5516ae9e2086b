package replicate

import (
	"errors"
	"fmt"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/province"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/plots"
)

func init() {
	register(Chapter{
		Order: 60, ID: "lags", TitleZh: "滞后分析与区域异质性", TitleEn: "Lags and regional heterogeneity",
		AboutZh: "把平衡性干预政策滞后一、二、三期分别加入基准模型（表 3 第 (4) 列），检验政策效果是否有时滞；再生成东、中、西部虚拟变量，把它们与平衡性干预政策的交互项逐一加入基准模型，比较地区差异，并把滞后项和交互项的系数及 95% 置信区间画在一张系数图上。",
		AboutEn: "Adds the balancing policy lagged one, two and three years to the baseline model (column (4) of Table 3) one at a time to test for delayed effects. Then adds the interaction of the policy with an East, Central or West dummy, one region at a time, and draws the lag and interaction coefficients with 95% confidence intervals in one coefficient plot.",
		Run:     runLags,
	})
}

// lagOrders are the lags of the policy that the chapter adds to the baseline in turn.
var lagOrders = []int{1, 2, 3}

// regionColumns are the dummies of cpstat.WithRegionDummies, in the order it adds them.
var regionColumns = []string{"region_east", "region_central", "region_west"}

func runLags(r *Run) error {
	if missing := r.missingVars("cp", "balance"); len(missing) > 0 {
		r.noteMissingVars("滞后分析与区域异质性", "The lag and regional heterogeneity analysis", missing)
		return nil
	}
	cp, balance := r.Var("cp"), r.Var("balance")
	controls := r.Controls()
	entity, period := r.Panel.EntityColumn(), r.Panel.TimeColumn()
	base := baselineFormula(cp, balance, controls, entity, period, baselineSpec{controls: true, year: true})

	lags, err := cpstat.EstimateAdding(r.Panel, base, cpstat.LagTerms(balance, lagOrders...), baselineOptions(entity)...)
	if err != nil {
		return fmt.Errorf("lags: %w", err)
	}
	if err := r.lagTable(lags, balance, controls); err != nil {
		return err
	}

	regions, err := r.regionInteractions(base, balance, entity)
	if err != nil {
		return err
	}
	if regions != nil {
		if err := r.regionTable(regions, balance, controls); err != nil {
			return err
		}
	}
	return r.lagRegionFigure(lags, regions)
}

// lagTable writes the three models with one lag each, after labelling the lag terms.
func (r *Run) lagTable(lags []cpstat.AddedTerm, balance string, controls []string) error {
	order := []string{balance}
	var cols []table.Column
	for i, a := range lags {
		r.Labels[a.Names[0]] = r.lagLabel(balance, lagOrders[i])
		order = append(order, a.Names[0])
		cols = append(cols, a.Result.Column(""))
		r.noteAddedTerm(a)
	}
	notes := []string{
		r.clusterNote(lags[0].Result),
		r.Text("每列在基准模型（表 3 第 (4) 列）上加入一个滞后项。滞后项可以读取样本期之前的年份；滞后年份没有观测的行整行剔除，剔除情况见运行说明。",
			"Each column adds one lag to the baseline model (Table 3, column (4)). A lag may read years before the window, and a row whose lagged year is not observed is dropped; the run notes list such rows."),
	}
	notes = append(notes, r.proxyNotes(append([]string{r.Var("cp"), balance}, controls...))...)
	reg := r.feTable(r.Text("滞后分析：平衡性干预政策的时滞效应", "Lag analysis: delayed effects of the balancing policy"), cols, order, controls, notes)
	r.Notef("%s", r.Text("论文报告平衡性干预政策存在滞后一期效应（原文未列出系数表），本表给出同一设定在本数据上的结果。",
		"Hong, Jiang and Liu (2023) report a significant one-year lag without printing the coefficients; this table gives the same specification on these data."))
	return r.Table("lags", reg.Title, reg)
}

// regionInteractions adds the East, Central and West dummies to the panel and estimates the baseline
// with one region interaction at a time. It returns nil, with a note, when the entities are not
// provinces.
func (r *Run) regionInteractions(base, balance, entity string) ([]cpstat.AddedTerm, error) {
	p, dummies, err := cpstat.WithRegionDummies(r.Panel)
	if err != nil {
		example := ""
		var unknown *province.UnknownError
		if errors.As(err, &unknown) {
			example = unknown.Name
		}
		r.Notef("%s", r.Text(
			fmt.Sprintf("区域异质性未估计：面板的个体不是省份（如 %s），无法划分东、中、西部。其他地区划分可在数据中加一列（如 area），再用 cpstat fe --formula \"%s + i(area, %s) | %s + 年份列\" 估计交互项。", example, base, balance, entity),
			fmt.Sprintf("The regional heterogeneity was not estimated: the panel's entities are not provinces (for example %s), so they cannot be assigned to East, Central and West. For another grouping, add a column such as area to the data and estimate the interactions with cpstat fe --formula \"%s + i(area, %s) | %s + TIME\".", example, base, balance, entity)))
		return nil, nil
	}
	r.Panel = p
	var terms []string
	for _, d := range dummies {
		r.Labels[d.Column] = d.Label
		terms = append(terms, balance+":"+d.Column)
	}
	added, err := cpstat.EstimateAdding(r.Panel, base, terms, baselineOptions(entity)...)
	if err != nil {
		return nil, fmt.Errorf("region interactions: %w", err)
	}
	for _, a := range added {
		r.noteAddedTerm(a)
	}
	return added, nil
}

// regionTable writes the three models with one region interaction each.
func (r *Run) regionTable(regions []cpstat.AddedTerm, balance string, controls []string) error {
	order := []string{balance}
	var cols []table.Column
	for _, a := range regions {
		order = append(order, a.Names...)
		cols = append(cols, a.Result.Column(""))
	}
	notes := []string{
		r.clusterNote(regions[0].Result),
		r.Text("每列在基准模型上加入平衡性干预政策与一个地区虚拟变量（国家统计局东、中、西部划分）的交互项。地区虚拟变量本身不随时间变化，被省份固定效应吸收，故不单独列出；交互项系数是该地区与其余地区政策效应之差。",
			"Each column adds the interaction of the policy with one region dummy (the NBS East, Central and West belts) to the baseline. The dummy itself does not vary over time and is absorbed by the province effects, so it has no row. The interaction is the difference between the policy's effect in that region and in the others."),
	}
	notes = append(notes, r.proxyNotes(append([]string{r.Var("cp"), balance}, controls...))...)
	reg := r.feTable(r.Text("区域异质性：平衡性干预政策 × 地区", "Regional heterogeneity: balancing policy × region"), cols, order, controls, notes)
	r.Notef("%s", r.Text("论文报告政策效果主要体现在西部地区（原文未列出系数表）。",
		"Hong, Jiang and Liu (2023) report that the effect arises mainly in the West, without printing the coefficients."))
	return r.Table("heterogeneity_region", reg.Title, reg)
}

// noteAddedTerm records the rows that the added term cost (a lagged year not observed, or singletons)
// and any regressor the fit dropped. Rows the baseline already loses, such as years without a control,
// are stated by the baseline chapter.
func (r *Run) noteAddedTerm(a cpstat.AddedTerm) {
	var own cpstat.DropReport
	for _, g := range a.Result.Dropped.Groups {
		if g.Reason == cpstat.ReasonNotObserved || g.Reason == cpstat.ReasonSingleton {
			own.Groups = append(own.Groups, g)
		}
	}
	if len(own.Groups) > 0 {
		r.Notef("%s", r.Text(fmt.Sprintf("加入 %s：N = %d，因该项剔除：%s。", a.Term, a.Result.N, dropTextZh(own)),
			fmt.Sprintf("adding %s: N = %d; rows dropped because of the term: %s.", a.Term, a.Result.N, own)))
	}
	for _, d := range a.Dropped {
		r.Notef("%s", r.Text(fmt.Sprintf("加入 %s：该项被剔除（%s，%s）。", a.Term, d.Reason, d.Detail),
			fmt.Sprintf("adding %s: the term was dropped (%s; %s).", a.Term, d.Reason, d.Detail)))
	}
}

// lagRegionFigure draws the lag and region-interaction coefficients with their 95% intervals. A term
// the fit dropped has no point and gets a note instead.
func (r *Run) lagRegionFigure(lags, regions []cpstat.AddedTerm) error {
	var points []plots.CoefPoint
	add := func(a cpstat.AddedTerm, label string, group int) {
		c, ok := a.Coef()
		if !ok {
			r.Notef("%s", r.Text(fmt.Sprintf("系数图未画出 %s：该项被剔除。", a.Term), fmt.Sprintf("the coefficient plot leaves out %s, which the fit dropped.", a.Term)))
			return
		}
		points = append(points, plots.CoefPointOf(label, c, group))
	}
	for i, a := range lags {
		add(a, r.Text(fmt.Sprintf("滞后%d期", lagOrders[i]), fmt.Sprintf("Lag %d", lagOrders[i])), 0)
	}
	for i, a := range regions {
		region := r.Label(regionColumns[i])
		add(a, r.Text("× "+region, "× "+region), 1)
	}
	if len(points) == 0 {
		return nil
	}
	groups := []string{r.Text("滞后项", "Lags")}
	if regions != nil {
		groups = append(groups, r.Text("地区交互项", "Region interactions"))
	}
	title := r.Text("平衡性干预政策：滞后项与地区交互项", "Balancing policy: lags and region interactions")
	fig, err := plots.CoefPlot(r.Theme(), title, r.Text("系数估计值与 95% 置信区间", "Estimate with 95% confidence interval"),
		points, plots.CoefOptions{Groups: groups})
	if err != nil {
		return err
	}
	return r.Figure("lags_regions_coef", title, fig)
}
