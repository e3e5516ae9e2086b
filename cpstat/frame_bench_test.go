package cpstat

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat/province"
)

// studyCSV builds a CSV of the study's shape: 30 provinces × 17 years (510 rows) and six
// numeric columns, with thousands separators in one column.
func studyCSV() string {
	var b strings.Builder
	b.WriteString("省份,年份,cp,balance,expen,finan,gdp,region\n")
	for i, p := range province.Sample() {
		for y := 2001; y <= 2017; y++ {
			v := float64(i*17 + y - 2000)
			fmt.Fprintf(&b, "%s,%d,%.4f,%.4f,%.4f,%.4f,\"%s\",%s\n", p.Full, y, 0.1+v/1000, 1+v/100, 1.5+v/700, 2+v/900,
				fmt.Sprintf("%d,%03d.5", 1+i, y%1000), p.Region)
		}
	}
	return b.String()
}

func BenchmarkReadCSVStudyPanel(b *testing.B) {
	text := studyCSV()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tb, err := ReadCSVFrom(strings.NewReader(text), "study.csv", WithKeys("省份", "年份"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tb.Panel(ResolveProvinces()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkModelFrameStudyPanel(b *testing.B) {
	tb, err := ReadCSVFrom(strings.NewReader(studyCSV()), "study.csv", WithKeys("省份", "年份"))
	if err != nil {
		b.Fatal(err)
	}
	p, err := tb.Panel(ResolveProvinces())
	if err != nil {
		b.Fatal(err)
	}
	s := FrameSettings{Cluster: []string{"省份"}}
	for b.Loop() {
		if _, err := p.Frame("cp ~ balance + log(expen) + finan + L(balance, 1:3) + i(region, balance) | 省份 + 年份", s); err != nil {
			b.Fatal(err)
		}
	}
}
