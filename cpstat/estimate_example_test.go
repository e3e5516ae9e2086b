package cpstat_test

import (
	"fmt"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
)

// examplePanel is three provinces over four years, with x missing at SH/2004.
const examplePanel = `province,year,y,x
BJ,2001,1.0,0.5
BJ,2002,1.6,0.9
BJ,2003,2.1,1.4
BJ,2004,2.4,1.6
SH,2001,2.2,0.8
SH,2002,2.6,1.0
SH,2003,3.5,1.9
SH,2004,3.9,
GD,2001,0.4,0.1
GD,2002,1.3,0.7
GD,2003,1.5,1.0
GD,2004,2.4,1.8
`

func ExampleEstimate() {
	t, err := cpstat.ReadCSVFrom(strings.NewReader(examplePanel), "example.csv", cpstat.WithKeys("province", "year"))
	if err != nil {
		panic(err)
	}
	p, err := t.Panel()
	if err != nil {
		panic(err)
	}
	res, err := cpstat.Estimate(p, "y ~ x | province + year", cpstat.Cluster("province"), cpstat.SSC(cpstat.Stata))
	if err != nil {
		panic(err)
	}
	x, _ := res.Coef("x")
	fmt.Printf("x = %.4f (SE %.4f), N = %d, G = %d, K = %d\n", x.Estimate, x.StdError, res.N, res.VCov.G[0], res.VCov.K)
	fmt.Println(res.Dropped)
	// Output:
	// x = 1.0435 (SE 0.0618), N = 11, G = 3, K = 5
	// 1 row dropped: 1 missing value in x (SH/2004)
}

func ExampleModel_Refit() {
	t, err := cpstat.ReadCSVFrom(strings.NewReader(examplePanel), "example.csv", cpstat.WithKeys("province", "year"))
	if err != nil {
		panic(err)
	}
	p, err := t.Panel()
	if err != nil {
		panic(err)
	}
	m, err := cpstat.NewModel(p, "y ~ x | province", cpstat.Cluster("province"))
	if err != nil {
		panic(err)
	}

	// A placebo draw: the regressor reversed across the model's rows.
	x, _ := m.Column("x")
	for i, j := 0, len(x)-1; i < j; i, j = i+1, j-1 {
		x[i], x[j] = x[j], x[i]
	}
	placebo, err := m.Refit(cpstat.Change{Columns: map[string][]float64{"x": x}})
	if err != nil {
		panic(err)
	}

	// A cluster bootstrap draw: BJ twice and GD once, each copy its own cluster.
	draw, err := m.Refit(cpstat.Change{ClusterDraw: []int{0, 0, 2}})
	if err != nil {
		panic(err)
	}
	fmt.Println(m.ClusterLevels())
	fmt.Printf("placebo N = %d, bootstrap N = %d with %d clusters\n", placebo.N, draw.N, draw.VCov.G[0])
	// Output:
	// [BJ SH GD]
	// placebo N = 11, bootstrap N = 12 with 3 clusters
}
