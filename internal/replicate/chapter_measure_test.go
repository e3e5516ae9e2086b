package replicate

import (
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/plots"
)

// measureRun returns a run on panel that writes into a temporary folder, positioned at chapter id.
func measureRun(t *testing.T, panel *cpstat.Panel, id string, lang plots.Lang) *Run {
	t.Helper()
	labels, err := cpstat.CodebookLabels()
	if err != nil {
		t.Fatal(err)
	}
	return &Run{Ctx: context.Background(), Config: Config{Out: t.TempDir(), Lang: lang}, Panel: panel, Labels: labels,
		chapter: id, timings: map[string]time.Duration{}, sheets: map[string]bool{}, log: io.Discard}
}

func embeddedPanel(t *testing.T) *cpstat.Panel {
	t.Helper()
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func noteText(r *Run) string {
	var b strings.Builder
	for _, n := range r.notes {
		b.WriteString(n.Text)
		b.WriteString("\n")
	}
	return b.String()
}

func requireFiles(t *testing.T, r *Run, paths ...string) {
	t.Helper()
	for _, p := range paths {
		info, err := os.Stat(filepath.Join(r.Config.Out, p))
		if err != nil || info.Size() == 0 {
			t.Errorf("output %s missing or empty (%v)", p, err)
		}
	}
}

// The index chapter on the embedded data writes Table 1 with a row per indicator, the 30 × 17 composite
// table and two figures, adds cp, prosperity and commonality to the panel, and notes every excluded
// indicator. cp equals ln(prosperity score × commonality score) by definition, checked row by row.
func TestIndexChapterEmbedded(t *testing.T) {
	r := measureRun(t, embeddedPanel(t), "index", plots.English)
	if err := runIndex(r); err != nil {
		t.Fatal(err)
	}
	requireFiles(t, r, "tables/index_system.csv", "tables/index_composite.csv", "figures/index_weights.png",
		"figures/index_weights.svg", "figures/index_trend.png")

	system := readTableCSV(t, r, "index_system")
	rows := 0
	for _, rec := range system {
		for _, cell := range rec {
			if strings.HasPrefix(cell, "ind") && len(cell) > 5 && cell[5] == ' ' {
				rows++
			}
		}
	}
	if rows != 30 {
		t.Errorf("Table 1 has %d indicator rows, want 30", rows)
	}

	composite := readTableCSV(t, r, "index_composite")
	beijing := findRow(t, composite, "Beijing")
	if len(beijing) != 18 {
		t.Errorf("Beijing row has %d cells, want the name and 17 years", len(beijing))
	}

	cp, _ := r.Panel.Float("cp")
	prosperity, _ := r.Panel.Float("prosperity_score")
	commonality, _ := r.Panel.Float("commonality_score")
	logP, _ := r.Panel.Float("prosperity")
	finite := 0
	for i, k := range r.Panel.Keys() {
		if k.Time < 2001 {
			if !math.IsNaN(cp[i]) {
				t.Errorf("%s: cp %v outside 2001–2017", k, cp[i])
			}
			continue
		}
		finite++
		if want := math.Log(prosperity[i] * commonality[i]); math.Abs(cp[i]-want) > 1e-12 {
			t.Errorf("%s: cp %v, want ln(P × C) = %v", k, cp[i], want)
		}
		if math.Abs(logP[i]-math.Log(prosperity[i])) > 1e-15 {
			t.Errorf("%s: prosperity %v, want ln %v", k, logP[i], prosperity[i])
		}
	}
	if finite != 510 {
		t.Errorf("%d rows with cp, want 510", finite)
	}

	notes := noteText(r)
	for _, want := range []string{"ind08 (edu_fund_pc): values in 480 of 510 rows", "ind28 (ur_ratio)", "19 have no public data",
		"YN/2004"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

// A cp column that the data already fill is kept for later chapters, with a note, and the index is still
// reported in the chapter's tables.
func TestIndexChapterKeepsUserCP(t *testing.T) {
	p := embeddedPanel(t)
	user := make([]float64, p.Len())
	for i := range user {
		user[i] = float64(i)
	}
	p, err := p.With("cp", user)
	if err != nil {
		t.Fatal(err)
	}
	r := measureRun(t, p, "index", plots.English)
	if err := runIndex(r); err != nil {
		t.Fatal(err)
	}
	cp, _ := r.Panel.Float("cp")
	if !slices.Equal(cp, user) {
		t.Error("the data's cp column was replaced")
	}
	if !strings.Contains(noteText(r), "the data already have cp") {
		t.Errorf("no note about the kept cp:\n%s", noteText(r))
	}
	requireFiles(t, r, "tables/index_system.csv")
}

// A panel without the indicator columns gets a note naming the first missing column, not a failure.
func TestIndexChapterMissingIndicators(t *testing.T) {
	tb, err := cpstat.ReadCSVFrom(strings.NewReader("province,year,x\nBJ,2001,1\nBJ,2002,2\n"), "tiny.csv", cpstat.WithKeys("province", "year"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := tb.Panel()
	if err != nil {
		t.Fatal(err)
	}
	r := measureRun(t, p, "index", plots.Chinese)
	if err := runIndex(r); err != nil {
		t.Fatalf("the chapter failed instead of noting: %v", err)
	}
	if notes := noteText(r); !strings.Contains(notes, "consumption_pc") || !strings.Contains(notes, "--vars cp=") {
		t.Errorf("notes = %q, want the missing column and the --vars hint", notes)
	}
}

// The factors chapter on the embedded data adds capital, capital_stock, tfp and tfpch, writes DEAP's two
// summaries with a mean row and the decomposition figure, and notes the late starts of Chongqing and
// Fujian. The cumulative index is 1 in 2001 and chains tfpch: tfp_t = tfp_{t−1} × tfpch_t.
func TestFactorsChapterEmbedded(t *testing.T) {
	r := measureRun(t, embeddedPanel(t), "factors", plots.English)
	if err := runFactors(r); err != nil {
		t.Fatal(err)
	}
	requireFiles(t, r, "tables/capital_stock.csv", "tables/malmquist_years.csv", "tables/malmquist_provinces.csv",
		"figures/tfp_decomposition.png", "figures/tfp_trend.png", "figures/capital_trend.png")

	years := readTableCSV(t, r, "malmquist_years")
	if row := findRow(t, years, "2017"); len(row) != 6 {
		t.Errorf("2017 row = %v, want the year and five indices", row)
	}
	findRow(t, years, "Mean")
	provinces := readTableCSV(t, r, "malmquist_provinces")
	findRow(t, provinces, "Chongqing")

	tfp, _ := r.Panel.Float("tfp")
	tfpch, _ := r.Panel.Float("tfpch")
	capital, _ := r.Panel.Float("capital")
	stock, _ := r.Panel.Float("capital_stock")
	for i, k := range r.Panel.Keys() {
		if math.Abs(capital[i]-math.Log(stock[i])) > 1e-12 {
			t.Errorf("%s: capital %v ≠ ln capital_stock %v", k, capital[i], stock[i])
		}
		switch {
		case k.Time == 2000:
			if !math.IsNaN(tfp[i]) {
				t.Errorf("%s: tfp %v outside 2001–2017", k, tfp[i])
			}
		case k.Time == 2001:
			if tfp[i] != 1 || !math.IsNaN(tfpch[i]) {
				t.Errorf("%s: tfp %v, tfpch %v; want 1 and NaN", k, tfp[i], tfpch[i])
			}
		default:
			prev := r.Panel.Row(cpstat.RowKey{Entity: k.Entity, Time: k.Time - 1})
			if math.Abs(tfp[i]-tfp[prev]*tfpch[i]) > 1e-12*tfp[i] {
				t.Errorf("%s: tfp %v ≠ tfp_{t−1} %v × tfpch %v", k, tfp[i], tfp[prev], tfpch[i])
			}
		}
	}
	notes := noteText(r)
	for _, want := range []string{"CQ: 1952–1995 left out", "FJ: 1952–1968 left out (gfcf = -0.11 in 1967"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

// Without employment the TFP step cannot run: the chapter notes what is missing and still adds the
// capital stock.
func TestFactorsChapterWithoutEmployment(t *testing.T) {
	p := embeddedPanel(t)
	nan := make([]float64, p.Len())
	for i := range nan {
		nan[i] = math.NaN()
	}
	p, err := p.With("employment", nan)
	if err != nil {
		t.Fatal(err)
	}
	r := measureRun(t, p, "factors", plots.Chinese)
	if err := runFactors(r); err != nil {
		t.Fatalf("the chapter failed instead of noting: %v", err)
	}
	if !hasValues(r.Panel, "capital") || hasValues(r.Panel, "tfp") {
		t.Error("want capital added and no tfp")
	}
	if notes := noteText(r); !strings.Contains(notes, "employment") || !strings.Contains(notes, "--vars tfp=") {
		t.Errorf("notes = %q, want the missing employment and the --vars hint", notes)
	}
}

// The full run of both chapters through Replicate, as `cpstat replicate --chapters index,factors` does:
// both succeed, list their outputs in the manifest and put their tables in the workbook.
func TestMeasureChaptersReplicate(t *testing.T) {
	out := t.TempDir()
	m, err := Replicate(context.Background(), Config{Out: out, Lang: plots.Chinese, Chapters: []string{"index", "factors"}})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, o := range m.Outputs {
		names[o.Name] = true
	}
	for _, want := range []string{"index_system", "index_composite", "index_weights", "index_trend", "capital_stock",
		"malmquist_years", "malmquist_provinces", "tfp_decomposition", "tfp_trend"} {
		if !names[want] {
			t.Errorf("manifest lacks output %s", want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "tables.xlsx")); err != nil {
		t.Errorf("tables.xlsx: %v", err)
	}
	if !slices.Contains(m.Chapters, "index") || !slices.Contains(m.Chapters, "factors") {
		t.Errorf("chapters run = %v", m.Chapters)
	}
	if _, ok := m.ChapterTimes["factors"]; !ok {
		t.Error("no time recorded for factors")
	}
}
