package entropy

import (
	"errors"
	"strings"
	"testing"
)

// A table as Excel saves it ("CSV UTF-8", so with a byte-order mark), columns in a non-standard order, an
// extra notes column, a comment line, and the U+2212 minus sign that Hong, Jiang and Liu (2023) print
// as a direction in their indicator table.
const systemCSV = "\ufeffDimension,code,label_zh,label_en,level1,level2,direction,notes\n" +
	"# prosperity\n" +
	"富裕,income_pc,人均可支配收入,Per-capita disposable income,国民收入,,+,yuan\n" +
	"富裕,unemp,城镇登记失业率,Registered unemployment rate,国民收入,,−,%\n" +
	"共同,urgap,城乡居民收入倍差,Urban-rural income ratio,城乡共享,收入差距,benefit,\n" +
	"共同,gini,基尼系数,Income Gini,群体共享,,cost,\n"

func TestReadSystemCSV(t *testing.T) {
	sys, err := ReadSystemCSV(strings.NewReader(systemCSV))
	if err != nil {
		t.Fatal(err)
	}
	if len(sys.Indicators) != 4 {
		t.Fatalf("%d indicators, want 4", len(sys.Indicators))
	}
	want := Indicator{Code: "unemp", LabelZH: "城镇登记失业率", LabelEN: "Registered unemployment rate",
		Dimension: "富裕", Level1: "国民收入", Direction: Cost}
	if sys.Indicators[1] != want {
		t.Errorf("indicator 1 = %+v, want %+v", sys.Indicators[1], want)
	}
	if got := sys.Indicators[2]; got.Level2 != "收入差距" || got.Direction != Benefit {
		t.Errorf("indicator 2 = %+v, want level2 收入差距 and benefit", got)
	}
	if dims := sys.Dimensions(); len(dims) != 2 || dims[0] != "富裕" || dims[1] != "共同" {
		t.Errorf("Dimensions() = %v, want [富裕 共同]", dims)
	}
	if got := sys.InDimension("共同"); len(got) != 2 || got[1].Code != "gini" {
		t.Errorf("InDimension(共同) = %+v, want urgap and gini", got)
	}
}

// Each invalid table gives a *SystemError that names the line, and the message names the offending value.
func TestReadSystemCSVErrors(t *testing.T) {
	const header = "code,dimension,level1,level2,direction\n"
	for _, c := range []struct {
		name, csv string
		line      int
		mention   string
	}{
		{"bad direction", header + "a,D,,,+\nb,D,,,up\n", 3, `"up"`},
		{"duplicate code", header + "a,D,,,+\nb,D,,,+\na,E,,,-\n", 4, `"a"`},
		{"no dimension", header + "a,,,,+\n", 2, "dimension"},
		{"level2 without level1", header + "a,D,,L2,+\n", 2, "L2"},
		{"missing direction column", "code,dimension\na,D\n", 1, `"direction"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadSystemCSV(strings.NewReader(c.csv))
			var se *SystemError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want *SystemError", err)
			}
			if se.Line != c.line {
				t.Errorf("Line = %d, want %d (%v)", se.Line, c.line, err)
			}
			if !strings.Contains(err.Error(), c.mention) {
				t.Errorf("message %q does not mention %s", err.Error(), c.mention)
			}
		})
	}
}

// "富裕" in GBK is the bytes C6 F2 D4 A3, which are not valid UTF-8.
func TestReadSystemCSVRejectsGBK(t *testing.T) {
	gbk := "code,dimension,direction\na,\xc6\xf2\xd4\xa3,+\n"
	_, err := ReadSystemCSV(strings.NewReader(gbk))
	if err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Fatalf("err = %v, want an error that asks for UTF-8", err)
	}
}

func TestReadSystemCSVEmpty(t *testing.T) {
	if _, err := ReadSystemCSV(strings.NewReader("")); err == nil {
		t.Error("empty input: no error")
	}
	if _, err := ReadSystemCSV(strings.NewReader("code,dimension,direction\n")); err == nil {
		t.Error("header only: no error")
	}
}
