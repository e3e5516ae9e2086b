package cpstat

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-gota/gota/series"
	"github.com/xuri/excelize/v2"
)

// writeWorkbook builds a one-sheet workbook from cell values and merged ranges, and saves it in a
// temporary folder.
func writeWorkbook(t *testing.T, sheet string, cells map[string]any, merges [][2]string, build func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if sheet != "Sheet1" {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			t.Fatal(err)
		}
	}
	for cell, v := range cells {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range merges {
		if err := f.MergeCell(sheet, m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	if build != nil {
		build(f)
	}
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// A yearbook-style sheet: a merged title row, a two-row header with merged cells, a units row,
// numbers stored as numbers (one formatted as a percentage, one with thousands separators) and
// numbers stored as text.
func yearbookSheet(t *testing.T) string {
	cells := map[string]any{
		"A1": "表1 分省主要指标",
		"A2": "省份", "B2": "年份", "C2": "地区生产总值", "E2": "人口", "F2": "城镇化率",
		"C3": "第一产业", "D3": "第二产业",
		"C4": "亿元", "D4": "亿元", "E4": "万人", "F4": "%",
		"A5": "北京", "B5": 2020, "C5": 107.6, "D5": "5,716.4", "E5": 2189, "F5": 0.875,
		"A6": "天津", "B6": 2020, "C6": 210.2, "D6": "—", "E6": 1387, "F6": 0.845,
	}
	merges := [][2]string{{"A1", "F1"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "D2"}, {"E2", "E3"}, {"F2", "F3"}}
	return writeWorkbook(t, "分省", cells, merges, func(f *excelize.File) {
		percent, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
		if err != nil {
			t.Fatal(err)
		}
		thousands, err := f.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle("分省", "F5", "F6", percent); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle("分省", "E5", "E6", thousands); err != nil {
			t.Fatal(err)
		}
	})
}

func TestReadXLSXMergedHeaderAndUnits(t *testing.T) {
	path := yearbookSheet(t)
	tb, err := ReadXLSX(path, "分省", WithHeaderRows(3), WithUnitsRow(3), WithKeys("省份", "年份"))
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{"省份", "年份", "地区生产总值_第一产业", "地区生产总值_第二产业", "人口", "城镇化率"}
	if got := tb.DataFrame.Names(); !reflect.DeepEqual(got, wantNames) {
		t.Errorf("names = %q, want %q", got, wantNames)
	}
	var units []string
	for _, c := range tb.Columns {
		units = append(units, c.Unit)
	}
	if want := []string{"", "", "亿元", "亿元", "万人", "%"}; !reflect.DeepEqual(units, want) {
		t.Errorf("units = %q, want %q", units, want)
	}
	if got := tb.Columns[2].Header; !reflect.DeepEqual(got, []string{"地区生产总值", "第一产业"}) {
		t.Errorf("header cells of column C = %q", got)
	}
	if got := tb.Columns[0].Header; !reflect.DeepEqual(got, []string{"省份"}) {
		t.Errorf("header cells of the merged A2:A3 = %q, want [省份] once", got)
	}

	df := tb.DataFrame
	if got, want := df.Col("地区生产总值_第二产业").Float(), []float64{5716.4, nan()}; !sameFloats(got, want) {
		t.Errorf("text numbers = %v, want %v", got, want)
	}
	// Stored values, not the displayed "87.50%" or "2,189".
	if got, want := df.Col("城镇化率").Float(), []float64{0.875, 0.845}; !sameFloats(got, want) {
		t.Errorf("percent-formatted cells = %v, want %v", got, want)
	}
	if got, want := df.Col("人口").Float(), []float64{2189, 1387}; !sameFloats(got, want) {
		t.Errorf("thousands-formatted cells = %v, want %v", got, want)
	}
	if df.Col("年份").Type() != series.Int {
		t.Errorf("年份 type = %v, want int", df.Col("年份").Type())
	}
	if got, want := tb.Lines, []int{5, 6}; !reflect.DeepEqual(got, want) {
		t.Errorf("Lines = %v, want %v", got, want)
	}
	if tb.Sheet != "分省" {
		t.Errorf("Sheet = %q", tb.Sheet)
	}

	p, err := tb.Panel(ResolveProvinces())
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Unit("人口"); got != "万人" {
		t.Errorf("panel unit of 人口 = %q, want 万人", got)
	}
	if got, want := p.Entities(), []string{"BJ", "TJ"}; !reflect.DeepEqual(got, want) {
		t.Errorf("entities = %q, want %q", got, want)
	}
}

func TestReadXLSXCellErrorNamesCell(t *testing.T) {
	path := writeWorkbook(t, "Sheet1", map[string]any{
		"A1": "id", "B1": "year", "C1": "gdp",
		"A2": "A", "B2": 2001, "C2": 1.5,
		"A3": "B", "B3": 2001, "C3": "1,2",
	}, nil, nil)
	_, err := ReadXLSX(path, "", WithKeys("id", "year"))
	var ce *CellError
	if !errors.As(err, &ce) || !errors.Is(err, ErrAmbiguousNumber) {
		t.Fatalf("error %v, want a *CellError wrapping ErrAmbiguousNumber", err)
	}
	msg := err.Error()
	for _, part := range []string{`sheet "Sheet1"`, "cell C3", `column "gdp"`, "row B/2001", `"1,2"`} {
		if !strings.Contains(msg, part) {
			t.Errorf("message %q lacks %q", msg, part)
		}
	}
}

// Text cells go through the same number reader as CSV cells, so a typeset minus sign is a number.
func TestReadXLSXMinusSignText(t *testing.T) {
	path := writeWorkbook(t, "Sheet1", map[string]any{
		"A1": "id", "B1": "v",
		"A2": "A", "B2": "\u22120.5",
		"A3": "B", "B3": 2,
	}, nil, nil)
	tb, err := ReadXLSX(path, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := tb.DataFrame.Col("v").Float(); !sameFloats(got, []float64{-0.5, 2}) {
		t.Errorf("v = %v, want [-0.5 2]", got)
	}
}

func TestReadXLSXColumnWithoutHeader(t *testing.T) {
	path := writeWorkbook(t, "Sheet1", map[string]any{
		"A1": "id", "B1": "v",
		"A2": "A", "B2": 1, "C2": "note",
	}, nil, nil)
	tb, err := ReadXLSX(path, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tb.DataFrame.Names(), []string{"id", "v", "column3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("names = %q, want %q", got, want)
	}
}

func TestReadXLSXUnknownSheet(t *testing.T) {
	path := writeWorkbook(t, "data", map[string]any{"A1": "x", "B1": "y"}, nil, nil)
	_, err := ReadXLSX(path, "Sheet2")
	if !errors.Is(err, ErrLayout) || !strings.Contains(err.Error(), `"data"`) {
		t.Errorf("error %v should list the existing sheet", err)
	}
}

// The NBS "分省年度数据" layout: a title row, provinces down, years across in descending order,
// a placeholder, and a footnote row.
func TestReadXLSXWideProvinces(t *testing.T) {
	path := writeWorkbook(t, "Sheet1", map[string]any{
		"A1": "地区生产总值(亿元)",
		"A2": "地区", "B2": "2019年", "C2": "2018年", "D2": "2017年",
		"A3": "北京市", "B3": 35445.1, "C3": 33106.0, "D3": 28014.9,
		"A4": "内蒙古自治区", "B4": 17212.5, "C4": 16140.8, "D4": "—",
		"A6": "注：2017年数据暂缺。",
	}, [][2]string{{"A1", "D1"}}, nil)

	tb, err := ReadXLSX(path, "", WithWide("地区", "gdp"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tb.DataFrame.Names(), []string{"地区", "year", "gdp"}; !reflect.DeepEqual(got, want) {
		t.Errorf("names = %q, want %q", got, want)
	}
	if got, want := tb.DataFrame.Col("year").Float(), []float64{2017, 2018, 2019, 2017, 2018, 2019}; !sameFloats(got, want) {
		t.Errorf("year = %v, want %v", got, want)
	}
	if got, want := tb.DataFrame.Col("gdp").Float(), []float64{28014.9, 33106, 35445.1, nan(), 16140.8, 17212.5}; !sameFloats(got, want) {
		t.Errorf("gdp = %v, want %v", got, want)
	}
	if got, want := tb.Lines, []int{3, 3, 3, 4, 4, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("Lines = %v, want %v", got, want)
	}
	if tb.EntityColumn != "地区" || tb.TimeColumn != "year" {
		t.Errorf("keys = %q, %q; want 地区, year", tb.EntityColumn, tb.TimeColumn)
	}

	p, err := tb.Panel(ResolveProvinces())
	if err != nil {
		t.Fatal(err)
	}
	lag, err := p.Lag("gdp", 1)
	if err != nil {
		t.Fatal(err)
	}
	// BJ: 2017 has no earlier year; NM 2018 lags onto the missing 2017 value.
	if want := []float64{nan(), 28014.9, 33106, nan(), nan(), 16140.8}; !sameFloats(lag, want) {
		t.Errorf("L(gdp, 1) = %v, want %v", lag, want)
	}
}
