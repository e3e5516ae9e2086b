package cpstat

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat/quantreg"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/internal/testref"
)

// crossSectionCSV reads a CSV without panel keys with ReadCSV and declares it a cross-section.
func crossSectionCSV(t testing.TB, path string) *Panel {
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

// engelReference is the part of testdata/reference/cases/f1_quantreg_engel.json that these tests
// compare: rq(foodexp ~ income, tau, method = "br") and summary.rq in R quantreg 5.94.
type engelReference struct {
	N     int       `json:"n"`
	P     int       `json:"p"`
	Taus  []float64 `json:"taus"`
	ByTau map[string]struct {
		Coefficients map[string]float64 `json:"coefficients"`
		ObjectiveRho float64            `json:"objective_rho"`
		SENid        engelInference     `json:"se_nid"`
		SEIid        engelInference     `json:"se_iid"`
		SEKer        engelInference     `json:"se_ker"`
	} `json:"by_tau"`
}

type engelInference struct {
	StdError map[string]float64 `json:"std_error"`
	TValue   map[string]float64 `json:"t_value"`
	PValue   map[string]float64 `json:"p_value"`
}

func relativeDiff(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

// Reference case f1_quantreg_engel, end to end: ReadCSV, CrossSection, the formula foodexp ~ income and
// QuantReg with nid, iid and kernel standard errors, against R quantreg 5.94's rq(method = "br") and
// summary.rq. The tolerance 1e-8 relative is the reference README's for exact LP solutions: the simplex
// reaches R's vertex, so only rounding separates the numbers. P-values are compared with an absolute
// tolerance of 1e-12 because R forms them as 1 − pt(|t|), exact to about 1e-16 absolute.
func TestQuantRegEngel_f1(t *testing.T) {
	var ref engelReference
	testref.LoadCase(t, "f1_quantreg_engel", &ref)
	p := crossSectionCSV(t, testref.ReferenceData("quantreg_engel.csv"))
	const tol = 1e-8
	methods := []struct {
		name   string
		method quantreg.SEMethod
	}{{"nid", quantreg.SENID}, {"iid", quantreg.SEIID}, {"ker", quantreg.SEKernel}}

	var worst float64
	defer func() { t.Logf("largest relative difference from R: %.2g", worst) }()
	for _, tau := range ref.Taus {
		want := ref.ByTau["tau_"+strconv.FormatFloat(tau, 'f', -1, 64)]
		for _, m := range methods {
			res, err := QuantReg(p, "foodexp ~ income", tau, QRStdErr(m.method))
			if err != nil {
				t.Fatalf("tau %v, %s: %v", tau, m.name, err)
			}
			if res.N != ref.N || len(res.Coef) != ref.P || res.Dropped.Dropped() != 0 || len(res.DroppedRegressors) != 0 {
				t.Fatalf("tau %v: N = %d, p = %d, rows dropped %d, regressors dropped %v; want N = %d, p = %d, none dropped",
					tau, res.N, len(res.Coef), res.Dropped.Dropped(), res.DroppedRegressors, ref.N, ref.P)
			}
			if res.Names[0] != "(Intercept)" || res.Names[1] != "income" {
				t.Fatalf("names %v, want [(Intercept) income]", res.Names)
			}
			if res.DF != ref.N-ref.P {
				t.Errorf("tau %v: df = %d, want %d", tau, res.DF, ref.N-ref.P)
			}
			if e := relativeDiff(res.Objective, want.ObjectiveRho); e > tol {
				t.Errorf("tau %v: objective %.17g, want %.17g", tau, res.Objective, want.ObjectiveRho)
			}
			wantSE := map[string]engelInference{"nid": want.SENid, "iid": want.SEIid, "ker": want.SEKer}[m.name]
			for j, name := range res.Names {
				checks := []struct {
					what      string
					got, want float64
				}{
					{"coef", res.Coef[j], want.Coefficients[name]},
					{"se", res.StdErr[j], wantSE.StdError[name]},
					{"t", res.TValue[j], wantSE.TValue[name]},
				}
				for _, c := range checks {
					e := relativeDiff(c.got, c.want)
					worst = math.Max(worst, e)
					if e > tol {
						t.Errorf("tau %v %s: %s of %s = %.17g, want %.17g (rel diff %.2g)", tau, m.name, c.what, name, c.got, c.want, e)
					}
				}
				if d := math.Abs(res.PValue[j] - wantSE.PValue[name]); d > 1e-12 {
					t.Errorf("tau %v %s: p of %s = %.17g, want %.17g", tau, m.name, name, res.PValue[j], wantSE.PValue[name])
				}
			}
		}
	}
}

// PB-04: an intercept plus all seven weekday dummies, end to end from the CSV. The redundant dummy (sun,
// the last) is dropped with a note, and the coefficients equal those of the formula written without it.
// The expected fitted values and kernel standard errors are from R quantreg 5.94:
//
//	f <- rq(load ~ lag_load + mon + tue + wed + thu + fri + sat, tau = 0.5, data = d, method = "br")
//	summary(f, se = "ker")
//
// The fitted values are exact to the three decimals printed; 1e-9 covers pivot rounding, and 1e-8
// relative is the reference README's tolerance for standard errors of exact LP solutions. R's nid
// standard errors fail on these 14 rows ("singular matrix in 'backsolve'"), and so must ours.
func TestQuantRegDummyTrap_PB04(t *testing.T) {
	p := crossSectionCSV(t, testref.Case("PB-04.csv"))
	const src = "load ~ lag_load + mon + tue + wed + thu + fri + sat + sun"
	full, err := QuantReg(p, src, 0.5, QRStdErr(quantreg.SEKernel))
	if err != nil {
		t.Fatalf("rank-deficient design: %v", err)
	}
	if len(full.DroppedRegressors) != 1 || full.DroppedRegressors[0].Name != "sun" {
		t.Fatalf("dropped regressors %+v, want sun", full.DroppedRegressors)
	}
	if full.Coefficient("sun") != -1 || len(full.Coef) != 8 {
		t.Errorf("kept %v, want 8 coefficients without sun", full.Names)
	}
	if !containsText(full.Notes, "sun") {
		t.Errorf("notes %q do not name the dropped dummy sun", full.Notes)
	}

	reduced, err := QuantReg(p, "load ~ lag_load + mon + tue + wed + thu + fri + sat", 0.5, QRStdErr(quantreg.SEKernel))
	if err != nil {
		t.Fatal(err)
	}
	for j, name := range reduced.Names {
		if full.Names[j] != name || full.Coef[j] != reduced.Coef[j] {
			t.Errorf("coefficient %d: %s = %v with sun in the formula, %s = %v without", j, full.Names[j], full.Coef[j], name, reduced.Coef[j])
		}
	}
	rFitted := []float64{10.2, 11.5, 11.9, 12.4, 13.8, 15.1, 9.7, 10.425, 11.2, 12.125, 11.725, 14.025, 14.725, 9.1}
	for i, want := range rFitted {
		if got := full.Fit.Fitted[i]; math.Abs(got-want) > 1e-9 {
			t.Errorf("row %d: fitted %v, R %v", i+1, got, want)
		}
	}
	rKernelSE := []float64{11.829567834759251, 0.76269421381363811, 4.3467926018186658, 3.9369274248609854,
		3.1508550542415419, 2.5802470170690728, 2.5422603742962004, 1.7582432452070296}
	for j, want := range rKernelSE {
		if e := relativeDiff(full.StdErr[j], want); e > 1e-8 {
			t.Errorf("kernel SE of %s = %.17g, R %.17g (rel diff %.2g)", full.Names[j], full.StdErr[j], want, e)
		}
	}
	if full.N != 14 || full.Dropped.Dropped() != 0 {
		t.Errorf("N = %d, rows dropped %d; want 14 and 0", full.N, full.Dropped.Dropped())
	}

	if _, err := QuantReg(p, src, 0.5); !errors.Is(err, ErrQuantileModel) || !strings.Contains(err.Error(), "nid") {
		t.Errorf("nid standard errors on 14 rows: err = %v, want an error naming nid, as R's summary.rq fails", err)
	}
}

// PB-19: y = {3,4,4,5,8,9,9,10}. The intercept-only median is any value in [5, 8] with Σρ = 10 at τ = 0.5,
// and R's rq(method = "br") reports 5; with x the solution is a = −1, b = 5 with Σρ = 2. These are the
// case's hand computations; the checks are exact up to 1e-12 because the data are small integers.
func TestQuantRegTies_PB19(t *testing.T) {
	p := crossSectionCSV(t, testref.Case("PB-19.csv"))

	median, err := QuantReg(p, "y ~ 1", 0.5, QRStdErr(quantreg.SEKernel))
	if err != nil {
		t.Fatal(err)
	}
	if c := median.Coef[0]; c != 5 {
		t.Errorf("median = %v, want 5, the vertex of [5, 8] that rq(method = \"br\") returns", c)
	}
	if math.Abs(median.Objective-10) > 1e-12 {
		t.Errorf("objective = %v, want 10", median.Objective)
	}
	if !median.NonUnique {
		t.Error("NonUnique = false, want true: every value in [5, 8] is a median")
	}
	if !containsText(median.Notes, "unique") {
		t.Errorf("notes %q do not warn that the solution is not unique", median.Notes)
	}

	line, err := QuantReg(p, "y ~ x", 0.5, QRStdErr(quantreg.SEKernel))
	if err != nil {
		t.Fatal(err)
	}
	if line.Coef[0] != -1 || line.Coef[1] != 5 {
		t.Errorf("coef = %v, want [-1 5]", line.Coef)
	}
	if math.Abs(line.Objective-2) > 1e-12 {
		t.Errorf("objective = %v, want 2", line.Objective)
	}
	if line.NonUnique {
		t.Error("NonUnique = true with x, want false: both group medians are unique")
	}
}

// PB-20: τ = 0 or 1 is rejected before any work, so the error is the τ error even though the formula
// names a column that does not exist.
func TestQuantRegTauBounds_PB20(t *testing.T) {
	p := crossSectionCSV(t, testref.Case("PB-20.csv"))
	for _, tau := range []float64{0, 1, -0.1, 1.5, math.NaN()} {
		_, err := QuantReg(p, "y ~ no_such_column", tau)
		var te *quantreg.TauError
		if !errors.As(err, &te) || !errors.Is(err, quantreg.ErrInvalidTau) || !errors.Is(err, ErrQuantileModel) {
			t.Errorf("QuantReg tau = %v: err = %v, want a *quantreg.TauError wrapping ErrInvalidTau", tau, err)
		}
		_, err = QRPD(p, "y ~ no_such_column", []float64{0.5, tau})
		if !errors.Is(err, quantreg.ErrInvalidTau) {
			t.Errorf("QRPD taus [0.5 %v]: err = %v, want ErrInvalidTau", tau, err)
		}
	}
	if _, err := QuantReg(p, "y ~ x", 0.5); err != nil {
		t.Errorf("tau = 0.5 on the same data: %v", err)
	}
	if _, err := QRPD(p, "y ~ x", nil); !errors.Is(err, ErrQuantileModel) {
		t.Errorf("QRPD without quantiles: err = %v, want ErrQuantileModel", err)
	}
}

// On the embedded panel, labor ~ balance + cpi is not identified at τ = 0.1 (the unit effects separate
// the units). That quantile is recorded in Failed with its reason; τ = 0.5 is still fitted, and asking
// for τ = 0.1 alone is an error.
func TestQRPDKeepsQuantilesAfterAFailedOne(t *testing.T) {
	p, err := EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	res, err := QRPD(p, "labor ~ balance + cpi", []float64{0.1, 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failed) != 1 || res.Failed[0].Tau != 0.1 || !strings.Contains(res.Failed[0].Err.Error(), "not identified") {
		t.Errorf("Failed = %+v, want τ = 0.1 not identified", res.Failed)
	}
	if !slices.Equal(res.Taus, []float64{0.5}) || len(res.Fits) != 1 || res.Fits[0].Tau != 0.5 {
		t.Errorf("Taus = %v with %d fits, want only 0.5", res.Taus, len(res.Fits))
	}
	if note := strings.Join(res.Note(table.En), "\n"); !strings.Contains(note, "τ = 0.1 was not estimated") {
		t.Errorf("table notes do not say τ = 0.1 was not estimated:\n%s", note)
	}
	if _, err := QRPD(p, "labor ~ balance + cpi", []float64{0.1}); !errors.Is(err, ErrQuantileModel) {
		t.Errorf("τ = 0.1 alone: err = %v, want ErrQuantileModel", err)
	}
}

func TestQuantRegRejectsFixedEffects(t *testing.T) {
	p := locationScalePanel(t, 1, 20, 4, false)
	_, err := QuantReg(p, "y ~ x | unit", 0.5)
	if !errors.Is(err, ErrQuantileModel) || !strings.Contains(err.Error(), "QRPD") {
		t.Errorf("err = %v, want ErrQuantileModel pointing to QRPD", err)
	}
	_, err = QRPD(p, "y ~ x | unit", []float64{0.5})
	if !errors.Is(err, ErrQuantileModel) || !strings.Contains(err.Error(), `"|"`) {
		t.Errorf("QRPD err = %v, want ErrQuantileModel asking to remove the | part", err)
	}
}

// A row with a missing value is dropped by the model frame and reported with its key.
func TestQuantRegDropsMissingRowsWithKeys(t *testing.T) {
	p := textPanel(t, "id,year,y,x\n"+
		"a,2001,1,1\na,2002,2,2\na,2003,4,3\nb,2001,2,1\nb,2002,,2\nb,2003,5,3\nc,2001,1.5,1\nc,2002,3,2\nc,2003,4.5,3\n")
	res, err := QuantReg(p, "y ~ x", 0.5, QRStdErr(quantreg.SEKernel))
	if err != nil {
		t.Fatal(err)
	}
	if res.N != 8 || res.Dropped.Dropped() != 1 {
		t.Fatalf("N = %d, dropped %d; want 8 and 1", res.N, res.Dropped.Dropped())
	}
	g := res.Dropped.Groups[0]
	if g.Reason != ReasonMissing || g.Column != "y" || len(g.Keys) != 1 || g.Keys[0] != (RowKey{"b", 2002}) {
		t.Errorf("drop group %+v, want the missing y of b/2002", g)
	}
	if len(res.Keys) != 8 {
		t.Errorf("%d keys of used rows, want 8", len(res.Keys))
	}
}

// In a cross-section each row is its own entity. The pairs cluster bootstrap by entity then draws the
// same rows as the xy bootstrap from the same seed, because the engine draws cluster g with the stream
// that draws row g. So the standard errors are equal bit for bit when the entity codes reach the
// engine in row order.
func TestQuantRegClusterBootstrapByEntity(t *testing.T) {
	p := crossSectionCSV(t, testref.ReferenceData("quantreg_engel.csv"))
	xy, err := QuantReg(p, "foodexp ~ income", 0.5, QRStdErr(quantreg.SEBootstrapXY), QRReplications(50), QRSeed(7))
	if err != nil {
		t.Fatal(err)
	}
	cluster, err := QuantReg(p, "foodexp ~ income", 0.5, QRStdErr(quantreg.SEBootstrapCluster), QRReplications(50), QRSeed(7))
	if err != nil {
		t.Fatal(err)
	}
	if cluster.ClusterColumn != "row" || cluster.Clusters != 235 {
		t.Errorf("clusters %d (%q), want 235 (row)", cluster.Clusters, cluster.ClusterColumn)
	}
	for j := range xy.StdErr {
		if xy.StdErr[j] != cluster.StdErr[j] {
			t.Errorf("%s: xy bootstrap SE %v, cluster bootstrap SE %v", xy.Names[j], xy.StdErr[j], cluster.StdErr[j])
		}
	}
	if cluster.Inference.Replications != 50 {
		t.Errorf("replications %d, want 50", cluster.Inference.Replications)
	}
}

// A named cluster column: rows with a missing cluster are dropped like rows with a missing regressor,
// and the wild bootstrap counts the clusters of the rows used.
func TestQuantRegNamedClusterColumn(t *testing.T) {
	p := locationScalePanel(t, 5, 40, 5, false)
	groups := make([]float64, p.Len())
	for i := range groups {
		groups[i] = float64(i % 8)
	}
	groups[3] = math.NaN()
	p, err := p.With("region", groups)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	res, err := QuantReg(p, "y ~ x", 0.5, QRStdErr(quantreg.SEBootstrapWildCluster), QRCluster("region"),
		QRReplications(40), QRSeed(1), QRProgress(func(done, total int) { calls++ }))
	if err != nil {
		t.Fatal(err)
	}
	if res.ClusterColumn != "region" || res.Clusters != 8 {
		t.Errorf("clusters %d (%q), want 8 (region)", res.Clusters, res.ClusterColumn)
	}
	if res.N != 199 || res.Dropped.Dropped() != 1 || res.Dropped.Groups[0].Column != "region" {
		t.Errorf("N = %d, drops %s; want 199 and the missing region", res.N, res.Dropped)
	}
	if calls != 40 {
		t.Errorf("progress called %d times, want 40", calls)
	}
}

// The location-scale panel of cpstat/quantreg's QRPD tests (simulatePanel in qrpd_sim_test.go):
//
//	y_it = δ_t + a + b·x_it + (1 + c·x_it)·V_it,  V_it = η_i + ε_it,  x_it = 2ξ_i + e_it,
//
// with the unit effect η_i correlated with ξ_i (ρ = 0.8), so the true QRPD slope is
// β(τ) = b + c·√2·Φ⁻¹(τ) and pooled quantile regression is biased. The rows are stored in reverse
// order with text entity keys, so the layer must map them to the engine's units and periods itself.
// The second regressor w has coefficient 0 but is correlated with η_i.
func locationScalePanel(t testing.TB, seed uint64, units, periods int, second bool) *Panel {
	t.Helper()
	d := simulateLocationScale(seed, units, periods, second)
	var b strings.Builder
	b.WriteString("unit,year,y,x")
	if second {
		b.WriteString(",w")
	}
	b.WriteString("\n")
	for i := len(d.y) - 1; i >= 0; i-- {
		b.WriteString("u" + strconv.Itoa(d.unit[i]) + "," + strconv.Itoa(d.year[i]) + "," +
			strconv.FormatFloat(d.y[i], 'g', -1, 64) + "," + strconv.FormatFloat(d.x[i], 'g', -1, 64))
		if second {
			b.WriteString("," + strconv.FormatFloat(d.w[i], 'g', -1, 64))
		}
		b.WriteString("\n")
	}
	tab, err := ReadCSVFrom(strings.NewReader(b.String()), "location-scale panel", WithKeys("unit", "year"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := tab.Panel()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Monte Carlo standard deviations of the QRPD grid estimate on the 1000 × 5 location-scale panel with
// one regressor, measured over 100 replications in cpstat/quantreg's qrpd_test.go (simSpread).
var locationScaleSpread = map[float64]float64{0.25: 0.1538, 0.5: 0.1323, 0.75: 0.1536}

// QRPD through the Panel recovers β(τ) = b + c·√2·Φ⁻¹(τ) at three quantiles within three Monte Carlo
// standard deviations (a correct estimator fails about 0.3% of seeds per quantile), while the pooled
// slope stays biased. The outcome of two units (10 rows) is set missing, so the model frame drops
// those rows with their keys and the fit uses 998 units.
func TestQRPDRecoversLocationScaleSlopes(t *testing.T) {
	p := locationScalePanel(t, 20261204, 1000, 5, false)
	y, err := p.Float("y")
	if err != nil {
		t.Fatal(err)
	}
	missing := 0
	for i, k := range p.Keys() {
		if k.Entity == "u100" || k.Entity == "u101" {
			y[i] = math.NaN()
			missing++
		}
	}
	if p, err = p.With("y_missing", y); err != nil {
		t.Fatal(err)
	}

	taus := []float64{0.25, 0.5, 0.75}
	var reports []QRPDProgress
	res, err := QRPD(p, "y_missing ~ x", taus, QRPDProgressFunc(func(r QRPDProgress) { reports = append(reports, r) }))
	if err != nil {
		t.Fatal(err)
	}
	if res.N != 5000-missing || res.Units != 998 || res.Periods != 5 || res.Dropped.Dropped() != missing {
		t.Errorf("N = %d, units %d, periods %d, dropped %d; want %d, 998, 5, %d", res.N, res.Units, res.Periods,
			res.Dropped.Dropped(), 5000-missing, missing)
	}
	for _, fit := range res.Fits {
		truth := 1 + 0.5*math.Sqrt2*normalQuantile(fit.Tau)
		if e := math.Abs(fit.Coef[0] - truth); e > 3*locationScaleSpread[fit.Tau] {
			t.Errorf("tau %v: QRPD slope %.4f, true %.4f (|error| %.3f > 3 × %.4f)", fit.Tau, fit.Coef[0], truth, e, locationScaleSpread[fit.Tau])
		}
		if e := math.Abs(fit.Start[0] - truth); e < 0.4 {
			t.Errorf("tau %v: pooled slope %.4f is within 0.4 of the truth %.4f; the design should bias it", fit.Tau, fit.Start[0], truth)
		}
		if fit.Optimizer != quantreg.OptimizeGrid {
			t.Errorf("tau %v: optimizer %v, want grid for one regressor", fit.Tau, fit.Optimizer)
		}
		if want := fit.Coef[0] / fit.StdErr[0]; fit.ZValue[0] != want || !(fit.PValue[0] >= 0 && fit.PValue[0] <= 1) {
			t.Errorf("tau %v: z %v (want %v), p %v", fit.Tau, fit.ZValue[0], want, fit.PValue[0])
		}
	}
	if len(reports) == 0 || reports[len(reports)-1].Quantile != 3 || reports[0].Quantiles != 3 || reports[0].Tau != 0.25 {
		t.Errorf("progress reports: first %+v, %d in all; want quantiles 1…3 of 3", reports[0], len(reports))
	}

	path, err := res.Effect("x", 0.95)
	if err != nil {
		t.Fatal(err)
	}
	for q := range taus {
		half := 1.959963984540054 * res.Fits[q].StdErr[0]
		if math.Abs(path.Upper[q]-path.Coef[q]-half) > 1e-12 || math.Abs(path.Coef[q]-path.Lower[q]-half) > 1e-12 {
			t.Errorf("tau %v: band [%v, %v] around %v, want ± %v", taus[q], path.Lower[q], path.Upper[q], path.Coef[q], half)
		}
	}
	if _, err := res.Effect("nosuch", 0.95); !errors.Is(err, ErrQuantileModel) {
		t.Errorf("Effect of an unknown regressor: err = %v", err)
	}
}

// Two regressors with MCMC: the same seed gives bit-identical coefficients, analytic and draw standard
// errors for GOMAXPROCS 1, 2 and 8, and another seed gives other draws.
func TestQRPDSameSeedAnyCores(t *testing.T) {
	p := locationScalePanel(t, 3, 120, 6, true)
	opts := []QRPDOption{WithQRPDSettings(QRPDSettings{Options: quantreg.QRPDOptions{Burn: 200, Chains: 3}}),
		QRPDOptimizer(quantreg.OptimizeMCMC), QRPDSeed(99), QRPDDraws(200)}
	var first *QRPDResult
	for _, procs := range []int{1, 2, 8} {
		res := withProcs(procs, func() (*QRPDResult, error) { return QRPD(p, "y ~ x + w", []float64{0.3, 0.7}, opts...) })
		if res == nil {
			t.Fatalf("GOMAXPROCS %d failed", procs)
		}
		if first == nil {
			first = res
			continue
		}
		for q, fit := range res.Fits {
			want := first.Fits[q]
			for j := range fit.Coef {
				if fit.Coef[j] != want.Coef[j] || fit.StdErr[j] != want.StdErr[j] || fit.DrawStdErr[j] != want.DrawStdErr[j] {
					t.Errorf("GOMAXPROCS %d, tau %v: coef %v SE %v draw SE %v; GOMAXPROCS 1: %v %v %v", procs, fit.Tau,
						fit.Coef, fit.StdErr, fit.DrawStdErr, want.Coef, want.StdErr, want.DrawStdErr)
				}
			}
		}
	}
	other, err := QRPD(p, "y ~ x + w", []float64{0.3, 0.7}, append(opts, QRPDSeed(100))...)
	if err != nil {
		t.Fatal(err)
	}
	if other.Fits[0].Coef[0] == first.Fits[0].Coef[0] {
		t.Error("seeds 99 and 100 give the same MCMC estimate")
	}
	if first.Fits[0].Optimizer != quantreg.OptimizeMCMC || len(first.Fits[0].DrawStdErr) != 2 {
		t.Errorf("optimizer %v, draw SEs %v; want MCMC with two draw SEs", first.Fits[0].Optimizer, first.Fits[0].DrawStdErr)
	}
}

// The QRPD table has one column per quantile titled τ=…, z statistics, N and the number of units, and
// notes that name the optimiser, the seed and the departures from qregpd.
func TestQRPDTableColumnsPerQuantile(t *testing.T) {
	p := locationScalePanel(t, 11, 60, 5, true)
	res, err := QRPD(p, "y ~ x + w", []float64{0.25, 0.75}, QRPDSeed(5))
	if err != nil {
		t.Fatal(err)
	}

	reg := res.Table("QRPD", nil, table.En)
	lay, err := reg.Layout()
	if err != nil {
		t.Fatal(err)
	}
	if lay.Columns != 3 {
		t.Errorf("%d table columns, want the stub and two quantiles", lay.Columns)
	}

	var header strings.Builder
	for _, row := range lay.Header {
		for _, c := range row.Cells {
			header.WriteString(c.Text + " ")
		}
	}
	for _, want := range []string{"τ=0.25", "τ=0.75"} {
		if !strings.Contains(header.String(), want) {
			t.Errorf("header %q lacks %s", header.String(), want)
		}
	}

	notes := strings.Join(lay.Notes, "\n")
	for _, want := range []string{"grid", "seed: 5", "qregpd", "z statistics", "h = ", "10%, 5% and 1%"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	if strings.Contains(notes, "t statistics") {
		t.Errorf("notes call the z statistics t statistics:\n%s", notes)
	}

	cols := res.Columns()
	if cols[0].Stats[0].Value != 300 || cols[0].Stats[1].Value != 60 {
		t.Errorf("stats %+v, want N = 300 and 60 groups", cols[0].Stats)
	}
}

func TestQREffectAcrossQuantiles(t *testing.T) {
	p := crossSectionCSV(t, testref.ReferenceData("quantreg_engel.csv"))
	fits, err := QuantRegQuantiles(context.Background(), p, "foodexp ~ income", []float64{0.25, 0.5})
	if err != nil {
		t.Fatal(err)
	}
	path, err := QREffect(fits, "income", 0.9)
	if err != nil {
		t.Fatal(err)
	}
	// The band is coef ± qt(0.95, 233)·SE, and qt(0.95, 233) = 1.651419646610432 in R 4.2.2. The tolerance
	// allows for gonum's t quantile and the rounding of half/SE.
	const tQuantile = 1.651419646610432
	for q, fit := range fits {
		half := path.Upper[q] - path.Coef[q]
		if math.Abs(half/fit.StdErr[1]-tQuantile) > 1e-9 {
			t.Errorf("tau %v: half-width %v = %v SE, want %v SE", fit.Tau, half, half/fit.StdErr[1], tQuantile)
		}
	}
	if _, err := QREffect(fits, "income", 1.5); !errors.Is(err, ErrQuantileModel) {
		t.Errorf("level 1.5: err = %v", err)
	}
	col := fits[0].Column("τ=0.25")
	if len(col.Coefs) != 2 || col.Coefs[1].Term != "income" || col.Stats[0].Value != 235 {
		t.Errorf("column %+v", col)
	}
}

func TestCrossSectionKeyNames(t *testing.T) {
	tab, err := ReadCSVFrom(strings.NewReader("row,y\n1,2\n3,4\n"), "inline")
	if err != nil {
		t.Fatal(err)
	}
	p, err := tab.CrossSection()
	if err != nil {
		t.Fatal(err)
	}
	if p.EntityColumn() != "row_2" || p.TimeColumn() != "period" {
		t.Errorf("keys %q, %q; want row_2 and period", p.EntityColumn(), p.TimeColumn())
	}
	if k := p.Key(1); k != (RowKey{"2", 1}) {
		t.Errorf("key of the second row %v, want 2/1", k)
	}
	if p.Line(1) != 3 {
		t.Errorf("line of the second row %d, want 3", p.Line(1))
	}
}

func containsText(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// MCMC fits test with the standard deviation of the draws unless the analytic sandwich is asked for,
// and draws without MCMC are rejected before any work.
func TestQRPDStdErrSource(t *testing.T) {
	p := locationScalePanel(t, 4, 80, 5, false)
	mcmc := []QRPDOption{QRPDOptimizer(quantreg.OptimizeMCMC), QRPDSeed(3), QRPDDraws(300)}
	auto, err := QRPD(p, "y ~ x", []float64{0.5}, mcmc...)
	if err != nil {
		t.Fatal(err)
	}
	fit := auto.Fits[0]
	if fit.TestSource != QRPDStdErrDraws || fit.TestStdErr[0] != fit.DrawStdErr[0] || fit.ZValue[0] != fit.Coef[0]/fit.DrawStdErr[0] {
		t.Errorf("auto with MCMC: source %v, test SE %v, draw SE %v, z %v", fit.TestSource, fit.TestStdErr, fit.DrawStdErr, fit.ZValue)
	}
	if notes := strings.Join(auto.Note(table.En), " "); !strings.Contains(notes, "standard deviation of the MCMC draws") {
		t.Errorf("notes do not say the z statistics use the draws:\n%s", notes)
	}

	analytic, err := QRPD(p, "y ~ x", []float64{0.5}, append(mcmc, QRPDStdErrFrom(QRPDStdErrAnalytic))...)
	if err != nil {
		t.Fatal(err)
	}
	if f := analytic.Fits[0]; f.TestSource != QRPDStdErrAnalytic || f.TestStdErr[0] != f.StdErr[0] {
		t.Errorf("analytic with MCMC: source %v, test SE %v, analytic SE %v", f.TestSource, f.TestStdErr, f.StdErr)
	}

	_, err = QRPD(p, "y ~ no_such_column", []float64{0.5}, QRPDStdErrFrom(QRPDStdErrDraws))
	if !errors.Is(err, ErrQuantileModel) || !strings.Contains(err.Error(), "MCMC") {
		t.Errorf("draws without MCMC: err = %v, want ErrQuantileModel naming MCMC", err)
	}
}
