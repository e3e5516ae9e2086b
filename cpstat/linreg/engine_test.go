package linreg

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

// The two-way clustered values were computed with R 4.2.2 and sandwich 3.0.2 on
// testdata/reference/data/plm_Produc.csv:
//
//	d  <- read.csv("plm_Produc.csv")
//	f  <- lm(log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp, d)
//	vcovCL(f, cluster = ~ state + year, type = "HC1", cadjust = TRUE,  multi0 = FALSE)   # seTwoWayHC1
//	vcovCL(f, cluster = ~ state + year, type = "HC0", cadjust = FALSE, multi0 = FALSE)   # seTwoWayHC0
//	fl <- lm(log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp + factor(state) + factor(year), d)
//	vcovCL(fl, cluster = ~ state + year, type = "HC1", cadjust = TRUE, multi0 = FALSE)  # seTwoWayLSDV
//
// sandwich scales each of V1, V2 and V12 by its own G/(G − 1) (PerTermAdjust) and applies
// (N − 1)/(N − K) with K the lm's columns.
var (
	seTwoWayHC1  = []float64{0.2562599408521811784, 0.0627576404941383864, 0.0455972447078501208, 0.0713495421860607937, 0.0033992034077038975}
	seTwoWayHC0  = []float64{0.2520465068884743531, 0.0617179856161801932, 0.0449571269314540528, 0.0702025362296326422, 0.0033300242245599813}
	seTwoWayLSDV = []float64{0.0636818653850954042, 0.0979676789912579254, 0.0978755059673982325, 0.0035049188646290156}
)

func TestTwoWayClusterMatchesSandwich(t *testing.T) {
	d, state, year := produc(t)
	d.Intercept = true
	d.Clusters = []Factor{state, year}
	res := mustFit(t, d, Options{})
	spec := VCovSpec{Type: Cluster, Cluster: []string{"state", "year"}, Convention: Stata, PerTermAdjust: true}
	in := mustVCov(t, res, spec)
	for j, want := range seTwoWayHC1 {
		checkRel(t, "two-way HC1 SE "+res.Names[j], in.SE[j], want, tolLinalg)
	}
	if in.GMin != 17 || in.DF != 16 || len(in.G) != 2 || in.G[0] != 48 || !in.FewClusters {
		t.Errorf("G = %v, GMin = %d, df = %g, few = %v; want [48 17], 17, 16, true", in.G, in.GMin, in.DF, in.FewClusters)
	}

	spec.Convention = CR0
	cr0 := mustVCov(t, res, spec)
	for j, want := range seTwoWayHC0 {
		checkRel(t, "two-way CR0 SE "+res.Names[j], cr0.SE[j], want, tolLinalg)
	}

	// Without PerTermAdjust, min(G)/(min(G) − 1) scales the whole sum.
	spec = VCovSpec{Type: Cluster, Cluster: []string{"state", "year"}, Convention: Stata}
	stata := mustVCov(t, res, spec)
	c := 17.0 / 16 * float64(res.N-1) / float64(res.N-res.K)
	for j := range seTwoWayHC0 {
		checkRel(t, "two-way Stata SE "+res.Names[j], stata.SE[j], math.Sqrt(c)*cr0.SE[j], 1e-12)
	}

	lsdv, state2, year2 := produc(t)
	lsdv.FE = []Factor{state2, year2}
	fe := mustFit(t, lsdv, Options{})
	inFE := mustVCov(t, fe, VCovSpec{Type: Cluster, Cluster: []string{"state", "year"}, Convention: AregLSDV, PerTermAdjust: true})
	for j, want := range seTwoWayLSDV {
		checkRel(t, "two-way LSDV SE "+fe.Names[j], inFE.SE[j], want, tolLinalg)
	}
	if len(inFE.Nested) != 2 {
		t.Errorf("nested FE %v, want both dimensions nested in their own clusters", inFE.Nested)
	}
}

// syntheticPanel returns an unbalanced panel with fe1 (entities), fe2 (periods) and, when threeWay, a
// third factor crossing both, with rows dropped at random.
func syntheticPanel(entities, periods, k int, dropShare float64, threeWay bool, seed uint64) Design {
	rng := rand.New(rand.NewPCG(seed, 1))
	var d Design
	d.X = make([][]float64, k)
	var id, tm, grp []int32
	for e := 0; e < entities; e++ {
		a := rng.NormFloat64()
		for p := 0; p < periods; p++ {
			if rng.Float64() < dropShare {
				continue
			}
			id = append(id, int32(e))
			tm = append(tm, int32(p))
			grp = append(grp, int32((e*7+p*3)%11))
			y := a + 0.1*float64(p)
			for j := 0; j < k; j++ {
				x := rng.NormFloat64() + 0.3*a
				d.X[j] = append(d.X[j], x)
				y += float64(j+1) * 0.5 * x
			}
			d.Y = append(d.Y, y+rng.NormFloat64())
		}
	}
	d.FE = []Factor{{Name: "id", Codes: id}, {Name: "t", Codes: tm}}
	if threeWay {
		d.FE = append(d.FE, Factor{Name: "g", Codes: grp})
	}
	return d
}

// lsdvOf turns the fixed effects of d into explicit dummies with an intercept, first level of each
// dimension as base.
func lsdvOf(d Design) Design {
	out := Design{Y: d.Y, X: append([][]float64(nil), d.X...), Intercept: true}
	n := len(d.Y)
	for _, f := range d.FE {
		levels := int32(0)
		for _, c := range f.Codes {
			levels = max(levels, c+1)
		}
		for l := int32(1); l < levels; l++ {
			col := make([]float64, n)
			for i, c := range f.Codes {
				if c == l {
					col[i] = 1
				}
			}
			out.X = append(out.X, col)
		}
	}
	return out
}

func TestAbsorptionMatchesLSDV(t *testing.T) {
	for _, tc := range []struct {
		name     string
		threeWay bool
		method   AbsorbMethod
	}{
		{"two-way exact", false, AbsorbExact},
		{"two-way iterative", false, AbsorbIterative},
		{"three-way exact", true, AbsorbExact},
		{"three-way iterative", true, AbsorbIterative},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := syntheticPanel(60, 12, 3, 0.3, tc.threeWay, 7)
			res := mustFit(t, d, Options{KeepSingletons: true, Absorb: AbsorbOptions{Method: tc.method}})
			ref := mustFit(t, lsdvOf(d), Options{})
			if res.Absorb.Method != tc.method {
				t.Fatalf("method %v, want %v", res.Absorb.Method, tc.method)
			}
			// LSDV is solved directly on the dummies. 1e-9 relative is the agreement that the absorption
			// must reach.
			for j := 0; j < 3; j++ {
				checkRel(t, "coef", res.Coef[j], ref.Coef[1+j], 1e-9)
			}
			checkRel(t, "RSS", res.RSS, ref.RSS, 1e-9)
			if tc.method == AbsorbExact || !tc.threeWay {
				// Exact rank: the LSDV keeps K + FERank columns in all.
				if res.K+res.FERank != ref.K || !res.FERankExact {
					t.Errorf("K + absorbed = %d (exact %v), want the %d LSDV columns", res.K+res.FERank, res.FERankExact, ref.K)
				}
			}
			iid := mustVCov(t, res, VCovSpec{})
			iidRef := mustVCov(t, ref, VCovSpec{})
			for j := 0; j < 3; j++ {
				if tc.method == AbsorbExact || !tc.threeWay {
					checkRel(t, "IID SE", iid.SE[j], iidRef.SE[1+j], 1e-9)
				}
			}
		})
	}
}

func TestResultsIdenticalAcrossWorkers(t *testing.T) {
	d := syntheticPanel(300, 10, 4, 0.1, false, 11)
	d.Clusters = []Factor{{Name: "cl", Codes: d.FE[0].Codes}}
	for _, method := range []AbsorbMethod{AbsorbExact, AbsorbIterative} {
		one := mustFit(t, d, Options{Workers: 1, Absorb: AbsorbOptions{Method: method}})
		many := mustFit(t, d, Options{Workers: 5, Absorb: AbsorbOptions{Method: method}})
		for j := range one.Coef {
			if one.Coef[j] != many.Coef[j] {
				t.Errorf("%v: coef %d differs: %v vs %v", method, j, one.Coef[j], many.Coef[j])
			}
		}
		a := mustVCov(t, one, VCovSpec{Type: Cluster, Cluster: []string{"cl"}})
		b := mustVCov(t, many, VCovSpec{Type: Cluster, Cluster: []string{"cl"}})
		for j := range a.SE {
			if a.SE[j] != b.SE[j] {
				t.Errorf("%v: SE %d differs: %v vs %v", method, j, a.SE[j], b.SE[j])
			}
		}
	}
}

func TestFixedEffectsRecoverFittedValues(t *testing.T) {
	d := syntheticPanel(40, 8, 2, 0.2, true, 3)
	for _, method := range []AbsorbMethod{AbsorbExact, AbsorbIterative} {
		res := mustFit(t, d, Options{FixedEffects: true, Absorb: AbsorbOptions{Method: method}})
		if len(res.FixedEffects) != 3 {
			t.Fatalf("%v: %d FE dimensions recovered, want 3", method, len(res.FixedEffects))
		}
		value := make([]map[int32]float64, 3)
		for dim, fe := range res.FixedEffects {
			value[dim] = map[int32]float64{}
			for l, c := range fe.Codes {
				value[dim][c] = fe.Values[l]
			}
		}
		// The documented normalisation sets the lowest-code level of the second and third dimensions
		// to 0. The panel is connected, so the second dimension has a single reference level.
		if value[1][0] != 0 || value[2][0] != 0 {
			t.Errorf("%v: reference levels %g, %g; want 0", method, value[1][0], value[2][0])
		}
		// y = Xβ + Σ α + u on every estimation row.
		for r, i := range res.Rows {
			fit := res.Residuals[r]
			for j := range res.Coef {
				fit += d.X[j][i] * res.Coef[j]
			}
			for dim, f := range d.FE {
				fit += value[dim][f.Codes[i]]
			}
			checkAbs(t, "y rebuilt", fit, d.Y[i], 1e-9)
		}
	}
}

func TestDesignErrors(t *testing.T) {
	y := []float64{1, 2, 3}
	var le *LengthError
	_, err := Fit(Design{Y: y, X: [][]float64{{1, 2}}, Names: []string{"short"}}, Options{})
	if !errors.As(err, &le) || le.Column != "short" || le.Got != 2 || le.Want != 3 || !errors.Is(err, ErrInvalidDesign) {
		t.Errorf("short column: error %v, want a LengthError naming short", err)
	}
	_, err = Fit(Design{Y: y, FE: []Factor{{Name: "id", Codes: []int32{0}}}}, Options{})
	if !errors.As(err, &le) || le.Column != "id" {
		t.Errorf("short factor: error %v, want a LengthError naming id", err)
	}
	var ne *NameError
	_, err = Fit(Design{Y: y, X: [][]float64{{1, 2, 3}, {3, 1, 2}}, Names: []string{"a", "a"}}, Options{})
	if !errors.As(err, &ne) || ne.Name != "a" {
		t.Errorf("duplicate names: error %v, want a NameError naming a", err)
	}
	var noe *NoObservationsError
	_, err = Fit(Design{Y: []float64{math.NaN(), math.Inf(1)}}, Options{})
	if !errors.As(err, &noe) || noe.Input != 2 || !errors.Is(err, ErrNoObservations) {
		t.Errorf("all rows non-finite: error %v, want a NoObservationsError", err)
	}
	if !strings.Contains(err.Error(), "check those columns for missing or non-finite values") {
		t.Errorf("all rows non-finite: message %q should point to the values", err)
	}
	_, err = Fit(Design{Y: y, FE: []Factor{{Name: "id", Codes: []int32{0, 1, 2}}}}, Options{})
	if !errors.As(err, &noe) {
		t.Fatalf("all rows singletons: error %v, want a NoObservationsError", err)
	}
	if msg := err.Error(); strings.Contains(msg, "non-finite") || !strings.Contains(msg, "more rows per level") {
		t.Errorf("all rows singletons: message %q should point to the fixed effects, not to the values", msg)
	}
	res := mustFit(t, Design{Y: y, X: [][]float64{{1, 2, 4}}, Intercept: true}, Options{})
	var ce *ClusterError
	if _, err := res.VCov(VCovSpec{Type: Cluster, Cluster: []string{"nope"}}); !errors.As(err, &ce) || ce.Cluster != "nope" {
		t.Errorf("unknown cluster: error %v, want a ClusterError naming nope", err)
	}
}

func TestLeverageOneRejectedForHC3(t *testing.T) {
	// x is zero except on row 2, so that row has leverage 1 in the no-intercept model.
	res := mustFit(t, Design{Y: []float64{1, 2, 3, 4}, X: [][]float64{{0, 0, 5, 0}, {1, 1, 0, 1}}}, Options{})
	var le *LeverageError
	if _, err := res.VCov(VCovSpec{Type: HC3}); !errors.As(err, &le) || le.Row != 2 {
		t.Errorf("error %v, want a LeverageError on row 2", err)
	}
}

func TestCancelledContextStopsFit(t *testing.T) {
	d := syntheticPanel(50, 10, 2, 0.2, true, 5)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := FitContext(ctx, d, Options{Absorb: AbsorbOptions{Method: AbsorbIterative}}); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

// moversPanel returns a worker–firm panel in two disconnected blocks: workers of the first half only
// ever work for the first half of the firms. Workers change firm rarely, to a nearby firm, so the
// firm graph is weakly connected inside each block.
func moversPanel(workers, firms int, seed uint64) Design {
	rng := rand.New(rand.NewPCG(seed, 2))
	var d Design
	d.X = make([][]float64, 2)
	var w, f []int32
	half := firms / 2
	for i := 0; i < workers; i++ {
		base := 0
		if i >= workers/2 {
			base = half
		}
		firm := rng.IntN(half)
		a := rng.NormFloat64()
		for t := 0; t < 2+rng.IntN(5); t++ {
			if rng.Float64() < 0.05 {
				firm = (firm + 1 + rng.IntN(3)) % half
			}
			w = append(w, int32(i))
			f = append(f, int32(base+firm))
			x1, x2 := rng.NormFloat64()+a, rng.NormFloat64()+float64(firm%7)
			d.X[0] = append(d.X[0], x1)
			d.X[1] = append(d.X[1], x2)
			d.Y = append(d.Y, a+0.01*float64(firm)+x1-0.5*x2+rng.NormFloat64())
		}
	}
	d.FE = []Factor{{Name: "worker", Codes: w}, {Name: "firm", Codes: f}}
	return d
}

func TestWeaklyConnectedPanelRank(t *testing.T) {
	d := moversPanel(3000, 120, 1)
	exact := mustFit(t, d, Options{FixedEffects: true, Absorb: AbsorbOptions{Method: AbsorbExact}})
	iter := mustFit(t, d, Options{FixedEffects: true, Absorb: AbsorbOptions{Method: AbsorbIterative}})

	// The exact method counts the rank from Cholesky pivots; the iterative one from union-find.
	c, _, _ := components(exact.fe, []int{0, 1})
	if c < 2 {
		t.Fatalf("%d components, want at least the 2 blocks", c)
	}
	want := exact.fe[0].levels + exact.fe[1].levels - c
	if exact.FERank != want || iter.FERank != want || exact.FEComponents != c || iter.FEComponents != c {
		t.Errorf("absorbed rank %d (exact) and %d (iterative), components %d and %d; want %d and %d",
			exact.FERank, iter.FERank, exact.FEComponents, iter.FEComponents, want, c)
	}
	for j := range exact.Coef {
		checkRel(t, "iterative vs exact coef", iter.Coef[j], exact.Coef[j], 1e-9)
	}

	// One firm per component is the reference level, so exactly c firm effects are 0.
	zeros := 0
	for _, v := range exact.FixedEffects[1].Values {
		if v == 0 {
			zeros++
		}
	}
	if zeros != c {
		t.Errorf("%d firm effects are 0, want one per component (%d)", zeros, c)
	}
}

func TestWaldNotComputedWithFewClusters(t *testing.T) {
	d := syntheticPanel(3, 12, 3, 0, false, 9)
	res := mustFit(t, d, Options{})
	in := mustVCov(t, res, VCovSpec{Type: Cluster, Cluster: []string{"id"}})
	// 3 slopes and 3 clusters: the clustered variance has rank at most G − 1 = 2.
	if !math.IsNaN(in.WaldF) || !math.IsNaN(in.WaldP) || len(in.Notes) != 2 {
		t.Errorf("Wald F = %g, p = %g, notes %q; want NaN with a note", in.WaldF, in.WaldP, in.Notes)
	}
	iid := mustVCov(t, res, VCovSpec{})
	checkRel(t, "IID Wald F vs classical F", iid.WaldF, res.F, 1e-10)
}

func TestInPlaceMatchesCopy(t *testing.T) {
	fresh := func() Design {
		d := syntheticPanel(40, 6, 2, 0.1, false, 13)
		d.Y[3] = math.NaN()
		// The same slice under two names: the in-place path must copy the second use.
		d.X = append(d.X, d.X[0])
		d.Names = []string{"a", "b", "a again"}
		return d
	}
	ref := mustFit(t, fresh(), Options{})
	d := fresh()
	res := mustFit(t, d, Options{InPlace: true})
	if len(res.Coef) != len(ref.Coef) || len(res.DroppedRegressors) != 1 || res.N != ref.N {
		t.Fatalf("in place: coef %v, dropped %+v, N %d; want %v, one dropped, N %d",
			res.Coef, res.DroppedRegressors, res.N, ref.Coef, ref.N)
	}
	for j := range ref.Coef {
		if res.Coef[j] != ref.Coef[j] {
			t.Errorf("coef %d = %v in place, %v copied", j, res.Coef[j], ref.Coef[j])
		}
	}
	if &res.Residuals[0] != &d.Y[0] {
		t.Errorf("residuals do not share Design.Y")
	}
	if _, err := Fit(fresh(), Options{InPlace: true, FixedEffects: true}); !errors.Is(err, ErrInvalidDesign) {
		t.Errorf("InPlace with FixedEffects: error %v, want ErrInvalidDesign", err)
	}
}

func TestConcurrentVCovCalls(t *testing.T) {
	d := syntheticPanel(50, 8, 3, 0.1, false, 17)
	res := mustFit(t, d, Options{})
	specs := []VCovSpec{{}, {Type: HC1}, {Type: HC3}, {Type: Cluster, Cluster: []string{"id"}},
		{Type: Cluster, Cluster: []string{"id", "t"}, Convention: Fixest}}
	want := make([][]float64, len(specs))
	for i, spec := range specs {
		want[i] = mustVCov(t, res, spec).SE
	}
	got := make([][]float64, len(specs))
	errs := make([]error, len(specs))
	var wg sync.WaitGroup
	for i, spec := range specs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in, err := res.VCov(spec)
			errs[i] = err
			if err == nil {
				got[i] = in.SE
			}
		}()
	}
	wg.Wait()
	for i := range specs {
		if errs[i] != nil {
			t.Fatalf("%+v: %v", specs[i], errs[i])
		}
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("%+v: SE %d = %v concurrently, %v alone", specs[i], j, got[i][j], want[i][j])
			}
		}
	}
}
