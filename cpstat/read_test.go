package cpstat

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-gota/gota/series"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/cpstat/cpstat/internal/testref"
)

// readString reads CSV text given in the test.
func readString(t *testing.T, text string, opts ...ReadOption) *Table {
	t.Helper()
	tb, err := ReadCSVFrom(strings.NewReader(text), "test.csv", opts...)
	if err != nil {
		t.Fatalf("ReadCSVFrom: %v", err)
	}
	return tb
}

// sameFloats compares value by value, with NaN equal to NaN (a missing value where one is expected).
func sameFloats(got, want []float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if math.IsNaN(got[i]) != math.IsNaN(want[i]) || (!math.IsNaN(got[i]) && got[i] != want[i]) {
			return false
		}
	}
	return true
}

func nan() float64 { return math.NaN() }

func TestReadGBKDetected_PB26(t *testing.T) {
	tb, err := ReadCSV(testref.Case("PB-26.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if tb.Encoding != EncodingGBK {
		t.Errorf("Encoding = %v, want GBK", tb.Encoding)
	}
	if got, want := tb.DataFrame.Names(), []string{"省份", "年份", "地区生产总值", "常住人口"}; !reflect.DeepEqual(got, want) {
		t.Errorf("names = %q, want %q", got, want)
	}
	if got, want := tb.DataFrame.Col("省份").Records(), []string{"北京", "广东", "四川", "黑龙江", "内蒙古"}; !reflect.DeepEqual(got, want) {
		t.Errorf("省份 = %q, want %q", got, want)
	}
	// The values from the file, decoded: 黑龙江 2021 has GDP 14879.2 and population 3125.
	if got := tb.DataFrame.Col("地区生产总值").Float()[3]; got != 14879.2 {
		t.Errorf("地区生产总值 of 黑龙江 = %v, want 14879.2", got)
	}
	if got := tb.DataFrame.Col("常住人口").Type(); got != series.Int {
		t.Errorf("常住人口 type = %v, want int", got)
	}
}

func TestReadGBKOption_PB26(t *testing.T) {
	tb, err := ReadCSV(testref.Case("PB-26.csv"), WithEncoding(EncodingGBK))
	if err != nil {
		t.Fatal(err)
	}
	if got := tb.DataFrame.Col("省份").Records()[3]; got != "黑龙江" {
		t.Errorf("row 4 = %q, want 黑龙江", got)
	}
}

// A GBK file forced through UTF-8 must fail with an error that names the encoding, never mojibake.
func TestReadGBKAsUTF8Fails_PB26(t *testing.T) {
	_, err := ReadCSV(testref.Case("PB-26.csv"), WithEncoding(EncodingUTF8))
	var ee *EncodingError
	if !errors.As(err, &ee) {
		t.Fatalf("error %v, want *EncodingError", err)
	}
	if !errors.Is(err, ErrEncoding) {
		t.Errorf("error does not wrap ErrEncoding")
	}
	if ee.Encoding != EncodingUTF8 || ee.Line != 1 {
		t.Errorf("Encoding, Line = %v, %d; want UTF-8, 1", ee.Encoding, ee.Line)
	}
	if !strings.Contains(err.Error(), "UTF-8") || !strings.Contains(err.Error(), "GBK") {
		t.Errorf("message should name UTF-8 and suggest GBK: %v", err)
	}
}

// A UTF-8 file forced through GBK would decode without invalid bytes into mojibake; the reader
// must notice that the bytes are valid UTF-8 and refuse.
func TestReadUTF8AsGBKFails(t *testing.T) {
	_, err := ReadCSV(testref.Case("PB-27.csv"), WithEncoding(EncodingGBK))
	if !errors.Is(err, ErrEncoding) {
		t.Fatalf("error %v, want ErrEncoding", err)
	}
	if !strings.Contains(err.Error(), "GBK") {
		t.Errorf("message should name GBK: %v", err)
	}
	plain := filepath.Join(t.TempDir(), "plain.csv")
	if err := os.WriteFile(plain, []byte("省份,年份\n北京,2001\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ReadCSV(plain, WithEncoding(EncodingGBK))
	if !errors.Is(err, ErrEncoding) {
		t.Errorf("UTF-8 file without BOM read as GBK: error %v, want ErrEncoding", err)
	}
}

// GBK text written by the test itself, with the rare characters and a padded thousands number.
func TestReadGBKBuiltInTest(t *testing.T) {
	text := "省份,年份,地区生产总值\n黑龙江省,2001,\" 3,390.1 \"\n内蒙古自治区,2001,\"1,713.8\"\n"
	encoded, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gbk.csv")
	if err := os.WriteFile(path, encoded, 0o644); err != nil {
		t.Fatal(err)
	}
	tb, err := ReadCSV(path, WithKeys("省份", "年份"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tb.DataFrame.Col("省份").Records(), []string{"黑龙江省", "内蒙古自治区"}; !reflect.DeepEqual(got, want) {
		t.Errorf("省份 = %q, want %q", got, want)
	}
	if got, want := tb.DataFrame.Col("地区生产总值").Float(), []float64{3390.1, 1713.8}; !sameFloats(got, want) {
		t.Errorf("地区生产总值 = %v, want %v", got, want)
	}
	p, err := tb.Panel(ResolveProvinces())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Entities(), []string{"HL", "NM"}; !reflect.DeepEqual(got, want) {
		t.Errorf("entities = %q, want %q", got, want)
	}
}

// A character outside GBK (U+3400) needs GB18030's four-byte form; detection falls through to it.
func TestReadGB18030Detected(t *testing.T) {
	encoded, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("name,v\n㐀甲,1\n"))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := ReadCSVFrom(strings.NewReader(string(encoded)), "gb18030.csv")
	if err != nil {
		t.Fatal(err)
	}
	if tb.Encoding != EncodingGB18030 {
		t.Errorf("Encoding = %v, want GB18030", tb.Encoding)
	}
	if got := tb.DataFrame.Col("name").Records()[0]; got != "㐀甲" {
		t.Errorf("name = %q, want 㐀甲", got)
	}
}

func TestReadInvalidGBKNamesLine(t *testing.T) {
	head, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("省份,年份\n北京,2001\n"))
	data := append(head, []byte("\x81\x20bad,2002\n")...)
	_, err := ReadCSVFrom(strings.NewReader(string(data)), "broken.csv")
	var ee *EncodingError
	if !errors.As(err, &ee) {
		t.Fatalf("error %v, want *EncodingError", err)
	}
	if ee.Line != 3 {
		t.Errorf("Line = %d, want 3", ee.Line)
	}
	if !strings.Contains(err.Error(), "GB18030") {
		t.Errorf("message should name the encoding tried last: %v", err)
	}
}

func TestReadUTF8BOMStripped_PB27(t *testing.T) {
	tb, err := ReadCSV(testref.Case("PB-27.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if got := tb.DataFrame.Names()[0]; got != "省份" {
		t.Errorf("first column = %q, want exactly %q", got, "省份")
	}
	if got := tb.DataFrame.Col("省份").Records(); !reflect.DeepEqual(got, []string{"江苏", "浙江", "安徽"}) {
		t.Errorf("省份 = %q", got)
	}
	if tb.Encoding != EncodingUTF8 {
		t.Errorf("Encoding = %v, want UTF-8", tb.Encoding)
	}
	if len(tb.Notes) == 0 || !strings.Contains(tb.Notes[0], "byte-order mark") {
		t.Errorf("notes %q should record the removed byte-order mark", tb.Notes)
	}
}

// The defaults stop at the ambiguous "1,2" and name its place.
func TestReadThousandsAmbiguousFails_PB28(t *testing.T) {
	_, err := ReadCSV(testref.Case("PB-28.csv"))
	var ce *CellError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v, want *CellError", err)
	}
	if !errors.Is(err, ErrAmbiguousNumber) {
		t.Errorf("error %v does not wrap ErrAmbiguousNumber", err)
	}
	if ce.Line != 5 || ce.Column != "gdp_text" || ce.ColumnIndex != 2 || ce.Value != "1,2" {
		t.Errorf("place = line %d, column %q (%d), value %q; want line 5, gdp_text (2), \"1,2\"", ce.Line, ce.Column, ce.ColumnIndex, ce.Value)
	}
	msg := err.Error()
	for _, part := range []string{"PB-28.csv", "line 5", `"gdp_text"`, `"1,2"`, "WithAmbiguousNumbers"} {
		if !strings.Contains(msg, part) {
			t.Errorf("message %q lacks %q", msg, part)
		}
	}
}

// With the ambiguous cell read as missing, the percentages still need a scale.
func TestReadPercentNeedsScale_PB28(t *testing.T) {
	_, err := ReadCSV(testref.Case("PB-28.csv"), WithAmbiguousNumbers(AmbiguousAsMissing))
	var ce *CellError
	if !errors.As(err, &ce) || !errors.Is(err, ErrPercent) {
		t.Fatalf("error %v, want a *CellError wrapping ErrPercent", err)
	}
	if ce.Line != 2 || ce.Column != "share_text" || ce.Value != "12.5%" {
		t.Errorf("place = line %d, column %q, value %q; want line 2, share_text, 12.5%%", ce.Line, ce.Column, ce.Value)
	}
}

// expected_gdp holds a note ("ambiguous->error/NA") among numbers: a mixed column is an error,
// not a column silently read as text.
func TestReadMixedColumnFails_PB28(t *testing.T) {
	_, err := ReadCSV(testref.Case("PB-28.csv"), WithAmbiguousNumbers(AmbiguousAsMissing), WithPercent(PercentAsFraction))
	var ce *CellError
	if !errors.As(err, &ce) || !errors.Is(err, ErrMixedColumn) {
		t.Fatalf("error %v, want a *CellError wrapping ErrMixedColumn", err)
	}
	if ce.Column != "expected_gdp" || ce.Line != 5 {
		t.Errorf("place = column %q line %d, want expected_gdp line 5", ce.Column, ce.Line)
	}
	if !strings.Contains(err.Error(), "WithColumnType") {
		t.Errorf("message should offer WithColumnType: %v", err)
	}
}

// The parsed text columns must equal the expected_* columns of the file.
func TestReadThousandsSeparators_PB28(t *testing.T) {
	tb, err := ReadCSV(testref.Case("PB-28.csv"),
		WithAmbiguousNumbers(AmbiguousAsMissing), WithPercent(PercentAsFraction), WithMissingValues("ambiguous->error/NA"))
	if err != nil {
		t.Fatal(err)
	}
	df := tb.DataFrame
	if got := df.Col("gdp_text").Type(); got != series.Float {
		t.Errorf("gdp_text type = %v, want float", got)
	}
	if got, want := df.Col("gdp_text").Float(), df.Col("expected_gdp").Float(); !sameFloats(got, want) {
		t.Errorf("gdp_text = %v, want expected_gdp %v", got, want)
	}
	if got := df.Col("gdp_text").Float()[1]; got != 29492 {
		t.Errorf(`"29,492" read as %v, want 29492`, got)
	}
	if got, want := df.Col("pop_text").Float(), df.Col("expected_pop").Float(); !sameFloats(got, want) {
		t.Errorf("pop_text = %v, want expected_pop %v", got, want)
	}
	if got := df.Col("pop_text").Float()[2]; got != 1e6 {
		t.Errorf(`"1,000,000" read as %v, want 1e6`, got)
	}
	if got, want := df.Col("share_text").Float(), []float64{0.125, 0.03, nan(), nan()}; !sameFloats(got, want) {
		t.Errorf("share_text = %v, want %v", got, want)
	}

	info := tb.Columns[1]
	if info.Name != "gdp_text" || info.Missing.Ambiguous != 1 {
		t.Errorf("gdp_text info = %+v, want 1 ambiguous cell read as missing", info)
	}
	if m := tb.Columns[3].Missing; m.Placeholder != 1 || m.Blank != 1 {
		t.Errorf("share_text missing = %+v, want 1 placeholder and 1 blank", m)
	}
	if !strings.Contains(strings.Join(tb.Notes, "\n"), `column "gdp_text": read 1 ambiguous number as missing (line 5)`) {
		t.Errorf("notes %q should record the ambiguous cell", tb.Notes)
	}
}

func TestReadPercentPolicies(t *testing.T) {
	text := "g,share\nA,12.5%\nB, 3 % \n"
	cases := []struct {
		policy PercentPolicy
		want   []float64
	}{
		{PercentAsFraction, []float64{0.125, 0.03}},
		{PercentAsNumber, []float64{12.5, 3}},
		{PercentAsMissing, []float64{nan(), nan()}},
	}
	for _, c := range cases {
		tb := readString(t, text, WithPercent(c.policy))
		if got := tb.DataFrame.Col("share").Float(); !sameFloats(got, c.want) {
			t.Errorf("policy %d: share = %v, want %v", c.policy, got, c.want)
		}
	}
}

// Blanks in a numeric column are missing, not 0, and "NA" in a text column stays "NA".
func TestReadNamibiaAndBlanks_PB30(t *testing.T) {
	tb, err := ReadCSV(testref.Case("PB-30.csv"))
	if err != nil {
		t.Fatal(err)
	}
	df := tb.DataFrame
	codes := df.Col("country_code")
	if codes.Type() != series.String {
		t.Errorf("country_code type = %v, want string", codes.Type())
	}
	if got, want := codes.Records(), []string{"NA", "CN", "DE", "NA"}; !reflect.DeepEqual(got, want) {
		t.Errorf("country_code = %q, want %q", got, want)
	}
	for i := 0; i < codes.Len(); i++ {
		if codes.Elem(i).IsNA() {
			t.Errorf("country_code row %d is missing; want the string", i+1)
		}
	}
	count := df.Col("count")
	if count.Type() != series.Int {
		t.Errorf("count type = %v, want int", count.Type())
	}
	for i, wantNA := range []bool{false, true, false, true} {
		if count.Elem(i).IsNA() != wantNA {
			t.Errorf("count row %d missing = %v, want %v", i+1, count.Elem(i).IsNA(), wantNA)
		}
	}
	if got, want := count.Float(), []float64{3, nan(), 7, nan()}; !sameFloats(got, want) {
		t.Errorf("count = %v, want %v", got, want)
	}
	if got, want := df.Col("amount").Float(), []float64{1.5, 2, nan(), 0.5}; !sameFloats(got, want) {
		t.Errorf("amount = %v, want %v", got, want)
	}
	if tb.Columns[1].Missing.Blank != 2 {
		t.Errorf("count blanks = %d, want 2", tb.Columns[1].Missing.Blank)
	}
}

func TestReadNonFinite_PB12(t *testing.T) {
	tb, err := ReadCSV(testref.Case("PB-12.csv"))
	if err != nil {
		t.Fatal(err)
	}
	x1 := tb.DataFrame.Col("x1").Float()
	x2 := tb.DataFrame.Col("x2").Float()
	if !math.IsInf(x1[3], 1) {
		t.Errorf("x1 row 4 = %v, want +Inf", x1[3])
	}
	if !math.IsNaN(x2[1]) {
		t.Errorf("x2 row 2 = %v, want NaN", x2[1])
	}
	if !math.IsInf(x2[5], -1) {
		t.Errorf("x2 row 6 = %v, want -Inf", x2[5])
	}
	if tb.DataFrame.Col("x1").Type() != series.Float {
		t.Errorf("x1 type = %v, want float", tb.DataFrame.Col("x1").Type())
	}
}

func TestReadCellForms(t *testing.T) {
	cases := []struct {
		cell string
		want float64
	}{
		{"1,234.5", 1234.5},
		{" 880 ", 880},
		{"\u3000１２，３４５\u3000", 12345}, // full-width digits and comma, ideographic spaces
		{"-1,000", -1000},
		{"−0.5", -0.5},      // minus sign U+2212
		{"−1,000", -1000},   // minus sign with thousands separators
		{"1.5e−3", 0.0015},  // minus sign in the exponent
		{"−2.5%", -0.025},   // minus sign before a percentage, read as a fraction
		{"－０.２５", -0.25},    // full-width hyphen-minus U+FF0D and full-width digits
		{"−", nan()},        // a lone minus sign is a placeholder, like "-"
		{"\u20130.5", -0.5}, // a leading en dash, as word processors write a typed minus
		{"\u2013.25", -0.25},
		{"+2.5e3", 2500},
		{".5", 0.5},
		{"NA", nan()},
		{"#N/A", nan()},
		{"—", nan()},
		{"……", nan()},
		{"", nan()},
	}
	for _, c := range cases {
		tb := readString(t, "v,w\n\""+c.cell+"\",1\n1,1\n", WithPercent(PercentAsFraction))
		if got := tb.DataFrame.Col("v").Float()[0]; !sameFloats([]float64{got}, []float64{c.want}) {
			t.Errorf("cell %q read as %v, want %v", c.cell, got, c.want)
		}
	}
}

// Hexadecimal and underscore forms, which strconv.ParseFloat would accept, are text here.
func TestReadRejectsGoNumberSyntax(t *testing.T) {
	for _, cell := range []string{"0x1p-2", "1_000", "12,34", "1.234,5"} {
		_, err := ReadCSVFrom(strings.NewReader("v\n1\n\""+cell+"\"\n"), "t.csv")
		if err == nil {
			t.Errorf("cell %q was accepted as a number", cell)
		}
	}
}

// The minus sign U+2212 counts only where an ASCII '-' would, and an en dash only in front of a number:
// these cells stay text.
func TestReadMinusSignTextRejected(t *testing.T) {
	for _, cell := range []string{"5\u22123", "\u2212\u22121", "\u2212abc", "1\u2212", "\u2212 0.5",
		"2001\u20132017", "\u2013 0.5", "\u2013\u20131", "1\u2013"} {
		_, err := ReadCSVFrom(strings.NewReader("v\n1\n\""+cell+"\"\n"), "t.csv")
		if !errors.Is(err, ErrMixedColumn) {
			t.Errorf("cell %q: error %v, want ErrMixedColumn", cell, err)
		}
	}
}

func TestReadLeadingZeroCodesStayText(t *testing.T) {
	tb := readString(t, "code,v\n007,1\n110,2\n")
	if got := tb.DataFrame.Col("code").Records(); !reflect.DeepEqual(got, []string{"007", "110"}) {
		t.Errorf("code = %q, want [007 110]", got)
	}
}

func TestReadColumnTypeForced(t *testing.T) {
	tb := readString(t, "code,v\n1,2\n2,3\n", WithColumnType("code", series.String), WithColumnType("v", series.Float))
	if got := tb.DataFrame.Col("code").Type(); got != series.String {
		t.Errorf("code type = %v, want string", got)
	}
	if got := tb.DataFrame.Col("v").Type(); got != series.Float {
		t.Errorf("v type = %v, want float", got)
	}

	_, err := ReadCSVFrom(strings.NewReader("v\n1\n2.5\n"), "t.csv", WithColumnType("v", series.Int))
	if !errors.Is(err, ErrNotNumber) {
		t.Errorf("2.5 in an int column: error %v, want ErrNotNumber", err)
	}
	_, err = ReadCSVFrom(strings.NewReader("v\n1\n"), "t.csv", WithColumnType("w", series.Int))
	if !errors.Is(err, ErrColumnNotFound) {
		t.Errorf("WithColumnType on a missing column: error %v, want ErrColumnNotFound", err)
	}
}

func TestReadPlaceholderReject(t *testing.T) {
	_, err := ReadCSVFrom(strings.NewReader("v\n1\n—\n"), "t.csv", WithPlaceholders(PlaceholderReject))
	var ce *CellError
	if !errors.As(err, &ce) || !errors.Is(err, ErrPlaceholder) {
		t.Fatalf("error %v, want ErrPlaceholder", err)
	}
	if ce.Line != 3 {
		t.Errorf("Line = %d, want 3", ce.Line)
	}
}

func TestReadErrorNamesKeys(t *testing.T) {
	_, err := ReadCSVFrom(strings.NewReader("id,year,v\nA,2001,1\nB,2002,\"1,2\"\n"), "k.csv", WithKeys("id", "year"))
	var ce *CellError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v, want *CellError", err)
	}
	if ce.Keys != "B/2002" {
		t.Errorf("Keys = %q, want B/2002", ce.Keys)
	}
	if !strings.Contains(err.Error(), "row B/2002") {
		t.Errorf("message lacks the keys: %v", err)
	}
}

func TestReadDelimiterDetected(t *testing.T) {
	cases := []struct {
		name, text string
	}{
		{"tab", "a\tb\n1\t\"1,500\"\n2\t3\n"},
		{"semicolon", "a;b\n1;2\n3;4\n"},
		{"comma", "a,b\n1,2\n"},
	}
	for _, c := range cases {
		tb := readString(t, c.text)
		if got := tb.DataFrame.Names(); !reflect.DeepEqual(got, []string{"a", "b"}) {
			t.Errorf("%s: names = %q, want [a b]", c.name, got)
		}
	}
}

func TestReadTitleAndFootnoteRows(t *testing.T) {
	text := "数据库：分省年度数据\n指标：地区生产总值(亿元)\n\n地区,2021年,2020年\n北京市,\"40,269.6\",\"36,102.6\"\n西藏自治区,,\n注：按当年价格计算。\n数据来源：国家统计局\n"
	tb := readString(t, text)
	if got, want := tb.DataFrame.Names(), []string{"地区", "2021年", "2020年"}; !reflect.DeepEqual(got, want) {
		t.Errorf("names = %q, want %q", got, want)
	}
	if got := tb.DataFrame.Nrow(); got != 2 {
		t.Errorf("rows = %d, want 2 (the empty 西藏 row stays, the footnotes go)", got)
	}
	if got, want := tb.Lines, []int{5, 6}; !reflect.DeepEqual(got, want) {
		t.Errorf("Lines = %v, want %v", got, want)
	}
	notes := strings.Join(tb.Notes, "\n")
	if !strings.Contains(notes, "skipped 2 title rows") || !strings.Contains(notes, "dropped 2 footnote rows") {
		t.Errorf("notes %q should record the title and footnote rows", tb.Notes)
	}

	tb = readString(t, text, WithTitleRows(3), WithFooterRows(2))
	if got := tb.DataFrame.Nrow(); got != 2 {
		t.Errorf("explicit rows: %d data rows, want 2", got)
	}
}

func TestReadMultiRowHeaderCSV(t *testing.T) {
	text := "省份,年份,地区生产总值,,人口\n,,第一产业,第二产业,\n,,亿元,亿元,万人\n北京,2020,107.6,5716.4,2189\n"
	tb := readString(t, text, WithHeaderRows(3), WithUnitsRow(3))
	want := []string{"省份", "年份", "地区生产总值_第一产业", "地区生产总值_第二产业", "人口"}
	if got := tb.DataFrame.Names(); !reflect.DeepEqual(got, want) {
		t.Errorf("names = %q, want %q", got, want)
	}
	units := make([]string, len(tb.Columns))
	for i, c := range tb.Columns {
		units[i] = c.Unit
	}
	if want := []string{"", "", "亿元", "亿元", "万人"}; !reflect.DeepEqual(units, want) {
		t.Errorf("units = %q, want %q", units, want)
	}
	if got := tb.Columns[3].Header; !reflect.DeepEqual(got, []string{"地区生产总值", "第二产业"}) {
		t.Errorf("header of column 4 = %q", got)
	}
}

func TestReadLayoutErrors(t *testing.T) {
	cases := []struct {
		name, text string
		opts       []ReadOption
		line       int
	}{
		{"row wider than header", "a,b\n1,2\n3,4,5\n", nil, 3},
		{"duplicate names", "a,b,a\n1,2,3\n", nil, 1},
		{"stray quote", "a,b\n1,x\"y\n", nil, 2},
		{"units row outside header", "a\n1\n", []ReadOption{WithHeaderRows(2), WithUnitsRow(3)}, 0},
	}
	for _, c := range cases {
		_, err := ReadCSVFrom(strings.NewReader(c.text), "bad.csv", c.opts...)
		var ce *CellError
		if !errors.As(err, &ce) || !errors.Is(err, ErrLayout) {
			t.Errorf("%s: error %v, want a *CellError wrapping ErrLayout", c.name, err)
			continue
		}
		if ce.Line != c.line {
			t.Errorf("%s: Line = %d, want %d", c.name, ce.Line, c.line)
		}
	}
}

func TestReadTrailingDelimitersIgnored(t *testing.T) {
	tb := readString(t, "a,b,,\n1,2,,\n,,,\n3,4,,\n")
	if got := tb.DataFrame.Names(); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("names = %q, want [a b]", got)
	}
	if got := tb.DataFrame.Nrow(); got != 2 {
		t.Errorf("rows = %d, want 2", got)
	}
}

func TestReadCSVMissingFile(t *testing.T) {
	_, err := ReadCSV(filepath.Join(t.TempDir(), "none.csv"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %v, want os.ErrNotExist", err)
	}
}
