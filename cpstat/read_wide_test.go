package cpstat

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"golang.org/x/text/encoding/unicode"
)

func TestLongFromDataFrame(t *testing.T) {
	wide := dataframe.New(
		series.New([]string{"北京", "上海"}, series.String, "地区"),
		series.New([]int{3, 4}, series.Int, "2002年"),
		series.New([]float64{1.5, nan()}, series.Float, "2001"),
	)
	long, err := Long(wide, "地区", "v")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := long.Names(), []string{"地区", "year", "v"}; !reflect.DeepEqual(got, want) {
		t.Errorf("names = %q, want %q", got, want)
	}
	if got, want := long.Col("地区").Records(), []string{"北京", "北京", "上海", "上海"}; !reflect.DeepEqual(got, want) {
		t.Errorf("地区 = %q, want %q", got, want)
	}
	if got, want := long.Col("year").Float(), []float64{2001, 2002, 2001, 2002}; !sameFloats(got, want) {
		t.Errorf("year = %v, want %v", got, want)
	}
	// One float year column makes the value column float; the missing value stays a row.
	if got, want := long.Col("v").Float(), []float64{1.5, 3, nan(), 4}; !sameFloats(got, want) {
		t.Errorf("v = %v, want %v", got, want)
	}
	if long.Col("v").Type() != series.Float {
		t.Errorf("v type = %v, want float", long.Col("v").Type())
	}
}

func TestLongRejectsOtherColumns(t *testing.T) {
	wide := dataframe.New(
		series.New([]string{"北京"}, series.String, "地区"),
		series.New([]string{"亿元"}, series.String, "单位"),
		series.New([]int{3}, series.Int, "2002"),
	)
	_, err := Long(wide, "地区", "v")
	if !errors.Is(err, ErrLayout) || !strings.Contains(err.Error(), `"单位"`) {
		t.Errorf("error %v should name the non-year column", err)
	}

	dup := dataframe.New(
		series.New([]string{"北京"}, series.String, "地区"),
		series.New([]int{1}, series.Int, "2002"),
		series.New([]int{2}, series.Int, "2002年"),
	)
	if _, err := Long(dup, "地区", "v"); !errors.Is(err, ErrLayout) {
		t.Errorf("two columns for 2002: error %v, want ErrLayout", err)
	}
	if _, err := Long(dup, "省份", "v"); !errors.Is(err, ErrColumnNotFound) {
		t.Errorf("unknown id column: error %v, want ErrColumnNotFound", err)
	}

	text := dataframe.New(
		series.New([]string{"北京"}, series.String, "地区"),
		series.New([]string{"n/a yet"}, series.String, "2002"),
	)
	var te *ColumnTypeError
	if _, err := Long(text, "地区", "v"); !errors.As(err, &te) || te.Name != "2002" {
		t.Errorf("text year column: error %v, want a *ColumnTypeError for 2002", err)
	}
}

// Excel's "Unicode text" export: UTF-16LE with a byte-order mark, tab-separated.
func TestReadUTF16Tabs(t *testing.T) {
	encoded, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("省份\t年份\n北京\t2001\n"))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := ReadCSVFrom(strings.NewReader(string(encoded)), "unicode.txt")
	if err != nil {
		t.Fatal(err)
	}
	if tb.Encoding != EncodingUTF16LE {
		t.Errorf("Encoding = %v, want UTF-16LE", tb.Encoding)
	}
	if got := tb.DataFrame.Names(); !reflect.DeepEqual(got, []string{"省份", "年份"}) {
		t.Errorf("names = %q", got)
	}
}
