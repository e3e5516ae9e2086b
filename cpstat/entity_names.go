package cpstat

import (
	"strings"
	"unicode"

	"github.com/cpstat/cpstat/cpstat/province"
)

// adminSuffixes are the words that Chinese and English spellings of a county, city or district name
// may end in, longest first, so that 安平 and 安平县 or Anping and Anping County compare equal.
var adminSuffixes = []string{
	"自治县", "自治州", "自治旗", "林区", "特区", "地区", "县", "市", "区", "旗", "州", "盟",
	"county", "city", "district", "prefecture",
}

// entityStem folds a name to compare spellings: lower case, without spaces, and without one
// administrative word at its end.
func entityStem(name string) string {
	var b strings.Builder
	for _, r := range name {
		if !unicode.IsSpace(r) && r != '\u3000' {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	k := b.String()
	for _, suffix := range adminSuffixes {
		if len(k) > len(suffix) && strings.HasSuffix(k, suffix) {
			return strings.TrimSuffix(k, suffix)
		}
	}
	return k
}

// SimilarEntities returns the groups of names that differ only by an administrative word at the end
// or by spaces and case, such as 安平 and 安平县. A panel counts them as two units, which is usually a
// spelling slip in the data. Groups keep the order of first appearance.
func SimilarEntities(names []string) [][]string {
	groups := map[string][]string{}
	var order []string
	for _, n := range names {
		k := entityStem(n)
		if len(groups[k]) == 0 {
			order = append(order, k)
		}
		groups[k] = append(groups[k], n)
	}
	var out [][]string
	for _, k := range order {
		if len(groups[k]) > 1 {
			out = append(out, groups[k])
		}
	}
	return out
}

// EntityNameZh returns the short Chinese name of a province code or spelling (福建 for FJ), for Chinese
// prose, and any other entity as it is.
func EntityNameZh(entity string) string {
	if p, ok := province.Lookup(entity); ok {
		return p.Short
	}
	return entity
}
