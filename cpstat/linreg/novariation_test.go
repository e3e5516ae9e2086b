package linreg

import (
	"errors"
	"slices"
	"testing"
)

// A response with no variation, in the sample or within the fixed effects, gave slopes of 0 with
// standard errors of exactly 0. Fit must reject it with *NoVariationError naming the column.
func TestFitConstantResponseRejected(t *testing.T) {
	x := []float64{1, 3, 2, 5, 4, 7}
	cases := []struct {
		name   string
		design Design
		fe     []string
	}{
		{"pooled", Design{Y: []float64{5, 5, 5, 5, 5, 5}, YName: "c", X: [][]float64{x}, Names: []string{"x"}, Intercept: true}, nil},
		{"pooled without intercept, all zero", Design{Y: make([]float64, 6), YName: "c", X: [][]float64{x}, Names: []string{"x"}}, nil},
		{"constant within groups", Design{Y: []float64{1, 1, 1, 4, 4, 4}, YName: "c", X: [][]float64{x}, Names: []string{"x"},
			FE: []Factor{{Name: "g", Codes: []int32{0, 0, 0, 1, 1, 1}}}}, []string{"g"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Fit(tc.design, Options{})
			var nv *NoVariationError
			if !errors.As(err, &nv) || !errors.Is(err, ErrInvalidDesign) {
				t.Fatalf("err = %v, want *NoVariationError", err)
			}
			if nv.Column != "c" || nv.N != 6 || !slices.Equal(nv.FixedEffects, tc.fe) {
				t.Errorf("error %+v, want column c, N 6, fixed effects %v", nv, tc.fe)
			}
		})
	}

	// Variation of 1e-3 on a level of 1e6 is small but real, and must be fitted.
	level := Design{Y: []float64{1e6, 1e6 + 1e-3, 1e6, 1e6 + 2e-3, 1e6 + 1e-3, 1e6 + 3e-3}, YName: "y",
		X: [][]float64{x}, Names: []string{"x"}, Intercept: true}
	if _, err := Fit(level, Options{}); err != nil {
		t.Errorf("small variation on a large level: %v", err)
	}
}
