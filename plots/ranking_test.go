package plots

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"gonum.org/v1/plot"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/province"
)

// tickLabels returns the labels of the plot's y ticks from bottom to top.
func tickLabels(t *testing.T, p *plot.Plot) []string {
	t.Helper()
	var labels []string
	for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		labels = append(labels, tk.Label)
	}
	return labels
}

func TestRankingOrdersLargestOnTop(t *testing.T) {
	values := []RankedValue{
		{Label: "Gansu", Region: province.West, Value: -2.2, Compare: -3.4},
		{Label: "Shanghai", Region: province.East, Value: -0.3, Compare: -1.5},
		{Label: "Hubei", Region: province.Central, Value: -1.2, Compare: math.NaN()},
	}
	fig, err := Ranking(DefaultTheme(English), "Ranking", "cp", values, RankingOptions{ValueName: "2017", CompareName: "2001"})
	if err != nil {
		t.Fatal(err)
	}
	if got := tickLabels(t, fig.Plot); !slices.Equal(got, []string{"Gansu", "Hubei", "Shanghai"}) {
		t.Errorf("labels bottom to top %v, want Gansu, Hubei, Shanghai", got)
	}
	var buf bytes.Buffer
	if err := fig.Write(&buf, "svg"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"East", "Central", "West", "2017", "2001"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("SVG lacks legend entry %q", want)
		}
	}
}

func TestRankingRejectsNaN(t *testing.T) {
	_, err := Ranking(DefaultTheme(English), "Ranking", "cp", []RankedValue{{Label: "Hubei", Value: math.NaN()}}, RankingOptions{})
	if err == nil || !strings.Contains(err.Error(), `"Hubei" has no finite value`) {
		t.Errorf("error %v, want one naming Hubei", err)
	}
	_, err = Ranking(DefaultTheme(English), "Ranking", "cp", nil, RankingOptions{})
	if err == nil || !strings.Contains(err.Error(), "no values") {
		t.Errorf("error %v, want one saying there are no values", err)
	}
}

// rankingPanel is three provinces over 2001–2003 with hand-picked values. Hebei has none in 2003.
func rankingPanel(t *testing.T, entities ...string) *cpstat.Panel {
	t.Helper()
	var ids []string
	var years []int
	var y []float64
	values := [][]float64{{1, 2, 3}, {4, 5, 6}, {7, 8, math.NaN()}}
	for i, e := range entities {
		for j, year := range []int{2001, 2002, 2003} {
			ids, years, y = append(ids, e), append(years, year), append(y, values[i][j])
		}
	}
	df := dataframe.New(series.New(ids, series.String, "province"), series.New(years, series.Int, "year"),
		series.New(y, series.Float, "cp"))
	p, err := cpstat.NewPanel(df, "province", "year")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Value is the mean over at and Compare the mean over compare, by hand: Beijing (1 + 2 + 3)/3 = 2 and
// 1 in 2001; Shanxi (4 + 5 + 6)/3 = 5 and 4. Hebei has values in 2001–2002 only.
func TestRankingValuesMeansAndMissing(t *testing.T) {
	p := rankingPanel(t, "BJ", "SX", "HE")
	values, missing, err := RankingValues(p, "cp", cpstat.Window{From: 2001, To: 2003}, cpstat.Window{From: 2001, To: 2001}, English)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]float64{"Beijing": {2, 1}, "Shanxi": {5, 4}, "Hebei": {7.5, 7}}
	if len(values) != 3 || len(missing) != 0 {
		t.Fatalf("%d values and missing %v, want 3 and none", len(values), missing)
	}
	for _, v := range values {
		if w := want[v.Label]; v.Value != w[0] || v.Compare != w[1] {
			t.Errorf("%s: value %v and compare %v, want %v and %v", v.Label, v.Value, v.Compare, w[0], w[1])
		}
	}

	values, missing, err = RankingValues(p, "cp", cpstat.Window{From: 2003, To: 2003}, cpstat.Window{}, Chinese)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(missing, []string{"河北"}) {
		t.Errorf("missing %v, want [河北]", missing)
	}
	for _, v := range values {
		if !math.IsNaN(v.Compare) {
			t.Errorf("%s: compare %v without a compare window, want NaN", v.Label, v.Compare)
		}
	}
	if values[0].Label != "北京" || values[0].Region != province.East || values[1].Region != province.Central {
		t.Errorf("values %+v, want 北京 (East) and 山西 (Central)", values)
	}
}

func TestRankingValuesUnknownEntity(t *testing.T) {
	p := rankingPanel(t, "BJ", "SX", "Atlantis")
	_, _, err := RankingValues(p, "cp", cpstat.Window{From: 2001, To: 2003}, cpstat.Window{}, English)
	var unknown *province.UnknownError
	if !errors.As(err, &unknown) || !strings.Contains(err.Error(), "Atlantis") {
		t.Errorf("error %v, want a *province.UnknownError naming Atlantis", err)
	}
}
