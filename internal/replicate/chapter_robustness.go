package replicate

import (
	"fmt"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/plots"
)

// placeboReps is the number of counterfactual reassignments of the policy, as in Hong, Jiang and Liu
// (2023).
const placeboReps = 500

// wildReps is the number of wild cluster bootstrap replicates, boottest's default.
const wildReps = 9999

// alternativeTreatment is one replacement of the policy variable in robustness step (a).
type alternativeTreatment struct {
	name string // the paper's or the data's variable name, mapped through Run.Var
	// yearFE is false for a measure common to all provinces in a year (post2003), which year effects
	// would absorb.
	yearFE bool
	// missingZh and missingEn add to the note for data without the measure what the public data lack
	// and how the measure enters.
	missingZh, missingEn string
}

// alternativeTreatments are the policy measures of step (a): central transfers (the paper's, missing in
// the public data), the investment tilt and the Central-or-West-from-2003 dummy (alternatives in the
// data) and the paper's 2003 turning point.
var alternativeTreatments = []alternativeTreatment{
	{"transfer", true, "公开数据没有中央补助收入，取对数后进入模型。", " Central subsidy revenue is not public, and it enters in logs."},
	{"invest_tilt", true, "", ""}, {"post2003_cw", true, "", ""}, {"post2003", false, "", ""},
}

func init() {
	register(Chapter{
		Order: 50, ID: "robustness", TitleZh: "稳健性检验：替换变量、反事实与野聚类自助法", TitleEn: "Robustness: alternative measures, placebo and wild cluster bootstrap",
		AboutZh: "按论文稳健性检验的步骤：（a）用其他政策度量替换平衡性干预政策；（b）用城乡收入差替换共同富裕；（c）动态面板 GMM 见 gmm 章节；（d）把平衡性干预政策在省份之间随机重排 500 次的反事实（安慰剂）检验及其密度图；（e）中介效应的 Sobel 检验和 Bootstrap 区间见 mediation 章节表 4b。另外给出基准模型中平衡性干预政策系数的野聚类自助法（WCR）p 值与置信区间，与聚类稳健 t 检验对照。",
		AboutEn: "The paper's robustness steps: (a) replaces the balancing policy by other policy measures; (b) replaces common prosperity by the urban–rural income gap; (c) dynamic panel GMM is in the gmm chapter; (d) reassigns the policy across provinces 500 times at random for the counterfactual (placebo) test and its density figure; (e) the Sobel tests and bootstrap intervals of the indirect effects are in Table 4b of the mediation chapter. Besides, the wild cluster bootstrap (WCR) p-value and interval of the policy coefficient in the baseline model are shown next to the cluster-robust t test.",
		Run:     runRobustness,
	})
}

func runRobustness(r *Run) error {
	cp, balance := r.Var("cp"), r.Var("balance")
	if !hasValues(r.Panel, cp) {
		r.Notef("%s", r.Text(
			fmt.Sprintf("数据中没有 cp（列 %s），替换解释变量、反事实检验和野聚类自助法未运行。cp 由 index 章节测算；自带数据时可用 --vars cp=列名 指定。", cp),
			fmt.Sprintf("the data have no cp (column %s), so the alternative treatments, the placebo test and the wild bootstrap were not run. The index chapter measures cp; with your own data, name the column with --vars cp=COLUMN.", cp)))
	}
	controls := r.Controls()
	entity, period := r.Panel.EntityColumn(), r.Panel.TimeColumn()

	if err := r.robustnessAlternatives(cp, balance, controls, entity, period); err != nil {
		return err
	}
	if !hasValues(r.Panel, cp) || !hasValues(r.Panel, balance) {
		return nil
	}
	src := baselineFormula(cp, balance, controls, entity, period, baselineSpec{controls: true, year: true})
	if err := r.robustnessPlacebo(src, balance, entity); err != nil {
		return err
	}
	return r.robustnessWildBootstrap(src, balance, entity)
}

// robustnessAlternatives writes steps (a) and (b) as one table: the baseline model with each policy
// measure in place of balance, and with the urban–rural gap in place of cp.
func (r *Run) robustnessAlternatives(cp, balance string, controls []string, entity, period string) error {
	var results []*cpstat.Result
	var order []string
	var notes []string
	// estimate fits one column; a model the data cannot support is noted and left out of the table. When
	// the controls leave the treatment without variation (post2003 is 1 in every year from 2005, where the
	// public expen starts), the column is estimated without the controls, and a table note states it.
	estimate := func(title, response, treatment string, year bool) {
		spec := baselineSpec{controls: true, year: year}
		for {
			src := baselineFormula(response, treatment, controls, entity, period, spec)
			res, err := cpstat.Estimate(r.Panel, src, append(baselineOptions(entity), cpstat.Label(title))...)
			if err != nil {
				r.Notef("%s", r.Text(fmt.Sprintf("稳健性检验 %s 无法估计：%v", title, err), fmt.Sprintf("robustness model %s could not be estimated: %v", title, err)))
				return
			}
			if _, ok := res.Coef(treatment); !ok {
				if spec.controls && len(controls) > 0 {
					notes = append(notes, r.Text(
						fmt.Sprintf("%s：加入控制变量后样本从 %d 年开始，%s 在样本内没有可识别的变化，因此该列不含控制变量。", title, minYear(res), treatment),
						fmt.Sprintf("%s: with the controls the sample starts in %d, where %s has no variation left that the fixed effects do not absorb, so this column has no controls.", title, minYear(res), treatment)))
					spec.controls = false
					continue
				}
				r.Notef("%s", r.Text(fmt.Sprintf("稳健性检验 %s：%s 被固定效应吸收，无法估计。", title, treatment),
					fmt.Sprintf("robustness model %s: the fixed effects absorb %s, so it cannot be estimated.", title, treatment)))
				return
			}
			results = append(results, res)
			if !contains(order, treatment) {
				order = append(order, treatment)
			}
			notes = append(notes, r.Text(fmt.Sprintf("%s：N = %d。", title, res.N), fmt.Sprintf("%s: N = %d.", title, res.N)))
			return
		}
	}

	if hasValues(r.Panel, cp) {
		for _, alt := range alternativeTreatments {
			col := r.Var(alt.name)
			if !hasValues(r.Panel, col) {
				r.Notef("%s", r.Text(
					fmt.Sprintf("数据中没有 %s（列 %s），替换解释变量时略去这一列；有该数据时用 --vars %s=列名 指定。%s", alt.name, col, alt.name, alt.missingZh),
					fmt.Sprintf("the data have no %s (column %s), so the alternative-treatment table leaves it out; name the column with --vars %s=COLUMN.%s", alt.name, col, alt.name, alt.missingEn)))
				continue
			}
			estimate(fmt.Sprintf("(%d) %s", len(results)+1, col), cp, col, alt.yearFE)
			if !alt.yearFE {
				notes = append(notes, r.Text(
					fmt.Sprintf("%s 在同一年对所有省份取值相同，会被年份固定效应吸收，因此该列只控制省份固定效应。", col),
					fmt.Sprintf("%s takes the same value for every province in a year, so year effects would absorb it; its column has province effects only.", col)))
			}
		}
	}

	gap := r.Var("urgap")
	switch {
	case !hasValues(r.Panel, gap):
		r.Notef("%s", r.Text(fmt.Sprintf("数据中没有城乡收入差 urgap（列 %s），替换被解释变量未估计。", gap),
			fmt.Sprintf("the data have no urban–rural income gap urgap (column %s), so the alternative outcome was not estimated.", gap)))
	case hasValues(r.Panel, balance):
		estimate(fmt.Sprintf("(%d) %s", len(results)+1, gap), gap, balance, true)
		if n := len(results); n > 0 && results[n-1].Response == gap {
			res := results[n-1]
			r.Notef("%s", r.Text(
				fmt.Sprintf("替换被解释变量：urgap 在公开数据中很稀疏（只有 2007—2008 年完整），模型只用到 %d 个省份-年份，结果只能作为方法演示。", res.N),
				fmt.Sprintf("alternative outcome: urgap is sparse in the public data (complete only for 2007–2008), so the model uses only %d province-years and shows the method rather than a result.", res.N)))
		}
	}
	if len(results) == 0 {
		return nil
	}

	columns := cpstat.Columns(results...)
	reg := table.Regression{
		Title:        r.Text("稳健性检验：替换解释变量与被解释变量", "Robustness: alternative treatment and outcome"),
		Columns:      columns,
		Lang:         r.Lang(),
		Labels:       r.Labels,
		Order:        order,
		Controls:     controls,
		FixedEffects: []string{period, entity},
		FixedEffectLabels: table.Labels{
			period: {Zh: "年份固定效应", En: "Year FE"},
			entity: {Zh: "省份固定效应", En: "Province FE"},
		},
		ShowAbsent: true,
		Stats:      []string{"N", "r2", "r2_within"},
		Notes: append(append([]string{r.Text("标准误按省份聚类（Stata 小样本校正），p 值依据 t(G−1)；样本期 2001—2017 年。",
			"Standard errors clustered by province (Stata small-sample factor), p-values from t(G−1); sample period 2001–2017.")}, notes...),
			r.proxyNotes(append([]string{cp, balance}, controls...))...),
	}
	for i := range reg.Columns {
		reg.Columns[i].Title = ""
	}
	return r.Table("robustness_alternatives", reg.Title, reg)
}

// robustnessPlacebo writes step (d): the placebo distribution of the policy coefficient and its figure.
func (r *Run) robustnessPlacebo(src, balance, entity string) error {
	unitZh, unitEn := r.unitWords()
	model, err := cpstat.NewModel(r.Panel, src, baselineOptions(entity)...)
	if err != nil {
		return fmt.Errorf("placebo: %w", err)
	}
	res, err := model.Placebo(r.Ctx, balance, cpstat.PlaceboSettings{Reps: placeboReps, Seed: uint64(r.Config.Seed),
		Scheme: cpstat.PlaceboEntity, Progress: r.progress("placebo")})
	if err != nil {
		return fmt.Errorf("placebo: %w", err)
	}
	lo, hi := res.Coefs[0], res.Coefs[0]
	for _, c := range res.Coefs {
		lo, hi = min(lo, c), max(hi, c)
	}
	g := table.Grid{
		Title:  r.Text("反事实（安慰剂）检验：随机重排平衡性干预政策", "Counterfactual (placebo) test: the balancing policy reassigned at random"),
		Lang:   r.Lang(),
		Header: [][]table.Head{{{Text: r.Text("统计量", "Statistic")}, {Text: r.Text("系数", "Coefficient")}, {Text: r.Text("t 值", "t value")}}},
		Rows: [][]table.Value{
			{table.Text(r.Text("真实估计", "Real estimate")), table.Num(res.Estimate), table.Num(res.T)},
			{table.Text(r.Text("安慰剂均值", "Placebo mean")), table.Num(res.Mean), table.Num(meanOf(res.TValues))},
			{table.Text(r.Text("安慰剂标准差", "Placebo SD")), table.Num(res.SD), table.Text("")},
			{table.Text(r.Text("安慰剂最小值", "Placebo minimum")), table.Num(lo), table.Text("")},
			{table.Text(r.Text("安慰剂最大值", "Placebo maximum")), table.Num(hi), table.Text("")},
			{table.Text(r.Text("至少同样极端的比例（p 值）", "Share at least as extreme (p-value)")), table.Num(res.PCoef), table.Num(res.PT)},
		},
		Decimals: []int{0, 4, 4},
		Notes: append([]string{r.Text(
			fmt.Sprintf("把各%s %s 的完整时间序列在%s之间随机重排 %d 次（种子 %d，%d 次失败），每次用基准模型（双向固定效应、控制变量、按%s聚类）重新估计。p 值 = (1 + 安慰剂系数绝对值不小于真实值的次数)/(1 + 次数)，双侧；t 值同理。N = %d。",
				unitZh, balance, unitZh, res.Reps, res.Seed, len(res.Failed), unitZh, res.N),
			fmt.Sprintf("Each of the %s' whole %s series is reassigned to another at random %d times (seed %d, %d failed), and the baseline model (entity and year effects, controls, entity clusters) is re-estimated each time. p = (1 + placebo |coefficients| at least the real one)/(1 + replicates), two-sided, and likewise for t. N = %d.",
				unitEn, balance, res.Reps, res.Seed, len(res.Failed), res.N))}, res.Notes...),
	}
	if err := r.Table("robustness_placebo", g.Title, g); err != nil {
		return err
	}

	title := r.Text("反事实检验：安慰剂系数的分布", "Placebo test: distribution of the placebo coefficients")
	fig, err := plots.DensityChart(r.Theme(), title, r.Text("安慰剂系数", "Placebo coefficient"), res.Coefs,
		[]plots.Mark{{Label: r.Text("真实估计", "Real estimate"), Value: res.Estimate}},
		plots.DensityOptions{HistogramName: r.Text("直方图", "Histogram"), DensityName: r.Text("核密度", "Kernel density")})
	if err != nil {
		return err
	}
	if err := r.Figure("placebo_density", title, fig); err != nil {
		return err
	}
	r.Notef("%s", r.Text(
		fmt.Sprintf("反事实检验：真实系数 %.4f，%d 次安慰剂系数均值 %.4f、标准差 %.4f，p = %.4f。", res.Estimate, len(res.Coefs), res.Mean, res.SD, res.PCoef),
		fmt.Sprintf("placebo test: real coefficient %.4f; %d placebo coefficients with mean %.4f and SD %.4f; p = %.4f.", res.Estimate, len(res.Coefs), res.Mean, res.SD, res.PCoef)))
	return nil
}

// robustnessWildBootstrap writes step (e): the WCR bootstrap test of balance in the baseline model next
// to the cluster-robust t test.
func (r *Run) robustnessWildBootstrap(src, balance, entity string) error {
	unitZh, unitEn := r.unitWords()
	res, err := cpstat.Estimate(r.Panel, src, baselineOptions(entity)...)
	if err != nil {
		return fmt.Errorf("wild bootstrap: %w", err)
	}
	var rows [][]table.Value
	var notes []string
	for _, w := range []cpstat.WildWeights{cpstat.Rademacher, cpstat.Webb} {
		wb, err := res.WildBootstrap(r.Ctx, balance, cpstat.WildBootSettings{Reps: wildReps, Weights: w, Seed: uint64(r.Config.Seed)})
		if err != nil {
			return fmt.Errorf("wild bootstrap: %w", err)
		}
		if len(rows) == 0 {
			c, _ := res.Coef(balance)
			rows = append(rows, []table.Value{table.Text(r.Text("聚类稳健 t 检验", "Cluster-robust t test")), table.Num(wb.Estimate), table.Num(wb.T),
				table.Num(wb.PClusterT), table.Text(fmt.Sprintf("[%.4f, %.4f]", c.ConfLow, c.ConfHigh))})
		}
		name := r.Text("野聚类自助法（Rademacher 权重）", "Wild cluster bootstrap (Rademacher weights)")
		if w == cpstat.Webb {
			name = r.Text("野聚类自助法（Webb 权重）", "Wild cluster bootstrap (Webb weights)")
		}
		rows = append(rows, []table.Value{table.Text(name), table.Num(wb.Estimate), table.Num(wb.T), table.Num(wb.P),
			table.Text(fmt.Sprintf("[%.4f, %.4f]", wb.Lower, wb.Upper))})
		notes = append(notes, wb.Notes...)
		if w == cpstat.Rademacher {
			r.Notef("%s", r.Text(
				fmt.Sprintf("野聚类自助法：%s 的聚类稳健 p = %.4f，WCR 自助法 p = %.4f（%d 个%s，%d 次）。", balance, wb.PClusterT, wb.P, wb.Clusters, unitZh, wb.Reps),
				fmt.Sprintf("wild cluster bootstrap: %s has cluster-robust p = %.4f and WCR bootstrap p = %.4f (%d %s, %d replicates).", balance, wb.PClusterT, wb.P, wb.Clusters, unitEn, wb.Reps)))
		}
	}
	g := table.Grid{
		Title: r.Text("野聚类自助法：基准模型中平衡性干预政策的推断", "Wild cluster bootstrap: inference on the balancing policy in the baseline model"),
		Lang:  r.Lang(),
		Header: [][]table.Head{{{Text: r.Text("方法", "Method")}, {Text: r.Text("系数", "Coefficient")}, {Text: "t"},
			{Text: r.Text("p 值", "p-value")}, {Text: r.Text("95% 置信区间", "95% interval")}}},
		Rows:     rows,
		Decimals: []int{0, 4, 3, 4, 0},
		Notes: append([]string{r.Text(
			fmt.Sprintf("基准模型：%s，双向固定效应，按%s聚类（G = %d）。聚类只有 %d 个时，聚类稳健 t 检验往往过度拒绝原假设；WCR 自助法在原假设下重抽样（Roodman 等 2019，与 Stata boottest 相同），p 值为 |t*| ≥ |t| 的比例，区间由检验反演得到。%d 次，种子 %d。",
				src, unitZh, res.VCov.G[0], res.VCov.G[0], wildReps, r.Config.Seed),
			fmt.Sprintf("Baseline model: %s with entity and year effects, clustered by entity (G = %d). With only %d clusters, cluster-robust t tests tend to over-reject; the WCR bootstrap resamples with the null imposed (Roodman et al. 2019, as Stata's boottest), its p-value is the share of |t*| ≥ |t|, and its interval inverts the test. %d replicates, seed %d.",
				src, res.VCov.G[0], res.VCov.G[0], wildReps, r.Config.Seed))}, notes...),
	}
	return r.Table("robustness_wild_bootstrap", g.Title, g)
}

// minYear returns the first period of a result's estimation sample.
func minYear(res *cpstat.Result) int {
	first := res.Keys[0].Time
	for _, k := range res.Keys {
		first = min(first, k.Time)
	}
	return first
}

func meanOf(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
