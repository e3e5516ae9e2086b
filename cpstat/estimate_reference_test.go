package cpstat

import (
	"math"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// Tolerances of the reference comparisons. The reference values are R's doubles printed to
// round-trip precision, and everything compared is closed-form linear algebra, for which the
// reference cases suggest 1e-9 relative. p-values pass through the incomplete beta function and get
// 1e-8. These are the tolerances of package linreg's own reference tests, because going through the
// CSV reader and the formula layer must not lose anything.
const (
	tolRef  = 1e-9
	tolRefP = 1e-8
)

func checkClose(t *testing.T, what string, got, want, rel float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > rel*math.Max(math.Abs(want), 1e-300) {
		t.Errorf("%s = %.17g, want %.17g (relative tolerance %g)", what, got, want, rel)
	}
}

// referencePanel reads a data set of testdata/reference/data through the CSV reader.
func referencePanel(t *testing.T, file, entity, time string) *Panel {
	t.Helper()
	tb, err := ReadCSV(testref.ReferenceData(file), WithKeys(entity, time))
	if err != nil {
		t.Fatal(err)
	}
	p, err := tb.Panel()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustEstimate(t *testing.T, p *Panel, src string, opts ...EstimateOption) *Result {
	t.Helper()
	r, err := Estimate(p, src, opts...)
	if err != nil {
		t.Fatalf("Estimate(%q): %v", src, err)
	}
	return r
}

func mustWithVCov(t *testing.T, r *Result, opts ...EstimateOption) *Result {
	t.Helper()
	out, err := r.WithVCov(opts...)
	if err != nil {
		t.Fatalf("WithVCov: %v", err)
	}
	return out
}

func coefOf(t *testing.T, r *Result, term string) Coefficient {
	t.Helper()
	c, ok := r.Coef(term)
	if !ok {
		t.Fatalf("no coefficient %q among %q", term, r.Terms())
	}
	return c
}

type refCoefTable struct {
	StdError map[string]float64 `json:"std_error"`
	TValue   map[string]float64 `json:"t_value"`
	PT       map[string]float64 `json:"p_t"`
	TDF      float64            `json:"t_df"`
	PTWithin map[string]float64 `json:"p_t_df_within"`
}

// Pooled OLS of inv on value and capital, all 200 Grunfeld firm-years, with every
// heteroskedasticity-robust variance: lm and sandwich::vcovHC in R 4.2.2 (case a1).
func TestEstimatePooledOLS_A1(t *testing.T) {
	var ref struct {
		N         int                           `json:"N"`
		K         int                           `json:"K"`
		DFResid   int                           `json:"df_residual"`
		CoefNames []string                      `json:"coef_names"`
		Coef      map[string]float64            `json:"coefficients"`
		SE        map[string]map[string]float64 `json:"se"`
		HC1       refCoefTable                  `json:"hc1"`
		R2        float64                       `json:"r_squared"`
		AdjR2     float64                       `json:"adj_r_squared"`
		Sigma     float64                       `json:"sigma"`
		RSS       float64                       `json:"rss"`
		F         float64                       `json:"f_statistic"`
		FDF       [2]float64                    `json:"f_df"`
	}
	testref.LoadCase(t, "a1_pooled_ols_hc1_grunfeld", &ref)
	p := referencePanel(t, "plm_Grunfeld.csv", "firm", "year")
	r := mustEstimate(t, p, "inv ~ value + capital", VCov(HC1))

	if r.N != ref.N || r.K != ref.K || r.DFResid != ref.DFResid || r.Dropped.Dropped() != 0 {
		t.Fatalf("N, K, df = %d, %d, %d with %d dropped; want %d, %d, %d and none",
			r.N, r.K, r.DFResid, r.Dropped.Dropped(), ref.N, ref.K, ref.DFResid)
	}
	if strings.Join(r.Terms(), ",") != strings.Join(ref.CoefNames, ",") {
		t.Fatalf("terms %q, want %q", r.Terms(), ref.CoefNames)
	}
	if r.Cons != nil {
		t.Errorf("pooled OLS has a separate _cons %+v; its intercept is a coefficient", r.Cons)
	}
	for _, name := range ref.CoefNames {
		c := coefOf(t, r, name)
		checkClose(t, "coef "+name, c.Estimate, ref.Coef[name], tolRef)
		checkClose(t, "HC1 SE "+name, c.StdError, ref.HC1.StdError[name], tolRef)
		checkClose(t, "HC1 t "+name, c.Statistic, ref.HC1.TValue[name], tolRef)
		checkClose(t, "HC1 p "+name, c.PValue, ref.HC1.PT[name], tolRefP)
	}
	if r.VCov.Type != HC1 || r.VCov.DF != ref.HC1.TDF || r.VCov.K != ref.K {
		t.Errorf("vcov %v with t df %g and K %d, want hc1, %g and %d", r.VCov.Type, r.VCov.DF, r.VCov.K, ref.HC1.TDF, ref.K)
	}
	checkClose(t, "R2", r.R2, ref.R2, tolRef)
	checkClose(t, "adjusted R2", r.AdjR2, ref.AdjR2, tolRef)
	checkClose(t, "sigma", r.Sigma, ref.Sigma, tolRef)
	checkClose(t, "RSS", r.RSS, ref.RSS, tolRef)
	checkClose(t, "F", r.F.Value, ref.F, tolRef)
	if r.F.DF1 != ref.FDF[0] || r.F.DF2 != ref.FDF[1] {
		t.Errorf("F df = (%g, %g), want %v", r.F.DF1, r.F.DF2, ref.FDF)
	}

	types := map[string]VCovType{"classical": IID, "HC0": HC0, "HC2": HC2, "HC3": HC3}
	for key, typ := range types {
		other := mustWithVCov(t, r, VCov(typ))
		for _, name := range ref.CoefNames {
			checkClose(t, key+" SE "+name, coefOf(t, other, name).StdError, ref.SE[key][name], tolRef)
		}
	}

	// confint(lm(inv ~ value + capital, g)) in R 4.2.2, with qt(0.975, 197) = 1.972079033778501.
	iid := mustWithVCov(t, r, VCov(IID))
	wantLo := []float64{-61.47214631422387754, 0.10405367589553650, 0.18043819477144296}
	wantHi := []float64{-23.95659255889484029, 0.12707063682556774, 0.28091878269249626}
	for j, c := range iid.Coefficients {
		checkClose(t, "95% lower "+c.Term, c.ConfLow, wantLo[j], tolRef)
		checkClose(t, "95% upper "+c.Term, c.ConfHigh, wantHi[j], tolRef)
	}
}

// clusteredReference is the shared layout of cases b1 and c1.
type clusteredReference struct {
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
	TestsSSS    refCoefTable       `json:"tests_sss"`
	TestsStata  refCoefTable       `json:"tests_stata_xtreg_fe"`
	RSS         float64            `json:"rss"`
	R2Within    float64            `json:"r_squared_within"`
	AdjR2Within float64            `json:"adj_r_squared_within"`
	FWithin     float64            `json:"f_statistic_within"`
	FDF         [2]float64         `json:"f_df"`
	FixefLevel  map[string]float64 `json:"fixef_level"`
	StataCons   float64            `json:"stata_cons"`
}

// checkWithinFit compares the estimates and fit statistics that b1 and c1 share.
func checkWithinFit(t *testing.T, r *Result, ref clusteredReference) {
	t.Helper()
	if r.N != ref.N || r.K != ref.KSlopes || r.DFResid != ref.DFResid || r.Dropped.Dropped() != 0 {
		t.Fatalf("N, K, df = %d, %d, %d with %d dropped; want %d, %d, %d and none",
			r.N, r.K, r.DFResid, r.Dropped.Dropped(), ref.N, ref.KSlopes, ref.DFResid)
	}
	if strings.Join(r.Terms(), ",") != strings.Join(ref.CoefNames, ",") {
		t.Fatalf("terms %q, want %q", r.Terms(), ref.CoefNames)
	}
	iid := mustWithVCov(t, r, VCov(IID))
	for _, name := range ref.CoefNames {
		checkClose(t, "coef "+name, coefOf(t, r, name).Estimate, ref.Coef[name], tolRef)
		checkClose(t, "classical SE "+name, coefOf(t, iid, name).StdError, ref.SEClassic[name], tolRef)
	}
	checkClose(t, "RSS", r.RSS, ref.RSS, tolRef)
	checkClose(t, "within R2", r.R2Within, ref.R2Within, tolRef)
	checkClose(t, "adjusted within R2", r.AdjR2Within, ref.AdjR2Within, tolRef)
	checkClose(t, "within F", r.F.Value, ref.FWithin, tolRef)
	if r.F.DF1 != ref.FDF[0] || r.F.DF2 != ref.FDF[1] {
		t.Errorf("F df = (%g, %g), want %v", r.F.DF1, r.F.DF2, ref.FDF)
	}
}

// checkConventions compares the clustered standard errors of every convention with the reference
// variant it reproduces.
func checkConventions(t *testing.T, r *Result, ref clusteredReference, variants map[string][]Convention) {
	t.Helper()
	for key, conventions := range variants {
		want, ok := ref.Clustered[key]
		if !ok {
			t.Fatalf("variant %q missing from the reference case", key)
		}
		for _, c := range conventions {
			other := mustWithVCov(t, r, SSC(c))
			checkClose(t, key+" multiplier ("+c.String()+")", other.VCov.Multiplier, want.Multiplier, 1e-14)
			if want.K != nil && other.VCov.K != *want.K {
				t.Errorf("%s K (%v) = %d, want %d", key, c, other.VCov.K, *want.K)
			}
			if len(other.VCov.G) != 1 || other.VCov.G[0] != ref.G {
				t.Errorf("%s G (%v) = %v, want [%d]", key, c, other.VCov.G, ref.G)
			}
			for _, name := range ref.CoefNames {
				checkClose(t, key+" SE "+name+" ("+c.String()+")", coefOf(t, other, name).StdError, want.SE[name], tolRef)
			}
		}
	}
	hc1 := mustWithVCov(t, r, SSC(PlmHC1))
	checkClose(t, "plm HC1 multiplier", hc1.VCov.Multiplier, ref.PlmHC1.Multiplier, 1e-14)
	for _, name := range ref.CoefNames {
		checkClose(t, "plm HC1 SE "+name, coefOf(t, hc1, name).StdError, ref.PlmHC1.SE[name], tolRef)
	}

	// t statistics and p-values: plm's sss with t(df within), and the one-way xtreg count with t(G − 1).
	sss := mustWithVCov(t, r, SSC(PlmSSS))
	if sss.VCov.DF != float64(ref.DFResid) {
		t.Errorf("plm sss t df = %g, want %d", sss.VCov.DF, ref.DFResid)
	}
	xtreg := mustWithVCov(t, r, SSC(XtregOneWay))
	if xtreg.VCov.DF != ref.TestsStata.TDF {
		t.Errorf("xtreg t df = %g, want %g", xtreg.VCov.DF, ref.TestsStata.TDF)
	}
	for _, name := range ref.CoefNames {
		checkClose(t, "sss t "+name, coefOf(t, sss, name).Statistic, ref.TestsSSS.TValue[name], tolRef)
		checkClose(t, "sss p "+name, coefOf(t, sss, name).PValue, ref.TestsSSS.PTWithin[name], tolRefP)
		checkClose(t, "xtreg t "+name, coefOf(t, xtreg, name).Statistic, ref.TestsStata.TValue[name], tolRef)
		checkClose(t, "xtreg p "+name, coefOf(t, xtreg, name).PValue, ref.TestsStata.PT[name], tolRefP)
	}
}

// Firm fixed effects on Grunfeld with firm clusters under every small-sample convention: plm,
// sandwich and clubSandwich in R 4.2.2 (case b1).
func TestEstimateOneWayConventions_B1(t *testing.T) {
	var ref clusteredReference
	testref.LoadCase(t, "b1_fe_oneway_cluster_grunfeld", &ref)
	p := referencePanel(t, "plm_Grunfeld.csv", "firm", "year")
	r := mustEstimate(t, p, "inv ~ value + capital | firm", Cluster("firm"), FixedEffectValues())
	checkWithinFit(t, r, ref)

	if r.VCov.Type != Clustered || r.VCov.Convention != Stata {
		t.Errorf("default variance with Cluster = %v/%v, want cluster/stata", r.VCov.Type, r.VCov.Convention)
	}
	// With one fixed effect nested in the clusters, Stata, fixest and the one-way xtreg count agree
	// (K = slopes + 1), and reghdfe's K = slopes equals plm's sss.
	checkConventions(t, r, ref, map[string][]Convention{
		"V0_uncorrected": {CR0},
		"CR1_G_only":     {CR1},
		"sss_K_slopes":   {PlmSSS, Reghdfe},
		"stata_xtreg_fe": {Stata, Fixest, XtregOneWay},
		"areg_lsdv_full": {AregLSDV},
	})

	checkClose(t, "Stata _cons", r.Cons.Estimate, ref.StataCons, tolRef)
	if len(r.FixedEffectValues) != 1 || len(r.FixedEffectValues[0].Levels) != len(ref.FixefLevel) {
		t.Fatalf("fixed-effect values %+v, want one dimension with %d levels", r.FixedEffectValues, len(ref.FixefLevel))
	}
	fe := r.FixedEffectValues[0]
	for l, level := range fe.Levels {
		checkClose(t, "fixef firm "+level, fe.Values[l], ref.FixefLevel[level], tolRef)
	}
}

// Two-way (state and year) fixed effects on Produc with state clusters: plm, sandwich and
// clubSandwich in R 4.2.2 (case c1). The year effects are not nested in the state clusters, so the
// conventions part ways: Stata and fixest count them (K = 21), reghdfe one fewer (K = 20).
func TestEstimateTwoWayConventions_C1(t *testing.T) {
	var ref clusteredReference
	testref.LoadCase(t, "c1_fe_twoway_cluster_produc", &ref)
	p := referencePanel(t, "plm_Produc.csv", "state", "year")
	r := mustEstimate(t, p, "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state + year", Cluster("state"))
	checkWithinFit(t, r, ref)
	if r.FERank != 48+17-1 || r.FEComponents != 1 {
		t.Errorf("absorbed rank %d with %d components, want 64 and 1", r.FERank, r.FEComponents)
	}

	checkConventions(t, r, ref, map[string][]Convention{
		"V0_uncorrected":           {CR0},
		"CR1_G_only":               {CR1},
		"sss_K_slopes":             {PlmSSS},
		"stata_xtreg_fe":           {XtregOneWay},
		"stata_xtreg_fe_iyear":     {Stata, Fixest},
		"nested_K_slopes_plus_Tm1": {Reghdfe},
		"areg_lsdv_full":           {AregLSDV},
	})
	if len(r.VCov.Nested) != 1 || r.VCov.Nested[0] != "state" {
		t.Errorf("nested fixed effects %v, want [state]", r.VCov.Nested)
	}
	if r.VCov.FewClusters {
		t.Errorf("48 clusters flagged as few")
	}
	if !strings.Contains(r.VCov.Description, "K = 21") || !strings.Contains(r.VCov.Description, "t(47)") {
		t.Errorf("description %q should state K = 21 and t(47)", r.VCov.Description)
	}
}

// The same Produc model three ways through the formula layer: two-way absorbed effects, state effects
// with i(year) dummies, and the dummy-variable regression with i(state) and i(year). The reference is
// plm and lm in R 4.2.2 (case d1).
func TestEstimateThreeWays_D1(t *testing.T) {
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
	p := referencePanel(t, "plm_Produc.csv", "state", "year")
	slopes := "log(pcap) + log(pc) + log(emp) + unemp"

	for _, tc := range []struct {
		key, formula string
		years        map[string]float64
	}{
		{"twoway_within", "log(gsp) ~ " + slopes + " | state + year", nil},
		{"oneway_within_plus_year_dummies", "log(gsp) ~ " + slopes + " + i(year) | state", ref.OneWayYr},
		{"lsdv", "log(gsp) ~ " + slopes + " + i(state) + i(year)", ref.LSDVYear},
	} {
		t.Run(tc.key, func(t *testing.T) {
			r := mustEstimate(t, p, tc.formula)
			if r.N != ref.N || r.Dropped.Dropped() != 0 || len(r.DroppedRegressors) != 0 {
				t.Fatalf("N = %d, dropped %d rows and regressors %v; want %d and none", r.N, r.Dropped.Dropped(), r.DroppedRegressors, ref.N)
			}
			for _, name := range []string{"log(pcap)", "log(pc)", "log(emp)", "unemp"} {
				c := coefOf(t, r, name)
				checkClose(t, "coef "+name, c.Estimate, ref.Coef[tc.key][name], tolRef)
				checkClose(t, "classical SE "+name, c.StdError, ref.SE[tc.key][name], tolRef)
			}
			if r.DFResid != ref.DFResid[tc.key] {
				t.Errorf("df = %d, want %d", r.DFResid, ref.DFResid[tc.key])
			}
			if r.K+r.FERank != ref.NLSDV {
				t.Errorf("K + absorbed = %d, want the %d LSDV columns", r.K+r.FERank, ref.NLSDV)
			}
			checkClose(t, "R2 with the fixed effects", r.R2, ref.R2Full, tolRef)
			if rss, ok := ref.RSS[tc.key]; ok {
				checkClose(t, "RSS", r.RSS, rss, tolRef)
			}
			for name, want := range tc.years {
				// R's factor(year)1971 is the formula layer's year::1971. Year effects near 0.015 are
				// differences of two estimates; absolute 1e-11 is about 1e-9 relative.
				c := coefOf(t, r, "year::"+strings.TrimPrefix(name, "factor(year)"))
				if math.Abs(c.Estimate-want) > 1e-11 {
					t.Errorf("%s = %.17g, want %.17g", name, c.Estimate, want)
				}
			}
		})
	}
}

// Variance inflation factors of the pooled Produc regressors through DescribeModel: car::vif in R
// 4.2.2 (case h1).
func TestDescribeModelVIF_H1(t *testing.T) {
	var ref struct {
		N         int                `json:"N"`
		Names     []string           `json:"regressors"`
		R2        map[string]float64 `json:"r2_auxiliary"`
		VIF       map[string]float64 `json:"vif"`
		Tolerance map[string]float64 `json:"tolerance"`
		MeanVIF   float64            `json:"mean_vif"`
	}
	testref.LoadCase(t, "h1_vif_pooled_produc", &ref)
	p := referencePanel(t, "plm_Produc.csv", "state", "year")
	d, err := DescribeModel(p, "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp")
	if err != nil {
		t.Fatal(err)
	}
	if d.N != ref.N || d.VIF.N != ref.N {
		t.Fatalf("N = %d (VIF %d), want %d", d.N, d.VIF.N, ref.N)
	}
	for j, name := range ref.Names {
		if d.VIF.Names[j] != name {
			t.Fatalf("VIF names %q, want %q", d.VIF.Names, ref.Names)
		}
		checkClose(t, "VIF "+name, d.VIF.VIF[j], ref.VIF[name], tolRef)
		checkClose(t, "1/VIF "+name, d.VIF.Tolerance[j], ref.Tolerance[name], tolRef)
		checkClose(t, "R2 "+name, d.VIF.R2[j], ref.R2[name], tolRef)
	}
	checkClose(t, "mean VIF", d.VIF.MeanVIF, ref.MeanVIF, tolRef)
}

// The descriptive half of DescribeModel on log(gsp) and unemp: R's mean, sd and range, and the xtsum
// decomposition computed in R 4.2.2 (case j1).
func TestDescribeModelSummaries_J1(t *testing.T) {
	type xtsum struct {
		SDBetween float64 `json:"sd_between"`
		SDWithin  float64 `json:"sd_within"`
	}
	type summary struct {
		N     int     `json:"N"`
		Mean  float64 `json:"mean"`
		SD    float64 `json:"sd"`
		Min   float64 `json:"min"`
		Max   float64 `json:"max"`
		XtSum xtsum   `json:"xtsum"`
	}
	var ref struct {
		Produc map[string]summary `json:"produc"`
	}
	testref.LoadCase(t, "j1_descriptives_produc_grunfeld", &ref)
	p := referencePanel(t, "plm_Produc.csv", "state", "year")
	d, err := DescribeModel(p, "log(gsp) ~ unemp")
	if err != nil {
		t.Fatal(err)
	}
	for i, key := range []string{"log_gsp", "unemp"} {
		got, want := d.Variables[i], ref.Produc[key]
		if got.N != want.N {
			t.Errorf("%s N = %d, want %d", key, got.N, want.N)
		}
		checkClose(t, key+" mean", got.Mean, want.Mean, tolRef)
		checkClose(t, key+" sd", got.SD, want.SD, tolRef)
		checkClose(t, key+" min", got.Min, want.Min, tolRef)
		checkClose(t, key+" max", got.Max, want.Max, tolRef)
		checkClose(t, key+" sd between", got.Panel.SDBetween, want.XtSum.SDBetween, tolRef)
		checkClose(t, key+" sd within", got.Panel.SDWithin, want.XtSum.SDWithin, tolRef)
	}
	if d.Variables[0].Variable != "log(gsp)" {
		t.Errorf("first variable %q, want the response log(gsp)", d.Variables[0].Variable)
	}
}
