package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Families of bad input through the command line. A data problem exits 1 with one line that names the
// file, the row or key, the column and the fix; a documented result exits 0. No command may panic, which
// the test binary would report as a crash.

// writeBadFile writes data to a file of that name in a temporary folder and returns its path.
func writeBadFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// basePanelCSV is 3 entities × 3 years with a varying y and x, a constant c, a single cluster g and a
// column w constant within entities.
const basePanelCSV = "id,year,y,x,c,g,w\n" +
	"a,2001,2,1,5,1,1\na,2002,5,3,5,1,1\na,2003,3,2,5,1,1\n" +
	"b,2001,9,5,5,1,2\nb,2002,8,4,5,1,2\nb,2003,12,7,5,1,2\n" +
	"c,2001,3,2,5,1,4\nc,2002,4,2,5,1,4\nc,2003,15,9,5,1,4\n"

func TestBadInputCLIDataErrors(t *testing.T) {
	base := writeBadFile(t, "base.csv", []byte(basePanelCSV))
	keys := []string{"--id", "id", "--time", "year"}
	cases := []struct {
		name string
		args []string
		want []string // substrings of the error line
	}{
		{"missing entity key", []string{"fe", "--data", writeBadFile(t, "miss.csv", []byte("id,year,y,x\na,2001,2,1\n,2002,5,3\n")),
			"--formula", "y ~ x | id"}, []string{"miss.csv", "line 3", "(id)", "Fill in"}},
		{"duplicate keys", []string{"fe", "--data", writeBadFile(t, "dup.csv", []byte("id,year,y,x\na,2001,2,1\na,2001,5,3\n")),
			"--formula", "y ~ x | id"}, []string{"dup.csv", "a/2001", "lines 2, 3", "remove or aggregate"}},
		{"constant outcome", []string{"ols", "--data", base, "--formula", "c ~ x"}, []string{"response c is constant"}},
		{"outcome constant within entities", []string{"fe", "--data", base, "--formula", "w ~ x | id"}, []string{"response w does not vary within the fixed effects id"}},
		{"single cluster", []string{"fe", "--data", base, "--formula", "y ~ x | id", "--vcov", "cluster:g"}, []string{"every row of the sample has g = 1, so the sample has only 1 cluster"}},
		{"window without rows", []string{"fe", "--data", base, "--formula", "y ~ x | id", "--window", "2030:2031"}, []string{"no panel row lies in the sample", "2001–2003"}},
		{"all rows singletons", []string{"fe", "--data", writeBadFile(t, "one.csv", []byte("id,year,y,x\na,2001,2,1\nb,2001,5,3\nc,2001,4,4\n")),
			"--formula", "y ~ x | id"}, []string{"singleton"}},
		{"unknown column", []string{"fe", "--data", base, "--formula", "y ~ xx | id"}, []string{`"xx"`, `"x"`, "Run 'cpstat help fe'"}},
		{"entropy of constant indicators", []string{"entropy", "--data", base, "--indicators", "c"}, []string{"constant", "(c)"}},
		{"DEA with a zero input", []string{"dea", "--data", writeBadFile(t, "dea.csv", []byte("id,year,x,y\na,2001,2,1\nb,2001,0,2\nc,2001,3,4\n")),
			"--inputs", "x", "--outputs", "y"}, []string{`unit "b"`, "is 0", "positive"}},
		{"percent without a scale", []string{"describe", "--data", writeBadFile(t, "pct.csv", []byte("id,year,share\na,2001,12.5%\nb,2001,3%\n"))},
			[]string{"pct.csv", "12.5%"}},
		{"ambiguous number", []string{"describe", "--data", writeBadFile(t, "amb.csv", []byte("id,year,v\na,2001,\"1,2\"\nb,2001,3\n"))},
			[]string{"amb.csv", "1,2"}},
		{"bytes valid in no supported encoding", []string{"describe", "--data", writeBadFile(t, "bad.csv", []byte("id,year,v\na,2001,\xff\xfe\xfd\n"))},
			[]string{"bad.csv", "cannot decode", "line 2", "UTF-8"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string(nil), tc.args...), keys...)
			code, out, errOut := runCLI(t, args...)
			wantCode := 1 // a data error
			if slices.ContainsFunc(tc.want, func(w string) bool { return strings.HasPrefix(w, "Run 'cpstat help") }) {
				wantCode = 2 // a formula naming an unknown column is a command-line error
			}
			if code != wantCode {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, wantCode, out, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q lacks %q", errOut, w)
				}
			}
			if strings.Contains(errOut, ": usage") {
				t.Errorf("stderr %q ends the message with the usage marker", errOut)
			}
			if wantCode == 1 && strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("error spans several lines: %q", errOut)
			}
		})
	}
}

func TestBadInputCLIReadsMessyFiles(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("省份,年份,值,x\n黑龙江,2020,1.5,1\n黑龙江,2021,2.5,3\n内蒙古,2020,2,2\n内蒙古,2021,4,1\n")
	if err != nil {
		t.Fatal(err)
	}
	bom := "\xef\xbb\xbf省份,年份,值\n黑龙江,2020,\"1,234.5\"\n内蒙古,2020,\" 29,492 \"\n"

	book := excelize.NewFile()
	for cell, v := range map[string]any{"A1": "省份", "B1": "年份", "C1": "值", "A2": "黑龙江", "B2": 2020, "C2": "1,234.5",
		"B3": 2021, "C3": "29,492", "A4": "内蒙古", "B4": 2020, "C4": 3} {
		if err := book.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := book.MergeCell("Sheet1", "A2", "A3"); err != nil { // one province name over two years
		t.Fatal(err)
	}
	xlsxPath := filepath.Join(t.TempDir(), "merged.xlsx")
	if err := book.SaveAs(xlsxPath); err != nil {
		t.Fatal(err)
	}
	book.Close()

	cases := []struct {
		name string
		path string
		n    int
		mean float64
	}{
		{"GBK", writeBadFile(t, "gbk.csv", []byte(gbk)), 4, 2.5},
		{"BOM and numbers as text", writeBadFile(t, "bom.csv", []byte(bom)), 2, (1234.5 + 29492) / 2},
		{"Excel with merged key cells and numbers as text", xlsxPath, 3, (1234.5 + 29492 + 3) / 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "describe", "--data", tc.path, "--id", "省份", "--time", "年份", "--vars", "值", "--json")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var stats []struct {
				Variable string   `json:"variable"`
				N        int      `json:"n"`
				Mean     *float64 `json:"mean"`
			}
			decodeDescribe(t, out, &stats)
			if len(stats) != 1 || stats[0].Variable != "值" || stats[0].N != tc.n || stats[0].Mean == nil {
				t.Fatalf("statistics %+v, want 值 with N = %d", stats, tc.n)
			}
			if got := *stats[0].Mean; fmt.Sprintf("%.6g", got) != fmt.Sprintf("%.6g", tc.mean) {
				t.Errorf("mean %v, want %v", got, tc.mean)
			}
		})
	}
}

// Results that are documented rather than errors: rows dropped with their keys, collinear regressors
// named, a QRPD objective of 0 giving null standard errors, failed bootstrap draws counted.
func TestBadInputCLIDocumentedResults(t *testing.T) {
	t.Run("non-finite values and a collinear regressor", func(t *testing.T) {
		path := writeBadFile(t, "nf.csv", []byte("id,year,y,x,w\na,2001,2,1,1\na,2002,Inf,3,1\na,2003,3,2,1\n"+
			"b,2001,9,5,2\nb,2002,8,NaN,2\nb,2003,12,7,2\nc,2001,3,2,4\nc,2002,4,2,4\nc,2003,15,9,4\n"))
		v := runRegressJSON(t, "fe", "--data", path, "--id", "id", "--time", "year", "--formula", "y ~ x + w | id")
		if v.NObs != 7 {
			t.Errorf("nobs = %d, want 9 − 2 = 7", v.NObs)
		}
		reasons := map[string]string{}
		for _, d := range v.Dropped {
			for _, r := range d.Rows {
				reasons[fmt.Sprintf("%s/%d", r.Entity, r.Time)] = d.Reason
			}
		}
		if len(reasons) != 2 || !strings.Contains(reasons["a/2002"], "infinite") || !strings.Contains(reasons["b/2002"], "missing") {
			t.Errorf("dropped rows %v, want a/2002 infinite and b/2002 missing", reasons)
		}
		if len(v.DroppedRegressors) != 1 || v.DroppedRegressors[0].Term != "w" {
			t.Errorf("dropped regressors %+v, want w", v.DroppedRegressors)
		}
	})

	t.Run("QRPD objective of 0", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("id,year,x,y\n")
		for i := 0; i < 12; i++ {
			for tt := 0; tt < 5; tt++ {
				x := float64(i) + 3*float64((i*7+tt*3)%11)/10
				fmt.Fprintf(&b, "u%02d,%d,%v,%v\n", i, 2001+tt, x, 5*float64(i)+0.5*x)
			}
		}
		path := writeBadFile(t, "sep.csv", []byte(b.String()))
		code, out, errOut := runCLI(t, "qrpd", "--data", path, "--id", "id", "--time", "year", "--formula", "y ~ x",
			"--taus", "0.5", "--quiet", "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var v struct {
			Quantiles []struct {
				Objective    float64 `json:"objective"`
				Coefficients []struct {
					Term     string   `json:"term"`
					StdError *float64 `json:"std_error"`
					PValue   *float64 `json:"p_value"`
				} `json:"coefficients"`
				Notes []string `json:"notes"`
			} `json:"quantiles"`
		}
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("decode: %v", err)
		}
		q := v.Quantiles[0]
		if q.Objective != 0 || q.Coefficients[0].StdError != nil || q.Coefficients[0].PValue != nil {
			t.Errorf("objective %v, SE %v, p %v; want 0, null, null", q.Objective, q.Coefficients[0].StdError, q.Coefficients[0].PValue)
		}
		if !strings.Contains(strings.Join(q.Notes, " "), "not identified") {
			t.Errorf("notes %q lack the reason", q.Notes)
		}
	})

	t.Run("bootstrap draws without variation", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("id,year,x,m,y\n")
		for e := 0; e < 6; e++ {
			for year := 2001; year <= 2004; year++ {
				x := 0.0
				if e == 0 {
					x = float64(year - 2000)
				}
				m := 2*x + float64((e*7+year)%5)
				fmt.Fprintf(&b, "e%d,%d,%v,%v,%v\n", e, year, x, m, 3*m+x+float64((e*3+year)%4))
			}
		}
		path := writeBadFile(t, "boot.csv", []byte(b.String()))
		code, out, errOut := runCLI(t, "mediate", "--data", path, "--id", "id", "--time", "year", "--treatment", "x",
			"--mediators", "m", "--outcome", "y", "--bootstrap", "50", "--seed", "7", "--cluster", "id", "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var v struct {
			Bootstrap *struct {
				Reps   int `json:"reps"`
				Failed int `json:"failed"`
			} `json:"bootstrap"`
		}
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("decode: %v", err)
		}
		if v.Bootstrap == nil || v.Bootstrap.Reps != 50 || v.Bootstrap.Failed == 0 {
			t.Errorf("bootstrap %+v, want 50 replicates with some failed", v.Bootstrap)
		}
	})
}
