package replicate

import (
	"context"
	"encoding/csv"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/plots"
)

// baselineRun returns a run of the baseline chapter alone on panel, writing into a temporary folder.
func baselineRun(t *testing.T, panel *cpstat.Panel, lang plots.Lang) *Run {
	t.Helper()
	labels, err := cpstat.CodebookLabels()
	if err != nil {
		t.Fatal(err)
	}
	return &Run{Ctx: context.Background(), Config: Config{Out: t.TempDir(), Lang: lang}, Panel: panel, Labels: labels,
		chapter: "baseline", timings: map[string]time.Duration{}, sheets: map[string]bool{}, log: io.Discard}
}

// baselineBeta is the effect of balance in the synthetic cp of withBaselineCP.
const baselineBeta = 0.5

// withBaselineCP adds a synthetic cp to the embedded panel: baselineBeta·balance plus a province effect,
// a common trend of 0.02 a year and noise with sd 0.05, from a fixed seed.
func withBaselineCP(t *testing.T) *cpstat.Panel {
	t.Helper()
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	balance, err := p.Float("balance")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(20231201, 30))
	effect := map[string]float64{}
	cp := make([]float64, p.Len())
	for i, k := range p.Keys() {
		if _, ok := effect[k.Entity]; !ok {
			effect[k.Entity] = rng.NormFloat64()
		}
		cp[i] = baselineBeta*balance[i] + effect[k.Entity] + 0.02*float64(k.Time-2000) + 0.05*rng.NormFloat64()
	}
	q, err := p.With("cp", cp)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// readTableCSV reads tables/NAME.csv of a run, which starts with a byte-order mark.
func readTableCSV(t *testing.T, r *Run, name string) [][]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(r.Config.Out, "tables", name+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff")))
	rd.FieldsPerRecord = -1
	records, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

// findRow returns the first record whose first field starts with label.
func findRow(t *testing.T, records [][]string, label string) []string {
	t.Helper()
	for _, rec := range records {
		if strings.HasPrefix(rec[0], label) {
			return rec
		}
	}
	t.Fatalf("no row %q in %q", label, records)
	return nil
}

// Without cp the chapter records a note naming the missing column and writes nothing.
func TestBaselineWithoutCPNotes(t *testing.T) {
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	r := baselineRun(t, p, plots.English)
	if err := runBaseline(r); err != nil {
		t.Fatal(err)
	}
	if len(r.outputs) != 0 {
		t.Errorf("wrote %d outputs without cp", len(r.outputs))
	}
	if len(r.notes) != 1 || !strings.Contains(r.notes[0].Text, "no cp") || !strings.Contains(r.notes[0].Text, "--vars cp=COLUMN") {
		t.Errorf("notes %+v, want one naming cp and how to supply it", r.notes)
	}
}

// With a synthetic cp the chapter writes Tables 2 and 3. Each Table 3 cell must equal the model it
// stands for estimated directly, the two-way columns must recover the simulated effect, and the notes
// must state the standard-error convention and the proxies.
func TestBaselineTables(t *testing.T) {
	r := baselineRun(t, withBaselineCP(t), plots.English)
	if err := runBaseline(r); err != nil {
		t.Fatal(err)
	}
	if len(r.outputs) != 2 || r.outputs[0].Name != "table2_descriptives_vif" || r.outputs[1].Name != "table3_baseline" {
		t.Fatalf("outputs %+v, want table2_descriptives_vif and table3_baseline", r.outputs)
	}

	table3 := readTableCSV(t, r, "table3_baseline")
	balanceRow := findRow(t, table3, r.Label("balance"))
	nRow := findRow(t, table3, "N")
	for i, s := range baselineSpecs {
		res, err := cpstat.Estimate(r.Panel, baselineFormula("cp", "balance", r.Controls(), "province", "year", s), baselineOptions("province")...)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := res.Coef("balance")
		cell := strings.TrimRight(balanceRow[i+1], "*")
		if want := strconv.FormatFloat(c.Estimate, 'f', 3, 64); cell != want {
			t.Errorf("column (%d) balance = %q, want %q", i+1, cell, want)
		}
		if nRow[i+1] != strconv.Itoa(res.N) {
			t.Errorf("column (%d) N = %q, want %d", i+1, nRow[i+1], res.N)
		}
		// Two-way columns: the simulated effect within 4 standard errors (the year trend is absorbed;
		// with province effects only, the trend biases the estimate, so those columns are not checked).
		if s.year && math.Abs(c.Estimate-baselineBeta) > 4*c.StdError {
			t.Errorf("column (%d): balance %.4f (SE %.4f), want %.1f within 4 SE", i+1, c.Estimate, c.StdError, baselineBeta)
		}
	}
	if n := nRow[1:5]; n[0] != "510" || n[2] != "390" {
		t.Errorf("N row %q: want 510 without controls and 390 with them (expen starts in 2005)", n)
	}
	year := findRow(t, table3, "Year FE")
	province := findRow(t, table3, "Province FE")
	if year[1] != "" || year[2] != "Yes" || province[1] != "Yes" || province[3] != "Yes" {
		t.Errorf("FE rows %q and %q, want year in columns 2 and 4, province in all", year, province)
	}

	text := strings.Join(flattenRecords(table3), "\n")
	for _, want := range []string{"clustered by province (G = 30)", "(2) K = 18", "t(G−1)", "Proxies in the public data: balance",
		"Controls missing from the public data and left out of the models: finan"} {
		if !strings.Contains(text, want) {
			t.Errorf("Table 3 notes lack %q:\n%s", want, text)
		}
	}

	table2 := readTableCSV(t, r, "table2_descriptives_vif")
	cpRow, balanceRow2 := findRow(t, table2, r.Label("cp")), findRow(t, table2, r.Label("balance"))
	if cpRow[1] != "390" || cpRow[6] != "" || balanceRow2[6] == "" {
		t.Errorf("Table 2 rows %q and %q: want N = 390, no VIF for cp and a VIF for balance", cpRow, balanceRow2)
	}
	if !strings.Contains(strings.Join(baselineNoteTexts(r), "\n"), "the largest VIF is") {
		t.Errorf("no note on the largest VIF: %+v", r.notes)
	}
}

func flattenRecords(records [][]string) []string {
	var out []string
	for _, rec := range records {
		out = append(out, strings.Join(rec, " "))
	}
	return out
}

func baselineNoteTexts(r *Run) []string {
	var out []string
	for _, n := range r.notes {
		out = append(out, n.Text)
	}
	return out
}

// The chapter follows Config.Vars: with cp stored under another name, the tables use that column and
// the proxy note leaves out variables the user mapped.
func TestBaselineMappedColumns(t *testing.T) {
	p := withBaselineCP(t)
	cp, err := p.Float("cp")
	if err != nil {
		t.Fatal(err)
	}
	q, err := p.With("my_cp", cp)
	if err != nil {
		t.Fatal(err)
	}
	r := baselineRun(t, q, plots.Chinese)
	r.Config.Vars = map[string]string{"cp": "my_cp", "balance": "post2003_cw"}
	if err := runBaseline(r); err != nil {
		t.Fatal(err)
	}
	table3 := readTableCSV(t, r, "table3_baseline")
	text := strings.Join(flattenRecords(table3), "\n")
	if !strings.Contains(text, r.Label("post2003_cw")) {
		t.Errorf("Table 3 does not show the mapped policy column:\n%s", text)
	}
	if strings.Contains(text, "balance（") || !strings.Contains(text, "expen（") {
		t.Errorf("the proxy note should name expen but not balance, which the user mapped:\n%s", text)
	}
}
