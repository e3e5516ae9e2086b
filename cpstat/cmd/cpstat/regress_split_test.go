package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// splitJSON decodes the output of fe --split-by --json.
type splitJSON struct {
	Split struct {
		By        string    `json:"by"`
		Groups    int       `json:"groups"`
		Rule      string    `json:"rule"`
		Cutpoints []float64 `json:"cutpoints"`
		Sizes     []int     `json:"sizes"`
	} `json:"split"`
	Full   regressJSON `json:"full"`
	Groups []struct {
		Index  int          `json:"index"`
		Rows   int          `json:"rows"`
		Result *regressJSON `json:"result"`
		Error  string       `json:"error"`
	} `json:"groups"`
	Notes []string `json:"notes"`
}

// The 510 province-years of 2001–2017 split into quintiles of balance give 5 × 102 rows, as the study's
// Table 8 has, and every group's N plus its dropped singletons adds up to its rows.
func TestFESplitByQuintilesJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "fe", "--formula", "industry ~ balance + cpi | province + year", "--vcov", "cluster:province",
		"--window", "2001:2017", "--split-by", "balance:5", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var v splitJSON
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	if v.Split.By != "balance" || v.Split.Groups != 5 || v.Split.Rule != "cutpoints" || len(v.Split.Cutpoints) != 4 {
		t.Errorf("split %+v, want balance in 5 groups by cutpoints with 4 cutpoints", v.Split)
	}
	if v.Full.NObs != 510 || v.Full.Command != "fe" {
		t.Errorf("full model nobs %d, command %q; want 510 and fe", v.Full.NObs, v.Full.Command)
	}
	for _, g := range v.Groups {
		if g.Rows != 102 || g.Result == nil {
			t.Errorf("group %d: rows %d, result %v, error %q; want 102 rows and a result", g.Index, g.Rows, g.Result != nil, g.Error)
			continue
		}
		dropped := 0
		for _, d := range g.Result.Dropped {
			dropped += d.Count
		}
		if g.Result.NObs+dropped != 102 {
			t.Errorf("group %d: nobs %d plus %d dropped, want 102", g.Index, g.Result.NObs, dropped)
		}
	}
	if len(v.Notes) == 0 || !strings.Contains(v.Notes[0], "Stata's xtile") {
		t.Errorf("notes %q lack the grouping rule", v.Notes)
	}
}

func TestFESplitByText(t *testing.T) {
	code, out, errOut := runCLI(t, "fe", "--formula", "industry ~ balance | province + year", "--window", "2001:2017", "--split-by", "balance:3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"== group 1 of 3: balance in [", "== group 3 of 3", "170 rows ==", "Note: Groups: 3 quantile groups of balance"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// An invalid --split-by is a usage error (exit 2) that shows the expected form; an unknown column too.
func TestFESplitByInvalid(t *testing.T) {
	for _, c := range []struct{ value, want string }{
		{"balance", "such as open:3"},
		{"balance:1", "at least 2"},
		{":3", "such as open:3"},
		{"no_such:3", "no_such"},
	} {
		code, _, errOut := runCLI(t, "fe", "--formula", "industry ~ balance | province + year", "--split-by", c.value)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("--split-by %q: exit %d, stderr %q; want exit 2 and %q", c.value, code, errOut, c.want)
		}
	}
}

func TestFEHelpDescribesSplitBy(t *testing.T) {
	code, out, errOut := runCLI(t, "help", "fe")
	text := out + errOut
	if code != 0 || !strings.Contains(text, "-split-by VAR:G") || !strings.Contains(text, "Sample splits (--split-by VAR:G)") {
		t.Errorf("exit %d; help lacks the --split-by flag or its section:\n%s", code, text)
	}
}
