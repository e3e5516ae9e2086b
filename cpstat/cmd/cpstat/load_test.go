package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// A GBK file read with --encoding gbk gives the same statistics as with detection.
func TestReaderFlagEncodingGBK_PB26(t *testing.T) {
	args := []string{"describe", "--data", testref.Case("PB-26.csv"), "--id", "省份", "--time", "年份", "--vars", "地区生产总值", "--json"}
	codeAuto, outAuto, errAuto := runCLI(t, args...)
	codeGBK, outGBK, errGBK := runCLI(t, append(args, "--encoding", "gbk")...)
	if codeAuto != 0 || codeGBK != 0 {
		t.Fatalf("exit %d / %d: %s %s", codeAuto, codeGBK, errAuto, errGBK)
	}
	var auto, gbk []describeOutput
	decodeDescribe(t, outAuto, &auto)
	decodeDescribe(t, outGBK, &gbk)
	if !reflect.DeepEqual(auto, gbk) {
		t.Errorf("--encoding gbk statistics differ from detection:\n%s\n%s", outGBK, outAuto)
	}
	if !strings.Contains(outAuto, "detected GBK") {
		t.Errorf("reader_notes of the detected read do not name GBK:\n%s", outAuto)
	}
	code, _, errOut := runCLI(t, append(args, "--encoding", "utf8")...)
	if code == 0 || !strings.Contains(errOut, "GBK") {
		t.Errorf("forcing utf8 on a GBK file: exit %d, stderr %q, want an error that suggests GBK", code, errOut)
	}
}

// Percent cells are rejected by default and read as numbers with --percent number; placeholders are
// missing and the ambiguous "1,2" still stops the read, naming the cell.
func TestReaderFlagPercent_PB28(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "shares.csv")
	csv := "id,year,share\nA,2001,12.5%\nA,2002,3.0%\nB,2001,—\nB,2002,\"1,234.5\"\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	base := []string{"describe", "--data", path, "--id", "id", "--time", "year", "--vars", "share", "--json"}
	code, _, errOut := runCLI(t, base...)
	if code == 0 || !strings.Contains(errOut, "12.5%") {
		t.Errorf("default: exit %d, stderr %q, want an error naming 12.5%%", code, errOut)
	}
	code, out, errOut := runCLI(t, append(base, "--percent", "number")...)
	if code != 0 {
		t.Fatalf("--percent number: exit %d: %s", code, errOut)
	}
	// 12.5, 3.0 and 1234.5 (the placeholder is missing): mean 416.6666…
	if !strings.Contains(out, `"n": 3`) || !strings.Contains(out, "416.66666") {
		t.Errorf("--percent number: output %s, want n 3 and mean 416.667", out)
	}
	ambiguous := filepath.Join(dir, "ambiguous.csv")
	if err := os.WriteFile(ambiguous, []byte(testCaseText(t, "PB-28.csv")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCLI(t, "describe", "--data", ambiguous, "--id", "region", "--time", "expected_pop", "--vars", "gdp_text", "--percent", "number")
	if code == 0 || !strings.Contains(errOut, "1,2") {
		t.Errorf("ambiguous number: exit %d, stderr %q, want an error naming 1,2", code, errOut)
	}
}

func TestReaderFlagsInvalid(t *testing.T) {
	for _, args := range [][]string{
		{"--encoding", "latin1"},
		{"--header-rows", "0"},
		{"--header-rows", "2", "--units-row", "3"},
		{"--title-rows", "some"},
		{"--percent", "half"},
	} {
		full := append([]string{"describe", "--data", testref.Case("PB-26.csv")}, args...)
		code, _, errOut := runCLI(t, full...)
		if code != 2 || !strings.Contains(errOut, args[0]) {
			t.Errorf("%v: exit %d, stderr %q, want a usage error naming %s", args, code, errOut, args[0])
		}
	}
}

func testCaseText(t *testing.T, name string) string {
	t.Helper()
	raw, err := os.ReadFile(testref.Case(name))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// Two spellings of one province in --id (北京 before 2010, 北京市 after) would make two panel units with
// a fixed effect and a cluster each. They are merged through the two-letter codes with a note, and the
// estimate equals the one on consistent names. With a non-province among the entities, merging is
// unsafe, and the error names both the spellings and the non-province.
func TestMixedProvinceSpellingsAreOneUnit(t *testing.T) {
	dir := t.TempDir()
	csv := "省份,年份,y,x\n"
	for _, row := range []struct{ name, y, x string }{
		{"北京", "1", "0.5"}, {"北京", "2", "1.5"}, {"北京市", "4", "2"}, {"北京市", "5", "3.5"},
		{"天津", "2", "1"}, {"天津", "2.5", "1"}, {"Tianjin", "4", "2.5"}, {"天津市", "6", "4"},
		{"河北", "1", "1"}, {"河北", "3", "2"}, {"河北", "3", "2.5"}, {"河北", "5", "3"},
	} {
		csv += row.name + ",Y," + row.y + "," + row.x + "\n"
	}
	// number the years within each province
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = strings.Replace(lines[i], ",Y,", ","+[]string{"2001", "2002", "2003", "2004"}[(i-1)%4]+",", 1)
	}
	mixed := filepath.Join(dir, "mixed.csv")
	if err := os.WriteFile(mixed, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	consistent := filepath.Join(dir, "consistent.csv")
	same := strings.NewReplacer("北京市", "北京", "天津市", "天津", "Tianjin", "天津").Replace(strings.Join(lines, "\n") + "\n")
	if err := os.WriteFile(consistent, []byte(same), 0o644); err != nil {
		t.Fatal(err)
	}
	args := func(path string) []string {
		return []string{"fe", "--data", path, "--id", "省份", "--time", "年份", "--formula", "y ~ x | 省份 + 年份", "--vcov", "cluster:省份", "--json"}
	}
	code, out, errOut := runCLI(t, args(mixed)...)
	if code != 0 {
		t.Fatalf("mixed spellings: exit %d: %s", code, errOut)
	}
	_, want, _ := runCLI(t, args(consistent)...)
	var got, ref struct {
		Coefficients []struct{ Estimate, StdError float64 } `json:"coefficients"`
		ReaderNotes  []string                               `json:"reader_notes"`
	}
	for _, d := range []struct {
		text string
		v    any
	}{{out, &got}, {want, &ref}} {
		if err := json.Unmarshal([]byte(d.text), d.v); err != nil {
			t.Fatalf("%v in %s", err, d.text)
		}
	}
	if len(got.Coefficients) == 0 || got.Coefficients[0] != ref.Coefficients[0] {
		t.Errorf("mixed spellings give %+v, consistent names %+v", got.Coefficients, ref.Coefficients)
	}
	if notes := strings.Join(got.ReaderNotes, "\n"); !strings.Contains(notes, `"北京" and "北京市" (BJ)`) || !strings.Contains(notes, "(3 units)") {
		t.Errorf("reader_notes %q do not name the merged spellings and the 3 units", notes)
	}

	withCounty := filepath.Join(dir, "county.csv")
	if err := os.WriteFile(withCounty, []byte(strings.Replace(strings.Join(lines, "\n")+"\n", "河北", "Some County", -1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCLI(t, args(withCounty)...)
	if code == 0 || !strings.Contains(errOut, `"北京" and "北京市" (BJ)`) || !strings.Contains(errOut, `"Some County"`) {
		t.Errorf("with a non-province: exit %d, stderr %q; want an error naming the spellings and the non-province", code, errOut)
	}
}

// A text column other than --id with two spellings of one province gets a reader note, because as a
// fixed effect or cluster it would count that province twice.
func TestMixedSpellingsInAnotherColumnNoted(t *testing.T) {
	csv := "code,name,year,y,x\n" +
		"BJ,北京,2001,1,0.5\nBJ,北京市,2002,2,1.5\nTJ,天津,2001,2,1\nTJ,天津,2002,3,2\nHE,河北,2001,1,1\nHE,河北,2002,4,3\n"
	path := filepath.Join(t.TempDir(), "names.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "describe", "--data", path, "--id", "code", "--time", "year", "--vars", "y", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `column name: \"北京\" and \"北京市\" (BJ) name the same province`) {
		t.Errorf("reader notes do not flag the column name:\n%s", out)
	}
}

// Entity names that differ only by an administrative word (安平 and 安平县) get a reader note, because
// the panel counts them as two units.
func TestSimilarEntityNamesNoted(t *testing.T) {
	csv := "县名,year,y\n安平,2001,1\n安平,2002,2\n安平县,2003,3\n武邑县,2001,1\n武邑县,2002,2\n武邑县,2003,3\n"
	path := filepath.Join(t.TempDir(), "counties.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "describe", "--data", path, "--id", "县名", "--time", "year", "--vars", "y", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `\"安平\" and \"安平县\" differ only by an administrative word`) {
		t.Errorf("reader notes do not flag 安平 and 安平县:\n%s", out)
	}
}
