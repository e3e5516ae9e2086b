package formula

import (
	"errors"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, that every error is a *SyntaxError with a position
// inside the formula (or one past its end), and that a formula that parses prints to text that
// parses to the same syntax tree.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"y ~ x",
		"cp ~ balance + | year",
		"log(y) ~ L(x, 1:3) + F(x, 1) + D(x) + x1:x2 + x1*x2 + i(region) + i(region, x, ref = \"East\") | fe1 + fe2",
		"y ~ 0 + (a + b)*c - 1 | a^b",
		"共同富裕 ~ `GDP (亿元)` + i(省份, ref = '北京')",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		parsed, err := Parse(src)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q): error %T is not a *SyntaxError: %v", src, err, err)
			}
			if n := utf8.RuneCountInString(src); se.Pos < 1 || se.Pos > n+1 {
				t.Fatalf("Parse(%q): position %d outside 1..%d", src, se.Pos, n+1)
			}
			_ = se.Error()
			return
		}
		printed := parsed.String()
		again, err := Parse(printed)
		if err != nil {
			t.Fatalf("Parse(%q) printed as %q, which does not parse: %v", src, printed, err)
		}
		if !reflect.DeepEqual(parsed, again) {
			t.Fatalf("Parse(%q) printed as %q, which parses to %s", src, printed, again)
		}
	})
}
