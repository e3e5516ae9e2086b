package cpstat_test

import (
	"fmt"
	"log"
	"math"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/internal/testref"
)

// Two-step difference GMM of Arellano and Bond's (1991) employment equation from a CSV file. The
// numbers match R's plm::pgmm (reference case e2).
func ExamplePanel_GMM() {
	tab, err := cpstat.ReadCSV(testref.ReferenceData("plm_EmplUK.csv"), cpstat.WithKeys("firm", "year"))
	if err != nil {
		log.Fatal(err)
	}
	p, err := tab.Panel()
	if err != nil {
		log.Fatal(err)
	}
	// GMM takes plain columns and their lags, so the logs enter as columns of their own.
	for short, long := range map[string]string{"n": "emp", "w": "wage", "k": "capital", "ys": "output"} {
		x, err := p.Float(long)
		if err != nil {
			log.Fatal(err)
		}
		for i := range x {
			x[i] = math.Log(x[i])
		}
		if p, err = p.With(short, x); err != nil {
			log.Fatal(err)
		}
	}

	res, err := p.GMM("n ~ L(n, 1:2) + w + L(w, 1) + k + ys + L(ys, 1)",
		cpstat.GMMSettings{GMM: "n 2:.", TimeDummies: true, TwoStep: true})
	if err != nil {
		log.Fatal(err)
	}
	for k, name := range res.CoefNames[:3] {
		fmt.Printf("%-4s %7.4f (%.4f)\n", name, res.Coef[k], res.Robust.SE[k])
	}
	fmt.Printf("instruments %d, groups %d, AR(2) p = %.3f, Hansen p = %.3f\n",
		res.NumInstruments, res.NumUnits, res.Robust.AR[1].PValue, res.Hansen.PValue)
	// Output:
	// L.n   0.4742 (0.1854)
	// L2.n -0.0530 (0.0517)
	// w    -0.5132 (0.1456)
	// instruments 38, groups 140, AR(2) p = 0.780, Hansen p = 0.220
}
