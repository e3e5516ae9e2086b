package cpstat_test

import (
	"fmt"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
)

// An NBS-style wide export: a title row, provinces down, years across, a placeholder and a
// footnote.
func ExampleReadCSVFrom() {
	export := `数据库：分省年度数据
地区,2019年,2018年
北京市,"35,445.1","33,106.0"
内蒙古自治区,"17,212.5",—
注：—表示数据暂缺。
`
	tb, err := cpstat.ReadCSVFrom(strings.NewReader(export), "gdp.csv", cpstat.WithWide("地区", "gdp"))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := tb.Panel(cpstat.ResolveProvinces())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p)
	gdp, _ := p.Float("gdp")
	lag, _ := p.Lag("gdp", 1)
	for i, key := range p.Keys() {
		fmt.Printf("%s gdp=%v L1=%v\n", key, gdp[i], lag[i])
	}
	// Output:
	// panel of 2 entities (地区) × 2 periods (year 2018–2019), 4 rows, balanced
	// BJ/2018 gdp=33106 L1=NaN
	// BJ/2019 gdp=35445.1 L1=33106
	// NM/2018 gdp=NaN L1=NaN
	// NM/2019 gdp=17212.5 L1=NaN
}

func ExampleModelFrame() {
	data := `id,year,y,x
1,2019,12.0,1.0
1,2020,0.0,1.5
1,2021,15.0,2.0
2,2019,30.0,2.5
2,2020,-2.0,3.0
2,2021,41.0,3.5
`
	tb, err := cpstat.ReadCSVFrom(strings.NewReader(data), "pb.csv", cpstat.WithKeys("id", "year"))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := tb.Panel()
	if err != nil {
		fmt.Println(err)
		return
	}
	fr, err := p.Frame("log(y) ~ x + L(x, 1) | id", cpstat.FrameSettings{Cluster: []string{"id"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(fr.XNames, "N =", fr.N())
	fmt.Println(fr.Dropped)
	// Output:
	// [x L(x, 1)] N = 2
	// 4 rows dropped: 2 period not observed in L(x, 1) (1/2019, 2/2019), 2 log of non-positive value in y (1/2020, 2/2020)
}
