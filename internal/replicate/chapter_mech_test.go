package replicate

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/plots"
)

// withMediators adds synthetic mediators and outcome to the embedded panel, from a fixed seed:
// capital = 0.5·balance + province effect + noise, tfp = noise, and cp = 0.3·capital + 0.1·balance +
// province effect + noise, so capital carries part of the effect of balance and tfp none. labor is the
// embedded column.
func withMediators(t *testing.T) *cpstat.Panel {
	t.Helper()
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	balance, err := p.Float("balance")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 40))
	effect := map[string]float64{}
	capital, tfp, cp := make([]float64, p.Len()), make([]float64, p.Len()), make([]float64, p.Len())
	for i, k := range p.Keys() {
		if _, ok := effect[k.Entity]; !ok {
			effect[k.Entity] = rng.NormFloat64()
		}
		capital[i] = 0.5*balance[i] + effect[k.Entity] + 0.1*rng.NormFloat64()
		tfp[i] = 1 + 0.1*rng.NormFloat64()
		cp[i] = 0.3*capital[i] + 0.1*balance[i] + effect[k.Entity] + 0.05*rng.NormFloat64()
	}
	for name, v := range map[string][]float64{"capital": capital, "tfp": tfp, "cp": cp} {
		if p, err = p.With(name, v); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func mechOutputNames(r *Run) []string {
	var names []string
	for _, o := range r.outputs {
		names = append(names, o.Name)
	}
	return names
}

func TestMediationChapterWritesTable4(t *testing.T) {
	r := newChapterRun(t, withMediators(t), plots.English, "mediation")
	r.Config.Seed = 3
	if err := runMediation(r); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(mechOutputNames(r), ","); got != "table4_mediation,table4b_indirect_tests" {
		t.Fatalf("outputs %s", got)
	}
	text, err := os.ReadFile(filepath.Join(r.Config.Out, "tables", "table4_mediation.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Indirect effect a×b", "Effect", "N ", "390"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("Table 4 lacks %q:\n%s", want, text)
		}
	}
	var bootNote bool
	for _, n := range r.notes {
		bootNote = bootNote || strings.Contains(n.Text, "1000 cluster-bootstrap replicates over 30 provinces (seed 3")
	}
	if !bootNote {
		t.Errorf("no note on the bootstrap with its seed: %+v", r.notes)
	}
}

// TestMediationChapterMissingMediator: a mediator the data lack is noted with how to supply it, and the
// other paths are still estimated.
func TestMediationChapterMissingMediator(t *testing.T) {
	p := withMediators(t)
	r := newChapterRun(t, p, plots.English, "mediation")
	r.Config.Vars = map[string]string{"tfp": "tfp_missing"}
	if err := runMediation(r); err != nil {
		t.Fatal(err)
	}
	if len(r.outputs) != 2 {
		t.Fatalf("outputs %v", mechOutputNames(r))
	}
	found := false
	for _, n := range r.notes {
		found = found || strings.Contains(n.Text, "no mediator tfp") && strings.Contains(n.Text, "--vars tfp=COLUMN")
	}
	if !found {
		t.Errorf("no note naming the missing tfp: %+v", r.notes)
	}
}

func TestMediationChapterWithoutCP(t *testing.T) {
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	r := newChapterRun(t, p, plots.English, "mediation")
	if err := runMediation(r); err != nil {
		t.Fatal(err)
	}
	if len(r.outputs) != 0 || len(r.notes) != 1 || !strings.Contains(r.notes[0].Text, "--vars cp=COLUMN") {
		t.Errorf("outputs %v, notes %+v; want one note on cp", mechOutputNames(r), r.notes)
	}
}

// TestRobustnessChapter runs every step on the synthetic panel: the alternative-treatment table (with
// a note that transfer is missing), the placebo table and figure, and the wild bootstrap table.
func TestRobustnessChapter(t *testing.T) {
	r := newChapterRun(t, withMediators(t), plots.English, "robustness")
	if err := runRobustness(r); err != nil {
		t.Fatal(err)
	}
	want := "robustness_alternatives,robustness_placebo,placebo_density,robustness_wild_bootstrap"
	if got := strings.Join(mechOutputNames(r), ","); got != want {
		t.Fatalf("outputs %s, want %s", got, want)
	}
	var transfer, urgap, placebo bool
	for _, n := range r.notes {
		transfer = transfer || strings.Contains(n.Text, "no transfer") && strings.Contains(n.Text, "Central subsidy revenue")
		urgap = urgap || strings.Contains(n.Text, "urgap is sparse")
		placebo = placebo || strings.Contains(n.Text, "500 placebo coefficients")
	}
	if !transfer || !urgap || !placebo {
		t.Errorf("notes on transfer %v, urgap %v, placebo %v: %+v", transfer, urgap, placebo, r.notes)
	}
	if _, err := os.Stat(filepath.Join(r.Config.Out, "figures", "placebo_density.png")); err != nil {
		t.Error(err)
	}
}

// TestRobustnessChapterUsesTransfer: a panel that has transfer gets a column for it.
func TestRobustnessChapterUsesTransfer(t *testing.T) {
	p := withMediators(t)
	balance, _ := p.Float("balance")
	transfer := make([]float64, len(balance))
	for i, b := range balance {
		transfer[i] = 0.8*b + 0.01*math.Sin(float64(i))
	}
	p, err := p.With("transfer", transfer)
	if err != nil {
		t.Fatal(err)
	}
	r := newChapterRun(t, p, plots.English, "robustness")
	if err := robustnessOnlyAlternatives(r); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(r.Config.Out, "tables", "robustness_alternatives.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "(1) transfer: N = 390") {
		t.Errorf("no transfer column:\n%s", text)
	}
	for _, n := range r.notes {
		if strings.Contains(n.Text, "no transfer") {
			t.Errorf("note says transfer is missing: %s", n.Text)
		}
	}
}

// robustnessOnlyAlternatives runs step (a) and (b) alone.
func robustnessOnlyAlternatives(r *Run) error {
	return r.robustnessAlternatives(r.Var("cp"), r.Var("balance"), r.Controls(), r.Panel.EntityColumn(), r.Panel.TimeColumn())
}

// The entities without any row in an estimation sample are listed in panel order.
func TestAbsentEntities(t *testing.T) {
	p := mustEmbedded(t)
	var keys []cpstat.RowKey
	for _, k := range p.Keys() {
		if k.Entity != "HI" && k.Entity != "NX" {
			keys = append(keys, k)
		}
	}
	if got := absentEntities(p, &cpstat.Result{Keys: keys}); !slices.Equal(got, []string{"HI", "NX"}) {
		t.Errorf("absent entities %v, want [HI NX]", got)
	}
	if got := absentEntities(p, &cpstat.Result{Keys: p.Keys()}); len(got) != 0 {
		t.Errorf("absent entities %v with every key used, want none", got)
	}
}
