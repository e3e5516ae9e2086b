package textcol

import (
	"strings"
	"testing"
	"text/tabwriter"
)

func TestWidth(t *testing.T) {
	cases := []struct {
		text string
		want int
	}{
		{"", 0},
		{"x1", 2},
		{"人均收入", 8},
		{"L(人均, 1)", 10},
		{"ＧＤＰ", 6},     // fullwidth Latin letters
		{"e\u0301", 1}, // e with a combining acute accent
		{"—", 1},       // East Asian Ambiguous counts as one
	}
	for _, c := range cases {
		if got := Width(c.text); got != c.want {
			t.Errorf("Width(%q) = %d, want %d", c.text, got, c.want)
		}
	}
}

// Each line of a right-aligned table ends its columns at the same terminal column, Chinese cells
// included.
func TestTableAlignsChineseCells(t *testing.T) {
	tb := Table{Padding: 2}
	tb.Row("term", "estimate")
	tb.Row("人均收入", "-0.146")
	tb.Row("x", "0.94")
	lines := strings.Split(strings.TrimSuffix(tb.String(), "\n"), "\n")
	want := []string{
		"      term  estimate",
		"  人均收入    -0.146",
		"         x      0.94",
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), tb.String())
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i+1, lines[i], want[i])
		}
	}
}

// Without wide characters the layout is that of text/tabwriter with AlignRight, so ASCII output
// does not change when a printer moves from tabwriter to Table.
func TestTableMatchesTabwriterForASCII(t *testing.T) {
	rows := [][]string{{"", "Coef.", "Std. Err."}, {"L.n", "0.474151", "0.185398"}, {"w", "-0.5", "0.1"}}
	var want strings.Builder
	tw := tabwriter.NewWriter(&want, 0, 4, 2, ' ', tabwriter.AlignRight)
	tb := Table{Padding: 2}
	for _, row := range rows {
		tw.Write([]byte(strings.Join(row, "\t") + "\t\n"))
		tb.Row(row...)
	}
	tw.Flush()
	if got := tb.String(); got != want.String() {
		t.Errorf("Table:\n%s\ntabwriter:\n%s", got, want.String())
	}
}

// With Left, cells start at their column and the last cell of a row is not padded.
func TestTableLeftAligned(t *testing.T) {
	tab := Table{Padding: 2, Left: true}
	tab.Row("变量", "n")
	tab.Row("gdp", "510")
	if got, want := tab.String(), "变量  n\ngdp   510\n"; got != want {
		t.Errorf("left-aligned table:\n%q\nwant\n%q", got, want)
	}
}
