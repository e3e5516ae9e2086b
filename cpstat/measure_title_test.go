package cpstat

import (
	"testing"

	"github.com/cpstat/cpstat/cpstat/table"
)

// Only the paper's system titles its weight table as the common-prosperity system; a flat system of
// arbitrary columns gets the neutral title.
func TestSystemGridTitle(t *testing.T) {
	p, err := EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	flat, err := EntropyIndex(p, FlatIndicatorSystem("index", []string{"gdp", "open"}, nil), IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := flat.SystemGrid(table.Zh, "").Title; got != "熵权法权重" {
		t.Errorf("flat system title %q, want 熵权法权重", got)
	}
	if got := flat.SystemGrid(table.En, "").Title; got != "Entropy weights" {
		t.Errorf("flat system title %q, want Entropy weights", got)
	}

	sys, err := PaperIndicatorSystem()
	if err != nil {
		t.Fatal(err)
	}
	paper, err := EntropyIndex(p, sys, IndexOptions{Missing: IndexCompleteIndicators})
	if err != nil {
		t.Fatal(err)
	}
	if got := paper.SystemGrid(table.Zh, "").Title; got != "共同富裕指标体系与熵权" {
		t.Errorf("paper system title %q, want 共同富裕指标体系与熵权", got)
	}
}
