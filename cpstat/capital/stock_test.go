package capital

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// handData is one unit over 2000–2003 with 10 % investment price inflation (fixed base, 2000 = 100) and
// nominal investment chosen so that real investment at 2000 prices grows by 20 % a year:
//
//	year  I nominal  P    r = I / (P/100)
//	2000  100        100  100
//	2001  132        110  120
//	2002  174.24     121  144
//	2003  229.9968   133.1  172.8
func handData() Data {
	return Data{
		Unit:       []string{"A", "A", "A", "A"},
		Year:       []int{2000, 2001, 2002, 2003},
		Investment: []float64{100, 132, 174.24, 229.9968},
		Price:      []float64{100, 110, 121, 133.1},
	}
}

// relClose reports whether got is within rel of want, relative to |want|.
func relClose(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want) }

// Tolerance of the hand-computed series: a few divisions and multiply-adds of numbers of order 1000, so
// rounding stays near 1e-15 relative. The literals below are printed to 17 digits or are exact.
const handTol = 1e-13

func checkSeries(t *testing.T, name string, got, want []float64, rel float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", name, len(got), len(want))
	}
	for k := range want {
		if !relClose(got[k], want[k], rel) {
			t.Errorf("%s[%d] = %.17g, want %.17g", name, k, got[k], want[k])
		}
	}
}

// The default (Shan 2008) rule with a 2-year growth window, computed by hand:
//
//	g      = (144 / 100)^(1/2) − 1 = 0.2, δ = 0.1096
//	K_2000 = 100 / (0.2 + 0.1096) = 322.99741602067...
//	K_2001 = 120   + 0.8904 × 322.99741602067 = 407.59689922481
//	K_2002 = 144   + 0.8904 × 407.59689922481 = 506.92427906977
//	K_2003 = 172.8 + 0.8904 × 506.92427906977 = 624.16537808372
func TestStockGrowthRateByHand(t *testing.T) {
	r, err := Stock(handData(), Settings{GrowthYears: 2})
	if err != nil {
		t.Fatal(err)
	}
	u, ok := r.Unit("A")
	if !ok {
		t.Fatal("no unit A")
	}
	if !relClose(u.Growth, 0.2, handTol) {
		t.Errorf("g = %.17g, want 0.2", u.Growth)
	}
	checkSeries(t, "real investment", u.RealInvestment, []float64{100, 120, 144, 172.8}, handTol)
	checkSeries(t, "stock", u.Stock, []float64{322.99741602067184, 407.5968992248062, 506.9242790697674, 624.165378083721}, handTol)
	checkSeries(t, "stock by row", r.Stock, u.Stock, 0)

	if r.PriceBaseYear != 2000 || r.Settings.Depreciation != 0.1096 {
		t.Errorf("PriceBaseYear %d, δ %v; want 2000 and the default 0.1096", r.PriceBaseYear, r.Settings.Depreciation)
	}
	if !strings.Contains(r.Note, "2000 prices") || !strings.Contains(r.Note, "10.96 %") {
		t.Errorf("Note %q does not state the price year and δ", r.Note)
	}
	if len(r.Unused) != 0 {
		t.Errorf("Unused = %v, want none", r.Unused)
	}
}

// Zhang Jun et al. (2004): δ = 9.6 %, K_2000 = 100 / 0.10.
//
//	K_2000 = 1000
//	K_2001 = 120   + 0.904 × 1000     = 1024
//	K_2002 = 144   + 0.904 × 1024     = 1069.696
//	K_2003 = 172.8 + 0.904 × 1069.696 = 1139.805184
func TestStockZhangJunByHand(t *testing.T) {
	r, err := Stock(handData(), ZhangJun2004())
	if err != nil {
		t.Fatal(err)
	}
	checkSeries(t, "stock", r.Units[0].Stock, []float64{1000, 1024, 1069.696, 1139.805184}, handTol)
	if r.Units[0].Growth != 0 {
		t.Errorf("Growth = %v, want 0 under InvestmentRatio", r.Units[0].Growth)
	}
}

// The same prices as a previous-year = 100 chain index (2001–2003: 110 each) give the same stocks. The
// chain value of 2000 links to 1999 and is not used, so NaN there is accepted.
func TestStockChainIndexByHand(t *testing.T) {
	d := handData()
	d.Price = []float64{math.NaN(), 110, 110, 110}
	r, err := Stock(d, Settings{PriceIndex: PreviousYear, Depreciation: 0.096, BaseStock: InvestmentRatio})
	if err != nil {
		t.Fatal(err)
	}
	checkSeries(t, "price", r.Units[0].Price, []float64{1, 1.1, 1.21, 1.331}, handTol)
	checkSeries(t, "stock", r.Units[0].Stock, []float64{1000, 1024, 1069.696, 1139.805184}, handTol)
}

// Moving the price base year from 2000 to 2002 multiplies every real investment, the base stock and so the
// whole series by P_2002 / P_2000 = 121 / 100, with the growth rate unchanged.
func TestStockRebasingScalesSeries(t *testing.T) {
	for _, kind := range []PriceIndexKind{FixedBase, PreviousYear} {
		d := handData()
		if kind == PreviousYear {
			d.Price = []float64{100, 110, 110, 110}
		}
		at2000, err := Stock(d, Settings{PriceIndex: kind, GrowthYears: 2})
		if err != nil {
			t.Fatal(err)
		}
		at2002, err := Stock(d, Settings{PriceIndex: kind, GrowthYears: 2, PriceBaseYear: 2002})
		if err != nil {
			t.Fatal(err)
		}
		if at2002.PriceBaseYear != 2002 {
			t.Errorf("%v: PriceBaseYear = %d, want 2002", kind, at2002.PriceBaseYear)
		}
		for k := range at2000.Stock {
			if ratio := at2002.Stock[k] / at2000.Stock[k]; !relClose(ratio, 1.21, handTol) {
				t.Errorf("%v: year %d: stock ratio %.17g, want 1.21", kind, 2000+k, ratio)
			}
		}
		if !relClose(at2002.Units[0].Growth, at2000.Units[0].Growth, handTol) {
			t.Errorf("%v: g = %v at 2002 prices, %v at 2000 prices; want equal", kind, at2002.Units[0].Growth, at2000.Units[0].Growth)
		}
	}
}

// A later start year leaves the earlier rows out of the recursion, lists them in Unused and gives them NaN,
// while the price base year may still lie before the start, for either form of price index. Starting in
// 2001 at 2000 prices under Zhang Jun's rule: K_2001 = 120 / 0.1 = 1200, K_2002 = 144 + 0.904 × 1200 =
// 1228.8, K_2003 = 172.8 + 0.904 × 1228.8 = 1283.6352.
func TestStockStartYearAfterFirstRow(t *testing.T) {
	for _, kind := range []PriceIndexKind{FixedBase, PreviousYear} {
		d := handData()
		if kind == PreviousYear {
			d.Price = []float64{math.NaN(), 110, 110, 110}
		}
		r, err := Stock(d, Settings{PriceIndex: kind, StartYear: 2001, PriceBaseYear: 2000, Depreciation: 0.096, BaseStock: InvestmentRatio})
		if err != nil {
			t.Fatal(err)
		}
		checkSeries(t, kind.String()+" stock", r.Units[0].Stock, []float64{1200, 1228.8, 1283.6352}, handTol)
		if len(r.Unused) != 1 || r.Unused[0].Row != 0 || r.Unused[0].Year != 2000 {
			t.Errorf("%v: Unused = %+v, want row 0 (2000)", kind, r.Unused)
		}
		if !math.IsNaN(r.Stock[0]) {
			t.Errorf("%v: stock of the unused row = %v, want NaN", kind, r.Stock[0])
		}
	}
}

// Real investment r = (100, 120, 150) at constant prices, 2-year window: the geometric mean growth is
// √1.5 − 1 ≈ 0.2247449 and the arithmetic mean of 0.2 and 0.25 is 0.225.
func TestGrowthMeans(t *testing.T) {
	d := Data{Unit: []string{"A", "A", "A"}, Year: []int{2000, 2001, 2002},
		Investment: []float64{100, 120, 150}, Price: []float64{1, 1, 1}}
	for _, c := range []struct {
		mean GrowthMean
		want float64
	}{
		{Geometric, math.Sqrt(1.5) - 1},
		{Arithmetic, 0.225},
	} {
		r, err := Stock(d, Settings{GrowthYears: 2, GrowthMean: c.mean})
		if err != nil {
			t.Fatal(err)
		}
		if u := r.Units[0]; !relClose(u.Growth, c.want, 1e-15) || !relClose(u.BaseStock, 100/(c.want+0.1096), 1e-15) {
			t.Errorf("mean %d: g = %.17g, K_2000 = %.17g; want %.17g and 100/(g+δ)", c.mean, u.Growth, u.BaseStock, c.want)
		}
	}
}

// Rows may come in any order and units interleaved; each unit is sorted by year.
func TestStockUnsortedRows(t *testing.T) {
	d := Data{
		Unit:       []string{"B", "A", "B", "A", "A", "B", "A", "B"},
		Year:       []int{2001, 2003, 2000, 2000, 2002, 2003, 2001, 2002},
		Investment: []float64{132, 229.9968, 100, 100, 174.24, 229.9968, 132, 174.24},
		Price:      []float64{110, 133.1, 100, 100, 121, 133.1, 110, 121},
	}
	r, err := Stock(d, ZhangJun2004())
	if err != nil {
		t.Fatal(err)
	}
	if r.Units[0].Unit != "B" || r.Units[1].Unit != "A" {
		t.Errorf("units %s, %s; want B, A in order of first appearance", r.Units[0].Unit, r.Units[1].Unit)
	}
	want := map[int]float64{2000: 1000, 2001: 1024, 2002: 1069.696, 2003: 1139.805184}
	for i := range d.Unit {
		if !relClose(r.Stock[i], want[d.Year[i]], handTol) {
			t.Errorf("row %d (%s %d): stock %.17g, want %.17g", i, d.Unit[i], d.Year[i], r.Stock[i], want[d.Year[i]])
		}
	}
}

func TestStockGivenBaseStock(t *testing.T) {
	s := Settings{Depreciation: 0.096, BaseStock: GivenStock, BaseStocks: map[string]float64{"A": 500}}
	r, err := Stock(handData(), s)
	if err != nil {
		t.Fatal(err)
	}
	// K_2001 = 120 + 0.904 × 500 = 572.
	checkSeries(t, "stock", r.Units[0].Stock[:2], []float64{500, 572}, handTol)
	if !strings.Contains(r.Note, "given per unit") {
		t.Errorf("Note %q does not say the base stock was given", r.Note)
	}

	s.BaseStocks = map[string]float64{"B": 500}
	_, err = Stock(handData(), s)
	var de *DataError
	if !errors.As(err, &de) || de.Unit != "A" || de.Field != "BaseStocks" {
		t.Errorf("err = %v, want a *DataError for unit A's missing base stock", err)
	}
}

// Depreciation given as a percent is rejected with the fraction to use.
func TestDepreciationPercentRejected(t *testing.T) {
	_, err := Stock(handData(), Settings{Depreciation: 10.96})
	var se *SettingsError
	if !errors.As(err, &se) || se.Field != "Depreciation" {
		t.Fatalf("err = %v, want a *SettingsError for Depreciation", err)
	}
	if !strings.Contains(err.Error(), "0.1096") {
		t.Errorf("message %q does not suggest 0.1096", err.Error())
	}

	for _, v := range []float64{-0.1, 1, math.NaN()} {
		if _, err := Stock(handData(), Settings{Depreciation: v}); !errors.As(err, &se) {
			t.Errorf("δ = %v: err = %v, want *SettingsError", v, err)
		}
	}
}

// Real investment falling by half a year gives g = −0.5 and g + δ < 0: the error names the unit, g and δ.
func TestBaseStockNegativeGrowth(t *testing.T) {
	d := Data{Unit: []string{"Liaoning", "Liaoning", "Liaoning"}, Year: []int{1990, 1991, 1992},
		Investment: []float64{100, 50, 25}, Price: []float64{1, 1, 1}}
	_, err := Stock(d, Settings{GrowthYears: 2})
	var be *BaseStockError
	if !errors.As(err, &be) {
		t.Fatalf("err = %v, want *BaseStockError", err)
	}
	if be.Unit != "Liaoning" || !relClose(be.Growth, -0.5, 1e-15) || be.Depreciation != 0.1096 {
		t.Errorf("error fields %+v, want Liaoning, g = −0.5, δ = 0.1096", be)
	}
	for _, part := range []string{"Liaoning", "-0.5", "0.1096"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("message %q lacks %q", err.Error(), part)
		}
	}
}

// The default 5-year growth window needs 6 years; four are too few.
func TestBaseStockWindowTooLong(t *testing.T) {
	_, err := Stock(handData(), Settings{})
	var be *BaseStockError
	if !errors.As(err, &be) || !strings.Contains(err.Error(), "GrowthYears") {
		t.Fatalf("err = %v, want a *BaseStockError that points to GrowthYears", err)
	}
}

func TestStockDataErrors(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Data)
		field  string
		year   int
	}{
		{"missing investment", func(d *Data) { d.Investment[2] = math.NaN() }, "Investment", 2002},
		{"negative investment", func(d *Data) { d.Investment[1] = -3 }, "Investment", 2001},
		{"zero price", func(d *Data) { d.Price[3] = 0 }, "Price", 2003},
		{"negative price", func(d *Data) { d.Price[1] = -110 }, "Price", 2001},
		{"duplicate year", func(d *Data) { d.Year[2] = 2001 }, "Year", 2001},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := handData()
			c.change(&d)
			_, err := Stock(d, ZhangJun2004())
			var de *DataError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want *DataError", err)
			}
			if de.Unit != "A" || de.Field != c.field || de.Year != c.year {
				t.Errorf("error on unit %s, field %s, year %d; want A, %s, %d (%v)", de.Unit, de.Field, de.Year, c.field, c.year, err)
			}
		})
	}
}

// A year missing inside a series is an error that names the unit and the year.
func TestStockGapNamed(t *testing.T) {
	d := handData()
	d.Year[2] = 2004 // years 2000, 2001, 2004, 2003: 2002 is missing
	_, err := Stock(d, ZhangJun2004())
	var ge *GapError
	if !errors.As(err, &ge) {
		t.Fatalf("err = %v, want *GapError", err)
	}
	if ge.Unit != "A" || len(ge.Missing) != 1 || ge.Missing[0] != 2002 {
		t.Errorf("gap %+v, want unit A missing 2002", ge)
	}
	if !strings.Contains(err.Error(), "2002") || !strings.Contains(err.Error(), `"A"`) {
		t.Errorf("message %q does not name the unit and year", err.Error())
	}
}

// A unit whose data start after the common price base year cannot be rebased: the error names the unit
// and the year.
func TestStockPriceBaseYearMissing(t *testing.T) {
	d := handData()
	d.Unit = append(d.Unit, "Chongqing", "Chongqing")
	d.Year = append(d.Year, 2002, 2003)
	d.Investment = append(d.Investment, 50, 60)
	d.Price = append(d.Price, 121, 133.1)
	_, err := Stock(d, ZhangJun2004())
	var de *DataError
	if !errors.As(err, &de) || de.Unit != "Chongqing" || de.Year != 2000 {
		t.Fatalf("err = %v, want a *DataError for Chongqing's missing 2000 price", err)
	}
	if !strings.Contains(err.Error(), "PriceBaseYear") {
		t.Errorf("message %q does not point to Settings.PriceBaseYear", err.Error())
	}
}

func TestStockStartYearMissing(t *testing.T) {
	_, err := Stock(handData(), Settings{StartYear: 1999, BaseStock: InvestmentRatio})
	var de *DataError
	if !errors.As(err, &de) || de.Year != 1999 {
		t.Fatalf("err = %v, want a *DataError for the start year 1999", err)
	}
}

func TestStockLengthMismatchPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for Data slices of different lengths")
		}
	}()
	d := handData()
	d.Price = d.Price[:3]
	Stock(d, Settings{})
}

// readProvince reads one province of the CHNCapitalStock table asset_from_rda.csv: columns prv (pinyin), yr,
// invest (GFCF, 100 million yuan, current prices) and InvestPrice (GFCF deflator, 1952 = 1).
func readProvince(t *testing.T, path, prv string) Data {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}

	col := map[string]int{}
	for k, h := range records[0] {
		col[h] = k
	}
	var d Data
	for _, rec := range records[1:] {
		if rec[col["prv"]] != prv {
			continue
		}
		year, err1 := strconv.Atoi(rec[col["yr"]])
		invest, err2 := strconv.ParseFloat(rec[col["invest"]], 64)
		price, err3 := strconv.ParseFloat(rec[col["InvestPrice"]], 64)
		if err := errors.Join(err1, err2, err3); err != nil {
			t.Fatalf("%s %s: %v", prv, rec[col["yr"]], err)
		}
		d.Unit = append(d.Unit, prv)
		d.Year = append(d.Year, year)
		d.Investment = append(d.Investment, invest)
		d.Price = append(d.Price, price)
	}
	return d
}

func capitalStockCSV(t *testing.T) string {
	shared, ok := testref.SharedDir()
	if !ok {
		t.Skip("shared data folder not found next to the checkout; set CPSTAT_SHARED to run this test")
	}
	path := filepath.Join(shared, "data", "raw", "common2016__CapitalStock", "asset_from_rda.csv")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("CHNCapitalStock table not found: %v", err)
	}
	return path
}

// Beijing from the CHNCapitalStock inputs under Zhang Jun's rule, at 1952 prices, computed by hand from the
// file's values of invest and InvestPrice. K_t = invest / InvestPrice + 0.904 × K_{t−1}:
//
//	year  invest  InvestPrice        K
//	1952  0.79    1                  0.79 / 0.10         = 7.9
//	1953  5.36    0.998647354516085  5.36726 +  7.14160  = 12.50886
//	1954  8.19    0.998659917887962  8.20099 + 11.30801  = 19.50900
//	1955  5.25    1.00023624627531   5.24876 + 17.63614  = 22.88490
//	1956  7.71    1.00613336813259   7.66300 + 20.68795  = 28.35095
//
// The expected values are those sums carried in full double precision.
func TestBeijingZhangJunFromCHNCapitalStock(t *testing.T) {
	d := readProvince(t, capitalStockCSV(t), "beijing")
	wantInputs := map[int][2]float64{
		1952: {0.79, 1}, 1953: {5.36, 0.998647354516085}, 1954: {8.19, 0.998659917887962},
		1955: {5.25, 1.00023624627531}, 1956: {7.71, 1.00613336813259},
	}
	for i, y := range d.Year {
		if w, ok := wantInputs[y]; ok && (d.Investment[i] != w[0] || d.Price[i] != w[1]) {
			t.Fatalf("Beijing %d: invest %v, InvestPrice %v; the hand computation used %v, %v", y, d.Investment[i], d.Price[i], w[0], w[1])
		}
	}

	r, err := Stock(d, ZhangJun2004())
	if err != nil {
		t.Fatal(err)
	}
	u := r.Units[0]
	if u.Years[0] != 1952 || r.PriceBaseYear != 1952 {
		t.Fatalf("series starts %d at %d prices, want 1952 at 1952 prices", u.Years[0], r.PriceBaseYear)
	}
	checkSeries(t, "Beijing stock 1952–1956", u.Stock[:5],
		[]float64{7.9, 12.508859999999999, 19.50899944, 22.884895493760006, 28.35094552635901}, 1e-13)
}

// Beijing under the default (Shan 2008) rule from 2001 at 2000 prices, as the study's panel needs. The
// price index is rebased by InvestPrice_2000 = 1.43046080939885, and real investment r = invest / (P / P_2000):
//
//	2001  1602.06 / 1.006000 = 1592.5050
//	2002  1951.88 / 1.010024 = 1932.5085
//	2003  2437.88 / 1.032245 = 2361.7272
//	2004  2844.29 / 1.076631 = 2641.8428
//	2005  3204.65 / 1.084167 = 2955.8626
//	2006  3551.17 / 1.088504 = 3262.4314
//	g      = (3262.4314 / 1592.5050)^(1/5) − 1 = 0.154229
//	K_2001 = 1592.5050 / (0.154229 + 0.1096)                  = 6036.1173
//	K_2002 = 1932.5085 + 0.8904 × 6036.1173 = 1932.5085 + 5374.5589 = 7307.0674
//	K_2003 = 2361.7272 + 0.8904 × 7307.0674 = 2361.7272 + 6506.2128 = 8867.9400
//	K_2004 = 2641.8428 + 0.8904 × 8867.9400 = 2641.8428 + 7896.0138 = 10537.8566
//
// The expected values are those steps carried in full double precision. The 2000 row serves only as the
// price base, so it is listed as unused.
func TestBeijingShanFromCHNCapitalStock(t *testing.T) {
	d := readProvince(t, capitalStockCSV(t), "beijing")
	r, err := Stock(d, Settings{StartYear: 2001, PriceBaseYear: 2000})
	if err != nil {
		t.Fatal(err)
	}
	u := r.Units[0]
	if !relClose(u.Growth, 0.1542293597532154, 1e-13) {
		t.Errorf("g = %.17g, want 0.1542293597532154", u.Growth)
	}
	checkSeries(t, "Beijing real investment 2001–2006", u.RealInvestment[:6],
		[]float64{1592.5049701789187, 1932.508534450659, 2361.727220509896, 2641.842829328459, 2955.8625565014945, 3262.431352017361}, 1e-13)
	checkSeries(t, "Beijing stock 2001–2004", u.Stock[:4],
		[]float64{6036.117328520751, 7307.067403765534, 8867.940036822729, 10537.856638115416}, 1e-13)

	if len(r.Unused) != 2001-1952 {
		t.Errorf("%d unused rows, want the %d rows 1952–2000", len(r.Unused), 2001-1952)
	}
}
