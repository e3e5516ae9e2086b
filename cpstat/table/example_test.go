package table_test

import (
	"fmt"
	"os"

	"github.com/cpstat/cpstat/cpstat/table"
)

// A two-column regression table in English. The first column has no control; the second adds fiscal
// capacity and year fixed effects.
func ExampleWriteText() {
	reg := table.Regression{
		Lang:   table.En,
		Labels: table.Labels{"cp": {En: "Common prosperity"}, "balance": {En: "Balancing policy"}, "expen": {En: "Fiscal capacity"}, "province": {En: "Province"}, "year": {En: "Year"}},
		Columns: []table.Column{
			{
				DepVar:       "cp",
				Coefs:        []table.Coef{{Term: "balance", Estimate: 0.994, StdErr: 0.187, Stat: 5.314, PValue: 0.00001}},
				FixedEffects: []string{"province"},
				Stats:        []table.Stat{table.StatN(510), table.StatR2(0.155)},
			},
			{
				DepVar: "cp",
				Coefs: []table.Coef{
					{Term: "balance", Estimate: 0.061, StdErr: 0.032, Stat: 1.930, PValue: 0.063},
					{Term: "expen", Estimate: -0.126, StdErr: 0.136, Stat: -0.928, PValue: 0.361},
				},
				FixedEffects: []string{"province", "year"},
				Stats:        []table.Stat{table.StatN(510), table.StatR2(0.988)},
			},
		},
	}

	if err := table.WriteText(os.Stdout, reg, table.TextOptions{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ======================================
	//                    Common prosperity
	//                   --------------------
	//                      (1)        (2)
	// --------------------------------------
	// Balancing policy    0.994***    0.061*
	//                    (5.314)     (1.930)
	// Fiscal capacity                -0.126
	//                               (-0.928)
	// Province FE          Yes        Yes
	// Year FE                         Yes
	// N                 510         510
	// R²                  0.155       0.988
	// ======================================
	// Note: * p < 0.1, ** p < 0.05, *** p < 0.01; t statistics in parentheses.
}

// A descriptive-statistics grid as a Markdown pipe table in Chinese.
func ExampleWriteMarkdown() {
	grid := table.Grid{
		Labels: table.Labels{"balance": {Zh: "平衡性干预政策"}},
		Header: [][]table.Head{{{Code: "variable"}, {Code: "N"}, {Code: "mean"}, {Code: "sd"}}},
		Rows:   [][]table.Value{{table.Code("balance"), table.Int(510), table.Num(9.115), table.Num(0.902)}},
	}
	if err := table.WriteMarkdown(os.Stdout, grid, table.MarkdownOptions{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// | 变量 | 观测值 | 均值 | 标准差 |
	// | :--- | :---: | :---: | :---: |
	// | 平衡性干预政策 | 510 | 9.115 | 0.902 |
}

// Several tables in one XLSX file, one sheet each.
func ExampleWorkbook() {
	grid := table.Grid{Rows: [][]table.Value{{table.Text("x"), table.Num(1)}}}
	var wb table.Workbook
	if err := wb.Add("描述性统计", grid); err != nil {
		fmt.Println(err)
		return
	}
	if err := wb.Add("Sheet/2", grid); err != nil {
		fmt.Println(err)
	}
	// Output:
	// table: invalid sheet name "Sheet/2": a sheet name may not contain any of : \ / ? * [ ]
}
