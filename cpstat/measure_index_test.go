package cpstat

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat/entropy"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/data"
	"github.com/cpstat/cpstat/internal/testref"
)

func measureClose(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1e-300)
}

// measureI1Variant and measureI1Case mirror reference case i1_entropy_weight_produc1985.
type measureI1Variant struct {
	Entropy      map[string]float64 `json:"entropy"`
	Divergence   map[string]float64 `json:"divergence"`
	Weights      map[string]float64 `json:"weights"`
	Score        map[string]float64 `json:"score"`
	ScoreShifted map[string]float64 `json:"score_shifted"`
	Rank         map[string]int     `json:"rank"`
}

type measureI1Case struct {
	N          int              `json:"n"`
	Indicators []string         `json:"indicators"`
	Positive   map[string]bool  `json:"positive"`
	Units      []string         `json:"units"`
	Shift      measureI1Variant `json:"shift_1e_4"`
	NoShift    measureI1Variant `json:"no_shift"`
}

// The entropy path through a Panel against reference case i1_entropy_weight_produc1985, computed by R 4.2.2
// with the script recorded in the case. plm's Produc is read as a panel keyed by state and year, with the
// window 1985 and one dimension of eight indicators, unemp a cost indicator. The one-dimension composite
// is the dimension score. Tolerance 1e-12 relative, as for the engine: a few sums of 48 doubles, with
// d = 1 − e magnifying rounding by at most 1/d ≈ 60.
func TestEntropyIndexProducI1(t *testing.T) {
	var c measureI1Case
	testref.LoadCase(t, "i1_entropy_weight_produc1985", &c)
	tb, err := ReadCSV(testref.ReferenceData("plm_Produc.csv"), WithKeys("state", "year"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := tb.Panel()
	if err != nil {
		t.Fatal(err)
	}
	var cost []string
	for _, code := range c.Indicators {
		if !c.Positive[code] {
			cost = append(cost, code)
		}
	}
	sys := FlatIndicatorSystem("produc", c.Indicators, cost)

	const rel = 1e-12
	for _, v := range []struct {
		name  string
		opts  IndexOptions
		want  measureI1Variant
		score map[string]float64
	}{
		{"no shift", IndexOptions{Window: Window{From: 1985, To: 1985}}, c.NoShift, c.NoShift.Score},
		{"shift 1e-4", IndexOptions{Window: Window{From: 1985, To: 1985}, Shift: entropy.AddShift(1e-4),
			Score: entropy.ScoreShifted}, c.Shift, c.Shift.ScoreShifted},
	} {
		t.Run(v.name, func(t *testing.T) {
			r, err := EntropyIndex(p, sys, v.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Rows) != c.N || r.Index.Used != c.N || len(r.Dropped) != 0 || len(r.Excluded) != 0 {
				t.Errorf("rows %d, used %d, dropped %v, excluded %v; want %d, %d, none, none",
					len(r.Rows), r.Index.Used, r.Dropped, r.Excluded, c.N, c.N)
			}
			for _, w := range r.Weights {
				if w.Level != entropy.LevelIndicator {
					continue
				}
				if !measureClose(w.Weight, v.want.Weights[w.Indicator], rel) {
					t.Errorf("weight %s = %.17g, want %.17g", w.Indicator, w.Weight, v.want.Weights[w.Indicator])
				}
				if !measureClose(w.Entropy, v.want.Entropy[w.Indicator], rel) {
					t.Errorf("entropy %s = %.17g, want %.17g", w.Indicator, w.Entropy, v.want.Entropy[w.Indicator])
				}
				if !measureClose(w.Divergence, v.want.Divergence[w.Indicator], rel) {
					t.Errorf("divergence %s = %.17g, want %.17g", w.Indicator, w.Divergence, v.want.Divergence[w.Indicator])
				}
			}
			logs, err := r.Panel.Float("produc")
			if err != nil {
				t.Fatal(err)
			}
			for i, key := range r.Keys {
				want := v.score[key.Entity]
				if !measureClose(r.Scores[0][i], want, rel) || !measureClose(r.Composite[i], want, rel) {
					t.Errorf("%s: score %.17g, composite %.17g, want %.17g", key.Entity, r.Scores[0][i], r.Composite[i], want)
				}
				if r.Rank[i] != v.want.Rank[key.Entity] {
					t.Errorf("%s: rank %d, want %d", key.Entity, r.Rank[i], v.want.Rank[key.Entity])
				}
				if got := logs[r.Rows[i]]; want > 0 && !measureClose(got, math.Log(want), rel) {
					t.Errorf("%s: panel column produc = %.17g, want ln %.17g", key.Entity, got, want)
				}
			}
			alabama1970 := p.Row(RowKey{Entity: "ALABAMA", Time: 1970})
			if !math.IsNaN(logs[alabama1970]) {
				t.Errorf("ALABAMA 1970 is outside the window but produc = %v, want NaN", logs[alabama1970])
			}
		})
	}
}

// measureHandPanel has two entities × two years and three indicators: x (dimension "a") and u, v (dimension
// "b"). Rows in panel order are A/2001, A/2002, B/2001, B/2002.
const measureHandPanel = `id,year,x,u,v
A,2001,1,0,0
A,2002,2,0,1
B,2001,3,0,1
B,2002,4,1,1
`

func measureHandSystem() *IndicatorSystem {
	return &IndicatorSystem{
		Dimensions: []SystemDimension{{Key: "a", LabelEn: "A"}, {Key: "b", LabelEn: "B"}},
		Indicators: []SystemIndicator{
			{ID: "x", Dimension: "a", Level1En: "level a", Status: IndicatorPresent, Column: "x"},
			{ID: "u", Dimension: "b", Level1En: "level b", Level2En: "b1", Status: IndicatorPresent, Column: "u"},
			{ID: "v", Dimension: "b", Level1En: "level b", Level2En: "b2", Status: IndicatorPresent, Column: "v"},
		},
	}
}

// Hand computation on measureHandPanel, pooled, no shift. Dimension a: z_x = (0, 1/3, 2/3, 1), weight 1, score
// z_x. Dimension b: z_u = (0, 0, 0, 1) has shares (0, 0, 0, 1) and entropy 0, so d_u = 1; z_v = (0, 1, 1, 1)
// has shares 1/3 on three rows and entropy ln 3 / ln 4, so d_v = 1 − ln 3/ln 4. Weights are d / (d_u + d_v),
// score_b = w_u z_u + w_v z_v, composite = score_a × score_b. Row A/2001 has composite 0, so cp is NaN
// there (not −Inf) and the engine warns.
func TestEntropyIndexTwoDimensionsByHand(t *testing.T) {
	p := textPanel(t, measureHandPanel)
	r, err := EntropyIndex(p, measureHandSystem(), IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dv := 1 - math.Log(3)/math.Log(4)
	wu, wv := 1/(1+dv), dv/(1+dv)
	scoreA := []float64{0, 1.0 / 3, 2.0 / 3, 1}
	scoreB := []float64{0, wv, wv, wu + wv}
	const tol = 1e-14 // a few operations on numbers of order 1
	for i := range 4 {
		a, _, _ := r.DimensionScores("a")
		b, _, _ := r.DimensionScores("b")
		if math.Abs(a[i]-scoreA[i]) > tol || math.Abs(b[i]-scoreB[i]) > tol {
			t.Errorf("row %s: scores (%v, %v), want (%v, %v)", r.Keys[i], a[i], b[i], scoreA[i], scoreB[i])
		}
		if want := scoreA[i] * scoreB[i]; math.Abs(r.Composite[i]-want) > tol {
			t.Errorf("row %s: composite %v, want %v", r.Keys[i], r.Composite[i], want)
		}
	}
	if w := r.IndicatorWeight("u", ""); math.Abs(w-wu) > tol {
		t.Errorf("weight u = %v, want %v", w, wu)
	}

	cp, _ := r.Panel.Float("cp")
	if !math.IsNaN(cp[0]) {
		t.Errorf("cp at A/2001 = %v; the composite is 0 there, want NaN", cp[0])
	}
	if want := math.Log(scoreA[3] * scoreB[3]); math.Abs(cp[3]-want) > tol {
		t.Errorf("cp at B/2002 = %v, want %v", cp[3], want)
	}
	if len(r.Warnings) == 0 || !strings.Contains(r.Warnings[0], "A/2001") {
		t.Errorf("warnings = %q, want one naming A/2001", r.Warnings)
	}
	for _, name := range []string{"cp", "a", "b", "cp_index", "a_score", "b_score"} {
		if !slices.Contains(r.Panel.Names(), name) {
			t.Errorf("panel lacks column %q; has %v", name, r.Panel.Names())
		}
	}

	// Level weights: level b and its second levels b1 and b2 sum the indicator weights under them.
	for _, w := range r.Weights {
		switch {
		case w.Level == entropy.LevelFirst && w.Level1En == "level b":
			if math.Abs(w.Weight-1) > tol {
				t.Errorf("first-level weight of level b = %v, want 1", w.Weight)
			}
		case w.Level == entropy.LevelSecond && w.Level2En == "b2":
			if math.Abs(w.Weight-wv) > tol {
				t.Errorf("second-level weight of b2 = %v, want %v", w.Weight, wv)
			}
		}
	}
}

// With the shift z + c and shifted scores, a one-indicator dimension scores z + c, so row A/2001 sits at
// the floor c = 1e-4 in dimension a, and the result records and warns about that outlier.
func TestEntropyIndexShiftFloorWarning(t *testing.T) {
	p := textPanel(t, measureHandPanel)
	sys := measureHandSystem()
	sys.Indicators = sys.Indicators[:1]
	sys.Indicators = append(sys.Indicators, SystemIndicator{ID: "v", Dimension: "b", Status: IndicatorPresent, Column: "v"})
	r, err := EntropyIndex(p, sys, IndexOptions{Shift: entropy.AddShift(1e-4), Score: entropy.ScoreShifted})
	if err != nil {
		t.Fatal(err)
	}
	a, logA, _ := r.DimensionScores("a")
	if a[0] != 1e-4 || math.Abs(logA[0]-math.Log(1e-4)) > 1e-15 {
		t.Errorf("A/2001 dimension a: score %v, log %v; want 1e-4 and ln 1e-4", a[0], logA[0])
	}
	// v is 0 at A/2001 too, so dimension b, which has only v, sits at its floor there as well.
	if len(r.Floors) != 2 {
		t.Fatalf("floors = %+v, want dimensions a and b", r.Floors)
	}
	for k, dim := range []string{"a", "b"} {
		f := r.Floors[k]
		if f.Dimension != dim || len(f.Keys) != 1 || f.Keys[0].String() != "A/2001" || f.Score != 1e-4 {
			t.Errorf("floor %d = %+v, want dimension %s at A/2001 with score 1e-4", k, f, dim)
		}
	}
	found := false
	for _, w := range r.Warnings {
		found = found || (strings.Contains(w, `"a"`) && strings.Contains(w, "A/2001"))
	}
	if !found {
		t.Errorf("warnings = %q, want one about dimension a at A/2001", r.Warnings)
	}
}

// Per-year weights. In 2001 the rows are A (u 0, v 0) and B (u 0, v 1), so u is constant (weight 0) and v
// gets weight 1. In 2002 they are A (0, 1) and B (1, 1), so v is constant and u gets weight 1.
func TestEntropyIndexByYearByHand(t *testing.T) {
	p := textPanel(t, measureHandPanel)
	r, err := EntropyIndex(p, measureHandSystem(), IndexOptions{ByYear: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		group, id string
		want      float64
	}{{"2001", "u", 0}, {"2001", "v", 1}, {"2002", "u", 1}, {"2002", "v", 0}} {
		if got := r.IndicatorWeight(c.id, c.group); got != c.want {
			t.Errorf("weight of %s in %s = %v, want %v", c.id, c.group, got, c.want)
		}
	}
	// Ranks run within each year: B beats A in both.
	if !slices.Equal(r.Rank, []int{2, 2, 1, 1}) {
		t.Errorf("ranks = %v, want [2 2 1 1] (A/2001, A/2002, B/2001, B/2002)", r.Rank)
	}
}

// measureSparsePanel has three entities × three years; w misses C in 2002 and every entity in 2001.
const measureSparsePanel = `id,year,x,y,w
A,2001,1,5,
A,2002,2,4,1
A,2003,3,3,2
B,2001,2,6,
B,2002,4,2,5
B,2003,5,1,3
C,2001,3,2,
C,2002,1,3,
C,2003,6,7,4
`

func measureSparseSystem() *IndicatorSystem {
	return &IndicatorSystem{
		Dimensions: []SystemDimension{{Key: "d"}},
		Indicators: []SystemIndicator{
			{ID: "ix", Dimension: "d", Status: IndicatorPresent, Column: "x"},
			{ID: "iy", Dimension: "d", Direction: entropy.Cost, Status: IndicatorProxy, Column: "y"},
			{ID: "iw", Dimension: "d", Status: IndicatorPresent, Column: "w"},
			{ID: "iz", Dimension: "d", Status: IndicatorMissing, Note: "not public"},
		},
	}
}

// The default policy returns the engine's error naming the indicator and the rows by key.
func TestEntropyIndexMissingValuesError(t *testing.T) {
	_, err := EntropyIndex(textPanel(t, measureSparsePanel), measureSparseSystem(), IndexOptions{})
	var mv *entropy.MissingValuesError
	if !errors.As(err, &mv) {
		t.Fatalf("err = %v, want *entropy.MissingValuesError", err)
	}
	if len(mv.Columns) != 1 || mv.Columns[0].Indicator != "iw" || len(mv.Columns[0].Rows) != 4 {
		t.Errorf("columns = %+v, want iw in 4 rows", mv.Columns)
	}
	if !strings.Contains(err.Error(), "C/2002") || !strings.Contains(err.Error(), "IndexCompleteIndicators") {
		t.Errorf("message %q should name C/2002 and the policies", err)
	}
}

// The complete-indicators rule leaves w out with its coverage, keeps all 9 rows, and reports the missing
// indicator iz, which no policy may drop silently.
func TestEntropyIndexCompleteIndicators(t *testing.T) {
	r, err := EntropyIndex(textPanel(t, measureSparsePanel), measureSparseSystem(), IndexOptions{Missing: IndexCompleteIndicators})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Used, []string{"ix", "iy"}) {
		t.Errorf("used = %v, want [ix iy]", r.Used)
	}
	if len(r.Excluded) != 2 {
		t.Fatalf("excluded = %+v, want iw and iz", r.Excluded)
	}
	w, z := r.Excluded[0], r.Excluded[1]
	if w.ID != "iw" || w.Reason != ExcludedIncomplete || w.Rows != 5 || w.Total != 9 ||
		!slices.Equal(w.GapPeriods, []int{2001, 2002}) || !slices.Equal(w.GapEntities, []string{"A", "B", "C"}) {
		t.Errorf("iw exclusion = %+v, want 5 of 9 rows, gaps 2001–2002 for A, B, C", w)
	}
	if got := w.Describe(); got != "iw (w): values in 5 of 9 rows; gaps in 2001–2002 for A, B, C" {
		t.Errorf("Describe() = %q", got)
	}
	if z.ID != "iz" || z.Reason != ExcludedNoData {
		t.Errorf("iz exclusion = %+v, want reason %q", z, ExcludedNoData)
	}
	if r.Index.Used != 9 || len(r.Dropped) != 0 {
		t.Errorf("used %d rows, dropped %v; want 9, none", r.Index.Used, r.Dropped)
	}
	notes := strings.Join(r.Notes(table.En), "\n")
	for _, want := range []string{"iz", "iw (w): values in 5 of 9 rows"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

// Listwise deletion keeps w and drops the four rows without it, which get NaN in the panel columns.
func TestEntropyIndexListwise(t *testing.T) {
	r, err := EntropyIndex(textPanel(t, measureSparsePanel), measureSparseSystem(), IndexOptions{Missing: IndexListwise})
	if err != nil {
		t.Fatal(err)
	}
	var dropped []string
	for _, d := range r.Dropped {
		dropped = append(dropped, d.Key.String())
	}
	if !slices.Equal(dropped, []string{"A/2001", "B/2001", "C/2001", "C/2002"}) {
		t.Errorf("dropped = %v, want A/2001 B/2001 C/2001 C/2002", dropped)
	}
	if r.Index.Used != 5 {
		t.Errorf("used %d rows, want 5", r.Index.Used)
	}
	cp, _ := r.Panel.Float("cp_index")
	for i, key := range r.Panel.Keys() {
		isDropped := slices.Contains(dropped, key.String())
		if isDropped != math.IsNaN(cp[i]) {
			t.Errorf("%s: cp_index %v, dropped %v", key, cp[i], isDropped)
		}
	}
}

func TestEntropyIndexUnknownColumn(t *testing.T) {
	sys := measureSparseSystem()
	sys.Indicators[0].Column = "xx"
	_, err := EntropyIndex(textPanel(t, measureSparsePanel), sys, IndexOptions{Missing: IndexCompleteIndicators})
	var nf *ColumnNotFoundError
	if !errors.As(err, &nf) || nf.Name != "xx" || !strings.Contains(err.Error(), "ix") {
		t.Errorf("err = %v, want *ColumnNotFoundError for xx naming indicator ix", err)
	}
}

// A dimension whose indicators are all excluded cannot be scored; the error lists why each is out.
func TestEntropyIndexEmptyDimension(t *testing.T) {
	sys := measureSparseSystem()
	sys.Dimensions = append(sys.Dimensions, SystemDimension{Key: "e"})
	sys.Indicators[2].Dimension = "e"
	_, err := EntropyIndex(textPanel(t, measureSparsePanel), sys, IndexOptions{Missing: IndexCompleteIndicators})
	if err == nil || !strings.Contains(err.Error(), `dimension "e"`) || !strings.Contains(err.Error(), "5 of 9 rows") {
		t.Errorf("err = %v, want one naming dimension e and the coverage of w", err)
	}
}

// The adapter from data.Indicators: 30 indicators in two dimensions, 3 present, 8 proxies and 19
// missing (data/README.md), the urban/rural income ratio shipped as a cost indicator against the paper's +.
func TestPaperIndicatorSystem(t *testing.T) {
	sys, err := PaperIndicatorSystem()
	if err != nil {
		t.Fatal(err)
	}
	if len(sys.Indicators) != 30 {
		t.Fatalf("%d indicators, want 30", len(sys.Indicators))
	}
	if len(sys.Dimensions) != 2 || sys.Dimensions[0].Key != "prosperity" || sys.Dimensions[1].Key != "commonality" ||
		sys.Dimensions[0].LabelZh != "富裕" {
		t.Errorf("dimensions = %+v, want prosperity (富裕) and commonality", sys.Dimensions)
	}
	counts := map[IndicatorStatus]int{}
	for _, ind := range sys.Indicators {
		counts[ind.Status]++
	}
	if counts[IndicatorPresent] != 3 || counts[IndicatorProxy] != 8 || counts[IndicatorMissing] != 19 {
		t.Errorf("status counts = %v, want 3 present, 8 proxy, 19 missing", counts)
	}
	ind28, _ := sys.Indicator("ind28")
	if ind28.Direction != entropy.Cost || ind28.DirectionPaper != entropy.Benefit || ind28.Column != "ur_ratio" {
		t.Errorf("ind28 = %+v, want cost, paper benefit, column ur_ratio", ind28)
	}
	es := sys.EntropySystem()
	if len(es.Indicators) != 30 || es.Indicators[0].Code != "ind01" || es.Indicators[0].Level1 != "国民收入" ||
		es.Indicators[0].Dimension != "prosperity" {
		t.Errorf("entropy system first indicator = %+v", es.Indicators[0])
	}
}

// ReadIndicatorSystemCSV reads both layouts: the one of data/indicators.csv and the one of
// entropy.ReadSystemCSV, where the code names the column.
func TestReadIndicatorSystemCSV(t *testing.T) {
	shipped, err := ReadIndicatorSystemCSV(bytes.NewReader(data.IndicatorsCSV()), "indicators.csv")
	if err != nil {
		t.Fatal(err)
	}
	paper, _ := PaperIndicatorSystem()
	if len(shipped.Indicators) != 30 || shipped.Indicators[7] != paper.Indicators[7] {
		t.Errorf("shipped layout: %d indicators, ind08 = %+v, want %+v", len(shipped.Indicators), shipped.Indicators[7], paper.Indicators[7])
	}

	flat := "code,dimension,level1,direction\nincome,富裕,收入,+\nunemp,富裕,收入,-\ngini,共同,差距,负\n"
	s, err := ReadIndicatorSystemCSV(strings.NewReader(flat), "flat.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Dimensions) != 2 || s.Dimensions[1].Key != "共同" {
		t.Errorf("dimensions = %+v, want 富裕 and 共同", s.Dimensions)
	}
	if ind := s.Indicators[2]; ind.Column != "gini" || ind.Status != IndicatorPresent || ind.Direction != entropy.Cost ||
		ind.Level1Zh != "差距" {
		t.Errorf("gini = %+v, want column gini, present, cost, level1 差距", ind)
	}

	_, err = ReadIndicatorSystemCSV(strings.NewReader("code,direction\na,+\n"), "nodim.csv")
	if err == nil || !strings.Contains(err.Error(), `"dimension"`) {
		t.Errorf("err = %v, want one naming the missing dimension column", err)
	}
	_, err = ReadIndicatorSystemCSV(strings.NewReader("id,dimension,direction,status,column\na,d,+,proxy,\n"), "nocol.csv")
	if err == nil || !strings.Contains(err.Error(), "names no column") {
		t.Errorf("err = %v, want one about the proxy without a column", err)
	}
}

// The replication's index on the embedded panel under PaperIndexOptions. The four sparse indicators are
// excluded with the coverage that data/COVERAGE.md gives: edu_fund_pc 480 of 510 without 2012,
// road_rail_density 493 without Xinjiang, budget_exp_pc 390 from 2005 and ur_ratio 71. All 510 rows are
// kept. Commonality rests on the Atkinson index alone, so its score is the standardised cost value plus
// the shift, computed here by hand from the panel column.
func TestEmbeddedIndexPolicy(t *testing.T) {
	p, err := EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	sys, _ := PaperIndicatorSystem()
	r, err := EntropyIndex(p, sys, PaperIndexOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int{"ind08": {480, 510}, "ind14": {493, 510}, "ind27": {390, 510}, "ind28": {71, 510}}
	incomplete := 0
	for _, ex := range r.Excluded {
		if ex.Reason != ExcludedIncomplete {
			continue
		}
		incomplete++
		if w, ok := want[ex.ID]; !ok || ex.Rows != w[0] || ex.Total != w[1] {
			t.Errorf("%s excluded with %d of %d rows; want %v", ex.ID, ex.Rows, ex.Total, w)
		}
	}
	if incomplete != 4 || len(r.Excluded) != 23 {
		t.Errorf("%d incomplete and %d excluded in all, want 4 and 23", incomplete, len(r.Excluded))
	}
	if !slices.Equal(r.Used, []string{"ind01", "ind02", "ind03", "ind04", "ind05", "ind19", "ind25"}) {
		t.Errorf("used = %v", r.Used)
	}
	if len(r.Rows) != 510 || len(r.Dropped) != 0 {
		t.Errorf("%d rows, %d dropped; want 510, 0", len(r.Rows), len(r.Dropped))
	}

	atkinson, _ := p.Float("atkinson")
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, i := range r.Rows {
		lo, hi = math.Min(lo, atkinson[i]), math.Max(hi, atkinson[i])
	}
	commonality, _, _ := r.DimensionScores("commonality")
	cp, _ := r.Panel.Float("cp")
	logP, _ := r.Panel.Float("prosperity")
	logC, _ := r.Panel.Float("commonality")
	for k, i := range r.Rows {
		if want := (hi-atkinson[i])/(hi-lo) + 1e-4; math.Abs(commonality[k]-want) > 1e-15 {
			t.Errorf("%s: commonality %v, want (max − x)/(max − min) + 1e-4 = %v", r.Keys[k], commonality[k], want)
		}
		if math.Abs(cp[i]-(logP[i]+logC[i])) > 1e-12 {
			t.Errorf("%s: cp %v ≠ ln prosperity + ln commonality = %v", r.Keys[k], cp[i], logP[i]+logC[i])
		}
	}
	year2000 := p.Row(RowKey{Entity: "BJ", Time: 2000})
	if !math.IsNaN(cp[year2000]) {
		t.Errorf("BJ/2000 is outside 2001–2017 but cp = %v", cp[year2000])
	}
}

// SystemGrid keeps every indicator of the system, with "—" as the weight of an excluded one.
func TestSystemGridRows(t *testing.T) {
	r, err := EntropyIndex(textPanel(t, measureSparsePanel), measureSparseSystem(), IndexOptions{Missing: IndexCompleteIndicators})
	if err != nil {
		t.Fatal(err)
	}
	g := r.SystemGrid(table.En, "")
	if len(g.Rows) != 4 {
		t.Fatalf("%d rows, want 4", len(g.Rows))
	}
	if v := g.Rows[0][9]; v.Kind != table.KindNumber || v.Number != r.IndicatorWeight("ix", "") {
		t.Errorf("ix weight cell = %+v, want %v", v, r.IndicatorWeight("ix", ""))
	}
	if v := g.Rows[2][9]; v.Text != "—" {
		t.Errorf("iw weight cell = %+v, want —", v)
	}
	if _, err := g.Layout(); err != nil {
		t.Errorf("layout: %v", err)
	}
}
