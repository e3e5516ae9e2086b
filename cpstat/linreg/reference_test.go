package linreg

import (
	"math"
	"strconv"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// Tolerances. The reference values are R's doubles printed to round-trip precision, and every quantity
// here is closed-form linear algebra, for which the reference cases suggest 1e-9 relative. p-values
// get 1e-8 relative because they pass through the regularised incomplete beta function. The largest
// differences found are 5.5e-12 (LSDV standard errors in d1) and 8.5e-13 (p-values in a1).
const (
	tolLinalg = 1e-9
	tolP      = 1e-8
)

// grunfeld returns the Grunfeld design inv ~ value + capital, with the firm factor as FE when withFE.
func grunfeld(t *testing.T, withFE bool) Design {
	tb := readTable(t, testref.ReferenceData("plm_Grunfeld.csv"))
	d := Design{
		Y:     tb.num(t, "inv"),
		YName: "inv",
		X:     [][]float64{tb.num(t, "value"), tb.num(t, "capital")},
		Names: []string{"value", "capital"},
	}
	if withFE {
		d.FE = []Factor{tb.factor(t, "firm")}
	} else {
		d.Intercept = true
		d.Clusters = []Factor{tb.factor(t, "firm")}
	}
	return d
}

// produc returns log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp on plm's Produc data, and the state
// and year factors.
func produc(t *testing.T) (Design, Factor, Factor) {
	tb := readTable(t, testref.ReferenceData("plm_Produc.csv"))
	d := Design{
		Y:     logs(tb.num(t, "gsp")),
		YName: "log(gsp)",
		X:     [][]float64{logs(tb.num(t, "pcap")), logs(tb.num(t, "pc")), logs(tb.num(t, "emp")), tb.num(t, "unemp")},
		Names: []string{"log(pcap)", "log(pc)", "log(emp)", "unemp"},
	}
	return d, tb.factor(t, "state"), tb.factor(t, "year")
}

type coefTable struct {
	Estimate map[string]float64 `json:"estimate"`
	StdError map[string]float64 `json:"std_error"`
	TValue   map[string]float64 `json:"t_value"`
	PNormal  map[string]float64 `json:"p_normal"`
	PT       map[string]float64 `json:"p_t"`
	TDF      float64            `json:"t_df"`
	PTWithin map[string]float64 `json:"p_t_df_within"`
}

type matrixCase struct {
	Rownames []string    `json:"rownames"`
	Data     [][]float64 `json:"data"`
}

func TestPooledOLS_A1(t *testing.T) {
	var ref struct {
		N         int                           `json:"N"`
		K         int                           `json:"K"`
		DFResid   int                           `json:"df_residual"`
		CoefNames []string                      `json:"coef_names"`
		Coef      map[string]float64            `json:"coefficients"`
		SE        map[string]map[string]float64 `json:"se"`
		HC1       coefTable                     `json:"hc1"`
		Classical coefTable                     `json:"classical"`
		VCovHC1   matrixCase                    `json:"vcov_HC1"`
		R2        float64                       `json:"r_squared"`
		AdjR2     float64                       `json:"adj_r_squared"`
		Sigma     float64                       `json:"sigma"`
		RSS       float64                       `json:"rss"`
		F         float64                       `json:"f_statistic"`
		FDF       [2]int                        `json:"f_df"`
	}
	testref.LoadCase(t, "a1_pooled_ols_hc1_grunfeld", &ref)
	res := mustFit(t, grunfeld(t, false), Options{})

	if res.N != ref.N || res.K != ref.K || res.DFResid != ref.DFResid || len(res.DroppedRows) != 0 {
		t.Fatalf("N, K, df = %d, %d, %d with %d dropped rows; want %d, %d, %d and none",
			res.N, res.K, res.DFResid, len(res.DroppedRows), ref.N, ref.K, ref.DFResid)
	}
	for j, name := range ref.CoefNames {
		if res.Names[j] != name {
			t.Fatalf("names %v, want %v", res.Names, ref.CoefNames)
		}
		checkRel(t, "coef "+name, res.Coef[j], ref.Coef[name], tolLinalg)
	}
	checkRel(t, "R2", res.R2, ref.R2, tolLinalg)
	checkRel(t, "adj R2", res.AdjR2, ref.AdjR2, tolLinalg)
	checkRel(t, "sigma", res.Sigma, ref.Sigma, tolLinalg)
	checkRel(t, "RSS", res.RSS, ref.RSS, tolLinalg)
	checkRel(t, "F", res.F, ref.F, tolLinalg)
	if res.FDF != ref.FDF {
		t.Errorf("F df = %v, want %v", res.FDF, ref.FDF)
	}

	types := map[string]VCovType{"classical": IID, "HC0": HC0, "HC1": HC1, "HC2": HC2, "HC3": HC3}
	for key, typ := range types {
		in := mustVCov(t, res, VCovSpec{Type: typ})
		for j, name := range ref.CoefNames {
			checkRel(t, key+" SE "+name, in.SE[j], ref.SE[key][name], tolLinalg)
		}
	}

	for _, tc := range []struct {
		typ VCovType
		ref coefTable
	}{{HC1, ref.HC1}, {IID, ref.Classical}} {
		in := mustVCov(t, res, VCovSpec{Type: tc.typ})
		if in.DF != tc.ref.TDF {
			t.Errorf("%v t df = %g, want %g", tc.typ, in.DF, tc.ref.TDF)
		}
		for j, name := range ref.CoefNames {
			checkRel(t, tc.typ.String()+" t "+name, in.Stat[j], tc.ref.TValue[name], tolLinalg)
			checkRel(t, tc.typ.String()+" p "+name, in.P[j], tc.ref.PT[name], tolP)
			checkRel(t, tc.typ.String()+" normal p "+name, twoSidedP(in.Stat[j], math.Inf(1)), tc.ref.PNormal[name], tolP)
		}
	}

	// Under the IID variance the Wald test of all slopes is the classical F.
	iid := mustVCov(t, res, VCovSpec{})
	checkRel(t, "IID Wald F", iid.WaldF, ref.F, tolLinalg)
	if iid.WaldDF != [2]float64{float64(ref.FDF[0]), float64(ref.FDF[1])} {
		t.Errorf("Wald df = %v, want %v", iid.WaldDF, ref.FDF)
	}

	// confint(lm(inv ~ value + capital, g)) in R 4.2.2, with qt(0.975, 197) = 1.972079033778501.
	lo, hi := iid.ConfInt(0.95)
	wantLo := []float64{-61.47214631422387754, 0.10405367589553650, 0.18043819477144296}
	wantHi := []float64{-23.95659255889484029, 0.12707063682556774, 0.28091878269249626}
	for j := range wantLo {
		checkRel(t, "95% lower "+res.Names[j], lo[j], wantLo[j], tolLinalg)
		checkRel(t, "95% upper "+res.Names[j], hi[j], wantHi[j], tolLinalg)
	}

	in := mustVCov(t, res, VCovSpec{Type: HC1})
	for a := range ref.VCovHC1.Data {
		for b, want := range ref.VCovHC1.Data[a] {
			checkRel(t, "vcov HC1", in.VCov.At(a, b), want, tolLinalg)
		}
	}
}

// clusteredCase is the shared layout of b1 and c1.
type clusteredCase struct {
	N         int                `json:"N"`
	G         int                `json:"G_clusters"`
	KSlopes   int                `json:"K_slopes"`
	DFResid   int                `json:"df_residual_within"`
	CoefNames []string           `json:"coef_names"`
	Coef      map[string]float64 `json:"coefficients"`
	SEClassic map[string]float64 `json:"se_classical"`
	Clustered map[string]struct {
		K          *int               `json:"K"`
		Multiplier float64            `json:"multiplier"`
		SE         map[string]float64 `json:"se"`
	} `json:"clustered"`
	PlmHC1 struct {
		Multiplier float64            `json:"multiplier"`
		SE         map[string]float64 `json:"se"`
	} `json:"plm_HC1"`
	VCovV0      matrixCase         `json:"vcov_V0"`
	TestsSSS    coefTable          `json:"tests_sss"`
	TestsStata  coefTable          `json:"tests_stata_xtreg_fe"`
	RSS         float64            `json:"rss"`
	R2Within    float64            `json:"r_squared_within"`
	AdjR2Within float64            `json:"adj_r_squared_within"`
	FWithin     float64            `json:"f_statistic_within"`
	FDF         [2]int             `json:"f_df"`
	FixefLevel  map[string]float64 `json:"fixef_level"`
	StataCons   float64            `json:"stata_cons"`
}

// checkClustered compares every clustered variant of a case with the conventions mapped to it.
func checkClustered(t *testing.T, res *Result, ref clusteredCase, cluster string, variants map[string][]Convention) {
	t.Helper()
	for key, convs := range variants {
		want, ok := ref.Clustered[key]
		if !ok {
			t.Fatalf("variant %q missing from the reference case", key)
		}
		for _, conv := range convs {
			in := mustVCov(t, res, VCovSpec{Type: Cluster, Cluster: []string{cluster}, Convention: conv})
			checkRel(t, key+" multiplier ("+conv.String()+")", in.Multiplier, want.Multiplier, 1e-14)
			if want.K != nil && in.KAdjust != *want.K {
				t.Errorf("%s K (%v) = %d, want %d", key, conv, in.KAdjust, *want.K)
			}
			for j, name := range ref.CoefNames {
				checkRel(t, key+" SE "+name+" ("+conv.String()+")", in.SE[j], want.SE[name], tolLinalg)
			}
			if in.GMin != ref.G {
				t.Errorf("%s G = %d, want %d", key, in.GMin, ref.G)
			}
		}
	}
	in := mustVCov(t, res, VCovSpec{Type: Cluster, Cluster: []string{cluster}, Convention: PlmHC1})
	checkRel(t, "plm HC1 multiplier", in.Multiplier, ref.PlmHC1.Multiplier, 1e-14)
	for j, name := range ref.CoefNames {
		checkRel(t, "plm HC1 SE "+name, in.SE[j], ref.PlmHC1.SE[name], tolLinalg)
	}

	v0 := mustVCov(t, res, VCovSpec{Type: Cluster, Cluster: []string{cluster}, Convention: CR0})
	for a := range ref.VCovV0.Data {
		for b, want := range ref.VCovV0.Data[a] {
			checkRel(t, "V0", v0.VCov.At(a, b), want, tolLinalg)
		}
	}

	for _, tc := range []struct {
		conv Convention
		ref  coefTable
	}{{PlmSSS, ref.TestsSSS}, {XtregOneWay, ref.TestsStata}} {
		in := mustVCov(t, res, VCovSpec{Type: Cluster, Cluster: []string{cluster}, Convention: tc.conv})
		tdf := in.DF
		if tc.conv == PlmSSS {
			// PlmSSS reports t(df_resid) p-values; the case also lists them with t(G − 1).
			if in.DF != float64(ref.DFResid) {
				t.Errorf("plm sss t df = %g, want %d", in.DF, ref.DFResid)
			}
			tdf = tc.ref.TDF
			for j, name := range ref.CoefNames {
				checkRel(t, "sss p(df within) "+name, in.P[j], tc.ref.PTWithin[name], tolP)
			}
		} else if in.DF != tc.ref.TDF {
			t.Errorf("%v t df = %g, want %g", tc.conv, in.DF, tc.ref.TDF)
		}
		for j, name := range ref.CoefNames {
			checkRel(t, tc.conv.String()+" t "+name, in.Stat[j], tc.ref.TValue[name], tolLinalg)
			checkRel(t, tc.conv.String()+" p(G−1) "+name, twoSidedP(in.Stat[j], tdf), tc.ref.PT[name], tolP)
			checkRel(t, tc.conv.String()+" normal p "+name, twoSidedP(in.Stat[j], math.Inf(1)), tc.ref.PNormal[name], tolP)
		}
	}
}

// checkWithin compares the estimates and fit statistics shared by b1 and c1.
func checkWithin(t *testing.T, res *Result, ref clusteredCase) {
	t.Helper()
	if res.N != ref.N || res.DFResid != ref.DFResid || res.K != ref.KSlopes || len(res.DroppedRows) != 0 {
		t.Fatalf("N, K, df = %d, %d, %d with %d dropped rows; want %d, %d, %d and none",
			res.N, res.K, res.DFResid, len(res.DroppedRows), ref.N, ref.KSlopes, ref.DFResid)
	}
	for j, name := range ref.CoefNames {
		if res.Names[j] != name {
			t.Fatalf("names %v, want %v", res.Names, ref.CoefNames)
		}
		checkRel(t, "coef "+name, res.Coef[j], ref.Coef[name], tolLinalg)
	}
	iid := mustVCov(t, res, VCovSpec{})
	for j, name := range ref.CoefNames {
		checkRel(t, "classical SE "+name, iid.SE[j], ref.SEClassic[name], tolLinalg)
	}
	checkRel(t, "RSS", res.RSS, ref.RSS, tolLinalg)
	checkRel(t, "within R2", res.R2Within, ref.R2Within, tolLinalg)
	checkRel(t, "adjusted within R2", res.AdjR2Within, ref.AdjR2Within, tolLinalg)
	checkRel(t, "within F", res.F, ref.FWithin, tolLinalg)
	if res.FDF != ref.FDF {
		t.Errorf("F df = %v, want %v", res.FDF, ref.FDF)
	}
}

func TestOneWayWithinCluster_B1(t *testing.T) {
	var ref clusteredCase
	testref.LoadCase(t, "b1_fe_oneway_cluster_grunfeld", &ref)
	res := mustFit(t, grunfeld(t, true), Options{FixedEffects: true})
	checkWithin(t, res, ref)

	// With one FE dimension nested in the cluster, Stata, fixest and the one-way xtreg formula agree
	// (K = slopes + 1), and reghdfe's K = slopes equals plm's sss.
	checkClustered(t, res, ref, "firm", map[string][]Convention{
		"V0_uncorrected": {CR0},
		"CR1_G_only":     {CR1},
		"sss_K_slopes":   {PlmSSS, Reghdfe},
		"stata_xtreg_fe": {Stata, Fixest, XtregOneWay},
		"areg_lsdv_full": {AregLSDV},
	})

	checkRel(t, "Stata _cons", res.Cons, ref.StataCons, tolLinalg)
	if len(res.FixedEffects) != 1 || len(res.FixedEffects[0].Values) != len(ref.FixefLevel) {
		t.Fatalf("fixed effects %+v, want one dimension with %d levels", res.FixedEffects, len(ref.FixefLevel))
	}
	fe := res.FixedEffects[0]
	for l, code := range fe.Codes {
		// The factor helper codes firm "1" as 0, "2" as 1, and so on.
		name := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}[code]
		checkRel(t, "fixef firm "+name, fe.Values[l], ref.FixefLevel[name], tolLinalg)
	}
}

func TestTwoWayWithinCluster_C1(t *testing.T) {
	var ref clusteredCase
	testref.LoadCase(t, "c1_fe_twoway_cluster_produc", &ref)
	d, state, year := produc(t)
	d.FE = []Factor{state, year}
	res := mustFit(t, d, Options{})
	checkWithin(t, res, ref)
	if res.FERank != 48+17-1 || res.FEComponents != 1 {
		t.Errorf("absorbed rank %d with %d components, want 64 and 1", res.FERank, res.FEComponents)
	}

	// State FE are nested in the state clusters; year FE are not.
	checkClustered(t, res, ref, "state", map[string][]Convention{
		"V0_uncorrected":           {CR0},
		"CR1_G_only":               {CR1},
		"sss_K_slopes":             {PlmSSS},
		"stata_xtreg_fe":           {XtregOneWay},
		"stata_xtreg_fe_iyear":     {Stata, Fixest},
		"nested_K_slopes_plus_Tm1": {Reghdfe},
		"areg_lsdv_full":           {AregLSDV},
	})
	in := mustVCov(t, res, VCovSpec{Type: Cluster, Cluster: []string{"state"}})
	if len(in.Nested) != 1 || in.Nested[0] != "state" {
		t.Errorf("nested FE = %v, want [state]", in.Nested)
	}
	if in.FewClusters {
		t.Errorf("48 clusters flagged as few")
	}
}

func TestTwoWayIterativeAbsorption_C1(t *testing.T) {
	var ref clusteredCase
	testref.LoadCase(t, "c1_fe_twoway_cluster_produc", &ref)
	d, state, year := produc(t)
	d.FE = []Factor{state, year}
	res := mustFit(t, d, Options{Absorb: AbsorbOptions{Method: AbsorbIterative}})
	if res.Absorb.Method != AbsorbIterative {
		t.Fatalf("absorption method %v, want iterative", res.Absorb.Method)
	}
	checkWithin(t, res, ref)
}

func TestSameModelFourWays_D1(t *testing.T) {
	var ref struct {
		N        int                           `json:"N"`
		NLSDV    int                           `json:"n_lsdv_columns"`
		Coef     map[string]map[string]float64 `json:"coefficients"`
		SE       map[string]map[string]float64 `json:"se_classical"`
		DFResid  map[string]int                `json:"df_residual"`
		RSS      map[string]float64            `json:"rss"`
		R2Full   float64                       `json:"lsdv_r_squared_full"`
		LSDVYear map[string]float64            `json:"lsdv_year_dummies"`
		OneWayYr map[string]float64            `json:"oneway_within_year_dummies"`
	}
	testref.LoadCase(t, "d1_lsdv_vs_within_produc", &ref)
	names := []string{"log(pcap)", "log(pc)", "log(emp)", "unemp"}
	base, state, year := produc(t)
	n := len(base.Y)

	// Treatment-coded dummies, first level dropped, as R's factor() in lm.
	dummies := func(f Factor, prefix string, labels func(int32) string) ([][]float64, []string) {
		levels := int32(0)
		for _, c := range f.Codes {
			levels = max(levels, c+1)
		}
		var cols [][]float64
		var names []string
		for l := int32(1); l < levels; l++ {
			col := make([]float64, n)
			for i, c := range f.Codes {
				if c == l {
					col[i] = 1
				}
			}
			cols = append(cols, col)
			names = append(names, prefix+labels(l))
		}
		return cols, names
	}
	yearLabel := func(l int32) string {
		return []string{"1970", "1971", "1972", "1973", "1974", "1975", "1976",
			"1977", "1978", "1979", "1980", "1981", "1982", "1983", "1984", "1985", "1986"}[l]
	}
	stateLabel := func(l int32) string { return strconv.Itoa(int(l)) }
	yearCols, yearNames := dummies(year, "factor(year)", yearLabel)
	stateCols, stateNames := dummies(state, "state", stateLabel)

	twoWay := base
	twoWay.FE = []Factor{state, year}

	oneWay := base
	oneWay.X = append(append([][]float64(nil), base.X...), yearCols...)
	oneWay.Names = append(append([]string(nil), names...), yearNames...)
	oneWay.FE = []Factor{state}

	lsdv := base
	lsdv.Intercept = true
	lsdv.X = append(append(append([][]float64(nil), base.X...), stateCols...), yearCols...)
	lsdv.Names = append(append(append([]string(nil), names...), stateNames...), yearNames...)

	// z_it − z̄_i − z̄_t + z̄, valid because the panel is balanced.
	doubleDemean := func(z []float64) []float64 {
		si, st := map[int32]float64{}, map[int32]float64{}
		ni, nt := map[int32]float64{}, map[int32]float64{}
		all := 0.0
		for i, v := range z {
			si[state.Codes[i]] += v
			ni[state.Codes[i]]++
			st[year.Codes[i]] += v
			nt[year.Codes[i]]++
			all += v
		}
		out := make([]float64, n)
		for i, v := range z {
			out[i] = v - si[state.Codes[i]]/ni[state.Codes[i]] - st[year.Codes[i]]/nt[year.Codes[i]] + all/float64(n)
		}
		return out
	}
	byHand := Design{Y: doubleDemean(base.Y), Names: names}
	for _, col := range base.X {
		byHand.X = append(byHand.X, doubleDemean(col))
	}

	for _, tc := range []struct {
		key    string
		design Design
		seKey  string
	}{
		{"twoway_within", twoWay, "twoway_within"},
		{"oneway_within_plus_year_dummies", oneWay, "oneway_within_plus_year_dummies"},
		{"lsdv", lsdv, "lsdv"},
		{"by_hand_double_demeaning", byHand, ""},
	} {
		t.Run(tc.key, func(t *testing.T) {
			res := mustFit(t, tc.design, Options{})
			if res.N != ref.N || len(res.DroppedRows) != 0 || len(res.DroppedRegressors) != 0 {
				t.Fatalf("N = %d, dropped rows %d, dropped regressors %v; want %d and none",
					res.N, len(res.DroppedRows), res.DroppedRegressors, ref.N)
			}
			for _, name := range names {
				j := coefIndex(t, res.Names, name)
				checkRel(t, "coef "+name, res.Coef[j], ref.Coef[tc.key][name], tolLinalg)
			}
			if tc.seKey == "" {
				return
			}
			if res.DFResid != ref.DFResid[tc.seKey] {
				t.Errorf("df residual = %d, want %d", res.DFResid, ref.DFResid[tc.seKey])
			}
			if res.K+res.FERank != ref.NLSDV {
				t.Errorf("K + absorbed = %d, want the %d LSDV columns", res.K+res.FERank, ref.NLSDV)
			}
			iid := mustVCov(t, res, VCovSpec{})
			for _, name := range names {
				j := coefIndex(t, res.Names, name)
				checkRel(t, "classical SE "+name, iid.SE[j], ref.SE[tc.seKey][name], tolLinalg)
			}
			checkRel(t, "R2 with the fixed effects", res.R2, ref.R2Full, tolLinalg)
			if rss, ok := ref.RSS[tc.key]; ok {
				checkRel(t, "RSS", res.RSS, rss, tolLinalg)
			}
			years := ref.LSDVYear
			if tc.key == "oneway_within_plus_year_dummies" {
				years = ref.OneWayYr
			}
			if tc.key != "twoway_within" {
				for name, want := range years {
					j := coefIndex(t, res.Names, name)
					// Year effects are near 0.015 and are differences of two estimates; absolute 1e-11
					// is about 1e-9 relative.
					checkAbs(t, name, res.Coef[j], want, 1e-11)
				}
			}
		})
	}
}

func TestVIF_H1(t *testing.T) {
	var ref struct {
		N         int                `json:"N"`
		Names     []string           `json:"regressors"`
		R2        map[string]float64 `json:"r2_auxiliary"`
		VIF       map[string]float64 `json:"vif"`
		Tolerance map[string]float64 `json:"tolerance"`
		MeanVIF   float64            `json:"mean_vif"`
	}
	testref.LoadCase(t, "h1_vif_pooled_produc", &ref)
	d, _, _ := produc(t)
	res, err := VIF(d.X, d.Names)
	if err != nil {
		t.Fatal(err)
	}
	if res.N != ref.N || len(res.DroppedRows) != 0 {
		t.Fatalf("N = %d with %d dropped rows, want %d and none", res.N, len(res.DroppedRows), ref.N)
	}
	for j, name := range ref.Names {
		checkRel(t, "VIF "+name, res.VIF[j], ref.VIF[name], tolLinalg)
		checkRel(t, "1/VIF "+name, res.Tolerance[j], ref.Tolerance[name], tolLinalg)
		checkRel(t, "R2 "+name, res.R2[j], ref.R2[name], tolLinalg)
	}
	checkRel(t, "mean VIF", res.MeanVIF, ref.MeanVIF, tolLinalg)
}
