package gmm

import (
	"fmt"
	"log"
	"strconv"
)

// Two-step difference GMM with Windmeijer-corrected standard errors on Arellano and Bond's (1991) employment
// equation. The numbers match R's pgmm (reference case e2).
func ExampleFit() {
	p, err := readEmplUK() // n = log(emp), w = log(wage), k = log(capital), ys = log(output)
	if err != nil {
		log.Fatal(err)
	}
	gmmStyle, err := ParseGMM("n 2:.")
	if err != nil {
		log.Fatal(err)
	}
	spec := Spec{
		Dependent: "n",
		Regressors: []Term{
			{Var: "n", Lags: []int{1, 2}},
			{Var: "w", Lags: []int{0, 1}},
			{Var: "k"},
			{Var: "ys", Lags: []int{0, 1}},
		},
		GMM:         gmmStyle,
		TimeDummies: true,
	}
	spec.IV = DefaultIV(spec) // w, L.w, k, ys and L.ys instrument themselves, as in pgmm

	res, err := Fit(p, spec, Options{TwoStep: true})
	if err != nil {
		log.Fatal(err)
	}
	for k, name := range res.CoefNames {
		if !res.IsTimeDummy[k] {
			fmt.Printf("%-4s %7.4f (%.4f)\n", name, res.Coef[k], res.Robust.SE[k])
		}
	}
	fmt.Printf("%d equations, %d units, %d instruments\n", res.NumObs, res.NumUnits, res.NumInstruments)
	fmt.Printf("AR(2) z = %.3f, Hansen J = %.2f with %d df\n", res.Robust.AR[1].Statistic, res.Hansen.Statistic, res.Hansen.DF)
	// Output:
	// L.n   0.4742 (0.1854)
	// L2.n -0.0530 (0.0517)
	// w    -0.5132 (0.1456)
	// L.w   0.2246 (0.1419)
	// k     0.2927 (0.0626)
	// ys    0.6098 (0.1563)
	// L.ys -0.4464 (0.2173)
	// 611 equations, 140 units, 38 instruments
	// AR(2) z = -0.280, Hansen J = 30.11 with 25 df
}

func ExampleParseGMM() {
	groups, err := ParseGMM("y 2:., x 2:4 collapse eq(diff)")
	if err != nil {
		log.Fatal(err)
	}
	for _, g := range groups {
		maxLag := "all"
		if g.MaxLag != AllLags {
			maxLag = strconv.Itoa(g.MaxLag)
		}
		fmt.Printf("%v: lags %d to %s, collapse %v, equation %v\n", g.Vars, g.MinLag, maxLag, g.Collapse, g.Equation)
	}
	_, err = ParseGMM("y 2:x")
	fmt.Println(err)
	// Output:
	// [y]: lags 2 to all, collapse false, equation both
	// [x]: lags 2 to 4, collapse true, equation diff
	// gmm: --gmm "y 2:x": "2:x" at position 3: invalid lag range; write a:b with whole numbers 0 ≤ a ≤ b, or a:. for all lags from a
}
