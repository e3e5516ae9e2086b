package replicate

import (
	"fmt"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/table"
)

func init() {
	register(Chapter{
		Order: 90, ID: "labour", TitleZh: "进一步分析：劳动力流动与落户门槛", TitleEn: "Further analysis: labour mobility and settlement thresholds",
		AboutZh: "表 7：以劳动力流动（常住人口减户籍人口）为中介变量做逐步回归中介检验并给出 Sobel 检验；表 8：按共同富裕五分位数分组，在各组内估计平衡性干预政策与劳动力流动的影响，再分别以个人式、家庭式落户门槛为调节变量估计调节效应模型。公开数据没有这三个变量，自带数据时整章照常运行。",
		AboutEn: "Table 7: stepwise mediation through labour mobility (resident minus registered population) with the Sobel test. Table 8: the effects of the policy and labour mobility within quintile groups of common prosperity, and moderation models with the individual and the household settlement threshold. The public data lack these three variables; with a panel that has them the chapter runs in full.",
		Run:     runLabour,
	})
}

// Coefficients of Tables 7 and 8 in Hong, Jiang and Liu (2023), for the notes that compare them with
// this run.
var (
	paperTable7Balance = []string{"−0.666**", "0.038"} // flo equation, cp equation
	paperTable8Balance = []string{"−0.012", "0.051", "−0.011", "−0.007", "0.141**", "0.050*", "0.038"}
	paperTable8Theta   = []string{"−0.009", "0.268*"} // balance × domicile_p, balance × domicile_f
)

func runLabour(r *Run) error {
	if missing := r.missingVars("cp", "balance"); len(missing) > 0 {
		r.noteMissingVars("表 7 和表 8（劳动力流动与落户门槛）", "Tables 7 and 8 (labour mobility and settlement thresholds)", missing)
		return nil
	}
	r.addPaperLabels("flo", "domicile_p", "domicile_f")
	controls := r.Controls()
	if err := r.labourTable7(controls); err != nil {
		return err
	}
	return r.labourTable8(controls)
}

// labourSettings are the estimation settings of every model of the chapter: the study window and
// standard errors clustered by entity under the Stata convention, as in the baseline.
func (r *Run) labourSettings() cpstat.EstimateSettings {
	return cpstat.EstimateSettings{Window: studyWindow, Cluster: []string{r.Panel.EntityColumn()}, SSC: cpstat.Stata}
}

// labourTable7 estimates the stepwise mediation through flo: flo on balance, then cp on balance and flo.
func (r *Run) labourTable7(controls []string) error {
	if missing := r.missingVars("flo"); len(missing) > 0 {
		r.noteMissingVars("表 7（劳动力流动的中介检验：flo ~ balance；cp ~ balance + flo）", "Table 7 (mediation through labour mobility: flo ~ balance; cp ~ balance + flo)", missing)
		return nil
	}
	cp, balance, flo := r.Var("cp"), r.Var("balance"), r.Var("flo")
	model := cpstat.MediationModel{Outcome: cp, Treatment: balance, Mediators: []string{flo}, Controls: controls,
		FixedEffects: []string{r.Panel.EntityColumn(), r.Panel.TimeColumn()}}
	med, err := cpstat.Mediate(r.Ctx, r.Panel, model, cpstat.MediationSettings{Estimate: r.labourSettings()})
	if err != nil {
		return fmt.Errorf("table 7: %w", err)
	}

	path := med.Paths[0]
	notes := []string{
		r.clusterNote(med.Outcome),
		r.Text(
			fmt.Sprintf("逐步回归中介检验：第 (1) 列 a = %.4f，第 (2) 列 b = %.4f，间接效应 a·b = %.4f，Sobel z = %.3f（p = %.4f），直接效应 c′ = %.4f，总效应 c = %.4f；按温忠麟、叶宝娟（2014）的程序判定为：%s。三个方程使用同一样本（N = %d）。",
				path.A.Estimate, path.B.Estimate, path.Indirect, path.Sobel.Z, path.Sobel.P, med.DirectEffect.Estimate, med.TotalEffect.Estimate, path.Effect.Label(table.Zh), med.N),
			fmt.Sprintf("Stepwise mediation: a = %.4f in column (1), b = %.4f in column (2), indirect effect a·b = %.4f with Sobel z = %.3f (p = %.4f), direct effect c′ = %.4f, total effect c = %.4f; classified as %s after Wen and Ye (2014). All three equations use the same sample (N = %d).",
				path.A.Estimate, path.B.Estimate, path.Indirect, path.Sobel.Z, path.Sobel.P, med.DirectEffect.Estimate, med.TotalEffect.Estimate, path.Effect.Label(table.En), med.N)),
	}
	notes = append(notes, r.proxyNotes(append([]string{cp, balance}, controls...))...)
	cols := []table.Column{med.Mediators[0].Column(""), med.Outcome.Column("")}
	reg := r.feTable(r.Text("表 7　劳动力流动的中介检验", "Table 7. Mediation through labour mobility"), cols, []string{balance, flo}, controls, notes)
	r.notePaperCoefficients("表 7", "Table 7", balance, paperTable7Balance, []*cpstat.Result{med.Mediators[0], med.Outcome})
	return r.Table("table7_labour_mediation", reg.Title, reg)
}

// labourTable8 estimates the cp-quintile regressions with flo and the two moderation models. Each
// model that lacks a variable is left out with a note; the table holds the others.
func (r *Run) labourTable8(controls []string) error {
	cp, balance := r.Var("cp"), r.Var("balance")
	entity, period := r.Panel.EntityColumn(), r.Panel.TimeColumn()
	opts := []cpstat.EstimateOption{cpstat.WithSettings(r.labourSettings())}
	var cols []table.Column
	var notes []string
	var full *cpstat.Result // a model on the whole sample, for the note on clusters
	balanceCoefs := make([]*cpstat.Result, 7)
	order := []string{balance}

	if missing := r.missingVars("flo"); len(missing) > 0 {
		r.noteMissingVars("表 8 第 (1)—(5) 列（按共同富裕五分位数分组，cp ~ balance + flo）", "Table 8 columns (1)–(5) (cp quintile groups, cp ~ balance + flo)", missing)
	} else {
		flo := r.Var("flo")
		src := baselineFormula(cp, balance, append([]string{flo}, controls...), entity, period, baselineSpec{controls: true, year: true})
		split, err := cpstat.EstimateSplitContext(r.Ctx, r.Panel, src, cpstat.SplitSettings{By: cp, Groups: 5}, opts...)
		if err != nil {
			return fmt.Errorf("table 8, quintile split of %s: %w", src, err)
		}
		for _, g := range split.Groups {
			balanceCoefs[g.Index] = g.Result
			if g.Result != nil {
				cols = append(cols, g.Result.Column(split.GroupTitle(g.Index, r.Lang())))
			}
		}
		order = append(order, flo)
		full = split.Full
		notes = append(notes, r.groupClusterNote(split))
		notes = append(notes, split.Notes(r.Lang())...)
	}

	var thetas []*cpstat.Result
	for i, code := range []string{"domicile_p", "domicile_f"} {
		res, err := r.labourModeration(code, controls, opts)
		if err != nil {
			return err
		}
		thetas = append(thetas, res)
		if res == nil {
			continue
		}
		balanceCoefs[5+i] = res
		if full == nil {
			full = res
		}
		moderator := r.Var(code)
		order = append(order, balance+":"+moderator, moderator)
		cols = append(cols, res.Column(r.Label(moderator)))
	}
	if len(cols) == 0 {
		return nil
	}

	notes = append([]string{r.clusterNote(full)}, notes...)
	notes = append(notes, r.Text(
		"调节效应模型为 cp = β·balance + θ·balance×M + η·M + 控制变量 + 固定效应（论文式 6），M 为落户门槛，未做中心化，所以 β 是 M = 0 时政策的效应；θ 不受中心化影响。",
		"The moderation models are cp = β·balance + θ·balance×M + η·M + controls + fixed effects (equation 6 of the paper), with M the settlement threshold, not centred, so β is the policy's effect at M = 0; θ does not depend on centring."))
	notes = append(notes, r.proxyNotes(append([]string{cp, balance}, controls...))...)
	reg := r.feTable(r.Text("表 8　劳动力流动的分组回归与落户门槛的调节效应", "Table 8. Labour mobility by cp quintile and moderation by settlement thresholds"),
		cols, order, controls, notes)
	r.notePaperCoefficients("表 8", "Table 8", balance, paperTable8Balance, balanceCoefs)
	r.notePaperModeration(thetas, balance)
	return r.Table("table8_labour_groups_moderation", reg.Title, reg)
}

// labourModeration estimates the moderation model with the settlement threshold code, or returns nil
// after a note when the data lack it.
func (r *Run) labourModeration(code string, controls []string, opts []cpstat.EstimateOption) (*cpstat.Result, error) {
	column := map[string]int{"domicile_p": 6, "domicile_f": 7}[code]
	if missing := r.missingVars(code); len(missing) > 0 {
		r.noteMissingVars(fmt.Sprintf("表 8 第 (%d) 列（%s 的调节效应）", column, code), fmt.Sprintf("Table 8 column (%d) (moderation by %s)", column, code), missing)
		return nil, nil
	}
	cp, balance, moderator := r.Var("cp"), r.Var("balance"), r.Var(code)
	base := baselineFormula(cp, balance, controls, r.Panel.EntityColumn(), r.Panel.TimeColumn(), baselineSpec{controls: true, year: true})
	mod, err := cpstat.Moderate(r.Panel, base, balance, moderator, cpstat.ModerationSettings{}, opts...)
	if err != nil {
		return nil, fmt.Errorf("table 8 column (%d), moderation by %s: %w", column, moderator, err)
	}
	for _, note := range mod.NotesIn(r.Lang()) {
		r.Notef("%s", r.Text("表 8 调节效应：", "Table 8 moderation: ")+note)
	}
	if slopes, err := mod.SimpleSlopes(); err == nil {
		var parts []string
		for _, s := range slopes {
			parts = append(parts, fmt.Sprintf("%s = %.3f: %.4f (t = %.3f)", moderator, s.Moderator, s.Estimate, s.Statistic))
		}
		r.Notef("%s", r.Text(
			fmt.Sprintf("表 8 第 (%d) 列：政策在 %s 的均值减一个标准差、均值、均值加一个标准差处的效应为 %s。", column, moderator, strings.Join(parts, "；")),
			fmt.Sprintf("Table 8 column (%d): the policy's effect at the mean of %s minus one SD, at the mean and plus one SD is %s.", column, moderator, strings.Join(parts, "; "))))
	}
	return mod.Result, nil
}

// notePaperModeration records the paper's interaction coefficients next to those of this run.
func (r *Run) notePaperModeration(results []*cpstat.Result, balance string) {
	var ours []string
	for i, res := range results {
		code := []string{"domicile_p", "domicile_f"}[i]
		term := balance + ":" + r.Var(code)
		c, ok := cpstat.Coefficient{}, false
		if res != nil {
			c, ok = res.Coef(term)
		}
		if !ok {
			ours = append(ours, fmt.Sprintf("(%d) —", 6+i))
			continue
		}
		ours = append(ours, fmt.Sprintf("(%d) %.3f (t = %.3f)", 6+i, c.Estimate, c.Statistic))
	}
	r.Notef("%s", r.Text(
		fmt.Sprintf("表 8 交互项系数：论文为 (6) %s，(7) %s；本次运行为 %s。", paperTable8Theta[0], paperTable8Theta[1], strings.Join(ours, "，")),
		fmt.Sprintf("Interaction coefficients of Table 8: the paper reports (6) %s, (7) %s; this run gives %s.", paperTable8Theta[0], paperTable8Theta[1], strings.Join(ours, ", "))))
}
