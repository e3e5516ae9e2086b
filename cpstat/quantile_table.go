package cpstat

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/cpstat/cpstat/cpstat/quantreg"
	"github.com/cpstat/cpstat/cpstat/table"
)

// EffectPath is one coefficient across quantiles with a pointwise confidence band, for a plot of a
// marginal effect against τ. Every slice has one entry per quantile, in the order fitted.
type EffectPath struct {
	Term  string
	Level float64 // confidence level of the band, such as 0.95

	Tau    []float64
	Coef   []float64
	StdErr []float64
	// Lower and Upper are Coef ∓ c·StdErr, with c the (1 + Level)/2 quantile of the reference
	// distribution: Student's t with the fit's degrees of freedom for QuantReg, the standard normal for
	// QRPD.
	Lower, Upper []float64
}

// Effect returns the coefficient of term at every quantile with a pointwise confidence band at the
// given level (0 means 0.95) from each fit's TestStdErr.
func (r *QRPDResult) Effect(term string, level float64) (EffectPath, error) {
	level, err := bandLevel(level)
	if err != nil {
		return EffectPath{}, err
	}
	j := r.Coefficient(term)
	if j < 0 {
		return EffectPath{}, fmt.Errorf("QRPD %s: %w: no regressor %q; the regressors are %s", r.Formula,
			ErrQuantileModel, term, strings.Join(r.regressorNames(), ", "))
	}
	path := EffectPath{Term: term, Level: level}
	c := distuv.UnitNormal.Quantile((1 + level) / 2)
	for _, fit := range r.Fits {
		path.add(fit.Tau, fit.Coef[j], fit.TestStdErr[j], c)
	}
	return path, nil
}

// QREffect returns the coefficient of term in each quantile regression fit, with a pointwise
// confidence band at the given level (0 means 0.95) from each fit's standard errors. A fit without
// the term, because it was dropped as collinear there, gives NaN at its τ.
func QREffect(fits []*QRResult, term string, level float64) (EffectPath, error) {
	level, err := bandLevel(level)
	if err != nil {
		return EffectPath{}, err
	}
	path := EffectPath{Term: term, Level: level}
	found := false
	for _, fit := range fits {
		j := fit.Coefficient(term)
		if j < 0 {
			path.add(fit.Tau, math.NaN(), math.NaN(), 0)
			continue
		}
		found = true
		c := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(max(fit.DF, 1))}.Quantile((1 + level) / 2)
		path.add(fit.Tau, fit.Coef[j], fit.StdErr[j], c)
	}
	if !found {
		return EffectPath{}, fmt.Errorf("quantile regression: %w: no fit has the coefficient %q", ErrQuantileModel, term)
	}
	return path, nil
}

func (e *EffectPath) add(tau, coef, se, c float64) {
	e.Tau = append(e.Tau, tau)
	e.Coef = append(e.Coef, coef)
	e.StdErr = append(e.StdErr, se)
	e.Lower = append(e.Lower, coef-c*se)
	e.Upper = append(e.Upper, coef+c*se)
}

func bandLevel(level float64) (float64, error) {
	if level == 0 {
		return 0.95, nil
	}
	if !(level > 0 && level < 1) {
		return 0, fmt.Errorf("%w: confidence level %v; give a level in (0, 1), such as 0.95", ErrQuantileModel, level)
	}
	return level, nil
}

// Column converts the result to one column of a regression table: the coefficients with Student's t
// statistics and their p-values, and N.
func (r *QRResult) Column(title string) table.Column {
	col := table.Column{Title: title, DepVar: r.Response}
	for j, name := range r.Names {
		col.Coefs = append(col.Coefs, table.Coef{Term: name, Estimate: r.Coef[j], StdErr: r.StdErr[j],
			Stat: r.TValue[j], PValue: r.PValue[j]})
	}
	col.Stats = []table.Stat{table.StatN(r.N)}
	return col
}

// String formats the fit as summary.rq does, followed by the rows and regressors left out.
func (r *QRResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "quantile regression %s, tau = %v, N = %d\n", r.Formula, r.Tau, r.N)
	if r.ClusterColumn != "" {
		fmt.Fprintf(&b, "clusters: %d (%s)\n", r.Clusters, r.ClusterColumn)
	}
	b.WriteString(r.Inference.String())
	for _, note := range r.Fit.Notes {
		fmt.Fprintf(&b, "note: %s\n", note)
	}
	if r.OutsideWindow > 0 {
		fmt.Fprintf(&b, "rows outside the window: %d\n", r.OutsideWindow)
	}
	if r.Dropped.Dropped() > 0 {
		fmt.Fprintf(&b, "%s\n", r.Dropped)
	}
	return b.String()
}

// QRPD statistic key of the number of units; it has a built-in label in package table.
const statUnits = StatGroups

// TauTitle returns the column title of a quantile, such as "τ=0.25".
func TauTitle(tau float64) string { return "τ=" + strconv.FormatFloat(tau, 'g', -1, 64) }

// Columns converts the fits to regression-table columns, one per quantile titled by TauTitle: the
// coefficients with z statistics from each fit's TestStdErr and their normal p-values, then N and
// the number of units ("groups").
func (r *QRPDResult) Columns() []table.Column {
	cols := make([]table.Column, 0, len(r.Fits))
	for _, fit := range r.Fits {
		col := table.Column{Title: TauTitle(fit.Tau), DepVar: r.Response}
		for j, name := range fit.Names {
			col.Coefs = append(col.Coefs, table.Coef{Term: name, Estimate: fit.Coef[j], StdErr: fit.TestStdErr[j],
				Stat: fit.ZValue[j], PValue: fit.PValue[j]})
		}
		col.Stats = []table.Stat{table.StatN(fit.N), {Key: statUnits, Value: float64(fit.Units)}}
		cols = append(cols, col)
	}
	return cols
}

// Table returns a regression table with one column per quantile (see Columns). Its notes are the star
// thresholds and the lines of Note in the language lang. The table's automatic note is off because it
// would call the z statistics t statistics.
func (r *QRPDResult) Table(title string, labels table.Labels, lang table.Lang) table.Regression {
	return r.TableWith(title, labels, lang, GoSetting)
}

// TableWith is Table with the settings that the notes suggest spelled by name.
func (r *QRPDResult) TableWith(title string, labels table.Labels, lang table.Lang, name SettingNamer) table.Regression {
	stars := "*、**和***分别表示在10%、5%和1%的水平下显著。"
	if lang == table.En {
		stars = "*, ** and *** denote significance at the 10%, 5% and 1% levels."
	}
	return table.Regression{Title: title, Columns: r.Columns(), Lang: lang, Labels: labels, ShowControls: true,
		Notes: append([]string{stars}, r.NoteWith(lang, name)...), NoAutoNote: true}
}

// Note returns the lines for the notes under a QRPD table: the estimator and its units, the optimiser
// and seed, and what the parentheses contain (with the kernel bandwidth of analytic standard errors).
// Then come the quantiles whose estimate is not identified (see QRPDFit.FlatObjective), and the
// departures from Stata's qregpd 1.0.1 that apply to the optimisers used.
func (r *QRPDResult) Note(lang table.Lang) []string { return r.NoteWith(lang, GoSetting) }

// NoteWith is Note with the settings it suggests spelled by name.
func (r *QRPDResult) NoteWith(lang table.Lang, name SettingNamer) []string {
	en := lang == table.En
	pick := func(zh, english string) string {
		if en {
			return english
		}
		return zh
	}

	optimizers := r.optimizersUsed()
	optimizerText := make([]string, len(optimizers))
	for i, o := range optimizers {
		optimizerText[i] = o.String()
	}
	used := strings.Join(optimizerText, ", ")
	if r.Settings.Options.Optimizer == quantreg.OptimizeAuto {
		used = pick("自动选择（1～2个回归元用网格搜索，更多用Nelder–Mead）："+used,
			"auto (grid search for one or two regressors, Nelder–Mead otherwise): "+used)
	}
	seed := strconv.FormatUint(r.Settings.Options.Seed, 10)

	lines := []string{
		pick(fmt.Sprintf("Powell非可加固定效应面板分位数回归（QRPD，对应Stata qregpd 1.0.1），个体为 %s，时期为 %s，时期效应吸收常数项；优化方法：%s；随机数种子：%s（仅MCMC使用）。",
			r.EntityColumn, r.TimeColumn, used, seed),
			fmt.Sprintf("Powell's quantile regression for panel data with nonadditive fixed effects (QRPD, as Stata's qregpd 1.0.1); units: %s, periods: %s, whose effects absorb the constant; optimiser: %s; seed: %s (used by MCMC only).",
				r.EntityColumn, r.TimeColumn, used, seed)),
		r.testNote(lang),
	}
	for _, fit := range r.Fits {
		if fit.FlatObjective() {
			lines = append(lines, fit.flatNote(lang, name))
		}
	}
	for _, f := range r.Failed {
		lines = append(lines, pick(
			fmt.Sprintf("τ = %g 未估计，不在表中：该分位点拟合失败（多为模型在该分位点不可识别），其余分位点不受影响。原因：%v", f.Tau, f.Err),
			fmt.Sprintf("τ = %g was not estimated and is not in the table: its fit failed, which leaves the other quantiles as they are. Reason: %v", f.Tau, f.Err)))
	}
	lines = append(lines,
		pick("与qregpd的差异：初值取精确的合并分位数回归（rq，Barrodale–Roberts单纯形）及其nid标准误；夹心估计沿用初值处的权重矩阵，qregpd在估计值处重算；带宽用未加权残差的标准差。",
			"Departures from qregpd: starting values from the exact pooled quantile regression (rq, Barrodale–Roberts simplex) with nid standard errors; the sandwich keeps the weight matrix of the starting values, where qregpd rebuilds it at the estimate; the bandwidth uses the unweighted standard deviation of the residuals."))
	for _, o := range optimizers {
		switch o {
		case quantreg.OptimizeGrid:
			lines = append(lines, pick("网格搜索范围为合并估计±10个标准误（qregpd为±1.96），并加密、在最小值靠近边界时外扩。",
				"The grid spans the pooled estimate ± 10 standard errors (qregpd: ± 1.96), is refined, and is extended when the minimum lies near its edge."))
		case quantreg.OptimizeMCMC:
			lines = append(lines, pick("MCMC的目标为exp(−Q/2)（Chernozhukov–Hong尺度），链从搜索到的最优点出发并限制在±20个合并标准误的范围内；个体较少时Q在大片区域上平坦，后验均值可能偏离最小值。",
				"MCMC targets exp(−Q/2) (the Chernozhukov–Hong scaling), with chains that start at the best search point and stay within ± 20 pooled standard errors; with few units Q is flat over wide regions, which can pull the posterior mean away from the minimum."))
		}
	}
	return lines
}

// testNote returns the note line about the parentheses: z statistics from the draws, or from the
// analytic sandwich. Both name the kernel bandwidth of the analytic sandwich, which the fits contain
// either way.
func (r *QRPDResult) testNote(lang table.Lang) string {
	lo, hi := r.bandwidthRange()
	bandwidth := fmt.Sprintf("%.4g", lo)
	if hi != lo {
		bandwidth = fmt.Sprintf("%.4g–%.4g", lo, hi)
	}
	noKernel := math.IsNaN(lo) // every objective was 0 at its estimate, so no fit used a kernel
	draws := len(r.Fits) > 0
	for _, fit := range r.Fits {
		draws = draws && fit.TestSource == QRPDStdErrDraws
	}
	if !draws && noKernel {
		if lang == table.En {
			return "z statistics in parentheses, from the analytic GMM sandwich standard errors, which are not available here: the objective is 0 at every estimate, so the moment variance is 0."
		}
		return "括号内为z值，基于解析GMM夹心标准误；此处目标函数在各估计值处均为0，矩的方差为0，解析标准误不可得。"
	}
	if !draws {
		if lang == table.En {
			return fmt.Sprintf("z statistics in parentheses, from the analytic GMM sandwich standard errors; the derivative uses a uniform kernel "+
				"of half-width h = %s on the residual scale (qregpd's rule 1.0589·min(sd, IQR/1.349)·n^(−1/5)).", bandwidth)
		}
		return fmt.Sprintf("括号内为z值，基于解析GMM夹心标准误；导数项用残差尺度上的均匀核，半宽h = %s（qregpd的规则1.0589·min(sd, IQR/1.349)·n^(−1/5)）。", bandwidth)
	}

	chains := len(r.Fits[0].AcceptanceRates)
	perChain, burn := r.Settings.Options.Draws, r.Settings.Options.Burn
	// The engine's documented defaults for zero values (quantreg.QRPDOptions).
	if perChain == 0 {
		perChain = 1000
	}
	if burn == 0 {
		burn = 500
	}
	if lang == table.En {
		analytic := fmt.Sprintf("The analytic sandwich standard errors, kept in the results but not shown, use a uniform kernel of half-width h = %s on the residual scale "+
			"(qregpd's rule 1.0589·min(sd, IQR/1.349)·n^(−1/5)).", bandwidth)
		if noKernel {
			analytic = "The analytic sandwich standard errors are not available because the objective is 0 at every estimate."
		}
		return fmt.Sprintf("z statistics in parentheses, from the standard deviation of the MCMC draws (%d chains × %d draws after %d burn-in), "+
			"which estimates the standard error under the exp(−Q/2) scaling (Chernozhukov and Hong 2003); the coefficient is the mean of the draws. %s",
			chains, perChain, burn, analytic)
	}
	analytic := fmt.Sprintf("结果中另存未列出的解析夹心标准误，其均匀核半宽h = %s（qregpd的规则1.0589·min(sd, IQR/1.349)·n^(−1/5)）。", bandwidth)
	if noKernel {
		analytic = "目标函数在各估计值处均为0，解析夹心标准误不可得。"
	}
	return fmt.Sprintf("括号内为z值，标准误取MCMC抽样的标准差（%d条链×%d次抽样，预烧%d次），在exp(−Q/2)尺度下它估计估计量的标准误（Chernozhukov和Hong，2003）；系数为抽样均值。%s",
		chains, perChain, burn, analytic)
}

// optimizersUsed lists the distinct optimisers of the fits, in order of first use.
func (r *QRPDResult) optimizersUsed() []quantreg.Optimizer {
	var out []quantreg.Optimizer
	for _, fit := range r.Fits {
		if !slices.Contains(out, fit.Optimizer) {
			out = append(out, fit.Optimizer)
		}
	}
	return out
}

// bandwidthRange returns the smallest and largest kernel half-width over the fits that used a
// kernel, or NaN twice when none did (a fit whose objective is 0 at the estimate has a NaN bandwidth).
func (r *QRPDResult) bandwidthRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, fit := range r.Fits {
		if !math.IsNaN(fit.Bandwidth) {
			lo, hi = math.Min(lo, fit.Bandwidth), math.Max(hi, fit.Bandwidth)
		}
	}
	if math.IsInf(lo, 1) {
		return math.NaN(), math.NaN()
	}
	return lo, hi
}

func (r *QRPDResult) regressorNames() []string {
	if len(r.Fits) == 0 {
		return nil
	}
	return r.Fits[0].Names
}

// String formats every fit after a header with the model, the panel and the rows left out.
func (r *QRPDResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "QRPD %s: units %s, periods %s, N = %d (%d units × %d periods)\n", r.Formula, r.EntityColumn,
		r.TimeColumn, r.N, r.Units, r.Periods)
	if r.OutsideWindow > 0 {
		fmt.Fprintf(&b, "rows outside the window: %d\n", r.OutsideWindow)
	}
	if r.Dropped.Dropped() > 0 {
		fmt.Fprintf(&b, "%s\n", r.Dropped)
	}
	for _, note := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", note)
	}
	for _, fit := range r.Fits {
		b.WriteString("\n")
		b.WriteString(fit.QRPDResult.String())
	}
	return b.String()
}
