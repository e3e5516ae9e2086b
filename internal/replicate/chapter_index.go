package replicate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/plots"
)

func init() {
	register(Chapter{
		Order: 10, ID: "index", TitleZh: "共同富裕指数（熵权法）", TitleEn: "Common-prosperity index (entropy weights)",
		AboutZh:  "按表 1 的指标体系用熵权法测算共同富裕：各指标按方向做极差标准化并平移 0.0001，富裕与共同两个维度分别赋权并得分，综合指数为两个维度得分之积，cp 取其自然对数；富裕、共同两个分指数的对数供路径分析使用。公开数据缺少的指标逐一列出。",
		AboutEn:  "Measures common prosperity with the entropy weight method on the indicator system of Table 1: each indicator is min–max standardised with its direction and shifted by 0.0001, the prosperity and commonality dimensions are weighted and scored separately, the composite index is the product of the two scores and cp is its natural log. The logs of the two sub-indices feed the path analysis. Every indicator the public data lack is listed.",
		Measures: true,
		Run:      runIndex,
	})
}

// measuredLabels names the measured columns that the codebook does not know.
var measuredLabels = table.Labels{
	"cp_index":          {Zh: "共同富裕综合指数", En: "Common-prosperity composite index"},
	"prosperity_score":  {Zh: "富裕得分", En: "Prosperity score"},
	"commonality_score": {Zh: "共同得分", En: "Commonality score"},
	"capital_stock":     {Zh: "资本存量（亿元，2000年价）", En: "Capital stock (100 million yuan, 2000 prices)"},
	"tfpch":             {Zh: "TFP 年度变化（tfpch）", En: "Annual TFP change (tfpch)"},
}

func runIndex(r *Run) error {
	for code, l := range measuredLabels {
		if _, ok := r.Labels[code]; !ok {
			r.Labels[code] = l
		}
	}
	sys, err := cpstat.PaperIndicatorSystem()
	if err != nil {
		return err
	}
	res, err := cpstat.EntropyIndex(r.Panel, sys, cpstat.PaperIndexOptions())
	var nf *cpstat.ColumnNotFoundError
	if errors.As(err, &nf) {
		r.Notef("%s", r.Text(
			fmt.Sprintf("数据中没有指标列 %s（%s），共同富裕指数未测算。请按 data/indicators.csv 提供各指标的列，或用 --vars cp=列名 指定已有的指数。", nf.Name, nf.Context),
			fmt.Sprintf("the data have no column %s (%s), so the common-prosperity index was not measured. Supply the indicator columns that data/indicators.csv names, or name an existing index with --vars cp=COLUMN.", nf.Name, nf.Context)))
		return nil
	}
	if err != nil {
		return err
	}

	r.noteIndexPolicy(res)
	for _, name := range []string{"cp", "prosperity", "commonality"} {
		if err := r.addMeasured(name, res.Panel, name); err != nil {
			return err
		}
	}
	for _, name := range []string{"cp_index", "prosperity_score", "commonality_score"} {
		if err := r.addMeasured(name, res.Panel, name); err != nil {
			return err
		}
	}

	g := res.SystemGrid(r.Lang(), "")
	g.Title = r.Text("表 1　共同富裕指标体系与熵权", "Table 1. Common-prosperity indicator system and entropy weights")
	if err := r.Table("index_system", g.Title, g); err != nil {
		return err
	}
	if err := r.indexScoreTable(res); err != nil {
		return err
	}
	if err := r.indexWeightsFigure(res); err != nil {
		return err
	}
	if err := r.indexTrendFigure(); err != nil {
		return err
	}
	return r.indexRankingFigure(res)
}

// noteIndexPolicy records which indicators the index rests on, which it leaves out and why, and the
// warnings of the computation.
func (r *Run) noteIndexPolicy(res *cpstat.IndexResult) {
	var noData, incomplete []string
	for _, ex := range res.Excluded {
		if ex.Reason == cpstat.ExcludedNoData {
			noData = append(noData, ex.ID)
			continue
		}
		incomplete = append(incomplete, r.Text(ex.DescribeZh(), ex.Describe()))
	}
	r.Notef("%s", r.Text(
		fmt.Sprintf("共同富裕指数用 %d 个指标（%s）测算：%d 个指标公开数据中没有（%s）；%d 个指标在 2001—2017 年有缺失值，按“只用完整指标”规则未纳入，未做任何插补：%s。这些都是指标口径上的差异，数值不会与原文一致。",
			len(res.Used), strings.Join(res.Used, "、"), len(noData), strings.Join(noData, "、"), len(incomplete), strings.Join(incomplete, "；")),
		fmt.Sprintf("the common-prosperity index rests on %d indicators (%s). %d have no public data (%s), and %d have missing values in 2001–2017 and are left out under the complete-indicators rule, with nothing filled: %s. The numbers therefore differ from the paper's by construction.",
			len(res.Used), strings.Join(res.Used, ", "), len(noData), strings.Join(noData, ", "), len(incomplete), strings.Join(incomplete, "; "))))
	for _, note := range res.FloorNotes(r.Lang()) {
		r.Notef("%s", note)
	}
	for _, w := range res.Index.Warnings {
		r.Notef("%s", r.Text("指数测算提示（英文）：", "index warning: ")+w.String())
	}
}

// addMeasured copies a measured column of src into the run's panel under the column that the paper
// variable name maps to. A column the data already fill is kept, with a note, because the user brought it.
func (r *Run) addMeasured(name string, src *cpstat.Panel, column string) error {
	target := r.Var(name)
	if hasValues(r.Panel, target) {
		r.Notef("%s", r.Text(
			fmt.Sprintf("数据已有 %s（列 %s），后续章节使用数据中的这一列；本章测算的值只出现在本章的表格中。", name, target),
			fmt.Sprintf("the data already have %s (column %s), so later chapters use that column; the values measured here appear only in this chapter's tables.", name, target)))
		return nil
	}
	values, err := src.Float(column)
	if err != nil {
		return err
	}
	p, err := r.Panel.With(target, values)
	if err != nil {
		return err
	}
	r.Panel = p
	return nil
}

// indexScoreTable writes the composite index by province and year, 30 × 17.
func (r *Run) indexScoreTable(res *cpstat.IndexResult) error {
	g, err := res.Panel.WideGrid("cp_index", studyWindow, r.Labels, r.Lang())
	if err != nil {
		return err
	}
	g.Title = r.Text("共同富裕综合指数（富裕得分 × 共同得分），2001—2017 年", "Common-prosperity composite index (prosperity × commonality score), 2001–2017")
	g.Notes = []string{r.Text(
		"cp = ln(综合指数)。各维度得分用平移 0.0001 后的标准化值计算，所以不低于 0.0001。最后一行为各省份的算术平均。",
		"cp = ln(composite). Dimension scores use the standardised values shifted by 0.0001, so no score is below 0.0001. The last row is the mean over provinces.")}
	return r.Table("index_composite", g.Title, g)
}

// indexWeightsFigure draws the entropy weight of every indicator in the index, coloured by dimension.
func (r *Run) indexWeightsFigure(res *cpstat.IndexResult) error {
	var bars []plots.Bar
	var groups []string
	for d, dim := range res.System.Dimensions {
		groups = append(groups, dim.Label(r.Lang()))
		for _, id := range res.Used {
			ind, _ := res.System.Indicator(id)
			if ind.Dimension != dim.Key {
				continue
			}
			bars = append(bars, plots.Bar{Label: id + " " + ind.Label(r.Lang()), Value: res.IndicatorWeight(id, ""), Group: d})
		}
	}
	title := r.Text("各指标的熵权（维度内加总为 1）", "Entropy weights of the indicators (summing to 1 within each dimension)")
	fig, err := plots.BarChart(r.Theme(), title, r.Text("权重", "Weight"), bars, groups, 3)
	if err != nil {
		return err
	}
	return r.Figure("index_weights", title, fig)
}

// indexTrendFigure draws the composite index by NBS region over the study period.
func (r *Run) indexTrendFigure() error {
	column := "cp_index"
	if !hasValues(r.Panel, column) {
		return nil
	}
	title := r.Text("共同富裕综合指数：分地区均值", "Common-prosperity composite index: mean by region")
	return r.regionTrendFigure("index_trend", column, title, r.Label("cp_index"), nil)
}
