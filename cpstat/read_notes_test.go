package cpstat

import (
	"strings"
	"testing"
)

// Cells that become numbers only after conversion are noted: thousands separators, and
// percentages under a chosen scale.
func TestReadNotesConvertedCells(t *testing.T) {
	text := "id,year,gdp,share\nA,2001,\"1,234.5\",12.5%\nA,2002,880,3%\nB,2001,\"29,492\",50%\n"
	tb := readString(t, text, WithPercent(PercentAsFraction))
	notes := strings.Join(tb.Notes, "\n")
	for _, want := range []string{`column "gdp": read 2 numbers with thousands separators, such as "1,234.5"`,
		`column "share": read 3 percentages as fractions, such as "12.5%" as 0.125`} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}

	tb = readString(t, text, WithPercent(PercentAsNumber))
	if want := `column "share": read 3 percentages as numbers without the % sign`; !strings.Contains(strings.Join(tb.Notes, "\n"), want) {
		t.Errorf("notes lack %q:\n%s", want, tb.Notes)
	}
}
