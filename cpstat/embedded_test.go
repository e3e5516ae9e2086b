package cpstat

import "testing"

// The embedded panel is the 30 sample provinces × 2000–2017 with no duplicate keys.
func TestEmbeddedPanelShape(t *testing.T) {
	p, err := EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(p.Entities()); got != 30 {
		t.Errorf("entities = %d, want 30", got)
	}
	if p.Len() != 30*18 {
		t.Errorf("rows = %d, want 540", p.Len())
	}
	if !p.Balanced() {
		t.Error("embedded panel is not balanced")
	}
	bj, err := p.Float("gdp")
	if err != nil {
		t.Fatal(err)
	}
	// Beijing 2010 nominal GDP, 14113.58 (100 million yuan), China Statistical Yearbook 2011 (unrevised).
	row := p.Row(RowKey{Entity: "BJ", Time: 2010})
	if row < 0 || bj[row] != 14113.58 {
		t.Errorf("Beijing 2010 gdp = %v (row %d), want 14113.58", bj[max(row, 0)], row)
	}
}

func TestCodebookLabelsCoverPaperVariables(t *testing.T) {
	labels, err := CodebookLabels()
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"cp", "balance", "capital", "tfp", "gdp"} {
		if labels[code].Zh == "" || labels[code].En == "" {
			t.Errorf("label for %s = %+v, want both languages", code, labels[code])
		}
	}
}
