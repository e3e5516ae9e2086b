package cpstat

import (
	"errors"
	"strings"
	"testing"
)

// Text in a key column is not offered the missing-value remedy, which would drop the row's identity.
func TestMixedKeyColumnHint(t *testing.T) {
	csv := "province,year,gdp\nBJ,2001年,1.5\nBJ,2002,2.5\nBJ,2003,2.5\n"
	_, err := ReadCSVFrom(strings.NewReader(csv), "year.csv", WithKeys("province", "year"))
	var cell *CellError
	if !errors.As(err, &cell) {
		t.Fatalf("error = %v, want a *CellError", err)
	}
	for _, s := range cell.Hint.Suggestions {
		if s.Setting == SettingMissingValues {
			t.Errorf("hint suggests listing the key text as missing: %+v", cell.Hint)
		}
	}
	if !strings.Contains(cell.Hint.Action, "whole number") {
		t.Errorf("hint action = %q, want advice to write periods as whole numbers", cell.Hint.Action)
	}
}

// A lone text cell in the first data row is taken for a units row, and the header-rows remedy comes first.
func TestUnitsRowHint(t *testing.T) {
	csv := "province,year,gdp\n,,亿元\nBJ,2001,1.5\nBJ,2002,2.5\n"
	_, err := ReadCSVFrom(strings.NewReader(csv), "units.csv")
	var cell *CellError
	if !errors.As(err, &cell) {
		t.Fatalf("error = %v, want a *CellError", err)
	}
	if len(cell.Hint.Suggestions) == 0 || cell.Hint.Suggestions[0].Setting != SettingHeaderRows {
		t.Errorf("hint = %+v, want the header-rows remedy first", cell.Hint)
	}
}
