package entropy

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// handSystem has two dimensions of two indicators each, over three rows:
//
//	prosperity:  a1 benefit (0, 1, 2)   level1 income          z = (0, 1/2, 1)
//	             a2 benefit (2, 1, 2)   level1 life / health   z = (1, 0, 1)
//	commonality: b1 benefit (2, 3, 1)   level1 gap / urban     z = (1/2, 1, 0)
//	             b2 cost    (3, 2, 1)   level1 gap / share     z = (0, 1/2, 1)
func handSystem() (System, map[string][]float64) {
	sys := System{Indicators: []Indicator{
		{Code: "a1", Dimension: "prosperity", Level1: "income", Direction: Benefit},
		{Code: "a2", Dimension: "prosperity", Level1: "life", Level2: "health", Direction: Benefit},
		{Code: "b1", Dimension: "commonality", Level1: "gap", Level2: "urban", Direction: Benefit},
		{Code: "b2", Dimension: "commonality", Level1: "gap", Level2: "share", Direction: Cost},
	}}
	data := map[string][]float64{
		"a1": {0, 1, 2},
		"a2": {2, 1, 2},
		"b1": {2, 3, 1},
		"b2": {3, 2, 1},
	}
	return sys, data
}

// The hand computation, with L = ln 2 / ln 3 ≈ 0.6309298:
//
//	a1: p = (0, 1/3, 2/3), e = [(1/3) ln 3 + (2/3) ln(3/2)] / ln 3 = 1 − (2/3)L, d = (2/3)L ≈ 0.4206198
//	a2: p = (1/2, 0, 1/2), e = ln 2 / ln 3 = L,                          d = 1 − L  ≈ 0.3690702
//	w_a1 = (2L/3) / (2L/3 + 1 − L) = 2L / (3 − L) ≈ 0.5326391, w_a2 = 1 − w_a1 ≈ 0.4673609
//	b1 and b2 have the shares of a1 in another order, so w_b1 = w_b2 = 1/2.
//
//	prosperity  = (w_a2, w_a1/2, 1)          ≈ (0.4673609, 0.2663196, 1)
//	commonality = (1/4, 3/4, 1/2)
//	composite   = (w_a2/4, 3 w_a1/8, 1/2)    ≈ (0.1168402, 0.1997397, 0.5), ranks (3, 2, 1)
func TestComputeIndexByHand(t *testing.T) {
	sys, data := handSystem()
	x, err := ComputeIndex(sys, data, Settings{})
	if err != nil {
		t.Fatal(err)
	}

	L := math.Log(2) / math.Log(3)
	wa1 := 2 * L / (3 - L)
	wa2 := 1 - wa1
	const tol = 1e-14 // a few roundings of numbers of order 1

	checks := []struct {
		name      string
		got, want float64
	}{
		{"weight a1", x.Dimensions[0].Weights.Groups[0].Weight[0], wa1},
		{"weight a2", x.Dimensions[0].Weights.Groups[0].Weight[1], wa2},
		{"entropy a1", x.Dimensions[0].Weights.Groups[0].Entropy[0], 1 - 2*L/3},
		{"entropy a2", x.Dimensions[0].Weights.Groups[0].Entropy[1], L},
		{"weight b1", x.Dimensions[1].Weights.Groups[0].Weight[0], 0.5},
		{"weight b2", x.Dimensions[1].Weights.Groups[0].Weight[1], 0.5},
		{"prosperity row 0", x.Dimensions[0].Weights.Score[0], wa2},
		{"prosperity row 1", x.Dimensions[0].Weights.Score[1], wa1 / 2},
		{"prosperity row 2", x.Dimensions[0].Weights.Score[2], 1},
		{"commonality row 0", x.Dimensions[1].Weights.Score[0], 0.25},
		{"commonality row 1", x.Dimensions[1].Weights.Score[1], 0.75},
		{"commonality row 2", x.Dimensions[1].Weights.Score[2], 0.5},
		{"composite row 0", x.Composite[0], wa2 / 4},
		{"composite row 1", x.Composite[1], 3 * wa1 / 8},
		{"composite row 2", x.Composite[2], 0.5},
		{"log composite row 0", x.LogComposite[0], math.Log(wa2 / 4)},
		{"log composite row 2", x.LogComposite[2], math.Log(0.5)},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > tol {
			t.Errorf("%s = %.17g, want %.17g", c.name, c.got, c.want)
		}
	}

	wantRank := []int{3, 2, 1}
	for i, rk := range wantRank {
		if x.Rank[i] != rk {
			t.Errorf("rank of row %d = %d, want %d", i, x.Rank[i], rk)
		}
	}
	if x.Rows != 3 || x.Used != 3 || len(x.Dropped) != 0 || len(x.Warnings) != 0 {
		t.Errorf("Rows %d, Used %d, Dropped %v, Warnings %v; want 3, 3, none, none", x.Rows, x.Used, x.Dropped, x.Warnings)
	}
	if x.Dimensions[0].Name != "prosperity" || x.Dimensions[1].Name != "commonality" {
		t.Errorf("dimensions %s, %s; want prosperity, commonality in table order", x.Dimensions[0].Name, x.Dimensions[1].Name)
	}
}

// The level weights of the hand example, in tree order: each dimension's indicator weights sum to 1, a
// first-level node sums the indicators under it, and so does a second-level node.
func TestLevelWeightsByHand(t *testing.T) {
	sys, data := handSystem()
	x, err := ComputeIndex(sys, data, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	L := math.Log(2) / math.Log(3)
	wa1 := 2 * L / (3 - L)
	wa2 := 1 - wa1

	want := []LevelWeight{
		{Level: LevelFirst, Dimension: "prosperity", Level1: "income", Weight: wa1},
		{Level: LevelIndicator, Dimension: "prosperity", Level1: "income", Indicator: "a1", Weight: wa1},
		{Level: LevelFirst, Dimension: "prosperity", Level1: "life", Weight: wa2},
		{Level: LevelSecond, Dimension: "prosperity", Level1: "life", Level2: "health", Weight: wa2},
		{Level: LevelIndicator, Dimension: "prosperity", Level1: "life", Level2: "health", Indicator: "a2", Weight: wa2},
		{Level: LevelFirst, Dimension: "commonality", Level1: "gap", Weight: 1},
		{Level: LevelSecond, Dimension: "commonality", Level1: "gap", Level2: "urban", Weight: 0.5},
		{Level: LevelIndicator, Dimension: "commonality", Level1: "gap", Level2: "urban", Indicator: "b1", Weight: 0.5},
		{Level: LevelSecond, Dimension: "commonality", Level1: "gap", Level2: "share", Weight: 0.5},
		{Level: LevelIndicator, Dimension: "commonality", Level1: "gap", Level2: "share", Indicator: "b2", Weight: 0.5},
	}
	if len(x.LevelWeights) != len(want) {
		t.Fatalf("%d level weights, want %d: %+v", len(x.LevelWeights), len(want), x.LevelWeights)
	}
	for k, w := range want {
		got := x.LevelWeights[k]
		node, wantNode := got, w
		node.Weight, wantNode.Weight = 0, 0
		if node != wantNode {
			t.Errorf("level weight %d = %+v, want %+v", k, got, w)
		}
		if math.Abs(got.Weight-w.Weight) > 1e-14 {
			t.Errorf("level weight %d (%s %s %s): %.17g, want %.17g", k, w.Level, w.Level1, w.Level2, got.Weight, w.Weight)
		}
	}
}

// A row that is worst on every indicator of a dimension has dimension score 0, so its composite is 0 and
// its log −Inf, with a warning naming the row. Adding 1e-4 and scoring on the shifted values removes it: the
// shifted prosperity score of row 0 is exactly 1e-4, because the weights sum to 1.
func TestZeroCompositeWarning(t *testing.T) {
	sys, data := handSystem()
	data["a2"] = []float64{0, 1, 2} // row 0 is now worst on a1 and a2

	x, err := ComputeIndex(sys, data, Settings{RowLabels: []string{"Gansu 2001", "Hebei 2001", "Jiangsu 2001"}})
	if err != nil {
		t.Fatal(err)
	}
	if x.Composite[0] != 0 || !math.IsInf(x.LogComposite[0], -1) {
		t.Errorf("row 0: composite %v, log %v; want 0 and -Inf", x.Composite[0], x.LogComposite[0])
	}
	if len(x.Warnings) != 1 || len(x.Warnings[0].Rows) != 1 || x.Warnings[0].Rows[0] != 0 ||
		!strings.Contains(x.Warnings[0].Message, "Gansu 2001") {
		t.Errorf("warnings = %+v, want one naming row 0 (Gansu 2001)", x.Warnings)
	}

	x, err = ComputeIndex(sys, data, Settings{Shift: AddShift(1e-4), Score: ScoreShifted})
	if err != nil {
		t.Fatal(err)
	}
	if got := x.Dimensions[0].Weights.ScoreShifted[0]; math.Abs(got-1e-4) > 1e-18 {
		t.Errorf("shifted prosperity score of row 0 = %v, want 1e-4", got)
	}
	if math.IsInf(x.LogComposite[0], 0) || len(x.Warnings) != 0 {
		t.Errorf("with the shift: log composite %v, warnings %v; want finite and none", x.LogComposite[0], x.Warnings)
	}
}

func TestAbsentIndicators(t *testing.T) {
	sys, data := handSystem()
	sys.Indicators = append(sys.Indicators, Indicator{Code: "a3", Dimension: "prosperity", Direction: Benefit})

	_, err := ComputeIndex(sys, data, Settings{})
	var ae *AbsentIndicatorsError
	if !errors.As(err, &ae) || len(ae.Codes) != 1 || ae.Codes[0] != "a3" {
		t.Fatalf("err = %v, want *AbsentIndicatorsError for a3", err)
	}

	// Allowed: a3 is left out and listed, and the result is the hand example's.
	x, err := ComputeIndex(sys, data, Settings{AllowAbsentIndicators: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(x.AbsentIndicators) != 1 || x.AbsentIndicators[0] != "a3" || len(x.System.Indicators) != 4 {
		t.Errorf("AbsentIndicators %v, %d indicators used; want [a3], 4", x.AbsentIndicators, len(x.System.Indicators))
	}
	if math.Abs(x.Composite[2]-0.5) > 1e-15 {
		t.Errorf("composite row 2 = %v, want 0.5 as in the hand example", x.Composite[2])
	}

	// A dimension with no indicator left cannot be scored.
	delete(data, "b1")
	delete(data, "b2")
	if _, err := ComputeIndex(sys, data, Settings{AllowAbsentIndicators: true}); err == nil ||
		!strings.Contains(err.Error(), "commonality") {
		t.Errorf("err = %v, want an error naming dimension commonality", err)
	}
}

// Missing values are screened over all indicators at once: a NaN in b1 at row 3 drops row 3 from both
// dimensions, and the rows 0–2 give the hand example's composite.
func TestIndexDropsRowsOnce(t *testing.T) {
	sys, data := handSystem()
	for code, v := range map[string]float64{"a1": 1, "a2": 1, "b1": math.NaN(), "b2": 2} {
		data[code] = append(data[code], v)
	}

	if _, err := ComputeIndex(sys, data, Settings{}); err == nil || !strings.Contains(err.Error(), `"b1"`) {
		t.Fatalf("err = %v, want a missing-value error naming b1", err)
	}
	x, err := ComputeIndex(sys, data, Settings{Missing: DropRows})
	if err != nil {
		t.Fatal(err)
	}
	if x.Used != 3 || len(x.Dropped) != 1 || x.Dropped[0].Row != 3 {
		t.Errorf("Used %d, Dropped %+v; want 3 and row 3", x.Used, x.Dropped)
	}
	if !math.IsNaN(x.Composite[3]) || x.Rank[3] != 0 || !math.IsNaN(x.Dimensions[0].Weights.Score[3]) {
		t.Errorf("row 3: composite %v, rank %d, prosperity %v; want NaN, 0, NaN",
			x.Composite[3], x.Rank[3], x.Dimensions[0].Weights.Score[3])
	}
	if math.Abs(x.Composite[2]-0.5) > 1e-15 {
		t.Errorf("composite row 2 = %v, want 0.5 as in the hand example", x.Composite[2])
	}
}

func TestIndexRaggedColumns(t *testing.T) {
	sys, data := handSystem()
	data["b2"] = []float64{3, 2}
	if _, err := ComputeIndex(sys, data, Settings{}); err == nil || !strings.Contains(err.Error(), `"b2"`) {
		t.Fatalf("err = %v, want an error naming b2", err)
	}
}
