package replicate

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/plots"
)

// On the public data the chapter writes no table and records one note per model, each naming the
// missing column and how to supply it.
func TestLabourPublicDataNotes(t *testing.T) {
	p := withStudyColumns(t)
	df := p.DataFrame().Drop([]string{"flo", "domicile_p", "domicile_f"})
	q, err := cpstat.NewPanel(df, "province", "year")
	if err != nil {
		t.Fatal(err)
	}
	r := furtherRun(t, q, plots.English, "labour")
	if err := runLabour(r); err != nil {
		t.Fatal(err)
	}
	if len(r.outputs) != 0 {
		t.Errorf("outputs %v without flo and the thresholds", furtherOutputs(r))
	}
	notes := furtherNotes(r)
	for _, want := range []string{
		"Table 7 (mediation through labour mobility: flo ~ balance; cp ~ balance + flo) was not estimated: the data have no flo",
		"Table 8 columns (1)–(5) (cp quintile groups, cp ~ balance + flo) was not estimated",
		"Table 8 column (6) (moderation by domicile_p) was not estimated: the data have no domicile_p",
		"Table 8 column (7) (moderation by domicile_f) was not estimated",
		"--vars flo=COLUMN", `"vars": {"domicile_f": "COLUMN"}`,
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

// With the simulated flo and thresholds, Table 7 recovers a and b and reports the Sobel test. Table 8
// has five quintile columns of 78 rows (390 / 5) less singletons, then two moderation columns, and the
// domicile_f interaction recovers the simulated θ.
func TestLabourSimulatedTables(t *testing.T) {
	r := furtherRun(t, withStudyColumns(t), plots.English, "labour")
	if err := runLabour(r); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(furtherOutputs(r), " "); got != "table7_labour_mediation table8_labour_groups_moderation" {
		t.Fatalf("outputs %q", got)
	}

	controls := r.Controls()
	model := cpstat.MediationModel{Outcome: "cp", Treatment: "balance", Mediators: []string{"flo"}, Controls: controls,
		FixedEffects: []string{"province", "year"}}
	med, err := cpstat.Mediate(context.Background(), r.Panel, model, cpstat.MediationSettings{Estimate: r.labourSettings()})
	if err != nil {
		t.Fatal(err)
	}
	a, b := med.Paths[0].A, med.Paths[0].B
	if math.Abs(a.Estimate-studyFloOnBalance) > 4*a.StdError || math.Abs(b.Estimate-studyCPOnFlo) > 4*b.StdError {
		t.Errorf("a = %.4f (SE %.4f), b = %.4f (SE %.4f); simulated %v and %v", a.Estimate, a.StdError, b.Estimate, b.StdError, studyFloOnBalance, studyCPOnFlo)
	}
	table7 := readTableCSV(t, r, "table7_labour_mediation")
	if got := furtherCell(t, findRow(t, table7, r.Label("balance"))[1]); math.Abs(got-a.Estimate) > 0.0005 {
		t.Errorf("Table 7 column (1) balance %v, a = %.4f", got, a.Estimate)
	}
	if got := furtherCell(t, findRow(t, table7, r.Label("flo"))[2]); math.Abs(got-b.Estimate) > 0.0005 {
		t.Errorf("Table 7 column (2) flo %v, b = %.4f", got, b.Estimate)
	}
	text7 := strings.Join(flattenRecords(table7), "\n")
	if want := "Sobel z = " + strconv.FormatFloat(med.Paths[0].Sobel.Z, 'f', 3, 64); !strings.Contains(text7, want) {
		t.Errorf("Table 7 lacks %q:\n%s", want, text7)
	}
	if r.Label("flo") != "Labour mobility" {
		t.Errorf("flo is labelled %q", r.Label("flo"))
	}

	table8 := readTableCSV(t, r, "table8_labour_groups_moderation")
	nRow := findRow(t, table8, "N")
	if len(nRow) != 8 {
		t.Fatalf("Table 8 N row %q, want 7 columns", nRow)
	}
	src := baselineFormula("cp", "balance", append([]string{"flo"}, controls...), "province", "year", baselineSpec{controls: true, year: true})
	split, err := cpstat.EstimateSplit(r.Panel, src, cpstat.SplitSettings{By: "cp", Groups: 5}, cpstat.WithSettings(r.labourSettings()))
	if err != nil {
		t.Fatal(err)
	}
	for i, g := range split.Groups {
		// Each quintile has 78 rows; provinces with one row in a quintile are dropped as singletons.
		if g.Rows != 78 || g.Result.N+g.Result.Dropped.Dropped() != 78 {
			t.Errorf("quintile %d: %d rows, N %d plus %d dropped; want 78 in all", i+1, g.Rows, g.Result.N, g.Result.Dropped.Dropped())
		}
		if nRow[i+1] != strconv.Itoa(g.Result.N) {
			t.Errorf("quintile %d: table N %q, want %d", i+1, nRow[i+1], g.Result.N)
		}
	}
	if nRow[6] != "390" || nRow[7] != "390" {
		t.Errorf("moderation N %q and %q, want 390", nRow[6], nRow[7])
	}
	theta := furtherCell(t, findRow(t, table8, r.Label("balance")+" × "+r.Label("domicile_f"))[7])
	base := baselineFormula("cp", "balance", controls, "province", "year", baselineSpec{controls: true, year: true})
	mod, err := cpstat.Moderate(r.Panel, base, "balance", "domicile_f", cpstat.ModerationSettings{}, cpstat.WithSettings(r.labourSettings()))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := mod.Interaction()
	if math.Abs(theta-c.Estimate) > 0.0005 || math.Abs(c.Estimate-studyModeration) > 4*c.StdError {
		t.Errorf("Table 8 θ(domicile_f) %v, estimated %.4f (SE %.4f), simulated %v", theta, c.Estimate, c.StdError, studyModeration)
	}
	text8 := strings.Join(flattenRecords(table8), "\n")
	for _, want := range []string{"Lowest", "Highest", "rows per group 78/78/78/78/78", "not centred"} {
		if !strings.Contains(text8, want) {
			t.Errorf("Table 8 lacks %q", want)
		}
	}
}

// End to end: a user's CSV with the labour variables under other names runs through cpstat replicate
// with a --vars mapping, and the labour chapter writes both tables.
func TestLabourUserCSVWithMapping(t *testing.T) {
	p := withStudyColumns(t)
	df := p.DataFrame().Rename("migrants", "flo")
	dir := t.TempDir()
	path := filepath.Join(dir, "panel.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := df.WriteCSV(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	m, out := runInto(t, Config{DataPath: path, Lang: plots.English, Chapters: []string{"labour"}, Vars: map[string]string{"flo": "migrants"}})
	var names []string
	for _, o := range m.Outputs {
		if o.Chapter == "labour" {
			names = append(names, o.Name)
		}
	}
	if got := strings.Join(names, " "); got != "table7_labour_mediation table8_labour_groups_moderation" {
		t.Errorf("labour outputs %q", got)
	}
	raw, err := os.ReadFile(filepath.Join(out, "tables", "table7_labour_mediation.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "Labour mobility") {
		t.Errorf("Table 7 does not label the mapped column migrants as labour mobility:\n%s", raw)
	}
}
