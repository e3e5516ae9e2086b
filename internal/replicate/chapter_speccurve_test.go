package replicate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-gota/gota/series"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/plots"
)

// withIndex returns the embedded panel with cp, prosperity and commonality from EntropyIndex under the
// replication's settings, as the index chapter adds them.
func withIndex(t *testing.T) *cpstat.Panel {
	t.Helper()
	sys, err := cpstat.PaperIndicatorSystem()
	if err != nil {
		t.Fatal(err)
	}
	res, err := cpstat.EntropyIndex(embeddedPanel(t), sys, cpstat.PaperIndexOptions())
	if err != nil {
		t.Fatal(err)
	}
	return res.Panel
}

// findRecord returns the first record whose leading fields equal fields.
func findRecord(t *testing.T, records [][]string, fields ...string) []string {
	t.Helper()
	for _, rec := range records {
		if len(rec) >= len(fields) && strings.Join(rec[:len(fields)], "\x00") == strings.Join(fields, "\x00") {
			return rec
		}
	}
	t.Fatalf("no record starting with %q", fields)
	return nil
}

// The chapter on the embedded data with the measured index writes the figure, the summary and the
// table of every specification. The grid has 1080 combinations, of which 240 are excluded by design
// because post2003_cw is constant within provinces on 2005–2017 and on the rows where the controls exist.
func TestSpecCurveChapterEmbedded(t *testing.T) {
	p := withIndex(t)
	r := measureRun(t, p, "speccurve", plots.English)
	start := time.Now()
	if err := runSpecCurve(r); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("the chapter took %v, but the whole replication must finish in 15 s", elapsed)
	}
	requireFiles(t, r, "figures/speccurve.png", "figures/speccurve.svg", "tables/speccurve_summary.csv",
		"tables/speccurve_specs.csv", "tables/speccurve_specs.tex")

	summary := readTableCSV(t, r, "speccurve_summary")
	all := findRecord(t, summary, "All specifications")
	if all[2] != "840" || all[3] != "0" {
		t.Errorf("all specifications: %q, want 840 estimated and none failed", all)
	}
	tilt := findRecord(t, summary, "", "invest_tilt")
	if tilt[2] != "360" || tilt[3] != "0" {
		t.Errorf("invest_tilt: %q, want 360 estimated and none failed", tilt)
	}

	specs := readTableCSV(t, r, "speccurve_specs")
	rows := 0
	for _, rec := range specs {
		if _, err := fmt.Sscan(rec[0], new(int)); err == nil {
			rows++
		}
	}
	if rows != 840 {
		t.Errorf("%d specification rows, want 1080 − 240 excluded = 840", rows)
	}

	notes := noteText(r)
	for _, want := range []string{"1080 combinations, 240 excluded by design, 840 run (168 regressions",
		"Combinations excluded by design (240): post2003_cw is 1", "with controls whose data start after the switch"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	checkBaselineRow(t, r, p)
}

// checkBaselineRow compares one row of the table of every specification with a direct Estimate call.
// The row is the baseline's column (4): balance, cp, 2001–2017, province and year effects, Stata's
// convention, controls and no lag. The table prints 4 decimals of the estimate and standard error.
func checkBaselineRow(t *testing.T, r *Run, p *cpstat.Panel) {
	t.Helper()
	options := []string{"balance", "cp", "2001-2017", "province+year", "stata", "controls", "0"}
	var rec []string
	for _, candidate := range readTableCSV(t, r, "speccurve_specs") {
		if len(candidate) > 14 && strings.Join(candidate[1:8], " ") == strings.Join(options, " ") {
			rec = candidate
		}
	}
	if rec == nil {
		t.Fatalf("no row with options %v", options)
	}

	direct, err := cpstat.Estimate(p, "cp ~ balance + expen + cpi + open | province + year",
		cpstat.Cluster("province"), cpstat.SSC(cpstat.Stata), cpstat.Period(2001, 2017))
	if err != nil {
		t.Fatal(err)
	}
	c, ok := direct.Coef("balance")
	if !ok {
		t.Fatal("the direct estimate has no balance coefficient")
	}
	if got, want := rec[8], fmt.Sprintf("%.4f", c.Estimate); got != want {
		t.Errorf("estimate %s, want %s", got, want)
	}
	if got, want := rec[9], fmt.Sprintf("%.4f", c.StdError); got != want {
		t.Errorf("standard error %s, want %s", got, want)
	}
	if got, want := rec[14], fmt.Sprint(direct.N); got != want {
		t.Errorf("N %s, want %s", got, want)
	}
}

// Without cp the chapter writes nothing, and its note names the missing index and how to supply it.
func TestSpecCurveChapterWithoutCP(t *testing.T) {
	r := measureRun(t, embeddedPanel(t), "speccurve", plots.English)
	if err := runSpecCurve(r); err != nil {
		t.Fatal(err)
	}
	if len(r.outputs) != 0 {
		t.Errorf("%d outputs without cp, want none", len(r.outputs))
	}
	if notes := noteText(r); !strings.Contains(notes, "the data have no cp") || !strings.Contains(notes, "--vars cp=COLUMN") {
		t.Errorf("notes lack the missing cp and how to supply it:\n%s", notes)
	}
}

// The index chapter draws the province ranking of the measured cp through Replicate.
func TestIndexChapterRankingFigure(t *testing.T) {
	if _, err := plots.LoadCJKFont(); err != nil {
		t.Skip(err)
	}
	out := t.TempDir()
	m, err := Replicate(context.Background(), Config{Out: out, Chapters: []string{"index"}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, o := range m.Outputs {
		found = found || o.Name == "index_ranking"
	}
	if !found {
		t.Error("manifest lacks the figure index_ranking")
	}
	for _, f := range []string{"figures/index_ranking.png", "figures/index_ranking.svg"} {
		if info, err := os.Stat(filepath.Join(out, f)); err != nil || info.Size() == 0 {
			t.Errorf("output %s missing or empty (%v)", f, err)
		}
	}
}

// A panel whose entities are not provinces gets a note instead of the ranking, because the markers
// need the NBS regions.
func TestIndexRankingNotProvinces(t *testing.T) {
	p := withIndex(t)
	names := make([]string, p.Len())
	for i, k := range p.Keys() {
		names[i] = "unit-" + k.Entity
	}
	df := p.DataFrame().Mutate(series.New(names, series.String, p.EntityColumn()))
	q, err := cpstat.NewPanel(df, p.EntityColumn(), p.TimeColumn())
	if err != nil {
		t.Fatal(err)
	}
	r := measureRun(t, q, "index", plots.English)
	if err := r.indexRankingFigure(&cpstat.IndexResult{Panel: q}); err != nil {
		t.Fatal(err)
	}
	if len(r.outputs) != 0 {
		t.Errorf("%d outputs for a panel of non-provinces, want none", len(r.outputs))
	}
	if notes := noteText(r); !strings.Contains(notes, "not provinces") || !strings.Contains(notes, "unit-BJ") {
		t.Errorf("notes lack the reason and the entity:\n%s", notes)
	}
}
