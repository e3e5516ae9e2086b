package main

import (
	"golang.org/x/text/encoding/simplifiedchinese"

	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/data"
)

// runCLI runs one command line and returns its exit status, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &env{stdout: &stdout, stderr: &stderr})
	return code, stdout.String(), stderr.String()
}

func TestHelpListsEveryCommand(t *testing.T) {
	code, out, _ := runCLI(t, "help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for name := range commands {
		if !strings.Contains(out, "  "+name) {
			t.Errorf("help does not list %s", name)
		}
	}
}

// Every command prints its help with both `help CMD` and `CMD --help`, and every flag is listed.
func TestEveryCommandHasHelp(t *testing.T) {
	for name := range commands {
		code, out, _ := runCLI(t, "help", name)
		if code != 0 || !strings.Contains(out, "Usage: cpstat "+name) || !strings.Contains(out, "Flags:") {
			t.Errorf("help %s: exit %d, output:\n%s", name, code, out)
		}
		code2, out2, _ := runCLI(t, name, "--help")
		if code2 != 0 || out2 != out {
			t.Errorf("%s --help differs from help %s (exit %d)", name, name, code2)
		}
	}
}

func TestUnknownCommandIsUsageError(t *testing.T) {
	code, _, errOut := runCLI(t, "regres")
	if code != 2 || !strings.Contains(errOut, `unknown command "regres"`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestUnknownFlagIsUsageError(t *testing.T) {
	code, _, errOut := runCLI(t, "data", "--nosuch")
	if code != 2 || !strings.Contains(errOut, "nosuch") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// Every command rejects an unknown flag with exit 2, the flag in the --name spelling and a pointer to
// its help.
func TestUnknownFlagPointsToHelp(t *testing.T) {
	for name := range commands {
		code, _, errOut := runCLI(t, name, "--nosuch")
		if code != 2 {
			t.Errorf("%s: exit %d, want 2", name, code)
		}
		if !strings.Contains(errOut, "unknown flag --nosuch") {
			t.Errorf("%s: stderr does not name --nosuch: %q", name, errOut)
		}
		if !strings.Contains(errOut, "Run 'cpstat help "+name+"' for the flags.") {
			t.Errorf("%s: stderr does not point to the help: %q", name, errOut)
		}
		if strings.Contains(errOut, "did you mean") {
			t.Errorf("%s: stderr suggests a flag for --nosuch, which is close to none: %q", name, errOut)
		}
	}
}

// A misspelt flag gets the nearest defined flags as suggestions.
func TestUnknownFlagSuggestsClosest(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"fe", "--clustr", "province"}, "did you mean --cluster?"},
		{[]string{"mediate", "--clusters", "province"}, "did you mean --cluster?"},
		{[]string{"ols", "--vcv", "hc1"}, "did you mean --vcov?"},
		{[]string{"entropy", "--shft", "1e-4"}, "did you mean --shift?"},
		{[]string{"replicate", "--chapter", "index"}, "did you mean --chapters?"},
		// option names of Stata and R
		{[]string{"fe", "--vce", "cluster"}, "cpstat calls this --vcov"},
		{[]string{"qr", "--quantile", "0.5"}, "cpstat calls this --tau"},
		{[]string{"gmm", "--gmmstyle", "y 2:4"}, "cpstat calls this --gmm"},
	}
	for _, c := range cases {
		code, _, errOut := runCLI(t, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

// Other flag errors name the flag with two dashes, as the help does.
func TestFlagErrorsUseDoubleDash(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"fe", "--formula"}, "flag needs an argument: --formula"},
		{[]string{"wildboot", "--reps", "many"}, `invalid value "many" for flag --reps`},
	}
	for _, c := range cases {
		code, _, errOut := runCLI(t, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

func TestDataCodebookJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "data", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var vars []struct{ Code, Status string }
	if err := json.Unmarshal([]byte(out), &vars); err != nil {
		t.Fatalf("decode: %v", err)
	}
	found := false
	for _, v := range vars {
		if v.Code == "balance" {
			found = v.Status == "proxy"
		}
	}
	if !found {
		t.Error("codebook JSON lacks balance with status proxy")
	}
}

func TestDataExportWritesPanel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "panel.csv")
	code, _, errOut := runCLI(t, "data", "--export", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(raw), "\n"); lines != 541 {
		t.Errorf("exported %d lines, want 541 (header + 30 provinces × 18 years)", lines)
	}
}

func TestReplicateNeedsOut(t *testing.T) {
	code, _, errOut := runCLI(t, "replicate")
	if code != 2 || !strings.Contains(errOut, "--out") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestReplicateRejectsBadVars(t *testing.T) {
	code, _, errOut := runCLI(t, "replicate", "--out", t.TempDir(), "--vars", "balance")
	if code != 2 || !strings.Contains(errOut, "paper=column") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestReplicateRejectsUnknownMappingName(t *testing.T) {
	code, _, errOut := runCLI(t, "replicate", "--out", t.TempDir(), "--chapters", "data", "--vars", "balanse=land_ln", "--quiet")
	if code != 2 || !strings.Contains(errOut, `"balance"`) {
		t.Errorf("exit %d, stderr %q, want a usage error suggesting balance", code, errOut)
	}
}

func TestReplicateRejectsUnknownChapter(t *testing.T) {
	code, _, errOut := runCLI(t, "replicate", "--out", t.TempDir(), "--chapters", "basline")
	if code != 2 || !strings.Contains(errOut, "basline") || !strings.Contains(errOut, "baseline") {
		t.Errorf("exit %d, stderr %q, want a usage error naming basline and the chapters", code, errOut)
	}
}

// Flags on the command line override the configuration file.
func TestReplicateFlagsOverrideConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "cfg.json")
	if err := os.WriteFile(cfg, []byte(`{"lang": "en", "seed": 42}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, stdout, errOut := runCLI(t, "replicate", "--out", out, "--config", cfg, "--seed", "7", "--chapters", "data", "--quiet", "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	raw, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Seed int64
		Lang string
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m.Seed != 7 || m.Lang != "en" {
		t.Errorf("manifest seed %d lang %q, want 7 from the flag and en from the file", m.Seed, m.Lang)
	}
	if !strings.Contains(stdout, "tables and") {
		t.Errorf("summary line missing: %q", stdout)
	}
}

// A chapter that can write nothing on the data is named in the summary.
func TestReplicateSummaryNamesSilentChapters(t *testing.T) {
	code, stdout, errOut := runCLI(t, "replicate", "--out", t.TempDir(), "--chapters", "labour", "--quiet", "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(stdout, "wrote nothing: labour") {
		t.Errorf("summary %q does not name the labour chapter, which lacks flo in the embedded data", stdout)
	}
}

// writeGBKPanel writes dir/gbk.csv: the embedded panel in GBK, keyed by the Chinese province names in a
// column 省份, with a column share of "12.5%" cells. It returns the path.
func writeGBKPanel(t *testing.T, dir string) string {
	t.Helper()
	csv := strings.Replace(string(data.PanelCSV()), "province,province_zh,", "code,省份,", 1)
	lines := strings.Split(strings.TrimRight(csv, "\n"), "\n")
	lines[0] += ",share"
	for i := 1; i < len(lines); i++ {
		lines[i] += ",12.5%"
	}
	encoded, err := simplifiedchinese.GBK.NewEncoder().String(strings.Join(lines, "\n") + "\n")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "gbk.csv")
	if err := os.WriteFile(path, []byte(encoded), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// replicate takes the reader flags of every other command: a GBK file with a percentage column runs with
// --percent number, and the reader's notes reach the report.
func TestReplicateReaderFlags(t *testing.T) {
	dir := t.TempDir()
	path := writeGBKPanel(t, dir)
	out := filepath.Join(dir, "out")
	base := []string{"replicate", "--out", out, "--data", path, "--id", "省份", "--time", "year", "--chapters", "data", "--quiet", "--lang", "en"}
	code, _, errOut := runCLI(t, base...)
	if code == 0 || !strings.Contains(errOut, "--percent") {
		t.Fatalf("without --percent: exit %d, stderr %q, want an error suggesting --percent", code, errOut)
	}
	code, _, errOut = runCLI(t, append(base, "--percent", "number")...)
	if code != 0 {
		t.Fatalf("with --percent number: exit %d: %s", code, errOut)
	}
	report, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	// "GBK" alone could occur in the base64 of an inlined figure.
	if !strings.Contains(string(report), "detected GBK encoding") {
		t.Error("report.html does not record that the file was read as GBK")
	}
}

// The reader keys of a config file act as the reader flags. A GBK file with a percentage column runs
// with "percent": "number" in the file, a flag on the command line overrides the key, and an invalid
// value names the key that set it.
func TestReplicateConfigReaderKeys(t *testing.T) {
	dir := t.TempDir()
	writeGBKPanel(t, dir)
	writeConfig := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := writeConfig("good.json", `{"data": "gbk.csv", "id": "省份", "time": "year", "encoding": "gbk", "percent": "number"}`)
	out := filepath.Join(dir, "out")
	base := []string{"replicate", "--out", out, "--chapters", "data", "--quiet", "--lang", "en"}

	code, _, errOut := runCLI(t, append(base, "--config", good)...)
	if code != 0 {
		t.Fatalf("config with percent number: exit %d: %s", code, errOut)
	}
	report, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	// 北京 decoded from GBK is resolved to BJ, and the percent key turned 12.5% into a number.
	if !strings.Contains(string(report), "北京 → BJ") {
		t.Error("report.html does not show the GBK-decoded province names resolved to codes")
	}
	if !strings.Contains(string(report), "read 540 percentages as numbers") {
		t.Error("report.html does not record the percent key's reading of the share column")
	}

	code, _, errOut = runCLI(t, append(base, "--config", good, "--percent", "reject")...)
	if code == 0 || !strings.Contains(errOut, "--percent") {
		t.Errorf("--percent reject over the key: exit %d, stderr %q; want an error suggesting --percent", code, errOut)
	}

	bad := writeConfig("bad.json", `{"data": "gbk.csv", "id": "省份", "percent": "half"}`)
	code, _, errOut = runCLI(t, append(base, "--config", bad)...)
	if code != 2 {
		t.Errorf("invalid percent key: exit %d, want 2; stderr %q", code, errOut)
	}
	for _, want := range []string{`--percent "half"`, "bad.json sets percent as --percent"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("invalid percent key: stderr lacks %q: %s", want, errOut)
		}
	}
}
