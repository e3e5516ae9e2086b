package cpstat

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

func placeboRun(t *testing.T, m *Model, s PlaceboSettings, procs int) *PlaceboResult {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	res, err := m.Placebo(context.Background(), "x", s)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestPlaceboSameForAnyGOMAXPROCS(t *testing.T) {
	p := mediationPanel(t, 30, 17, 0.6, -0.4, 0.5, 0.7, 0.2, 21)
	m, err := NewModel(p, "y ~ x + w | id + year", Cluster("id"))
	if err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []PlaceboScheme{PlaceboEntity, PlaceboCell} {
		s := PlaceboSettings{Reps: 60, Seed: 4, Scheme: scheme}
		want := placeboRun(t, m, s, 1)
		for _, procs := range []int{2, 8} {
			got := placeboRun(t, m, s, procs)
			if !slices.Equal(got.Coefs, want.Coefs) || !slices.Equal(got.TValues, want.TValues) {
				t.Errorf("%v: GOMAXPROCS %d gives other placebo coefficients than GOMAXPROCS 1", scheme, procs)
			}
		}
	}
}

// TestPlaceboStrongEffectPValue: y depends strongly on x (t above 10), so no permutation reaches the
// real coefficient and the +1-corrected p-value is 1/(R + 1).
func TestPlaceboStrongEffectPValue(t *testing.T) {
	p := mediationPanel(t, 30, 17, 0.6, -0.4, 0.5, 0.7, 1.0, 22)
	res, err := Placebo(context.Background(), p, "y ~ x + w | id + year", "x", PlaceboSettings{Reps: 99, Seed: 1}, Cluster("id"))
	if err != nil {
		t.Fatal(err)
	}
	if res.PCoef != 0.01 || res.PT != 0.01 {
		t.Errorf("PCoef = %v, PT = %v; want 1/100 each (real β = %.3f, placebo SD %.3f)", res.PCoef, res.PT, res.Estimate, res.SD)
	}
	if len(res.Coefs) != 99 || res.Groups != 1 || res.N != 510 {
		t.Errorf("%d placebo coefficients, %d groups, N %d; want 99, 1, 510", len(res.Coefs), res.Groups, res.N)
	}
}

// TestPlaceboEntitySchemeKeepsPaths: when every entity has the same treatment path (x depends on the
// year only), swapping whole paths across entities changes nothing, so every placebo coefficient is the
// real one. Permuting cells does change them.
func TestPlaceboEntitySchemeKeepsPaths(t *testing.T) {
	ids := []string{}
	years := []int{}
	var x, y []float64
	for e := range 8 {
		for year := range 6 {
			ids = append(ids, string(rune('a'+e)))
			years = append(years, 2000+year)
			x = append(x, float64(year*year))
			y = append(y, float64(e)+0.3*float64(year*year)+float64((e*7+year*3)%5))
		}
	}
	df := dataframe.New(series.New(ids, series.String, "id"), series.New(years, series.Int, "year"),
		seriesFloat("x", x), seriesFloat("y", y))
	p, err := NewPanel(df, "id", "year")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Placebo(context.Background(), p, "y ~ x | id", "x", PlaceboSettings{Reps: 20, Seed: 3}, Cluster("id"))
	if err != nil {
		t.Fatal(err)
	}
	for b, c := range res.Coefs {
		if c != res.Estimate {
			t.Fatalf("replicate %d: β* = %v, want the real β = %v", b, c, res.Estimate)
		}
	}
	cells, err := Placebo(context.Background(), p, "y ~ x | id", "x", PlaceboSettings{Reps: 20, Seed: 3, Scheme: PlaceboCell}, Cluster("id"))
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(cells.Coefs, res.Coefs) {
		t.Error("cell permutations left every coefficient unchanged")
	}
}

// TestPlaceboGroupsUnbalanced: entities observed in different periods are permuted only among
// entities with the same periods.
func TestPlaceboGroupsUnbalanced(t *testing.T) {
	keys := []RowKey{{"a", 1}, {"a", 2}, {"b", 2}, {"b", 1}, {"c", 1}, {"d", 1}, {"d", 2}}
	groups := placeboGroups(keys, PlaceboEntity)
	if len(groups) != 2 {
		t.Fatalf("%d groups, want 2", len(groups))
	}
	want := [][]int{{0, 1}, {3, 2}, {5, 6}}
	if len(groups[0].donors) != 3 {
		t.Fatalf("group 0 = %v, want entities a, b, d", groups[0].donors)
	}
	for u, rows := range groups[0].donors {
		if !slices.Equal(rows, want[u]) {
			t.Errorf("unit %d rows = %v, want %v in time order", u, rows, want[u])
		}
	}
	if !slices.Equal(groups[1].donors[0], []int{4}) {
		t.Errorf("group 1 = %v, want entity c alone", groups[1].donors)
	}
}

func TestPlaceboUnknownTerm(t *testing.T) {
	p := mediationPanel(t, 5, 3, 0.6, -0.4, 0.5, 0.7, 0.2, 23)
	_, err := Placebo(context.Background(), p, "y ~ x", "nope", PlaceboSettings{})
	if !errors.Is(err, ErrPlacebo) {
		t.Errorf("err = %v, want ErrPlacebo", err)
	}
}
