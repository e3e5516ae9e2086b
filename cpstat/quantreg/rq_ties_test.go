package quantreg

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func parseFloats(t *testing.T, field string) []float64 {
	t.Helper()
	parts := strings.Fields(field)
	out := make([]float64, len(parts))
	for i, s := range parts {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = v
	}
	return out
}

// testdata/rq_br_ties.txt holds 120 small regressions on integer data, where ties and non-unique solutions
// are common, with the coefficients rq.fit.br returns in R quantreg 5.94 and whether it warned "Solution
// may be nonunique" (the R script is beside it). Following the same pivoting and tie-breaking rules, Fit must
// reach the same vertex; 1e-9 allows for rounding in the pivots on these small integer problems.
func TestSameVertexAsRWithTies(t *testing.T) {
	f, err := os.Open("testdata/rq_br_ties.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	cases, nonUnique := 0, 0
	for scanner.Scan() {
		cases++
		fields := strings.Split(scanner.Text(), ";")
		if len(fields) != 7 {
			t.Fatalf("line %d has %d fields, want 7", cases, len(fields))
		}
		n, _ := strconv.Atoi(fields[0])
		p, _ := strconv.Atoi(fields[1])
		tau, _ := strconv.ParseFloat(fields[2], 64)
		xByColumn := parseFloats(t, fields[3])
		y := parseFloats(t, fields[4])
		want := parseFloats(t, fields[5])
		warned := fields[6] == "1"

		x := mat.NewDense(n, p, nil)
		for j := 0; j < p; j++ {
			for i := 0; i < n; i++ {
				x.Set(i, j, xByColumn[j*n+i])
			}
		}
		res, err := Fit(Design{Y: y, X: x}, tau, Options{})
		if err != nil {
			t.Fatalf("case %d: %v", cases, err)
		}
		for j := range want {
			if math.Abs(res.Coef[j]-want[j]) > 1e-9*(1+math.Abs(want[j])) {
				t.Errorf("case %d (n %d, p %d, tau %v): coef %v, R %v", cases, n, p, tau, res.Coef, want)
				break
			}
		}
		if res.ZeroReducedCost != warned {
			t.Errorf("case %d: ZeroReducedCost %v, R warned %v", cases, res.ZeroReducedCost, warned)
		}
		// At a non-degenerate vertex a flat direction is a simplex edge with zero reduced cost. Degenerate
		// vertices need not show it, but on these cases every non-unique fit does.
		if res.NonUnique && !res.ZeroReducedCost {
			t.Errorf("case %d: NonUnique without a zero reduced cost", cases)
		}
		if res.NonUnique {
			nonUnique++
		}
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	if cases != 120 {
		t.Errorf("read %d cases, want 120", cases)
	}
	t.Logf("%d cases, %d with a non-unique solution", cases, nonUnique)
}
