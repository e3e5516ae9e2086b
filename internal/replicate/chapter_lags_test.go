package replicate

import (
	"context"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-gota/gota/series"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/plots"
)

// Effects of the simulated study columns that withStudyColumns adds.
const (
	studyFloOnBalance = -0.6  // a: flo on balance
	studyCPOnFlo      = -0.05 // b: cp on flo
	studyModeration   = 0.25  // θ of balance × domicile_f in cp
)

// withStudyColumns adds to the embedded panel the variables that the public data lack or that earlier
// chapters measure, from a fixed seed, with α_i a standard normal province effect and e standard normal:
//
//	flo         = studyFloOnBalance·balance + α_i + 0.5·e
//	domicile_p  = −1 + 0.2·e,   domicile_f = −1 + 0.2·e
//	cp          = 0.3·balance + studyCPOnFlo·flo + studyModeration·balance·domicile_f + 0.4·domicile_f
//	              + α_i + 0.02·(t − 2000) + 0.1·e
//	prosperity  = 0.6·cp + 0.05·e,   commonality = 0.4·cp + 0.05·e
//	digital     = 0.2·balance + e
//
// domicile_p does not enter cp, so its interaction is zero.
func withStudyColumns(t *testing.T) *cpstat.Panel {
	t.Helper()
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	balance, err := p.Float("balance")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(20231290, 7))
	alpha := map[string]float64{}
	cols := map[string][]float64{}
	for i, k := range p.Keys() {
		if _, ok := alpha[k.Entity]; !ok {
			alpha[k.Entity] = rng.NormFloat64()
		}
		a := alpha[k.Entity]
		flo := studyFloOnBalance*balance[i] + a + 0.5*rng.NormFloat64()
		domP := -1 + 0.2*rng.NormFloat64()
		domF := -1 + 0.2*rng.NormFloat64()
		cp := 0.3*balance[i] + studyCPOnFlo*flo + studyModeration*balance[i]*domF + 0.4*domF + a +
			0.02*float64(k.Time-2000) + 0.1*rng.NormFloat64()
		values := map[string]float64{"flo": flo, "domicile_p": domP, "domicile_f": domF, "cp": cp,
			"prosperity": 0.6*cp + 0.05*rng.NormFloat64(), "commonality": 0.4*cp + 0.05*rng.NormFloat64(),
			"digital": 0.2*balance[i] + rng.NormFloat64()}
		for name, v := range values {
			cols[name] = append(cols[name], v)
		}
	}
	for _, name := range []string{"cp", "prosperity", "commonality", "flo", "domicile_p", "domicile_f", "digital"} {
		if p, err = p.With(name, cols[name]); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// chapterRun returns a run of one chapter on panel, writing into a temporary folder.
func furtherRun(t *testing.T, panel *cpstat.Panel, lang plots.Lang, chapter string) *Run {
	t.Helper()
	labels, err := cpstat.CodebookLabels()
	if err != nil {
		t.Fatal(err)
	}
	return &Run{Ctx: context.Background(), Config: Config{Out: t.TempDir(), Lang: lang}, Panel: panel, Labels: labels,
		chapter: chapter, timings: map[string]time.Duration{}, sheets: map[string]bool{}, log: io.Discard}
}

func furtherNotes(r *Run) string {
	var out []string
	for _, n := range r.notes {
		out = append(out, n.Text)
	}
	return strings.Join(out, "\n")
}

func furtherOutputs(r *Run) []string {
	var names []string
	for _, o := range r.outputs {
		names = append(names, o.Name)
	}
	return names
}

// cellFloat reads the estimate in a table cell such as "0.358**".
func furtherCell(t *testing.T, cell string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.TrimRight(cell, "*"), 64)
	if err != nil {
		t.Fatalf("cell %q is not a number: %v", cell, err)
	}
	return v
}

// Without cp the chapter writes nothing, and its note names the missing variable and how to supply it.
func TestLagsWithoutCPNotes(t *testing.T) {
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	r := furtherRun(t, p, plots.English, "lags")
	if err := runLags(r); err != nil {
		t.Fatal(err)
	}
	if len(r.outputs) != 0 {
		t.Errorf("outputs %v without cp", furtherOutputs(r))
	}
	if notes := furtherNotes(r); !strings.Contains(notes, "the data have no cp") || !strings.Contains(notes, "--vars cp=COLUMN") {
		t.Errorf("notes lack the missing cp and how to supply it:\n%s", notes)
	}
}

// The lag table has one model per lag, each equal to the baseline with L(balance, k) added and
// estimated directly. The region table has one model per region interaction, and the figure exists.
func TestLagsTablesAndFigure(t *testing.T) {
	r := furtherRun(t, withStudyColumns(t), plots.English, "lags")
	if err := runLags(r); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(furtherOutputs(r), " "); got != "lags heterogeneity_region lags_regions_coef" {
		t.Fatalf("outputs %q, want the lag table, the region table and the figure", got)
	}

	controls := r.Controls()
	base := baselineFormula("cp", "balance", controls, "province", "year", baselineSpec{controls: true, year: true})
	lags := readTableCSV(t, r, "lags")
	nRow := findRow(t, lags, "N")
	for i, k := range lagOrders {
		src, err := cpstat.AddTerms(base, "L(balance, "+strconv.Itoa(k)+")")
		if err != nil {
			t.Fatal(err)
		}
		res, err := cpstat.Estimate(r.Panel, src, baselineOptions("province")...)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := res.Coef("L(balance, " + strconv.Itoa(k) + ")")
		row := findRow(t, lags, r.Label("L(balance, "+strconv.Itoa(k)+")"))
		if got := furtherCell(t, row[i+1]); math.Abs(got-c.Estimate) > 0.0005 {
			t.Errorf("lag %d: table %v, direct estimate %.4f", k, got, c.Estimate)
		}
		if nRow[i+1] != strconv.Itoa(res.N) {
			t.Errorf("lag %d: N %q, want %d", k, nRow[i+1], res.N)
		}
	}
	if !strings.Contains(r.Label("L(balance, 2)"), "(lag 2)") {
		t.Errorf("label of L(balance, 2) is %q", r.Label("L(balance, 2)"))
	}

	regions := readTableCSV(t, r, "heterogeneity_region")
	for i, region := range []string{"East", "Central", "West"} {
		row := findRow(t, regions, r.Label("balance")+" × "+region)
		if row[i+1] == "" {
			t.Errorf("region table: no %s interaction in column (%d): %q", region, i+1, row)
		}
	}
	if _, err := os.Stat(filepath.Join(r.Config.Out, "figures", "lags_regions_coef.png")); err != nil {
		t.Errorf("figure: %v", err)
	}
}

// On a panel whose entities are not provinces the lag table is still written, and the region part is
// replaced by a note.
func TestLagsNonProvincePanelNotes(t *testing.T) {
	p := withStudyColumns(t)
	df := p.DataFrame()
	codes := df.Col("province").Records()
	for i := range codes {
		codes[i] = "unit_" + codes[i]
	}
	df = df.Mutate(furtherStrings("province", codes))
	q, err := cpstat.NewPanel(df, "province", "year")
	if err != nil {
		t.Fatal(err)
	}
	r := furtherRun(t, q, plots.English, "lags")
	if err := runLags(r); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(furtherOutputs(r), " "); got != "lags lags_regions_coef" {
		t.Errorf("outputs %q, want the lag table and the figure", got)
	}
	if !strings.Contains(furtherNotes(r), "regional heterogeneity was not estimated") {
		t.Errorf("notes lack the skipped regions:\n%s", furtherNotes(r))
	}
	if notes := furtherNotes(r); !strings.Contains(notes, "(for example unit_BJ)") || !strings.Contains(notes, "i(area, balance)") {
		t.Errorf("notes lack the example entity and the command-line way to other regions:\n%s", notes)
	}
}

func furtherStrings(name string, values []string) series.Series {
	return series.New(values, series.String, name)
}
