package cpstat

import (
	"errors"
	"math"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat/table"
)

// The expected groups are worked out by hand from Stata's xtile rule: cutpoint k of g is the average
// of x(P) and x(P+1) when P = n·k/g is whole and x(⌊P⌋+1) otherwise, and a value goes to the first
// group whose cutpoint it does not exceed.
func TestQuantileGroupsCutpoints(t *testing.T) {
	cases := []struct {
		name      string
		values    []float64
		groups    int
		codes     []int
		cutpoints []float64
		sizes     []int
	}{
		// n = 10, g = 3: P = 3.33 gives x(4) = 4 and P = 6.67 gives x(7) = 7, so sizes 4/3/3.
		{"ten values in terciles", []float64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}, 3,
			[]int{2, 0, 2, 0, 2, 0, 1, 0, 1, 1}, []float64{4, 7}, []int{4, 3, 3}},
		// n = 6, g = 3: P = 2 and 4 are whole, so the cutpoints are (2+3)/2 and (4+5)/2.
		{"six values in terciles", []float64{6, 5, 4, 3, 2, 1}, 3,
			[]int{2, 2, 1, 1, 0, 0}, []float64{2.5, 4.5}, []int{2, 2, 2}},
		// Ties share a group: n = 6, g = 2, P = 3 gives (x(3) + x(4))/2 = 2, and all three 2s go low.
		{"tied values stay together", []float64{1, 2, 2, 2, 3, 4}, 2,
			[]int{0, 0, 0, 0, 1, 1}, []float64{2}, []int{4, 2}},
		// NaN and Inf take no part: the three finite values form g = 3 groups of one, with P = 1 and 2
		// whole, so the cutpoints are (1+2)/2 and (2+3)/2.
		{"missing values get -1", []float64{math.NaN(), 3, math.Inf(1), 1, 2}, 3,
			[]int{-1, 2, -1, 0, 1}, []float64{1.5, 2.5}, []int{1, 1, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := QuantileGroups(c.values, c.groups, GroupCutpoints)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(g.Codes, c.codes) {
				t.Errorf("codes %v, want %v", g.Codes, c.codes)
			}
			if !reflect.DeepEqual(g.Cutpoints, c.cutpoints) {
				t.Errorf("cutpoints %v, want %v", g.Cutpoints, c.cutpoints)
			}
			if !reflect.DeepEqual(g.Sizes, c.sizes) {
				t.Errorf("sizes %v, want %v", g.Sizes, c.sizes)
			}
		})
	}
}

// Equal-count groups split the tie in {1, 2, 2, 2, 3, 4}: ranks 0–2 go low and 3–5 high, with the
// ties ordered by position, so the third 2 (position 3) lands in the upper group.
func TestQuantileGroupsEqualCountSplitsTies(t *testing.T) {
	g, err := QuantileGroups([]float64{1, 2, 2, 2, 3, 4}, 2, GroupEqualCount)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 0, 0, 1, 1, 1}; !reflect.DeepEqual(g.Codes, want) {
		t.Errorf("codes %v, want %v", g.Codes, want)
	}
	if g.SplitTies != 1 {
		t.Errorf("SplitTies = %d, want 1 (the value 2)", g.SplitTies)
	}
	if want := []float64{2}; !reflect.DeepEqual(g.Cutpoints, want) {
		t.Errorf("cutpoints %v, want %v (the largest value of group 1)", g.Cutpoints, want)
	}
}

// With n = 10 and g = 3 equal-count sizes are 4/3/3: ranks 0–3 give ⌊3r/10⌋ = 0.
func TestQuantileGroupsEqualCountUnevenSizes(t *testing.T) {
	g, err := QuantileGroups([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 3, GroupEqualCount)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{4, 3, 3}; !reflect.DeepEqual(g.Sizes, want) {
		t.Errorf("sizes %v, want %v", g.Sizes, want)
	}
}

func TestQuantileGroupsErrors(t *testing.T) {
	cases := []struct {
		name   string
		values []float64
		groups int
		want   string
	}{
		{"one group", []float64{1, 2, 3}, 1, "1 groups requested"},
		{"too few values", []float64{1, math.NaN(), 2}, 3, "2 finite values cannot form 3 groups"},
		// Cutpoints 1 and 1.5: every 1 goes to group 1, nothing lies in (1, 1.5].
		{"ties empty a group", []float64{1, 1, 1, 1, 2, 3}, 3, "group 2 of 3 is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := QuantileGroups(c.values, c.groups, GroupCutpoints)
			if !errors.Is(err, ErrSplit) {
				t.Fatalf("error %v, want ErrSplit", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q lacks %q", err, c.want)
			}
		})
	}
}

// embeddedSplitBase is a model on complete columns of the embedded panel, so the 2001–2017 window has
// all 510 province-years of the study.
const embeddedSplitBase = "industry ~ balance + cpi + open | province + year"

func splitEmbedded(t testing.TB) *Panel {
	t.Helper()
	p, err := EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The 510 province-years split into 3 × 170 and 5 × 102 as in the study, and each group model is the
// full model estimated on exactly the rows between the cutpoints computed here by sorting.
func TestEstimateSplitStudySizes(t *testing.T) {
	p := splitEmbedded(t)
	opts := []EstimateOption{Cluster("province"), Period(2001, 2017)}
	for _, groups := range []int{3, 5} {
		res, err := EstimateSplit(p, embeddedSplitBase, SplitSettings{By: "balance", Groups: groups}, opts...)
		if err != nil {
			t.Fatal(err)
		}
		if res.Full.N != 510 {
			t.Fatalf("full model N = %d, want 510", res.Full.N)
		}
		size := 510 / groups
		for _, g := range res.Groups {
			if g.Rows != size {
				t.Errorf("%d groups: group %d has %d rows, want %d", groups, g.Index+1, g.Rows, size)
			}
		}

		// Independent check: sort the 510 values and cut after every size-th one.
		balance, _ := p.Float("balance")
		var values []float64
		for _, row := range res.Full.Rows {
			values = append(values, balance[row])
		}
		sort.Float64s(values)
		for k, g := range res.Groups {
			lo, hi := math.Inf(-1), math.Inf(1)
			if k > 0 {
				lo = (values[k*size-1] + values[k*size]) / 2
			}
			if k < groups-1 {
				hi = (values[(k+1)*size-1] + values[(k+1)*size]) / 2
			}
			keep := make([]bool, p.Len())
			times := p.Times()
			for i := range keep {
				keep[i] = times[i] >= 2001 && times[i] <= 2017 && balance[i] > lo && balance[i] <= hi
			}
			want, err := Estimate(p, embeddedSplitBase, append(opts, Subset(keep))...)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := g.Result.Coef("balance")
			exp, _ := want.Coef("balance")
			if g.Result.N != want.N || got.Estimate != exp.Estimate || got.StdError != exp.StdError {
				t.Errorf("%d groups, group %d: N %d, balance %v (SE %v); estimated directly N %d, %v (SE %v)",
					groups, k+1, g.Result.N, got.Estimate, got.StdError, want.N, exp.Estimate, exp.StdError)
			}
		}
	}
}

// Under SplitModelRows the groups partition the full model's 390 rows (expen starts in 2005), so they
// are 3 × 130. Under SplitWindowRows they cover the 510 window rows with a value of balance, 3 × 170,
// and each group model then loses its rows without expen.
func TestEstimateSplitSampleRows(t *testing.T) {
	p := splitEmbedded(t)
	src := "industry ~ balance + expen | province + year"
	opts := []EstimateOption{Cluster("province"), Period(2001, 2017)}
	model, err := EstimateSplit(p, src, SplitSettings{By: "balance"}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	window, err := EstimateSplit(p, src, SplitSettings{By: "balance", Sample: SplitWindowRows}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{130, 130, 130}; !reflect.DeepEqual(model.Grouping.Sizes, want) {
		t.Errorf("model rows: sizes %v, want %v", model.Grouping.Sizes, want)
	}
	if want := []int{170, 170, 170}; !reflect.DeepEqual(window.Grouping.Sizes, want) {
		t.Errorf("window rows: sizes %v, want %v", window.Grouping.Sizes, want)
	}
	n := 0
	for _, g := range window.Groups {
		n += g.Result.N + g.Result.Dropped.Dropped()
		if g.Result.SampleRows != 170 {
			t.Errorf("window rows: group %d has %d sample rows, want 170", g.Index+1, g.Result.SampleRows)
		}
	}
	if n != 510 {
		t.Errorf("window rows: group N plus drops sum to %d, want 510", n)
	}
}

// A group whose fit fails keeps its error and the split goes on: with one entity per group and standard
// errors clustered by entity, every group has a single cluster, which the variance cannot use.
func TestEstimateSplitGroupFailureRecorded(t *testing.T) {
	p := simulatedStudy(t, 4, 6, 7)
	entity := make([]float64, p.Len())
	for i, c := range p.EntityCodes() {
		entity[i] = float64(c)
	}
	p, err := p.With("entity_no", entity)
	if err != nil {
		t.Fatal(err)
	}
	res, err := EstimateSplit(p, "cp ~ balance | year", SplitSettings{By: "entity_no", Groups: 4}, Cluster("province"))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range res.Groups {
		if g.Err == nil || g.Result != nil {
			t.Errorf("group %d: error %v, result %v; want an error and no result", g.Index+1, g.Err, g.Result)
		}
	}
	if cols := res.Columns(table.En, true); len(cols) != 1 {
		t.Errorf("%d columns, want only the full sample", len(cols))
	}
	notes := strings.Join(res.Notes(table.En), "\n")
	if !strings.Contains(notes, "Group 4 (Q4) could not be estimated") {
		t.Errorf("notes lack the failed group:\n%s", notes)
	}
}

// A split on the response carries the truncation caveat in its notes, and the quintile titles are
// those of the study.
func TestEstimateSplitOnResponseNotes(t *testing.T) {
	p := splitEmbedded(t)
	res, err := EstimateSplit(p, embeddedSplitBase, SplitSettings{By: "industry", Groups: 5}, Cluster("province"), Period(2001, 2017))
	if err != nil {
		t.Fatal(err)
	}
	if !res.OnResponse {
		t.Error("OnResponse is false for a split on the response")
	}
	if !strings.Contains(strings.Join(res.Notes(table.En), " "), "truncated on the outcome") {
		t.Errorf("notes lack the truncation caveat: %q", res.Notes(table.En))
	}
	var titles []string
	for _, c := range res.Columns(table.Zh, false) {
		titles = append(titles, c.Title)
	}
	if want := []string{"最低", "较低", "中等", "较高", "最高"}; !reflect.DeepEqual(titles, want) {
		t.Errorf("titles %q, want %q", titles, want)
	}
}

func TestEstimateSplitSettingsErrors(t *testing.T) {
	p := splitEmbedded(t)
	if _, err := EstimateSplit(p, embeddedSplitBase, SplitSettings{}); !errors.Is(err, ErrSplit) {
		t.Errorf("empty By: error %v, want ErrSplit", err)
	}
	var nf *ColumnNotFoundError
	if _, err := EstimateSplit(p, embeddedSplitBase, SplitSettings{By: "no_such"}); !errors.As(err, &nf) {
		t.Errorf("unknown By: error %v, want *ColumnNotFoundError", err)
	}
}
