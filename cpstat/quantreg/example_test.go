package quantreg_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/cpstat/cpstat/cpstat/quantreg"
	"gonum.org/v1/gonum/mat"
)

// The median of y on x for eight points with ties in y: the exact fit goes through two of them.
func ExampleFit() {
	y := []float64{3, 5, 8, 10, 4, 9, 4, 9}
	x := mat.NewDense(8, 2, []float64{1, 1, 1, 1, 1, 2, 1, 2, 1, 1, 1, 2, 1, 1, 1, 2})
	res, err := quantreg.Fit(quantreg.Design{Y: y, X: x, Names: []string{"(Intercept)", "x"}}, 0.5, quantreg.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Names, res.Coef, res.Objective, res.NonUnique, res.Degenerate)
	// Output: [(Intercept) x] [-1 5] 2 false true
}

// Median regression with Powell kernel standard errors. R quantreg 5.94 gives the same numbers:
// summary(rq(y ~ x), se = "ker") reports slope 0.76250 with standard error 0.12295.
func ExampleResult_Infer() {
	y := []float64{1.0, 1.8, 2.2, 3.5, 3.9, 5.1, 5.0, 6.4, 7.1, 7.3}
	x := mat.NewDense(10, 2, nil)
	for i := 0; i < 10; i++ {
		x.Set(i, 0, 1)
		x.Set(i, 1, float64(i))
	}
	res, err := quantreg.Fit(quantreg.Design{Y: y, X: x}, 0.5, quantreg.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	inf, err := res.Infer(context.Background(), quantreg.InferenceOptions{Method: quantreg.SEKernel})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("slope %.4f, kernel SE %.4f, df %d\n", res.Coef[1], inf.StdErr[1], inf.DF)
	// Output: slope 0.7625, kernel SE 0.1230, df 8
}

// QRPD on a small simulated panel of 200 units over 5 years. The true slope is 2 at every quantile, and
// pooled quantile regression is biased upwards because the unit effect enters both x and y.
func ExampleFitQRPD() {
	rng := rand.New(rand.NewPCG(1, 1))
	n := 200 * 5
	d := quantreg.PanelDesign{Y: make([]float64, n), X: mat.NewDense(n, 1, nil), Names: []string{"x"},
		Unit: make([]int, n), Time: make([]int, n)}
	for i := 0; i < 200; i++ {
		effect := rng.NormFloat64()
		for t := 0; t < 5; t++ {
			row := i*5 + t
			x := effect + rng.NormFloat64()
			d.X.Set(row, 0, x)
			d.Y[row] = effect + 2*x + rng.NormFloat64()
			d.Unit[row], d.Time[row] = i, 2001+t
		}
	}
	res, err := quantreg.FitQRPD(context.Background(), d, 0.5, quantreg.QRPDOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v: slope %.1f (pooled %.1f), %d units, %d periods\n", res.Optimizer, res.Coef[0], res.Start[0], res.Units, res.Periods)
	// Output: grid: slope 1.9 (pooled 2.5), 200 units, 5 periods
}
