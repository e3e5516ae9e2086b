package cpstat

import (
	"fmt"
	"math"
	"strings"

	"github.com/cpstat/cpstat/cpstat/table"
)

// Text returns the variance description in the language of a table: Description in English, or the same
// facts in Chinese.
func (v VCovInfo) Text(lang table.Lang) string {
	if lang == table.En || v.DescriptionZh == "" {
		return v.Description
	}
	return v.DescriptionZh
}

// describeZh is describe in Chinese, for the notes of Chinese tables.
func (v VCovInfo) describeZh(n, dfResid, k int) string {
	dist := "标准正态分布"
	if !math.IsInf(v.DF, 1) {
		dist = fmt.Sprintf(" t(%g) 分布", v.DF)
	}
	switch v.Type {
	case IID:
		return fmt.Sprintf("普通标准误（同方差）：s² = RSS/(N − K − 吸收的固定效应个数) = RSS/%d；p 值依据%s", dfResid, dist)
	case HC0:
		return fmt.Sprintf("异方差稳健标准误 HC0，无小样本校正；p 值依据%s", dist)
	case HC1:
		return fmt.Sprintf("异方差稳健标准误 HC1：HC0 × N/(N − K − 吸收的固定效应个数) = %d/%d；p 值依据%s", n, dfResid, dist)
	case HC2, HC3:
		return fmt.Sprintf("异方差稳健标准误 %s（按组内变换后设计矩阵的杠杆值）；p 值依据%s", strings.ToUpper(v.Type.String()), dist)
	}

	var groups []string
	for i, name := range v.Cluster {
		if i < len(v.G) {
			groups = append(groups, fmt.Sprintf("%s（G = %d）", name, v.G[i]))
		}
	}
	text := fmt.Sprintf("标准误按 %s聚类，%s 口径：", strings.Join(groups, "和"), v.Convention)
	switch {
	case v.Convention == CR0:
		text += "无小样本校正"
	case v.Convention == CR1 && v.PerTerm:
		text += "V_a + V_b − V_ab 的每一项各乘自己的 G/(G − 1)"
	case v.Convention == CR1:
		text += fmt.Sprintf("G/(G − 1) = %.6g", v.Multiplier)
	case v.Convention == PlmHC1:
		text += fmt.Sprintf("N/(N − K) = %.6g，N = %d，K = %d", v.Multiplier, n, v.K)
	default:
		if v.PerTerm {
			text += fmt.Sprintf("V_a + V_b − V_ab 的每一项各乘自己的 G/(G − 1)，再乘 (N − 1)/(N − K) = %.6g，N = %d，K = %d", v.Multiplier, n, v.K)
		} else {
			text += fmt.Sprintf("G/(G − 1)·(N − 1)/(N − K) = %.6g，N = %d，K = %d", v.Multiplier, n, v.K)
		}
		if v.K > k {
			text += fmt.Sprintf("（%d 个系数，另有 %d 个为该口径计入的常数项和固定效应）", k, v.K-k)
		}
	}
	if len(v.G) == 2 && !v.PerTerm && v.Convention != CR0 && v.Convention != PlmHC1 {
		text += fmt.Sprintf("；双向聚类取 G = min(G_a, G_b) = %d", min(v.G[0], v.G[1]))
	}
	if len(v.Nested) > 0 {
		text += fmt.Sprintf("；嵌套于聚类变量的固定效应：%s", strings.Join(v.Nested, "、"))
	}
	return text + "；p 值依据" + dist
}

// dropReasonZh translates the reasons rows are dropped for.
var dropReasonZh = map[DropReason]string{
	ReasonMissing:        "缺失值",
	ReasonInfinite:       "无穷值",
	ReasonLogNonPositive: "对非正数取对数",
	ReasonOutOfDomain:    "超出函数定义域",
	ReasonNotObserved:    "所需期数未观测到",
	ReasonSingleton:      "单例组",
}

// Text returns the report in the language of a table: String in English, or the same facts in Chinese.
func (r DropReport) Text(lang table.Lang) string {
	if lang == table.En {
		return r.String()
	}
	if r.Dropped() == 0 {
		return "未剔除观测"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "剔除 %d 行：", r.Dropped())
	for i, g := range r.Groups {
		if i > 0 {
			b.WriteString("；")
		}
		reason, ok := dropReasonZh[g.Reason]
		if !ok {
			reason = string(g.Reason)
		}
		fmt.Fprintf(&b, "%s 的%s %d 行（", g.Column, reason, len(g.Keys))
		for j, k := range g.Keys[:min(len(g.Keys), 5)] {
			if j > 0 {
				b.WriteString("、")
			}
			b.WriteString(k.String())
		}
		if len(g.Keys) > 5 {
			fmt.Fprintf(&b, " 等，另有 %d 行", len(g.Keys)-5)
		}
		b.WriteString("）")
	}
	return b.String()
}
