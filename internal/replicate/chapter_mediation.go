package replicate

import (
	"fmt"
	"strings"
	"time"

	"github.com/cpstat/cpstat/cpstat"
)

// mediationReps is the number of cluster-bootstrap replicates of Table 4b. Each replicate refits the
// three mediator equations and the outcome equation on 30 drawn provinces. 1000 replicates took 0.7 s
// on 2 cores, so the whole replication stays within its 15 s budget. For a paper, run 5000 with
// `cpstat mediate --bootstrap 5000`.
const mediationReps = 1000

// mediators are the channels of Table 4 in Hong, Jiang and Liu (2023): capital stock, labour input and TFP.
var mediators = []string{"capital", "labor", "tfp"}

func init() {
	register(Chapter{
		Order: 40, ID: "mediation", TitleZh: "中介机制：资本、劳动与 TFP", TitleEn: "Mechanisms: capital, labour and TFP",
		AboutZh: "表 4 按并行多重中介模型分别估计资本存量、劳动存量和全要素生产率对平衡性干预政策的方程，再把三个中介变量同时放入共同富裕方程；各方程同一样本、双向固定效应、按省份聚类。每条路径报告 a×b 及其效应类型（部分中介、完全中介或遮掩效应，温忠麟、叶宝娟 2014）。表 4b 给出 Sobel、Aroian、Goodman 检验和按省份整群抽样的 Bootstrap 百分位与偏差校正区间。",
		AboutEn: "Table 4 estimates a parallel multiple mediation model: the capital stock, labour input and TFP equations on the balancing policy, then common prosperity on the policy and all three mediators, every equation on one sample with province and year effects and province-clustered errors. Each path reports a×b and its type (partial mediation, full mediation or masking, after Wen and Ye 2014). Table 4b gives the Sobel, Aroian and Goodman tests and percentile and bias-corrected intervals from a bootstrap that draws whole provinces.",
		Run:     runMediation,
	})
}

func runMediation(r *Run) error {
	cp, balance := r.Var("cp"), r.Var("balance")
	if missing := r.missingVars("cp", "balance"); len(missing) > 0 {
		r.noteMissingVars("表 4", "Table 4", missing)
		return nil
	}
	var present []string
	for _, m := range mediators {
		col := r.Var(m)
		if hasValues(r.Panel, col) {
			present = append(present, col)
			continue
		}
		r.Notef("%s", r.Text(
			fmt.Sprintf("数据中没有中介变量 %s（列 %s），表 4 不含这条路径。capital 和 tfp 由 factors 章节测算；自带数据时可用 --vars %s=列名 指定。", m, col, m),
			fmt.Sprintf("the data have no mediator %s (column %s), so Table 4 leaves out that path. The factors chapter measures capital and tfp; with your own data, name the column with --vars %s=COLUMN.", m, col, m)))
	}
	if len(present) == 0 {
		return nil
	}

	entity, period := r.Panel.EntityColumn(), r.Panel.TimeColumn()
	model := cpstat.MediationModel{Outcome: cp, Treatment: balance, Mediators: present, Controls: r.Controls(),
		FixedEffects: []string{entity, period}}
	settings := cpstat.MediationSettings{
		Estimate: cpstat.EstimateSettings{Cluster: []string{entity}, SSC: cpstat.Stata, Window: studyWindow},
		Bootstrap: cpstat.BootstrapSettings{Reps: mediationReps, Seed: uint64(r.Config.Seed), Resample: cpstat.ResampleClusters,
			Progress: r.progress("bootstrap")},
	}
	start := time.Now()
	res, err := cpstat.Mediate(r.Ctx, r.Panel, model, settings)
	if err != nil {
		return fmt.Errorf("table 4: %w", err)
	}
	elapsed := time.Since(start)

	layout, err := res.Table(cpstat.MediationTableOptions{
		Title:  r.Text("表 4　资本存量、劳动存量、全要素生产率的中介效应", "Table 4. Mediation through capital stock, labour input and TFP"),
		Lang:   r.Lang(),
		Labels: r.Labels,
		Notes:  append(r.sampleNotes(res), r.proxyNotes(append([]string{cp, balance}, model.Controls...))...),
	})
	if err != nil {
		return err
	}
	if err := r.Table("table4_mediation", layout.Title, layout); err != nil {
		return err
	}

	grid := res.TestsGrid(r.Text("表 4b　间接效应的 Sobel 检验与 Bootstrap 置信区间", "Table 4b. Sobel tests and bootstrap intervals of the indirect effects"), r.Labels, r.Lang())
	if err := r.Table("table4b_indirect_tests", grid.Title, grid); err != nil {
		return err
	}

	b := res.Bootstrap
	unitZh, unitEn := r.unitWords()
	r.Notef("%s", r.Text(
		fmt.Sprintf("表 4b：%d 次按%s整群抽样的 Bootstrap（%d 个%s，种子 %d，用时 %.1f 秒），%d 次因某个方程无法估计而失败，未计入区间。", b.Reps, unitZh, b.Clusters, unitZh, b.Seed, elapsed.Seconds(), len(b.Failed)),
		fmt.Sprintf("Table 4b: %d cluster-bootstrap replicates over %d %s (seed %d, %.1f s); %d failed because an equation could not be fitted and are left out of the intervals.", b.Reps, b.Clusters, unitEn, b.Seed, elapsed.Seconds(), len(b.Failed))))
	var kinds []string
	for _, p := range res.Paths {
		kinds = append(kinds, r.Label(p.Mediator)+r.Text("：", ": ")+p.Effect.Label(r.Lang()))
	}
	r.Notef("%s", r.Text("表 4 的效应类型："+strings.Join(kinds, "；")+"。", "Effects in Table 4: "+strings.Join(kinds, "; ")+"."))
	for _, n := range res.Notes {
		r.Notef("%s", n)
	}
	return nil
}

// sampleNotes states the total effect and, when the common sample leaves rows out, which rows and why, so
// a province that a measured variable lacks (tfp after a missing year, say) is named under the table.
func (r *Run) sampleNotes(res *cpstat.MediationResult) []string {
	notes := []string{r.totalEffectNote(res)}
	if res.Sample.Dropped() > 0 {
		notes = append(notes, r.Text("共同样本：", "Common sample: ")+res.Sample.Text(r.Lang())+r.Text("。", "."))
	}
	if absent := absentEntities(r.Panel, res.Total); len(absent) > 0 {
		notes = append(notes, r.Text(
			fmt.Sprintf("共同样本中没有 %s 的任何观测，因此聚类数为 %d。", strings.Join(absent, "、"), len(r.Panel.Entities())-len(absent)),
			fmt.Sprintf("The common sample has no row of %s, so it has %d clusters.", strings.Join(absent, ", "), len(r.Panel.Entities())-len(absent))))
	}
	return notes
}

// absentEntities lists the entities of p that have no row in the estimation sample of res.
func absentEntities(p *cpstat.Panel, res *cpstat.Result) []string {
	if res == nil {
		return nil
	}
	used := map[string]bool{}
	for _, k := range res.Keys {
		used[k.Entity] = true
	}
	var absent []string
	for _, e := range p.Entities() {
		if !used[e] {
			absent = append(absent, e)
		}
	}
	return absent
}

// totalEffectNote states the total effect c and the identity c = c′ + Σ a×b.
func (r *Run) totalEffectNote(res *cpstat.MediationResult) string {
	c, d := res.TotalEffect, res.DirectEffect
	return r.Text(
		fmt.Sprintf("同一样本上的总效应 c = %.4f（t = %.3f），直接效应 c′ = %.4f，间接效应合计 Σ a×b = %.4f，c = c′ + Σ a×b。", c.Estimate, c.Statistic, d.Estimate, res.IndirectSum),
		fmt.Sprintf("On the same sample the total effect is c = %.4f (t = %.3f), the direct effect c′ = %.4f and the indirect effects sum to Σ a×b = %.4f, with c = c′ + Σ a×b.", c.Estimate, c.Statistic, d.Estimate, res.IndirectSum))
}

// progress returns a callback that logs a line each time another quarter of the replicates is done.
func (r *Run) progress(what string) func(done, total int) {
	next := 1
	return func(done, n int) {
		if done*4 >= next*n {
			r.Logf("%s: %d of %d replicates", what, done, n)
			next = done*4/n + 1
		}
	}
}
