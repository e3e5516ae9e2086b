package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/cpstat/cpstat/cpstat"
)

// flagless are the settings that no flag sets; flagFor must return "" for them and a flag for every
// other setting.
var flagless = map[cpstat.Setting]bool{
	cpstat.SettingPlaceholders: true, cpstat.SettingColumnType: true, cpstat.SettingNewColumn: true,
	cpstat.SettingQRPDGrid: true, cpstat.SettingQRPDBandwidth: true,
}

// Every setting a library hint can name is spelled with a flag that some command declares.
func TestFlagForEverySetting(t *testing.T) {
	declared := map[string]bool{}
	for _, c := range commands {
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.setup(fs)
		fs.VisitAll(func(f *flag.Flag) { declared[f.Name] = true })
	}
	for s := cpstat.SettingEncoding; s.Known(); s++ {
		spelled := flagFor(cpstat.Suggestion{Setting: s, Value: "1"})
		if flagless[s] {
			if spelled != "" {
				t.Errorf("setting %d has no flag, but flagFor returns %q", int(s), spelled)
			}
			continue
		}
		if !strings.Contains(spelled, "--") {
			t.Errorf("setting %d (Go: %s) is spelled %q, want a flag", int(s), cpstat.GoSetting(cpstat.Suggestion{Setting: s}), spelled)
			continue
		}
		for _, word := range strings.Fields(spelled) {
			if name, ok := strings.CutPrefix(word, "--"); ok && !declared[name] {
				t.Errorf("setting %d is spelled %q, but no command declares --%s", int(s), spelled, name)
			}
		}
	}
}

func TestShellQuote(t *testing.T) {
	cases := map[string]string{"gdp": "gdp", "y 2:.": `"y 2:."`, "省份": "省份", "a b": `"a b"`, "": `""`, "2005:2017": "2005:2017", "$x": `"$x"`}
	for in, want := range cases {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

// writeFile writes text to name in a temporary folder and returns its path.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The hints of the user's report name flags, not Go options.
func TestErrorHintsNameFlags(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("province,year,地区生产总值\nBJ,2001,1\nBJ,2002,2\n")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"text cell", []string{"describe", "--data", writeFile(t, "text.csv", "province,year,gdp\nBJ,2001,1\nBJ,2002,约3500\nBJ,2003,3\n")},
			[]string{`--na "约3500"`, "1 is text"}},
		{"percentage", []string{"describe", "--data", writeFile(t, "pct.csv", "province,year,share\nBJ,2001,12.5%\nBJ,2002,3%\n")},
			[]string{"--percent fraction", "--percent number", "--percent missing"}},
		{"ambiguous number", []string{"describe", "--data", writeFile(t, "amb.csv", "province,year,v\nBJ,2001,\"1,2\"\nBJ,2002,3\n")},
			[]string{"--ambiguous missing"}},
		{"GBK read as UTF-8", []string{"describe", "--data", writeFile(t, "gbk.csv", gbk), "--encoding", "utf8"},
			[]string{"--encoding gbk"}},
		{"repeated header", []string{"describe", "--data", writeFile(t, "dup.csv", "province,year,2017年,2017年\nBJ,2001,1,2\n")},
			[]string{"--header-rows 2"}},
		{"entropy missing values", []string{"entropy", "--indicators", "gdp,expen"},
			[]string{"--missing listwise", "--missing complete"}},
		{"capital start year", []string{"capital", "--base-year", "1990"}, []string{"--base-year 1996", "--base-year 0"}},
		{"capital price year", []string{"capital", "--price-year", "1960"}, []string{"--price-year 1996"}},
		{"gmm fixed effects", []string{"gmm", "--formula", "gdp ~ L(gdp, 1) | province", "--gmm", "gdp 2:."}, []string{"--timedummies"}},
		{"qrpd draws need mcmc", []string{"qrpd", "--formula", "gdp ~ balance", "--se", "draws"}, []string{"--optimizer mcmc"}},
		{"malmquist without a complete entity", []string{"malmquist", "--drop-incomplete", "--inputs", "x", "--outputs", "y", "--data",
			writeFile(t, "gap.csv", "province,year,x,y\nBJ,2001,1,\nBJ,2002,2,\nBJ,2003,2,3\nBJ,2004,3,4\n"+
				"TJ,2001,3,\nTJ,2002,3,\nTJ,2003,4,2\nTJ,2004,4,3\n")},
			[]string{"no entity has a complete row in 2001, 2002", "--window 2003:2004"}},
		{"dea without a period", []string{"dea", "--inputs", "gfcf,employment", "--outputs", "real_gdp"}, []string{"--period 2017"}},
		{"malmquist incomplete entity", []string{"malmquist", "--data", writeFile(t, "unbalanced.csv", "province,year,x,y\nBJ,2001,1,2\nBJ,2002,2,3\nTJ,2001,3,1\n"),
			"--inputs", "x", "--outputs", "y"}, []string{"--drop-incomplete"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, c.args...)
			if code == 0 {
				t.Fatalf("exit 0, want an error")
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q: %s", w, stderr)
				}
			}
			for _, goName := range []string{"With", "Settings.", "Options.", "Optimize", "Index"} {
				if strings.Contains(stderr, goName) {
					t.Errorf("stderr names the Go setting %q: %s", goName, stderr)
				}
			}
		})
	}
}

// An unknown column, named in any flag, formula or option string, is a usage error (exit 2) in
// every command, and no message ends with the word usage.
func TestUnknownColumnExitsTwo(t *testing.T) {
	small := writeFile(t, "small.csv", "province,year,gdp,balance\nBJ,2001,1,2\nBJ,2002,2,3\nTJ,2001,3,1\nTJ,2002,5,2\n")
	cases := [][]string{
		{"fe", "--formula", "gdp ~ balance + labour | province + year"},
		{"ols", "--formula", "gdp ~ labour"},
		{"describe", "--vars", "labour"},
		{"vif", "--vars", "balance,labour"},
		{"mediate", "--treatment", "balance", "--mediators", "labour", "--outcome", "gdp"},
		{"gmm", "--formula", "gdp ~ L(gdp, 1) + balance", "--gmm", "labour 2:4"},
		{"gmm", "--formula", "gdp ~ L(gdp, 1) + labour", "--gmm", "gdp 2:4"},
		{"malmquist", "--inputs", "gfcf,labour", "--outputs", "real_gdp"},
		{"dea", "--inputs", "labour", "--outputs", "real_gdp", "--period", "2010"},
		{"entropy", "--indicators", "gdp,labour"},
		{"entropy", "--data", small, "--system", "paper"},
		{"capital", "--investment", "investment"},
		{"qr", "--formula", "gdp ~ labour"},
		{"qrpd", "--formula", "gdp ~ labour"},
		{"placebo", "--formula", "gdp ~ labour | province + year", "--treatment", "labour", "--reps", "2"},
		{"wildboot", "--formula", "gdp ~ labour | province + year", "--cluster", "province", "--param", "labour", "--reps", "9"},
		{"fe", "--formula", "gdp ~ balance | province + year", "--vcov", "cluster:provinc"},
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, _, stderr := runCLI(t, args...)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr: %s", code, stderr)
			}
			if !strings.Contains(stderr, "not found") {
				t.Errorf("stderr does not say the column was not found: %s", stderr)
			}
			if strings.Contains(stderr, ": usage") {
				t.Errorf("stderr ends the message with the usage marker: %s", stderr)
			}
		})
	}
}

// Usage errors built with usagef or wrapping errUsage print without the marker, and still exit 2.
func TestUsageMessagesLackMarker(t *testing.T) {
	for _, err := range []error{usagef("--window %q: bad", "x"), fmt.Errorf("--out is required: %w", errUsage), usageError{fmt.Errorf("wrapped")}} {
		if msg := errorMessage(err); strings.HasSuffix(msg, "usage") {
			t.Errorf("errorMessage(%v) = %q ends with the marker", err, msg)
		}
	}
	code, _, stderr := runCLI(t, "fe", "--formula", "gdp ~ balance | province", "--window", "2017:2001")
	if code != 2 || strings.Contains(stderr, "usage") {
		t.Errorf("exit %d, stderr %q; want 2 without the usage marker", code, stderr)
	}
}
