package table

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("reopen XLSX: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestXLSXCellTypes checks which cells are stored as numbers. Plain numbers are, with a number format of
// their decimals, but starred estimates and values in parentheses are text exactly as displayed.
func TestXLSXCellTypes(t *testing.T) {
	var b bytes.Buffer
	if err := WriteXLSX(&b, baselineZh(), "基准回归"); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, b.Bytes())
	if got := f.GetSheetList(); !slices.Equal(got, []string{"基准回归"}) {
		t.Fatalf("sheets %q, want [基准回归]", got)
	}
	cases := []struct {
		ref, value, format string
		number             bool
	}{
		{"B4", "0.994***", "", false},   // starred estimate
		{"B5", "(5.314)", "", false},    // t value in parentheses
		{"D6", "-0.126", "0.000", true}, // estimate without stars
		{"B18", "510", "0", true},       // N
		{"D19", "0.988", "0.000", true}, // R²
		{"B16", "控制", "", false},        // fixed-effect indicator
	}
	for _, tc := range cases {
		value, err := f.GetCellValue("基准回归", tc.ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		kind, err := f.GetCellType("基准回归", tc.ref)
		if err != nil {
			t.Fatal(err)
		}
		isNumber := kind == excelize.CellTypeUnset || kind == excelize.CellTypeNumber
		if value != tc.value || isNumber != tc.number {
			t.Errorf("%s = %q (number %v), want %q (number %v)", tc.ref, value, isNumber, tc.value, tc.number)
		}
		id, _ := f.GetCellStyle("基准回归", tc.ref)
		style, _ := f.GetStyle(id)
		format := ""
		if style.CustomNumFmt != nil {
			format = *style.CustomNumFmt
		}
		if format != tc.format {
			t.Errorf("%s number format %q, want %q", tc.ref, format, tc.format)
		}
	}
}

func TestWorkbookSheets(t *testing.T) {
	var wb Workbook
	if err := wb.Add("Table 3", baselineZh()); err != nil {
		t.Fatal(err)
	}
	if err := wb.Add("Table 3 (en)", baselineEn()); err != nil {
		t.Fatal(err)
	}
	if err := wb.Add("描述性统计", descriptiveGrid()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tables.xlsx")
	if err := wb.Save(path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"Table 3", "Table 3 (en)", "描述性统计"}; !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	if got, _ := f.GetCellValue("Table 3 (en)", "A4"); got != "Balancing policy" {
		t.Errorf("Table 3 (en)!A4 = %q, want Balancing policy", got)
	}
}

// Save creates a file without execute permission. The umask can only remove bits, so the check holds
// under any umask.
func TestWorkbookSaveMode(t *testing.T) {
	var wb Workbook
	if err := wb.Add("Main", baselineZh()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tables.xlsx")
	if err := wb.Save(path); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm()&0o111 != 0 {
		t.Errorf("mode %v, want no execute permission", info.Mode())
	}
}

func TestWorkbookRejects(t *testing.T) {
	var wb Workbook
	if err := wb.Add("Main", baselineZh()); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, sheet string
		table       Table
		reason      string
	}{
		{"duplicate ignoring case", "MAIN", baselineZh(), "already has a sheet"},
		{"empty", "", baselineZh(), "needs a name"},
		{"too long", strings.Repeat("表", 32), baselineZh(), "at most 31"},
		{"bracket", "a[1]", baselineZh(), "may not contain"},
		{"slash", "a/b", baselineZh(), "may not contain"},
		{"quote", "'a", baselineZh(), "start or end"},
		{"control", "a\tb", baselineZh(), "control characters"},
		{"invalid table", "Other", Regression{}, "at least one Column"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := wb.Add(tc.sheet, tc.table)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *ConfigError", err)
			}
			if !strings.Contains(ce.Reason, tc.reason) {
				t.Errorf("reason %q, want it to contain %q", ce.Reason, tc.reason)
			}
		})
	}
	if len(wb.sheets) != 1 {
		t.Errorf("rejected tables were added: %d sheets", len(wb.sheets))
	}

	var empty Workbook
	var ce *ConfigError
	if err := empty.Write(&bytes.Buffer{}); !errors.As(err, &ce) {
		t.Errorf("writing an empty workbook: error %v, want a *ConfigError", err)
	}
}

var errWriteFailed = errors.New("disk full")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errWriteFailed }

// TestWritersWrapWriteErrors checks that every writer returns the io.Writer's error wrapped.
func TestWritersWrapWriteErrors(t *testing.T) {
	writers := map[string]func() error{
		"text":     func() error { return WriteText(failingWriter{}, baselineZh(), TextOptions{}) },
		"markdown": func() error { return WriteMarkdown(failingWriter{}, baselineZh(), MarkdownOptions{}) },
		"html":     func() error { return WriteHTML(failingWriter{}, baselineZh(), HTMLOptions{}) },
		"latex":    func() error { return WriteLaTeX(failingWriter{}, baselineZh(), LaTeXOptions{}) },
		"csv":      func() error { return WriteCSV(failingWriter{}, baselineZh(), CSVOptions{}) },
		"xlsx":     func() error { return WriteXLSX(failingWriter{}, baselineZh(), "x") },
	}
	for name, write := range writers {
		if err := write(); !errors.Is(err, errWriteFailed) {
			t.Errorf("%s: error %v, want it to wrap %v", name, err, errWriteFailed)
		}
	}
}
