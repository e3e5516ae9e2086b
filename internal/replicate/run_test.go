package replicate

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/data"
	"github.com/cpstat/cpstat/plots"
)

func runInto(t *testing.T, cfg Config) (*Manifest, string) {
	t.Helper()
	if cfg.Out == "" {
		cfg.Out = t.TempDir()
	}
	if _, err := plots.LoadCJKFont(); err != nil && cfg.Lang == plots.Chinese {
		t.Skip(err)
	}
	m, err := Replicate(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Replicate: %v", err)
	}
	return m, cfg.Out
}

func TestDataChapterWritesEveryFormat(t *testing.T) {
	m, out := runInto(t, Config{Chapters: []string{"data"}})
	for _, f := range []string{
		"tables/coverage.txt", "tables/coverage.md", "tables/coverage.html", "tables/coverage.tex", "tables/coverage.csv",
		"tables/descriptives_all.csv", "figures/trend_consumption_pc.png", "figures/trend_consumption_pc.svg",
		"tables.xlsx", "report.html", "manifest.json",
	} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing output %s: %v", f, err)
		}
	}
	if len(m.Chapters) != 1 || m.Chapters[0] != "data" {
		t.Errorf("chapters run = %v, want [data]", m.Chapters)
	}
	if m.DataSHA256 == "" || !strings.HasPrefix(m.DataSource, "embedded:") {
		t.Errorf("manifest data = %q %q, want the embedded source with a checksum", m.DataSource, m.DataSHA256)
	}
}

func TestReportIsSelfContained(t *testing.T) {
	_, out := runInto(t, Config{Chapters: []string{"data"}})
	raw, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	report := string(raw)
	for _, want := range []string{"data:image/png;base64,", "数据覆盖情况", "balance", "SHA-256"} {
		if !strings.Contains(report, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(report, `src="figures/`) {
		t.Error("report.html links a figure file instead of embedding it")
	}
}

func TestEnglishRunNeedsNoCJKFont(t *testing.T) {
	_, out := runInto(t, Config{Chapters: []string{"data"}, Lang: plots.English})
	raw, err := os.ReadFile(filepath.Join(out, "tables", "coverage.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "Data coverage") {
		t.Errorf("English coverage table lacks its English title:\n%s", raw[:min(len(raw), 300)])
	}
}

// A user's own CSV with other column names runs through the same chapters, with the mapping recorded.
func TestUserDataWithMapping(t *testing.T) {
	dir := t.TempDir()
	csv := strings.Replace(string(data.PanelCSV()), "province,", "省份,", 1)
	csv = strings.Replace(csv, ",year,", ",年份,", 1)
	path := filepath.Join(dir, "mine.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "cfg.json")
	cfgJSON := `{"data": "mine.csv", "entity": "省份", "time": "年份", "vars": {"balance": "invest_tilt"}, "seed": 7}`
	if err := os.WriteFile(cfgPath, []byte(cfgJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(cfgPath, Config{Chapters: []string{"data"}})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := runInto(t, cfg)
	if m.DataSource != path || m.Seed != 7 || m.Vars["balance"] != "invest_tilt" {
		t.Errorf("manifest source %q seed %d vars %v, want %s, 7 and balance=invest_tilt", m.DataSource, m.Seed, m.Vars, path)
	}
}

// writeConfig writes text as a config file in a temporary folder and returns its path.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cfg.json")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The key id names the entity column, and entity is still read as its older name.
func TestConfigIDKeyAndEntityAlias(t *testing.T) {
	for _, text := range []string{`{"id": "省份"}`, `{"entity": "省份"}`, `{"id": "省份", "entity": "省份"}`} {
		cfg, err := LoadConfig(writeConfig(t, text), Config{Entity: "province"})
		if err != nil {
			t.Errorf("%s: %v", text, err)
			continue
		}
		if cfg.Entity != "省份" {
			t.Errorf("%s: entity column %q, want 省份", text, cfg.Entity)
		}
	}
}

func TestConfigRejectsConflictingIDAndEntity(t *testing.T) {
	_, err := LoadConfig(writeConfig(t, `{"id": "省份", "entity": "地区"}`), Config{})
	if err == nil {
		t.Fatal("LoadConfig accepted id and entity with different columns")
	}
	for _, want := range []string{`"id" is "省份"`, `"entity" is "地区"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// The reader keys keep the text of the flag values: title_rows as a number or "auto", na as a list
// or one comma-separated string.
func TestConfigReaderKeys(t *testing.T) {
	fc, err := ReadConfig(writeConfig(t, `{"encoding": "gbk", "title_rows": 2, "header_rows": 2, "units_row": 2,
		"percent": "number", "ambiguous": "missing", "na": ["约3500", "—"], "wide": "gdp"}`))
	if err != nil {
		t.Fatal(err)
	}
	if fc.Encoding != "gbk" || fc.TitleRows != "2" || fc.Percent != "number" || fc.Ambiguous != "missing" || fc.Wide != "gdp" {
		t.Errorf("text keys: %+v", fc)
	}
	if fc.HeaderRows == nil || *fc.HeaderRows != 2 || fc.UnitsRow == nil || *fc.UnitsRow != 2 {
		t.Errorf("header_rows %v, units_row %v; want 2 and 2", fc.HeaderRows, fc.UnitsRow)
	}
	if strings.Join(fc.NA, "|") != "约3500|—" {
		t.Errorf("na %q, want 约3500 and —", fc.NA)
	}

	fc, err = ReadConfig(writeConfig(t, `{"title_rows": "auto", "na": "约3500,—"}`))
	if err != nil {
		t.Fatal(err)
	}
	if fc.TitleRows != "auto" || strings.Join(fc.NA, "|") != "约3500|—" {
		t.Errorf("title_rows %q, na %q; want auto, and 约3500 and —", fc.TitleRows, fc.NA)
	}

	for text, want := range map[string]string{
		`{"title_rows": true}`: "title_rows",
		`{"na": ["a,b"]}`:      "contains a comma",
		`{"na": 3}`:            "na: give an array",
	} {
		if _, err := ReadConfig(writeConfig(t, text)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one containing %q", text, err, want)
		}
	}
}

// Errors in a config file name FILE:LINE:COL, counting characters from 1, and what to fix.
func TestConfigErrorPositions(t *testing.T) {
	cases := []struct {
		name, text, position, message string
	}{
		{"trailing comma", "{\n  \"seed\": 1,\n}", ":3:1: ", "no comma may follow the last entry"},
		{"missing colon", `{"seed" 1}`, ":1:9: ", "a colon is missing"},
		{"missing comma", `{"seed": 1 "lang": "en"}`, ":1:12: ", "a comma is missing"},
		{"single quotes", `{'seed': 1}`, ":1:2: ", "double quotes"},
		{"truncated", `{"seed": 1`, ":1:11: ", "the file ends inside the JSON object"},
		{"wrong type after Chinese text", "{\n  \"id\": \"省份\", \"header_rows\": \"2\"}", ":2:30: ", "header_rows: expected a whole number, got a JSON string"},
		{"too large", `{"seed": 1e400}`, ":1:10: ", "seed: expected a whole number"},
		{"list as string", `{"chapters": "index"}`, ":1:14: ", "chapters: expected an array of strings"},
		{"unknown key", "{\n  \"data\": \"x.csv\",\n  \"sede\": 7\n}", ":3:3: ", `unknown key "sede"; did you mean "seed"?`},
		{"key decoder", `{"lang": "en", "title_rows": true}`, ":1:16: ", `title_rows: give a number of rows or "auto"`},
		{"second object", `{} {}`, ":1:4: ", "unexpected text after the JSON object"},
		{"id and entity", "{\"id\": \"a\",\n \"entity\": \"b\"}", ":2:2: ", `"id" is "a" but "entity" is "b"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeConfig(t, c.text)
			_, err := ReadConfig(path)
			if err == nil {
				t.Fatal("ReadConfig accepted the file")
			}
			if !strings.Contains(err.Error(), path+c.position) {
				t.Errorf("error %q lacks the position %s%s", err, path, c.position)
			}
			if !strings.Contains(err.Error(), c.message) {
				t.Errorf("error %q lacks %q", err, c.message)
			}
		})
	}
}

// An empty file is an error without a position, and a byte-order mark before the object is skipped.
func TestConfigEmptyFileAndByteOrderMark(t *testing.T) {
	if _, err := ReadConfig(writeConfig(t, " \n")); err == nil || !strings.Contains(err.Error(), "the file is empty") {
		t.Errorf("empty file: error %v, want one saying the file is empty", err)
	}
	fc, err := ReadConfig(writeConfig(t, "\uFEFF{\"seed\": 3}"))
	if err != nil {
		t.Fatalf("file with a byte-order mark: %v", err)
	}
	if fc.Seed == nil || *fc.Seed != 3 {
		t.Errorf("seed %v, want 3", fc.Seed)
	}
}

func TestConfigRejectsUnknownKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cfg.json")
	if err := os.WriteFile(path, []byte(`{"dta": "x.csv"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadConfig(path, Config{})
	if err == nil || !strings.Contains(err.Error(), "dta") {
		t.Errorf("error = %v, want one naming the unknown key dta", err)
	}
}

func TestUnknownChapterListsKnownOnes(t *testing.T) {
	_, err := Replicate(context.Background(), Config{Out: t.TempDir(), Chapters: []string{"nosuch"}})
	if err == nil || !strings.Contains(err.Error(), "nosuch") || !strings.Contains(err.Error(), "data") {
		t.Errorf("error = %v, want one naming nosuch and the known chapters", err)
	}
}

func TestFailedChapterIsReportedAndOthersRun(t *testing.T) {
	register(Chapter{Order: 1 << 20, ID: "always_fails_test", Run: func(*Run) error { return errors.New("boom") }})
	defer func() { chapters = chapters[:len(chapters)-1] }()
	out := t.TempDir()
	m, err := Replicate(context.Background(), Config{Out: out, Chapters: []string{"data", "always_fails_test"}, Lang: plots.English})
	var ce *ChapterError
	if !errors.As(err, &ce) || ce.Failed["always_fails_test"] == nil {
		t.Fatalf("error = %v, want a ChapterError for always_fails_test", err)
	}
	raw, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	var written Manifest
	if err := json.Unmarshal(raw, &written); err != nil {
		t.Fatal(err)
	}
	if written.Failed["always_fails_test"] != "boom" || len(m.Outputs) == 0 {
		t.Errorf("manifest failed = %v with %d outputs, want boom and the data chapter's outputs", written.Failed, len(m.Outputs))
	}
}

// A detail table is written in every format but only linked from the report.
func TestDetailTableLinkedNotInlined(t *testing.T) {
	register(Chapter{Order: 1<<20 + 1, ID: "detail_table_test", Run: func(r *Run) error {
		g := table.Grid{Title: "long listing", Header: [][]table.Head{{{Text: "x"}}},
			Rows: [][]table.Value{{table.Text("unique-cell-text")}}}
		return r.DetailTable("long_listing", "long listing", g)
	}})
	defer func() { chapters = chapters[:len(chapters)-1] }()
	out := t.TempDir()
	if _, err := Replicate(context.Background(), Config{Out: out, Chapters: []string{"detail_table_test"}, Lang: plots.English}); err != nil {
		t.Fatal(err)
	}
	report, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(report), "unique-cell-text") {
		t.Error("report.html shows the detail table inline")
	}
	if !strings.Contains(string(report), `href="tables/long_listing.csv"`) {
		t.Error("report.html does not link the detail table's CSV")
	}
	if _, err := os.Stat(filepath.Join(out, "tables", "long_listing.md")); err != nil {
		t.Errorf("detail table not written: %v", err)
	}
}

func TestMappingRejectsUnknownName(t *testing.T) {
	_, err := Replicate(context.Background(), Config{Out: t.TempDir(), Chapters: []string{"data"},
		Vars: map[string]string{"balanse": "invest_tilt"}})
	var me *MappingError
	if !errors.As(err, &me) || !me.Unknown || !strings.Contains(err.Error(), `"balance"`) {
		t.Errorf("error = %v, want an unknown-name MappingError suggesting balance", err)
	}
}

func TestMappingRejectsMissingColumn(t *testing.T) {
	_, err := Replicate(context.Background(), Config{Out: t.TempDir(), Chapters: []string{"data"},
		Vars: map[string]string{"balance": "invest_tilt2"}})
	var me *MappingError
	if !errors.As(err, &me) || me.Unknown || !strings.Contains(err.Error(), `"invest_tilt"`) {
		t.Errorf("error = %v, want a missing-column MappingError suggesting invest_tilt", err)
	}
}

// A measured variable may map to a column the data lack, because a chapter writes it.
func TestMappingAllowsMeasuredColumn(t *testing.T) {
	if err := checkMapping(map[string]string{"cp": "my_cp"}, mustEmbedded(t)); err != nil {
		t.Errorf("checkMapping(cp=my_cp) = %v, want nil", err)
	}
}

// A user panel keyed by Chinese province names gets the capital stock from the embedded inputs, which
// are keyed by two-letter codes, and the run writes the measured panel.
func TestUserPanelChineseProvinceNames(t *testing.T) {
	dir := t.TempDir()
	csv := string(data.PanelCSV())
	csv = strings.Replace(csv, "province,province_zh,", "code,省份,", 1)
	path := filepath.Join(dir, "mine.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	m, out := runInto(t, Config{DataPath: path, Entity: "省份", Chapters: []string{"factors"}, Lang: plots.English})
	raw, err := os.ReadFile(filepath.Join(out, "panel_measured.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	header := strings.Split(lines[0], ",")
	col := -1
	for j, h := range header {
		if h == "capital" {
			col = j
		}
	}
	if col < 0 {
		t.Fatalf("panel_measured.csv has no capital column; notes: %v", m.Notes)
	}
	resolved := false
	for _, n := range m.Notes {
		resolved = resolved || strings.Contains(n.Text, "北京 → BJ")
	}
	if !resolved {
		t.Errorf("no note says the province names became codes; notes: %v", m.Notes)
	}
	if len(lines) != 541 || strings.Split(lines[1], ",")[col] == "" {
		t.Errorf("panel_measured.csv: %d lines, first capital cell %q; want 541 lines and a value", len(lines), strings.Split(lines[1], ",")[col])
	}
}

// userPanelWithEntities writes the embedded panel with the province codes of its first column
// replaced by rename(code), and returns its path.
func userPanelWithEntities(t *testing.T, rename func(code string) string) string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(string(data.PanelCSV())), "\n")
	for i := 1; i < len(lines); i++ {
		code, rest, _ := strings.Cut(lines[i], ",")
		lines[i] = rename(code) + "," + rest
	}
	path := filepath.Join(t.TempDir(), "mine.csv")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// One misspelt province among 29 good ones stops the run with the name and its line, rather than
// quietly treating all 30 as non-provinces and losing the regional parts.
func TestUserPanelOneMisspeltProvince(t *testing.T) {
	path := userPanelWithEntities(t, func(code string) string {
		if code == "NM" {
			return "Inner Mongolai"
		}
		return code
	})
	_, err := Replicate(context.Background(), Config{DataPath: path, Out: t.TempDir(), Chapters: []string{"data"}})
	if err == nil || !strings.Contains(err.Error(), `"Inner Mongolai"`) || !strings.Contains(err.Error(), "closest: Inner Mongolia") ||
		!strings.Contains(err.Error(), "correct these names") {
		t.Errorf("error = %v, want the misspelt name, its suggestion and what to do", err)
	}
}

// Entities that are not provinces (counties, firms) run: the region figures become notes.
func TestUserPanelNotProvincesSkipsRegionFigures(t *testing.T) {
	path := userPanelWithEntities(t, func(code string) string { return "unit-" + code })
	m, _ := runInto(t, Config{DataPath: path, Chapters: []string{"data", "index"}, Lang: plots.English})
	var notes []string
	for _, n := range m.Notes {
		notes = append(notes, n.Text)
	}
	all := strings.Join(notes, "\n")
	for _, want := range []string{`"Mean by region: `, `"Common-prosperity composite index: mean by region" was not drawn`} {
		if !strings.Contains(all, want) {
			t.Errorf("notes lack %q:\n%s", want, all)
		}
	}
	for _, o := range m.Outputs {
		if strings.Contains(o.Name, "trend") {
			t.Errorf("a region trend figure was written for non-provinces: %s", o.Name)
		}
	}
}

func mustEmbedded(t *testing.T) *cpstat.Panel {
	t.Helper()
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfigSuggestsKnownKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cfg.json")
	if err := os.WriteFile(path, []byte(`{"sede": 7}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadConfig(path, Config{})
	if err == nil || !strings.Contains(err.Error(), `did you mean "seed"`) {
		t.Errorf("error = %v, want a suggestion of seed", err)
	}
}

// A run rejected for its settings creates no output folder.
func TestRejectedRunLeavesNoFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "never")
	_, err := Replicate(context.Background(), Config{Out: out, Vars: map[string]string{"balanse": "x"}})
	if err == nil {
		t.Fatal("Replicate accepted an unknown mapping name")
	}
	if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
		t.Errorf("output folder exists after a rejected run (stat: %v)", statErr)
	}
}

// A user's panel without the default trend variable still gets the data chapter's tables, with a
// note that names --trend-variable instead of a failed chapter.
func TestUserPanelWithoutTrendVariable(t *testing.T) {
	csv := strings.Replace(string(data.PanelCSV()), "consumption_pc", "spending", 1)
	path := filepath.Join(t.TempDir(), "mine.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	m, _ := runInto(t, Config{DataPath: path, Chapters: []string{"data"}, Lang: plots.English})
	var notes []string
	for _, n := range m.Notes {
		notes = append(notes, n.Text)
	}
	if all := strings.Join(notes, "\n"); !strings.Contains(all, "no consumption_pc") || !strings.Contains(all, "--trend-variable") {
		t.Errorf("notes do not name the missing trend variable and the flag:\n%s", all)
	}
}
