package gmm

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// checkParsed fails the fuzz test when a parsed instrument group breaks the parser's contract:
// at least one variable, no empty or non-UTF-8 name, 0 ≤ MinLag, and MinLag ≤ MaxLag unless
// MaxLag is AllLags (allowed only when allLags is true).
func checkParsed(t *testing.T, input string, vars [][]string, minLags, maxLags []int, allLags bool) {
	t.Helper()
	for i := range vars {
		if len(vars[i]) == 0 {
			t.Fatalf("%q: group %d has no variables", input, i)
		}
		for _, v := range vars[i] {
			if v == "" || !utf8.ValidString(v) {
				t.Fatalf("%q: group %d has the variable name %q", input, i, v)
			}
		}
		if minLags[i] < 0 {
			t.Fatalf("%q: group %d has the minimum lag %d", input, i, minLags[i])
		}
		if maxLags[i] == AllLags {
			if !allLags {
				t.Fatalf("%q: group %d has no maximum lag", input, i)
			}
			continue
		}
		if maxLags[i] < minLags[i] {
			t.Fatalf("%q: group %d has the lag range %d:%d", input, i, minLags[i], maxLags[i])
		}
	}
}

// checkParseError fails the fuzz test when an error is not a *ParseError whose position lies
// within the input or just after it. Pos counts characters, so len(input)+1 bytes bounds it.
func checkParseError(t *testing.T, input string, err error) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("%q: error of type %T, not *ParseError: %v", input, err, err)
	}
	if pe.Pos < 1 || pe.Pos > len(input)+1 {
		t.Fatalf("%q: error position %d outside the input: %v", input, pe.Pos, err)
	}
}

// FuzzParseGMM checks that ParseGMM never panics, returns a *ParseError on failure and
// otherwise only valid GMM-style groups.
func FuzzParseGMM(f *testing.F) {
	for _, seed := range []string{"y 2:.", "y 2:99, x 2:4 collapse", "w k 3:5 eq(diff)", "y 2",
		"n w k 2:. eq(level)", ", ,", "y 2:1", "y -1:3", "y 2:. collapse collapse", "y eq(both) 2:3",
		"收入 2:.", "y 99999999999999999999:.", "y 2:.,"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		groups, err := ParseGMM(s)
		if err != nil {
			checkParseError(t, s, err)
			return
		}
		vars, minLags, maxLags := make([][]string, len(groups)), make([]int, len(groups)), make([]int, len(groups))
		for i, g := range groups {
			vars[i], minLags[i], maxLags[i] = g.Vars, g.MinLag, g.MaxLag
		}
		checkParsed(t, s, vars, minLags, maxLags, true)
	})
}

// FuzzParseIV checks that ParseIV never panics, returns a *ParseError on failure and otherwise
// only valid IV-style groups with a finite maximum lag.
func FuzzParseIV(f *testing.F) {
	for _, seed := range []string{"w k", "w k, ys 0:1 eq(level)", "x 1", "x 0:.", "x collapse",
		"x eq(diff", "x 3:2", "a b c 0:0 eq(both), d"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		groups, err := ParseIV(s)
		if err != nil {
			checkParseError(t, s, err)
			return
		}
		vars, minLags, maxLags := make([][]string, len(groups)), make([]int, len(groups)), make([]int, len(groups))
		for i, g := range groups {
			vars[i], minLags[i], maxLags[i] = g.Vars, g.MinLag, g.MaxLag
		}
		checkParsed(t, s, vars, minLags, maxLags, false)
	})
}
