package replicate

import (
	"fmt"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/table"
)

func init() {
	register(Chapter{
		Order: 70, ID: "paths", TitleZh: "进一步分析：富裕与共同两条路径", TitleEn: "Further analysis: the prosperity and commonality paths",
		AboutZh: "表 5：分别以富裕分指数和共同分指数的对数为被解释变量估计基准模型，看政策通过哪条路径作用于共同富裕；再按富裕程度在全部省份-年份上的三分位数把样本分为低、中、高三组，在各组内估计同一模型。",
		AboutEn: "Table 5: estimates the baseline model with the log prosperity and the log commonality sub-index as outcomes, to see through which path the policy works, then splits the province-years into terciles of prosperity over the pooled panel and estimates the same model in the low, middle and high groups.",
		Run:     runPaths,
	})
}

// paperTable5 holds the balance coefficients of Table 5 in Hong, Jiang and Liu (2023): prosperity,
// commonality, then the low, middle and high prosperity terciles.
var paperTable5 = []string{"0.046***", "0.012", "0.009*", "−0.008", "0.027"}

func runPaths(r *Run) error {
	if missing := r.missingVars("prosperity", "commonality", "balance"); len(missing) > 0 {
		r.noteMissingVars("表 5（路径分析）", "Table 5 (paths)", missing)
		return nil
	}
	prosperity, commonality, balance := r.Var("prosperity"), r.Var("commonality"), r.Var("balance")
	controls := r.Controls()
	entity, period := r.Panel.EntityColumn(), r.Panel.TimeColumn()
	full := baselineSpec{controls: true, year: true}

	var results []*cpstat.Result
	for _, y := range []string{prosperity, commonality} {
		src := baselineFormula(y, balance, controls, entity, period, full)
		res, err := cpstat.EstimateContext(r.Ctx, r.Panel, src, baselineOptions(entity)...)
		if err != nil {
			return fmt.Errorf("table 5, %s: %w", src, err)
		}
		results = append(results, res)
	}

	src := baselineFormula(prosperity, balance, controls, entity, period, full)
	split, err := cpstat.EstimateSplitContext(r.Ctx, r.Panel, src, cpstat.SplitSettings{By: prosperity, Groups: 3}, baselineOptions(entity)...)
	if err != nil {
		return fmt.Errorf("table 5, tercile split of %s: %w", src, err)
	}

	// The dependent-variable row already names the outcomes of columns (1) and (2), so they get no title.
	cols := []table.Column{results[0].Column(""), results[1].Column("")}
	all := append([]*cpstat.Result(nil), results...)
	for _, g := range split.Groups {
		all = append(all, g.Result)
		if g.Result != nil {
			title := r.Text(split.GroupTitle(g.Index, table.Zh)+"富裕", split.GroupTitle(g.Index, table.En)+" prosperity")
			cols = append(cols, g.Result.Column(title))
		}
	}
	notes := []string{
		r.clusterNote(results[0]),
		r.Text(
			fmt.Sprintf("被解释变量是 index 章节测算的富裕、共同两个分指数的对数（列 %s、%s）。第 (3)—(5) 列按富裕程度在全部观测上的三分位数分组，各组内再估计同一模型。", prosperity, commonality),
			fmt.Sprintf("The outcomes are the logs of the prosperity and commonality sub-indices that the index chapter measures (columns %s and %s). Columns (3)–(5) split the observations at the pooled terciles of prosperity and estimate the same model within each group.", prosperity, commonality)),
	}
	notes = append(notes, r.groupClusterNote(split))
	notes = append(notes, split.Notes(r.Lang())...)
	notes = append(notes, r.proxyNotes(append([]string{balance}, controls...))...)

	reg := r.feTable(r.Text("表 5　平衡性干预政策影响共同富裕的路径", "Table 5. Paths from the balancing policy to common prosperity"),
		cols, []string{balance}, controls, notes)
	r.notePaperCoefficients("表 5", "Table 5", balance, paperTable5, all)
	return r.Table("table5_paths", reg.Title, reg)
}
