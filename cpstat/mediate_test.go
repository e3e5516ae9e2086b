package cpstat

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/internal/testref"
)

// readCrossSection reads a case file without panel keys as a one-period panel.
func readCrossSection(t *testing.T, path string) *Panel {
	t.Helper()
	tab, err := ReadCSV(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := tab.CrossSection()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestMediatePB34 checks the labels of a single-mediator model on case PB-34 (pooled OLS with an
// intercept, 8 rows). The expected values were computed for the case by plain OLS and are printed
// with 5 decimals, so they are compared to 5e-6.
func TestMediatePB34(t *testing.T) {
	p := readCrossSection(t, testref.Case("PB-34.csv"))
	res, err := Mediate(context.Background(), p, MediationModel{Outcome: "Y", Treatment: "X", Mediators: []string{"M"}}, MediationSettings{})
	if err != nil {
		t.Fatal(err)
	}
	path := res.Paths[0]
	checks := []struct {
		name      string
		got, want float64
	}{
		{"a", path.A.Estimate, 1.99286},
		{"b", path.B.Estimate, 2.88060},
		{"direct c'", res.DirectEffect.Estimate, 0.21891},
		{"total c", res.TotalEffect.Estimate, 5.95952},
		{"indirect a*b", path.Indirect, 5.74062},
		{"sum of indirect", res.IndirectSum, 5.74062},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 5e-6 {
			t.Errorf("%s = %.6f, want %.5f", c.name, c.got, c.want)
		}
	}
	if res.N != 8 {
		t.Errorf("N = %d, want 8", res.N)
	}
	// c = c' + a·b holds exactly for OLS on a common sample; 1e-12 allows for rounding in the solves.
	if d := res.TotalEffect.Estimate - res.DirectEffect.Estimate - path.Indirect; math.Abs(d) > 1e-12 {
		t.Errorf("c − c' − a·b = %g, want 0", d)
	}
	// The Sobel SE is sqrt(b²·SE_a² + a²·SE_b²) with the IID standard errors of the two fits.
	a, b := path.A, path.B
	sobel := math.Sqrt(b.Estimate*b.Estimate*a.StdError*a.StdError + a.Estimate*a.Estimate*b.StdError*b.StdError)
	if math.Abs(path.Sobel.StdError-sobel) > 1e-15*sobel {
		t.Errorf("Sobel SE = %v, want %v", path.Sobel.StdError, sobel)
	}

}

// mediationPanel simulates a balanced panel of entities × periods (keys "id", "year") with a treatment x,
// mediators m1 and m2, a control w and outcome y:
//
//	x  = 0.5·α_i + 0.1·t + e_x
//	m1 = a1·x + 0.3·w + α_i + e_1,   m2 = a2·x − 0.2·w + 0.5·α_i + e_2
//	y  = cd·x + b1·m1 + b2·m2 + 0.4·w + α_i + 0.05·t + e_y
//
// with standard normal errors and entity effects α_i, from a fixed seed.
func mediationPanel(t testing.TB, entities, periods int, a1, a2, b1, b2, cd float64, seed uint64) *Panel {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 99))
	n := entities * periods
	ids := make([]string, 0, n)
	years := make([]int, 0, n)
	cols := map[string][]float64{}
	for e := range entities {
		alpha := rng.NormFloat64()
		for tt := range periods {
			ids = append(ids, fmt.Sprintf("u%03d", e+1))
			years = append(years, 2001+tt)
			w := rng.NormFloat64()
			x := 0.5*alpha + 0.1*float64(tt) + rng.NormFloat64()
			m1 := a1*x + 0.3*w + alpha + rng.NormFloat64()
			m2 := a2*x - 0.2*w + 0.5*alpha + rng.NormFloat64()
			y := cd*x + b1*m1 + b2*m2 + 0.4*w + alpha + 0.05*float64(tt) + rng.NormFloat64()
			for name, v := range map[string]float64{"x": x, "m1": m1, "m2": m2, "w": w, "y": y} {
				cols[name] = append(cols[name], v)
			}
		}
	}
	series := []series.Series{series.New(ids, series.String, "id"), series.New(years, series.Int, "year")}
	for _, name := range []string{"y", "x", "m1", "m2", "w"} {
		series = append(series, seriesFloat(name, cols[name]))
	}
	p, err := NewPanel(dataframe.New(series...), "id", "year")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func seriesFloat(name string, v []float64) series.Series { return series.New(v, series.Float, name) }

var twoMediators = MediationModel{Outcome: "y", Treatment: "x", Mediators: []string{"m1", "m2"}, Controls: []string{"w"}}

// TestMediateIdentityOLS: for least squares on one sample with the same controls, the total effect is
// the direct effect plus the indirect effects, c = c′ + Σ a_n·b_n, as an identity of the normal
// equations (project the outcome equation on X and the controls). 1e-12 allows for rounding.
func TestMediateIdentityOLS(t *testing.T) {
	p := mediationPanel(t, 40, 5, 0.6, -0.4, 0.5, 0.7, 0.2, 1)
	res, err := Mediate(context.Background(), p, twoMediators, MediationSettings{})
	if err != nil {
		t.Fatal(err)
	}
	if d := res.TotalEffect.Estimate - res.DirectEffect.Estimate - res.IndirectSum; math.Abs(d) > 1e-12 {
		t.Errorf("c − c′ − Σ a·b = %g", d)
	}
	if _, ok := res.Total.Coef("(Intercept)"); res.N != 200 || !ok {
		t.Errorf("N = %d, intercept %v: want 200 rows of pooled OLS with an intercept", res.N, ok)
	}
}

// TestMediateIdentityTwoWayFE: with entity and year effects absorbed in every equation the identity
// still holds, because absorbing the effects is the same linear projection in each equation (the
// Frisch–Waugh–Lovell theorem) and the projection of the outcome residual on X and the dummies is zero.
// On a balanced panel with 17 years the absorption is exact, so only rounding remains.
func TestMediateIdentityTwoWayFE(t *testing.T) {
	p := mediationPanel(t, 30, 17, 0.6, -0.4, 0.5, 0.7, 0.2, 2)
	m := twoMediators
	m.FixedEffects = []string{"id", "year"}
	res, err := Mediate(context.Background(), p, m, MediationSettings{Estimate: EstimateSettings{Cluster: []string{"id"}}})
	if err != nil {
		t.Fatal(err)
	}
	if d := res.TotalEffect.Estimate - res.DirectEffect.Estimate - res.IndirectSum; math.Abs(d) > 1e-12 {
		t.Errorf("c − c′ − Σ a·b = %g", d)
	}
	if res.N != 510 {
		t.Errorf("N = %d, want 510", res.N)
	}
}

// TestMediateCommonSample: a value missing in one mediator removes the row from every equation, and
// the drop report names it.
func TestMediateCommonSample(t *testing.T) {
	p := mediationPanel(t, 10, 4, 0.6, -0.4, 0.5, 0.7, 0.2, 3)
	m2, _ := p.Float("m2")
	m2[5] = math.NaN()
	p, err := p.With("m2", m2)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Mediate(context.Background(), p, twoMediators, MediationSettings{})
	if err != nil {
		t.Fatal(err)
	}
	if res.N != 39 || res.Total.N != 39 || res.Mediators[0].N != 39 {
		t.Errorf("N = %d (total %d, m1 %d), want 39 in every equation", res.N, res.Total.N, res.Mediators[0].N)
	}
	if res.Sample.Dropped() != 1 || res.Sample.Groups[0].Keys[0] != p.Key(5) || res.Sample.Groups[0].Column != "m2" {
		t.Errorf("Sample = %v, want row %v dropped for m2", res.Sample, p.Key(5))
	}
}

func TestMediateRejectsRepeatedRole(t *testing.T) {
	p := mediationPanel(t, 5, 3, 0.6, -0.4, 0.5, 0.7, 0.2, 4)
	_, err := Mediate(context.Background(), p, MediationModel{Outcome: "y", Treatment: "x", Mediators: []string{"m1", "x"}}, MediationSettings{})
	if !errors.Is(err, ErrMediationModel) {
		t.Errorf("err = %v, want ErrMediationModel", err)
	}
	_, err = Mediate(context.Background(), p, MediationModel{Outcome: "y", Treatment: "x"}, MediationSettings{})
	if !errors.Is(err, ErrMediationModel) {
		t.Errorf("no mediator: err = %v, want ErrMediationModel", err)
	}
}

// bootDraws runs a cluster bootstrap of the two-mediator FE model under the given GOMAXPROCS.
func bootDraws(t *testing.T, p *Panel, procs int) *MediationResult {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	m := twoMediators
	m.FixedEffects = []string{"id", "year"}
	res, err := Mediate(context.Background(), p, m, MediationSettings{
		Estimate:  EstimateSettings{Cluster: []string{"id"}},
		Bootstrap: BootstrapSettings{Reps: 40, Seed: 7},
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestMediateBootstrapSameForAnyGOMAXPROCS(t *testing.T) {
	p := mediationPanel(t, 30, 17, 0.6, -0.4, 0.5, 0.7, 0.2, 5)
	want := bootDraws(t, p, 1)
	for _, procs := range []int{2, 8} {
		got := bootDraws(t, p, procs)
		for n := range want.Bootstrap.Indirect {
			if !slices.Equal(got.Bootstrap.Indirect[n], want.Bootstrap.Indirect[n]) {
				t.Fatalf("GOMAXPROCS %d: draws of path %d differ from GOMAXPROCS 1", procs, n)
			}
		}
		if got.Paths[0].Boot.BC != want.Paths[0].Boot.BC {
			t.Errorf("GOMAXPROCS %d: BC interval %v, with 1: %v", procs, got.Paths[0].Boot.BC, want.Paths[0].Boot.BC)
		}
	}
	if want.Bootstrap.Clusters != 30 || want.Bootstrap.Cluster != "id" || len(want.Bootstrap.Sum) != 40 {
		t.Errorf("bootstrap: %d clusters on %q, %d sums; want 30 on id, 40", want.Bootstrap.Clusters, want.Bootstrap.Cluster, len(want.Bootstrap.Sum))
	}
}

// TestMediateBootstrapMatchesDelta compares the row bootstrap of a·b with the delta method on 2000
// simulated rows (a = 0.5, b = 0.4, homoskedastic errors), where the Sobel standard error is accurate to
// O(1/N). With B = 1000 replicates the bootstrap SD has a Monte Carlo relative error of about
// 1/sqrt(2(B − 1)) = 2.2 % and the bootstrap mean an error of SD/sqrt(B); each is allowed 4 times that.
func TestMediateBootstrapMatchesDelta(t *testing.T) {
	if testing.Short() {
		t.Skip("1000 bootstrap replicates")
	}
	const n, reps = 2000, 1000
	rng := rand.New(rand.NewPCG(11, 12))
	x, m, y := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
		m[i] = 0.5*x[i] + rng.NormFloat64()
		y[i] = 0.2*x[i] + 0.4*m[i] + rng.NormFloat64()
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprint(i)
	}
	df := dataframe.New(series.New(ids, series.String, "id"), series.New(make([]int, n), series.Int, "t"),
		seriesFloat("x", x), seriesFloat("m", m), seriesFloat("y", y))
	p, err := NewPanel(df, "id", "t")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Mediate(context.Background(), p, MediationModel{Outcome: "y", Treatment: "x", Mediators: []string{"m"}},
		MediationSettings{Bootstrap: BootstrapSettings{Reps: reps, Seed: 3, Resample: ResampleRows}})
	if err != nil {
		t.Fatal(err)
	}
	path := res.Paths[0]
	mcSD := path.Sobel.StdError / math.Sqrt(2*(reps-1))
	if d := math.Abs(path.Boot.SD - path.Sobel.StdError); d > 4*mcSD {
		t.Errorf("bootstrap SD %.5f vs Sobel SE %.5f: difference %.5f exceeds 4 Monte Carlo SEs (%.5f)", path.Boot.SD, path.Sobel.StdError, d, 4*mcSD)
	}
	mcMean := path.Sobel.StdError / math.Sqrt(reps)
	if d := math.Abs(path.Boot.Mean - path.Indirect); d > 4*mcMean {
		t.Errorf("bootstrap mean %.5f vs a·b %.5f: difference %.5f exceeds 4 Monte Carlo SEs (%.5f)", path.Boot.Mean, path.Indirect, d, 4*mcMean)
	}
	if len(res.Bootstrap.Failed) != 0 {
		t.Errorf("%d failed replicates on continuous data", len(res.Bootstrap.Failed))
	}
}

// TestMediateBootstrapCountsFailures: with one treated row among 10, a row bootstrap misses it in
// about (9/10)^10 = 35 % of the draws; then the treatment has no variance, the fit drops it and the
// replicate must be counted as failed rather than left out silently.
func TestMediateBootstrapCountsFailures(t *testing.T) {
	x := []float64{1, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	m := []float64{2.1, 0.3, -0.2, 0.5, 0.1, -0.4, 0.2, 0.0, 0.6, -0.1}
	y := []float64{3.0, 0.2, 0.1, 0.9, -0.3, -0.5, 0.4, 0.1, 1.0, 0.0}
	ids := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
	df := dataframe.New(series.New(ids, series.String, "id"), series.New(make([]int, 10), series.Int, "t"),
		seriesFloat("x", x), seriesFloat("m", m), seriesFloat("y", y))
	p, err := NewPanel(df, "id", "t")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Mediate(context.Background(), p, MediationModel{Outcome: "y", Treatment: "x", Mediators: []string{"m"}},
		MediationSettings{Bootstrap: BootstrapSettings{Reps: 200, Seed: 1, Resample: ResampleRows}})
	if err != nil {
		t.Fatal(err)
	}
	failed := len(res.Bootstrap.Failed)
	if failed < 40 || failed > 110 {
		t.Errorf("%d of 200 replicates failed, want about 70", failed)
	}
	if got := len(res.Bootstrap.Indirect[0]); got != 200-failed {
		t.Errorf("%d replicate values kept, want %d", got, 200-failed)
	}
	if len(res.Notes) == 0 {
		t.Error("no note about the failed replicates")
	}
}

// TestMediateClassification builds one path of each kind on simulated panels (600 rows each, so the
// effects chosen are far from the 5 % boundary; entity and year effects absorbed) and checks the label and ratio.
func TestMediateClassification(t *testing.T) {
	cases := []struct {
		name           string
		a1, b1, direct float64
		want           MediationType
	}{
		{"partial", 0.8, 0.6, 0.5, PartialMediation},
		{"full", 0.8, 0.6, 0, FullMediation},
		{"masking", 0.8, 0.6, -1.5, Masking},
		{"none", 0.8, 0, 0.5, NoMediation},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := mediationPanel(t, 60, 10, c.a1, 0, c.b1, 0, c.direct, 1)
			res, err := Mediate(context.Background(), p, MediationModel{Outcome: "y", Treatment: "x", Mediators: []string{"m1"}, Controls: []string{"w"}, FixedEffects: []string{"id", "year"}}, MediationSettings{})
			if err != nil {
				t.Fatal(err)
			}
			path := res.Paths[0]
			if path.Effect != c.want {
				t.Fatalf("Effect = %v (a·b = %.3f, c′ = %.3f, p(c′) = %.3g), want %v", path.Effect, path.Indirect, res.DirectEffect.Estimate, res.DirectEffect.PValue, c.want)
			}
			switch c.want {
			case PartialMediation:
				if want := path.Indirect / res.TotalEffect.Estimate; path.Ratio != want {
					t.Errorf("Ratio = %v, want a·b/c = %v", path.Ratio, want)
				}
			case Masking:
				if want := math.Abs(path.Indirect / res.DirectEffect.Estimate); path.Ratio != want {
					t.Errorf("Ratio = %v, want |a·b/c′| = %v", path.Ratio, want)
				}
			default:
				if !math.IsNaN(path.Ratio) {
					t.Errorf("Ratio = %v, want NaN", path.Ratio)
				}
			}
		})
	}
}

// TestMediateTableBlock checks the row block under a two-mediator table: a×b with stars from the
// Sobel p-value in each mediator column, the classification, and Σ a×b in the outcome column.
func TestMediateTableBlock(t *testing.T) {
	p := mediationPanel(t, 30, 17, 0.6, -0.4, 0.5, 0.7, 0.2, 31)
	m := twoMediators
	m.FixedEffects = []string{"id", "year"}
	res, err := Mediate(context.Background(), p, m, MediationSettings{Estimate: EstimateSettings{Cluster: []string{"id"}},
		Bootstrap: BootstrapSettings{Reps: 30, Seed: 2}})
	if err != nil {
		t.Fatal(err)
	}
	layout, err := res.Table(MediationTableOptions{Lang: table.En})
	if err != nil {
		t.Fatal(err)
	}
	if layout.Columns != 4 {
		t.Fatalf("%d columns, want stub + m1 + m2 + y", layout.Columns)
	}
	var effect, kind table.Row
	for i, row := range layout.Body {
		if row.Cells[0].Text == "Indirect effect a×b" {
			effect, kind = row, layout.Body[i+2]
		}
	}
	if effect.Cells == nil || kind.Cells[0].Text != "Effect" {
		t.Fatalf("no indirect-effect block with an Effect row in %+v", layout.Body)
	}
	for n, path := range res.Paths {
		cell := effect.Cells[1+n]
		if cell.Value != path.Indirect || cell.Stars != stars(path.Sobel.P) {
			t.Errorf("path %d: cell %+v, want a·b %v with stars %q", n, cell, path.Indirect, stars(path.Sobel.P))
		}
		if kind.Cells[1+n].Text != path.Effect.Label(table.En) {
			t.Errorf("path %d: effect %q, want %q", n, kind.Cells[1+n].Text, path.Effect.Label(table.En))
		}
	}
	if effect.Cells[3].Value != res.IndirectSum {
		t.Errorf("outcome column holds %v, want Σ a·b = %v", effect.Cells[3].Value, res.IndirectSum)
	}
	grid := res.TestsGrid("tests", nil, table.En)
	if len(grid.Rows) != 3 || len(grid.Rows[0]) != 12 {
		t.Errorf("tests grid %d rows × %d columns, want 3 × 12", len(grid.Rows), len(grid.Rows[0]))
	}
	if _, err := grid.Layout(); err != nil {
		t.Error(err)
	}
}

// withSyntheticMediators adds to the embedded panel, from a fixed seed, capital = 0.5·balance +
// province effect + noise, tfp = 1 + noise and cp = 0.3·capital + 0.1·balance + province effect + noise;
// labor is the embedded column. scripts/benchmech builds the same panel.
func withSyntheticMediators(tb testing.TB) *Panel {
	tb.Helper()
	p, err := EmbeddedPanel()
	if err != nil {
		tb.Fatal(err)
	}
	balance, err := p.Float("balance")
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 40))
	effect := map[string]float64{}
	n := p.Len()
	capital, tfp, cp := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, k := range p.Keys() {
		if _, ok := effect[k.Entity]; !ok {
			effect[k.Entity] = rng.NormFloat64()
		}
		capital[i] = 0.5*balance[i] + effect[k.Entity] + 0.1*rng.NormFloat64()
		tfp[i] = 1 + 0.1*rng.NormFloat64()
		cp[i] = 0.3*capital[i] + 0.1*balance[i] + effect[k.Entity] + 0.05*rng.NormFloat64()
	}
	for _, c := range []struct {
		name string
		v    []float64
	}{{"capital", capital}, {"tfp", tfp}, {"cp", cp}} {
		if p, err = p.With(c.name, c.v); err != nil {
			tb.Fatal(err)
		}
	}
	return p
}
