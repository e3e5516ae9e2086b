package cpstat

import (
	"math/rand/v2"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/cpstat/cpstat/cpstat/province"
)

// Coefficients of the simulated study panel, recovered by the tests within a few standard errors.
const (
	simBalanceOnFlo  = -0.6  // flo = simBalanceOnFlo·balance + …
	simFloOnCP       = -0.05 // effect of flo on cp
	simBalanceOnCP   = 0.3   // direct effect of balance on cp at domicile_f = 0
	simModerationCP  = 0.25  // coefficient of balance × domicile_f in cp
	simDomicileFOnCP = 0.4   // coefficient of domicile_f in cp
)

// simulatedStudy returns a panel of the first entities provinces of the study sample (province codes as
// entities, column "province") over periods years from 2001, with the variables that the public data
// lack, from a fixed seed:
//
//	balance    = 5 + 0.5·α_i + 0.05·t + 0.3·e1
//	domicile_p = −1 + 0.2·e2,  domicile_f = −1 + 0.2·e3
//	flo        = simBalanceOnFlo·balance + α_i + 0.5·e4
//	digital    = 0.2·balance + e5
//	cp         = simBalanceOnCP·balance + simFloOnCP·flo + simModerationCP·balance·domicile_f
//	             + simDomicileFOnCP·domicile_f + α_i + 0.02·t + 0.1·e6
//	prosperity = 0.6·cp + 0.05·e7
//
// with α_i and e1 … e7 standard normal. domicile_p does not enter cp, so its interaction is zero.
func simulatedStudy(t testing.TB, entities, periods int, seed uint64) *Panel {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 2023))
	sample := province.Sample()
	var ids []string
	var years []int
	cols := map[string][]float64{}
	names := []string{"cp", "prosperity", "balance", "flo", "domicile_p", "domicile_f", "digital"}
	for e := range entities {
		alpha := rng.NormFloat64()
		for tt := range periods {
			ids = append(ids, sample[e].Code)
			years = append(years, 2001+tt)
			balance := 5 + 0.5*alpha + 0.05*float64(tt) + 0.3*rng.NormFloat64()
			domP := -1 + 0.2*rng.NormFloat64()
			domF := -1 + 0.2*rng.NormFloat64()
			flo := simBalanceOnFlo*balance + alpha + 0.5*rng.NormFloat64()
			digital := 0.2*balance + rng.NormFloat64()
			cp := simBalanceOnCP*balance + simFloOnCP*flo + simModerationCP*balance*domF + simDomicileFOnCP*domF +
				alpha + 0.02*float64(tt) + 0.1*rng.NormFloat64()
			prosperity := 0.6*cp + 0.05*rng.NormFloat64()
			for name, v := range map[string]float64{"cp": cp, "prosperity": prosperity, "balance": balance, "flo": flo,
				"domicile_p": domP, "domicile_f": domF, "digital": digital} {
				cols[name] = append(cols[name], v)
			}
		}
	}
	list := []series.Series{series.New(ids, series.String, "province"), series.New(years, series.Int, "year")}
	for _, name := range names {
		list = append(list, series.New(cols[name], series.Float, name))
	}
	p, err := NewPanel(dataframe.New(list...), "province", "year")
	if err != nil {
		t.Fatal(err)
	}
	return p
}
