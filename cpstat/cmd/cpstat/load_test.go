package main

import (
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
