package cpstat_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/entropy"
)

// An index of two indicators over two provinces and two years: income (larger is better) and the
// unemployment rate (smaller is better), pooled over the four rows with the shift z + 0.0001. Ranks run
// within each year. GZ/2016 has the worst value of both indicators, so its score is the shift floor.
func ExampleEntropyIndex() {
	text := "province,year,income,unemp\nBJ,2016,52.5,1.4\nBJ,2017,57.2,1.4\nGZ,2016,14.7,3.2\nGZ,2017,16.7,3.2\n"
	t, err := cpstat.ReadCSVFrom(strings.NewReader(text), "example.csv", cpstat.WithKeys("province", "year"))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := t.Panel()
	if err != nil {
		fmt.Println(err)
		return
	}
	sys := cpstat.FlatIndicatorSystem("cp", []string{"income", "unemp"}, []string{"unemp"})
	res, err := cpstat.EntropyIndex(p, sys, cpstat.IndexOptions{Shift: entropy.AddShift(1e-4), Score: entropy.ScoreShifted,
		Column: "cp_log"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("weights: income %.3f, unemp %.3f\n", res.IndicatorWeight("income", ""), res.IndicatorWeight("unemp", ""))
	for i, key := range res.Keys {
		fmt.Printf("%s  score %.4f  log %.3f  rank %d\n", key, res.Composite[i], res.LogComposite[i], res.Rank[i])
	}
	// Output:
	// weights: income 0.463, unemp 0.537
	// BJ/2016  score 0.9489  log -0.052  rank 1
	// BJ/2017  score 1.0001  log 0.000  rank 1
	// GZ/2016  score 0.0001  log -9.210  rank 2
	// GZ/2017  score 0.0219  log -3.822  rank 2
}

// The replication's measurement step on the embedded data: the index columns, the capital stock and the
// cumulative TFP index, added to the panel in one call.
func ExampleMeasurePaper() {
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := cpstat.MeasurePaper(context.Background(), p, nil, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("indicators used:", strings.Join(m.Index.Used, " "))
	fmt.Println("indicators left out:", len(m.Index.Excluded))
	row := m.Panel.Row(cpstat.RowKey{Entity: "BJ", Time: 2017})
	for _, column := range []string{"cp", "capital", "tfp"} {
		x, _ := m.Panel.Float(column)
		fmt.Printf("BJ/2017 %s = %.3f\n", column, x[row])
	}
	// Output:
	// indicators used: ind01 ind02 ind03 ind04 ind05 ind19 ind25
	// indicators left out: 23
	// BJ/2017 cp = -0.212
	// BJ/2017 capital = 10.681
	// BJ/2017 tfp = 0.998
}
