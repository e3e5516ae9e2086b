package replicate

import (
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/plots"
)

// On the embedded data Table 6 has tech, industry and market, each on the years it covers within
// 2003–2017 and where expen exists (2005 on): tech 2010–2017 (240 rows), industry and market 2005–2017
// (390). digital is missing, so a note names it and how to supply it, and the table notes name the
// proxies.
func TestTFPMechEmbeddedProxies(t *testing.T) {
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	r := furtherRun(t, p, plots.English, "tfpmech")
	if err := runTFPMech(r); err != nil {
		t.Fatal(err)
	}
	table6 := readTableCSV(t, r, "table6_tfp_mechanisms")
	nRow := findRow(t, table6, "N")
	if got := strings.Join(nRow[1:], " "); got != "240 390 390" {
		t.Errorf("N row %q, want 240 390 390", got)
	}
	text := strings.Join(flattenRecords(table6), "\n")
	for _, want := range []string{
		"tech: N = 240, estimated on 2010–2017 (the variable has values in 2010–2017)",
		"market: N = 390, estimated on 2005–2017 (the variable has values in 2005–2017)",
		"The data have no digital", "public data use proxies: tech (patents granted per 10k residents",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("Table 6 notes lack %q:\n%s", want, text)
		}
	}
	if notes := furtherNotes(r); !strings.Contains(notes, "The digital column of Table 6 was not estimated") || !strings.Contains(notes, "--vars digital=COLUMN") {
		t.Errorf("notes lack the missing digital column:\n%s", notes)
	}
}

// With a digital column the table has all four columns and no note about a missing one.
func TestTFPMechWithDigital(t *testing.T) {
	r := furtherRun(t, withStudyColumns(t), plots.English, "tfpmech")
	if err := runTFPMech(r); err != nil {
		t.Fatal(err)
	}
	table6 := readTableCSV(t, r, "table6_tfp_mechanisms")
	if got := strings.Join(findRow(t, table6, "N")[1:], " "); got != "240 390 390 390" {
		t.Errorf("N row %q, want 240 390 390 390", got)
	}
	if strings.Contains(furtherNotes(r), "not estimated") {
		t.Errorf("a note reports a missing column:\n%s", furtherNotes(r))
	}
}
