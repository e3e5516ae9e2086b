package cpstat

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat/capital"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/data"
)

// measureCapitalInputs reads gfcf and invest_deflator of one province from the embedded CSV, keyed by year,
// with encoding/csv rather than cpstat's reader. A blank cell is NaN.
func measureCapitalInputs(t *testing.T, province string) (gfcf, deflator map[int]float64) {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(data.CapitalInputsCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for j, h := range records[0] {
		col[h] = j
	}
	parse := func(s string) float64 {
		if s == "" {
			return math.NaN()
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	gfcf, deflator = map[int]float64{}, map[int]float64{}
	for _, rec := range records[1:] {
		if rec[col["province"]] != province {
			continue
		}
		year, _ := strconv.Atoi(rec[col["year"]])
		gfcf[year] = parse(rec[col["gfcf"]])
		deflator[year] = parse(rec[col["invest_deflator"]])
	}
	return gfcf, deflator
}

// Beijing under the replication's settings, by hand from the CSV: prices rebased to 2000 (P = deflator /
// deflator_2000), real investment r = gfcf / P, g = (r_1957 / r_1952)^(1/5) − 1, K_1952 = r_1952 / (g + δ),
// then K_t = r_t + (1 − δ) K_{t−1} for 1953 and 1954 with δ = 0.1096. Tolerance 1e-12 relative: a handful
// of operations per value.
func TestCapitalBeijingFirstYearsByHand(t *testing.T) {
	p, err := EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	r, err := MeasureCapital(p, nil, PaperCapitalOptions())
	if err != nil {
		t.Fatal(err)
	}
	gfcf, deflator := measureCapitalInputs(t, "BJ")
	real := func(y int) float64 { return gfcf[y] / (deflator[y] / deflator[2000]) }
	const delta = 0.1096
	g := math.Pow(real(1957)/real(1952), 1.0/5) - 1
	k := []float64{real(1952) / (g + delta)}
	k = append(k, real(1953)+(1-delta)*k[0])
	k = append(k, real(1954)+(1-delta)*k[1])

	bj, ok := r.Stock.Unit("BJ")
	if !ok {
		t.Fatal("no stock for BJ")
	}
	if bj.Years[0] != 1952 || math.Abs(bj.Growth-g) > 1e-12*g {
		t.Errorf("BJ starts %d with g = %v; want 1952 and %v", bj.Years[0], bj.Growth, g)
	}
	for i, want := range k {
		if !measureClose(bj.Stock[i], want, 1e-12) {
			t.Errorf("K_%d = %.15g, want %.15g", 1952+i, bj.Stock[i], want)
		}
	}

	// The panel gets ln K and K of 2000–2017, looked up by province and year.
	logs, _ := r.Panel.Float("capital")
	levels, _ := r.Panel.Float("capital_stock")
	row := p.Row(RowKey{Entity: "BJ", Time: 2000})
	k2000 := bj.Stock[2000-1952]
	if levels[row] != k2000 || logs[row] != math.Log(k2000) {
		t.Errorf("BJ/2000: capital_stock %v, capital %v; want %v and its log", levels[row], logs[row], k2000)
	}
	if len(r.Unmatched) != 0 {
		t.Errorf("unmatched rows %v, want none", r.Unmatched)
	}
}

// Chongqing's inputs start in 1996: the years before are listed as skipped, and the base stock is the
// 1996 real investment over (g + δ) with g from 1996–2001, by hand.
func TestCapitalChongqingStartsIn1996(t *testing.T) {
	r, err := CapitalStock(nil, PaperCapitalOptions())
	if err != nil {
		t.Fatal(err)
	}
	var skip *SkippedYears
	for k := range r.Skipped {
		if r.Skipped[k].Unit == "CQ" {
			skip = &r.Skipped[k]
		}
	}
	if skip == nil || skip.From != 1952 || skip.To != 1995 || skip.Start != 1996 {
		t.Fatalf("CQ skipped = %+v, want 1952–1995 with the start in 1996", skip)
	}
	if zh := skip.Describe(true); zh != "1952—1995 年投资额或价格指数缺失" {
		t.Errorf("CQ skip reason in Chinese = %q", zh)
	}
	gfcf, deflator := measureCapitalInputs(t, "CQ")
	real := func(y int) float64 { return gfcf[y] / (deflator[y] / deflator[2000]) }
	g := math.Pow(real(2001)/real(1996), 1.0/5) - 1
	cq, _ := r.Stock.Unit("CQ")
	if want := real(1996) / (g + 0.1096); !measureClose(cq.BaseStock, want, 1e-12) {
		t.Errorf("CQ base stock = %v, want %v", cq.BaseStock, want)
	}
}

// Fujian's GFCF is negative in 1967 and 1968 in the embedded inputs. The default start rule passes the
// series to the engine, which rejects the value and names it; StartAfterLastInvalid starts Fujian in 1969
// and records why.
func TestCapitalNegativeInvestmentFujian(t *testing.T) {
	_, err := CapitalStock(nil, CapitalOptions{})
	var de *capital.DataError
	if !errors.As(err, &de) || de.Unit != "FJ" || de.Year != 1967 || de.Value != -0.11 {
		t.Fatalf("err = %v, want *capital.DataError for FJ 1967 = -0.11", err)
	}

	// Fujian then has no 1952 price, so the price base year must be one every unit covers.
	_, err = CapitalStock(nil, CapitalOptions{Start: StartAfterLastInvalid})
	if !errors.As(err, &de) || de.Unit != "FJ" || de.Field != "Price" || de.Year != 1952 {
		t.Errorf("err = %v, want *capital.DataError for the missing FJ price in the base year 1952", err)
	}
	r, err := CapitalStock(nil, CapitalOptions{Start: StartAfterLastInvalid, Settings: capital.Settings{PriceBaseYear: 2000}})
	if err != nil {
		t.Fatal(err)
	}
	fj, _ := r.Stock.Unit("FJ")
	if fj.Years[0] != 1969 {
		t.Errorf("FJ starts in %d, want 1969", fj.Years[0])
	}
	var skip SkippedYears
	for _, s := range r.Skipped {
		if s.Unit == "FJ" {
			skip = s
		}
	}
	if skip.Reason != "gfcf = -0.11 in 1967; gfcf = -1.06 in 1968" || skip.Describe(false) != skip.Reason {
		t.Errorf("FJ skip reason = %q", skip.Reason)
	}
	if zh := skip.Describe(true); zh != "1967 年 gfcf = -0.11；1968 年 gfcf = -1.06" {
		t.Errorf("FJ skip reason in Chinese = %q", zh)
	}
}

// The Zhang Jun (2004) option: K_1952 = r_1952 / 10 % and δ = 9.6 %, by hand for Beijing, at 2000 prices.
func TestCapitalZhangJunOption(t *testing.T) {
	s := capital.ZhangJun2004()
	s.PriceBaseYear = 2000
	r, err := CapitalStock(nil, CapitalOptions{Settings: s, Start: StartAfterLastInvalid})
	if err != nil {
		t.Fatal(err)
	}
	gfcf, deflator := measureCapitalInputs(t, "BJ")
	real := func(y int) float64 { return gfcf[y] / (deflator[y] / deflator[2000]) }
	k1952 := real(1952) / 0.10
	k1953 := real(1953) + (1-0.096)*k1952
	bj, _ := r.Stock.Unit("BJ")
	if r.Stock.PriceBaseYear != 2000 || !measureClose(bj.Stock[0], k1952, 1e-12) || !measureClose(bj.Stock[1], k1953, 1e-12) {
		t.Errorf("price year %d, K_1952 = %v, K_1953 = %v; want 2000, %v, %v", r.Stock.PriceBaseYear, bj.Stock[0], bj.Stock[1], k1952, k1953)
	}
}

// A panel row whose entity or year the inputs lack gets NaN and is listed, never filled.
func TestCapitalUnmatchedRows(t *testing.T) {
	inputs := textPanel(t, "id,year,gfcf,invest_deflator\nA,2000,10,1\nA,2001,11,1.1\nA,2002,12,1.2\nA,2003,13,1.2\nA,2004,14,1.3\nA,2005,15,1.3\n")
	target := textPanel(t, "id,year,y\nA,2004,1\nA,2005,2\nA,2006,3\nB,2005,4\n")
	r, err := MeasureCapital(target, inputs, CapitalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, k := range r.Unmatched {
		keys = append(keys, k.String())
	}
	if strings.Join(keys, " ") != "A/2006 B/2005" {
		t.Errorf("unmatched = %v, want A/2006 B/2005", keys)
	}
	logs, _ := r.Panel.Float("capital")
	if math.IsNaN(logs[0]) || !math.IsNaN(logs[2]) || !math.IsNaN(logs[3]) {
		t.Errorf("capital = %v, want values for A/2004 and NaN for A/2006 and B/2005", logs)
	}
}

// A stock built from the panel's own investment (2000–2017) keeps (1 − 0.1096)^17 ≈ 14 % of the base
// stock in 2017, so the notes warn. The embedded inputs from 1952 leave well under 10 %, so they do not.
func TestCapitalShortSeriesNote(t *testing.T) {
	p, err := EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	short, err := CapitalStock(p, CapitalOptions{Start: StartAfterLastInvalid})
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(short.Notes(table.En), "\n")
	if !strings.Contains(notes, "short series for") || !strings.Contains(notes, "up to 14% (from 2000 to 2017)") {
		t.Errorf("notes do not warn about the short series:\n%s", notes)
	}
	long, err := CapitalStock(nil, PaperCapitalOptions())
	if err != nil {
		t.Fatal(err)
	}
	if notes := strings.Join(long.Notes(table.En), "\n"); strings.Contains(notes, "short series") {
		t.Errorf("the embedded inputs from 1952 got the short-series note:\n%s", notes)
	}
}
