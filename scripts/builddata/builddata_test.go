package main

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat/province"
)

func TestResolveLabel(t *testing.T) {
	cases := []struct {
		label string
		code  string
		kind  provinceRow
	}{
		{"北京", "BJ", inSample},
		{"北京市", "BJ", inSample},
		{"上   海", "SH", inSample}, // huhuaping__techme pads two-character names with spaces
		{"内蒙 古", "NM", inSample},
		{"neimenggu", "NM", inSample}, // CHNCapitalStock pinyin
		{"shaanxi", "SN", inSample},
		{"shanxi", "SX", inSample},
		{"Yunan", "YN", inSample}, // WD workbook misspelling
		{"江两", "JX", inSample},
		{"山两", "SX", inSample},
		{"全国", "", aggregate},
		{"全   国", "", aggregate},
		{"National", "", aggregate},
		{"西藏", "XZ", tibet},
		{"xizang", "XZ", tibet},
		{"两藏", "XZ", tibet},
	}
	for _, c := range cases {
		p, kind, err := resolveLabel("test", c.label)
		if err != nil {
			t.Errorf("resolveLabel(%q): %v", c.label, err)
			continue
		}
		if kind != c.kind || p.Code != c.code {
			t.Errorf("resolveLabel(%q) = %s kind %d, want %s kind %d", c.label, p.Code, kind, c.code, c.kind)
		}
	}
}

func TestResolveLabelUnknownFails(t *testing.T) {
	_, _, err := resolveLabel("some/file.csv", "Atlantis")
	var unknown *province.UnknownError
	if !errors.As(err, &unknown) {
		t.Fatalf("resolveLabel(Atlantis) error = %v, want *province.UnknownError", err)
	}
	if !strings.Contains(err.Error(), "some/file.csv") {
		t.Errorf("error %q does not name the source file", err)
	}
}

func writeTemp(t *testing.T, folder, file, content string) string {
	t.Helper()
	raw := t.TempDir()
	if err := os.MkdirAll(filepath.Join(raw, folder), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(raw, folder, file), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestLoadLongDropsAggregatesAndTibet(t *testing.T) {
	raw := writeTemp(t, "src", "x.csv", "\ufeffprov,year,v\n全国,2010,99\n西藏,2010,5\n北京,2010,1.5\n天津,2010,NA\n")
	s, err := loadLong(raw, longSpec{folder: "src", file: "x.csv", provinceCol: "prov", yearCol: "year", valueCol: "v", scale: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 1 {
		t.Fatalf("loaded %d values, want 1 (national, Tibet and NA dropped): %v", len(s), s)
	}
	if v, ok := s.get("BJ", 2010); !ok || v != 3 {
		t.Errorf("Beijing 2010 = %v (found %v), want 1.5 × scale 2 = 3", v, ok)
	}
}

func TestLoadLongUnknownProvinceFails(t *testing.T) {
	raw := writeTemp(t, "src", "x.csv", "prov,year,v\n北京,2010,1\nGotham,2010,2\n")
	_, err := loadLong(raw, longSpec{folder: "src", file: "x.csv", provinceCol: "prov", yearCol: "year", valueCol: "v"})
	if err == nil || !strings.Contains(err.Error(), "row 3") || !strings.Contains(err.Error(), "Gotham") {
		t.Fatalf("error = %v, want one naming row 3 and the label Gotham", err)
	}
}

func TestLoadLongDuplicateFails(t *testing.T) {
	raw := writeTemp(t, "src", "x.csv", "prov,year,v\n北京,2010,1\nBeijing,2010,2\n")
	_, err := loadLong(raw, longSpec{folder: "src", file: "x.csv", provinceCol: "prov", yearCol: "year", valueCol: "v"})
	var dup *DuplicateError
	if !errors.As(err, &dup) || dup.Province != "BJ" || dup.Year != 2010 {
		t.Fatalf("error = %v, want a DuplicateError for BJ 2010", err)
	}
}

func TestLoadLongInvalidNumberFails(t *testing.T) {
	raw := writeTemp(t, "src", "x.csv", "prov,year,v\n北京,2010,1o5\n")
	_, err := loadLong(raw, longSpec{folder: "src", file: "x.csv", provinceCol: "prov", yearCol: "year", valueCol: "v"})
	if err == nil || !strings.Contains(err.Error(), `"1o5"`) {
		t.Fatalf("error = %v, want one quoting the invalid cell", err)
	}
}

func TestParseYear(t *testing.T) {
	for in, want := range map[string]int{"2010": 2010, "2010.0": 2010, "2010年": 2010, " 1952 ": 1952} {
		if got, err := parseYear(in); err != nil || got != want {
			t.Errorf("parseYear(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	if _, err := parseYear("20l0"); err == nil {
		t.Error("parseYear(20l0) accepted an invalid year")
	}
}

func TestExcelSerialYear(t *testing.T) {
	// Wind exports date each annual value at 31 December: 40543 is 2010-12-31, 18263 is 1949-12-31.
	for in, want := range map[string]int{"40543": 2010, "18263": 1949, "43830.0": 2019} {
		if got, err := excelSerialYear(in); err != nil || got != want {
			t.Errorf("excelSerialYear(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

func TestChainStopsAtGap(t *testing.T) {
	index := series{{"BJ", 2001}: 110, {"BJ", 2002}: 105, {"BJ", 2004}: 120}
	got := chain(index, func(code string) (float64, bool) { return 100, code == "BJ" })
	want := series{{"BJ", 2000}: 100, {"BJ", 2001}: 110, {"BJ", 2002}: 115.5} // 100 × 1.10 × 1.05
	if len(got) != len(want) {
		t.Fatalf("chain = %v, want %v (nothing after the missing 2003 link)", got, want)
	}
	for k, v := range want {
		if math.Abs(got[k]-v) > 1e-12*v {
			t.Errorf("chain %v = %v, want %v", k, got[k], v)
		}
	}
}

// TestIncomeNeverPairsAcrossSurveyBreak builds urgap from a 2013 old-definition rural net income and a
// 2013 integrated-survey urban income: they must not be paired.
func TestIncomeNeverPairsAcrossSurveyBreak(t *testing.T) {
	c := columns{
		"urban_di_old": series{{"ZJ", 2012}: 34550},
		"rural_ni_old": series{{"ZJ", 2012}: 14552, {"ZJ", 2013}: 16106},
		"urban_di_new": series{{"ZJ", 2013}: 37080},
		"rural_di_new": series{},
	}
	deriveIncome(c)
	if v, ok := c["urgap"].get("ZJ", 2012); !ok || v != 14552-34550 {
		t.Errorf("urgap ZJ 2012 = %v (found %v), want rural − urban = %v", v, ok, 14552-34550)
	}
	if v, ok := c["urgap"].get("ZJ", 2013); ok {
		t.Errorf("urgap ZJ 2013 = %v, want missing: old-definition rural and integrated urban income differ in concept", v)
	}
	if c["hh_survey_2013"][key{"ZJ", 2013}] != 1 || c["hh_survey_2013"][key{"ZJ", 2012}] != 0 {
		t.Error("hh_survey_2013 does not mark 2013 as the first integrated-survey year")
	}
}

func TestLogOfRejectsNonPositive(t *testing.T) {
	if _, err := logOf("balance", series{{"BJ", 2010}: 0}); err == nil || !strings.Contains(err.Error(), "BJ 2010") {
		t.Fatalf("logOf error = %v, want one naming BJ 2010", err)
	}
}

func TestFormatValueRoundTrips(t *testing.T) {
	for in, want := range map[float64]string{5342.4: "5342.4", 1.0 / 3: "0.3333333333333333", 3071739: "3.071739e+06"} {
		if got := formatValue(in); got != want {
			t.Errorf("formatValue(%v) = %q, want %q", in, got, want)
		}
	}
}

// Every indicator note has a Chinese translation for note_zh.
func TestIndicatorNotesHaveChinese(t *testing.T) {
	for _, in := range indicators {
		if in.note != "" && indicatorNotesZh[in.note] == "" {
			t.Errorf("%s: note %q has no entry in indicatorNotesZh", in.id, in.note)
		}
	}
}
