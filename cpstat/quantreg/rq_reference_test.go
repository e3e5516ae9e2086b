package quantreg

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
	"gonum.org/v1/gonum/mat"
)

// f1Case mirrors testdata/reference/cases/f1_quantreg_engel.json.
type f1Case struct {
	N     int       `json:"n"`
	P     int       `json:"p"`
	Taus  []float64 `json:"taus"`
	ByTau map[string]struct {
		Tau            float64            `json:"tau"`
		Coefficients   map[string]float64 `json:"coefficients"`
		ObjectiveRho   float64            `json:"objective_rho"`
		NZeroResiduals int                `json:"n_zero_residuals"`
		SENid          f1Inference        `json:"se_nid"`
		SEIid          f1Inference        `json:"se_iid"`
		SEKer          f1Inference        `json:"se_ker"`
		BandwidthHS    float64            `json:"bandwidth_hall_sheather"`
		BandwidthBof   float64            `json:"bandwidth_bofinger"`
	} `json:"by_tau"`
}

type f1Inference struct {
	StdError map[string]float64 `json:"std_error"`
	TValue   map[string]float64 `json:"t_value"`
	PValue   map[string]float64 `json:"p_value"`
}

// engelDesign reads quantreg's engel data: foodexp on an intercept and income.
func engelDesign(t testing.TB) Design {
	t.Helper()
	f, err := os.Open(testref.ReferenceData("quantreg_engel.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(records[0]); got != "[income foodexp]" {
		t.Fatalf("engel header = %s, want [income foodexp]", got)
	}
	n := len(records) - 1
	x := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	for i, rec := range records[1:] {
		income, err1 := strconv.ParseFloat(rec[0], 64)
		food, err2 := strconv.ParseFloat(rec[1], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("engel row %d: %v %v", i, err1, err2)
		}
		x.Set(i, 0, 1)
		x.Set(i, 1, income)
		y[i] = food
	}
	return Design{Y: y, X: x, Names: []string{"(Intercept)", "income"}}
}

func relDiff(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

// Reference case f1_quantreg_engel: rq(foodexp ~ income, tau, method = "br") and summary.rq with se = "nid",
// "iid" and "ker" from R quantreg 5.94. The tolerance is 1e-8 relative, the one the reference README gives
// for exact LP solutions: our simplex reaches the same vertex, so only rounding in the pivots and in the
// covariance algebra separates the numbers. P-values are compared with an absolute tolerance of 1e-12
// because R forms them as 1 − pt(|t|), which cancels to about 1e-16 absolute (and to exactly 0 for large t).
func TestEngelReference_f1(t *testing.T) {
	var ref f1Case
	testref.LoadCase(t, "f1_quantreg_engel", &ref)
	d := engelDesign(t)
	const tol = 1e-8
	if ref.N != len(d.Y) {
		t.Fatalf("data has %d rows, reference n = %d", len(d.Y), ref.N)
	}
	if len(ref.Taus) != 5 {
		t.Fatalf("reference lists %d quantiles, want 5", len(ref.Taus))
	}
	var worstCoef, worstSE float64
	defer func() {
		t.Logf("largest relative difference: coefficients %.2g, standard errors %.2g", worstCoef, worstSE)
	}()
	for _, tau := range ref.Taus {
		key := "tau_" + strconv.FormatFloat(tau, 'f', -1, 64)
		want, ok := ref.ByTau[key]
		if !ok {
			t.Fatalf("reference has no entry %s", key)
		}
		t.Run(key, func(t *testing.T) {
			res, err := Fit(d, tau, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.N != ref.N || len(res.Coef) != ref.P || len(res.Dropped) != 0 {
				t.Fatalf("N = %d, p = %d, dropped = %v; want N = %d, p = %d, none dropped", res.N, len(res.Coef), res.Dropped, ref.N, ref.P)
			}
			for j, name := range res.Names {
				e := relDiff(res.Coef[j], want.Coefficients[name])
				worstCoef = math.Max(worstCoef, e)
				if e > tol {
					t.Errorf("coef %s = %.17g, want %.17g (rel diff %.2g)", name, res.Coef[j], want.Coefficients[name], e)
				}
			}
			if e := relDiff(res.Objective, want.ObjectiveRho); e > tol {
				t.Errorf("objective = %.17g, want %.17g", res.Objective, want.ObjectiveRho)
			}
			if res.ZeroResiduals != want.NZeroResiduals {
				t.Errorf("zero residuals = %d, want %d", res.ZeroResiduals, want.NZeroResiduals)
			}
			if res.NonUnique || res.Degenerate {
				t.Errorf("NonUnique = %v, Degenerate = %v; want a unique non-degenerate vertex", res.NonUnique, res.Degenerate)
			}
			if e := relDiff(BandwidthHallSheather(tau, ref.N, 0.05), want.BandwidthHS); e > 1e-12 {
				t.Errorf("Hall–Sheather bandwidth rel diff %.2g", e)
			}
			if e := relDiff(BandwidthBofinger(tau, ref.N), want.BandwidthBof); e > 1e-12 {
				t.Errorf("Bofinger bandwidth rel diff %.2g", e)
			}

			methods := []struct {
				method SEMethod
				want   f1Inference
			}{{SENID, want.SENid}, {SEIID, want.SEIid}, {SEKernel, want.SEKer}}
			for _, m := range methods {
				inf, err := res.Infer(context.Background(), InferenceOptions{Method: m.method})
				if err != nil {
					t.Fatalf("%v: %v", m.method, err)
				}
				if inf.DF != ref.N-ref.P {
					t.Errorf("%v: DF = %d, want %d", m.method, inf.DF, ref.N-ref.P)
				}
				for j, name := range inf.Names {
					e := relDiff(inf.StdErr[j], m.want.StdError[name])
					worstSE = math.Max(worstSE, e)
					if e > tol {
						t.Errorf("%v: SE %s = %.17g, want %.17g (rel diff %.2g)", m.method, name, inf.StdErr[j], m.want.StdError[name], e)
					}
					if e := relDiff(inf.TValue[j], m.want.TValue[name]); e > tol {
						t.Errorf("%v: t %s = %.17g, want %.17g (rel diff %.2g)", m.method, name, inf.TValue[j], m.want.TValue[name], e)
					}
					if e := math.Abs(inf.PValue[j] - m.want.PValue[name]); e > 1e-12 {
						t.Errorf("%v: p %s = %.17g, want %.17g", m.method, name, inf.PValue[j], m.want.PValue[name])
					}
				}
			}
		})
	}
}

// The Bofinger bandwidth option: summary(rq(foodexp ~ income, tau, data = engel), se, hs = FALSE) in
// R 4.2.2 with quantreg 5.94, run for this test. The tolerance is the 1e-8 of the f1 case.
func TestBofingerStdErrorsMatchR(t *testing.T) {
	d := engelDesign(t)
	cases := []struct {
		tau    float64
		method SEMethod
		want   [2]float64
	}{
		{0.25, SENID, [2]float64{21.961608484080855, 0.029296462393334905}},
		{0.25, SEIID, [2]float64{16.40819217682877, 0.014772526013914114}},
		{0.25, SEKernel, [2]float64{28.342470700266311, 0.033856647614218707}},
		{0.5, SENID, [2]float64{20.2574222222819, 0.028686120077075609}},
		{0.5, SEIID, [2]float64{13.532453927546783, 0.012183458453094228}},
		{0.5, SEKernel, [2]float64{34.283826273008017, 0.040386168046686793}},
	}
	for _, c := range cases {
		res, err := Fit(d, c.tau, Options{})
		if err != nil {
			t.Fatal(err)
		}
		inf, err := res.Infer(context.Background(), InferenceOptions{Method: c.method, Bandwidth: Bofinger})
		if err != nil {
			t.Fatalf("tau %v %v: %v", c.tau, c.method, err)
		}
		for j := range c.want {
			if e := relDiff(inf.StdErr[j], c.want[j]); e > 1e-8 {
				t.Errorf("tau %v %v: SE %s = %.17g, want %.17g (rel diff %.2g)", c.tau, c.method, res.Names[j], inf.StdErr[j], c.want[j], e)
			}
		}
	}
}
