package dea_test

import (
	"context"
	"fmt"

	"github.com/cpstat/cpstat/cpstat/dea"
	"gonum.org/v1/gonum/mat"
)

// DEAP 2.1's example 4: five firms, one input x and one output y, three years. The printed figures match
// the "MALMQUIST INDEX SUMMARY" of DEAP's output for year 2.
func ExampleMalmquist() {
	firms := []string{"1", "2", "3", "4", "5", "1", "2", "3", "4", "5", "1", "2", "3", "4", "5"}
	years := []int{1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3}
	x := mat.NewDense(15, 1, []float64{2, 4, 3, 5, 6, 2, 4, 3, 5, 5, 2, 4, 3, 5, 5})
	y := mat.NewDense(15, 1, []float64{1, 2, 3, 4, 5, 1, 3, 4, 3, 5, 1, 3, 4, 3, 5})

	panel, err := dea.NewPanel(firms, years, []string{"x"}, []string{"y"}, x, y)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := dea.Malmquist(context.Background(), panel, dea.MalmquistOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}

	fmt.Println("firm  effch techch  pech  sech tfpch cumulative")
	for i, c := range res.Changes[0] {
		fmt.Printf("%4s %6.3f %6.3f %5.3f %5.3f %5.3f %6.3f\n",
			res.Units[i], c.Effch, c.Techch, c.Pech, c.Sech, c.Tfpch, res.Cumulative[2][i])
	}
	m := res.PeriodMeans[0]
	fmt.Printf("mean %6.3f %6.3f %5.3f %5.3f %5.3f\n", m.Effch, m.Techch, m.Pech, m.Sech, m.Tfpch)
	// Output:
	// firm  effch techch  pech  sech tfpch cumulative
	//    1  0.750  1.333 1.000 0.750 1.000  1.000
	//    2  1.125  1.333 1.222 0.920 1.500  1.500
	//    3  1.000  1.333 1.000 1.000 1.333  1.333
	//    4  0.562  1.333 0.650 0.865 0.750  0.750
	//    5  0.900  1.333 1.000 0.900 1.200  1.200
	// mean  0.844  1.333 0.955 0.883 1.125
}

// One period of DEA with the scale label DEAP prints.
func ExampleEfficiency() {
	x := mat.NewDense(4, 1, []float64{1, 2, 4, 3})
	y := mat.NewDense(4, 1, []float64{1, 3, 4, 2})
	res, err := dea.Efficiency(context.Background(), x, y, dea.EfficiencyOptions{Orientation: dea.InputOrientation})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j := range res.CRS {
		fmt.Printf("%.3f %.3f %.3f %s\n", res.CRS[j], res.VRS[j], res.Scale[j], res.Direction[j])
	}
	// Output:
	// 0.667 1.000 0.667 irs
	// 1.000 1.000 1.000 -
	// 0.667 1.000 0.667 drs
	// 0.444 0.500 0.889 irs
}
