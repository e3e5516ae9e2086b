package table

import (
	"bytes"
	"strings"
	"testing"
)

func TestDisplayWidth(t *testing.T) {
	cases := []struct {
		s            string
		narrow, wide int // width with ambiguous characters narrow and wide
		why          string
	}{
		{"abc", 3, 3, "ASCII"},
		{"共同富裕", 8, 8, "CJK ideographs are Wide"},
		{"（1）", 5, 5, "fullwidth parentheses (2 each) around an ASCII digit"},
		{"注：", 4, 4, "fullwidth colon"},
		{"*、**", 5, 5, "ideographic comma is Wide"},
		{"R²", 2, 3, "superscript two is Ambiguous"},
		{"—", 1, 2, "em dash is Ambiguous"},
		{"e\u0301", 1, 1, "combining acute accent takes no column"},
		{"a\u200bb", 2, 2, "zero width space is a format character"},
		{"ｱ", 1, 1, "halfwidth katakana"},
		{"Ａ", 2, 2, "fullwidth Latin letter"},
		{"한국", 4, 4, "Hangul syllables are Wide"},
		{"😀", 2, 2, "emoji presentation is Wide"},
		{"𠀀", 2, 2, "CJK Extension B"},
	}
	for _, tc := range cases {
		if got := displayWidth(tc.s, false); got != tc.narrow {
			t.Errorf("displayWidth(%q) = %d, want %d (%s)", tc.s, got, tc.narrow, tc.why)
		}
		if got := displayWidth(tc.s, true); got != tc.wide {
			t.Errorf("displayWidth(%q, ambiguous wide) = %d, want %d (%s)", tc.s, got, tc.wide, tc.why)
		}
	}
}

// pointColumns returns the display columns of the "." characters in line.
func pointColumns(line string, ambiguousWide bool) []int {
	var cols []int
	col := 0
	for _, r := range line {
		if r == '.' {
			cols = append(cols, col)
		}
		col += runeWidth(r, ambiguousWide)
	}
	return cols
}

// TestTextCJKAlignment renders the Chinese fixture, whose labels mix Chinese characters (two columns each),
// ASCII and "R²". Every decimal point in the body must sit in one of the three point columns of the first
// coefficient row, and no line may be wider than the rules.
func TestTextCJKAlignment(t *testing.T) {
	for _, ambiguousWide := range []bool{false, true} {
		var b bytes.Buffer
		if err := WriteText(&b, baselineZh(), TextOptions{AmbiguousWide: ambiguousWide}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(b.String(), "\n")
		ruleWidth := len(lines[1])
		if lines[1] != strings.Repeat("=", ruleWidth) {
			t.Fatalf("line 1 %q is not the top rule", lines[1])
		}

		var reference []int
		inBody := false
		for _, line := range lines[2:] {
			if line == strings.Repeat("=", ruleWidth) {
				break
			}
			if w := displayWidth(line, ambiguousWide); w > ruleWidth {
				t.Errorf("line %q is %d columns wide, wider than the %d-column rule", line, w, ruleWidth)
			}
			if line == strings.Repeat("-", ruleWidth) {
				inBody = true
				continue
			}
			if !inBody {
				continue
			}
			points := pointColumns(line, ambiguousWide)
			if strings.HasPrefix(line, "平衡性干预政策") {
				reference = points
				if len(reference) != 3 {
					t.Fatalf("first coefficient row %q has %d points, want 3", line, len(reference))
				}
			}
			for _, p := range points {
				found := false
				for _, r := range reference {
					found = found || p == r
				}
				if !found {
					t.Errorf("ambiguous wide %v: a decimal point of %q is at column %d, not one of %v", ambiguousWide, line, p, reference)
				}
			}
		}
		if reference == nil {
			t.Fatalf("no row for 平衡性干预政策 in\n%s", b.String())
		}
	}
}

// A Chinese column name counts two terminal columns per character, so 人均收入 sets its column to 8
// and the numbers below it are centred in that width.
func TestTextChineseHeader(t *testing.T) {
	g := Grid{
		Header:   [][]Head{{{Text: "省份"}, {Text: "人均收入"}, {Text: "x"}}},
		Rows:     [][]Value{{Text("北京"), Num(1.5), Num(12.25)}, {Text("Tianjin"), Num(10.25), Num(3)}},
		Decimals: []int{0, 2, 2},
	}
	var b bytes.Buffer
	if err := WriteText(&b, g, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"========================",
		"省份     人均收入    x",
		"------------------------",
		"北京       1.50    12.25",
		"Tianjin   10.25     3.00",
		"========================",
		"",
	}, "\n")
	if b.String() != want {
		t.Errorf("text table:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestTextSpanWidensColumns checks that a spanning header wider than its columns widens them, so the rule
// covers it.
func TestTextSpanWidensColumns(t *testing.T) {
	l := &Layout{Columns: 3, Header: []Row{{Cells: []Cell{{}, {Text: "一个很长的被解释变量名称", Span: 2}}}},
		Body: []Row{{Cells: []Cell{{Text: "x"}, {Text: "1"}, {Text: "2"}}}}}
	var b bytes.Buffer
	if err := WriteText(&b, l, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	header := displayWidth(lines[1], false)
	if rule := len(lines[0]); header > rule {
		t.Errorf("header line is %d columns, rule only %d:\n%s", header, rule, b.String())
	}
}
