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

func measureRel(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1e-300)
}

// value returns *p, or NaN for a JSON null, so that failure messages show numbers rather than pointers.
func value(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// runMeasureJSON runs a command that must succeed and decodes its JSON output into v.
func runMeasureJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	code, out, errOut := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d, stderr:\n%s", args, code, errOut)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%v: decode JSON: %v\n%s", args, err, out)
	}
}

// writeMeasureFile writes text to a file in a temporary folder and returns its path.
func writeMeasureFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// entropyJSON is the part of the entropy command's JSON that the tests read. Nullable numbers are pointers.
type entropyJSON struct {
	Rows       int `json:"rows"`
	UsedRows   int `json:"used_rows"`
	Indicators []struct {
		ID         string   `json:"id"`
		Used       bool     `json:"used"`
		Weight     *float64 `json:"weight"`
		Entropy    *float64 `json:"entropy"`
		Divergence *float64 `json:"divergence"`
	} `json:"indicators"`
	Excluded []struct {
		ID     string `json:"id"`
		Reason string `json:"reason"`
		Rows   int    `json:"rows"`
		Total  int    `json:"total"`
	} `json:"excluded"`
	Scores []struct {
		Entity     string `json:"entity"`
		Time       int    `json:"time"`
		Dimensions map[string]struct {
			Score        *float64 `json:"score"`
			ScoreShifted *float64 `json:"score_shifted"`
		} `json:"dimensions"`
		Composite *float64 `json:"composite"`
		Rank      int      `json:"rank"`
	} `json:"scores"`
	Warnings []string `json:"warnings"`
}

// entropyI1 mirrors one variant of reference case i1_entropy_weight_produc1985.
type entropyI1 struct {
	Entropy      map[string]float64 `json:"entropy"`
	Weights      map[string]float64 `json:"weights"`
	Score        map[string]float64 `json:"score"`
	ScoreShifted map[string]float64 `json:"score_shifted"`
	Rank         map[string]int     `json:"rank"`
}

// The entropy command against reference case i1_entropy_weight_produc1985 (R 4.2.2, the script recorded in
// the case): the 48 states of plm's Produc in 1985, unemp a cost indicator, with no shift and with 1e-4.
// Tolerance 1e-12 relative, as for the engine; JSON carries every double exactly.
func TestEntropyCommandReferenceI1(t *testing.T) {
	var c struct {
		N       int       `json:"n"`
		Shift   entropyI1 `json:"shift_1e_4"`
		NoShift entropyI1 `json:"no_shift"`
	}
	testref.LoadCase(t, "i1_entropy_weight_produc1985", &c)
	base := []string{"entropy", "--data", testref.ReferenceData("plm_Produc.csv"), "--id", "state", "--time", "year",
		"--window", "1985", "--indicators", "pcap,hwy,water,util,pc,gsp,emp,-unemp", "--json"}
	for _, v := range []struct {
		name  string
		extra []string
		want  entropyI1
	}{
		{"no shift", nil, c.NoShift},
		{"shift 1e-4", []string{"--shift", "1e-4", "--score", "shifted"}, c.Shift},
	} {
		t.Run(v.name, func(t *testing.T) {
			var out entropyJSON
			runMeasureJSON(t, &out, append(base, v.extra...)...)
			if out.Rows != c.N || out.UsedRows != c.N {
				t.Errorf("rows %d, used %d; want %d", out.Rows, out.UsedRows, c.N)
			}
			for _, ind := range out.Indicators {
				if ind.Weight == nil || !measureRel(*ind.Weight, v.want.Weights[ind.ID], 1e-12) {
					t.Errorf("weight %s = %v, want %v", ind.ID, value(ind.Weight), v.want.Weights[ind.ID])
				}
				if ind.Entropy == nil || !measureRel(*ind.Entropy, v.want.Entropy[ind.ID], 1e-12) {
					t.Errorf("entropy %s = %v, want %v", ind.ID, value(ind.Entropy), v.want.Entropy[ind.ID])
				}
			}
			if len(out.Scores) != c.N {
				t.Fatalf("%d score rows, want %d", len(out.Scores), c.N)
			}
			for _, row := range out.Scores {
				d := row.Dimensions["index"]
				if d.Score == nil || !measureRel(*d.Score, v.want.Score[row.Entity], 1e-12) {
					t.Errorf("%s: score %v, want %v", row.Entity, value(d.Score), v.want.Score[row.Entity])
				}
				if v.want.ScoreShifted != nil && (d.ScoreShifted == nil || !measureRel(*d.ScoreShifted, v.want.ScoreShifted[row.Entity], 1e-12)) {
					t.Errorf("%s: shifted score %v, want %v", row.Entity, value(d.ScoreShifted), v.want.ScoreShifted[row.Entity])
				}
				if row.Rank != v.want.Rank[row.Entity] {
					t.Errorf("%s: rank %d, want %d", row.Entity, row.Rank, v.want.Rank[row.Entity])
				}
			}
		})
	}
}

// Case PB-17: the constant indicator gets weight exactly 0 and a warning, and the others get the weights
// the case prints to 5 decimals, w = (0.31372, 0.30099, 0, 0.38529); tolerance half a unit in the last place.
func TestEntropyCommandConstantIndicator_PB17(t *testing.T) {
	var out entropyJSON
	runMeasureJSON(t, &out, "entropy", "--data", testref.Case("PB-17.csv"), "--id", "省份", "--time", "年份",
		"--indicators", "ind1,ind2,ind3_const,ind4", "--json")
	want := map[string]float64{"ind1": 0.31372, "ind2": 0.30099, "ind3_const": 0, "ind4": 0.38529}
	for _, ind := range out.Indicators {
		if ind.Weight == nil || math.Abs(*ind.Weight-want[ind.ID]) > 0.5e-5 {
			t.Errorf("weight %s = %v, want %.5f", ind.ID, value(ind.Weight), want[ind.ID])
		}
	}
	if len(out.Warnings) != 1 || !strings.Contains(out.Warnings[0], "ind3_const") {
		t.Errorf("warnings = %q, want one about ind3_const", out.Warnings)
	}
}

// Case PB-18: raw zeros and standardised zeros give 0·ln 0 = 0 and no NaN; the case prints
// w = (0.67597, 0.32403) to 5 decimals.
func TestEntropyCommandZeroShares_PB18(t *testing.T) {
	var out entropyJSON
	runMeasureJSON(t, &out, "entropy", "--data", testref.Case("PB-18.csv"), "--id", "省份", "--time", "年份",
		"--indicators", "patents_new,ind_b", "--json")
	want := map[string]float64{"patents_new": 0.67597, "ind_b": 0.32403}
	for _, ind := range out.Indicators {
		if ind.Weight == nil || math.Abs(*ind.Weight-want[ind.ID]) > 0.5e-5 {
			t.Errorf("weight %s = %v, want %.5f", ind.ID, value(ind.Weight), want[ind.ID])
		}
	}
}

// The shipped system on the embedded data. Without a missing-value policy the command names the policies.
// With --missing complete it lists the sparse indicators with their coverage and uses all 510 rows.
func TestEntropyCommandPaperSystem(t *testing.T) {
	code, _, errOut := runCLI(t, "entropy", "--system", "paper", "--window", "2001:2017")
	if code != 1 || !strings.Contains(errOut, "--missing complete") {
		t.Errorf("without --missing: exit %d, stderr %q; want 1 and a hint at --missing complete", code, errOut)
	}

	var out entropyJSON
	runMeasureJSON(t, &out, "entropy", "--system", "paper", "--missing", "complete", "--window", "2001:2017",
		"--shift", "1e-4", "--score", "shifted", "--json")
	if out.Rows != 510 || out.UsedRows != 510 {
		t.Errorf("rows %d, used %d; want 510", out.Rows, out.UsedRows)
	}
	incomplete := map[string]int{}
	for _, ex := range out.Excluded {
		if ex.Reason == "incomplete coverage" {
			incomplete[ex.ID] = ex.Rows
		}
	}
	want := map[string]int{"ind08": 480, "ind14": 493, "ind27": 390, "ind28": 71}
	for id, rows := range want {
		if incomplete[id] != rows {
			t.Errorf("%s: %d rows with values, want %d", id, incomplete[id], rows)
		}
	}
	if len(out.Excluded) != 23 {
		t.Errorf("%d excluded, want 4 incomplete and 19 without data", len(out.Excluded))
	}
	if out.Scores[0].Dimensions["prosperity"].Score == nil || out.Scores[0].Dimensions["commonality"].Score == nil {
		t.Errorf("first row lacks the scores of prosperity and commonality: %+v", out.Scores[0])
	}
}

func TestEntropyCommandText(t *testing.T) {
	code, out, errOut := runCLI(t, "entropy", "--data", testref.Case("PB-17.csv"), "--id", "省份", "--time", "年份",
		"--indicators", "ind1,ind2,ind4", "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Entropy weights", "Composite index", "ind4"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

func TestEntropyCommandUsageErrors(t *testing.T) {
	pb17 := testref.Case("PB-17.csv")
	keys := []string{"--data", pb17, "--id", "省份", "--time", "年份"}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"entropy"}, "--indicators"},
		{[]string{"entropy", "--indicators", "a", "--system", "paper"}, "not both"},
		{append([]string{"entropy", "--indicators", "ind1", "--shift", "2:1"}, keys...), "LOW:HIGH"},
		{append([]string{"entropy", "--indicators", "ind1", "--by", "region"}, keys...), "--by"},
		{append([]string{"entropy", "--indicators", "ind1", "--window", "2017:2001"}, keys...), "before the first"},
		{append([]string{"entropy", "--indicators", "ind1,-nosuch"}, keys...), `"nosuch" not found`},
	} {
		code, _, errOut := runCLI(t, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

// malmquistJSON is the part of the malmquist command's JSON that the tests read.
type malmquistJSON struct {
	Changes []struct {
		ID     string   `json:"id"`
		To     int      `json:"to"`
		Effch  *float64 `json:"effch"`
		Techch *float64 `json:"techch"`
		Pech   *float64 `json:"pech"`
		Sech   *float64 `json:"sech"`
		Tfpch  *float64 `json:"tfpch"`
	} `json:"changes"`
	PeriodMeans []struct {
		To    int     `json:"to"`
		Tfpch float64 `json:"tfpch"`
		Effch float64 `json:"effch"`
	} `json:"period_means"`
	UnitMeans []struct {
		ID    string  `json:"id"`
		Tfpch float64 `json:"tfpch"`
	} `json:"unit_means"`
	Mean struct {
		Tfpch  float64 `json:"tfpch"`
		Techch float64 `json:"techch"`
	} `json:"mean"`
	Cumulative []struct {
		ID     string  `json:"id"`
		Period int     `json:"period"`
		TFP    float64 `json:"tfp"`
	} `json:"cumulative"`
	Unsolved []struct {
		ID             string `json:"id"`
		Period         int    `json:"period"`
		FrontierPeriod int    `json:"frontier_period"`
		Model          string `json:"model"`
		Reason         string `json:"reason"`
	} `json:"unsolved"`
}

// The malmquist command against reference case k1_malmquist_deap_eg4 (DEAP 2.1 guide, example 4, exact
// LPs; tolerance 1e-9 relative as the case states): every index per firm and period pair, the year and
// firm means of tfpch, the overall mean and the cumulative index.
func TestMalmquistCommandReferenceK1(t *testing.T) {
	type indices struct {
		Effch, Techch, Pech, Sech, Tfpch float64
	}
	var c struct {
		Expected struct {
			Pairs []struct {
				ID       string `json:"id"`
				ToPeriod int    `json:"to_period"`
				indices
			} `json:"pairs"`
			YearMeans []struct {
				ToPeriod int `json:"to_period"`
				indices
			} `json:"year_means"`
			FirmMeans []struct {
				ID string `json:"id"`
				indices
			} `json:"firm_means"`
			Overall    indices `json:"overall"`
			Cumulative []struct {
				ID            string  `json:"id"`
				ToPeriod      int     `json:"to_period"`
				TFPCumulative float64 `json:"tfp_cumulative"`
			} `json:"cumulative"`
		} `json:"expected"`
	}
	testref.LoadCase(t, "k1_malmquist_deap_eg4", &c)
	var out malmquistJSON
	runMeasureJSON(t, &out, "malmquist", "--data", testref.ReferenceData("deap_eg4.csv"), "--id", "firm", "--time", "year",
		"--inputs", "x", "--outputs", "y", "--json")

	const rel = 1e-9
	e := c.Expected
	if len(out.Changes) != len(e.Pairs) {
		t.Fatalf("%d changes, want %d", len(out.Changes), len(e.Pairs))
	}
	for _, pair := range e.Pairs {
		for _, ch := range out.Changes {
			if ch.ID != pair.ID || ch.To != pair.ToPeriod {
				continue
			}
			got := []*float64{ch.Effch, ch.Techch, ch.Pech, ch.Sech, ch.Tfpch}
			want := []float64{pair.Effch, pair.Techch, pair.Pech, pair.Sech, pair.Tfpch}
			for k := range got {
				if got[k] == nil || !measureRel(*got[k], want[k], rel) {
					t.Errorf("firm %s to %d, index %d: %v, want %v", pair.ID, pair.ToPeriod, k, value(got[k]), want[k])
				}
			}
		}
	}
	for k, ym := range e.YearMeans {
		if pm := out.PeriodMeans[k]; pm.To != ym.ToPeriod || !measureRel(pm.Tfpch, ym.Tfpch, rel) || !measureRel(pm.Effch, ym.Effch, rel) {
			t.Errorf("year mean %d: %+v, want tfpch %v, effch %v", ym.ToPeriod, pm, ym.Tfpch, ym.Effch)
		}
	}
	for k, fm := range e.FirmMeans {
		if um := out.UnitMeans[k]; um.ID != fm.ID || !measureRel(um.Tfpch, fm.Tfpch, rel) {
			t.Errorf("firm mean %s: %+v, want tfpch %v", fm.ID, um, fm.Tfpch)
		}
	}
	if !measureRel(out.Mean.Tfpch, e.Overall.Tfpch, rel) || !measureRel(out.Mean.Techch, e.Overall.Techch, rel) {
		t.Errorf("overall mean %+v, want tfpch %v, techch %v", out.Mean, e.Overall.Tfpch, e.Overall.Techch)
	}
	for _, cum := range e.Cumulative {
		for _, got := range out.Cumulative {
			if got.ID == cum.ID && got.Period == cum.ToPeriod && !measureRel(got.TFP, cum.TFPCumulative, rel) {
				t.Errorf("cumulative %s in %d = %v, want %v", cum.ID, cum.ToPeriod, got.TFP, cum.TFPCumulative)
			}
		}
	}
}

// Case PB-24: under Ray–Desli, D's output-oriented VRS distance to the period-1 frontier is infeasible
// (its period-2 input is below every period-1 input), and with input orientation C's is (its period-2
// output exceeds every period-1 output). The run finishes, lists the program with its reason, and writes
// null for the indices that need it, while tfpch stays computed.
func TestMalmquistCommandInfeasible_PB24(t *testing.T) {
	for _, c := range []struct {
		orientation, unit string
	}{{"output", "D"}, {"input", "C"}} {
		var out malmquistJSON
		runMeasureJSON(t, &out, "malmquist", "--data", testref.Case("PB-24.csv"), "--id", "dmu", "--time", "period",
			"--inputs", "x", "--outputs", "y", "--decomposition", "ray-desli", "--orientation", c.orientation, "--json")
		if len(out.Unsolved) != 1 || out.Unsolved[0].ID != c.unit || out.Unsolved[0].FrontierPeriod != 1 ||
			out.Unsolved[0].Model != "VRS" || out.Unsolved[0].Reason == "" {
			t.Errorf("%s: unsolved = %+v, want %s on the period-1 VRS frontier with a reason", c.orientation, out.Unsolved, c.unit)
		}
		for _, ch := range out.Changes {
			infeasible := ch.ID == c.unit
			if infeasible != (ch.Techch == nil) || ch.Tfpch == nil {
				t.Errorf("%s, %s: techch %v, tfpch %v; want techch null only for %s and tfpch always", c.orientation, ch.ID, value(ch.Techch), value(ch.Tfpch), c.unit)
			}
		}
	}
}

// A unit with a zero input stops the run with a message naming it, unless --drop-incomplete.
func TestMalmquistCommandIncompleteUnit(t *testing.T) {
	path := writeMeasureFile(t, "zero.csv", "id,year,k,y\nA,1,1,3\nA,2,2,4\nB,1,2,3\nB,2,3,5\nC,1,1,1\nC,2,0,2\n")
	code, _, errOut := runCLI(t, "malmquist", "--data", path, "--id", "id", "--inputs", "k", "--outputs", "y")
	if code != 1 || !strings.Contains(errOut, `"C"`) || !strings.Contains(errOut, "--drop-incomplete") {
		t.Errorf("exit %d, stderr %q; want 1 naming C and the flag", code, errOut)
	}
	var out struct {
		Dropped []struct{ ID, Reason string } `json:"dropped"`
		Units   []string                      `json:"units"`
	}
	runMeasureJSON(t, &out, "malmquist", "--data", path, "--id", "id", "--inputs", "k", "--outputs", "y", "--drop-incomplete", "--json")
	if len(out.Dropped) != 1 || out.Dropped[0].ID != "C" || len(out.Units) != 2 {
		t.Errorf("dropped %+v, units %v; want C dropped and A, B kept", out.Dropped, out.Units)
	}
}

// The dea command against case k1: period 2 scores are the case's crs_te_to and vrs_te_to. The same rows
// in a file without a year column are one cross-section and give the same scores.
func TestDEACommandReferenceK1(t *testing.T) {
	var c struct {
		Expected struct {
			Pairs []struct {
				ID       string  `json:"id"`
				ToPeriod int     `json:"to_period"`
				CRSTo    float64 `json:"crs_te_to"`
				VRSTo    float64 `json:"vrs_te_to"`
			} `json:"pairs"`
		} `json:"expected"`
	}
	testref.LoadCase(t, "k1_malmquist_deap_eg4", &c)
	type deaJSON struct {
		Period int `json:"period"`
		Units  []struct {
			ID    string  `json:"id"`
			Score float64 `json:"score"`
			CRS   float64 `json:"crs"`
			VRS   float64 `json:"vrs"`
		} `json:"units"`
	}
	crossSection := writeMeasureFile(t, "period2.csv", "firm,y,x\n1,1,2\n2,3,4\n3,4,3\n4,3,5\n5,5,5\n")
	for _, args := range [][]string{
		{"dea", "--data", testref.ReferenceData("deap_eg4.csv"), "--id", "firm", "--time", "year", "--period", "2",
			"--inputs", "x", "--outputs", "y", "--rts", "vrs", "--json"},
		{"dea", "--data", crossSection, "--id", "firm", "--inputs", "x", "--outputs", "y", "--rts", "vrs", "--json"},
	} {
		var out deaJSON
		runMeasureJSON(t, &out, args...)
		if len(out.Units) != 5 {
			t.Fatalf("%v: %d units, want 5", args, len(out.Units))
		}
		for _, pair := range c.Expected.Pairs {
			if pair.ToPeriod != 2 {
				continue
			}
			for _, u := range out.Units {
				if u.ID == pair.ID && (!measureRel(u.CRS, pair.CRSTo, 1e-9) || !measureRel(u.VRS, pair.VRSTo, 1e-9) || u.Score != u.VRS) {
					t.Errorf("%v: firm %s: crs %v, vrs %v, score %v; want %v, %v and score = vrs", args[2], u.ID, u.CRS, u.VRS, u.Score, pair.CRSTo, pair.VRSTo)
				}
			}
		}
	}

	code, _, errOut := runCLI(t, "dea", "--data", testref.ReferenceData("deap_eg4.csv"), "--id", "firm", "--time", "year",
		"--inputs", "x", "--outputs", "y")
	if code != 2 || !strings.Contains(errOut, "Choose one with --period 3") {
		t.Errorf("without --period: exit %d, stderr %q; want a usage error that names --period", code, errOut)
	}
	code, _, errOut = runCLI(t, "dea", "--data", crossSection, "--id", "firm", "--inputs", "x")
	if code != 2 {
		t.Errorf("without --outputs: exit %d, stderr %q; want 2", code, errOut)
	}
}

// capitalJSON is the part of the capital command's JSON that the tests read.
type capitalJSON struct {
	Settings struct {
		Depreciation  float64 `json:"depreciation"`
		PriceBaseYear int     `json:"price_base_year"`
	} `json:"settings"`
	Skipped []struct {
		Unit  string `json:"unit"`
		From  int    `json:"from"`
		To    int    `json:"to"`
		Start int    `json:"start"`
	} `json:"skipped"`
	Units []struct {
		Unit      string    `json:"unit"`
		Start     int       `json:"start"`
		BaseStock float64   `json:"base_stock"`
		Growth    *float64  `json:"growth"`
		Stock     []float64 `json:"stock"`
	} `json:"units"`
}

// Hand computation on a small table: unit A invests 100 × 1.1^t at a constant price, so g = 10 % exactly
// and K_2000 = 100 / (0.1 + 0.1096), K_2001 = 110 + 0.8904 K_2000. Under --base zhang, K_2000 = 100 / 0.1
// and δ = 9.6 %. Tolerance 1e-12 relative: a handful of operations.
func TestCapitalCommandByHand(t *testing.T) {
	text := "id,year,gfcf,invest_deflator\n"
	for k, inv := range []string{"100", "110", "121", "133.1", "146.41", "161.051"} {
		text += "A," + []string{"2000", "2001", "2002", "2003", "2004", "2005"}[k] + "," + inv + ",2\n"
	}
	path := writeMeasureFile(t, "inputs.csv", text)

	var out capitalJSON
	runMeasureJSON(t, &out, "capital", "--data", path, "--id", "id", "--json")
	k0 := 100 / (0.1 + 0.1096)
	k1 := 110 + (1-0.1096)*k0
	a := out.Units[0]
	if a.Growth == nil || !measureRel(*a.Growth, 0.1, 1e-12) || !measureRel(a.Stock[0], k0, 1e-12) || !measureRel(a.Stock[1], k1, 1e-12) {
		t.Errorf("growth %v, K = %v; want 0.1, %v, %v", value(a.Growth), a.Stock[:2], k0, k1)
	}

	runMeasureJSON(t, &out, "capital", "--data", path, "--id", "id", "--base", "zhang", "--json")
	a = out.Units[0]
	if out.Settings.Depreciation != 0.096 || !measureRel(a.Stock[0], 1000, 1e-12) || !measureRel(a.Stock[1], 110+0.904*1000, 1e-12) || a.Growth != nil {
		t.Errorf("zhang: δ %v, K = %v, growth %v; want 0.096, 1000, %v, null", out.Settings.Depreciation, a.Stock[:2], 110+0.904*1000, value(a.Growth))
	}

	stocks := writeMeasureFile(t, "stocks.csv", "unit,stock\nA,500\n")
	runMeasureJSON(t, &out, "capital", "--data", path, "--id", "id", "--base", "given", "--base-stocks", stocks, "--json")
	if a = out.Units[0]; a.Stock[0] != 500 || !measureRel(a.Stock[1], 110+0.8904*500, 1e-12) {
		t.Errorf("given: K = %v, want 500, %v", a.Stock[:2], 110+0.8904*500)
	}
}

// The embedded inputs under the defaults: Chongqing starts in 1996 and Fujian in 1969, both listed, and the
// stock is at 2000 prices. --start first stops at Fujian's negative GFCF and points at --start after-invalid.
func TestCapitalCommandEmbedded(t *testing.T) {
	var out capitalJSON
	runMeasureJSON(t, &out, "capital", "--json")
	if len(out.Units) != 30 || out.Settings.PriceBaseYear != 2000 {
		t.Errorf("%d units at %d prices, want 30 at 2000", len(out.Units), out.Settings.PriceBaseYear)
	}
	starts := map[string]int{}
	for _, s := range out.Skipped {
		starts[s.Unit] = s.Start
	}
	if len(starts) != 2 || starts["CQ"] != 1996 || starts["FJ"] != 1969 {
		t.Errorf("skipped = %+v, want CQ from 1996 and FJ from 1969", out.Skipped)
	}

	code, _, errOut := runCLI(t, "capital", "--start", "first")
	if code != 1 || !strings.Contains(errOut, `"FJ"`) || !strings.Contains(errOut, "--start after-invalid") {
		t.Errorf("--start first: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runCLI(t, "capital", "--base", "given")
	if code != 2 || !strings.Contains(errOut, "--base-stocks") {
		t.Errorf("--base given without stocks: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runCLI(t, "capital", "--depreciation", "10.96")
	if code != 2 || !strings.Contains(errOut, "fraction") {
		t.Errorf("--depreciation 10.96: exit %d, stderr %q", code, errOut)
	}
}

func TestCapitalCommandExport(t *testing.T) {
	code, out, errOut := runCLI(t, "capital", "--export", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "unit,year,price,real_investment,capital_stock,capital" || !strings.HasPrefix(lines[1], "BJ,1952,") {
		t.Errorf("export starts %q, %q", lines[0], lines[1])
	}
	// 28 provinces × 66 years, Fujian 1969–2017 (49) and Chongqing 1996–2017 (22).
	if want := 1 + 28*66 + 49 + 22; len(lines) != want {
		t.Errorf("%d lines, want %d", len(lines), want)
	}
}

// --system with a table in the layout of entropy.ReadSystemCSV: ind1 and ind2 form dimension a and ind4
// dimension b, so a's weights sum to 1 and b's single indicator has weight 1, and the composite is the
// product of the two dimension scores in every row.
func TestEntropyCommandSystemFile(t *testing.T) {
	system := writeMeasureFile(t, "system.csv", "code,dimension,level1,direction\nind1,a,g1,+\nind2,a,g1,+\nind4,b,g2,-\n")
	var out entropyJSON
	runMeasureJSON(t, &out, "entropy", "--data", testref.Case("PB-17.csv"), "--id", "省份", "--time", "年份",
		"--system", system, "--shift", "1e-4", "--score", "shifted", "--json")
	weights := map[string]float64{}
	for _, ind := range out.Indicators {
		weights[ind.ID] = value(ind.Weight)
	}
	if math.Abs(weights["ind1"]+weights["ind2"]-1) > 1e-15 || weights["ind4"] != 1 {
		t.Errorf("weights = %v, want ind1 + ind2 = 1 and ind4 = 1", weights)
	}
	for _, row := range out.Scores {
		a, b := value(row.Dimensions["a"].ScoreShifted), value(row.Dimensions["b"].ScoreShifted)
		if !measureRel(value(row.Composite), a*b, 1e-15) {
			t.Errorf("%s: composite %v, want %v × %v", row.Entity, value(row.Composite), a, b)
		}
	}
}
