package data_test

import (
	"fmt"

	"github.com/cpstat/cpstat/data"
)

func ExampleLookup() {
	v, ok := data.Lookup("balance")
	fmt.Println(ok, v.Status, v.Unit)
	fmt.Println(v.Label("zh"))
	// Output:
	// true proxy ln(yuan per person, 2000 prices)
	// 平衡性干预政策(公开数据代理)
}

func ExampleIndicators() {
	inds, err := data.Indicators()
	if err != nil {
		fmt.Println(err)
		return
	}
	count := map[string]int{}
	for _, in := range inds {
		count[in.Status]++
	}
	fmt.Println(len(inds), "indicators:", count["present"], "present,", count["proxy"], "proxy,", count["missing"], "missing")
	fmt.Println(inds[13].ID, inds[13].LabelEn, "->", inds[13].Column)
	// Output:
	// 30 indicators: 3 present, 8 proxy, 19 missing
	// ind14 Road and railway density -> road_rail_density
}
