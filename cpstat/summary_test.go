package cpstat

import (
	"math"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/cpstat/cpstat/cpstat/province"
)

func smallPanel(t *testing.T) *Panel {
	t.Helper()
	df := dataframe.New(
		series.New([]string{"BJ", "BJ", "SX", "SX", "GS", "GS"}, series.String, "province"),
		series.New([]int{2001, 2002, 2001, 2002, 2001, 2002}, series.Int, "year"),
		series.New([]float64{1, 3, 10, math.NaN(), 100, 200}, series.Float, "x"),
	)
	p, err := NewPanel(df, "province", "year")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCoverageCountsFiniteValues(t *testing.T) {
	c, err := smallPanel(t).Coverage([]string{"x"}, Window{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Counts[0]; got[0] != 3 || got[1] != 2 {
		t.Errorf("counts = %v, want [3 2] (SX 2002 is missing)", got)
	}
	if c.Entities != 3 {
		t.Errorf("entities = %d, want 3", c.Entities)
	}
}

func TestCoverageWindowLimitsPeriods(t *testing.T) {
	c, err := smallPanel(t).Coverage([]string{"x"}, Window{From: 2002})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Periods) != 1 || c.Periods[0] != 2002 {
		t.Errorf("periods = %v, want [2002]", c.Periods)
	}
}

// Hand computation: x = 1, 3, 10, 100, 200 (SX 2002 missing): N 5, mean 62.8.
func TestDescribeSkipsMissing(t *testing.T) {
	s, err := smallPanel(t).Describe([]string{"x"}, Window{})
	if err != nil {
		t.Fatal(err)
	}
	if s[0].N != 5 || s[0].NonFinite != 1 {
		t.Errorf("N = %d, non-finite = %d, want 5 and 1", s[0].N, s[0].NonFinite)
	}
	if math.Abs(s[0].Mean-62.8) > 1e-12 {
		t.Errorf("mean = %v, want 62.8", s[0].Mean)
	}
}

// Beijing is East, Shanxi Central, Gansu West: each region mean is its one province's value.
func TestMeanByRegion(t *testing.T) {
	rm, err := smallPanel(t).MeanByRegion("x", Window{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[province.Region][]float64{province.East: {1, 3}, province.Central: {10, math.NaN()}, province.West: {100, 200}}
	for r, region := range rm.Regions {
		for j := range rm.Periods {
			w, g := want[region][j], rm.Mean[r][j]
			if !(w == g || math.IsNaN(w) && math.IsNaN(g)) {
				t.Errorf("%s %d: mean = %v, want %v", region, rm.Periods[j], g, w)
			}
		}
	}
}

func TestMeanByRegionRejectsNonProvince(t *testing.T) {
	df := dataframe.New(
		series.New([]string{"firm1"}, series.String, "id"),
		series.New([]int{2001}, series.Int, "year"),
		series.New([]float64{1}, series.Float, "x"),
	)
	p, err := NewPanel(df, "id", "year")
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.MeanByRegion("x", Window{})
	if err == nil || !strings.Contains(err.Error(), "firm1") {
		t.Errorf("error = %v, want one naming entity firm1", err)
	}
}
