package replicate

import (
	"context"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/plots"
)

// newChapterRun returns a run of one chapter on panel that writes into a temporary folder, so a
// chapter is tested without the chapters before it.
func newChapterRun(t *testing.T, panel *cpstat.Panel, lang plots.Lang, chapter string) *Run {
	t.Helper()
	labels, err := cpstat.CodebookLabels()
	if err != nil {
		t.Fatal(err)
	}
	return &Run{Ctx: context.Background(), Config: Config{Out: t.TempDir(), Lang: lang}, Panel: panel, Labels: labels,
		chapter: chapter, timings: map[string]time.Duration{}, sheets: map[string]bool{}, log: io.Discard}
}

// Synthetic common prosperity for the embedded panel: a dynamic panel process with path dependence
// simRho and an effect simBeta of balance, province effects and a common trend,
//
//	cp_it = simRho·cp_i,t−1 + simBeta·balance_it + mu_i + 0.01·(t − 2000) + e_it,
//	mu_i ~ N(0, 0.05²), e_it ~ N(0, 0.05²),
//
// started in 2000 at the steady state of its first-year terms, so the changes of cp are
// uncorrelated with mu_i as system GMM assumes. The province effects are as small as the errors
// because with sd(mu_i) = 0.3 the level-equation instruments are weak: system GMM then averaged
// 0.75 for L.cp over 40 seeds.
const (
	simRho  = 0.5
	simBeta = 0.1
)

func withSyntheticCP(t *testing.T) *cpstat.Panel { return withSyntheticCPSeed(t, 1) }

func withSyntheticCPSeed(t *testing.T, seed uint64) *cpstat.Panel {
	t.Helper()
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	balance, err := p.Float("balance")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(20231201, seed))
	mu := map[string]float64{}
	for _, e := range p.Entities() {
		mu[e] = 0.05 * rng.NormFloat64()
	}
	cp := make([]float64, p.Len())
	for i := range cp {
		cp[i] = math.NaN()
	}
	// Rows are filled in time order so each lag is known when it is needed.
	_, periods := p.TimeCodes()
	for _, year := range periods {
		for i, key := range p.Keys() {
			if key.Time != year {
				continue
			}
			level := mu[key.Entity] + simBeta*balance[i] + 0.01*float64(year-2000) + 0.05*rng.NormFloat64()
			if prev := p.Row(cpstat.RowKey{Entity: key.Entity, Time: year - 1}); prev >= 0 {
				level += simRho * cp[prev]
			} else {
				level /= 1 - simRho
			}
			cp[i] = level
		}
	}
	withCP, err := p.With("cp", cp)
	if err != nil {
		t.Fatal(err)
	}
	return withCP
}

func TestGMMChapterSyntheticCP(t *testing.T) {
	r := newChapterRun(t, withSyntheticCP(t), plots.Chinese, "gmm")
	if err := runGMM(r); err != nil {
		t.Fatal(err)
	}

	if len(r.outputs) != 1 || r.outputs[0].Name != "gmm" {
		t.Fatalf("outputs %v, want the gmm table", r.outputs)
	}
	for _, ext := range []string{".txt", ".md", ".html", ".tex", ".csv"} {
		if _, err := os.Stat(filepath.Join(r.Config.Out, "tables", "gmm"+ext)); err != nil {
			t.Errorf("missing tables/gmm%s: %v", ext, err)
		}
	}
	raw, err := os.ReadFile(filepath.Join(r.Config.Out, "tables", "gmm.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	for _, want := range []string{"差分GMM", "系统GMM", "共同富裕（滞后1期）", "控制变量", "年份虚拟变量",
		"AR(1) p值", "AR(2) p值", "Hansen检验p值", "工具变量数", "组数", "括号内为z值", "Windmeijer", "折叠"} {
		if !strings.Contains(text, want) {
			t.Errorf("gmm.txt lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "括号内为t值") {
		t.Error("gmm.txt says the parentheses hold t values")
	}

	notes := strings.Join(noteTexts(r), "\n")
	for _, want := range []string{"差分GMM：", "系统GMM：", "若使用全部滞后且不折叠", "论文（洪竞科等，2023）"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	if strings.Contains(notes, "exceed") {
		t.Errorf("the collapsed models warn about the instrument count:\n%s", notes)
	}
}

// TestGMMChapterRecoversSimulation fits the chapter's two models to ten simulated panels and
// checks the mean estimates against the simulated process. Over 40 seeds the estimates had
// standard deviations of 0.13 (difference) and 0.09 (system) for L.cp and 0.06 and 0.03 for
// balance, so the means of ten have about a third of that. The bounds allow three such standard
// errors plus difference GMM's known downward finite-sample bias in L.cp (about −0.04 here).
func TestGMMChapterRecoversSimulation(t *testing.T) {
	const seeds = 10
	for _, system := range []bool{false, true} {
		var rho, beta float64
		for seed := uint64(1); seed <= seeds; seed++ {
			res, err := withSyntheticCPSeed(t, seed).GMM("cp ~ L(cp, 1) + balance + expen + cpi + open", cpstat.GMMSettings{
				GMM: "cp " + gmmLags, TwoStep: true, Collapse: true, TimeDummies: true, System: system, Window: studyWindow})
			if err != nil {
				t.Fatal(err)
			}
			if res.NumUnits != 30 {
				t.Errorf("system=%v: %d groups, want the 30 provinces", system, res.NumUnits)
			}
			if res.NumInstruments >= res.NumUnits {
				t.Errorf("system=%v: %d instruments for %d groups; gmmLags must keep them below", system, res.NumInstruments, res.NumUnits)
			}
			if res.CoefNames[0] != "L.cp" || res.CoefNames[1] != "balance" {
				t.Fatalf("coefficients %v, want L.cp and balance first", res.CoefNames)
			}
			rho += res.Coef[0] / seeds
			beta += res.Coef[1] / seeds
		}
		if math.Abs(rho-simRho) > 0.15 {
			t.Errorf("system=%v: mean L.cp = %.3f, simulated %.1f", system, rho, simRho)
		}
		if math.Abs(beta-simBeta) > 0.06 {
			t.Errorf("system=%v: mean balance = %.3f, simulated %.1f", system, beta, simBeta)
		}
	}
}

func TestGMMChapterNotesMissingCP(t *testing.T) {
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	r := newChapterRun(t, p, plots.English, "gmm")
	r.Config.Vars = map[string]string{"cp": "cp_not_in_data"}
	if err := runGMM(r); err != nil {
		t.Fatalf("a missing cp must be a note, not an error: %v", err)
	}
	if len(r.outputs) != 0 {
		t.Errorf("outputs %v without cp", r.outputs)
	}
	notes := noteTexts(r)
	if len(notes) != 1 || !strings.Contains(notes[0], "cp_not_in_data") || !strings.Contains(notes[0], "--vars cp=") {
		t.Errorf("notes %q, want one naming the missing column and --vars", notes)
	}
}

// The gmm and quantile chapters are registered at their places in the report order.
func TestChaptersRegisteredInOrder(t *testing.T) {
	order := map[string]int{}
	for _, c := range Chapters() {
		order[c.ID] = c.Order
	}
	for id, want := range map[string]int{"gmm": 55, "quantile": 75} {
		if got, ok := order[id]; !ok || got != want {
			t.Errorf("chapter %s: Order %d (registered %v), want %d", id, got, ok, want)
		}
	}
}

func noteTexts(r *Run) []string {
	var out []string
	for _, n := range r.notes {
		out = append(out, n.Text)
	}
	return out
}
