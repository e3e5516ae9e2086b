package cpstat

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The paper's system on a panel without three of its columns reports all three at once, with the
// indicator, the column and the setting that maps it, and wraps ErrColumnNotFound.
func TestIndicatorColumnsErrorListsAll(t *testing.T) {
	sys, err := PaperIndicatorSystem()
	if err != nil {
		t.Fatal(err)
	}
	var dropped []string
	for _, ind := range sys.Indicators {
		if ind.Status != IndicatorMissing && len(dropped) < 3 && !slices.Contains(dropped, ind.Column) {
			dropped = append(dropped, ind.Column)
		}
	}
	p, err := EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	var keep []string
	for _, name := range p.Names() {
		if !slices.Contains(dropped, name) {
			keep = append(keep, name)
		}
	}
	p, err = NewPanel(p.DataFrame().Select(keep), p.EntityColumn(), p.TimeColumn())
	if err != nil {
		t.Fatal(err)
	}

	_, err = EntropyIndex(p, sys, IndexOptions{Missing: IndexCompleteIndicators})
	var ice *IndicatorColumnsError
	if !errors.As(err, &ice) {
		t.Fatalf("error %v, want an *IndicatorColumnsError", err)
	}
	if !errors.Is(err, ErrColumnNotFound) {
		t.Errorf("error %v does not wrap ErrColumnNotFound", err)
	}
	msg := FormatError(err, flagNamer)
	for _, column := range dropped {
		if !strings.Contains(msg, fmt.Sprintf("(column %q", column)) {
			t.Errorf("message %q does not name column %q", msg, column)
		}
	}
	if want := fmt.Sprintf("--setting%d", int(SettingIndicatorColumn)); !strings.Contains(msg, want) {
		t.Errorf("message %q does not name the setting that maps indicators", msg)
	}
}
