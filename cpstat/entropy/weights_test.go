package entropy

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// i1Variant is one shift variant of reference case i1_entropy_weight_produc1985.
type i1Variant struct {
	Shift        float64            `json:"shift"`
	Entropy      map[string]float64 `json:"entropy"`
	Divergence   map[string]float64 `json:"divergence"`
	Weights      map[string]float64 `json:"weights"`
	Score        map[string]float64 `json:"score"`
	ScoreShifted map[string]float64 `json:"score_shifted"`
	Rank         map[string]int     `json:"rank"`
}

type i1Case struct {
	N           int             `json:"n"`
	Indicators  []string        `json:"indicators"`
	Positive    map[string]bool `json:"positive"`
	Units       []string        `json:"units"`
	Shift       i1Variant       `json:"shift_1e_4"`
	NoShift     i1Variant       `json:"no_shift"`
	NormalisedZ struct {
		Rownames []string    `json:"rownames"`
		Colnames []string    `json:"colnames"`
		Data     [][]float64 `json:"data"`
	} `json:"normalised_z"`
}

// readColumns reads the named numeric columns of a CSV file, keeping the rows for which keep returns true.
// keep gets the record and the header index; nil keeps every row.
func readColumns(t *testing.T, path string, names []string, keep func(rec []string, col map[string]int) bool) (map[string]int, [][]string, [][]float64) {
	t.Helper()

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}

	col := map[string]int{}
	for k, h := range records[0] {
		col[strings.TrimPrefix(h, "\ufeff")] = k
	}

	columns := make([][]float64, len(names))
	var selected [][]string
	for _, rec := range records[1:] {
		if keep != nil && !keep(rec, col) {
			continue
		}
		selected = append(selected, rec)
		for j, name := range names {
			k, ok := col[name]
			if !ok {
				t.Fatalf("%s: no column %q", path, name)
			}
			v, err := strconv.ParseFloat(rec[k], 64)
			if err != nil {
				t.Fatalf("%s: column %q: %v", path, name, err)
			}
			columns[j] = append(columns[j], v)
		}
	}
	return col, selected, columns
}

// relClose reports whether got is within rel of want, relative to |want|; a zero want needs |got| ≤ 1e-15.
func relClose(got, want, rel float64) bool {
	if want == 0 {
		return math.Abs(got) <= 1e-15
	}
	return math.Abs(got-want) <= rel*math.Abs(want)
}

func benefitIndicators(codes ...string) []Indicator {
	out := make([]Indicator, len(codes))
	for j, c := range codes {
		out[j] = Indicator{Code: c, Direction: Benefit}
	}
	return out
}

// Reference case i1_entropy_weight_produc1985: R 4.2.2 (scripts/07_entropy.R recorded in the case) on the 48
// states of plm's Produc in 1985, eight indicators, unemp a cost indicator, with no shift and with 1e-4 added
// to every standardised value. Tolerance 1e-12 relative: both sides do a few sums of 48 doubles, so rounding
// differs by about 1e-15, and d = 1 − e magnifies it by at most 1/d ≈ 60 (unemp has e = 0.98).
func TestWeighReferenceI1Produc1985(t *testing.T) {
	var c i1Case
	testref.LoadCase(t, "i1_entropy_weight_produc1985", &c)
	_, rows, columns := readColumns(t, testref.ReferenceData("plm_Produc.csv"), c.Indicators,
		func(rec []string, col map[string]int) bool { return rec[col["year"]] == "1985" })

	if len(rows) != c.N {
		t.Fatalf("Produc 1985 has %d rows, the case has n = %d", len(rows), c.N)
	}
	for i, rec := range rows {
		if rec[0] != c.Units[i] {
			t.Fatalf("row %d is %s, the case has %s", i, rec[0], c.Units[i])
		}
	}
	indicators := make([]Indicator, len(c.Indicators))
	for j, code := range c.Indicators {
		indicators[j] = Indicator{Code: code, Direction: Benefit}
		if !c.Positive[code] {
			indicators[j].Direction = Cost
		}
	}

	const rel = 1e-12
	for _, v := range []struct {
		name  string
		shift Shift
		want  i1Variant
	}{
		{"no shift", Shift{}, c.NoShift},
		{"shift 1e-4", AddShift(1e-4), c.Shift},
	} {
		t.Run(v.name, func(t *testing.T) {
			r, err := Weigh(indicators, columns, Settings{Shift: v.shift})
			if err != nil {
				t.Fatal(err)
			}
			if r.Rows != c.N || r.Used != c.N || len(r.Dropped) != 0 {
				t.Errorf("Rows = %d, Used = %d, Dropped = %v; want %d, %d, none", r.Rows, r.Used, r.Dropped, c.N, c.N)
			}
			g := r.Groups[0]
			if want := 1 / math.Log(48); g.K != want {
				t.Errorf("K = %v, want 1/ln 48 = %v", g.K, want)
			}
			for j, code := range c.Indicators {
				if !relClose(g.Entropy[j], v.want.Entropy[code], rel) {
					t.Errorf("entropy %s = %.17g, want %.17g", code, g.Entropy[j], v.want.Entropy[code])
				}
				if !relClose(g.Divergence[j], v.want.Divergence[code], rel) {
					t.Errorf("divergence %s = %.17g, want %.17g", code, g.Divergence[j], v.want.Divergence[code])
				}
				if !relClose(g.Weight[j], v.want.Weights[code], rel) {
					t.Errorf("weight %s = %.17g, want %.17g", code, g.Weight[j], v.want.Weights[code])
				}
			}
			for i, unit := range c.Units {
				if !relClose(r.Score[i], v.want.Score[unit], rel) {
					t.Errorf("score %s = %.17g, want %.17g", unit, r.Score[i], v.want.Score[unit])
				}
				if v.want.ScoreShifted != nil && !relClose(r.ScoreShifted[i], v.want.ScoreShifted[unit], rel) {
					t.Errorf("shifted score %s = %.17g, want %.17g", unit, r.ScoreShifted[i], v.want.ScoreShifted[unit])
				}
				if r.Rank[i] != v.want.Rank[unit] {
					t.Errorf("rank %s = %d, want %d", unit, r.Rank[i], v.want.Rank[unit])
				}
			}
		})
	}
}

// The standardised values of case i1 (its normalised_z matrix, 48 × 8, rows in unit order). Min-max
// scaling is a subtraction and a division, so 1e-12 relative is generous.
func TestStandardisedReferenceI1Produc1985(t *testing.T) {
	var c i1Case
	testref.LoadCase(t, "i1_entropy_weight_produc1985", &c)
	_, _, columns := readColumns(t, testref.ReferenceData("plm_Produc.csv"), c.Indicators,
		func(rec []string, col map[string]int) bool { return rec[col["year"]] == "1985" })
	indicators := benefitIndicators(c.Indicators...)
	indicators[len(indicators)-1].Direction = Cost // unemp

	r, err := Weigh(indicators, columns, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range c.NormalisedZ.Data {
		for j, want := range row {
			if !relClose(r.Z[j][i], want, 1e-12) {
				t.Errorf("z[%s, %s] = %.17g, want %.17g", c.NormalisedZ.Rownames[i], c.NormalisedZ.Colnames[j], r.Z[j][i], want)
			}
		}
	}
}

// readPB17 returns the four indicators of case PB-17; ind3_const is 1.0 in every row.
func readPB17(t *testing.T) ([]string, [][]float64) {
	names := []string{"ind1", "ind2", "ind3_const", "ind4"}
	_, _, columns := readColumns(t, testref.Case("PB-17.csv"), names, nil)
	return names, columns
}

// Case PB-17: a constant indicator gets weight 0 and a warning, no NaN appears, and the other weights are
// those printed in the case, w = (0.31372, 0.30099, 0, 0.38529), all indicators benefit. The case prints 5
// decimals, so the tolerance is half a unit in the last place.
func TestConstantIndicatorZeroWeight_PB17(t *testing.T) {
	names, columns := readPB17(t)
	r, err := Weigh(benefitIndicators(names...), columns, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.31372, 0.30099, 0, 0.38529}
	g := r.Groups[0]
	for j := range names {
		if math.Abs(g.Weight[j]-want[j]) > 0.5e-5 {
			t.Errorf("weight %s = %.6f, want %.5f", names[j], g.Weight[j], want[j])
		}
		if math.IsNaN(g.Entropy[j]) || math.IsNaN(g.Weight[j]) {
			t.Errorf("%s: entropy %v, weight %v; NaN is a bug", names[j], g.Entropy[j], g.Weight[j])
		}
	}
	if g.Weight[2] != 0 || !g.Constant[2] || g.Entropy[2] != 1 {
		t.Errorf("ind3_const: weight %v, constant %v, entropy %v; want exactly 0, true, 1", g.Weight[2], g.Constant[2], g.Entropy[2])
	}
	if len(r.Warnings) != 1 || r.Warnings[0].Indicator != "ind3_const" {
		t.Errorf("warnings = %v, want one about ind3_const", r.Warnings)
	}
	for i, s := range r.Score {
		if math.IsNaN(s) {
			t.Errorf("score of row %d is NaN", i)
		}
	}
}

// Case PB-17, second requirement: leaving the constant indicator out gives bit-identical weights for the
// others, because its divergence is exactly 0.
func TestConstantIndicatorLeavesOthers_PB17(t *testing.T) {
	names, columns := readPB17(t)
	with, err := Weigh(benefitIndicators(names...), columns, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	without, err := Weigh(benefitIndicators("ind1", "ind2", "ind4"), [][]float64{columns[0], columns[1], columns[3]}, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	for k, j := range []int{0, 1, 3} {
		if with.Groups[0].Weight[j] != without.Groups[0].Weight[k] {
			t.Errorf("%s: weight %v with the constant column, %v without", names[j], with.Groups[0].Weight[j], without.Groups[0].Weight[k])
		}
	}
}

func TestAllConstantError(t *testing.T) {
	_, err := Weigh(benefitIndicators("a", "b"), [][]float64{{1, 1, 1}, {5, 5, 5}}, Settings{})
	var ac *AllConstantError
	if !errors.As(err, &ac) {
		t.Fatalf("err = %v, want *AllConstantError", err)
	}
	if len(ac.Indicators) != 2 {
		t.Errorf("Indicators = %v, want a and b", ac.Indicators)
	}
}

// Case PB-18: patents_new has raw zeros and every standardised column has a zero, so p·ln p meets 0·ln 0,
// taken as 0. The case prints w = (0.67597, 0.32403) to 5 decimals; tolerance half a unit in the last place.
func TestZeroSharesZeroLogZero_PB18(t *testing.T) {
	names := []string{"patents_new", "ind_b"}
	_, _, columns := readColumns(t, testref.Case("PB-18.csv"), names, nil)
	r, err := Weigh(benefitIndicators(names...), columns, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.67597, 0.32403}
	for j := range names {
		g := r.Groups[0]
		if math.Abs(g.Weight[j]-want[j]) > 0.5e-5 {
			t.Errorf("weight %s = %.6f, want %.5f", names[j], g.Weight[j], want[j])
		}
		if math.IsNaN(g.Entropy[j]) {
			t.Errorf("entropy %s is NaN", names[j])
		}
	}
}

// Missing values are an error that names each indicator and its rows, with their labels.
func TestMissingValuesNamed(t *testing.T) {
	columns := [][]float64{{1, math.NaN(), 3, 4}, {2, 3, math.Inf(1), math.NaN()}}
	labels := []string{"Beijing 2001", "Beijing 2002", "Tianjin 2001", "Tianjin 2002"}
	_, err := Weigh(benefitIndicators("x", "y"), columns, Settings{RowLabels: labels})
	var mv *MissingValuesError
	if !errors.As(err, &mv) {
		t.Fatalf("err = %v, want *MissingValuesError", err)
	}
	if len(mv.Columns) != 2 {
		t.Fatalf("Columns = %+v, want x and y", mv.Columns)
	}
	if c := mv.Columns[0]; c.Indicator != "x" || len(c.Rows) != 1 || c.Rows[0] != 1 {
		t.Errorf("x: %+v, want row 1", c)
	}
	if c := mv.Columns[1]; c.Indicator != "y" || len(c.Rows) != 2 || c.Rows[0] != 2 || c.Rows[1] != 3 {
		t.Errorf("y: %+v, want rows 2 and 3", c)
	}
	for _, part := range []string{`"x"`, "Beijing 2002", `"y"`, "Tianjin 2001", "Tianjin 2002", "DropRows"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("message %q lacks %q", err.Error(), part)
		}
	}
}

// Listwise deletion: case PB-18 with a seventh row holding NaN gives the PB-18 weights on the six complete
// rows, and the seventh row is reported as dropped, with NaN score and rank 0.
func TestDropRowsListwise_PB18(t *testing.T) {
	names := []string{"patents_new", "ind_b"}
	_, _, columns := readColumns(t, testref.Case("PB-18.csv"), names, nil)
	columns[0] = append(columns[0], 7)
	columns[1] = append(columns[1], math.NaN())

	r, err := Weigh(benefitIndicators(names...), columns, Settings{Missing: DropRows})
	if err != nil {
		t.Fatal(err)
	}
	if r.Rows != 7 || r.Used != 6 {
		t.Errorf("Rows = %d, Used = %d; want 7, 6", r.Rows, r.Used)
	}
	if len(r.Dropped) != 1 || r.Dropped[0].Row != 6 || !strings.Contains(r.Dropped[0].Reason, "ind_b") {
		t.Errorf("Dropped = %+v, want row 6 for ind_b", r.Dropped)
	}
	if !math.IsNaN(r.Score[6]) || r.Rank[6] != 0 {
		t.Errorf("dropped row: score %v, rank %d; want NaN, 0", r.Score[6], r.Rank[6])
	}
	want := []float64{0.67597, 0.32403}
	for j := range names {
		if math.Abs(r.Groups[0].Weight[j]-want[j]) > 0.5e-5 {
			t.Errorf("weight %s = %.6f, want %.5f", names[j], r.Groups[0].Weight[j], want[j])
		}
	}
}

// Grouped weights: group "a" holds the PB-18 rows, group "b" the same rows with the two columns swapped and
// ind_b moved by an affine map (3 + 2x), which min-max scaling removes. So group "a" must give the PB-18
// weights (0.67597, 0.32403) and group "b" the same weights swapped. The groups are interleaved to check
// that rows are assigned by code and not by position.
func TestGroupedWeights_PB18(t *testing.T) {
	names := []string{"patents_new", "ind_b"}
	_, _, pb := readColumns(t, testref.Case("PB-18.csv"), names, nil)
	var x, y []float64
	var groups []string
	for i := range pb[0] {
		x = append(x, pb[0][i], 3+2*pb[1][i])
		y = append(y, pb[1][i], pb[0][i])
		groups = append(groups, "a", "b")
	}

	r, err := Weigh(benefitIndicators("x", "y"), [][]float64{x, y}, Settings{Groups: groups})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Groups) != 2 {
		t.Fatalf("%d groups, want 2", len(r.Groups))
	}
	for _, c := range []struct {
		group string
		want  []float64
	}{
		{"a", []float64{0.67597, 0.32403}},
		{"b", []float64{0.32403, 0.67597}},
	} {
		g, ok := r.Group(c.group)
		if !ok {
			t.Fatalf("no group %q", c.group)
		}
		if len(g.Rows) != 6 || g.K != 1/math.Log(6) {
			t.Errorf("group %s: %d rows, K = %v; want 6 rows, 1/ln 6", c.group, len(g.Rows), g.K)
		}
		for j := range c.want {
			if math.Abs(g.Weight[j]-c.want[j]) > 0.5e-5 {
				t.Errorf("group %s weight %d = %.6f, want %.5f", c.group, j, g.Weight[j], c.want[j])
			}
		}
	}
	// Ranks run within each weight group, so each group has a rank 1.
	ones := 0
	for _, rk := range r.Rank {
		if rk == 1 {
			ones++
		}
	}
	if ones != 2 {
		t.Errorf("%d rows ranked 1, want one per group", ones)
	}
}

// Ties share the smallest rank and the next rank skips. One benefit indicator x = (1, 3, 3, 2) gives
// z = (0, 1, 1, 0.5), weight 1 and score z, so the ranks are (4, 1, 1, 3).
func TestRankTiesCompetition(t *testing.T) {
	r, err := Weigh(benefitIndicators("x"), [][]float64{{1, 3, 3, 2}}, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	want := []int{4, 1, 1, 3}
	for i := range want {
		if r.Rank[i] != want[i] {
			t.Errorf("rank %d = %d, want %d", i, r.Rank[i], want[i])
		}
	}
}

// RankWithin ranks pooled scores within each code. x = (1, 4, 2, 3) pooled gives z = (0, 1, 1/3, 2/3);
// ranked within years {2001: rows 0, 1; 2002: rows 2, 3} the ranks are (2, 1, 2, 1).
func TestRankWithinYears(t *testing.T) {
	r, err := Weigh(benefitIndicators("x"), [][]float64{{1, 4, 2, 3}},
		Settings{RankWithin: []string{"2001", "2001", "2002", "2002"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []int{2, 1, 2, 1}
	for i := range want {
		if r.Rank[i] != want[i] {
			t.Errorf("rank %d = %d, want %d", i, r.Rank[i], want[i])
		}
	}
	if r.Groups[0].Max[0] != 4 {
		t.Errorf("pooled max = %v, want 4 (weights pooled over both years)", r.Groups[0].Max[0])
	}
}

// Rescaling into [0.5, 1]: x = (0, 1, 2) gives z = (0, 0.5, 1) and z' = (0.5, 0.75, 1), so
// p = (2/9, 3/9, 4/9) and e = −(2/9 ln 2/9 + 3/9 ln 3/9 + 4/9 ln 4/9) / ln 3 ≈ 0.96563, computed below.
func TestRescaleShiftEntropy(t *testing.T) {
	r, err := Weigh(benefitIndicators("x", "y"), [][]float64{{0, 1, 2}, {0, 0, 1}}, Settings{Shift: RescaleShift(0.5, 1)})
	if err != nil {
		t.Fatal(err)
	}
	p := []float64{2.0 / 9, 3.0 / 9, 4.0 / 9}
	want := -(p[0]*math.Log(p[0]) + p[1]*math.Log(p[1]) + p[2]*math.Log(p[2])) / math.Log(3)
	if !relClose(r.Groups[0].Entropy[0], want, 1e-14) {
		t.Errorf("entropy = %.17g, want %.17g", r.Groups[0].Entropy[0], want)
	}
	wantShifted := []float64{0.5, 0.75, 1}
	for i, w := range wantShifted {
		if r.ZShifted[0][i] != w {
			t.Errorf("z'[%d] = %v, want %v", i, r.ZShifted[0][i], w)
		}
	}
}

func TestInvalidSettings(t *testing.T) {
	cols := [][]float64{{1, 2, 3}}
	for _, s := range []Settings{
		{Shift: AddShift(-1)},
		{Shift: RescaleShift(1, 0.5)},
		{Shift: RescaleShift(-0.1, 1)},
		{Shift: Shift{Kind: 9}},
		{Missing: 5},
	} {
		_, err := Weigh(benefitIndicators("x"), cols, s)
		var se *SettingsError
		if !errors.As(err, &se) {
			t.Errorf("Settings %+v: err = %v, want *SettingsError", s, err)
		}
	}
}

func TestTooFewRowsInGroup(t *testing.T) {
	_, err := Weigh(benefitIndicators("x"), [][]float64{{1, 2, 3}}, Settings{Groups: []string{"a", "a", "b"}})
	var tf *TooFewRowsError
	if !errors.As(err, &tf) || tf.Group != "b" || tf.Rows != 1 {
		t.Fatalf("err = %v, want *TooFewRowsError for group b with 1 row", err)
	}
}

// When listwise deletion leaves no row, grouped or not, the result is an error and not an empty result.
func TestNoRowsLeftAfterDrop(t *testing.T) {
	columns := [][]float64{{math.NaN(), 1}, {2, math.NaN()}}
	for _, groups := range [][]string{nil, {"a", "b"}} {
		_, err := Weigh(benefitIndicators("x", "y"), columns, Settings{Missing: DropRows, Groups: groups})
		var tf *TooFewRowsError
		if !errors.As(err, &tf) || tf.Rows != 0 {
			t.Errorf("groups %v: err = %v, want *TooFewRowsError with 0 rows", groups, err)
		}
	}
}

func TestDuplicateCodesRejected(t *testing.T) {
	_, err := Weigh(benefitIndicators("x", "x"), [][]float64{{1, 2}, {2, 1}}, Settings{})
	if err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Fatalf("err = %v, want a duplicate-code error", err)
	}
}

func TestLengthMismatchPanics(t *testing.T) {
	for name, call := range map[string]func(){
		"columns vs indicators": func() { Weigh(benefitIndicators("x"), [][]float64{{1, 2}, {1, 2}}, Settings{}) },
		"ragged columns":        func() { Weigh(benefitIndicators("x", "y"), [][]float64{{1, 2}, {1}}, Settings{}) },
		"groups length":         func() { Weigh(benefitIndicators("x"), [][]float64{{1, 2}}, Settings{Groups: []string{"a"}}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			call()
		}()
	}
}

func TestParseDirection(t *testing.T) {
	for in, want := range map[string]Direction{
		"+": Benefit, " benefit ": Benefit, "Positive": Benefit, "＋": Benefit,
		"-": Cost, "−": Cost, "COST": Cost, "negative": Cost, "负": Cost,
	} {
		got, err := ParseDirection(in)
		if err != nil || got != want {
			t.Errorf("ParseDirection(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseDirection("up"); err == nil {
		t.Error(`ParseDirection("up") returned no error`)
	}
}
