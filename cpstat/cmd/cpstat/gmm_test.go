package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// writeEmplUKLogs writes plm's EmplUK data as a CSV file with the log columns of the reference
// cases, n = log(emp), w = log(wage), k = log(capital), ys = log(output), because the gmm command
// takes plain columns only. keep selects the firms written; nil writes all 140.
func writeEmplUKLogs(t *testing.T, keep func(firm int) bool) string {
	t.Helper()
	f, err := os.Open(testref.ReferenceData("plm_EmplUK.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for j, name := range records[0] {
		col[name] = j
	}

	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"firm", "year", "n", "w", "k", "ys"})
	for _, rec := range records[1:] {
		firm, err := strconv.Atoi(rec[col["firm"]])
		if err != nil {
			t.Fatal(err)
		}
		if keep != nil && !keep(firm) {
			continue
		}
		row := []string{rec[col["firm"]], rec[col["year"]]}
		for _, name := range []string{"emp", "wage", "capital", "output"} {
			x, err := strconv.ParseFloat(rec[col[name]], 64)
			if err != nil {
				t.Fatal(err)
			}
			row = append(row, strconv.FormatFloat(math.Log(x), 'g', -1, 64))
		}
		w.Write(row)
	}
	w.Flush()
	path := filepath.Join(t.TempDir(), "empluk_logs.csv")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// cliReference is the part of a reference case (testdata/reference/cases/e*.json) the CLI tests
// compare with the JSON output.
type cliReference struct {
	RCall        string             `json:"r_call"`
	NObsUsed     int                `json:"n_obs_used"`
	NFirms       int                `json:"n_firms"`
	NInstruments int                `json:"n_instruments"`
	CoefNames    []string           `json:"coef_names"`
	Coefficients map[string]float64 `json:"coefficients"`
	SERobust     map[string]float64 `json:"se_robust"`
	ZRobust      map[string]float64 `json:"z_robust"`
	SENonRobust  map[string]float64 `json:"se_nonrobust"`
	Sargan2      cliRefTest         `json:"sargan_twosteps_weights"`
	Sargan1      cliRefTest         `json:"sargan_onestep_weights"`
	AR1          cliRefTest         `json:"ar1_robust"`
	AR2          cliRefTest         `json:"ar2_robust"`
	WaldCoef     cliRefTest         `json:"wald_coef_robust"`
	WaldTime     cliRefTest         `json:"wald_time_dummies_robust"`
}

type cliRefTest struct {
	Statistic float64  `json:"statistic"`
	DF        *float64 `json:"df"`
	PValue    float64  `json:"p_value"`
}

// cliOutput decodes the fields of gmmOutput the tests read. Pointers tell null from zero.
type cliOutput struct {
	Estimator    string `json:"estimator"`
	Model        string `json:"model"`
	Steps        int    `json:"steps"`
	VCov         string `json:"vcov"`
	Coefficients []struct {
		Name        string   `json:"name"`
		TimeDummy   bool     `json:"time_dummy"`
		Estimate    *float64 `json:"estimate"`
		SE          *float64 `json:"se"`
		Z           *float64 `json:"z"`
		P           *float64 `json:"p"`
		SENonRobust *float64 `json:"se_nonrobust"`
	} `json:"coefficients"`
	NObs                    int         `json:"n_obs"`
	NEquations              int         `json:"n_equations"`
	NGroups                 int         `json:"n_groups"`
	NRows                   int         `json:"n_rows"`
	RowsOutsideWindow       int         `json:"rows_outside_window"`
	NInstruments            int         `json:"n_instruments"`
	InstrumentsExceedGroups bool        `json:"instruments_exceed_groups"`
	InstrumentNames         []string    `json:"instrument_names"`
	AR1                     cliOutTest  `json:"ar1"`
	AR2                     cliOutTest  `json:"ar2"`
	Sargan                  cliOutTest  `json:"sargan"`
	Hansen                  cliOutTest  `json:"hansen"`
	Wald                    cliOutTest  `json:"wald"`
	WaldTime                *cliOutTest `json:"wald_time"`
	DiffHansen              []struct {
		Group      string     `json:"group"`
		Difference cliOutTest `json:"difference"`
	} `json:"diff_hansen"`
	RowsKept int `json:"rows_kept"`
	Dropped  []struct {
		Reason string   `json:"reason"`
		Column string   `json:"column"`
		Count  int      `json:"count"`
		Keys   []string `json:"keys"`
	} `json:"dropped_rows"`
	Warnings []string `json:"warnings"`
}

type cliOutTest struct {
	Stat *float64 `json:"stat"`
	Z    *float64 `json:"z"`
	DF   int      `json:"df"`
	P    *float64 `json:"p"`
}

// cliNames maps pgmm's coefficient names in the reference cases to the CLI's.
var cliNames = map[string]string{
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
	"(Intercept)":             "_cons",
}

// cliTol is the reference README's relative tolerance for GMM. JSON carries each float64 in its
// shortest round-trip form, so the output adds no error to the estimator's.
const cliTol = 1e-7

func TestGMMCommandReference(t *testing.T) {
	data := writeEmplUKLogs(t, nil)
	ab := "n ~ L(n, 1:2) + w + L(w, 1) + k + ys + L(ys, 1)"
	cases := []struct {
		name string
		args []string
	}{
		// pgmm(log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + log(capital) + lag(log(output), 0:1)
		// | lag(log(emp), 2:99), effect = "twoways", model = "onestep", transformation = "d")
		{"e1_diff_gmm_onestep_empluk", []string{"--formula", ab, "--gmm", "n 2:99", "--timedummies"}},
		// the same with model = "twosteps"
		{"e2_diff_gmm_twostep_empluk", []string{"--formula", ab, "--gmm", "n 2:99", "--timedummies", "--twostep"}},
		// pgmm(log(emp) ~ lag(log(emp), 1) + lag(log(wage), 0:1) + lag(log(capital), 0:1) | lag(log(emp), 2:99)
		// + lag(log(wage), 2:99) + lag(log(capital), 2:99), effect = "twoways", model = "onestep", transformation = "ld")
		{"e3_sys_gmm_onestep_empluk", []string{"--formula", "n ~ L(n, 1) + w + L(w, 1) + k + L(k, 1)",
			"--gmm", "n 2:99, w 2:99, k 2:99", "--system", "--timedummies"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ref cliReference
			testref.LoadCase(t, c.name, &ref)
			args := append([]string{"gmm", "--data", data, "--id", "firm", "--time", "year", "--json"}, c.args...)
			code, stdout, stderr := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("exit %d for %s: %s", code, ref.RCall, stderr)
			}
			var out cliOutput
			if err := json.Unmarshal([]byte(stdout), &out); err != nil {
				t.Fatalf("invalid JSON: %v\n%s", err, stdout)
			}
			checkCLIOutput(t, out, ref)
		})
	}
}

func checkCLIOutput(t *testing.T, out cliOutput, ref cliReference) {
	t.Helper()
	if out.NEquations != ref.NObsUsed {
		t.Errorf("n_equations = %d, pgmm n_obs_used = %d", out.NEquations, ref.NObsUsed)
	}
	if out.NGroups != ref.NFirms {
		t.Errorf("n_groups = %d, want %d", out.NGroups, ref.NFirms)
	}
	if out.NInstruments != ref.NInstruments {
		t.Errorf("n_instruments = %d, pgmm %d", out.NInstruments, ref.NInstruments)
	}
	if len(out.InstrumentNames) != ref.NInstruments {
		t.Errorf("%d instrument names for %d instruments", len(out.InstrumentNames), ref.NInstruments)
	}
	if out.InstrumentsExceedGroups {
		t.Errorf("instruments_exceed_groups with %d instruments and %d groups", out.NInstruments, out.NGroups)
	}
	if len(out.Coefficients) != len(ref.CoefNames) {
		t.Fatalf("%d coefficients, pgmm %d", len(out.Coefficients), len(ref.CoefNames))
	}

	byName := map[string]int{}
	for k, c := range out.Coefficients {
		byName[c.Name] = k
	}
	for _, pgmmName := range ref.CoefNames {
		name := pgmmName
		if ours, ok := cliNames[pgmmName]; ok {
			name = ours
		}
		k, ok := byName[name]
		if !ok {
			t.Errorf("coefficient %s (pgmm %q) missing", name, pgmmName)
			continue
		}
		c := out.Coefficients[k]
		checkCLIRel(t, "estimate "+name, c.Estimate, ref.Coefficients[pgmmName])
		checkCLIRel(t, "se "+name, c.SE, ref.SERobust[pgmmName])
		checkCLIRel(t, "z "+name, c.Z, ref.ZRobust[pgmmName])
		checkCLIRel(t, "se_nonrobust "+name, c.SENonRobust, ref.SENonRobust[pgmmName])
		if _, isYear := strconv.Atoi(name); (isYear == nil) != c.TimeDummy {
			t.Errorf("%s: time_dummy = %v", name, c.TimeDummy)
		}
	}

	checkCLIRel(t, "ar1 z", out.AR1.Z, ref.AR1.Statistic)
	checkCLIRel(t, "ar1 p", out.AR1.P, ref.AR1.PValue)
	checkCLIRel(t, "ar2 z", out.AR2.Z, ref.AR2.Statistic)
	checkCLIRel(t, "ar2 p", out.AR2.P, ref.AR2.PValue)
	checkCLIChi2(t, "hansen", out.Hansen, ref.Sargan2)
	checkCLIChi2(t, "sargan", out.Sargan, ref.Sargan1)
	checkCLIChi2(t, "wald", out.Wald, ref.WaldCoef)
	if out.WaldTime == nil {
		t.Error("wald_time missing with --timedummies")
	} else {
		checkCLIChi2(t, "wald_time", *out.WaldTime, ref.WaldTime)
	}
	if len(out.DiffHansen) == 0 {
		t.Error("diff_hansen is empty")
	}
}

func checkCLIRel(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s is null, pgmm %.15g", what, want)
		return
	}
	if !(math.Abs(*got-want) <= cliTol*math.Abs(want)) {
		t.Errorf("%s = %.15g, pgmm %.15g", what, *got, want)
	}
}

// checkCLIChi2 compares a χ² test's statistic at cliTol, its df, and its p-value at 1e-6 relative,
// which allows for the statistic's relative error times d ln p / d ln stat.
func checkCLIChi2(t *testing.T, what string, got cliOutTest, want cliRefTest) {
	t.Helper()
	checkCLIRel(t, what+" stat", got.Stat, want.Statistic)
	if want.DF != nil && got.DF != int(*want.DF) {
		t.Errorf("%s df = %d, pgmm %v", what, got.DF, *want.DF)
	}
	if got.P == nil || !(math.Abs(*got.P-want.PValue) <= 1e-6*want.PValue) {
		t.Errorf("%s p = %v, pgmm %.15g", what, got.P, want.PValue)
	}
}

// TestGMMCommandInstrumentWarning runs e3's uncollapsed system GMM (113 instruments) on the first
// 60 firms of EmplUK, so the instruments exceed the groups; collapsing brings them below.
func TestGMMCommandInstrumentWarning(t *testing.T) {
	data := writeEmplUKLogs(t, func(firm int) bool { return firm <= 60 })
	args := []string{"gmm", "--data", data, "--id", "firm", "--time", "year", "--json",
		"--formula", "n ~ L(n, 1) + w + L(w, 1) + k + L(k, 1)", "--gmm", "n 2:99, w 2:99, k 2:99",
		"--system", "--timedummies", "--twostep"}
	code, stdout, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out cliOutput
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.NGroups != 60 {
		t.Errorf("n_groups = %d, want 60", out.NGroups)
	}
	if !out.InstrumentsExceedGroups {
		t.Errorf("instruments_exceed_groups is false with %d instruments and %d groups", out.NInstruments, out.NGroups)
	}
	if len(out.Warnings) == 0 || !strings.Contains(out.Warnings[0], "exceed") {
		t.Errorf("warnings %q lack the instrument count warning", out.Warnings)
	}
	if out.Estimator != "two-step system GMM" || out.Model != "system" || out.Steps != 2 || out.VCov != "Windmeijer" {
		t.Errorf("estimator fields %q, %q, %d, %q", out.Estimator, out.Model, out.Steps, out.VCov)
	}

	code, stdout, stderr = runCLI(t, append(args, "--collapse")...)
	if code != 0 {
		t.Fatalf("--collapse: exit %d: %s", code, stderr)
	}
	out = cliOutput{}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.InstrumentsExceedGroups {
		t.Errorf("--collapse: %d instruments still exceed %d groups", out.NInstruments, out.NGroups)
	}
}

// TestGMMCommandText checks the plain-text output of e1: the engine's summary with the counts and
// the drop report. EmplUK's first two years of each firm lack L(n, 2): 280 rows.
func TestGMMCommandText(t *testing.T) {
	data := writeEmplUKLogs(t, nil)
	code, stdout, stderr := runCLI(t, "gmm", "--data", data, "--id", "firm", "--time", "year",
		"--formula", "n ~ L(n, 1:2) + w + L(w, 1) + k + ys + L(ys, 1)", "--gmm", "n 2:99", "--timedummies")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"one-step difference GMM",
		"Arellano–Bond AR(2)",
		"Hansen",
		"N (xtabond2 count) = 611, groups = 140, instruments = 38",
		"280 rows dropped",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
}

// TestGMMCommandWindow keeps 1978 onwards with --window 1978: and checks that the rows before 1978
// are counted as outside the window and not given to the estimator.
func TestGMMCommandWindow(t *testing.T) {
	data := writeEmplUKLogs(t, nil)
	raw, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	before, rows := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n")[1:] {
		rows++
		year, err := strconv.Atoi(strings.Split(line, ",")[1])
		if err != nil {
			t.Fatal(err)
		}
		if year < 1978 {
			before++
		}
	}

	code, stdout, stderr := runCLI(t, "gmm", "--data", data, "--id", "firm", "--time", "year", "--json", "--window", "1978:",
		"--formula", "n ~ L(n, 1) + w + k", "--gmm", "n 2:4", "--collapse")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out cliOutput
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.RowsOutsideWindow != before {
		t.Errorf("rows_outside_window = %d, want the %d rows before 1978", out.RowsOutsideWindow, before)
	}
	if out.NRows != rows-before {
		t.Errorf("n_rows = %d, want %d", out.NRows, rows-before)
	}
}

func TestGMMCommandErrors(t *testing.T) {
	data := writeEmplUKLogs(t, nil)
	base := []string{"gmm", "--data", data, "--id", "firm", "--time", "year"}
	cases := []struct {
		name    string
		args    []string
		code    int
		message string // part of stderr
	}{
		{"no formula", []string{"--gmm", "n 2:."}, 2, "--formula is required"},
		{"no gmm", []string{"--formula", "n ~ L(n, 1)"}, 2, "--gmm is required"},
		{"syntax", []string{"--formula", "n ~ L(n, 1) +", "--gmm", "n 2:."}, 2, "--formula"},
		{"log term", []string{"--formula", "n ~ L(n, 1) + log(w)", "--gmm", "n 2:."}, 2, `"log(w)"`},
		{"fixed effects", []string{"--formula", "n ~ L(n, 1) | firm", "--gmm", "n 2:."}, 2, `"| firm"`},
		{"bad lag range", []string{"--formula", "n ~ L(n, 1)", "--gmm", "n 3:2"}, 2, "below the minimum lag"},
		{"window order", []string{"--formula", "n ~ L(n, 1)", "--gmm", "n 2:.", "--window", "1983:1980"}, 2, "--window \"1983:1980\""},
		{"window without rows", []string{"--formula", "n ~ L(n, 1)", "--gmm", "n 2:.", "--window", "2001:2017"}, 1, "no period"},
		{"unknown column", []string{"--formula", "n ~ L(n, 1) + wage", "--gmm", "n 2:."}, 2, `"wage" not found`},
		{"unknown instrument column", []string{"--formula", "n ~ L(n, 1)", "--gmm", "wage 2:4"}, 2, `"wage" not found`},
		{"missing file", []string{"--data", filepath.Join(t.TempDir(), "none.csv"), "--formula", "n ~ L(n, 1)", "--gmm", "n 2:."}, 1, "none.csv"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, append(append([]string{}, base...), c.args...)...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, c.code, stderr)
			}
			if !strings.Contains(stderr, c.message) {
				t.Errorf("stderr lacks %q: %s", c.message, stderr)
			}
		})
	}
}

// TestGMMCommandHelp checks that the help lists every flag and documents each JSON field.
func TestGMMCommandHelp(t *testing.T) {
	code, stdout, _ := runCLI(t, "help", "gmm")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, flag := range []string{"--data", "--id", "--time", "--formula", "--gmm", "--iv", "--system", "--twostep",
		"--collapse", "--orthogonal", "--timedummies", "--window", "--json"} {
		if !strings.Contains(stdout, "  "+flag) {
			t.Errorf("help lacks %s", flag)
		}
	}
	for _, field := range []string{"coefficients", "n_obs", "n_groups", "n_instruments", "instruments_exceed_groups",
		"ar1, ar2", "sargan", "hansen", "diff_hansen", "wald", "dropped_rows", "warnings"} {
		if !strings.Contains(stdout, field) {
			t.Errorf("help lacks the JSON field %s", field)
		}
	}
}
