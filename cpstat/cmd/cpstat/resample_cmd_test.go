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

// TestMediatePB34JSON runs the single-mediator case PB-34 (a cross-section without keys) and checks the
// labelled effects against the values computed for the case (5 decimals, so 5e-6).
func TestMediatePB34JSON(t *testing.T) {
	code, out, errOut := runCLI(t, "mediate", "--data", testref.Case("PB-34.csv"), "--treatment", "X", "--mediators", "M",
		"--outcome", "Y", "--bootstrap", "50", "--resample", "rows", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		N            int                        `json:"n"`
		TotalEffect  struct{ Estimate float64 } `json:"total_effect"`
		DirectEffect struct{ Estimate float64 } `json:"direct_effect"`
		Paths        []struct {
			A         struct{ Estimate float64 } `json:"a"`
			B         struct{ Estimate float64 } `json:"b"`
			Indirect  float64                    `json:"indirect"`
			Effect    string                     `json:"effect"`
			Bootstrap *struct {
				BC [2]float64 `json:"bc"`
			} `json:"bootstrap"`
		} `json:"paths"`
		Bootstrap struct {
			Reps     int    `json:"reps"`
			Resample string `json:"resample"`
			Failed   int    `json:"failed"`
		} `json:"bootstrap"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	checks := []struct {
		name      string
		got, want float64
	}{
		{"a", got.Paths[0].A.Estimate, 1.99286}, {"b", got.Paths[0].B.Estimate, 2.88060},
		{"c'", got.DirectEffect.Estimate, 0.21891}, {"c", got.TotalEffect.Estimate, 5.95952},
		{"a*b", got.Paths[0].Indirect, 5.74062},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 5e-6 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if got.N != 8 || got.Paths[0].Effect != "full mediation" || got.Paths[0].Bootstrap == nil {
		t.Errorf("N %d, effect %q, bootstrap %v", got.N, got.Paths[0].Effect, got.Paths[0].Bootstrap)
	}
	if got.Bootstrap.Reps != 50 || got.Bootstrap.Resample != "rows" {
		t.Errorf("bootstrap %+v", got.Bootstrap)
	}
	if !strings.Contains(errOut, "50 of 50 replicates") {
		t.Errorf("stderr lacks the final progress line:\n%s", errOut)
	}
}

func TestMediateTextAndUsageErrors(t *testing.T) {
	code, out, _ := runCLI(t, "mediate", "--data", testref.Case("PB-34.csv"), "--treatment", "X", "--mediators", "M", "--outcome", "Y", "--lang", "en")
	if code != 0 || !strings.Contains(out, "Indirect effect a×b") || !strings.Contains(out, "Sobel z") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	// Chinese tables by default, as every other command.
	code, out, _ = runCLI(t, "mediate", "--data", testref.Case("PB-34.csv"), "--treatment", "X", "--mediators", "M", "--outcome", "Y")
	if code != 0 || !strings.Contains(out, "间接效应 a×b") {
		t.Errorf("default language: exit %d, output:\n%s", code, out)
	}
	for _, args := range [][]string{
		{"mediate", "--treatment", "X", "--outcome", "Y"},
		{"mediate", "--data", testref.Case("PB-34.csv"), "--treatment", "X", "--mediators", "X", "--outcome", "Y"},
		{"mediate", "--data", testref.Case("PB-34.csv"), "--treatment", "X", "--mediators", "Nope", "--outcome", "Y"},
		{"mediate", "--data", testref.Case("PB-34.csv"), "--treatment", "X", "--mediators", "M", "--outcome", "Y", "--resample", "blocks"},
	} {
		if code, _, errOut := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errOut)
		}
	}
}

// mediate --fe takes the fixed effects separated by + or by commas, with the same model either way.
func TestMediateFixedEffectsSeparators(t *testing.T) {
	base := []string{"mediate", "--treatment", "balance", "--mediators", "open", "--outcome", "real_gdp", "--json"}
	type mediateJSON struct {
		Model struct {
			FixedEffects []string `json:"fixed_effects"`
		} `json:"model"`
		TotalEffect struct{ Estimate float64 } `json:"total_effect"`
	}
	results := map[string]mediateJSON{}
	for _, fe := range []string{"province+year", "province,year", " province , year ", "province + year"} {
		code, out, errOut := runCLI(t, append(base, "--fe", fe)...)
		if code != 0 {
			t.Fatalf("--fe %q: exit %d: %s", fe, code, errOut)
		}
		var got mediateJSON
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("--fe %q: %v\n%s", fe, err, out)
		}
		if strings.Join(got.Model.FixedEffects, "|") != "province|year" {
			t.Errorf("--fe %q: fixed effects %q, want province and year", fe, got.Model.FixedEffects)
		}
		results[fe] = got
	}
	want := results["province+year"].TotalEffect.Estimate
	for fe, got := range results {
		if got.TotalEffect.Estimate != want {
			t.Errorf("--fe %q: total effect %v, want %v as with province+year", fe, got.TotalEffect.Estimate, want)
		}
	}
}

// An --fe name that is no column, such as two names separated by a space, is a usage error whose
// message shows how to separate the names.
func TestMediateFixedEffectsUnknownColumn(t *testing.T) {
	code, _, errOut := runCLI(t, "mediate", "--treatment", "balance", "--mediators", "open", "--outcome", "real_gdp",
		"--fe", "province year")
	if code != 2 {
		t.Errorf("exit %d, want 2; stderr: %s", code, errOut)
	}
	for _, want := range []string{`--fe "province year"`, `column "province year" not found`, "separated by + or commas"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q: %s", want, errOut)
		}
	}
}

// An expression such as log(real_gdp) in --outcome is a usage error. The message states that the flags
// take column names and names the command that takes formulas.
func TestMediateRejectsExpressions(t *testing.T) {
	code, _, errOut := runCLI(t, "mediate", "--treatment", "balance", "--mediators", "open", "--outcome", "log(real_gdp)",
		"--fe", "province+year")
	if code != 2 || !strings.Contains(errOut, "take column names, not expressions") {
		t.Errorf("exit %d, stderr %q; want 2 and a message that the flags take column names", code, errOut)
	}
}

// TestWildbootGrunfeldJSON: with 10 firms and 9999 replicates every one of the 1024 Rademacher draws
// is enumerated, and the p-value equals R's brute-force enumeration (cpstat/testdata/wildboot).
func TestWildbootGrunfeldJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "wildboot", "--data", testref.ReferenceData("plm_Grunfeld.csv"), "--id", "firm", "--time", "year",
		"--formula", "inv ~ value + capital | firm + year", "--cluster", "firm", "--param", "value", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		P          float64 `json:"p"`
		Reps       int     `json:"reps"`
		Enumerated bool    `json:"enumerated"`
		Clusters   int     `json:"clusters"`
		ConfLow    float64 `json:"conf_low"`
		ConfHigh   float64 `json:"conf_high"`
		Estimate   float64 `json:"estimate"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.P != 2.0/1024 || !got.Enumerated || got.Reps != 1024 || got.Clusters != 10 {
		t.Errorf("p %v, enumerated %v, reps %d, clusters %d; want 2/1024 from all 1024 draws of 10 clusters", got.P, got.Enumerated, got.Reps, got.Clusters)
	}
	if !(got.ConfLow < got.Estimate && got.Estimate < got.ConfHigh) {
		t.Errorf("interval [%v, %v] misses the estimate %v", got.ConfLow, got.ConfHigh, got.Estimate)
	}
	if code, _, _ := runCLI(t, "wildboot", "--formula", "balance ~ open", "--param", "open"); code != 2 {
		t.Errorf("missing --cluster: exit %d, want 2", code)
	}
}

// TestPlaceboJSONAndFigure runs 40 province-path permutations on the embedded panel and writes the
// density figure.
func TestPlaceboJSONAndFigure(t *testing.T) {
	fig := filepath.Join(t.TempDir(), "placebo.png")
	code, out, errOut := runCLI(t, "placebo", "--formula", "balance ~ open + cpi | province + year", "--treatment", "open",
		"--reps", "40", "--vcov", "cluster:province", "--figure", fig, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Reps         int       `json:"reps"`
		Scheme       string    `json:"scheme"`
		PCoef        float64   `json:"p_coef"`
		Coefficients []float64 `json:"coefficients"`
		Groups       int       `json:"groups"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Reps != 40 || len(got.Coefficients) != 40 || got.Scheme != "province" || got.Groups != 1 {
		t.Errorf("%+v", got)
	}
	if got.PCoef < 1.0/41 || got.PCoef > 1 {
		t.Errorf("p_coef %v outside [1/41, 1]", got.PCoef)
	}
	if info, err := os.Stat(fig); err != nil || info.Size() == 0 {
		t.Errorf("figure not written: %v", err)
	}
	if code, _, _ := runCLI(t, "placebo", "--formula", "balance ~ open", "--treatment", "open", "--scheme", "years"); code != 2 {
		t.Errorf("unknown scheme: exit %d, want 2", code)
	}
}
