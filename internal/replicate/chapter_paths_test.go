package replicate

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/plots"
)

// Table 5 has the two path models and the three prosperity terciles. The full model has 390 rows
// (expen starts in 2005), so the terciles are 3 × 130 before singletons, and columns (1) and (2) equal
// the models estimated directly.
func TestPathsTable5(t *testing.T) {
	r := furtherRun(t, withStudyColumns(t), plots.English, "paths")
	if err := runPaths(r); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(furtherOutputs(r), " "); got != "table5_paths" {
		t.Fatalf("outputs %q, want table5_paths", got)
	}
	table5 := readTableCSV(t, r, "table5_paths")
	balanceRow := findRow(t, table5, r.Label("balance"))
	nRow := findRow(t, table5, "N")
	if len(nRow) != 6 {
		t.Fatalf("N row %q, want 5 columns", nRow)
	}

	controls := r.Controls()
	for i, y := range []string{"prosperity", "commonality"} {
		res, err := cpstat.Estimate(r.Panel, baselineFormula(y, "balance", controls, "province", "year", baselineSpec{controls: true, year: true}), baselineOptions("province")...)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := res.Coef("balance")
		if got := furtherCell(t, balanceRow[i+1]); math.Abs(got-c.Estimate) > 0.0005 {
			t.Errorf("column (%d) %s: table %v, direct %.4f", i+1, y, got, c.Estimate)
		}
		if nRow[i+1] != strconv.Itoa(res.N) {
			t.Errorf("column (%d): N %q, want %d", i+1, nRow[i+1], res.N)
		}
	}
	for _, cell := range nRow[3:6] {
		n, err := strconv.Atoi(cell)
		if err != nil || n > 130 || n < 125 {
			t.Errorf("tercile N %q, want 130 less a few singletons", cell)
		}
	}

	text := strings.Join(flattenRecords(table5), "\n")
	for _, want := range []string{"rows per group 130/130/130", "Stata's xtile", "truncated on the outcome", "Low prosperity", "High prosperity"} {
		if !strings.Contains(text, want) {
			t.Errorf("Table 5 lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(furtherNotes(r), "Table 5: Hong, Jiang and Liu (2023) report (1) 0.046***") {
		t.Errorf("notes lack the paper's Table 5:\n%s", furtherNotes(r))
	}
}

func TestPathsWithoutSubIndicesNotes(t *testing.T) {
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	r := furtherRun(t, p, plots.English, "paths")
	if err := runPaths(r); err != nil {
		t.Fatal(err)
	}
	notes := furtherNotes(r)
	if len(r.outputs) != 0 || !strings.Contains(notes, "prosperity (column prosperity; log prosperity sub-index") ||
		!strings.Contains(notes, "commonality (column commonality") {
		t.Errorf("outputs %v; notes:\n%s\nwant no output and a note naming both sub-indices", furtherOutputs(r), notes)
	}
}
