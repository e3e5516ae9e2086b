package cpstat

import (
	"encoding/json"
	"os"
	"testing"
)

// Two-way clustering by state and year on Produc against R (testdata/twoway/produc_twoway.R): under
// the plm convention each term gets its own G/(G − 1), as plm's vcovDC(type = "sss") does, and under
// cr1 the same without (N − 1)/(N − K), as sandwich's vcovCL(cadjust = TRUE, type = "HC0") does.
// Forcing min(G) instead gives larger standard errors, because G_year = 17 < G_state = 48.
func TestTwoWayClusterPerTermMatchesR(t *testing.T) {
	var ref struct {
		Terms  []string  `json:"terms"`
		Coef   []float64 `json:"coef"`
		PlmDC  []float64 `json:"plm_vcovDC_sss"`
		CL0Adj []float64 `json:"sandwich_vcovCL_HC0_cadjust"`
	}
	raw, err := os.ReadFile("testdata/twoway/produc_twoway.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	p := referencePanel(t, "plm_Produc.csv", "state", "year")
	src := "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state + year"
	for _, tc := range []struct {
		name string
		opts []EstimateOption
		want []float64
	}{
		{"plm", []EstimateOption{SSC(PlmSSS)}, ref.PlmDC},
		{"cr1", []EstimateOption{SSC(CR1)}, ref.CL0Adj},
		{"plm per-term forced", []EstimateOption{SSC(PlmSSS), TwoWayAdjustment(TwoWayPerTerm)}, ref.PlmDC},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustEstimate(t, p, src, append([]EstimateOption{Cluster("state", "year")}, tc.opts...)...)
			if !r.VCov.PerTerm {
				t.Errorf("VCov.PerTerm is false")
			}
			for k, term := range ref.Terms {
				c := coefOf(t, r, term)
				checkClose(t, "coef "+term, c.Estimate, ref.Coef[k], tolRef)
				checkClose(t, "SE "+term, c.StdError, tc.want[k], tolRef)
			}
		})
	}
	r := mustEstimate(t, p, src, Cluster("state", "year"), SSC(PlmSSS), TwoWayAdjustment(TwoWayMin))
	if c := coefOf(t, r, "unemp"); r.VCov.PerTerm || !(c.StdError > ref.PlmDC[3]*1.005) {
		t.Errorf("min(G): SE of unemp %v (per term: %v), want it larger and PerTerm false", c.StdError, ref.PlmDC[3])
	}
}
