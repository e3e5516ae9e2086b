package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// Each case of testdata/cases that a command can run on, through that command. The expected numbers
// are the ones stated for the case (computed independently when the cases were written, given to five
// significant digits, hence the 5e-6 tolerances); where the library already checks a case to full
// precision, the command is checked for the same result and the same dropped rows.

// caseWithKeys copies a case file that has no panel keys, adding the columns row (1, 2, …) and
// period (always 1) at the end of each line, so that ols and fe, which need keys, can read it.
func caseWithKeys(t *testing.T, file string) string {
	t.Helper()
	in, err := os.Open(testref.Case(file))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var b strings.Builder
	sc := bufio.NewScanner(in)
	for line := 0; sc.Scan(); line++ {
		if line == 0 {
			fmt.Fprintf(&b, "%s,row,period\n", sc.Text())
			continue
		}
		fmt.Fprintf(&b, "%s,%d,1\n", sc.Text(), line)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), file)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func checkNear(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.7g, want %.7g (tolerance %g)", what, got, want, tol)
	}
}

// x2 duplicates x1. fe drops x2 with its reason and keeps the coefficient of x1 at 0.825 under the
// group effects.
func TestFECollinearRegressorDropped_PB03(t *testing.T) {
	v := runRegressJSON(t, "fe", "--data", caseWithKeys(t, "PB-03.csv"), "--id", "row", "--time", "period",
		"--formula", "y ~ x1 + x2 | g")
	est, _, _, _ := v.coefficient(t, "x1")
	checkNear(t, "x1", est, 0.825, 5e-6)
	if len(v.DroppedRegressors) != 1 || v.DroppedRegressors[0].Term != "x2" || !strings.Contains(v.DroppedRegressors[0].Reason, "collinear") {
		t.Errorf("dropped regressors %+v, want x2 as collinear", v.DroppedRegressors)
	}
	if len(v.Coefficients) != 1 {
		t.Errorf("%d coefficients, want 1 aligned with its name", len(v.Coefficients))
	}
}

// qrFit is the part of qr --json that the case tests read.
type qrFit struct {
	Quantiles []struct {
		Objective    float64 `json:"objective"`
		NonUnique    bool    `json:"non_unique"`
		Coefficients []struct {
			Term     string  `json:"term"`
			Estimate float64 `json:"estimate"`
		} `json:"coefficients"`
		DroppedRegressors []struct {
			Term   string `json:"term"`
			Reason string `json:"reason"`
		} `json:"dropped_regressors"`
	} `json:"quantiles"`
}

func runQRFit(t *testing.T, args ...string) qrFit {
	t.Helper()
	code, out, errOut := runCLI(t, append(append([]string{"qr"}, args...), "--json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var v qrFit
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	return v
}

// An intercept plus all seven weekday dummies: qr drops one dummy with its relation, and its fit equals
// the fit without that dummy. The kernel standard errors work on 14 rows, where nid and iid do not.
func TestQRDummyTrapDropsOneDummy_PB04(t *testing.T) {
	data := testref.Case("PB-04.csv")
	full := runQRFit(t, "--data", data, "--formula", "load ~ lag_load + mon + tue + wed + thu + fri + sat + sun", "--se", "ker")
	q := full.Quantiles[0]
	if len(q.DroppedRegressors) != 1 || !strings.Contains(q.DroppedRegressors[0].Reason, "linear combination") {
		t.Fatalf("dropped %+v, want one dummy as a linear combination", q.DroppedRegressors)
	}
	dropped := q.DroppedRegressors[0].Term
	var kept []string
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		if d != dropped {
			kept = append(kept, d)
		}
	}
	reduced := runQRFit(t, "--data", data, "--formula", "load ~ lag_load + "+strings.Join(kept, " + "), "--se", "ker")
	want := map[string]float64{}
	for _, c := range reduced.Quantiles[0].Coefficients {
		want[c.Term] = c.Estimate
	}
	if len(want) != len(q.Coefficients) {
		t.Fatalf("%d coefficients, want %d", len(q.Coefficients), len(want))
	}
	for _, c := range q.Coefficients {
		checkNear(t, c.Term, c.Estimate, want[c.Term], 1e-12)
	}
}

// d_dontknow is all zero and d_yes + d_no is the intercept. ols drops both, leaving d_yes as the base:
// y = 1.19091 + 1.63636·x − 0.63030·d_no.
func TestOLSAllZeroDummyDropped_PB06(t *testing.T) {
	v := runRegressJSON(t, "ols", "--data", caseWithKeys(t, "PB-06.csv"), "--id", "row", "--time", "period",
		"--formula", "y ~ x + d_no + d_yes + d_dontknow")
	for term, want := range map[string]float64{"(Intercept)": 1.19091, "x": 1.63636, "d_no": -0.63030} {
		est, _, _, _ := v.coefficient(t, term)
		checkNear(t, term, est, want, 5e-6)
	}
	dropped := map[string]string{}
	for _, d := range v.DroppedRegressors {
		dropped[d.Term] = d.Reason
	}
	if !strings.Contains(dropped["d_dontknow"], "zero") || !strings.Contains(dropped["d_yes"], "collinear") || len(dropped) != 2 {
		t.Errorf("dropped %v, want d_dontknow (all zero) and d_yes (collinear)", dropped)
	}
}

// A lag across 2003, which unit A skips, is missing: only 2002 and 2005 have a lag, so the model has 2
// rows and 2 coefficients and no residual degrees of freedom. Taking the previous row instead would give
// 3 rows.
func TestOLSLagAcrossGapMissing_PB08(t *testing.T) {
	code, _, errOut := runCLI(t, "ols", "--data", testref.Case("PB-08.csv"), "--id", "id", "--time", "year",
		"--formula", "v ~ L(v, 1)")
	if code != 1 || !strings.Contains(errOut, "N = 2 and K = 2") {
		t.Fatalf("exit %d: %s; want exit 1 because N = 2 = K after the gap", code, errOut)
	}
}

// Lags are matched within id and by year: the rows without a lag are the first year of each id and id
// 1's 2014, which follows a gap (the case's expected_lag1 column).
func TestOLSLagWithinEntity_PB09(t *testing.T) {
	v := runRegressJSON(t, "ols", "--data", testref.Case("PB-09.csv"), "--id", "id", "--time", "year",
		"--formula", "v ~ L(v, 1)")
	var got []string
	for _, d := range v.Dropped {
		for _, r := range d.Rows {
			got = append(got, fmt.Sprintf("%s/%d", r.Entity, r.Time))
		}
	}
	if strings.Join(got, " ") != "1/2010 1/2014 2/2011" || v.NObs != 4 {
		t.Errorf("dropped %v with N = %d, want 1/2010 1/2014 2/2011 and N = 4", got, v.NObs)
	}
}

// id 1 has two rows for 2020: every command that declares the panel stops and lists the key.
func TestDuplicateKeysRejected_PB10(t *testing.T) {
	for _, args := range [][]string{
		{"fe", "--formula", "v ~ 1 | id"},
		{"describe"},
		{"qrpd", "--formula", "v ~ v", "--taus", "0.5"},
	} {
		full := append(args, "--data", testref.Case("PB-10.csv"), "--id", "id", "--time", "year")
		code, _, errOut := runCLI(t, full...)
		if code != 1 || !strings.Contains(errOut, "1/2020") || !strings.Contains(errOut, "duplicate") {
			t.Errorf("%s: exit %d: %s; want exit 1 naming the duplicate key 1/2020", args[0], code, errOut)
		}
	}
}

// log(y) of 0 and −2 drops those 2 rows with their reason; with id effects on the 7 rows left,
// β = 0.29764.
func TestFELogNonPositiveDropped_PB11(t *testing.T) {
	v := runRegressJSON(t, "fe", "--data", testref.Case("PB-11.csv"), "--id", "id", "--time", "year",
		"--formula", "log(y) ~ x | id")
	est, se, _, _ := v.coefficient(t, "x")
	checkNear(t, "x", est, 0.29764, 5e-6)
	if math.IsNaN(se) || v.NObs != 7 || v.Excluded != 0 {
		t.Errorf("SE %v, N %d; want a number and N = 7", se, v.NObs)
	}
	if len(v.Dropped) != 1 || v.Dropped[0].Count != 2 || !strings.Contains(v.Dropped[0].Reason, "log") {
		t.Errorf("dropped %+v, want 2 rows for the log", v.Dropped)
	}
}

// "NaN", "Inf" and "-Inf" cells are read as non-finite and their 3 rows dropped listwise.
func TestOLSNonFiniteRowsDropped_PB12(t *testing.T) {
	v := runRegressJSON(t, "ols", "--data", caseWithKeys(t, "PB-12.csv"), "--id", "row", "--time", "period",
		"--formula", "y ~ x1 + x2")
	dropped := 0
	for _, d := range v.Dropped {
		dropped += d.Count
	}
	if dropped != 3 || v.NObs != 5 {
		t.Errorf("%d rows dropped, N = %d; want 3 and 5", dropped, v.NObs)
	}
}

// Clustering on a unique row id equals HC1: β = 1.61841, SE = 0.074550 with K = 4 (the group effects
// are not nested in singleton clusters).
func TestFEClustersAreRowsMatchHC1_PB15(t *testing.T) {
	v := runRegressJSON(t, "fe", "--data", caseWithKeys(t, "PB-15.csv"), "--id", "rowid", "--time", "period",
		"--formula", "y ~ x | g", "--vcov", "cluster:rowid")
	est, se, _, _ := v.coefficient(t, "x")
	checkNear(t, "x", est, 1.61841, 5e-6)
	checkNear(t, "SE(x)", se, 0.074550, 5e-7)
	if v.VCov.K != 4 {
		t.Errorf("K = %d, want 4", v.VCov.K)
	}
}

// Ties: the intercept-only median may be anything in [5, 8] with objective 10, flagged as non-unique.
// With x the solution is a = −1, b = 5 with objective 2, unique though several residuals are 0.
func TestQRTiesNonUnique_PB19(t *testing.T) {
	data := testref.Case("PB-19.csv")
	for _, tc := range []struct {
		formula   string
		objective float64
		nonUnique bool
		check     func(coef map[string]float64) bool
		want      string
	}{
		{"y ~ 1", 10, true, func(c map[string]float64) bool { return c["(Intercept)"] >= 5 && c["(Intercept)"] <= 8 }, "an intercept in [5, 8]"},
		{"y ~ x", 2, false, func(c map[string]float64) bool {
			return math.Abs(c["(Intercept)"]+1) < 1e-9 && math.Abs(c["x"]-5) < 1e-9
		}, "a = −1, b = 5"},
	} {
		q := runQRFit(t, "--data", data, "--formula", tc.formula).Quantiles[0]
		coef := map[string]float64{}
		for _, c := range q.Coefficients {
			coef[c.Term] = c.Estimate
		}
		checkNear(t, tc.formula+" objective", q.Objective, tc.objective, 1e-9)
		if q.NonUnique != tc.nonUnique {
			t.Errorf("%s: non-unique %v, want %v", tc.formula, q.NonUnique, tc.nonUnique)
		}
		if !tc.check(coef) {
			t.Errorf("%s: coefficients %v, want %s", tc.formula, coef, tc.want)
		}
	}
}

// describeJSON runs describe --json and returns each variable's N and mean.
func describeJSON(t *testing.T, args ...string) map[string][2]float64 {
	t.Helper()
	code, out, errOut := runCLI(t, append(append([]string{"describe"}, args...), "--json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var stats []struct {
		Variable string  `json:"variable"`
		N        int     `json:"n"`
		Mean     float64 `json:"mean"`
	}
	decodeDescribe(t, out, &stats)
	got := map[string][2]float64{}
	for _, s := range stats {
		got[s.Variable] = [2]float64{float64(s.N), s.Mean}
	}
	return got
}

// The GBK file is detected and decoded: the key columns 省份 and 年份 are found by their UTF-8 names and
// the five provinces' GDP averages to (40269.6 + 124369.7 + 53850.8 + 14879.2 + 20514.2)/5.
func TestDescribeGBKDecoded_PB26(t *testing.T) {
	got := describeJSON(t, "--data", testref.Case("PB-26.csv"), "--id", "省份", "--time", "年份")
	gdp, ok := got["地区生产总值"]
	if !ok {
		t.Fatalf("variables %v lack 地区生产总值", got)
	}
	checkNear(t, "N", gdp[0], 5, 0)
	checkNear(t, "mean GDP", gdp[1], (40269.6+124369.7+53850.8+14879.2+20514.2)/5, 1e-9)
}

// The byte-order mark is stripped, so --id 省份 finds the first column.
func TestDescribeBOMStripped_PB27(t *testing.T) {
	got := describeJSON(t, "--data", testref.Case("PB-27.csv"), "--id", "省份", "--time", "年份")
	checkNear(t, "mean 值", got["值"][1], (1.5+2.25+0.75)/3, 1e-12)
}

// The command line has no reader options, so the ambiguous "1,2" in gdp_text stops the read with an
// error that names the cell, instead of reading the column as text or truncating "29,492" to 29. The
// library's tests read the separators, percentages and placeholders with options.
func TestDescribeAmbiguousNumberRejected_PB28(t *testing.T) {
	code, _, errOut := runCLI(t, "describe", "--data", caseWithKeys(t, "PB-28.csv"), "--id", "row", "--time", "period")
	for _, want := range []string{"line 5", "gdp_text", `"1,2"`, "ambiguous"} {
		if code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("exit %d: %s; want exit 1 and %s", code, errOut, want)
		}
	}
}

// country_code "NA" (Namibia) stays an entity, and the blank counts are missing, not 0: count has 2
// values with mean 5, amount 3 with mean 4/3.
func TestDescribeNamibiaAndBlanks_PB30(t *testing.T) {
	got := describeJSON(t, "--data", caseWithKeys(t, "PB-30.csv"), "--id", "row", "--time", "period")
	checkNear(t, "N(count)", got["count"][0], 2, 0)
	checkNear(t, "mean(count)", got["count"][1], 5, 1e-12)
	checkNear(t, "N(amount)", got["amount"][0], 3, 0)
	checkNear(t, "mean(amount)", got["amount"][1], 4.0/3, 1e-12)
}

// Near-full mediation: the indirect effect a·b = 5.74062 is the large number, c = c′ + a·b, and the
// Sobel SE is sqrt(b²·SE_a² + a²·SE_b²) of the printed a, b and their SEs.
func TestMediationIndirectIsLarge_PB34(t *testing.T) {
	code, out, errOut := runCLI(t, "mediate", "--data", testref.Case("PB-34.csv"), "--treatment", "X",
		"--mediators", "M", "--outcome", "Y", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	type coef struct {
		Estimate float64 `json:"estimate"`
		SE       float64 `json:"se"`
	}
	var v struct {
		TotalEffect  coef `json:"total_effect"`
		DirectEffect coef `json:"direct_effect"`
		Paths        []struct {
			A, B     coef
			Indirect float64 `json:"indirect"`
			Sobel    struct {
				SE float64 `json:"se"`
			} `json:"sobel"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	p := v.Paths[0]
	checkNear(t, "a·b", p.Indirect, 5.74062, 5e-6)
	checkNear(t, "c − c′ − a·b", v.TotalEffect.Estimate-v.DirectEffect.Estimate-p.Indirect, 0, 1e-12)
	sobel := math.Sqrt(p.B.Estimate*p.B.Estimate*p.A.SE*p.A.SE + p.A.Estimate*p.A.Estimate*p.B.SE*p.B.SE)
	checkNear(t, "Sobel SE", p.Sobel.SE, sobel, 1e-12*sobel)
	if p.Indirect < 10*math.Abs(v.DirectEffect.Estimate) {
		t.Errorf("indirect %v is not the large number next to the direct %v", p.Indirect, v.DirectEffect.Estimate)
	}
}
