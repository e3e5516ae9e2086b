package main

import (
	"regexp"
	"strings"
	"testing"
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
