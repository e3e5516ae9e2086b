package replicate

import (
	"errors"
	"fmt"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/province"
	"github.com/cpstat/cpstat/plots"
)

// studyWindow is the paper's sample period, 2001–2017.
var studyWindow = cpstat.Window{From: 2001, To: 2017}

// defaultTrendVariable is the index indicator plotted by region in the data chapter: household consumption
// per capita, the embedded data's proxy for indicator 1 (per-capita disposable income).
const defaultTrendVariable = "consumption_pc"

func init() {
	register(Chapter{
		Order: 0, ID: "data", TitleZh: "数据与覆盖情况", TitleEn: "Data and coverage",
		AboutZh: "列出面板中每个变量在 2001—2017 年各年有数值的省份数和描述性统计，并画出一个指数指标的分地区均值。空缺即公开来源没有的数值，未做插补。",
		AboutEn: "Counts the provinces with a value of each variable in each year of 2001–2017, summarises every variable and plots one index indicator's mean by region. Gaps are values no public source gives; nothing is interpolated.",
		Run:     runData,
	})
}

func runData(r *Run) error {
	vars := r.Panel.NumericColumns()
	coverage, err := r.Panel.Coverage(vars, studyWindow)
	if err != nil {
		return err
	}
	if err := r.Table("coverage", r.Text("数据覆盖情况", "Data coverage"), coverage.Grid(r.Labels, r.Lang())); err != nil {
		return err
	}

	summaries, err := r.Panel.Describe(vars, studyWindow)
	if err != nil {
		return err
	}
	grid := cpstat.DescribeGrid(summaries, r.Labels, r.Lang())
	grid.Title = r.Text("全部变量描述性统计（2001—2017年）", "Descriptive statistics of all variables (2001–2017)")
	if err := r.Table("descriptives_all", grid.Title, grid); err != nil {
		return err
	}

	variable := r.Config.TrendVariable
	if variable == "" {
		variable = defaultTrendVariable
		if !hasValues(r.Panel, variable) {
			// A user's panel without the default indicator still gets every table of the chapter.
			r.Notef("%s", r.Text(
				fmt.Sprintf("数据中没有 %s，未绘制分地区均值图；用 --trend-variable 列名（或配置文件中的 \"trend_variable\"）指定要画的变量。", variable),
				fmt.Sprintf("the data have no %s, so the mean-by-region figure was not drawn; name the variable to plot with --trend-variable COLUMN (or \"trend_variable\" in a config file).", variable)))
			return nil
		}
	}
	title := r.Text("分地区均值：", "Mean by region: ") + r.Label(variable)
	yLabel := r.Label(variable)
	if unit := r.Unit(variable); unit != "" {
		yLabel += " (" + unit + ")"
	}
	return r.regionTrendFigure("trend_"+variable, variable, title, yLabel, nil)
}

// regionTrendFigure draws a variable's mean by NBS region over the study period, after passing the
// means to inspect when it is not nil. A panel whose entities are not provinces has no regions: it
// gets a note instead of the figure.
func (r *Run) regionTrendFigure(name, variable, title, yLabel string, inspect func(*cpstat.RegionMeans)) error {
	means, err := r.Panel.MeanByRegion(variable, studyWindow)
	var unknown *province.UnknownError
	if errors.As(err, &unknown) {
		r.Notef("%s", r.Text(
			fmt.Sprintf("面板的个体不是省份（如 %s），没有东中西部之分，未绘制“%s”。", unknown.Name, title),
			fmt.Sprintf("the panel's entities are not provinces (for example %s), so they have no East/Central/West regions and \"%s\" was not drawn.", unknown.Name, title)))
		return nil
	}
	if err != nil {
		return err
	}
	if inspect != nil {
		inspect(means)
	}
	fig, err := plots.RegionTrend(r.Theme(), means, title, yLabel)
	if err != nil {
		return err
	}
	return r.Figure(name, title, fig)
}
