package table

import (
	"sort"
	"unicode"
)

// runeRange is an inclusive range of code points.
type runeRange struct{ lo, hi rune }

func inRanges(r rune, ranges []runeRange) bool {
	i := sort.Search(len(ranges), func(i int) bool { return ranges[i].hi >= r })
	return i < len(ranges) && ranges[i].lo <= r
}

// runeWidth returns the number of terminal columns r takes: 0 for combining marks, format characters and
// Hangul medial and final jamo, 2 for East Asian Wide and Fullwidth characters, 2 for Ambiguous ones when
// ambiguousWide is set, and 1 otherwise.
func runeWidth(r rune, ambiguousWide bool) int {
	switch {
	case r == 0:
		return 0
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	case r >= 0x1160 && r <= 0x11FF:
		return 0
	case inRanges(r, wideRanges):
		return 2
	case ambiguousWide && inRanges(r, ambiguousRanges):
		return 2
	}
	return 1
}

// displayWidth returns the number of terminal columns s takes.
func displayWidth(s string, ambiguousWide bool) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r, ambiguousWide)
	}
	return n
}
