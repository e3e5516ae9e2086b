package table

import (
	"fmt"
	"strings"
)

// Lang is the language of a table's fixed texts and labels.
type Lang int

// The supported languages. The zero value is Chinese.
const (
	Zh Lang = iota // Chinese (简体中文), the default
	En             // English
)

// String returns the language tag, "zh" or "en".
func (l Lang) String() string {
	switch l {
	case Zh:
		return "zh"
	case En:
		return "en"
	}
	return fmt.Sprintf("Lang(%d)", int(l))
}

func (l Lang) valid() bool { return l == Zh || l == En }

// Label is the Chinese and English display text of one code: a variable, a fixed effect or a statistic key.
type Label struct {
	Zh string
	En string
}

// In returns the text in the language l, or "" when that text is empty.
func (lb Label) In(l Lang) string {
	if l == En {
		return lb.En
	}
	return lb.Zh
}

// Labels maps codes (variable names such as "balance", fixed-effect names, statistic keys) to display texts.
type Labels map[string]Label

// Lookup returns the display text of code in language l. It tries, in order: the entry of code in ls, the
// built-in labels of this package (statistic keys such as "N" and "r2", "_cons", descriptive-table headers),
// and for an interaction "a:b" the labels of its parts joined by " × ". Failing all of these it returns code.
// An entry whose text in l is empty counts as missing.
func (ls Labels) Lookup(code string, l Lang) string {
	if text := ls.find(code, l); text != "" {
		return text
	}
	if strings.Contains(code, ":") {
		parts := strings.Split(code, ":")
		for i, part := range parts {
			if text := ls.find(part, l); text != "" {
				parts[i] = text
			}
		}
		return strings.Join(parts, " × ")
	}
	return code
}

func (ls Labels) find(code string, l Lang) string {
	if text := ls[code].In(l); text != "" {
		return text
	}
	return builtinLabels[code].In(l)
}

// builtinLabels are the labels of the statistic keys, intercept names and header codes that the project's
// estimators and grids use. A caller's Labels entry overrides any of them.
var builtinLabels = Labels{
	"N":           {"观测值", "N"},
	"r2":          {"R²", "R²"},
	"r2_adj":      {"调整R²", "Adj. R²"},
	"r2_within":   {"组内R²", "Within R²"},
	"r2_pseudo":   {"伪R²", "Pseudo R²"},
	"F":           {"F值", "F"},
	"clusters":    {"聚类数", "Clusters"},
	"groups":      {"组数", "Groups"},
	"instruments": {"工具变量数", "Instruments"},
	"ar1p":        {"AR(1) p值", "AR(1) p-value"},
	"ar2p":        {"AR(2) p值", "AR(2) p-value"},
	"hansen_p":    {"Hansen检验p值", "Hansen test p-value"},
	"sargan_p":    {"Sargan检验p值", "Sargan test p-value"},
	"_cons":       {"常数项", "Constant"},
	"(Intercept)": {"常数项", "Constant"},
	"variable":    {"变量", "Variable"},
	"mean":        {"均值", "Mean"},
	"sd":          {"标准差", "Std. dev."},
	"min":         {"最小值", "Min"},
	"max":         {"最大值", "Max"},
	"vif":         {"VIF", "VIF"},
	"inv_vif":     {"1/VIF", "1/VIF"},
}

// texts are the fixed words of a table in each language.
type texts struct {
	present      string // indicator cell of an included fixed effect or control set
	absent       string // indicator cell of an excluded one, shown when Regression.ShowAbsent is set
	controls     string // row label of the hidden-controls indicator
	depVar       string // stub of the dependent-variable header row
	fixedEffect  string // suffix appended to a fixed-effect label: 年份 + 固定效应, Year + " FE"
	notePrefix   string // written before the first note
	parenT       string
	parenSE      string
	parenP       string
	starListSep  string // between star symbols or levels in the star note, except the last pair
	starListLast string // between the last two
}

var textsByLang = map[Lang]texts{
	Zh: {
		present:      "控制",
		absent:       "否",
		controls:     "控制变量",
		depVar:       "被解释变量",
		fixedEffect:  "固定效应",
		notePrefix:   "注：",
		parenT:       "括号内为t值",
		parenSE:      "括号内为标准误",
		parenP:       "括号内为p值",
		starListSep:  "、",
		starListLast: "和",
	},
	En: {
		present:      "Yes",
		absent:       "No",
		controls:     "Controls",
		depVar:       "Dependent variable",
		fixedEffect:  " FE",
		notePrefix:   "Note: ",
		parenT:       "t statistics in parentheses",
		parenSE:      "standard errors in parentheses",
		parenP:       "p-values in parentheses",
		starListSep:  ", ",
		starListLast: ", ",
	},
}
