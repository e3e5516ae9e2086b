package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// regressJSON decodes the output of ols or fe --json. Numbers are pointers so that null is visible.
type regressJSON struct {
	Formula      string `json:"formula"`
	Command      string `json:"command"`
	Coefficients []struct {
		Term      string   `json:"term"`
		Estimate  *float64 `json:"estimate"`
		StdError  *float64 `json:"std_error"`
		Statistic *float64 `json:"statistic"`
		PValue    *float64 `json:"p_value"`
		ConfLow   *float64 `json:"conf_low"`
	} `json:"coefficients"`
	Cons     *struct{ Estimate *float64 } `json:"cons"`
	NObs     int                          `json:"nobs"`
	Excluded int                          `json:"excluded_rows"`
	K        int                          `json:"k"`
	DFResid  int                          `json:"df_resid"`
	R2       *float64                     `json:"r2"`
	R2Within *float64                     `json:"r2_within"`
	VCov     struct {
		Type       string   `json:"type"`
		Convention string   `json:"convention"`
		K          int      `json:"K"`
		DF         *float64 `json:"df"`
		Clusters   []struct {
			Name  string `json:"name"`
			Count int    `json:"count"`
		} `json:"clusters"`
		FewClusters bool `json:"few_clusters"`
	} `json:"vcov"`
	Dropped []struct {
		Reason string `json:"reason"`
		Column string `json:"column"`
		Count  int    `json:"count"`
		Rows   []struct {
			Entity string `json:"entity"`
			Time   int    `json:"time"`
		} `json:"rows"`
	} `json:"dropped"`
	DroppedRegressors []struct {
		Term   string `json:"term"`
		Reason string `json:"reason"`
	} `json:"dropped_regressors"`
}

func runRegressJSON(t *testing.T, args ...string) regressJSON {
	t.Helper()
	code, out, errOut := runCLI(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var v regressJSON
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	return v
}

// coefficient returns the JSON coefficient of a term.
func (v regressJSON) coefficient(t *testing.T, term string) (estimate, se, stat, p float64) {
	t.Helper()
	for _, c := range v.Coefficients {
		if c.Term == term {
			if c.Estimate == nil || c.StdError == nil || c.Statistic == nil || c.PValue == nil {
				t.Fatalf("coefficient %s has null fields", term)
			}
			return *c.Estimate, *c.StdError, *c.Statistic, *c.PValue
		}
	}
	t.Fatalf("no coefficient %q in %+v", term, v.Coefficients)
	return
}

// closeTo reports whether got is within rel of want, relative to |want|. The reference values are
// R's doubles at round-trip precision and JSON carries Go's shortest round-trip form, so the
// tolerances of the library's reference tests apply: 1e-9 for estimates and errors, 1e-8 for p-values.
func closeTo(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want) }

// ols with --vcov hc1 on the Grunfeld CSV gives lm + sandwich::vcovHC(type = "HC1") in R 4.2.2 (case a1).
func TestOLSJSONPooledHC1_A1(t *testing.T) {
	var ref struct {
		N   int `json:"N"`
		HC1 struct {
			Estimate map[string]float64 `json:"estimate"`
			StdError map[string]float64 `json:"std_error"`
			TValue   map[string]float64 `json:"t_value"`
			PT       map[string]float64 `json:"p_t"`
			TDF      float64            `json:"t_df"`
		} `json:"hc1"`
		R2 float64 `json:"r_squared"`
	}
	testref.LoadCase(t, "a1_pooled_ols_hc1_grunfeld", &ref)
	v := runRegressJSON(t, "ols", "--data", testref.ReferenceData("plm_Grunfeld.csv"), "--id", "firm", "--time", "year",
		"--formula", "inv ~ value + capital", "--vcov", "hc1")

	if v.NObs != ref.N || v.K != 3 || v.Command != "ols" || v.Cons != nil {
		t.Errorf("nobs %d, k %d, command %q, cons %v; want %d, 3, ols, null", v.NObs, v.K, v.Command, v.Cons, ref.N)
	}
	for term, want := range ref.HC1.Estimate {
		b, se, stat, p := v.coefficient(t, term)
		if !closeTo(b, want, 1e-9) || !closeTo(se, ref.HC1.StdError[term], 1e-9) || !closeTo(stat, ref.HC1.TValue[term], 1e-9) {
			t.Errorf("%s: b %v, se %v, t %v; want %v, %v, %v", term, b, se, stat, want, ref.HC1.StdError[term], ref.HC1.TValue[term])
		}
		if !closeTo(p, ref.HC1.PT[term], 1e-8) {
			t.Errorf("%s: p %v, want %v", term, p, ref.HC1.PT[term])
		}
	}
	if v.VCov.Type != "hc1" || v.VCov.K != 3 || v.VCov.DF == nil || *v.VCov.DF != ref.HC1.TDF {
		t.Errorf("vcov %+v, want hc1 with K = 3 and df %g", v.VCov, ref.HC1.TDF)
	}
	if v.R2 == nil || !closeTo(*v.R2, ref.R2, 1e-9) {
		t.Errorf("r2 %v, want %v", v.R2, ref.R2)
	}
}

// fe with two-way effects, clustered by state, on the Produc CSV: the Stata convention counts the year
// effects (K = 21) and reghdfe one fewer (K = 20); standard errors from case c1 (plm and sandwich in R
// 4.2.2), p-values from t(47).
func TestFEJSONConventions_C1(t *testing.T) {
	var ref struct {
		Clustered map[string]struct {
			K  int                `json:"K"`
			SE map[string]float64 `json:"se"`
		} `json:"clustered"`
		Coef     map[string]float64 `json:"coefficients"`
		R2Within float64            `json:"r_squared_within"`
		N        int                `json:"N"`
	}
	testref.LoadCase(t, "c1_fe_twoway_cluster_produc", &ref)
	for _, tc := range []struct{ ssc, key string }{{"stata", "stata_xtreg_fe_iyear"}, {"reghdfe", "nested_K_slopes_plus_Tm1"},
		{"plm", "sss_K_slopes"}, {"areg", "areg_lsdv_full"}} {
		t.Run(tc.ssc, func(t *testing.T) {
			v := runRegressJSON(t, "fe", "--data", testref.ReferenceData("plm_Produc.csv"), "--id", "state", "--time", "year",
				"--formula", "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state + year",
				"--vcov", "cluster:state", "--ssc", tc.ssc)
			want := ref.Clustered[tc.key]
			if v.NObs != ref.N || v.VCov.K != want.K || v.VCov.Convention != tc.ssc {
				t.Errorf("nobs %d, K %d, convention %q; want %d, %d, %q", v.NObs, v.VCov.K, v.VCov.Convention, ref.N, want.K, tc.ssc)
			}
			if len(v.VCov.Clusters) != 1 || v.VCov.Clusters[0] != (struct {
				Name  string `json:"name"`
				Count int    `json:"count"`
			}{"state", 48}) {
				t.Errorf("clusters %+v, want state with 48", v.VCov.Clusters)
			}
			for term, se := range want.SE {
				b, gotSE, _, _ := v.coefficient(t, term)
				if !closeTo(b, ref.Coef[term], 1e-9) || !closeTo(gotSE, se, 1e-9) {
					t.Errorf("%s: b %v, se %v; want %v, %v", term, b, gotSE, ref.Coef[term], se)
				}
			}
			if v.R2Within == nil || !closeTo(*v.R2Within, ref.R2Within, 1e-9) {
				t.Errorf("r2_within %v, want %v", v.R2Within, ref.R2Within)
			}
			if v.Cons == nil || v.Cons.Estimate == nil {
				t.Errorf("fe output has no _cons")
			}
		})
	}
}

// Singletons are dropped and listed with their keys in the JSON, and N = 12 (case PB-01).
func TestFEJSONSingletons_PB01(t *testing.T) {
	v := runRegressJSON(t, "fe", "--data", testref.Case("PB-01.csv"), "--id", "id", "--time", "year", "--formula", "y ~ x | id")
	if v.NObs != 12 || len(v.Dropped) != 1 {
		t.Fatalf("nobs %d with drops %+v, want 12 and one group", v.NObs, v.Dropped)
	}
	d := v.Dropped[0]
	if d.Reason != "singleton" || d.Column != "id" || d.Count != 4 || len(d.Rows) != 4 || d.Rows[0].Entity != "1" || d.Rows[0].Time != 2020 {
		t.Errorf("drop %+v, want 4 singletons in id starting at 1/2020", d)
	}
	if b, _, _, _ := v.coefficient(t, "x"); math.Abs(b-1.41573) > 5e-6 {
		t.Errorf("β = %v, want 1.41573", b)
	}
	kept := runRegressJSON(t, "fe", "--data", testref.Case("PB-01.csv"), "--id", "id", "--time", "year",
		"--formula", "y ~ x | id", "--keep-singletons")
	if kept.NObs != 16 || len(kept.Dropped) != 0 {
		t.Errorf("--keep-singletons: nobs %d with drops %+v, want 16 and none", kept.NObs, kept.Dropped)
	}
}

// --window keeps the periods given: Grunfeld's 1940–1949 are 10 years of 10 firms.
func TestOLSWindow(t *testing.T) {
	v := runRegressJSON(t, "ols", "--data", testref.ReferenceData("plm_Grunfeld.csv"), "--id", "firm", "--time", "year",
		"--formula", "inv ~ value + capital", "--window", "1940:1949")
	if v.NObs != 100 || v.Excluded != 100 {
		t.Errorf("nobs %d, excluded %d; want 100 and 100", v.NObs, v.Excluded)
	}
}

func TestRegressUsageErrors(t *testing.T) {
	grunfeld := testref.ReferenceData("plm_Grunfeld.csv")
	keys := []string{"--data", grunfeld, "--id", "firm", "--time", "year"}
	cases := []struct {
		name string
		args []string
		text string
	}{
		{"ols with fixed effects", []string{"ols", "--formula", "inv ~ value | firm"}, "run cpstat fe"},
		{"fe without fixed effects", []string{"fe", "--formula", "inv ~ value"}, "has no fixed effects"},
		{"missing formula", []string{"ols"}, "--formula is required"},
		{"formula syntax", []string{"ols", "--formula", "inv ~ value +"}, "--formula"},
		{"unknown vcov", []string{"ols", "--formula", "inv ~ value", "--vcov", "robust"}, "is not one of"},
		{"cluster without column", []string{"ols", "--formula", "inv ~ value", "--vcov", "cluster:"}, "one or two columns"},
		{"unknown ssc", []string{"ols", "--formula", "inv ~ value", "--vcov", "cluster:firm", "--ssc", "stat"}, "unknown small-sample convention"},
		{"bad window", []string{"ols", "--formula", "inv ~ value", "--window", "1940-1949"}, "--window"},
		{"reversed window", []string{"ols", "--formula", "inv ~ value", "--window", "1949:1940"}, "earlier period first"},
		{"unknown column", []string{"ols", "--formula", "inv ~ valeu"}, "valeu"},
		{"bad level", []string{"ols", "--formula", "inv ~ value", "--level", "95"}, "--level"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string{}, tc.args...), keys...)
			code, _, errOut := runCLI(t, args...)
			if code != 2 || !strings.Contains(errOut, tc.text) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.text)
			}
		})
	}
}

// A single cluster cannot give a clustered variance: a data error (exit 1) that names the cluster.
// The rows are those of case PB-13 with id and year keys added, because the CLI reads panels.
func TestOLSOneClusterFails_PB13(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pb13.csv")
	data := "id,year,cl,y,x\n1,2001,A,1.2,0.1\n2,2001,A,1.9,0.7\n3,2001,A,3.1,1.2\n4,2001,A,3.8,1.9\n5,2001,A,5.2,2.4\n6,2001,A,5.7,3.0\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "ols", "--data", path, "--formula", "y ~ x", "--vcov", "cluster:cl", "--id", "id")
	if code != 1 || !strings.Contains(errOut, "every row of the sample has cl = A, so the sample has only 1 cluster") {
		t.Errorf("exit %d, stderr %q; want 1 and a message naming the cluster cl", code, errOut)
	}
}

func TestFETextSummary(t *testing.T) {
	code, out, errOut := runCLI(t, "fe", "--data", testref.ReferenceData("plm_Grunfeld.csv"), "--id", "firm", "--time", "year",
		"--formula", "inv ~ value + capital | firm", "--vcov", "cluster:firm", "--label", "(1)")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"(1): OLS with absorbed fixed effects: inv ~ value + capital | firm",
		"clustered by firm, G = 10; stata convention", "_cons", "Note: only 10 clusters"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// --cluster COLUMNS gives the same variance as --vcov cluster:COLUMNS in ols and fe, one- and two-way.
func TestClusterShorthandMatchesVCov(t *testing.T) {
	keys := []string{"--data", testref.ReferenceData("plm_Grunfeld.csv"), "--id", "firm", "--time", "year"}
	cases := []struct {
		command, formula, columns string
	}{
		{"fe", "inv ~ value + capital | firm", "firm"},
		{"fe", "inv ~ value + capital | firm", "firm,year"},
		{"ols", "inv ~ value + capital", "firm"},
	}
	for _, c := range cases {
		t.Run(c.command+" "+c.columns, func(t *testing.T) {
			args := append([]string{c.command, "--formula", c.formula}, keys...)
			viaVCov := runRegressJSON(t, append(args, "--vcov", "cluster:"+c.columns)...)
			viaCluster := runRegressJSON(t, append(args, "--cluster", c.columns)...)
			viaBoth := runRegressJSON(t, append(args, "--cluster", c.columns, "--vcov", "cluster:"+c.columns)...)
			_, wantSE, _, _ := viaVCov.coefficient(t, "value")
			for name, v := range map[string]regressJSON{"--cluster": viaCluster, "--cluster with --vcov": viaBoth} {
				if v.VCov.Type != "cluster" {
					t.Errorf("%s: vcov type %q, want cluster", name, v.VCov.Type)
				}
				if len(v.VCov.Clusters) != len(viaVCov.VCov.Clusters) {
					t.Errorf("%s: %d cluster dimensions, want %d", name, len(v.VCov.Clusters), len(viaVCov.VCov.Clusters))
				}
				if _, se, _, _ := v.coefficient(t, "value"); se != wantSE {
					t.Errorf("%s: std. error of value %g, want %g as with --vcov", name, se, wantSE)
				}
			}
		})
	}
}

// --cluster and --vcov that ask for different variances, or a --cluster without one or two columns,
// are usage errors that name the flags.
func TestClusterShorthandConflicts(t *testing.T) {
	keys := []string{"--data", testref.ReferenceData("plm_Grunfeld.csv"), "--id", "firm", "--time", "year"}
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"other estimator", []string{"fe", "--formula", "inv ~ value | firm", "--cluster", "firm", "--vcov", "hc1"},
			[]string{"--cluster firm", "--vcov hc1", "give only one"}},
		{"other column", []string{"ols", "--formula", "inv ~ value", "--cluster", "firm", "--vcov", "cluster:year"},
			[]string{"--cluster firm", "--vcov cluster:year"}},
		{"empty", []string{"ols", "--formula", "inv ~ value", "--cluster", ""}, []string{"--cluster", "one or two columns"}},
		{"three columns", []string{"ols", "--formula", "inv ~ value", "--cluster", "firm,year,value"}, []string{"--cluster", "one or two columns"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, append(c.args, keys...)...)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr: %s", code, errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q: %s", w, errOut)
				}
			}
		})
	}
}

// --twoway-adjust chooses the two-way rule: plm's default is per term, min forces min(G), and a
// value outside auto, min and per-term is a usage error.
func TestTwoWayAdjustFlag(t *testing.T) {
	args := []string{"fe", "--data", testref.ReferenceData("plm_Produc.csv"), "--id", "state", "--time", "year",
		"--formula", "log(gsp) ~ log(pcap) + unemp | state + year", "--cluster", "state,year", "--ssc", "plm", "--json"}
	var auto, forced struct {
		VCov struct {
			PerTerm     bool   `json:"per_term"`
			Description string `json:"description"`
		} `json:"vcov"`
	}
	for _, c := range []struct {
		extra []string
		out   any
	}{{nil, &auto}, {[]string{"--twoway-adjust", "min"}, &forced}} {
		code, out, errOut := runCLI(t, append(args, c.extra...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.extra, code, errOut)
		}
		if err := json.Unmarshal([]byte(out), c.out); err != nil {
			t.Fatal(err)
		}
	}
	if !auto.VCov.PerTerm || !strings.Contains(auto.VCov.Description, "of each term") {
		t.Errorf("plm default: %+v, want per term", auto.VCov)
	}
	if forced.VCov.PerTerm || !strings.Contains(forced.VCov.Description, "min(G_a, G_b) = 17") {
		t.Errorf("--twoway-adjust min: %+v, want min(G) = 17", forced.VCov)
	}
	if code, _, _ := runCLI(t, append(args, "--twoway-adjust", "max")...); code != 2 {
		t.Errorf("--twoway-adjust max: exit %d, want 2", code)
	}
}
