package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat"
)

// formulaExample returns the formula that `cpstat help NAME` gives as the example of --formula.
func formulaExample(t *testing.T, name string) string {
	t.Helper()
	_, help, _ := runCLI(t, "help", name)
	m := regexp.MustCompile(`--formula formula\n\s+model formula[^"]*such as "([^"]+)"`).FindStringSubmatch(help)
	if m == nil {
		t.Fatalf("help %s gives no example formula:\n%s", name, help)
	}
	return m[1]
}

// The example formulas of the help run on the embedded panel, which has no measured variable such as cp.
func TestHelpFormulaExamplesRun(t *testing.T) {
	cases := map[string][]string{
		"fe":       nil,
		"placebo":  {"--treatment", "balance", "--reps", "2", "--quiet"},
		"wildboot": {"--cluster", "province", "--param", "balance", "--reps", "9", "--quiet"},
		"gmm":      {"--gmm", "real_gdp 2:.", "--collapse"},
	}
	for name, extra := range cases {
		t.Run(name, func(t *testing.T) {
			src := formulaExample(t, name)
			code, _, stderr := runCLI(t, append([]string{name, "--formula", src}, extra...)...)
			if code != 0 {
				t.Errorf("%s --formula %q: exit %d: %s", name, src, code, stderr)
			}
		})
	}
}

// A formula naming a measured variable that the data lack gets a note on the command that computes it
// and the file where the replication writes it.
func TestMeasuredVariableNote(t *testing.T) {
	for name, command := range map[string]string{"cp": "cpstat entropy", "capital": "cpstat capital", "tfp": "cpstat malmquist"} {
		code, _, stderr := runCLI(t, "fe", "--formula", name+" ~ balance | province + year")
		if code != 2 {
			t.Errorf("%s: exit %d, want 2", name, code)
		}
		for _, want := range []string{command, "panel_measured.csv"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%s: stderr lacks %q: %s", name, want, stderr)
			}
		}
	}
	if _, _, stderr := runCLI(t, "fe", "--formula", "labour ~ balance | province + year"); strings.Contains(stderr, "measured variable") {
		t.Errorf("an ordinary unknown column is called a measured variable: %s", stderr)
	}
}

// The entropy command line that `cpstat help entropy` gives for the replication's Table 1 prints the
// index of the settings that chapter index of cpstat replicate uses, PaperIndexOptions.
func TestEntropyHelpReproducesTable1(t *testing.T) {
	_, help, _ := runCLI(t, "help", "entropy")
	m := regexp.MustCompile(`(?m)^\s+cpstat (entropy --system paper .*)$`).FindStringSubmatch(help)
	if m == nil {
		t.Fatalf("help entropy gives no command line for Table 1:\n%s", help)
	}
	code, got, stderr := runCLI(t, append(strings.Fields(m[1]), "--json")...)
	if code != 0 {
		t.Fatalf("%s: exit %d: %s", m[1], code, stderr)
	}

	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	sys, err := cpstat.PaperIndicatorSystem()
	if err != nil {
		t.Fatal(err)
	}
	res, err := cpstat.EntropyIndex(p, sys, cpstat.PaperIndexOptions())
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := printJSON(&want, struct {
		entropyOutput
		readerReport
	}{newEntropyOutput(res), readerReport{ReaderNotes: []string{}}}); err != nil {
		t.Fatal(err)
	}
	if got != want.String() {
		t.Errorf("%s --json differs from the index of PaperIndexOptions", m[1])
	}

	// The flags of the line matter: the defaults (no shift, raw scores, every period) give other weights.
	_, defaults, _ := runCLI(t, "entropy", "--system", "paper", "--missing", "complete", "--json")
	if defaults == want.String() {
		t.Error("entropy with the default --shift, --score and --window prints the Table 1 index too, so the test checks nothing")
	}
	if !strings.Contains(help, "(default none)") {
		t.Error("help entropy no longer gives --shift none as the default")
	}
}
