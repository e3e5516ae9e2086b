package entropy_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat/entropy"
)

// Weights of two indicators over four provinces; the unemployment rate is a cost indicator.
func ExampleWeigh() {
	indicators := []entropy.Indicator{
		{Code: "income", Direction: entropy.Benefit},
		{Code: "unemp", Direction: entropy.Cost},
	}
	columns := [][]float64{
		{52.0, 43.5, 28.1, 35.2}, // income, thousand yuan
		{1.4, 3.5, 3.1, 3.0},     // unemployment rate, %
	}
	r, err := entropy.Weigh(indicators, columns, entropy.Settings{Shift: entropy.AddShift(1e-4)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, code := range r.Indicators {
		fmt.Printf("%-6s w = %.4f\n", code, r.Groups[0].Weight[j])
	}
	fmt.Println("ranks:", r.Rank)
	// Output:
	// income w = 0.4073
	// unemp  w = 0.5927
	// ranks: [1 2 4 3]
}

// A composite index from an indicator table read from CSV.
func ExampleComputeIndex() {
	table := `code,dimension,level1,direction
income,prosperity,income,+
beds,prosperity,life,+
gini,commonality,groups,-
ratio,commonality,urban-rural,-
`
	sys, err := entropy.ReadSystemCSV(strings.NewReader(table))
	if err != nil {
		fmt.Println(err)
		return
	}
	data := map[string][]float64{
		"income": {52.0, 43.5, 28.1, 35.2},
		"beds":   {5.8, 4.4, 5.1, 6.0},
		"gini":   {0.42, 0.45, 0.47, 0.44},
		"ratio":  {2.6, 2.4, 3.0, 3.3},
	}
	x, err := entropy.ComputeIndex(sys, data, entropy.Settings{Shift: entropy.AddShift(1e-4), Score: entropy.ScoreShifted})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range x.Composite {
		fmt.Printf("row %d: log composite %.4f, rank %d\n", i, x.LogComposite[i], x.Rank[i])
	}
	// Output:
	// row 0: log composite -0.1804, rank 1
	// row 1: log composite -1.4130, rank 2
	// row 2: log composite -3.3593, rank 4
	// row 3: log composite -1.6971, rank 3
}

// BenchmarkWeighPanel times the pooled weights of the study's panel size: 30 indicators over 510
// province-years, on random data.
func BenchmarkWeighPanel(b *testing.B) {
	const rows, m = 510, 30
	rng := rand.New(rand.NewPCG(1, 2))
	indicators := make([]entropy.Indicator, m)
	columns := make([][]float64, m)
	for j := range columns {
		indicators[j] = entropy.Indicator{Code: fmt.Sprintf("x%02d", j)}
		columns[j] = make([]float64, rows)
		for i := range columns[j] {
			columns[j][i] = rng.Float64()
		}
	}
	b.ResetTimer()
	for range b.N {
		if _, err := entropy.Weigh(indicators, columns, entropy.Settings{}); err != nil {
			b.Fatal(err)
		}
	}
}
