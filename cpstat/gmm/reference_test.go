package gmm

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// loadEmplUK reads plm's EmplUK data (140 firms, 1976–1984) with the log variables of Arellano and Bond
// (1991): n = log(emp), w = log(wage), k = log(capital), ys = log(output).
func loadEmplUK(t testing.TB) *Panel {
	t.Helper()
	p, err := readEmplUK()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func readEmplUK() (*Panel, error) {
	f, err := os.Open(testref.ReferenceData("plm_EmplUK.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for j, name := range records[0] {
		col[name] = j
	}
	p := &Panel{Vars: map[string][]float64{}}
	logs := map[string]string{"n": "emp", "w": "wage", "k": "capital", "ys": "output"}
	for _, rec := range records[1:] {
		year, err := strconv.Atoi(rec[col["year"]])
		if err != nil {
			return nil, err
		}
		p.Units = append(p.Units, rec[col["firm"]])
		p.Times = append(p.Times, year)
		for short, long := range logs {
			x, err := strconv.ParseFloat(rec[col[long]], 64)
			if err != nil {
				return nil, err
			}
			p.Vars[short] = append(p.Vars[short], math.Log(x))
		}
	}
	return p, nil
}

// gmmCase is the part of a reference case file (testdata/reference/cases/e*.json) that the tests compare.
type gmmCase struct {
	RCall        string             `json:"r_call"`
	NObsUsed     int                `json:"n_obs_used"`
	NFirms       int                `json:"n_firms"`
	NInstruments int                `json:"n_instruments"`
	CoefNames    []string           `json:"coef_names"`
	Coefficients map[string]float64 `json:"coefficients"`
	FirstStep    map[string]float64 `json:"first_step_coefficients"`
	SERobust     map[string]float64 `json:"se_robust"`
	SENonRobust  map[string]float64 `json:"se_nonrobust"`
	ZRobust      map[string]float64 `json:"z_robust"`
	VcovRobust   struct {
		Rownames []string    `json:"rownames"`
		Data     [][]float64 `json:"data"`
	} `json:"vcov_robust"`
	SarganTwoSteps refTest `json:"sargan_twosteps_weights"`
	SarganOneStep  refTest `json:"sargan_onestep_weights"`
	AR1Robust      refTest `json:"ar1_robust"`
	AR2Robust      refTest `json:"ar2_robust"`
	AR1NonRobust   refTest `json:"ar1_nonrobust"`
	AR2NonRobust   refTest `json:"ar2_nonrobust"`
	WaldCoefRob    refTest `json:"wald_coef_robust"`
	WaldTimeRob    refTest `json:"wald_time_dummies_robust"`
	WaldCoefNon    refTest `json:"wald_coef_nonrobust"`
	WaldTimeNon    refTest `json:"wald_time_dummies_nonrobust"`
}

type refTest struct {
	Statistic float64  `json:"statistic"`
	DF        *float64 `json:"df"`
	PValue    float64  `json:"p_value"`
}

// pgmmNames maps the coefficient names of the reference cases (pgmm's formula terms) to ours.
var pgmmNames = map[string]string{
	"lag(log(emp), 1:2)1":     "L.n",
	"lag(log(emp), 1:2)2":     "L2.n",
	"lag(log(emp), 1)":        "L.n",
	"lag(log(wage), 0:1)0":    "w",
	"lag(log(wage), 0:1)1":    "L.w",
	"log(capital)":            "k",
	"lag(log(capital), 0:1)0": "k",
	"lag(log(capital), 0:1)1": "L.k",
	"lag(log(output), 0:1)0":  "ys",
	"lag(log(output), 0:1)1":  "L.ys",
	"(Intercept)":             ConstantName,
}

func ourName(pgmm string) string {
	if n, ok := pgmmNames[pgmm]; ok {
		return n
	}
	return pgmm // time dummies keep the year as their name
}

// abSpec is the difference GMM specification of e1 and e2 (Arellano and Bond 1991, Table 4 col. b): n on
// L.n, L2.n, w, L.w, k, ys, L.ys and year dummies. The GMM-style instruments are n at lags 2 and up, and
// pgmm's default IV-style instruments let the other regressors instrument themselves.
func abSpec() Spec {
	spec := Spec{
		Dependent: "n",
		Regressors: []Term{
			{Var: "n", Lags: []int{1, 2}},
			{Var: "w", Lags: []int{0, 1}},
			{Var: "k"},
			{Var: "ys", Lags: []int{0, 1}},
		},
		GMM:         []GMMStyle{{Vars: []string{"n"}, MinLag: 2, MaxLag: 99}},
		TimeDummies: true,
	}
	spec.IV = DefaultIV(spec)
	return spec
}

// bbSpec is the system GMM specification of e3 (Blundell and Bond 1998, Table 4): n on L.n, w, L.w, k, L.k,
// the constant and year dummies, with GMM-style instruments n, w, k at lags 2 and up.
func bbSpec() Spec {
	return Spec{
		Dependent: "n",
		Regressors: []Term{
			{Var: "n", Lags: []int{1}},
			{Var: "w", Lags: []int{0, 1}},
			{Var: "k", Lags: []int{0, 1}},
		},
		GMM: []GMMStyle{
			{Vars: []string{"n"}, MinLag: 2, MaxLag: 99},
			{Vars: []string{"w"}, MinLag: 2, MaxLag: 99},
			{Vars: []string{"k"}, MinLag: 2, MaxLag: 99},
		},
		System:      true,
		TimeDummies: true,
	}
}

// refTol is the relative tolerance for every reference statistic, the one the reference README gives for GMM.
// pgmm solves the same linear systems with other routines (R's solve and LAPACK versus gonum's Cholesky).
// The largest relative difference measured on e1–e3 is 2e-9, for the e3 coefficients.
const refTol = 1e-7

func TestReferenceDiffOneStep_e1(t *testing.T) {
	checkReference(t, "e1_diff_gmm_onestep_empluk", abSpec(), Options{})
}

func TestReferenceDiffTwoStep_e2(t *testing.T) {
	checkReference(t, "e2_diff_gmm_twostep_empluk", abSpec(), Options{TwoStep: true})
}

func TestReferenceSysOneStep_e3(t *testing.T) {
	checkReference(t, "e3_sys_gmm_onestep_empluk", bbSpec(), Options{})
}

func checkReference(t *testing.T, caseName string, spec Spec, opts Options) {
	var ref gmmCase
	testref.LoadCase(t, caseName, &ref)
	res, err := Fit(loadEmplUK(t), spec, opts)
	if err != nil {
		t.Fatalf("%s: %v", ref.RCall, err)
	}

	if res.NumObs != ref.NObsUsed {
		t.Errorf("NumObs = %d, pgmm n_obs_used = %d", res.NumObs, ref.NObsUsed)
	}
	if res.NumUnits != ref.NFirms {
		t.Errorf("NumUnits = %d, reference n_firms = %d", res.NumUnits, ref.NFirms)
	}
	if res.NumInstruments != ref.NInstruments {
		t.Errorf("NumInstruments = %d, pgmm n_instruments = %d", res.NumInstruments, ref.NInstruments)
	}
	if len(res.DroppedUnits) != 0 || len(res.MissingValues) != 0 || len(res.DroppedCoefficients) != 0 {
		t.Errorf("drops: units %v, missing %v, coefficients %v; EmplUK has none", res.DroppedUnits, res.MissingValues, res.DroppedCoefficients)
	}
	if len(res.CoefNames) != len(ref.CoefNames) {
		t.Fatalf("coefficients %v, reference %v", res.CoefNames, ref.CoefNames)
	}

	index := map[string]int{}
	for k, name := range res.CoefNames {
		index[name] = k
	}
	for _, name := range ref.CoefNames {
		k, ok := index[ourName(name)]
		if !ok {
			t.Errorf("coefficient %s (pgmm %q) missing from %v", ourName(name), name, res.CoefNames)
			continue
		}
		checkRel(t, "coef "+name, res.Coef[k], ref.Coefficients[name])
		checkRel(t, "robust SE "+name, res.Robust.SE[k], ref.SERobust[name])
		checkRel(t, "robust z "+name, res.Robust.Z[k], ref.ZRobust[name])
		checkRel(t, "non-robust SE "+name, res.NonRobust.SE[k], ref.SENonRobust[name])
		if ref.FirstStep != nil {
			checkRel(t, "one-step coef "+name, res.OneStepCoef[k], ref.FirstStep[name])
		}
	}
	for i, rn := range ref.VcovRobust.Rownames {
		for j, cn := range ref.VcovRobust.Rownames {
			// Off-diagonal entries near zero carry the rounding of both programs, so compare them
			// relative to the diagonal scale sqrt(v_ii v_jj).
			scale := math.Sqrt(ref.VcovRobust.Data[i][i] * ref.VcovRobust.Data[j][j])
			got := res.Robust.Vcov.At(index[ourName(rn)], index[ourName(cn)])
			if diff := math.Abs(got - ref.VcovRobust.Data[i][j]); diff > refTol*scale {
				t.Errorf("robust vcov[%s, %s] = %.12g, pgmm %.12g", rn, cn, got, ref.VcovRobust.Data[i][j])
			}
		}
	}

	checkChi(t, "Sargan (two-step weights)", res.Hansen, ref.SarganTwoSteps)
	checkChi(t, "Sargan (one-step weights)", res.Sargan, ref.SarganOneStep)
	checkChi(t, "Wald coef robust", res.Robust.WaldCoef, ref.WaldCoefRob)
	checkChi(t, "Wald time robust", res.Robust.WaldTime, ref.WaldTimeRob)
	checkChi(t, "Wald coef non-robust", res.NonRobust.WaldCoef, ref.WaldCoefNon)
	checkChi(t, "Wald time non-robust", res.NonRobust.WaldTime, ref.WaldTimeNon)
	checkAR(t, "AR(1) robust", res.Robust.AR[0], ref.AR1Robust)
	checkAR(t, "AR(2) robust", res.Robust.AR[1], ref.AR2Robust)
	checkAR(t, "AR(1) non-robust", res.NonRobust.AR[0], ref.AR1NonRobust)
	checkAR(t, "AR(2) non-robust", res.NonRobust.AR[1], ref.AR2NonRobust)
}

func checkRel(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !(math.Abs(got-want) <= refTol*math.Abs(want)) {
		t.Errorf("%s = %.15g, pgmm %.15g (relative difference %.2g)", what, got, want, math.Abs(got-want)/math.Abs(want))
	}
}

func checkChi(t *testing.T, what string, got ChiSquareTest, want refTest) {
	t.Helper()
	checkRel(t, what+" statistic", got.Statistic, want.Statistic)
	if want.DF != nil && got.DF != int(*want.DF) {
		t.Errorf("%s df = %d, pgmm %v", what, got.DF, *want.DF)
	}
	checkP(t, what, got.PValue, want.PValue)
}

func checkAR(t *testing.T, what string, got ARTest, want refTest) {
	t.Helper()
	checkRel(t, what+" statistic", got.Statistic, want.Statistic)
	checkP(t, what, got.PValue, want.PValue)
}

// checkP compares p-values to 1e-6 relative, because a p-value inherits the statistic's relative error times
// the density's slope. Values below 1e-300 underflow differently in R and gonum, so they are only checked to
// be tiny.
func checkP(t *testing.T, what string, got, want float64) {
	t.Helper()
	if want < 1e-300 {
		if got > 1e-300 {
			t.Errorf("%s p = %g, pgmm %g", what, got, want)
		}
		return
	}
	if !(math.Abs(got-want) <= 1e-6*want) {
		t.Errorf("%s p = %.15g, pgmm %.15g", what, got, want)
	}
}
