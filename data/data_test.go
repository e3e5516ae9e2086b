package data

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat/province"
)

// parsedFile is a data file read into memory with its header indexed.
type parsedFile struct {
	header []string
	col    map[string]int
	rows   [][]string
}

func parseFile(t *testing.T, name string, b []byte) parsedFile {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s does not parse: %v", name, err)
	}
	f := parsedFile{header: records[0], col: map[string]int{}, rows: records[1:]}
	for i, h := range f.header {
		f.col[h] = i
	}
	return f
}

// value returns the number in column code for a province-year, failing the test when absent.
func (f parsedFile) value(t *testing.T, code string, prov string, year int) float64 {
	t.Helper()
	c, ok := f.col[code]
	if !ok {
		t.Fatalf("column %q not found", code)
	}
	for _, r := range f.rows {
		if r[0] == prov && r[4] == strconv.Itoa(year) {
			v, err := strconv.ParseFloat(r[c], 64)
			if err != nil {
				t.Fatalf("%s %s %d: %q is not a number", code, prov, year, r[c])
			}
			return v
		}
	}
	t.Fatalf("no row for %s %d", prov, year)
	return 0
}

func TestEmbeddedFilesParse(t *testing.T) {
	for name, b := range map[string][]byte{
		"panel.csv": panelCSV, "capital_inputs.csv": capitalInputsCSV, "codebook.csv": codebookCSV,
		"indicators.csv": indicatorsCSV, "paper_variables.csv": paperVariablesCSV, "coverage.csv": coverageCSV,
		"crosscheck.csv": crosscheckCSV,
	} {
		f := parseFile(t, name, b)
		if len(f.rows) == 0 {
			t.Errorf("%s has no data rows", name)
		}
	}
	if _, err := Codebook(); err != nil {
		t.Error(err)
	}
	if _, err := Indicators(); err != nil {
		t.Error(err)
	}
	if _, err := PaperVariables(); err != nil {
		t.Error(err)
	}
	if _, err := Coverage(); err != nil {
		t.Error(err)
	}
	if _, err := CrossChecks(); err != nil {
		t.Error(err)
	}
}

func TestNumbersRoundTrip(t *testing.T) {
	for name, b := range map[string][]byte{"panel.csv": panelCSV, "capital_inputs.csv": capitalInputsCSV} {
		f := parseFile(t, name, b)
		for i, r := range f.rows {
			for j := 5; j < len(r); j++ {
				if r[j] == "" {
					continue
				}
				v, err := strconv.ParseFloat(r[j], 64)
				if err != nil {
					t.Fatalf("%s line %d column %s: %q is not a number", name, i+2, f.header[j], r[j])
				}
				if got := strconv.FormatFloat(v, 'g', -1, 64); got != r[j] {
					t.Fatalf("%s line %d column %s: %q is not in shortest round-trip form (%q)", name, i+2, f.header[j], r[j], got)
				}
			}
		}
	}
}

// TestPanelKeys checks 30 provinces × 2000–2017 in NBS order with no duplicate keys and consistent labels.
func TestPanelKeys(t *testing.T) {
	checkKeys(t, "panel.csv", panelCSV, 2000, 2017)
	checkKeys(t, "capital_inputs.csv", capitalInputsCSV, 1952, 2017)
}

func checkKeys(t *testing.T, name string, b []byte, first, last int) {
	t.Helper()
	f := parseFile(t, name, b)
	wantKeys := []string{"province", "province_zh", "province_en", "region", "year"}
	if strings.Join(f.header[:5], ",") != strings.Join(wantKeys, ",") {
		t.Fatalf("%s key columns = %q, want %q", name, f.header[:5], wantKeys)
	}
	years := last - first + 1
	if got, want := len(f.rows), 30*years; got != want {
		t.Fatalf("%s has %d rows, want %d (30 provinces × %d years)", name, got, want, years)
	}
	seen := map[string]bool{}
	for i, r := range f.rows {
		p := province.Sample()[i/years]
		year := first + i%years
		if r[0] != p.Code || r[4] != strconv.Itoa(year) {
			t.Fatalf("%s line %d is %s %s, want %s %d (NBS order, then year)", name, i+2, r[0], r[4], p.Code, year)
		}
		if r[1] != p.Short || r[2] != p.English || r[3] != p.Region.String() {
			t.Errorf("%s line %d labels %q %q %q, want %q %q %q", name, i+2, r[1], r[2], r[3], p.Short, p.English, p.Region)
		}
		k := r[0] + "/" + r[4]
		if seen[k] {
			t.Errorf("%s: duplicate key %s", name, k)
		}
		seen[k] = true
	}
}

func TestColumnsMatchCodebook(t *testing.T) {
	vars, err := Codebook()
	if err != nil {
		t.Fatal(err)
	}
	for file, b := range map[string][]byte{PanelFile: panelCSV, CapitalInputsFile: capitalInputsCSV} {
		f := parseFile(t, file, b)
		var documented []string
		for _, v := range vars {
			if v.File == file {
				documented = append(documented, v.Code)
			}
		}
		if strings.Join(documented, ",") != strings.Join(f.header, ",") {
			t.Errorf("%s columns and codebook rows differ:\ncolumns  %s\ncodebook %s", file,
				strings.Join(f.header, ","), strings.Join(documented, ","))
		}
	}
	for _, v := range vars {
		if v.LabelZh == "" || v.LabelEn == "" || v.Unit == "" || v.Source == "" || v.Transform == "" {
			t.Errorf("codebook %s %s: label, unit, source or transform is empty", v.File, v.Code)
		}
		switch v.Status {
		case "key", "paper", "proxy", "input", "alternative":
		default:
			t.Errorf("codebook %s %s: status %q is not key|paper|proxy|input|alternative", v.File, v.Code, v.Status)
		}
		if v.Status == "proxy" && (v.PaperVariable == "" || v.Note == "") {
			t.Errorf("codebook %s: a proxy must name the paper variable it serves and say why", v.Code)
		}
	}
}

// TestCodebookCoverageIsCounted compares the codebook's count and years with the panel cells.
func TestCodebookCoverageIsCounted(t *testing.T) {
	f := parseFile(t, PanelFile, panelCSV)
	vars, _ := Codebook()
	for _, v := range vars {
		if v.File != PanelFile || v.Status == "key" {
			continue
		}
		n, first, last := 0, 0, 0
		for _, r := range f.rows {
			if r[f.col[v.Code]] == "" {
				continue
			}
			n++
			y, _ := strconv.Atoi(r[4])
			if first == 0 || y < first {
				first = y
			}
			last = max(last, y)
		}
		if n != v.NonMissing || first != v.FirstYear || last != v.LastYear {
			t.Errorf("%s: codebook says %d values %d–%d, panel has %d values %d–%d", v.Code, v.NonMissing,
				v.FirstYear, v.LastYear, n, first, last)
		}
	}
}

// TestReadmeNamesEveryColumn keeps the provenance tables of README.md in step with the data files.
func TestReadmeNamesEveryColumn(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	vars, _ := Codebook()
	for _, v := range vars {
		if v.Status != "key" && !bytes.Contains(readme, []byte("| `"+v.Code+"` |")) {
			t.Errorf("README.md has no table row for %s column %s", v.File, v.Code)
		}
	}
}

func TestLookupLabels(t *testing.T) {
	v, ok := Lookup("balance")
	if !ok {
		t.Fatal("Lookup(balance) found nothing")
	}
	if v.File != PanelFile || v.Status != "proxy" || v.Label("zh") == "" || v.Label("en") == v.Label("zh") {
		t.Errorf("Lookup(balance) = %+v; want a panel proxy with distinct Chinese and English labels", v)
	}
	if _, ok := Lookup("no_such_column"); ok {
		t.Error("Lookup(no_such_column) reported a match")
	}
}

// balanceInputs are the columns behind the balance proxy. No index indicator may use them, because the
// outcome index would then contain the regressor.
var balanceInputs = map[string]bool{"exp_education": true, "exp_health": true, "exp_transport": true,
	"exp_public_real_pc": true, "balance": true}

func TestIndicatorsMapToPanel(t *testing.T) {
	inds, err := Indicators()
	if err != nil {
		t.Fatal(err)
	}
	if len(inds) != 30 {
		t.Fatalf("%d indicators, want 30", len(inds))
	}
	f := parseFile(t, PanelFile, panelCSV)
	for i, in := range inds {
		if want := "ind" + twoDigits(i+1); in.ID != want {
			t.Errorf("indicator %d has id %s, want %s", i+1, in.ID, want)
		}
		switch in.Status {
		case "present", "proxy":
			if _, ok := f.col[in.Column]; !ok {
				t.Errorf("%s: column %q is not in panel.csv", in.ID, in.Column)
			}
		case "missing":
			if in.Column != "" {
				t.Errorf("%s is missing but names column %q", in.ID, in.Column)
			}
		default:
			t.Errorf("%s: status %q is not present|proxy|missing", in.ID, in.Status)
		}
		if in.Direction != "+" && in.Direction != "-" {
			t.Errorf("%s: direction %q is not + or -", in.ID, in.Direction)
		}
		if balanceInputs[in.Column] {
			t.Errorf("%s uses %s, a series behind the balance proxy", in.ID, in.Column)
		}
		if v, ok := Lookup(in.Column); ok {
			for _, src := range strings.Split(v.SourceField, ", ") {
				if balanceInputs[src] {
					t.Errorf("%s: column %s is derived from %s, a series behind the balance proxy", in.ID, in.Column, src)
				}
			}
		}
	}
	// Hong, Jiang and Liu (2023) Table 1: indicators 1–24 are prosperity, 25–30 commonality.
	if inds[23].DimensionEn != "Prosperity" || inds[24].DimensionEn != "Commonality" {
		t.Errorf("dimension split at ind24/ind25 is %s/%s", inds[23].DimensionEn, inds[24].DimensionEn)
	}
	// The paper marks the urban/rural income ratio +. A larger ratio is a wider gap, so the data ship it as
	// a cost indicator (−) and keep the paper's sign in DirectionPaper.
	if inds[27].DirectionPaper != "+" || inds[27].Direction != "-" {
		t.Errorf("ind28 directions %q (paper %q), want - (paper +)", inds[27].Direction, inds[27].DirectionPaper)
	}
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func TestPaperVariablesMapToColumns(t *testing.T) {
	pvs, err := PaperVariables()
	if err != nil {
		t.Fatal(err)
	}
	f := parseFile(t, PanelFile, panelCSV)
	want := []string{"cp", "prosperity", "commonality", "balance", "expen", "finan", "cpi", "open", "capital", "labor",
		"tfp", "transfer", "post2003", "urgap", "flo", "domicile_p", "domicile_f", "tech", "industry", "market", "digital"}
	if len(pvs) != len(want) {
		t.Fatalf("%d paper variables, want %d", len(pvs), len(want))
	}
	for i, pv := range pvs {
		if pv.Code != want[i] {
			t.Errorf("paper variable %d is %s, want %s", i, pv.Code, want[i])
		}
		if pv.Status == "present" || pv.Status == "proxy" {
			if _, ok := f.col[pv.Columns]; !ok {
				t.Errorf("%s (%s): column %q is not in panel.csv", pv.Code, pv.Status, pv.Columns)
			}
		}
	}
}

func TestCoverageMatchesPanel(t *testing.T) {
	rows, err := Coverage()
	if err != nil {
		t.Fatal(err)
	}
	f := parseFile(t, PanelFile, panelCSV)
	if len(rows) != len(f.header)-5 {
		t.Fatalf("coverage has %d variables, panel has %d", len(rows), len(f.header)-5)
	}
	for _, row := range rows {
		c := f.col[row.Variable]
		for j, y := range row.Years {
			n := 0
			for _, r := range f.rows {
				if r[4] == strconv.Itoa(y) && r[c] != "" {
					n++
				}
			}
			if n != row.Counts[j] {
				t.Errorf("coverage %s %d = %d, panel has %d", row.Variable, y, row.Counts[j], n)
			}
		}
	}
}

// TestSpotChecks compares single cells with the values that the source notes quote for the named source
// or yearbook table (the China Statistical Yearbook 2011 for most 2010 values). Tolerances are half a unit in
// the last digit the source publishes, except CPI, where CSMAR stores 102.4001 for the published 102.4.
func TestSpotChecks(t *testing.T) {
	panel := parseFile(t, PanelFile, panelCSV)
	capital := parseFile(t, CapitalInputsFile, capitalInputsCSV)
	cases := []struct {
		name      string
		file      parsedFile
		column    string
		prov      string
		year      int
		want, tol float64
	}{
		{"WD GDP Beijing 2010, CSY-2011", panel, "gdp", "BJ", 2010, 14113.58, 0.005},
		{"CHNCapitalStock GFCF Beijing 2010", panel, "gfcf", "BJ", 2010, 5342.40, 0.005},
		{"CHNCapitalStock InvestPrice Beijing 2010", capital, "invest_deflator", "BJ", 2010, 1.7167, 0.00005},
		{"CSMAR CPI Beijing 2010", panel, "cpi", "BJ", 2010, 102.4, 0.001},
		{"YeTian GRP index Beijing 2010", panel, "gdp_index", "BJ", 2010, 110.4, 0.05},
		{"RenJiyi budget expenditure Beijing 2005", panel, "budget_exp", "BJ", 2005, 1058.31, 0.005},
		{"RenJiyi budget expenditure Beijing 2010", panel, "budget_exp", "BJ", 2010, 2717.32, 0.005},
		{"RenJiyi budget expenditure Beijing 2017", panel, "budget_exp", "BJ", 2017, 6824.53, 0.005},
		{"carbondata FAI Beijing 2010", panel, "fai", "BJ", 2010, 5403.0, 0.05},
		{"carbondata highway Beijing 2010", panel, "highway", "BJ", 2010, 21114, 0.5},
		{"carbondata railway Beijing 2010", panel, "railway", "BJ", 2010, 1169.4, 0.05},
		{"yearbook urban DI Beijing 2010", panel, "urban_di_old", "BJ", 2010, 29073, 0.5},
		{"yearbook urban DI Beijing 2017 (integrated survey)", panel, "urban_di_new", "BJ", 2017, 62406, 0.5},
		{"yearbook all-resident DI Beijing 2017", panel, "all_di_new", "BJ", 2017, 57229.8, 0.05},
		{"Fujian YB 2021 table 6-3 urban DI Fujian 2015", panel, "urban_di_new", "FJ", 2015, 33275, 0.5},
		{"XPCC YB 2020 urban DI Fujian 2016", panel, "urban_di_new", "FJ", 2016, 36014, 0.5},
	}
	for _, c := range cases {
		got := c.file.value(t, c.column, c.prov, c.year)
		if math.Abs(got-c.want) > c.tol {
			t.Errorf("%s: %s = %v, want %v ± %v", c.name, c.column, got, c.want, c.tol)
		}
	}
}

// TestDerivedColumnsByHand recomputes derived Beijing 2010 cells from their inputs with the formulas of
// the codebook, so that a change in a formula or a unit shows up.
func TestDerivedColumnsByHand(t *testing.T) {
	f := parseFile(t, PanelFile, panelCSV)
	v := func(code string, year int) float64 { return f.value(t, code, "BJ", year) }
	const tol = 1e-9

	// CPI chained: 2000 = 100, then × cpi/100.
	chain := 100.0
	for y := 2001; y <= 2010; y++ {
		chain *= v("cpi", y) / 100
	}
	realPC := (v("exp_education", 2010) + v("exp_health", 2010) + v("exp_transport", 2010)) * 1e4 / v("pop", 2010) / (chain / 100)
	gdpReal := v("gdp", 2000)
	for y := 2001; y <= 2010; y++ {
		gdpReal *= v("gdp_index", y) / 100
	}
	checks := []struct {
		code string
		want float64
	}{
		{"cpi_2000", chain},
		{"balance", math.Log(realPC)},
		{"real_gdp", gdpReal},
		{"labor", math.Log(v("employment", 2010))},
		{"open", v("exports_usd", 2010) * v("usd_cny", 2010) / 1e4 / v("gdp", 2010)},
		{"expen", v("budget_exp", 2010) / v("gdp", 2010)},
		{"tech", v("patents", 2010) / v("pop", 2010)},
		{"industry", v("va_tertiary", 2010) / v("va_secondary", 2010)},
		{"market", v("private_emp", 2010) / v("employment", 2010)},
		{"road_rail_density", (v("highway", 2010) + v("railway", 2010)) / v("land_area", 2010)},
		{"post2003", 1},
		{"post2003_cw", 0}, // Beijing is East
	}
	for _, c := range checks {
		if got := v(c.code, 2010); math.Abs(got-c.want) > tol*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s Beijing 2010 = %v, recomputed %v", c.code, got, c.want)
		}
	}

	// invest_tilt shares sum to one when weighted by GDP shares: Σ tilt × gdp share = Σ fai share = 1.
	var sumGDP, weighted float64
	for _, p := range province.Sample() {
		sumGDP += f.value(t, "gdp", p.Code, 2010)
	}
	for _, p := range province.Sample() {
		weighted += f.value(t, "invest_tilt", p.Code, 2010) * f.value(t, "gdp", p.Code, 2010) / sumGDP
	}
	if math.Abs(weighted-1) > 1e-12 {
		t.Errorf("GDP-weighted invest_tilt 2010 sums to %v, want 1", weighted)
	}
}

// TestSurveyBreakNotSpliced checks that urgap never pairs values across the 2013 household-survey break.
func TestSurveyBreakNotSpliced(t *testing.T) {
	f := parseFile(t, PanelFile, panelCSV)
	for _, r := range f.rows {
		year, _ := strconv.Atoi(r[4])
		gap := r[f.col["urgap"]]
		if gap == "" {
			continue
		}
		old := r[f.col["urban_di_old"]] != "" && r[f.col["rural_ni_old"]] != ""
		integrated := r[f.col["urban_di_new"]] != "" && r[f.col["rural_di_new"]] != ""
		if year < 2013 && !old || year >= 2013 && !integrated {
			t.Errorf("%s %d: urgap %s is not built from one survey's pair", r[0], year, gap)
		}
	}
}
