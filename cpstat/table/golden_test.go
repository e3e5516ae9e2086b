package table

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden with the current output")

// paperLabels are the Chinese labels of Hong, Jiang and Liu (2023, Table 3) with English translations.
var paperLabels = Labels{
	"cp":       {"共同富裕", "Common prosperity"},
	"balance":  {"平衡性干预政策", "Balancing policy"},
	"expen":    {"政府财政能力", "Fiscal capacity"},
	"finan":    {"金融发展水平", "Financial development"},
	"cpi":      {"物价水平", "Price level"},
	"open":     {"对外开放程度", "Openness"},
	"province": {"省份", "Province"},
	"year":     {"年份", "Year"},
}

// coef builds a coefficient from an estimate, a t value and a p-value, with the standard error b/t.
func coef(term string, b, t, p float64) Coef {
	return Coef{Term: term, Estimate: b, StdErr: b / t, Stat: t, PValue: p}
}

// baselineColumns returns columns (1), (3) and (4) of Table 3 of Hong, Jiang and Liu (2023): the estimates,
// t values and R² are the published ones. The paper gives no p-values, so each p-value here is one that gives
// the published stars, and the cluster counts are the 30 provinces of the sample.
func baselineColumns() []Column {
	return []Column{
		{
			DepVar: "cp",
			Coefs: []Coef{
				coef("balance", 0.994, 5.314, 0.00001),
				coef("_cons", 3.162, 1.827, 0.078),
			},
			FixedEffects: []string{"province"},
			Stats:        []Stat{StatN(510), StatR2(0.155)},
		},
		{
			DepVar: "cp",
			Coefs: []Coef{
				coef("_cons", -13.151, -5.386, 0.00001),
				coef("balance", 0.621, 4.343, 0.0002),
				coef("expen", 4.254, 7.827, 0.00001),
				coef("finan", 0.215, 0.100, 0.921),
				coef("cpi", 0.141, 7.170, 0.00001),
				coef("open", 0.343, 4.172, 0.0003),
			},
			FixedEffects: []string{"province"},
			Stats:        []Stat{StatN(510), StatR2(0.623), {Key: "clusters", Value: 30}},
		},
		{
			DepVar: "cp",
			Coefs: []Coef{
				coef("balance", 0.061, 1.930, 0.063),
				coef("expen", -0.126, -0.928, 0.361),
				coef("finan", 0.433, 1.067, 0.295),
				coef("cpi", -0.027, -1.641, 0.112),
				coef("open", 0.042, 1.678, 0.104),
				coef("_cons", 11.998, 6.951, 0.00001),
			},
			FixedEffects: []string{"year", "province"},
			Stats:        []Stat{StatN(510), StatR2(0.988), {Key: "clusters", Value: 30}},
		},
	}
}

// baselineZh is the Chinese fixture with every default option.
func baselineZh() Regression {
	return Regression{
		Title:   "基准回归：平衡性干预政策与共同富裕",
		Columns: baselineColumns(),
		Labels:  paperLabels,
		Notes:   []string{"标准误按省份聚类。"},
	}
}

// baselineEn is the English fixture with the controls hidden, absent indicators shown, standard errors in
// parentheses, an explicit fixed-effect order and a rule above the statistics.
func baselineEn() Regression {
	return Regression{
		Title:           "Baseline regression: balancing policy and common prosperity",
		Columns:         baselineColumns(),
		Lang:            En,
		Labels:          paperLabels,
		Controls:        []string{"expen", "finan", "cpi", "open"},
		ShowAbsent:      true,
		Paren:           ParenSE,
		FixedEffects:    []string{"province", "year"},
		RuleBeforeStats: true,
		Notes:           []string{"Standard errors clustered by province."},
	}
}

// descriptiveGrid is a descriptive-statistics grid with a spanning header, a code column, integers and a NaN.
func descriptiveGrid() Grid {
	return Grid{
		Title:  "描述性统计",
		Labels: paperLabels,
		Header: [][]Head{
			{{Code: "variable"}, {Text: "样本", Span: 1}, {Text: "分布", Span: 4}},
			{{}, {Code: "N"}, {Code: "mean"}, {Code: "sd"}, {Code: "min"}, {Code: "max"}},
		},
		Rows: [][]Value{
			{Code("cp"), Int(510), Num(9.482), Num(0.617), Num(7.962), Num(11.304)},
			{Code("balance"), Int(510), Num(9.115), Num(0.902), Num(5.740), Num(11.380)},
			{Code("expen"), Int(510), Num(1.590), Num(0.811), Num(-0.0004), Num(4.690)},
			{Text("合计|total"), Int(1530), Num(math.NaN()), Text(""), Text("—"), Num(math.Inf(1))},
		},
		Decimals:   []int{0, 0, 3, 3, 2, 2},
		RulesAbove: []int{3},
		Notes:      []string{"Fixture values, not the paper's statistics."},
	}
}

// goldenTables are the tables rendered by every writer in TestGolden.
var goldenTables = []struct {
	name  string
	table Table
}{
	{"regression_zh", baselineZh()},
	{"regression_en", baselineEn()},
	{"grid_zh", descriptiveGrid()},
}

// goldenWriters are the writers under golden test, each with its file extension.
var goldenWriters = []struct {
	ext   string
	write func(*bytes.Buffer, Table) error
}{
	{"txt", func(b *bytes.Buffer, t Table) error { return WriteText(b, t, TextOptions{}) }},
	{"md", func(b *bytes.Buffer, t Table) error { return WriteMarkdown(b, t, MarkdownOptions{}) }},
	{"html", func(b *bytes.Buffer, t Table) error { return WriteHTML(b, t, HTMLOptions{}) }},
	{"tex", func(b *bytes.Buffer, t Table) error { return WriteLaTeX(b, t, LaTeXOptions{Label: "tab:golden"}) }},
	{"csv", func(b *bytes.Buffer, t Table) error { return WriteCSV(b, t, CSVOptions{}) }},
	{"xlsx.txt", func(b *bytes.Buffer, t Table) error {
		var file bytes.Buffer
		if err := WriteXLSX(&file, t, "Table"); err != nil {
			return err
		}
		dump, err := dumpXLSX(file.Bytes())
		b.WriteString(dump)
		return err
	}},
}

// TestGolden compares every writer's output on the fixtures with the reviewed files in testdata/golden. Run
// `go test ./cpstat/table -run TestGolden -update` to rewrite them after an intended change, and review the
// diff before committing.
func TestGolden(t *testing.T) {
	for _, tc := range goldenTables {
		for _, wr := range goldenWriters {
			name := tc.name + "." + wr.ext
			t.Run(name, func(t *testing.T) {
				var got bytes.Buffer
				if err := wr.write(&got, tc.table); err != nil {
					t.Fatalf("write %s: %v", name, err)
				}
				path := filepath.Join("testdata", "golden", name)
				if *update {
					if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
						t.Fatalf("update golden file: %v", err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("read golden file (run with -update to create it): %v", err)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("%s differs from the golden file; rerun with -update if the change is intended.\n%s",
						path, lineDiff(string(want), got.String()))
				}
			})
		}
	}
}

// dumpXLSX returns a text listing of every sheet of an XLSX file: merged ranges, then each non-empty or
// styled cell with its type, value, number format and borders.
func dumpXLSX(data []byte) (string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return "", fmt.Errorf("open XLSX: %w", err)
	}
	defer f.Close()

	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "sheet %q\n", sheet)
		merges, err := f.GetMergeCells(sheet)
		if err != nil {
			return "", err
		}
		var ranges []string
		for _, m := range merges {
			ranges = append(ranges, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		sort.Strings(ranges)
		fmt.Fprintf(&b, "merged %s\n", strings.Join(ranges, " "))

		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return "", err
		}
		maxColumns := 0
		for _, row := range rows {
			maxColumns = max(maxColumns, len(row))
		}
		for i := range rows {
			for j := 0; j < maxColumns; j++ {
				ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
				line, err := dumpXLSXCell(f, sheet, ref)
				if err != nil {
					return "", err
				}
				if line != "" {
					b.WriteString(line + "\n")
				}
			}
		}
	}
	return b.String(), nil
}

func dumpXLSXCell(f *excelize.File, sheet, ref string) (string, error) {
	value, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		return "", err
	}
	kind, err := f.GetCellType(sheet, ref)
	if err != nil {
		return "", err
	}
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		return "", err
	}
	style, err := f.GetStyle(id)
	if err != nil {
		return "", err
	}
	format := ""
	if style.CustomNumFmt != nil {
		format = *style.CustomNumFmt
	}

	var borders []string
	for _, border := range style.Border {
		borders = append(borders, fmt.Sprintf("%s=%d", border.Type, border.Style))
	}
	align := ""
	if style.Alignment != nil {
		align = style.Alignment.Horizontal
	}

	if value == "" && len(borders) == 0 {
		return "", nil
	}
	// A number cell has no type attribute, which excelize reports as CellTypeUnset.
	var cellType string
	switch {
	case kind == excelize.CellTypeSharedString || kind == excelize.CellTypeInlineString:
		cellType = "string"
	case (kind == excelize.CellTypeUnset || kind == excelize.CellTypeNumber) && value != "":
		cellType = "number"
	case value == "":
		cellType = "empty"
	default:
		cellType = fmt.Sprintf("type%d", kind)
	}
	return fmt.Sprintf("%s %s %q fmt=%q align=%s bold=%v borders=%s",
		ref, cellType, value, format, align, style.Font != nil && style.Font.Bold, strings.Join(borders, ",")), nil
}

// lineDiff returns a line diff of want and got: "-" lines only in want, "+" lines only in got, and up to two
// unchanged lines of context around each change.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	// lcs[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}

	type line struct {
		op   byte
		text string
	}
	var lines []line
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			lines = append(lines, line{' ', a[i]})
			i++
			j++
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			lines = append(lines, line{'-', a[i]})
			i++
		default:
			lines = append(lines, line{'+', b[j]})
			j++
		}
	}

	const context = 2
	var out strings.Builder
	for k, l := range lines {
		near := false
		for d := -context; d <= context; d++ {
			if k+d >= 0 && k+d < len(lines) && lines[k+d].op != ' ' {
				near = true
			}
		}
		if near {
			fmt.Fprintf(&out, "%c %s\n", l.op, l.text)
		}
	}
	return out.String()
}
