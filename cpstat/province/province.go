// Package province maps the many spellings of mainland Chinese provincial units to one code and gives the
// NBS three-belt regional split.
//
// Yearbook exports name provinces in several forms: the short Chinese name (北京), the full name (北京市,
// 内蒙古自治区), pinyin or English (Beijing, Inner Mongolia, Nei Mongol) and two-letter abbreviations (BJ).
// Lookup folds case, spaces, hyphens and apostrophes, so "Inner-Mongolia" and "inner mongolia" match.
package province

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/cpstat/cpstat/internal/textdist"
)

// Region is one belt of the National Bureau of Statistics East/Central/West split.
type Region int

// The three belts. Tibet is West; the study sample drops it.
const (
	East Region = iota + 1
	Central
	West
)

// String returns the English name of the region.
func (r Region) String() string {
	switch r {
	case East:
		return "East"
	case Central:
		return "Central"
	case West:
		return "West"
	}
	return fmt.Sprintf("Region(%d)", int(r))
}

// Chinese returns the Chinese name of the region (东部, 中部, 西部).
func (r Region) Chinese() string {
	switch r {
	case East:
		return "东部"
	case Central:
		return "中部"
	case West:
		return "西部"
	}
	return r.String()
}

// Province is one provincial-level unit.
type Province struct {
	Code     string // two-letter abbreviation, e.g. "BJ"; the canonical key
	GB       int    // GB/T 2260 administrative division prefix, e.g. 11 for Beijing
	Short    string // short Chinese name, e.g. "北京"
	Full     string // full Chinese name, e.g. "北京市"
	English  string // English name as the NBS English yearbook spells it, e.g. "Inner Mongolia"
	Region   Region
	Aliases  []string // further accepted spellings
	InSample bool     // part of the 30-province study sample (all but Tibet)
}

// All lists the 31 mainland provincial units in NBS order (Beijing … Xinjiang).
var All = []Province{
	{"BJ", 11, "北京", "北京市", "Beijing", East, nil, true},
	{"TJ", 12, "天津", "天津市", "Tianjin", East, nil, true},
	{"HE", 13, "河北", "河北省", "Hebei", East, nil, true},
	{"SX", 14, "山西", "山西省", "Shanxi", Central, nil, true},
	{"NM", 15, "内蒙古", "内蒙古自治区", "Inner Mongolia", West, []string{"内蒙", "Nei Mongol", "Nei Monggol", "Neimenggu", "Neimeng", "IM"}, true},
	{"LN", 21, "辽宁", "辽宁省", "Liaoning", East, nil, true},
	{"JL", 22, "吉林", "吉林省", "Jilin", Central, nil, true},
	{"HL", 23, "黑龙江", "黑龙江省", "Heilongjiang", Central, []string{"HLJ"}, true},
	{"SH", 31, "上海", "上海市", "Shanghai", East, nil, true},
	{"JS", 32, "江苏", "江苏省", "Jiangsu", East, nil, true},
	{"ZJ", 33, "浙江", "浙江省", "Zhejiang", East, nil, true},
	{"AH", 34, "安徽", "安徽省", "Anhui", Central, nil, true},
	{"FJ", 35, "福建", "福建省", "Fujian", East, nil, true},
	{"JX", 36, "江西", "江西省", "Jiangxi", Central, nil, true},
	{"SD", 37, "山东", "山东省", "Shandong", East, nil, true},
	{"HA", 41, "河南", "河南省", "Henan", Central, nil, true},
	{"HB", 42, "湖北", "湖北省", "Hubei", Central, nil, true},
	{"HN", 43, "湖南", "湖南省", "Hunan", Central, nil, true},
	{"GD", 44, "广东", "广东省", "Guangdong", East, nil, true},
	{"GX", 45, "广西", "广西壮族自治区", "Guangxi", West, []string{"Guangxi Zhuang", "Guangxi Zhuang Autonomous Region"}, true},
	{"HI", 46, "海南", "海南省", "Hainan", East, nil, true},
	{"CQ", 50, "重庆", "重庆市", "Chongqing", West, nil, true},
	{"SC", 51, "四川", "四川省", "Sichuan", West, nil, true},
	{"GZ", 52, "贵州", "贵州省", "Guizhou", West, nil, true},
	{"YN", 53, "云南", "云南省", "Yunnan", West, nil, true},
	{"XZ", 54, "西藏", "西藏自治区", "Tibet", West, []string{"Xizang"}, false},
	{"SN", 61, "陕西", "陕西省", "Shaanxi", West, nil, true},
	{"GS", 62, "甘肃", "甘肃省", "Gansu", West, nil, true},
	{"QH", 63, "青海", "青海省", "Qinghai", West, nil, true},
	{"NX", 64, "宁夏", "宁夏回族自治区", "Ningxia", West, []string{"Ningxia Hui", "Ningxia Hui Autonomous Region"}, true},
	{"XJ", 65, "新疆", "新疆维吾尔自治区", "Xinjiang", West, []string{"Xinjiang Uygur", "Xinjiang Uyghur", "Xinjiang Uygur Autonomous Region"}, true},
}

var index = buildIndex()

// key folds a spelling to its lookup form: lower case, with spaces, hyphens, underscores, dots and
// apostrophes removed. Chinese characters are kept as they are.
func key(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsSpace(r), r == '-', r == '_', r == '.', r == '\'', r == '’', r == '\u3000':
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func buildIndex() map[string]int {
	m := make(map[string]int)
	add := func(name string, i int) {
		k := key(name)
		if j, dup := m[k]; dup && j != i {
			panic(fmt.Sprintf("province: spelling %q maps to both %s and %s", name, All[j].Code, All[i].Code))
		}
		m[k] = i
	}
	for i, p := range All {
		add(p.Code, i)
		add(fmt.Sprint(p.GB), i)
		add(p.Short, i)
		add(p.Full, i)
		add(p.English, i)
		add(p.English+" Province", i)
		for _, a := range p.Aliases {
			add(a, i)
		}
	}
	return m
}

// suffixes are the administrative and ethnic words that official, English and pinyin spellings add to a
// province name, longest first: 广西壮族自治区, Guangxi Zhuang Autonomous Region, Guangxi Zhuangzu Zizhiqu,
// Beijing Municipality, Hebei Sheng. Lookup strips them one at a time from the end.
var suffixes = []string{
	"specialadministrativeregion", "autonomousregion", "municipality", "province", "zizhiqu", "sheng", "city", "shi",
	"zhuangzu", "zhuang", "huizu", "hui", "weiwuer", "uygur", "uyghur",
	"自治区", "壮族", "回族", "维吾尔", "省", "市",
}

// Lookup returns the province a spelling names. The second result is false for an unknown spelling.
// Besides the names listed in All, it accepts them followed by administrative words (省, 自治区,
// Province, Autonomous Region, Municipality, City, Sheng, Shi, Zizhiqu) and ethnic qualifiers (壮族,
// Zhuang, Huizu, Weiwuer, Uygur).
func Lookup(name string) (Province, bool) {
	k := key(name)
	for {
		if i, ok := index[k]; ok {
			return All[i], true
		}
		trimmed := trimSuffix(k)
		if trimmed == k {
			return Province{}, false
		}
		k = trimmed
	}
}

// trimSuffix removes one administrative or ethnic word from the end of a folded spelling.
func trimSuffix(k string) string {
	for _, suffix := range suffixes {
		if len(k) > len(suffix) && strings.HasSuffix(k, suffix) {
			return strings.TrimSuffix(k, suffix)
		}
	}
	return k
}

// stem is a folded spelling with every administrative and ethnic word removed from its end.
func stem(k string) string {
	for {
		trimmed := trimSuffix(k)
		if trimmed == k {
			return k
		}
		k = trimmed
	}
}

// UnknownError reports a spelling that names no province, with the closest known spellings.
type UnknownError struct {
	Name    string
	Closest []string
}

func (e *UnknownError) Error() string {
	msg := fmt.Sprintf("unknown province %q", e.Name)
	if len(e.Closest) > 0 {
		msg += fmt.Sprintf(" (closest: %s)", strings.Join(e.Closest, ", "))
	}
	return msg + "; use a Chinese name (北京 or 北京市), the English name (Beijing) or the two-letter code (BJ)"
}

// Resolve is Lookup with an *UnknownError for an unknown spelling.
func Resolve(name string) (Province, error) {
	if p, ok := Lookup(name); ok {
		return p, nil
	}
	return Province{}, &UnknownError{Name: name, Closest: closest(name, 3)}
}

// Sample returns the 30 provinces of the study sample (all but Tibet) in NBS order.
func Sample() []Province {
	out := make([]Province, 0, 30)
	for _, p := range All {
		if p.InSample {
			out = append(out, p)
		}
	}
	return out
}

// closest returns up to n known English and short Chinese names nearest to name by edit distance.
func closest(name string, n int) []string {
	type cand struct {
		s string
		d int
	}
	k := stem(key(name))
	var cands []cand
	for _, p := range All {
		for _, s := range []string{p.English, p.Short} {
			cands = append(cands, cand{s, textdist.Levenshtein(k, key(s))})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].d < cands[j].d })
	var out []string
	for _, c := range cands {
		if len(out) == n || c.d > len([]rune(k))/2+2 {
			break
		}
		out = append(out, c.s)
	}
	return out
}
