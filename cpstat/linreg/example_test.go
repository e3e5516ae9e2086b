package linreg_test

import (
	"fmt"

	"github.com/cpstat/cpstat/cpstat/linreg"
)

// A two-way fixed-effect regression with standard errors clustered by entity, Stata convention. The
// printed values agree with R: lm(y ~ x + factor(entity) + factor(year)) gives b = 4.45, and
// sandwich::vcovCL(type = "HC0", cadjust = FALSE) times 4/3 · 11/8 gives se = 0.81280.
func ExampleFit() {
	entity := []int32{0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3}
	year := []int32{0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2}
	x := []float64{1.0, 1.6, 2.5, 0.4, 0.9, 2.0, 1.2, 1.9, 2.8, 0.7, 1.1, 2.2}
	y := []float64{3.2, 4.1, 5.5, 2.2, 2.9, 4.8, 5.0, 6.6, 7.4, 3.1, 3.3, 5.9}

	res, err := linreg.Fit(linreg.Design{
		Y:     y,
		X:     [][]float64{x},
		Names: []string{"x"},
		FE:    []linreg.Factor{{Name: "entity", Codes: entity}, {Name: "year", Codes: year}},
	}, linreg.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	inf, err := res.VCov(linreg.VCovSpec{Type: linreg.Cluster, Cluster: []string{"entity"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("N = %d, absorbed = %d, residual df = %d, K in the Stata factor = %d\n",
		res.N, res.FERank, res.DFResid, inf.KAdjust)
	fmt.Printf("%s: b = %.4f, se = %.4f, t(%g) p = %.4f\n", res.Names[0], res.Coef[0], inf.SE[0], inf.DF, inf.P[0])
	fmt.Println("few clusters:", inf.FewClusters)
	// Output:
	// N = 12, absorbed = 6, residual df = 5, K in the Stata factor = 4
	// x: b = 4.4500, se = 0.8128, t(3) p = 0.0120
	// few clusters: true
}
