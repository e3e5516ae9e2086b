package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestColumnWriterCountsWideCharacters(t *testing.T) {
	var b bytes.Buffer
	cw := &columnWriter{padding: 2}
	cw.row("省份", "x")
	cw.row("a", "y")
	if err := cw.flush(&b); err != nil {
		t.Fatal(err)
	}
	// 省份 takes 4 terminal columns, so "a" is padded with 3 + 2 spaces.
	if want := "省份  x\na     y\n"; b.String() != want {
		t.Errorf("output %q, want %q", b.String(), want)
	}

	b.Reset()
	cw = &columnWriter{right: true, padding: 1}
	cw.row("地区", "1")
	cw.row("x", "10")
	if err := cw.flush(&b); err != nil {
		t.Fatal(err)
	}
	if want := " 地区  1\n    x 10\n"; b.String() != want {
		t.Errorf("right-aligned output %q, want %q", b.String(), want)
	}
}

// fieldStarts returns the terminal column where each field of a line starts, fields being separated by
// two or more spaces.
func fieldStarts(line string) []int {
	var starts []int
	for _, m := range regexp.MustCompile(`(^|\s{2,})\S`).FindAllStringIndex(line, -1) {
		starts = append(starts, displayWidth(line[:m[1]-1]))
	}
	return starts
}

// The Chinese indicator labels of `cpstat data --indicators` end in the same terminal column on every
// row, so the direction column lines up.
func TestDataIndicatorsAligned(t *testing.T) {
	code, out, stderr := runCLI(t, "data", "--indicators")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	want := fieldStarts(lines[0])[2]
	for _, line := range lines[1:] {
		if got := fieldStarts(line); len(got) < 3 || got[2] != want {
			t.Errorf("direction column starts at %v, want %d: %q", got, want, line)
		}
	}
}
