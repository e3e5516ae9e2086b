package cpstat

import (
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/cpstat/cpstat/cpstat/table"
)

// The Chinese variance note states the same multiplier, N, K and G as the English one.
func TestVCovTextChinese(t *testing.T) {
	// 4 entities × 3 years of arbitrary values.
	df := dataframe.New(
		series.New([]string{"a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "d", "d"}, series.String, "id"),
		series.New([]int{1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3}, series.Int, "year"),
		series.New([]float64{1, 2, 4, 2, 3, 3, 5, 1, 2, 4, 4, 1}, series.Float, "x"),
		series.New([]float64{1.1, 2.3, 3.8, 3.2, 4.1, 4.4, 7.2, 3.1, 3.9, 6.8, 7.1, 3.7}, series.Float, "y"),
	)
	p, err := NewPanel(df, "id", "year")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Estimate(p, "y ~ x | id + year", Cluster("id"))
	if err != nil {
		t.Fatal(err)
	}
	zh, en := res.VCov.Text(table.Zh), res.VCov.Text(table.En)
	if en != res.VCov.Description {
		t.Errorf("English text = %q, want Description", en)
	}
	for _, want := range []string{"标准误按 id（G = 4）聚类", "N = 12", "p 值依据 t(3) 分布"} {
		if !strings.Contains(zh, want) {
			t.Errorf("Chinese text %q lacks %q", zh, want)
		}
	}
}

func TestDropReportTextChinese(t *testing.T) {
	r := DropReport{Rows: 9, Kept: 7, Groups: []DropGroup{{Reason: ReasonLogNonPositive, Column: "y",
		Keys: []RowKey{{Entity: "1", Time: 2020}, {Entity: "2", Time: 2020}}}}}
	got := r.Text(table.Zh)
	want := "剔除 2 行：y 的对非正数取对数 2 行（1/2020、2/2020）"
	if got != want {
		t.Errorf("Text(Zh) = %q, want %q", got, want)
	}
	if r.Text(table.En) != r.String() {
		t.Errorf("Text(En) = %q, want String() %q", r.Text(table.En), r.String())
	}
}
