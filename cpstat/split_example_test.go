package cpstat_test

import (
	"fmt"

	"github.com/cpstat/cpstat/cpstat"
)

// Terciles of ten values as Stata's xtile forms them: cutpoints x(4) and x(7), so sizes 4, 3 and 3.
func ExampleQuantileGroups() {
	g, err := cpstat.QuantileGroups([]float64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}, 3, cpstat.GroupCutpoints)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(g.Codes, g.Cutpoints, g.Sizes)
	// Output: [2 0 2 0 2 0 1 0 1 1] [4 7] [4 3 3]
}

func ExampleAddTerms() {
	src, err := cpstat.AddTerms("cp ~ balance + expen | province + year", "L(balance, 1)")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(src)
	// Output: cp ~ balance + expen + L(balance, 1) | province + year
}

// The policy lagged one to three years, each added to a two-way fixed-effects model in turn. The
// embedded panel starts in 2000, so in 2001–2017 the second and third lags lose 30 and 60 rows.
func ExampleEstimateAdding() {
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		fmt.Println(err)
		return
	}
	added, err := cpstat.EstimateAdding(p, "industry ~ balance + cpi | province + year", cpstat.LagTerms("balance", 1, 2, 3),
		cpstat.Cluster("province"), cpstat.Period(2001, 2017))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range added {
		fmt.Println(a.Names[0], a.Result.N)
	}
	// Output:
	// L(balance, 1) 510
	// L(balance, 2) 480
	// L(balance, 3) 450
}
