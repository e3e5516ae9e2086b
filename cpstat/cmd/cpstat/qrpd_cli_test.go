package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// separatedCSV writes the engine's zero-objective panel: 12 units × 5 periods with y = 5i + 0.5x,
// where the unit effects separate the units near the true slope, so Q = 0 on an interval of slopes.
func separatedCSV(t *testing.T) string {
	var b strings.Builder
	b.WriteString("id,year,y,x\n")
	for i := 0; i < 12; i++ {
		for y := 0; y < 5; y++ {
			x := float64(i) + 3*float64((i*7+y*3)%11)/10
			fmt.Fprintf(&b, "u%02d,%d,%g,%g\n", i, 2001+y, 5*float64(i)+0.5*x, x)
		}
	}
	return writeFile(t, "separated.csv", b.String())
}

// --tau fits one quantile, as in qr; with --taus as well it is a usage error.
func TestQRPDTauFlag(t *testing.T) {
	path := separatedCSV(t)
	code, out, stderr := runCLI(t, "qrpd", "--data", path, "--id", "id", "--formula", "y ~ x", "--tau", "0.5", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Quantiles []struct {
			Tau   float64  `json:"tau"`
			Notes []string `json:"notes"`
		} `json:"quantiles"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Quantiles) != 1 || doc.Quantiles[0].Tau != 0.5 {
		t.Fatalf("quantiles %+v, want τ = 0.5 only", doc.Quantiles)
	}
	if notes := strings.Join(doc.Quantiles[0].Notes, "\n"); !strings.Contains(notes, "--optimizer mcmc") || strings.Contains(notes, "Optimize") {
		t.Errorf("notes name the Go option, not the flag:\n%s", notes)
	}

	for _, args := range [][]string{{"--tau", "0.5", "--taus", "0.1,0.9"}, {"--tau", "0.1,0.5"}, {"--tau", "1.5"}} {
		code, _, stderr := runCLI(t, append([]string{"qrpd", "--data", path, "--id", "id", "--formula", "y ~ x"}, args...)...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", args, code, stderr)
		}
	}
}

// A flat objective gives a table note that the estimate is not identified and suggests the flag,
// and the note on the kernel shows no NaN bandwidth.
func TestQRPDFlatObjectiveTableNote(t *testing.T) {
	code, out, stderr := runCLI(t, "qrpd", "--data", separatedCSV(t), "--id", "id", "--formula", "y ~ x", "--tau", "0.5", "--quiet", "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"At τ = 0.5 the estimate is not identified", "standard errors are not available", "Use --optimizer mcmc or fewer regressors"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "h = NaN") {
		t.Errorf("output shows a NaN bandwidth:\n%s", out)
	}
}

// On --data, a column named like a model variable of Hong, Jiang and Liu (2023) is labelled with its
// name in that study, without the embedded codebook's proxy remark.
func TestQRPDLabelsOnUserData(t *testing.T) {
	path := writeFile(t, "panel.csv", strings.Replace(readFileText(t, separatedCSV(t)), "id,year,y,x", "id,year,y,balance", 1))
	code, out, stderr := runCLI(t, "qrpd", "--data", path, "--id", "id", "--formula", "y ~ balance", "--tau", "0.5", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "平衡性干预政策") || strings.Contains(out, "代理") {
		t.Errorf("balance is not labelled with the paper's name alone:\n%s", out)
	}
}

func readFileText(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// A quantile at which the model is not identified (τ = 0.1 for labor ~ balance + cpi on the embedded
// panel) is listed in failed[] with its error; the other quantiles are still fitted and printed.
func TestQRPDReportsAFailedQuantileAndGoesOn(t *testing.T) {
	code, out, stderr := runCLI(t, "qrpd", "--formula", "labor ~ balance + cpi", "--taus", "0.1,0.5", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Quantiles []struct {
			Tau float64 `json:"tau"`
		} `json:"quantiles"`
		Failed []struct {
			Tau   float64 `json:"tau"`
			Error string  `json:"error"`
		} `json:"failed"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Quantiles) != 1 || doc.Quantiles[0].Tau != 0.5 {
		t.Errorf("quantiles %+v, want τ = 0.5 only", doc.Quantiles)
	}
	if len(doc.Failed) != 1 || doc.Failed[0].Tau != 0.1 || !strings.Contains(doc.Failed[0].Error, "not identified") {
		t.Errorf("failed %+v, want τ = 0.1 not identified", doc.Failed)
	}
	if !strings.Contains(stderr, "τ = 0.1 not estimated") || !strings.Contains(stderr, "1 of 2 quantiles fitted") {
		t.Errorf("stderr does not report the failed quantile:\n%s", stderr)
	}
}
