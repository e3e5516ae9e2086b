package cpstat

import (
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/go-gota/gota/series"
	"gonum.org/v1/gonum/stat"

	"github.com/cpstat/cpstat/internal/testref"
)

// letterGrid is a grid of three dimensions with 2, 3 and 2 options whose options change nothing.
func letterGrid() SpecGrid {
	dim := func(name string, options ...string) SpecDimension {
		d := SpecDimension{Name: name}
		for _, o := range options {
			d.Options = append(d.Options, SpecOption{Name: o})
		}
		return d
	}
	return SpecGrid{Dimensions: []SpecDimension{dim("a", "a1", "a2"), dim("b", "b1", "b2", "b3"), dim("c", "c1", "c2")}}
}

func TestSpecGridRowMajorOrder(t *testing.T) {
	g := letterGrid()
	if g.Size() != 12 {
		t.Fatalf("Size = %d, want 2 × 3 × 2 = 12", g.Size())
	}
	kept, excluded := g.enumerate()
	if len(kept) != 12 || len(excluded) != 0 {
		t.Fatalf("enumerate: %d kept and %d excluded, want 12 and 0", len(kept), len(excluded))
	}
	// The last dimension varies fastest, as nested loops in dimension order would.
	want := map[int][]string{
		0:  {"a1", "b1", "c1"},
		1:  {"a1", "b1", "c2"},
		2:  {"a1", "b2", "c1"},
		5:  {"a1", "b3", "c2"},
		6:  {"a2", "b1", "c1"},
		11: {"a2", "b3", "c2"},
	}
	for i, c := range kept {
		if c.Index != i {
			t.Errorf("combination %d has Index %d", i, c.Index)
		}
		if names, ok := want[i]; ok && !slices.Equal(c.Options(g), names) {
			t.Errorf("combination %d = %v, want %v", i, c.Options(g), names)
		}
	}
}

func TestSpecGridExclusionsListed(t *testing.T) {
	g := letterGrid()
	g.Exclusions = []SpecExclusion{{When: map[string]string{"a": "a2", "c": "c1"}, Reason: "a2 needs c2"}}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	kept, excluded := g.enumerate()
	if len(kept) != 9 {
		t.Errorf("%d combinations kept, want 12 − 3 = 9", len(kept))
	}
	// a2 with c1 sits at indexes 6, 8 and 10 of the row-major order.
	var indexes []int
	for _, e := range excluded {
		indexes = append(indexes, e.Index)
		if e.Reason != "a2 needs c2" {
			t.Errorf("exclusion %d has reason %q", e.Index, e.Reason)
		}
	}
	if !slices.Equal(indexes, []int{6, 8, 10}) {
		t.Errorf("excluded indexes %v, want [6 8 10]", indexes)
	}
	for _, c := range kept {
		if names := c.Options(g); names[0] == "a2" && names[2] == "c1" {
			t.Errorf("combination %v kept despite the exclusion", names)
		}
	}
}

func TestSpecGridValidateErrors(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*SpecGrid)
		wants string
	}{
		{"no dimensions", func(g *SpecGrid) { g.Dimensions = nil }, "no dimensions"},
		{"empty dimension", func(g *SpecGrid) { g.Dimensions[1].Options = nil }, `dimension "b" has no options`},
		{"repeated dimension", func(g *SpecGrid) { g.Dimensions[2].Name = "a" }, `dimension "a" appears twice`},
		{"repeated option", func(g *SpecGrid) { g.Dimensions[1].Options[2].Name = "b1" }, `two options named "b1"`},
		{"unnamed option", func(g *SpecGrid) { g.Dimensions[0].Options[1].Name = "" }, `option 2 of dimension "a" has no name`},
		{"empty exclusion", func(g *SpecGrid) { g.Exclusions = []SpecExclusion{{Reason: "x"}} }, "lists no options"},
		{"unknown dimension", func(g *SpecGrid) {
			g.Exclusions = []SpecExclusion{{When: map[string]string{"z": "z1"}}}
		}, `dimension "z", which the grid does not have (it has a, b, c)`},
		{"unknown option", func(g *SpecGrid) {
			g.Exclusions = []SpecExclusion{{When: map[string]string{"b": "b9"}}}
		}, `option "b9" of dimension "b"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := letterGrid()
			c.edit(&g)
			err := g.Validate()
			if !errors.Is(err, ErrSpecGrid) {
				t.Fatalf("Validate() = %v, want ErrSpecGrid", err)
			}
			if !strings.Contains(err.Error(), c.wants) {
				t.Errorf("Validate() = %q, want it to contain %q", err, c.wants)
			}
		})
	}
}

func TestSpecFormulaAndTerm(t *testing.T) {
	s := Spec{Outcome: "cp", Treatment: "balance", TreatmentLag: 1, Controls: []string{"expen", "cpi"},
		FixedEffects: []string{"province", "year"}}
	if got, want := s.Formula(), "cp ~ L(balance, 1) + expen + cpi | province + year"; got != want {
		t.Errorf("Formula() = %q, want %q", got, want)
	}
	if got := s.Term(); got != "L(balance, 1)" {
		t.Errorf("Term() = %q, want L(balance, 1)", got)
	}
	pooled := Spec{Outcome: "y", Treatment: "x 1"}
	if got, want := pooled.Formula(), "y ~ `x 1`"; got != want {
		t.Errorf("Formula() = %q, want %q (quoted name, no fixed effects)", got, want)
	}
}

// producLogs reads Produc (case c1) and adds the logs that the case's formula takes, because a
// specification enters columns as they are.
func producLogs(t *testing.T) *Panel {
	t.Helper()
	p := referencePanel(t, "plm_Produc.csv", "state", "year")
	for _, name := range []string{"gsp", "pcap", "pc", "emp"} {
		x, err := p.Float(name)
		if err != nil {
			t.Fatal(err)
		}
		logs := make([]float64, len(x))
		for i, v := range x {
			logs[i] = math.Log(v)
		}
		if p, err = p.With("l"+name, logs); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// A curve over the small-sample conventions of one two-way model fits once and gives every
// convention's standard error of plm, sandwich and clubSandwich in R 4.2.2 (case c1). The tolerance
// is that of the package's other reference tests (closed-form linear algebra).
func TestSpecCurveConventions_C1(t *testing.T) {
	var ref clusteredReference
	testref.LoadCase(t, "c1_fe_twoway_cluster_produc", &ref)
	p := producLogs(t)
	variants := []struct {
		key        string
		convention Convention
	}{
		{"V0_uncorrected", CR0}, {"CR1_G_only", CR1}, {"sss_K_slopes", PlmSSS},
		{"stata_xtreg_fe_iyear", Stata}, {"nested_K_slopes_plus_Tm1", Reghdfe}, {"areg_lsdv_full", AregLSDV},
	}
	var conventions []Convention
	for _, v := range variants {
		conventions = append(conventions, v.convention)
	}
	g := SpecGrid{
		Base: Spec{Outcome: "lgsp", Treatment: "lpcap", Controls: []string{"lpc", "lemp", "unemp"},
			FixedEffects: []string{"state", "year"}},
		Dimensions: []SpecDimension{StdErrorDimension([]string{"state"}, conventions...)},
	}
	res, err := SpecCurve(context.Background(), p, g, SpecCurveSettings{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Fits != 1 {
		t.Errorf("Fits = %d, want 1: the conventions share one fit", res.Fits)
	}
	if len(res.Rows) != len(variants) {
		t.Fatalf("%d rows, want %d", len(res.Rows), len(variants))
	}
	for i, v := range variants {
		row := res.Rows[i]
		if row.Err != nil {
			t.Errorf("%s: %v", v.key, row.Err)
			continue
		}
		if row.N != ref.N || row.Dropped != 0 {
			t.Errorf("%s: N = %d with %d dropped, want %d and 0", v.key, row.N, row.Dropped, ref.N)
		}
		checkClose(t, v.key+" estimate", row.Estimate, ref.Coef["log(pcap)"], tolRef)
		checkClose(t, v.key+" SE", row.StdError, ref.Clustered[v.key].SE["log(pcap)"], tolRef)
	}
}

// embeddedWithIndex returns the embedded panel with the common-prosperity index (cp, prosperity,
// commonality) that EntropyIndex adds under the replication's settings.
func embeddedWithIndex(t *testing.T) *Panel {
	t.Helper()
	p, err := EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	sys, err := PaperIndicatorSystem()
	if err != nil {
		t.Fatal(err)
	}
	idx, err := EntropyIndex(p, sys, PaperIndexOptions())
	if err != nil {
		t.Fatal(err)
	}
	return idx.Panel
}

// findRow returns the row that takes the named options, one per dimension.
func findRow(t *testing.T, res *SpecCurveResult, options ...string) SpecRow {
	t.Helper()
	for _, row := range res.Rows {
		if slices.Equal(row.Options(res.Grid), options) {
			return row
		}
	}
	t.Fatalf("no row with options %v", options)
	return SpecRow{}
}

// One row of the paper's grid equals the Estimate call written out by hand: lagged balance with
// controls and two-way effects, without the four municipalities, reghdfe's convention.
func TestSpecCurveRowMatchesEstimate(t *testing.T) {
	p := embeddedWithIndex(t)
	res, err := SpecCurve(context.Background(), p, PaperSpecGrid(p, PaperSpecColumns{}), SpecCurveSettings{})
	if err != nil {
		t.Fatal(err)
	}
	row := findRow(t, res, "balance", "cp", "no-municipalities", "province+year", "reghdfe", "controls", "1")
	if row.Err != nil {
		t.Fatal(row.Err)
	}

	keep := make([]bool, p.Len())
	for i, k := range p.Keys() {
		keep[i] = k.Entity != "BJ" && k.Entity != "TJ" && k.Entity != "SH" && k.Entity != "CQ"
	}
	direct := mustEstimate(t, p, "cp ~ L(balance, 1) + expen + cpi + open | province + year",
		Cluster("province"), SSC(Reghdfe), Period(2001, 2017), Subset(keep))
	want := coefOf(t, direct, "L(balance, 1)")
	if row.Coefficient != want {
		t.Errorf("row coefficient %+v, want the direct Estimate's %+v", row.Coefficient, want)
	}
	if row.N != direct.N || row.Dropped != direct.Dropped.Dropped() {
		t.Errorf("row N = %d with %d dropped, want %d and %d", row.N, row.Dropped, direct.N, direct.Dropped.Dropped())
	}
	// 26 provinces × 13 years: the controls' expen starts in 2005 in the embedded data.
	if row.N != 26*13 {
		t.Errorf("N = %d, want 26 × 13 = 338", row.N)
	}
}

// Every row of a curve over the conventions and lags, whose variances come from a shared fit, equals
// a fresh Estimate of that specification, bit for bit.
func TestSpecCurveVCovShortcutEqualsFreshFit(t *testing.T) {
	p := embeddedWithIndex(t)
	g := SpecGrid{
		Base: Spec{Outcome: "cp", Treatment: "balance", FixedEffects: []string{"province", "year"}, Window: StudyWindow},
		Dimensions: []SpecDimension{
			LagDimension(0, 1),
			StdErrorDimension([]string{"province"}, Stata, Reghdfe, Fixest, PlmSSS, CR1),
		},
	}
	res, err := SpecCurve(context.Background(), p, g, SpecCurveSettings{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Fits != 2 || len(res.Rows) != 10 {
		t.Fatalf("%d rows from %d fits, want 10 rows from 2 fits", len(res.Rows), res.Fits)
	}
	for _, row := range res.Rows {
		opts, err := row.Spec.Options(p)
		if err != nil {
			t.Fatal(err)
		}
		fresh := mustEstimate(t, p, row.Formula, opts...)
		if want := coefOf(t, fresh, row.Spec.Term()); row.Coefficient != want {
			t.Errorf("%v: shared fit gives %+v, a fresh Estimate %+v", row.Options(res.Grid), row.Coefficient, want)
		}
	}
	// The conventions differ, so the shortcut must not hand every row the same standard error.
	if res.Rows[0].StdError == res.Rows[3].StdError {
		t.Errorf("Stata and plm standard errors are equal (%v)", res.Rows[0].StdError)
	}
}

// The paper's grid on the embedded data has 1080 combinations. The 240 with post2003_cw and province
// effects whose estimation sample starts after the switch are excluded by design. They are 120 on
// 2005–2017 and 120 with controls, because the controls' expen starts in 2005. None of the other 840 fails.
func TestPaperSpecGridExcludesAbsorbedTurningPoint(t *testing.T) {
	p := embeddedWithIndex(t)
	g := PaperSpecGrid(p, PaperSpecColumns{})
	names := []string{SpecDimTreatment, SpecDimOutcome, SpecDimSample, SpecDimFixedEffects, SpecDimStdError, SpecDimControls, SpecDimLag}
	if got := g.dimensionNames(); !slices.Equal(got, names) {
		t.Errorf("dimensions %v, want %v", got, names)
	}
	if g.Size() != 1080 {
		t.Errorf("Size = %d, want 3 × 3 × 3 × 2 × 5 × 2 × 2 = 1080", g.Size())
	}
	res, err := SpecCurve(context.Background(), p, g, SpecCurveSettings{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Excluded) != 240 || len(res.Rows) != 840 || res.Fits != 168 {
		t.Errorf("%d excluded, %d rows, %d fits; want 240, 840 and 840/5 = 168", len(res.Excluded), len(res.Rows), res.Fits)
	}
	for _, e := range res.Excluded {
		if o := e.Options(g); o[0] != "post2003_cw" || (o[2] != "2005-2017" && o[5] != "controls") {
			t.Errorf("excluded %v, want only post2003_cw on 2005-2017 or with controls", o)
		}
	}
	if failed := res.Failed(); len(failed) != 0 {
		t.Errorf("%d failed rows, want none; the first: %v", len(failed), failed[0].Err)
	}
}

// Without the exclusions, the turning-point dummy with controls is absorbed by the province effects:
// each such row fails with the treatment dropped as collinear, the failures are grouped by lag, and
// the summary counts them apart from the estimates.
func TestPaperSpecGridFailuresReported(t *testing.T) {
	p := embeddedWithIndex(t)
	g := PaperSpecGrid(p, PaperSpecColumns{})
	var withoutControls []SpecExclusion
	for _, e := range g.Exclusions {
		if _, ok := e.When[SpecDimControls]; !ok {
			withoutControls = append(withoutControls, e)
		}
	}
	g.Exclusions = withoutControls
	res, err := SpecCurve(context.Background(), p, g, SpecCurveSettings{})
	if err != nil {
		t.Fatal(err)
	}
	failed := res.Failed()
	if len(failed) != 120 {
		t.Fatalf("%d failed rows, want 120", len(failed))
	}
	for _, row := range failed {
		var dropped *TreatmentDroppedError
		o := row.Options(g)
		if !errors.As(row.Err, &dropped) || dropped.Reason != "collinear with the fixed effects" {
			t.Errorf("%v: error %v, want the treatment dropped as collinear with the fixed effects", o, row.Err)
		}
		if o[0] != "post2003_cw" || o[5] != "controls" {
			t.Errorf("%v failed, want only post2003_cw with controls", o)
		}
	}
	failures := res.Failures()
	if len(failures) != 2 || failures[0].Count != 60 || failures[1].Count != 60 {
		t.Errorf("failure groups %+v, want two of 60 (lag 0 and lag 1)", failures)
	}
	all := res.Summary(0.05, false)[0]
	if all.Specs+all.Failed != len(res.Rows) || all.Specs != len(res.Estimated()) {
		t.Errorf("summary counts %d estimated + %d failed, want %d rows", all.Specs, all.Failed, len(res.Rows))
	}
}

// Specifications that cannot start, such as a missing column or an unknown entity, fail with their
// own error while the others are estimated.
func TestSpecCurveFailuresKeepTheirErrors(t *testing.T) {
	p := embeddedWithIndex(t)
	g := SpecGrid{
		Base: Spec{Treatment: "balance", FixedEffects: []string{"province"}},
		Dimensions: []SpecDimension{
			OutcomeDimension("cp", "no_such_column"),
			SampleDimension(SpecSample{Name: "all"}, SpecSample{Name: "typo", DropEntities: []string{"Beijing"}}),
		},
	}
	res, err := SpecCurve(context.Background(), p, g, SpecCurveSettings{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 4 {
		t.Fatalf("%d rows, want 4", len(res.Rows))
	}
	if res.Rows[0].Err != nil {
		t.Errorf("cp on all rows failed: %v", res.Rows[0].Err)
	}
	var notFound *ColumnNotFoundError
	if !errors.As(res.Rows[2].Err, &notFound) {
		t.Errorf("missing outcome: error %v, want *ColumnNotFoundError", res.Rows[2].Err)
	}
	for _, i := range []int{1, 3} {
		if err := res.Rows[i].Err; !errors.Is(err, ErrSettings) || !strings.Contains(err.Error(), `"Beijing"`) {
			t.Errorf("row %d: error %v, want ErrSettings naming Beijing", i, err)
		}
	}
}

func TestSpecCurveSameForAnyWorkers(t *testing.T) {
	p := embeddedWithIndex(t)
	g := SpecGrid{
		Base: Spec{Outcome: "cp", Cluster: []string{"province"}, FixedEffects: []string{"province", "year"}},
		Dimensions: []SpecDimension{
			TreatmentDimension("balance", "invest_tilt"),
			OutcomeDimension("cp", "prosperity", "commonality"),
			LagDimension(0, 1, 2),
		},
	}
	var calls []int
	one, err := SpecCurve(context.Background(), p, g, SpecCurveSettings{Workers: 1,
		Progress: func(done, total int) { calls = append(calls, done) }})
	if err != nil {
		t.Fatal(err)
	}
	three, err := SpecCurve(context.Background(), p, g, SpecCurveSettings{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i := range one.Rows {
		a, b := one.Rows[i], three.Rows[i]
		if a.Coefficient != b.Coefficient || a.N != b.N || a.Index != b.Index {
			t.Errorf("row %d differs: %+v with 1 worker, %+v with 3", i, a.Coefficient, b.Coefficient)
		}
	}
	if len(calls) != one.Fits || calls[len(calls)-1] != len(one.Rows) {
		t.Errorf("progress calls %v, want %d ending at %d", calls, one.Fits, len(one.Rows))
	}
}

func TestSpecCurveCancelled(t *testing.T) {
	p := embeddedWithIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := SpecCurve(ctx, p, PaperSpecGrid(p, PaperSpecColumns{}), SpecCurveSettings{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

// Scale is sd(treatment)/sd(outcome) over the estimation rows, computed here with gonum's stat.StdDev
// (n − 1 denominator) on the rows of a direct Estimate.
func TestSpecRowScale(t *testing.T) {
	p := embeddedWithIndex(t)
	g := SpecGrid{
		Base:       Spec{Outcome: "cp", Treatment: "balance", FixedEffects: []string{"province"}, Window: Window{From: 2005, To: 2017}},
		Dimensions: []SpecDimension{LagDimension(1)},
	}
	res, err := SpecCurve(context.Background(), p, g, SpecCurveSettings{})
	if err != nil {
		t.Fatal(err)
	}
	direct := mustEstimate(t, p, "cp ~ L(balance, 1) | province", Period(2005, 2017))
	balance, err := p.Lag("balance", 1)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := p.Float("cp")
	if err != nil {
		t.Fatal(err)
	}
	var xs, ys []float64
	for _, i := range direct.Rows {
		xs, ys = append(xs, balance[i]), append(ys, cp[i])
	}
	want := stat.StdDev(xs, nil) / stat.StdDev(ys, nil)
	row := res.Rows[0]
	checkClose(t, "Scale", row.Scale, want, 1e-12)
	std := row.Effect(true)
	checkClose(t, "standardized estimate", std.Estimate, row.Estimate*want, 1e-12)
	if std.PValue != row.PValue {
		t.Errorf("standardizing changed the p-value: %v, want %v", std.PValue, row.PValue)
	}
}

// The summary of four hand-made rows: estimates −1, 2, 3 and 5 with p-values 0.01, 0.2, 0.04 and
// 0.001, and one failed row. Median (2 + 3)/2 = 2.5; 3 of 4 positive; 3 of 4 with p < 0.05; 2 of 4
// both (3 and 5).
func TestSpecCurveSummaryByHand(t *testing.T) {
	g := SpecGrid{Dimensions: []SpecDimension{{Name: "d", Options: []SpecOption{{Name: "x"}, {Name: "y"}}}}}
	row := func(choice int, estimate, p float64) SpecRow {
		return SpecRow{SpecChoice: SpecChoice{Choice: []int{choice}}, Coefficient: Coefficient{Estimate: estimate, PValue: p}, Scale: 1}
	}
	failed := SpecRow{SpecChoice: SpecChoice{Choice: []int{1}}, Err: errors.New("no fit")}
	res := &SpecCurveResult{Grid: g, Rows: []SpecRow{row(0, -1, 0.01), row(0, 2, 0.2), row(1, 3, 0.04), row(1, 5, 0.001), failed}}

	s := res.Summary(0.05, false)
	if len(s) != 3 {
		t.Fatalf("%d summaries, want all + 2 options", len(s))
	}
	all := s[0]
	if all.Dimension != -1 || all.Specs != 4 || all.Failed != 1 || all.Median != 2.5 ||
		all.Positive != 0.75 || all.Significant != 0.75 || all.SignificantPositive != 0.5 {
		t.Errorf("all = %+v, want 4 specs, 1 failed, median 2.5, shares 0.75, 0.75, 0.5", all)
	}
	// Option x: −1 (p 0.01) and 2 (p 0.2). Option y: 3 and 5, both significant, and the failed row.
	if x := s[1]; x.Specs != 2 || x.Median != 0.5 || x.Positive != 0.5 || x.Significant != 0.5 || x.SignificantPositive != 0 {
		t.Errorf("option x = %+v, want median 0.5, shares 0.5, 0.5, 0", x)
	}
	if y := s[2]; y.Specs != 2 || y.Failed != 1 || y.Median != 4 || y.SignificantPositive != 1 {
		t.Errorf("option y = %+v, want 2 specs, 1 failed, median 4, all significant and positive", y)
	}
	sorted := res.Sorted(false)
	var order []float64
	for _, r := range sorted {
		order = append(order, r.Estimate)
	}
	if !reflect.DeepEqual(order, []float64{-1, 2, 3, 5}) {
		t.Errorf("Sorted estimates %v, want [-1 2 3 5] without the failed row", order)
	}
}

// A panel of other entities (counties, firms) has no municipalities, so the paper's grid leaves out the
// sample without them rather than failing every specification on it.
func TestPaperSpecGridWithoutMunicipalities(t *testing.T) {
	p := embeddedWithIndex(t)
	names := make([]string, p.Len())
	for i, k := range p.Keys() {
		names[i] = "unit-" + k.Entity
	}
	q, err := NewPanel(p.DataFrame().Mutate(series.New(names, series.String, p.EntityColumn())), p.EntityColumn(), p.TimeColumn())
	if err != nil {
		t.Fatal(err)
	}
	samples := PaperSpecGrid(q, PaperSpecColumns{}).Dimensions[2].Options
	if len(samples) != 2 || samples[0].Name != "2001-2017" || samples[1].Name != "2005-2017" {
		t.Errorf("samples %v, want 2001-2017 and 2005-2017 only", samples)
	}
	if got := PaperSpecGrid(p, PaperSpecColumns{}).Dimensions[2].Options; len(got) != 3 {
		t.Errorf("the embedded panel has %d samples, want 3 with no-municipalities", len(got))
	}
}
