package capital_test

import (
	"fmt"

	"github.com/cpstat/cpstat/cpstat/capital"
)

// Capital stock of one province under Zhang Jun's rule (δ = 9.6 %, base stock = first real investment /
// 10 %), with a previous-year = 100 investment price index.
func ExampleStock() {
	data := capital.Data{
		Unit:       []string{"Anhui", "Anhui", "Anhui", "Anhui"},
		Year:       []int{2000, 2001, 2002, 2003},
		Investment: []float64{100, 132, 174.24, 229.9968}, // 100 million yuan, current prices
		Price:      []float64{103, 110, 110, 110},         // previous year = 100
	}
	settings := capital.ZhangJun2004()
	settings.PriceIndex = capital.PreviousYear

	r, err := capital.Stock(data, settings)
	if err != nil {
		fmt.Println(err)
		return
	}
	for k, year := range r.Units[0].Years {
		fmt.Printf("%d  K = %.3f\n", year, r.Units[0].Stock[k])
	}
	fmt.Println(r.Note)
	// Output:
	// 2000  K = 1000.000
	// 2001  K = 1024.000
	// 2002  K = 1069.696
	// 2003  K = 1139.805
	// capital stock by perpetual inventory, in the currency unit of investment at 2000 prices; δ = 9.6 %; base stock = first-year real investment / 0.1
}
