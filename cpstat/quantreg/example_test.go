package quantreg_test

import (
	"context"
	"fmt"

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
