package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// describe --by-panel --json on the Produc CSV gives R's mean, sd, range and quartiles and the xtsum
// decomposition recorded in case j1 (R 4.2.2; 1e-9 relative, closed-form sums).
func TestDescribeJSONXtSum_J1(t *testing.T) {
	type xtsum struct {
		SDOverall float64 `json:"sd_overall"`
		SDBetween float64 `json:"sd_between"`
		SDWithin  float64 `json:"sd_within"`
		MinWithin float64 `json:"min_within"`
		MaxWithin float64 `json:"max_within"`
		Entities  int     `json:"n_entities"`
		TBar      float64 `json:"T_bar"`
	}
	var ref struct {
		Produc map[string]struct {
			N      int     `json:"N"`
			Mean   float64 `json:"mean"`
			SD     float64 `json:"sd"`
			Min    float64 `json:"min"`
			Max    float64 `json:"max"`
			Median float64 `json:"median"`
			P25    float64 `json:"p25"`
			P75    float64 `json:"p75"`
			XtSum  xtsum   `json:"xtsum"`
		} `json:"produc"`
	}
	testref.LoadCase(t, "j1_descriptives_produc_grunfeld", &ref)
	code, out, errOut := runCLI(t, "describe", "--data", testref.ReferenceData("plm_Produc.csv"), "--id", "state", "--time", "year",
		"--vars", "pcap,unemp", "--by-panel", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []struct {
		Variable string  `json:"variable"`
		N        int     `json:"n"`
		Mean     float64 `json:"mean"`
		SD       float64 `json:"sd"`
		Min      float64 `json:"min"`
		Max      float64 `json:"max"`
		Median   float64 `json:"median"`
		P25      float64 `json:"p25"`
		P75      float64 `json:"p75"`
		XtSum    struct {
			SDOverall float64 `json:"sd_overall"`
			SDBetween float64 `json:"sd_between"`
			SDWithin  float64 `json:"sd_within"`
			MinWithin float64 `json:"min_within"`
			MaxWithin float64 `json:"max_within"`
			Entities  int     `json:"entities"`
			TBar      float64 `json:"t_bar"`
		} `json:"xtsum"`
	}
	decodeDescribe(t, out, &got)
	if len(got) != 2 {
		t.Fatalf("%d variables, want 2", len(got))
	}
	for _, g := range got {
		w := ref.Produc[g.Variable]
		if g.N != w.N || g.XtSum.Entities != w.XtSum.Entities || g.XtSum.TBar != w.XtSum.TBar {
			t.Errorf("%s: N %d, entities %d, T-bar %g; want %d, %d, %g", g.Variable, g.N, g.XtSum.Entities, g.XtSum.TBar, w.N, w.XtSum.Entities, w.XtSum.TBar)
		}
		pairs := map[string][2]float64{
			"mean": {g.Mean, w.Mean}, "sd": {g.SD, w.SD}, "min": {g.Min, w.Min}, "max": {g.Max, w.Max},
			"median": {g.Median, w.Median}, "p25": {g.P25, w.P25}, "p75": {g.P75, w.P75},
			"sd_overall": {g.XtSum.SDOverall, w.XtSum.SDOverall}, "sd_between": {g.XtSum.SDBetween, w.XtSum.SDBetween},
			"sd_within": {g.XtSum.SDWithin, w.XtSum.SDWithin}, "min_within": {g.XtSum.MinWithin, w.XtSum.MinWithin},
			"max_within": {g.XtSum.MaxWithin, w.XtSum.MaxWithin},
		}
		for name, p := range pairs {
			if !closeTo(p[0], p[1], 1e-9) {
				t.Errorf("%s %s = %v, want %v", g.Variable, name, p[0], p[1])
			}
		}
	}
}

func TestDescribeTextAndUnknownColumn(t *testing.T) {
	code, out, _ := runCLI(t, "describe", "--vars", "balance,cpi", "--window", "2001:2017")
	if code != 0 || !strings.Contains(out, "balance") || !strings.Contains(out, "510") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "describe", "--vars", "balance", "--by-panel")
	if code != 0 || !strings.Contains(out, "between") || !strings.Contains(out, "n = 30") {
		t.Errorf("--by-panel: exit %d, output:\n%s", code, out)
	}
	code, _, errOut := runCLI(t, "describe", "--vars", "balanse")
	if code != 2 || !strings.Contains(errOut, "balanse") {
		t.Errorf("unknown column: exit %d, stderr %q", code, errOut)
	}
}

// writeProducLogs writes the regressors of case h1, log(pcap), log(pc), log(emp) and unemp, as plain
// columns, because vif takes columns rather than expressions.
func writeProducLogs(t *testing.T) string {
	t.Helper()
	tb := readCSVColumns(t, testref.ReferenceData("plm_Produc.csv"))
	var b strings.Builder
	b.WriteString("state,year,lpcap,lpc,lemp,unemp\n")
	for i := range tb["state"] {
		b.WriteString(tb["state"][i] + "," + tb["year"][i])
		for _, name := range []string{"pcap", "pc", "emp"} {
			x, err := strconv.ParseFloat(tb[name][i], 64)
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString("," + strconv.FormatFloat(math.Log(x), 'g', -1, 64))
		}
		b.WriteString("," + tb["unemp"][i] + "\n")
	}
	path := filepath.Join(t.TempDir(), "produc_logs.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readCSVColumns reads a simple CSV file (no quoted commas) column by column.
func readCSVColumns(t *testing.T, path string) map[string][]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	header := strings.Split(lines[0], ",")
	cols := map[string][]string{}
	for _, line := range lines[1:] {
		for j, cell := range strings.Split(line, ",") {
			cols[header[j]] = append(cols[header[j]], cell)
		}
	}
	return cols
}

// vif --json on the Produc regressors gives car::vif in R 4.2.2 (case h1, 1e-9 relative).
func TestVIFJSON_H1(t *testing.T) {
	var ref struct {
		N       int                `json:"N"`
		VIF     map[string]float64 `json:"vif"`
		MeanVIF float64            `json:"mean_vif"`
	}
	testref.LoadCase(t, "h1_vif_pooled_produc", &ref)
	code, out, errOut := runCLI(t, "vif", "--data", writeProducLogs(t), "--id", "state", "--time", "year",
		"--vars", "lpcap,lpc,lemp,unemp", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		N         int `json:"n"`
		Variables []struct {
			Variable  string   `json:"variable"`
			VIF       *float64 `json:"vif"`
			Collinear bool     `json:"collinear"`
		} `json:"variables"`
		MeanVIF *float64 `json:"mean_vif"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	names := map[string]string{"lpcap": "log(pcap)", "lpc": "log(pc)", "lemp": "log(emp)", "unemp": "unemp"}
	if got.N != ref.N || len(got.Variables) != 4 {
		t.Fatalf("n %d with %d variables, want %d and 4", got.N, len(got.Variables), ref.N)
	}
	for _, v := range got.Variables {
		want := ref.VIF[names[v.Variable]]
		if v.VIF == nil || !closeTo(*v.VIF, want, 1e-9) || v.Collinear {
			t.Errorf("VIF %s = %v (collinear %v), want %v", v.Variable, v.VIF, v.Collinear, want)
		}
	}
	if got.MeanVIF == nil || !closeTo(*got.MeanVIF, ref.MeanVIF, 1e-9) {
		t.Errorf("mean VIF %v, want %v", got.MeanVIF, ref.MeanVIF)
	}
}

// x3 = x1 + 2·x2 makes every VIF infinite: null in JSON with collinear true and a note (case PB-16,
// keys added because the CLI reads panels).
func TestVIFJSONCollinear_PB16(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pb16.csv")
	data := "id,year,x1,x2,x3\n1,1,1,0,1\n2,1,2,0,2\n3,1,3,0,3\n4,1,4,1,6\n5,1,5,1,7\n6,1,6,1,8\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "vif", "--data", path, "--vars", "x1,x2,x3", "--json", "--id", "id")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Variables []struct {
			VIF       *float64 `json:"vif"`
			Collinear bool     `json:"collinear"`
		} `json:"variables"`
		MeanVIF *float64 `json:"mean_vif"`
		Notes   []string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	for j, v := range got.Variables {
		if v.VIF != nil || !v.Collinear {
			t.Errorf("variable %d: vif %v, collinear %v; want null and true", j, v.VIF, v.Collinear)
		}
	}
	if got.MeanVIF != nil || len(got.Notes) == 0 {
		t.Errorf("mean VIF %v with notes %q; want null and a note", got.MeanVIF, got.Notes)
	}

	code, out, _ = runCLI(t, "vif", "--data", path, "--vars", "x1,x2", "--id", "id")
	if code != 0 || !strings.Contains(out, "4.375") {
		t.Errorf("x1, x2 only: exit %d, output:\n%s", code, out)
	}
}

func TestVIFNeedsTwoVariables(t *testing.T) {
	code, _, errOut := runCLI(t, "vif", "--vars", "balance")
	if code != 2 || !strings.Contains(errOut, "at least two") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// decodeDescribe decodes the variables of a describe --json document into v.
func decodeDescribe(t *testing.T, out string, v any) {
	t.Helper()
	var doc struct {
		Variables json.RawMessage `json:"variables"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	if err := json.Unmarshal(doc.Variables, v); err != nil {
		t.Fatalf("decode variables: %v\n%s", err, out)
	}
}
