package cpstat

import (
	"math"

	"github.com/cpstat/cpstat/cpstat/table"
)

// MediationType classifies one mediation path by MediationRule.
type MediationType int

const (
	// NoMediation: the indirect effect a·b is not significant.
	NoMediation MediationType = iota
	// PartialMediation: a·b and c′ are both significant and have the same sign.
	PartialMediation
	// FullMediation: a·b is significant and c′ is not (Wen and Ye call it "only an indirect effect").
	FullMediation
	// Masking: a·b and c′ are both significant with opposite signs, the suppression effect 遮掩效应.
	Masking
)

// String returns the English name, such as "partial mediation".
func (t MediationType) String() string { return t.Label(table.En) }

// Label returns the name of the type in the language l.
func (t MediationType) Label(l table.Lang) string {
	names := [...][2]string{
		NoMediation:      {"中介效应不显著", "no mediation"},
		PartialMediation: {"部分中介", "partial mediation"},
		FullMediation:    {"完全中介", "full mediation"},
		Masking:          {"遮掩效应", "masking (suppression)"},
	}
	if int(t) < 0 || int(t) >= len(names) {
		return "?"
	}
	if l == table.En {
		return names[t][1]
	}
	return names[t][0]
}

// MediationRule states the classification of Wen Zhonglin and Ye Baojuan (2014), "中介效应分析：方法和
// 模型发展", 心理科学进展 22(5), 731–745, as Mediate applies it to each path at the level Alpha.
const MediationRule = `Classification after Wen and Ye (2014), at significance level alpha:
1. Test the total effect c. Significant: the result is framed as mediation; not significant: as a
   suppression (masking) effect. The path is classified by the steps below either way.
2. Test a and b. When both are significant the indirect effect a·b is significant: go to 4.
3. Otherwise test a·b itself: by the bias-corrected bootstrap interval when a bootstrap was run (it
   excludes 0), else by the Sobel z test. Not significant: no mediation, stop.
4. Test the direct effect c′. Not significant: full mediation (only an indirect effect).
5. c′ significant: a·b and c′ of the same sign is partial mediation, reported with a·b/c, the share of
   the total effect; opposite signs is masking (遮掩效应), reported with |a·b/c′|.
In a parallel model every path is compared with the one direct effect c′ of the outcome equation.`

// MediationRuleZh is MediationRule in Chinese.
const MediationRuleZh = `按温忠麟、叶宝娟（2014）的流程，在显著性水平 alpha 下逐条判断：
1. 检验总效应 c：显著则按中介效应立论，不显著则按遮掩效应立论；无论哪种，都继续以下步骤。
2. 依次检验 a 和 b：都显著则间接效应 a·b 显著，转第 4 步。
3. 至少一个不显著时直接检验 a·b：做了 Bootstrap 时看偏差校正区间是否包含 0，否则用 Sobel 检验；不显著则中介效应不显著，停止。
4. 检验直接效应 c′：不显著则为完全中介（只有间接效应）。
5. c′ 显著时比较符号：a·b 与 c′ 同号为部分中介，报告 a·b/c（占总效应的比例）；异号为遮掩效应，报告 |a·b/c′|。
并行中介模型中，每条路径都与结果方程中唯一的直接效应 c′ 比较。`

// Values of MediationPath.IndirectTest: the test that decided whether a·b is significant.
const (
	IndirectTestJoint     = "a and b both significant"
	IndirectTestBootstrap = "bias-corrected bootstrap interval"
	IndirectTestSobel     = "Sobel test"
)

// classify applies MediationRule to every path.
func (r *MediationResult) classify() {
	r.TotalSignificant = r.TotalEffect.PValue < r.Alpha
	directSignificant := r.DirectEffect.PValue < r.Alpha
	for n := range r.Paths {
		path := &r.Paths[n]
		path.Ratio = math.NaN()

		significant := false
		switch {
		case path.A.PValue < r.Alpha && path.B.PValue < r.Alpha:
			significant = true
			path.IndirectTest = IndirectTestJoint
		case path.Boot != nil:
			significant = !path.Boot.BC.Contains(0)
			path.IndirectTest = IndirectTestBootstrap
		default:
			significant = path.Sobel.P < r.Alpha
			path.IndirectTest = IndirectTestSobel
		}

		path.IndirectSignificant = significant

		switch {
		case !significant:
			path.Effect = NoMediation
		case !directSignificant:
			path.Effect = FullMediation
		case math.Signbit(path.Indirect) == math.Signbit(r.DirectEffect.Estimate):
			path.Effect = PartialMediation
			path.Ratio = path.Indirect / r.TotalEffect.Estimate
		default:
			path.Effect = Masking
			path.Ratio = math.Abs(path.Indirect / r.DirectEffect.Estimate)
		}
	}
}
