package cpstat

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cpstat/cpstat/cpstat/resample"
	"github.com/cpstat/cpstat/cpstat/table"
)

// MediationTableOptions configure MediationResult.Table.
type MediationTableOptions struct {
	Title  string
	Lang   table.Lang
	Labels table.Labels
	// IncludeTotal adds the total-effect equation Y on X as the first column, which gives the stepwise
	// (Baron–Kenny) layout of one mediator: Y on X, M on X, Y on X and M.
	IncludeTotal bool
	// Notes are written after the table's own notes.
	Notes []string
}

// Table lays the equations out as a journal regression table, one column per mediator equation and
// one for the outcome equation, t statistics in parentheses, controls in one indicator row. A block
// under the statistics gives, in each mediator's column, the indirect effect a·b with its Sobel z in
// parentheses (stars from the Sobel p-value), its classification and its ratio, and in the outcome
// column Σ a·b. The notes state the variance, the sample and the classification rule.
func (r *MediationResult) Table(opts MediationTableOptions) (*table.Layout, error) {
	lang := opts.Lang
	var results []*Result
	if opts.IncludeTotal {
		results = append(results, r.Total)
	}
	results = append(results, r.Mediators...)
	results = append(results, r.Outcome)
	columns := make([]table.Column, len(results))
	for i, res := range results {
		columns[i] = res.Column("")
	}
	order := append([]string{r.Model.Treatment}, r.Model.Mediators...)
	reg := table.Regression{
		Title:      opts.Title,
		Columns:    columns,
		Lang:       lang,
		Labels:     opts.Labels,
		Order:      order,
		Controls:   r.Model.Controls,
		NoAutoNote: false,
	}
	reg.Notes = append(r.tableNotes(lang), opts.Notes...)
	layout, err := reg.Layout()
	if err != nil {
		return nil, err
	}

	first := 0
	if opts.IncludeTotal {
		first = 1
	}
	blank := func() table.Row {
		row := table.Row{Cells: make([]table.Cell, layout.Columns)}
		return row
	}
	effect, paren, kind, ratio := blank(), blank(), blank(), blank()
	effect.RuleAbove = true
	effect.Cells[0] = table.Cell{Text: langText(lang != table.En, "间接效应 a×b", "Indirect effect a×b")}
	paren.Cells[0] = table.Cell{}
	kind.Cells[0] = table.Cell{Text: langText(lang != table.En, "效应类型", "Effect")}
	ratio.Cells[0] = table.Cell{Text: langText(lang != table.En, "效应占比", "Ratio")}
	for n, path := range r.Paths {
		col := 1 + first + n
		effect.Cells[col] = numberCell(path.Indirect, 3, stars(path.Sobel.P))
		paren.Cells[col] = numberCell(path.Sobel.Z, 3, "")
		paren.Cells[col].Parens = true
		kind.Cells[col] = table.Cell{Text: path.Effect.Label(lang)}
		if !math.IsNaN(path.Ratio) {
			ratio.Cells[col] = numberCell(path.Ratio, 3, "")
		}
	}
	last := layout.Columns - 1
	effect.Cells[last] = numberCell(r.IndirectSum, 3, "")
	kind.Cells[last] = table.Cell{Text: "Σ a×b"}
	layout.Body = append(layout.Body, effect, paren, kind)
	for _, path := range r.Paths {
		if !math.IsNaN(path.Ratio) {
			layout.Body = append(layout.Body, ratio)
			break
		}
	}
	return layout, nil
}

// tableNotes returns the notes under the regression table.
func (r *MediationResult) tableNotes(lang table.Lang) []string {
	notes := []string{langText(lang != table.En,
		fmt.Sprintf("各方程使用同一样本（N = %d）、同样的控制变量和固定效应；%s。", r.N, r.Outcome.VCov.DescriptionZh),
		fmt.Sprintf("Every equation uses the same sample (N = %d), controls and fixed effects; %s.", r.N, r.Outcome.VCov.Description))}
	notes = append(notes, langText(lang != table.En,
		"间接效应行括号内为 Sobel z 值，星号按 Sobel 检验 p 值；部分中介的占比为 a×b/c，遮掩效应为 |a×b/c′|。",
		"In the indirect-effect rows the parentheses hold Sobel z, and the stars follow the Sobel p-value; the ratio is a×b/c for partial mediation and |a×b/c′| for masking."))
	notes = append(notes, r.ruleNote(lang))
	return notes
}

// ruleNote states the classification rule in one line.
func (r *MediationResult) ruleNote(lang table.Lang) string {
	// The condition under which a·b counts as significant when a or b alone is not.
	condition := langText(lang != table.En, "Sobel 检验显著", "the Sobel test rejects a·b = 0")
	if r.Bootstrap != nil {
		condition = langText(lang != table.En, fmt.Sprintf("%d 次%s Bootstrap 的偏差校正区间不含零", r.Bootstrap.Reps, resampleName(r.Bootstrap, lang)),
			fmt.Sprintf("the bias-corrected interval of a %d-replicate %s bootstrap excludes 0", r.Bootstrap.Reps, resampleName(r.Bootstrap, lang)))
	}
	line := langText(lang != table.En,
		fmt.Sprintf("效应类型按温忠麟、叶宝娟（2014）判断（显著性水平 %g）：a、b 都显著，或（否则）%s时，间接效应显著；c′ 不显著为完全中介，c′ 显著且与 a×b 同号为部分中介，异号为遮掩效应。", r.Alpha, condition),
		fmt.Sprintf("Effects classified after Wen and Ye (2014) at level %g: a·b is significant when a and b both are or, failing that, when %s; then c′ not significant is full mediation, c′ significant with the sign of a·b partial mediation, with the opposite sign masking.", r.Alpha, condition))
	if !r.TotalSignificant {
		line += langText(lang != table.En, fmt.Sprintf("总效应 c 不显著（p = %.3f），按遮掩效应立论。", r.TotalEffect.PValue),
			fmt.Sprintf(" The total effect c is not significant (p = %.3f), so the result is framed as suppression.", r.TotalEffect.PValue))
	}
	return line
}

func resampleName(b *MediationBootstrap, lang table.Lang) string {
	if b.Resample == ResampleRows {
		return langText(lang != table.En, "按行抽样的", "row")
	}
	return langText(lang != table.En, fmt.Sprintf("按 %s 整群抽样的", b.Cluster), fmt.Sprintf("cluster (%s)", b.Cluster))
}

// TestsGrid lays out the tests of each indirect effect and of their sum: a·b, the Sobel, Aroian and
// Goodman z with p-values, and the bootstrap mean, SD, percentile and bias-corrected intervals when a
// bootstrap was run. labels translate the mediator names.
func (r *MediationResult) TestsGrid(title string, labels table.Labels, lang table.Lang) table.Grid {
	head := []table.Head{{Text: langText(lang != table.En, "中介变量", "Mediator")}, {Text: "a×b"},
		{Text: "Sobel z"}, {Text: "p"}, {Text: "Aroian z"}, {Text: "p"}, {Text: "Goodman z"}, {Text: "p"}}
	decimals := []int{0, 4, 3, 4, 3, 4, 3, 4}
	if r.Bootstrap != nil {
		level := fmt.Sprintf("%g%%", 100*r.Bootstrap.Level)
		head = append(head, table.Head{Text: langText(lang != table.En, "Bootstrap 标准误", "Bootstrap SE")},
			table.Head{Text: langText(lang != table.En, "百分位 "+level+" 区间", "Percentile "+level+" CI")},
			table.Head{Text: langText(lang != table.En, "偏差校正 "+level+" 区间", "BC "+level+" CI")})
		decimals = append(decimals, 4, 0, 0)
	}
	head = append(head, table.Head{Text: langText(lang != table.En, "效应类型", "Effect")})
	g := table.Grid{Title: title, Lang: lang, Labels: labels, Header: [][]table.Head{head}, Decimals: decimals}

	for _, path := range r.Paths {
		row := []table.Value{table.Text(labels.Lookup(path.Mediator, lang)), table.Num(path.Indirect)}
		for _, z := range []ZTest{path.Sobel, path.Aroian, path.Goodman} {
			row = append(row, table.Num(z.Z), table.Num(z.P))
		}
		if r.Bootstrap != nil {
			row = append(row, table.Num(path.Boot.SD), table.Text(intervalText(path.Boot.Percentile)), table.Text(intervalText(path.Boot.BC)))
		}
		row = append(row, table.Text(path.Effect.Label(lang)))
		g.Rows = append(g.Rows, row)
	}
	if len(r.Paths) > 1 {
		row := []table.Value{table.Text(langText(lang != table.En, "合计 Σ a×b", "Total Σ a×b")), table.Num(r.IndirectSum)}
		for range 3 {
			row = append(row, table.Text("—"), table.Text("—"))
		}
		if r.Bootstrap != nil {
			row = append(row, table.Num(r.SumBoot.SD), table.Text(intervalText(r.SumBoot.Percentile)), table.Text(intervalText(r.SumBoot.BC)))
		}
		row = append(row, table.Text(""))
		g.Rows = append(g.Rows, row)
		g.RulesAbove = []int{len(g.Rows) - 1}
	}

	g.Notes = append(g.Notes, langText(lang != table.En,
		"每行是一条路径 "+r.pathName("中介变量", labels, lang)+"。",
		"Each row is one path "+r.pathName("mediator", labels, lang)+"."))
	g.Notes = append(g.Notes, langText(lang != table.En,
		"Sobel、Aroian、Goodman 标准误分别为 sqrt(b²s_a² + a²s_b²)、再加 s_a²s_b²、再减 s_a²s_b²；p 值来自标准正态分布。",
		"The Sobel, Aroian and Goodman standard errors are sqrt(b²s_a² + a²s_b²), plus s_a²s_b², and minus s_a²s_b²; p-values from the standard normal."))
	switch {
	case len(r.Paths) > 1 && r.Bootstrap != nil:
		g.Notes = append(g.Notes, langText(lang != table.En,
			"各条路径的 a 来自不同方程，其协方差未估计，所以合计间接效应只给出 Bootstrap 推断。",
			"The a coefficients come from separate equations whose covariance is not estimated, so the sum of the indirect effects has bootstrap inference only."))
	case len(r.Paths) > 1:
		g.Notes = append(g.Notes, langText(lang != table.En,
			"各条路径的 a 来自不同方程，其协方差未估计，合计间接效应只能用 Bootstrap 推断；本次未运行 Bootstrap，所以合计没有标准误和区间。",
			"The a coefficients come from separate equations whose covariance is not estimated, so only a bootstrap gives the sum of the indirect effects an inference; none ran here, so the sum has no standard error or interval."))
	}
	if b := r.Bootstrap; b != nil {
		g.Notes = append(g.Notes, langText(lang != table.En,
			fmt.Sprintf("Bootstrap：%d 次%s重抽样，种子 %d，%d 次失败未计入。", b.Reps, resampleName(b, lang), b.Seed, len(b.Failed)),
			fmt.Sprintf("Bootstrap: %d %s replicates, seed %d; %d failed replicates left out.", b.Reps, resampleName(b, lang), b.Seed, len(b.Failed))))
	}
	g.Notes = append(g.Notes, r.ruleNote(lang))
	return g
}

// pathName returns "X → mediator → Y" with X and Y through labels.
func (r *MediationResult) pathName(mediator string, labels table.Labels, lang table.Lang) string {
	return strings.Join([]string{labels.Lookup(r.Model.Treatment, lang), mediator, labels.Lookup(r.Model.Outcome, lang)}, " → ")
}

func intervalText(iv resample.Interval) string {
	return "[" + strconv.FormatFloat(iv.Low, 'f', 4, 64) + ", " + strconv.FormatFloat(iv.High, 'f', 4, 64) + "]"
}

// String returns Summary.
func (r *MediationResult) String() string { return r.Summary() }

// Summary lays the result out as plain text: the sample, the effects c, c′ and each a, b and a·b with
// their tests, bootstrap intervals and classification, and the notes.
func (r *MediationResult) Summary() string {
	var b strings.Builder
	m := r.Model
	fmt.Fprintf(&b, "Parallel mediation: %s → {%s} → %s\n", m.Treatment, strings.Join(m.Mediators, ", "), m.Outcome)
	if len(m.Controls) > 0 {
		fmt.Fprintf(&b, "Controls: %s\n", strings.Join(m.Controls, ", "))
	}
	if len(m.FixedEffects) > 0 {
		fmt.Fprintf(&b, "Fixed effects: %s\n", strings.Join(m.FixedEffects, " + "))
	} else {
		b.WriteString("Pooled OLS with an intercept\n")
	}
	sample := r.Sample.String()
	if singletons := r.singletonDrops(); singletons.Dropped() > 0 {
		if r.Sample.Dropped() == 0 {
			sample = "the fits drop " + singletons.reasons()
		} else {
			sample += "; the fits then drop " + singletons.reasons()
		}
	}
	fmt.Fprintf(&b, "Common sample: N = %d (%s)\nVariance: %s\n\n", r.N, sample, r.Outcome.VCov.Description)
	fmt.Fprintf(&b, "total effect c   = %10.5f  (se %.5f, p %.4f)\n", r.TotalEffect.Estimate, r.TotalEffect.StdError, r.TotalEffect.PValue)
	fmt.Fprintf(&b, "direct effect c′ = %10.5f  (se %.5f, p %.4f)\n", r.DirectEffect.Estimate, r.DirectEffect.StdError, r.DirectEffect.PValue)
	fmt.Fprintf(&b, "indirect Σ a·b   = %10.5f\n", r.IndirectSum)
	if r.SumBoot != nil {
		fmt.Fprintf(&b, "  bootstrap: SD %.5f, percentile %s, BC %s\n", r.SumBoot.SD, intervalText(r.SumBoot.Percentile), intervalText(r.SumBoot.BC))
	}
	for _, p := range r.Paths {
		fmt.Fprintf(&b, "\npath %s:\n", p.Mediator)
		fmt.Fprintf(&b, "  a = %.5f (se %.5f, p %.4f)   b = %.5f (se %.5f, p %.4f)\n", p.A.Estimate, p.A.StdError, p.A.PValue, p.B.Estimate, p.B.StdError, p.B.PValue)
		fmt.Fprintf(&b, "  a·b = %.5f   Sobel z %.3f (p %.4f)   Aroian z %.3f (p %.4f)   Goodman z %.3f (p %.4f)\n",
			p.Indirect, p.Sobel.Z, p.Sobel.P, p.Aroian.Z, p.Aroian.P, p.Goodman.Z, p.Goodman.P)
		if p.Boot != nil {
			fmt.Fprintf(&b, "  bootstrap: mean %.5f, SD %.5f, percentile %s, BC %s\n", p.Boot.Mean, p.Boot.SD, intervalText(p.Boot.Percentile), intervalText(p.Boot.BC))
		}
		fmt.Fprintf(&b, "  effect: %s", p.Effect)
		if !math.IsNaN(p.Ratio) {
			fmt.Fprintf(&b, " (ratio %.4f)", p.Ratio)
		}
		fmt.Fprintf(&b, "; %s\n", p.indirectVerdict(r.Alpha))
	}
	if bs := r.Bootstrap; bs != nil {
		fmt.Fprintf(&b, "\nBootstrap: %d %s replicates, seed %d, %d failed", bs.Reps, resampleName(bs, table.En), bs.Seed, len(bs.Failed))
		if bs.Resample == ResampleClusters {
			fmt.Fprintf(&b, ", %d clusters resampled", bs.Clusters)
			if g := r.Outcome.VCov.G; len(g) > 0 && g[0] < bs.Clusters {
				fmt.Fprintf(&b, " (the fits keep %d; %d %s only singleton rows)", g[0], bs.Clusters-g[0],
					plural(bs.Clusters-g[0], "has", "have"))
			}
		}
		b.WriteString("\n")
	}
	if !r.TotalSignificant {
		fmt.Fprintf(&b, "\nThe total effect is not significant at %g: Wen and Ye (2014) frame the result as suppression.\n", r.Alpha)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "Note: %s\n", n)
	}
	return b.String()
}

// indirectVerdict states which test decided about a·b and what it decided, such as "a·b tested by
// the bias-corrected bootstrap interval: not significant (the interval contains 0)".
func (p MediationPath) indirectVerdict(alpha float64) string {
	verdict := "not significant"
	if p.IndirectSignificant {
		verdict = "significant"
	}
	switch {
	case p.IndirectTest == IndirectTestJoint:
		return fmt.Sprintf("a·b significant because a and b are both significant at %g", alpha)
	case p.Boot != nil && p.IndirectTest == IndirectTestBootstrap:
		contains := "excludes"
		if p.Boot.BC.Contains(0) {
			contains = "contains"
		}
		return fmt.Sprintf("a·b tested by the bias-corrected bootstrap interval: %s (the interval %s %s 0)",
			verdict, intervalText(p.Boot.BC), contains)
	case p.IndirectTest == IndirectTestSobel:
		return fmt.Sprintf("a·b tested by the Sobel test: %s (p %.4f at %g)", verdict, p.Sobel.P, alpha)
	}
	return fmt.Sprintf("a·b tested by %s: %s", p.IndirectTest, verdict)
}

// numberCell returns a number cell with the given decimals and stars; -0 after rounding is written 0.
func numberCell(x float64, decimals int, star string) table.Cell {
	if math.IsNaN(x) {
		return table.Cell{Text: "—"}
	}
	text := strconv.FormatFloat(x, 'f', decimals, 64)
	if strings.Trim(text, "-0.") == "" {
		text = strings.TrimPrefix(text, "-")
	}
	return table.Cell{Text: text, Number: true, Value: x, Decimals: decimals, Stars: star}
}

// stars returns the symbol of the default thresholds for a p-value.
func stars(p float64) string {
	out := ""
	for _, s := range table.DefaultStars {
		if p < s.P {
			out = s.Symbol
		}
	}
	return out
}

// singletonDrops returns the singleton rows that the fits drop from the common sample. Every equation
// drops the same rows, because the equations share the sample and the fixed effects.
func (r *MediationResult) singletonDrops() DropReport {
	var out DropReport
	if r.Total == nil {
		return out
	}
	for _, g := range r.Total.Dropped.Groups {
		if g.Reason == ReasonSingleton {
			out.Groups = append(out.Groups, g)
			out.Rows += len(g.Keys) // Kept stays 0, so Dropped counts these rows
		}
	}
	return out
}
