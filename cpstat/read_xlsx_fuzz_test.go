package cpstat

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzReadXLSX builds a workbook from fuzzed cell text, merged ranges and header options, reads it
// back with ReadXLSX and checks that the reader never panics, that every failure wraps one of the
// package's error kinds, and that a table it returns is consistent (one source line per row,
// ascending; unique column names; one ColumnInfo per column).
//
// The cell text is split into rows at '\n' and into cells at '\t' (at most 8 × 8 cells). Each
// byte pair of merges is one merged range: the low and high nibbles of the first byte give the
// top-left column and row, the second byte's nibbles the extent (0–3 each).
func FuzzReadXLSX(f *testing.F) {
	f.Add("地区\t2021年\t2020年\n\t亿元\t亿元\n北京市\t1\t—\n注：说明", []byte{0x00, 0x10}, uint8(2), uint8(2))
	f.Add("id\tyear\tv\nA\t2001\t1,234.5\nA\t2002\t12.5%", []byte{}, uint8(1), uint8(0))
	f.Add("省份\t年份\t值\n江苏\t2020\tNaN\n江苏\t2021\t-Inf", []byte{0x01, 0x01}, uint8(0), uint8(0))
	f.Add("a\tb\n\t\n1\t1,2", []byte{0x00, 0x33, 0x11, 0x00}, uint8(3), uint8(1))
	f.Add("数据库：分省年度数据\n地区\t2021\n北京\t29,492", []byte{0x10, 0x30}, uint8(1), uint8(0))

	kinds := []error{ErrEncoding, ErrAmbiguousNumber, ErrPercent, ErrPlaceholder, ErrMixedColumn,
		ErrNotNumber, ErrLayout, ErrColumnNotFound, ErrColumnType}
	f.Fuzz(func(t *testing.T, text string, merges []byte, headerRows, unitsRow uint8) {
		wb := excelize.NewFile()
		defer wb.Close()
		const sheet = "Sheet1"
		for r, line := range strings.Split(text, "\n") {
			if r >= 8 {
				break
			}
			for c, cell := range strings.Split(line, "\t") {
				if c >= 8 {
					break
				}
				if cell == "" {
					continue
				}
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := wb.SetCellStr(sheet, name, cell); err != nil {
					t.Skip("excelize rejects the cell text:", err)
				}
			}
		}
		for i := 0; i+1 < len(merges) && i < 16; i += 2 {
			col, row := int(merges[i]&0x0f)%8+1, int(merges[i]>>4)%8+1
			width, height := int(merges[i+1]&0x03), int(merges[i+1]>>4&0x03)
			if width == 0 && height == 0 {
				continue
			}
			from, _ := excelize.CoordinatesToCellName(col, row)
			to, _ := excelize.CoordinatesToCellName(col+width, row+height)
			if err := wb.MergeCell(sheet, from, to); err != nil {
				t.Skip("excelize rejects the merged range:", err)
			}
		}
		path := filepath.Join(t.TempDir(), "fuzz.xlsx")
		if err := wb.SaveAs(path); err != nil {
			t.Skip("excelize cannot save the workbook:", err)
		}

		opts := []ReadOption{WithHeaderRows(int(headerRows % 4))}
		if u := int(unitsRow % 4); u > 0 {
			opts = append(opts, WithUnitsRow(u))
		}
		tb, err := ReadXLSX(path, "", opts...)
		checkReadResult(t, tb, err, kinds)
	})
}
