package dea

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// handTolerance is the tolerance for scores computed by hand as exact fractions. The simplex solution of
// these tiny programs differs from the fraction by rounding error only.
const handTolerance = 1e-12

// Four units with one input x and one output y: A(1,1), B(2,3), C(4,4), D(3,2).
//
// CRS: the best ratio y/x is B's 1.5, so each score is (y/x)/1.5: A 2/3, B 1, C 2/3, D 4/9, in both
// orientations.
//
// VRS, output orientation: the frontier runs A(1,1)–B(2,3)–C(4,4). A, B and C lie on it. At D's input 3
// the frontier output is 3.5 (midway between B and C), so D scores 2/3.5 = 4/7.
// VRS, input orientation: at D's output 2 the frontier input is 1.5 (midway between A and B), so D scores
// 1.5/3 = 1/2. A, B and C score 1.
//
// NIRS (Σλ ≤ 1) is the CRS ray through B up to B, then the VRS frontier. Output orientation: A's input 1
// lies below B's, so the ray gives output 1.5 and A scores 2/3; C and D lie beyond B and score as under
// VRS (1 and 4/7). Input orientation: A's and D's outputs 1 and 2 lie below B's 3, so the ray gives inputs
// 2/3 and 4/3 and scores 2/3 and 4/9; C's output 4 lies beyond B and C scores 1.
//
// Directions (NIRS ≠ VRS means irs, NIRS = VRS means drs): output orientation A irs, B -, C drs, D drs;
// input orientation A irs, B -, C drs, D irs. D's label differs between orientations because the two
// projections land on different segments of the VRS frontier.
func TestEfficiencyHandExample(t *testing.T) {
	x := mat.NewDense(4, 1, []float64{1, 2, 4, 3})
	y := mat.NewDense(4, 1, []float64{1, 3, 4, 2})
	cases := []struct {
		orientation    Orientation
		crs, vrs, nirs []float64
		scale          []float64
		direction      []ScaleDirection
	}{
		{
			orientation: OutputOrientation,
			crs:         []float64{2.0 / 3, 1, 2.0 / 3, 4.0 / 9},
			vrs:         []float64{1, 1, 1, 4.0 / 7},
			nirs:        []float64{2.0 / 3, 1, 1, 4.0 / 7},
			scale:       []float64{2.0 / 3, 1, 2.0 / 3, 7.0 / 9},
			direction:   []ScaleDirection{IncreasingReturns, ConstantReturns, DecreasingReturns, DecreasingReturns},
		},
		{
			orientation: InputOrientation,
			crs:         []float64{2.0 / 3, 1, 2.0 / 3, 4.0 / 9},
			vrs:         []float64{1, 1, 1, 0.5},
			nirs:        []float64{2.0 / 3, 1, 1, 4.0 / 9},
			scale:       []float64{2.0 / 3, 1, 2.0 / 3, 8.0 / 9},
			direction:   []ScaleDirection{IncreasingReturns, ConstantReturns, DecreasingReturns, IncreasingReturns},
		},
	}
	names := []string{"A", "B", "C", "D"}
	for _, c := range cases {
		res, err := Efficiency(context.Background(), x, y, EfficiencyOptions{Orientation: c.orientation, UnitNames: names})
		if err != nil {
			t.Fatalf("%s: %v", c.orientation, err)
		}
		for j, name := range names {
			checks := []struct {
				quantity  string
				got, want float64
			}{
				{"CRS", res.CRS[j], c.crs[j]},
				{"VRS", res.VRS[j], c.vrs[j]},
				{"NIRS", res.NIRS[j], c.nirs[j]},
				{"scale", res.Scale[j], c.scale[j]},
			}
			for _, check := range checks {
				if math.Abs(check.got-check.want) > handTolerance {
					t.Errorf("%s %s %s = %.17g, want %.17g", c.orientation, name, check.quantity, check.got, check.want)
				}
			}
			if res.Direction[j] != c.direction[j] {
				t.Errorf("%s %s direction = %s, want %s", c.orientation, name, res.Direction[j], c.direction[j])
			}
		}
		if res.Programs != 12 {
			t.Errorf("%s: Programs = %d, want 12", c.orientation, res.Programs)
		}
	}
}

// The intensity weights of D's output-oriented VRS program put half the weight on B and half on C (see
// TestEfficiencyHandExample), and φ = 3.5/2.
func TestEvaluateLambda(t *testing.T) {
	ref := Technology{
		X: mat.NewDense(4, 1, []float64{1, 2, 4, 3}),
		Y: mat.NewDense(4, 1, []float64{1, 3, 4, 2}),
	}
	sol, err := Evaluate(ref, []float64{3}, []float64{2}, Model{Returns: VRS})
	if err != nil {
		t.Fatal(err)
	}
	if sol.Status != Optimal {
		t.Fatalf("status = %s, want optimal", sol.Status)
	}
	if math.Abs(sol.Factor-1.75) > handTolerance {
		t.Errorf("φ = %.17g, want 1.75", sol.Factor)
	}
	want := []float64{0, 0.5, 0.5, 0}
	for j := range want {
		if math.Abs(sol.Lambda[j]-want[j]) > handTolerance {
			t.Errorf("λ = %v, want %v", sol.Lambda, want)
			break
		}
	}
}

// A unit with less input than every reference unit has no output-oriented VRS projection.
func TestEvaluateInfeasible(t *testing.T) {
	ref := Technology{X: mat.NewDense(2, 1, []float64{2, 4}), Y: mat.NewDense(2, 1, []float64{2, 5})}
	sol, err := Evaluate(ref, []float64{1}, []float64{2}, Model{Returns: VRS})
	if err != nil {
		t.Fatal(err)
	}
	if sol.Status != Infeasible {
		t.Errorf("status = %s, want infeasible", sol.Status)
	}
	if !math.IsNaN(sol.Score) || sol.Lambda != nil {
		t.Errorf("score %v, λ %v; want NaN and nil", sol.Score, sol.Lambda)
	}

	// Under CRS the same unit is feasible: output 2 at input 1 against the best ratio 5/4 scores 1.6.
	sol, err = Evaluate(ref, []float64{1}, []float64{2}, Model{Returns: CRS})
	if err != nil {
		t.Fatal(err)
	}
	if sol.Status != Optimal || math.Abs(sol.Score-1.6) > handTolerance {
		t.Errorf("CRS: status %s, score %.17g; want optimal, 1.6", sol.Status, sol.Score)
	}
}

func TestEfficiencyRejectsBadValues(t *testing.T) {
	for _, bad := range []float64{0, -3, math.NaN(), math.Inf(1), math.Inf(-1)} {
		x := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
		y := mat.NewDense(3, 1, []float64{1, 2, 3})
		y.Set(2, 0, bad)
		_, err := Efficiency(context.Background(), x, y, EfficiencyOptions{
			UnitNames: []string{"a", "b", "c"}, InputNames: []string{"capital", "labor"}, OutputNames: []string{"gdp"},
		})
		var dataErr *DataError
		if !errors.As(err, &dataErr) {
			t.Fatalf("value %v: error %v, want *DataError", bad, err)
		}
		if dataErr.Unit != "c" || dataErr.Variable != "gdp" || dataErr.Period != "" {
			t.Errorf("value %v: error names unit %q, variable %q, period %q; want c, gdp, none",
				bad, dataErr.Unit, dataErr.Variable, dataErr.Period)
		}
		if !math.IsNaN(bad) && dataErr.Value != bad {
			t.Errorf("error value = %v, want %v", dataErr.Value, bad)
		}
	}
}

func TestEfficiencyInvalidOrientation(t *testing.T) {
	x := mat.NewDense(2, 1, []float64{1, 2})
	y := mat.NewDense(2, 1, []float64{1, 2})
	if _, err := Efficiency(context.Background(), x, y, EfficiencyOptions{Orientation: 7}); err == nil {
		t.Error("orientation 7 accepted, want an error")
	}
}

func TestEfficiencyCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	x := mat.NewDense(2, 1, []float64{1, 2})
	y := mat.NewDense(2, 1, []float64{1, 2})
	if _, err := Efficiency(ctx, x, y, EfficiencyOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}

// TestEvaluateAgainstGonum compares Evaluate with the same envelopment programs written out here from the
// formulas in the package documentation and solved by gonum's lp.Simplex on the raw, unscaled data. The
// units are random, with 2 inputs and 2 outputs spanning two orders of magnitude, and are evaluated both
// against a frontier that contains them and against a second, shifted frontier (cross-period). Both
// solvers are exact simplex methods, so 1e-9 relative covers rounding and the different pivot paths.
func TestEvaluateAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	const units, inputs, outputs = 12, 2, 2
	random := func(r, c int, scale float64) *mat.Dense {
		m := mat.NewDense(r, c, nil)
		for i := range r {
			for j := range c {
				m.Set(i, j, scale*(0.5+rng.Float64()*50))
			}
		}
		return m
	}
	own := Technology{X: random(units, inputs, 1), Y: random(units, outputs, 1)}
	other := Technology{X: random(units, inputs, 1.3), Y: random(units, outputs, 0.9)}

	var e Evaluator
	compared, infeasible := 0, 0
	for _, ref := range []Technology{own, other} {
		for j := range units {
			x0 := own.X.RawRowView(j)
			y0 := own.Y.RawRowView(j)
			for _, orientation := range []Orientation{OutputOrientation, InputOrientation} {
				for _, returns := range []ReturnsToScale{CRS, VRS, NIRS} {
					model := Model{Orientation: orientation, Returns: returns}
					sol, err := e.Evaluate(ref, x0, y0, model)
					if err != nil {
						t.Fatal(err)
					}
					a, b, sense, c := envelopmentProgram(ref, x0, y0, model)
					want, ok := gonumOptimumOrInfeasible(t, a, b, sense, c)
					if !ok {
						infeasible++
						if sol.Status != Infeasible {
							t.Errorf("unit %d %v: status %s, gonum finds the program infeasible", j, model, sol.Status)
						}
						continue
					}
					if orientation == OutputOrientation {
						want = -want // gonum minimized −φ
					}
					compared++
					if sol.Status != Optimal || math.Abs(sol.Factor-want) > 1e-9*want {
						t.Errorf("unit %d %v: factor %.17g (%s), gonum %.17g", j, model, sol.Factor, sol.Status, want)
					}
				}
			}
		}
	}
	t.Logf("compared %d, infeasible %d", compared, infeasible)
	if compared < 100 {
		t.Errorf("only %d programs compared (%d infeasible); the random data no longer exercise the solver", compared, infeasible)
	}
}

// envelopmentProgram writes the radial program of the package documentation on raw data: variables
// v₀ = φ or θ, then λ₁ … λₙ.
func envelopmentProgram(ref Technology, x0, y0 []float64, model Model) ([][]float64, []float64, []constraintSense, []float64) {
	n, m := ref.X.Dims()
	_, s := ref.Y.Dims()
	var a [][]float64
	var b []float64
	var sense []constraintSense

	for r := range s {
		row := make([]float64, 1+n)
		for j := range n {
			row[1+j] = ref.Y.At(j, r)
		}
		if model.Orientation == OutputOrientation {
			row[0] = -y0[r]
			b = append(b, 0)
		} else {
			b = append(b, y0[r])
		}
		a, sense = append(a, row), append(sense, greaterEqual)
	}

	for k := range m {
		row := make([]float64, 1+n)
		for j := range n {
			row[1+j] = ref.X.At(j, k)
		}
		if model.Orientation == OutputOrientation {
			b = append(b, x0[k])
		} else {
			row[0] = -x0[k]
			b = append(b, 0)
		}
		a, sense = append(a, row), append(sense, lessEqual)
	}

	if model.Returns != CRS {
		row := make([]float64, 1+n)
		for j := range n {
			row[1+j] = 1
		}
		a, b = append(a, row), append(b, 1)
		if model.Returns == VRS {
			sense = append(sense, equal)
		} else {
			sense = append(sense, lessEqual)
		}
	}

	c := make([]float64, 1+n)
	c[0] = 1
	if model.Orientation == OutputOrientation {
		c[0] = -1
	}
	return a, b, sense, c
}
