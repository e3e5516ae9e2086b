package replicate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/province"
	"github.com/cpstat/cpstat/plots"
)

// indexRankingFigure ranks the provinces by the measured cp of the study's last year, with its first
// year as hollow dots. A panel whose entities are not provinces gets a note instead, because the
// markers show NBS regions.
func (r *Run) indexRankingFigure(res *cpstat.IndexResult) error {
	last := cpstat.Window{From: studyWindow.To, To: studyWindow.To}
	first := cpstat.Window{From: studyWindow.From, To: studyWindow.From}
	values, missing, err := plots.RankingValues(res.Panel, "cp", last, first, r.Config.Lang)
	var unknown *province.UnknownError
	if errors.As(err, &unknown) {
		r.Notef("%s", r.Text(
			fmt.Sprintf("面板的个体不是省份（如 %s），省份排名图未绘制。", unknown.Name),
			fmt.Sprintf("the panel's entities are not provinces (for example %s), so the province ranking figure was not drawn.", unknown.Name)))
		return nil
	}
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		r.Notef("%s", r.Text(
			fmt.Sprintf("省份排名图：%s 在 %d 年没有 cp，未列入。", strings.Join(missing, "、"), studyWindow.To),
			fmt.Sprintf("province ranking: %s %s no cp in %d and %s left out.", strings.Join(missing, ", "),
				plural(len(missing), "has", "have"), studyWindow.To, plural(len(missing), "is", "are"))))
	}
	if len(values) == 0 {
		return nil
	}
	title := r.Text(fmt.Sprintf("各省份共同富裕指数 cp 排名：%d 年（实心）与 %d 年（空心）", studyWindow.To, studyWindow.From),
		fmt.Sprintf("Provinces ranked by cp: %d (filled) and %d (hollow)", studyWindow.To, studyWindow.From))
	xLabel := r.Text("cp = ln(富裕 × 共同)", "cp = ln(prosperity × commonality)")
	fig, err := plots.Ranking(r.Theme(), title, xLabel, values,
		plots.RankingOptions{ValueName: fmt.Sprint(studyWindow.To), CompareName: fmt.Sprint(studyWindow.From)})
	if err != nil {
		return err
	}
	return r.Figure("index_ranking", title, fig)
}

// plural returns singular when n is 1 and pluralForm otherwise.
func plural(n int, singular, pluralForm string) string {
	if n == 1 {
		return singular
	}
	return pluralForm
}
