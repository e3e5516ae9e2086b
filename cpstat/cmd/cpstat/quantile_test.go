package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// qrJSON decodes the output of qr --json. Numbers are pointers so that null is visible.
type qrJSON struct {
	Command      string   `json:"command"`
	Formula      string   `json:"formula"`
	SE           string   `json:"se"`
	CrossSection bool     `json:"cross_section"`
	ReaderNotes  []string `json:"reader_notes"`
	SampleRows   int      `json:"sample_rows"`
	Dropped      []struct {
		Column string `json:"column"`
		Count  int    `json:"count"`
	} `json:"dropped"`
	Quantiles []struct {
		Tau          float64  `json:"tau"`
		NObs         int      `json:"nobs"`
		DF           int      `json:"df"`
		Objective    *float64 `json:"objective"`
		Bandwidth    *float64 `json:"bandwidth"`
		Replications int      `json:"replications"`
		Clusters     int      `json:"clusters"`
		Coefficients []struct {
			Term     string   `json:"term"`
			Estimate *float64 `json:"estimate"`
			StdError *float64 `json:"std_error"`
			T        *float64 `json:"t"`
			PValue   *float64 `json:"p_value"`
			ConfLow  *float64 `json:"conf_low"`
			ConfHigh *float64 `json:"conf_high"`
		} `json:"coefficients"`
	} `json:"quantiles"`
}

func runQRJSON(t *testing.T, args ...string) (qrJSON, string) {
	t.Helper()
	code, out, errOut := runCLI(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var v qrJSON
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	return v, errOut
}

// Reference case f1_quantreg_engel through the command line: the Engel CSV has no panel keys, so qr
// reads it as a cross-section, and the median fit and its nid standard errors match R quantreg 5.94's
// rq(foodexp ~ income, tau = 0.5) and summary.rq(se = "nid") within the reference's 1e-8. The interval
// is estimate ± qt(0.975, 233)·SE, qt(0.975, 233) = 1.9701975990 in R 4.2.2.
func TestQREngelMedianJSON_f1(t *testing.T) {
	v, errOut := runQRJSON(t, "qr", "--data", testref.ReferenceData("quantreg_engel.csv"), "--formula", "foodexp ~ income", "--tau", "0.5")
	if !v.CrossSection || v.SampleRows != 235 || len(v.Quantiles) != 1 {
		t.Fatalf("cross_section %v, sample_rows %d, %d quantiles; want true, 235, 1", v.CrossSection, v.SampleRows, len(v.Quantiles))
	}
	if !strings.Contains(strings.Join(v.ReaderNotes, "\n"), "cross-section") {
		t.Errorf("reader_notes %q do not say the rows are read as a cross-section (stderr %q)", v.ReaderNotes, errOut)
	}
	q := v.Quantiles[0]
	if q.NObs != 235 || q.DF != 233 || q.Bandwidth == nil {
		t.Errorf("nobs %d, df %d, bandwidth %v; want 235, 233 and the Hall–Sheather h", q.NObs, q.DF, q.Bandwidth)
	}
	want := map[string][2]float64{
		"(Intercept)": {81.48224741693622, 19.25066025210603},
		"income":      {0.5601805512094196, 0.028277209683857676},
	}
	for _, c := range q.Coefficients {
		w, ok := want[c.Term]
		if !ok {
			t.Fatalf("unexpected term %q", c.Term)
		}
		if math.Abs(*c.Estimate-w[0]) > 1e-8*math.Abs(w[0]) || math.Abs(*c.StdError-w[1]) > 1e-8*w[1] {
			t.Errorf("%s: estimate %.17g SE %.17g, R %.17g %.17g", c.Term, *c.Estimate, *c.StdError, w[0], w[1])
		}
		if half := *c.ConfHigh - *c.Estimate; math.Abs(half/(*c.StdError)-1.9701975990) > 1e-9 {
			t.Errorf("%s: interval half-width %v SE, want qt(0.975, 233) = 1.9701975990", c.Term, half/(*c.StdError))
		}
	}
}

// τ = 0 or 1 (PB-20) is a usage error before any work: the data file does not exist, and the error
// names the quantile instead.
func TestQRTauBoundsUsageError_PB20(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no_such_file.csv")
	for _, args := range [][]string{
		{"qr", "--tau", "0"},
		{"qr", "--tau", "1"},
		{"qr", "--taus", "0.5,1"},
		{"qrpd", "--taus", "0:0.5:0.25"},
		{"qrpd", "--taus", "0.5,1.5"},
	} {
		code, _, errOut := runCLI(t, append(args, "--data", missing, "--formula", "y ~ x")...)
		if code != 2 || !strings.Contains(errOut, "outside (0, 1)") || strings.Contains(errOut, "no_such_file") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 naming the quantile", args, code, errOut)
		}
	}
}

func TestQuantileCommandUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"qr", "--formula", "y ~ x | id"}, "qrpd"},
		{[]string{"qr", "--formula", "y ~ x", "--se", "hc1"}, "--se"},
		{[]string{"qr", "--formula", "y ~ x", "--bandwidth", "silverman"}, "--bandwidth"},
		{[]string{"qr", "--formula", "y ~ x", "--reps", "0"}, "--reps"},
		{[]string{"qr"}, "--formula is required"},
		{[]string{"qr", "--formula", "y ~ (x"}, "--formula"},
		{[]string{"qrpd", "--formula", "y ~ x | id"}, `"|"`},
		{[]string{"qrpd", "--formula", "y ~ x", "--optimizer", "bfgs"}, "--optimizer"},
		{[]string{"qrpd", "--formula", "y ~ x", "--se", "draws"}, "--optimizer mcmc"},
		{[]string{"qrpd", "--formula", "y ~ x", "--taus", "0.1:0.9"}, "FROM:TO:STEP"},
		{[]string{"qrpd", "--formula", "y ~ x", "--draws", "-5"}, "--draws"},
		{[]string{"qrpd", "--formula", "cp ~ no_such_column"}, "no_such_column"},
	}
	for _, c := range cases {
		code, _, errOut := runCLI(t, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 mentioning %q", c.args, code, errOut, c.want)
		}
	}
}

func TestParseTausRangeAndList(t *testing.T) {
	cases := []struct {
		in   string
		want []float64
	}{
		{"0.1:0.9:0.1", []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}},
		{"0.25:0.75:0.25", []float64{0.25, 0.5, 0.75}},
		{"0.1, 0.5,0.9", []float64{0.1, 0.5, 0.9}},
		{"0.5", []float64{0.5}},
	}
	for _, c := range cases {
		got, err := parseTaus("--taus", c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%q: %v, want %v", c.in, got, c.want)
		}
	}
}

// A pairs bootstrap by a named cluster column reports its progress on stderr and counts the clusters.
func TestQRClusterBootstrapProgress(t *testing.T) {
	path := writeQuantilePanel(t)
	v, errOut := runQRJSON(t, "qr", "--data", path, "--id", "unit", "--time", "year", "--formula", "y ~ x",
		"--se", "cluster-boot", "--cluster", "region", "--reps", "40", "--seed", "3")
	q := v.Quantiles[0]
	if q.Clusters != 4 || q.Replications != 40 || q.Bandwidth != nil {
		t.Errorf("clusters %d, replications %d, bandwidth %v; want 4, 40 and null", q.Clusters, q.Replications, q.Bandwidth)
	}
	if !strings.Contains(errOut, "40 of 40 bootstrap samples") {
		t.Errorf("stderr lacks the final progress line:\n%s", errOut)
	}
	if v.CrossSection {
		t.Error("a file with its key columns is read as a cross-section")
	}
}

// writeQuantilePanel writes a location-scale panel of 40 units × 5 years to a CSV:
//
//	y = 0.3·year index + x + (1 + 0.5·x)·(η_unit + ε),  x = 2ξ_unit + U(0,1),  η_unit = 0.8·(ξ_unit − 0.5)·3 + N(0, 0.6²),
//
// whose QRPD slope at the median is 1, with a region column of 4 groups and one missing y.
func writeQuantilePanel(t *testing.T) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	var b strings.Builder
	b.WriteString("unit,year,region,y,x\n")
	for i := 0; i < 40; i++ {
		xi := rng.Float64()
		eta := 0.8*(xi-0.5)*3 + 0.6*rng.NormFloat64()
		for year := 2001; year <= 2005; year++ {
			x := 2*xi + rng.Float64()
			y := fmt.Sprint(0.3*float64(year-2001) + x + (1+0.5*x)*(eta+rng.NormFloat64()))
			if i == 0 && year == 2003 {
				y = ""
			}
			fmt.Fprintf(&b, "u%02d,%d,r%d,%s,%v\n", i, year, i%4, y, x)
		}
	}
	path := filepath.Join(t.TempDir(), "panel.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// qrpdJSON decodes the parts of qrpd --json that the tests check.
type qrpdJSON struct {
	Command   string                `json:"command"`
	ID        string                `json:"id"`
	NObs      int                   `json:"nobs"`
	Units     int                   `json:"units"`
	Periods   int                   `json:"periods"`
	Dropped   []struct{ Count int } `json:"dropped"`
	Quantiles []struct {
		Tau             float64    `json:"tau"`
		Optimizer       string     `json:"optimizer"`
		SESource        string     `json:"se_source"`
		AcceptanceRates []float64  `json:"acceptance_rates"`
		TimeEffects     []struct{} `json:"time_effects"`
		Coefficients    []struct {
			Term          string   `json:"term"`
			Estimate      *float64 `json:"estimate"`
			StdError      *float64 `json:"std_error"`
			StdErrorDraws *float64 `json:"std_error_draws"`
			Z             *float64 `json:"z"`
		} `json:"coefficients"`
	} `json:"quantiles"`
}

func TestQRPDJSONAndProgress(t *testing.T) {
	path := writeQuantilePanel(t)
	code, out, errOut := runCLI(t, "qrpd", "--data", path, "--id", "unit", "--time", "year", "--formula", "y ~ x",
		"--taus", "0.25:0.75:0.25", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var v qrpdJSON
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	if v.Command != "qrpd" || v.ID != "unit" || v.NObs != 199 || v.Units != 40 || v.Periods != 5 || len(v.Dropped) != 1 {
		t.Errorf("command %q, id %q, nobs %d, units %d, periods %d, dropped %v; want qrpd, unit, 199, 40, 5 and one group",
			v.Command, v.ID, v.NObs, v.Units, v.Periods, v.Dropped)
	}
	if len(v.Quantiles) != 3 {
		t.Fatalf("%d quantiles, want 3", len(v.Quantiles))
	}
	for _, q := range v.Quantiles {
		c := q.Coefficients[0]
		if q.Optimizer != "grid" || q.SESource != "analytic" || len(q.TimeEffects) != 5 || c.Term != "x" || c.StdErrorDraws != nil {
			t.Errorf("tau %v: optimizer %q, se_source %q, %d time effects, term %q, draws SE %v", q.Tau, q.Optimizer,
				q.SESource, len(q.TimeEffects), c.Term, c.StdErrorDraws)
		}
	}
	for _, want := range []string{"qrpd: τ = 0.25 (1/3)", "qrpd: τ = 0.75 (3/3)", "qrpd: 3 of 3 quantiles fitted in"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestQRPDMCMCQuietAndText(t *testing.T) {
	path := writeQuantilePanel(t)
	code, out, errOut := runCLI(t, "qrpd", "--data", path, "--id", "unit", "--time", "year", "--formula", "y ~ x",
		"--taus", "0.5", "--optimizer", "mcmc", "--draws", "200", "--burn", "100", "--seed", "9", "--lang", "en", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if errOut != "" {
		t.Errorf("--quiet wrote to stderr: %q", errOut)
	}
	for _, want := range []string{"τ=0.5", "MCMC", "standard deviation of the MCMC draws", "N = 199 (40 units × 5 periods, unbalanced)"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}

	_, _, progress := runCLI(t, "qrpd", "--data", path, "--id", "unit", "--time", "year", "--formula", "y ~ x",
		"--taus", "0.5", "--optimizer", "mcmc", "--draws", "200", "--burn", "100")
	if !strings.Contains(progress, "MCMC draws") {
		t.Errorf("MCMC progress lacks the halfway line:\n%s", progress)
	}
}
