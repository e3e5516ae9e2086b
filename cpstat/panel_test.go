package cpstat

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/cpstat/cpstat/internal/testref"
)

func casePanel(t *testing.T, file, entity, time string) *Panel {
	t.Helper()
	tb, err := ReadCSV(testref.Case(file), WithKeys(entity, time))
	if err != nil {
		t.Fatal(err)
	}
	p, err := tb.Panel()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Unit A skips 2003: the lag at 2004 must be missing, not the 2002 value. The file's
// expected_lag1 column holds [NA, 10, NA, 15].
func TestLagTimeGap_PB08(t *testing.T) {
	p := casePanel(t, "PB-08.csv", "id", "year")
	got, err := p.Lag("v", 1)
	if err != nil {
		t.Fatal(err)
	}
	want, err := p.Float("expected_lag1")
	if err != nil {
		t.Fatal(err)
	}
	if !sameFloats(got, want) {
		t.Errorf("L(v, 1) = %v, want %v", got, want)
	}
	if !sameFloats(want, []float64{nan(), 10, nan(), 15}) {
		t.Errorf("expected_lag1 read as %v, want [NaN 10 NaN 15]", want)
	}
}

// Two ids with different year sets: lags are matched within id, so id 1 at 2014 gets nothing
// even though id 2 has 2013.
func TestLagWithinEntity_PB09(t *testing.T) {
	p := casePanel(t, "PB-09.csv", "id", "year")
	got, err := p.Lag("v", 1)
	if err != nil {
		t.Fatal(err)
	}
	want, err := p.Float("expected_lag1")
	if err != nil {
		t.Fatal(err)
	}
	if !sameFloats(got, want) {
		t.Errorf("L(v, 1) = %v, want %v", got, want)
	}
	if p.Balanced() {
		t.Errorf("Balanced() = true for ids with different years")
	}
}

// id 1 has two rows for 2020: declaring the panel fails and lists the key with both lines.
func TestDuplicateKeysRejected_PB10(t *testing.T) {
	tb, err := ReadCSV(testref.Case("PB-10.csv"), WithKeys("id", "year"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = tb.Panel()
	var de *DuplicateKeysError
	if !errors.As(err, &de) {
		t.Fatalf("error %v, want *DuplicateKeysError", err)
	}
	if !errors.Is(err, ErrDuplicateKeys) {
		t.Errorf("error does not wrap ErrDuplicateKeys")
	}
	if de.Total != 1 || len(de.Keys) != 1 {
		t.Fatalf("Total = %d, keys %v; want one duplicated key", de.Total, de.Keys)
	}
	if got, want := de.Keys[0], (DuplicateKey{Key: RowKey{"1", 2020}, Lines: []int{3, 4}}); !reflect.DeepEqual(got, want) {
		t.Errorf("key = %+v, want %+v", got, want)
	}
	if msg := err.Error(); !strings.Contains(msg, "1/2020 on lines 3, 4") || !strings.Contains(msg, "PB-10.csv") {
		t.Errorf("message %q should name the file, the key and its lines", msg)
	}

	// The same data as a DataFrame built in code: rows are numbered from 1.
	_, err = NewPanel(tb.DataFrame, "id", "year")
	if !errors.As(err, &de) || !reflect.DeepEqual(de.Keys[0].Lines, []int{2, 3}) {
		t.Errorf("error %v, want rows 2 and 3", err)
	}
}

func TestDuplicateKeysListCapped(t *testing.T) {
	ids := make([]string, 0, 30)
	years := make([]int, 0, 30)
	for i := 0; i < 15; i++ {
		ids = append(ids, string(rune('a'+i)), string(rune('a'+i)))
		years = append(years, 2000, 2000)
	}
	df := dataframe.New(series.New(ids, series.String, "id"), series.New(years, series.Int, "year"))
	_, err := NewPanel(df, "id", "year")
	var de *DuplicateKeysError
	if !errors.As(err, &de) {
		t.Fatalf("error %v, want *DuplicateKeysError", err)
	}
	if de.Total != 15 || len(de.Keys) != 10 {
		t.Errorf("Total = %d with %d listed, want 15 with 10 listed", de.Total, len(de.Keys))
	}
	if !strings.Contains(err.Error(), "and 5 more") {
		t.Errorf("message should count the keys not listed: %v", err)
	}
}

func TestMissingKeysRejected(t *testing.T) {
	tb := readString(t, "id,year,v\nA,2001,1\n,2002,2\nB,,3\n", WithKeys("id", "year"))
	_, err := tb.Panel()
	var me *MissingKeysError
	if !errors.As(err, &me) {
		t.Fatalf("error %v, want *MissingKeysError", err)
	}
	want := []MissingKey{{Line: 3, Column: "id"}, {Line: 4, Column: "year"}}
	if me.Total != 2 || !reflect.DeepEqual(me.Rows, want) {
		t.Errorf("rows = %+v (total %d), want %+v", me.Rows, me.Total, want)
	}
}

func TestPanelKeyColumnNotFound(t *testing.T) {
	tb := readString(t, "province,year,v\nA,2001,1\n")
	_, err := NewPanel(tb.DataFrame, "provnce", "year")
	var ce *ColumnNotFoundError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v, want *ColumnNotFoundError", err)
	}
	if len(ce.Closest) == 0 || ce.Closest[0] != "province" {
		t.Errorf("closest = %q, want province first", ce.Closest)
	}
}

func TestPanelTimeFromText(t *testing.T) {
	tb := readString(t, "地区,年份,v\n北京,2001年,1\n北京,2002年,2\n")
	p, err := NewPanel(tb.DataFrame, "地区", "年份")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Times(); !reflect.DeepEqual(got, []int{2001, 2002}) {
		t.Errorf("times = %v, want [2001 2002]", got)
	}
	if got := p.DataFrame().Col("年份").Type(); got != series.Int {
		t.Errorf("time column type = %v, want int", got)
	}
}

func TestPanelTimeNotWhole(t *testing.T) {
	tb := readString(t, "id,year,v\nA,2001.5,1\n", WithKeys("id", "year"))
	_, err := tb.Panel()
	var ce *CellError
	if !errors.As(err, &ce) || !errors.Is(err, ErrInvalidTime) {
		t.Fatalf("error %v, want a *CellError wrapping ErrInvalidTime", err)
	}
	if ce.Line != 2 || ce.Keys != "A" {
		t.Errorf("Line, Keys = %d, %q; want 2, A", ce.Line, ce.Keys)
	}
}

func TestResolveProvinces(t *testing.T) {
	tb := readString(t, "省份,年份,v\n北京市,2001,1\nBeijing,2002,2\n内蒙古,2001,3\n", WithKeys("省份", "年份"))
	p, err := tb.Panel(ResolveProvinces())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Entities(), []string{"BJ", "NM"}; !reflect.DeepEqual(got, want) {
		t.Errorf("entities = %q, want %q", got, want)
	}
	if got, want := p.DataFrame().Col("省份").Records(), []string{"BJ", "BJ", "NM"}; !reflect.DeepEqual(got, want) {
		t.Errorf("entity column = %q, want %q", got, want)
	}
	if got := p.Key(1); got != (RowKey{"BJ", 2002}) {
		t.Errorf("Key(1) = %v, want BJ/2002", got)
	}
}

func TestResolveProvincesUnknown(t *testing.T) {
	tb := readString(t, "省份,年份,v\n北京,2001,1\nBeijng,2001,2\nBeijng,2002,2\nAtlantis,2001,3\n", WithKeys("省份", "年份"))
	_, err := tb.Panel(ResolveProvinces())
	var ue *UnknownProvinceError
	if !errors.As(err, &ue) {
		t.Fatalf("error %v, want *UnknownProvinceError", err)
	}
	if ue.Total != 2 || len(ue.Names) != 2 {
		t.Fatalf("Total = %d, names %+v; want 2 unknown spellings", ue.Total, ue.Names)
	}
	first := ue.Names[0]
	if first.Value != "Beijng" || first.Line != 3 || first.Count != 2 {
		t.Errorf("first unknown = %+v, want Beijng on line 3, 2 rows", first)
	}
	if len(first.Closest) == 0 || first.Closest[0] != "Beijing" {
		t.Errorf("closest = %q, want Beijing first", first.Closest)
	}
	if !strings.Contains(err.Error(), `"Beijng" on line 3`) {
		t.Errorf("message lacks the value and line: %v", err)
	}
}

// Two spellings of one province in the same year are the same key once resolved.
func TestResolveProvincesDuplicateSpellings(t *testing.T) {
	tb := readString(t, "省份,年份,v\n北京,2001,1\n北京市,2001,2\n", WithKeys("省份", "年份"))
	_, err := tb.Panel(ResolveProvinces())
	if !errors.Is(err, ErrDuplicateKeys) {
		t.Errorf("error %v, want ErrDuplicateKeys", err)
	}
}

func TestLeadAndDiff(t *testing.T) {
	p := casePanel(t, "PB-09.csv", "id", "year")
	// id 1: 2010 4.0, 2011 5.5, 2012 3.5, 2014 2.0; id 2: 2011 6.0, 2012 3.0, 2013 8.0.
	lead, err := p.Lead("v", 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{5.5, 3.5, nan(), nan(), 3, 8, nan()}; !sameFloats(lead, want) {
		t.Errorf("F(v, 1) = %v, want %v", lead, want)
	}
	diff, err := p.Diff("v", 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{nan(), 1.5, -2, nan(), nan(), -3, 5}; !sameFloats(diff, want) {
		t.Errorf("D(v) = %v, want %v", diff, want)
	}
	lag2, err := p.Lag("v", 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{nan(), nan(), 4, 3.5, nan(), nan(), 6}; !sameFloats(lag2, want) {
		t.Errorf("L(v, 2) = %v, want %v", lag2, want)
	}
}

func TestLagTextColumnRejected(t *testing.T) {
	tb := readString(t, "id,year,region\nA,2001,East\nA,2002,East\n", WithKeys("id", "year"))
	p, err := tb.Panel()
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Lag("region", 1)
	var te *ColumnTypeError
	if !errors.As(err, &te) {
		t.Errorf("error %v, want *ColumnTypeError", err)
	}
	_, err = p.Lag("regoin", 1)
	if !errors.Is(err, ErrColumnNotFound) {
		t.Errorf("error %v, want ErrColumnNotFound", err)
	}
}

func TestPanelAccessors(t *testing.T) {
	p := casePanel(t, "PB-09.csv", "id", "year")
	if got, want := p.EntityCodes(), []int32{0, 0, 0, 0, 1, 1, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("EntityCodes = %v, want %v", got, want)
	}
	codes, periods := p.TimeCodes()
	if want := []int{2010, 2011, 2012, 2013, 2014}; !reflect.DeepEqual(periods, want) {
		t.Errorf("periods = %v, want %v", periods, want)
	}
	if want := []int32{0, 1, 2, 4, 1, 2, 3}; !reflect.DeepEqual(codes, want) {
		t.Errorf("time codes = %v, want %v", codes, want)
	}
	if got := p.Row(RowKey{"2", 2013}); got != 6 {
		t.Errorf("Row(2/2013) = %d, want 6", got)
	}
	if got := p.Row(RowKey{"1", 2013}); got != -1 {
		t.Errorf("Row(1/2013) = %d, want -1", got)
	}
	if got := p.Line(3); got != 5 {
		t.Errorf("Line(3) = %d, want 5 (header on line 1)", got)
	}
	if got, want := p.String(), "panel of 2 entities (id) × 5 periods (year 2010–2014), 7 rows, unbalanced"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestPanelFactorCodes(t *testing.T) {
	tb := readString(t, "id,year,region,size\nA,2001,West,3\nB,2001,East,\nC,2001,,1.5\nD,2001,East,3\n", WithKeys("id", "year"))
	p, err := tb.Panel()
	if err != nil {
		t.Fatal(err)
	}
	codes, levels, err := p.FactorCodes("region")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(levels, []string{"East", "West"}) || !reflect.DeepEqual(codes, []int32{1, 0, -1, 0}) {
		t.Errorf("region: codes %v levels %q", codes, levels)
	}
	codes, levels, err = p.FactorCodes("size")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(levels, []string{"1.5", "3"}) || !reflect.DeepEqual(codes, []int32{1, -1, 0, 1}) {
		t.Errorf("size: codes %v levels %q", codes, levels)
	}
}

func TestPanelWith(t *testing.T) {
	p := casePanel(t, "PB-08.csv", "id", "year")
	q, err := p.With("w", []float64{1, 2, 3, 4})
	if err != nil {
		t.Fatal(err)
	}
	lag, err := q.Lag("w", 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{nan(), 1, nan(), 3}; !sameFloats(lag, want) {
		t.Errorf("L(w, 1) = %v, want %v", lag, want)
	}
	if slices.Contains(p.Names(), "w") {
		t.Errorf("With changed the original panel")
	}
	if _, err := q.With("year", []float64{1, 2, 3, 4}); err == nil {
		t.Errorf("replacing the time key should fail")
	}
	if _, err := q.With("z", []float64{1}); err == nil {
		t.Errorf("a column of the wrong length should fail")
	}
}
