package replicate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/data"
	"github.com/cpstat/cpstat/plots"
)

// Config selects the data, language and output folder of a replication run. The zero value (plus Out)
// runs on the embedded public data with Chinese labels.
type Config struct {
	Out  string     // output folder, created if missing
	Lang plots.Lang // label language of tables and figures

	// DataPath is a CSV or XLSX panel to replicate on instead of the embedded data set; Sheet picks the
	// XLSX worksheet, Entity and Time name the key columns (default "province" and "year").
	DataPath string
	Sheet    string
	Entity   string
	Time     string

	// Table, when set, is DataPath already read, with whatever reader settings the file needs (encoding,
	// header rows, a wide layout); DataPath is then only checksummed and recorded.
	Table *cpstat.Table

	// Seed seeds every random procedure (bootstrap, placebo, MCMC); a run with the same seed writes the
	// same numbers on any number of cores.
	Seed int64

	// Chapters, when not empty, runs only the chapters with these IDs, plus every earlier chapter marked
	// Measures (the index, capital stock and TFP that later chapters use as variables).
	Chapters []string

	// Vars maps the paper's variable names (balance, cp, expen, …) to panel columns, for a user whose data
	// name them differently or who brings the real series (e.g. construction-land approvals as balance).
	// A name not in the map is its own column.
	Vars map[string]string

	// TrendVariable is the variable plotted by region in the data chapter; empty means household
	// consumption per capita, the embedded proxy for index indicator 1.
	TrendVariable string

	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// Chapter is one step of the replication.
type Chapter struct {
	Order   int    // position in the run, ascending
	ID      string // short name used in file names and --chapters, e.g. "data"
	TitleZh string
	TitleEn string
	AboutZh string // what the chapter estimates, one paragraph for the report
	AboutEn string

	// Measures marks a chapter that adds measured columns (index, capital stock, TFP) to the panel, so
	// it also runs when only later chapters are selected.
	Measures bool

	Run func(r *Run) error
}

var chapters []Chapter

func register(c Chapter) {
	for _, old := range chapters {
		if old.ID == c.ID {
			panic("replicate: chapter registered twice: " + c.ID)
		}
	}
	chapters = append(chapters, c)
	sort.SliceStable(chapters, func(i, j int) bool { return chapters[i].Order < chapters[j].Order })
}

// Chapters returns the registered chapters in run order.
func Chapters() []Chapter { return append([]Chapter(nil), chapters...) }

// Output is one file the run wrote.
type Output struct {
	Chapter string   `json:"chapter"`
	Kind    string   `json:"kind"` // "table" or "figure"
	Name    string   `json:"name"`
	Title   string   `json:"title"`
	Files   []string `json:"files"`

	html   string // the table as HTML, for the report
	detail bool   // the report links the table's files instead of showing it
}

// Note is a remark a chapter records for the reader: a proxy used, a model that could not run and why.
type Note struct {
	Chapter string `json:"chapter"`
	Text    string `json:"text"`
}

// Run is the state of one replication run, passed to every chapter.
type Run struct {
	Ctx    context.Context
	Config Config
	Panel  *cpstat.Panel // grows as chapters add measured columns
	Labels table.Labels  // codebook labels plus labels chapters add

	chapter  string
	outputs  []Output
	notes    []Note
	timings  map[string]time.Duration
	workbook table.Workbook
	sheets   map[string]bool
	log      io.Writer

	controlsNoted bool
}

// Lang returns the table language matching the run's figure language.
func (r *Run) Lang() table.Lang {
	if r.Config.Lang == plots.English {
		return table.En
	}
	return table.Zh
}

// Text picks the Chinese or English string for the run's language.
func (r *Run) Text(zh, en string) string {
	if r.Config.Lang == plots.English {
		return en
	}
	return zh
}

// Var returns the panel column that plays the role of one of the paper's variables.
func (r *Run) Var(name string) string {
	if col, ok := r.Config.Vars[name]; ok && col != "" {
		return col
	}
	return name
}

// paperControls are the control variables of every model in the paper (REPLICATION.md): fiscal capacity,
// financial development, price level and openness.
var paperControls = []string{"expen", "finan", "cpi", "open"}

// Controls returns the columns of the paper's control variables that exist in the panel with at least one
// value, and records a note naming each control the data lack, once per run.
func (r *Run) Controls() []string {
	var out, missing []string
	for _, c := range paperControls {
		col := r.Var(c)
		x, err := r.Panel.Float(col)
		if err != nil || !anyFinite(x) {
			missing = append(missing, c)
			continue
		}
		out = append(out, col)
	}
	if len(missing) > 0 && !r.controlsNoted {
		r.controlsNoted = true
		r.Notef("%s", r.Text("数据中缺少控制变量 "+strings.Join(missing, "、")+"，模型在其余控制变量下估计。",
			"the data lack control variable(s) "+strings.Join(missing, ", ")+"; models use the remaining controls."))
	}
	return out
}

func anyFinite(x []float64) bool {
	for _, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			return true
		}
	}
	return false
}

// Label returns the run-language label of a variable code.
func (r *Run) Label(code string) string { return r.Labels.Lookup(code, r.Lang()) }

// Unit returns the unit of a column: from the data file's units row when it had one, otherwise from the
// embedded codebook; "" when neither knows it.
func (r *Run) Unit(code string) string {
	if u := r.Panel.Unit(code); u != "" {
		return u
	}
	if v, ok := data.Lookup(code); ok {
		if zh, ok := unitsZh[v.Unit]; ok && r.Config.Lang == plots.Chinese {
			return zh
		}
		return v.Unit
	}
	return ""
}

// unitsZh translates the units of the embedded codebook, which are written in English, for Chinese
// figures and tables.
var unitsZh = map[string]string{
	"100 million yuan":                 "亿元",
	"100 million yuan, 2000 prices":    "亿元，2000 年价格",
	"10k US dollars":                   "万美元",
	"10k persons":                      "万人",
	"10k yuan":                         "万元",
	"count":                            "个",
	"dummy":                            "虚拟变量",
	"index":                            "指数",
	"index (0–1)":                      "指数（0—1）",
	"km":                               "公里",
	"km per km²":                       "公里/平方公里",
	"km²":                              "平方公里",
	"ln(10k persons)":                  "ln(万人)",
	"ln(yuan per person, 2000 prices)": "ln(元/人，2000 年价格)",
	"per 10k persons":                  "每万人",
	"percent":                          "%",
	"ratio":                            "比值",
	"yuan":                             "元",
	"yuan per USD":                     "元/美元",
	"yuan per person":                  "元/人",
	"yuan per person, 2000 prices":     "元/人，2000 年价格",
}

// Theme returns the figure theme for the run's language.
func (r *Run) Theme() plots.Theme { return plots.DefaultTheme(r.Config.Lang) }

// Logf writes a progress line.
func (r *Run) Logf(format string, args ...any) {
	fmt.Fprintf(r.log, "[%s] %s\n", r.chapter, fmt.Sprintf(format, args...))
}

// Notef records a note for the reader under the current chapter and logs it.
func (r *Run) Notef(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	r.notes = append(r.notes, Note{Chapter: r.chapter, Text: text})
	r.Logf("note: %s", text)
}

// Table writes t in every table format as tables/NAME.* and adds it as a sheet of tables.xlsx; the report
// shows it inline.
func (r *Run) Table(name, title string, t table.Table) error {
	return r.writeTable(name, title, t, false)
}

// DetailTable writes t like Table, but the report links its files instead of showing it, for listings too
// long to read inline (one row per specification, say).
func (r *Run) DetailTable(name, title string, t table.Table) error {
	return r.writeTable(name, title, t, true)
}

func (r *Run) writeTable(name, title string, t table.Table, detail bool) error {
	dir := filepath.Join(r.Config.Out, "tables")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	writers := []struct {
		ext   string
		write func(io.Writer, table.Table) error
	}{
		{".txt", func(w io.Writer, t table.Table) error { return table.WriteText(w, t, table.TextOptions{}) }},
		{".md", func(w io.Writer, t table.Table) error { return table.WriteMarkdown(w, t, table.MarkdownOptions{}) }},
		{".html", func(w io.Writer, t table.Table) error { return table.WriteHTML(w, t, table.HTMLOptions{}) }},
		{".tex", func(w io.Writer, t table.Table) error {
			return table.WriteLaTeX(w, t, table.LaTeXOptions{Label: "tab:" + name})
		}},
		{".csv", func(w io.Writer, t table.Table) error { return table.WriteCSV(w, t, table.CSVOptions{BOM: true}) }},
	}
	out := Output{Chapter: r.chapter, Kind: "table", Name: name, Title: title, detail: detail}
	var html bytes.Buffer
	if err := table.WriteHTML(&html, t, table.HTMLOptions{}); err != nil {
		return fmt.Errorf("table %s: %w", name, err)
	}
	out.html = html.String()
	for _, wr := range writers {
		path := filepath.Join(dir, name+wr.ext)
		if err := writeFile(path, func(w io.Writer) error { return wr.write(w, t) }); err != nil {
			return fmt.Errorf("table %s: %w", name, err)
		}
		out.Files = append(out.Files, r.rel(path))
	}
	sheet := sheetName(name, r.sheets)
	if err := r.workbook.Add(sheet, t); err != nil {
		return fmt.Errorf("table %s: workbook sheet %q: %w", name, sheet, err)
	}
	r.outputs = append(r.outputs, out)
	r.Logf("table %s", name)
	return nil
}

// Figure writes f as figures/NAME.png (300 dpi) and figures/NAME.svg.
func (r *Run) Figure(name, title string, f *plots.Figure) error {
	dir := filepath.Join(r.Config.Out, "figures")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	paths, err := f.SaveAll(filepath.Join(dir, name))
	if err != nil {
		return fmt.Errorf("figure %s: %w", name, err)
	}
	out := Output{Chapter: r.chapter, Kind: "figure", Name: name, Title: title}
	for _, p := range paths {
		out.Files = append(out.Files, r.rel(p))
	}
	r.outputs = append(r.outputs, out)
	r.Logf("figure %s", name)
	return nil
}

func (r *Run) rel(path string) string {
	if rel, err := filepath.Rel(r.Config.Out, path); err == nil {
		return filepath.ToSlash(rel)
	}
	return path
}

// sheetName shortens a table name to Excel's 31-character sheet limit, keeping names unique.
func sheetName(name string, used map[string]bool) string {
	base := name
	if len([]rune(base)) > 31 {
		base = string([]rune(base)[:31])
	}
	candidate := base
	for i := 2; used[candidate]; i++ {
		suffix := fmt.Sprintf("~%d", i)
		candidate = string([]rune(base)[:min(len([]rune(base)), 31-len(suffix))]) + suffix
	}
	used[candidate] = true
	return candidate
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ChapterError lists the chapters that failed in a run.
type ChapterError struct {
	Failed map[string]error
}

func (e *ChapterError) Error() string {
	ids := make([]string, 0, len(e.Failed))
	for id := range e.Failed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var parts []string
	for _, id := range ids {
		parts = append(parts, fmt.Sprintf("chapter %s: %v", id, e.Failed[id]))
	}
	noun := "chapters"
	if len(ids) == 1 {
		noun = "chapter"
	}
	return fmt.Sprintf("%d %s failed: %s", len(ids), noun, strings.Join(parts, "; "))
}

// Manifest records what a run produced and from what.
type Manifest struct {
	Version      string            `json:"cpstat_version"`
	Started      time.Time         `json:"started"`
	Seconds      float64           `json:"seconds"`
	DataSource   string            `json:"data_source"`
	DataSHA256   string            `json:"data_sha256"`
	Lang         string            `json:"lang"`
	Seed         int64             `json:"seed"`
	Vars         map[string]string `json:"vars,omitempty"`
	Chapters     []string          `json:"chapters"`
	ChapterTimes map[string]string `json:"chapter_seconds"`
	Failed       map[string]string `json:"failed,omitempty"`
	Outputs      []Output          `json:"outputs"`
	Notes        []Note            `json:"notes"`
}

// Version is the cpstat version written into manifests; the CLI sets it.
var Version = "dev"

// Replicate runs the selected chapters on the embedded data set, or on cfg.DataPath when set, and writes
// their outputs, report.html and manifest.json under cfg.Out. The manifest is returned and written even
// when some chapters fail; the error then is a *ChapterError.
func Replicate(ctx context.Context, cfg Config) (*Manifest, error) {
	if cfg.Out == "" {
		return nil, errors.New("no output folder given")
	}
	panel, notes, source, checksum, err := loadData(cfg)
	if err != nil {
		return nil, err
	}
	if err := checkMapping(cfg.Vars, panel); err != nil {
		return nil, err
	}
	if _, err := selectChapters(cfg.Chapters); err != nil {
		return nil, err
	}
	// The output folder is made only once the data and settings are known to be usable, so a rejected
	// run leaves nothing behind.
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, err
	}
	labels := userLabels(cfg.Vars)
	if cfg.DataPath == "" {
		if labels, err = cpstat.CodebookLabels(); err != nil {
			return nil, err
		}
	}
	return runChapters(ctx, cfg, panel, labels, notes, source, checksum)
}

// loadData returns the panel to replicate on with a description of its source and the SHA-256 of its bytes.
func loadData(cfg Config) (*cpstat.Panel, []Note, string, string, error) {
	if cfg.DataPath == "" {
		panel, err := cpstat.EmbeddedPanel()
		sum := sha256.Sum256(data.PanelCSV())
		return panel, nil, "embedded:data/" + data.PanelFile, hex.EncodeToString(sum[:]), err
	}
	raw, err := os.ReadFile(cfg.DataPath)
	if err != nil {
		return nil, nil, "", "", err
	}
	sum := sha256.Sum256(raw)
	if cfg.Table != nil {
		panel, notes, err := declarePanel(cfg.Table, cfg.Lang == plots.English)
		return panel, append(readerNotes(cfg.Table), notes...), cfg.DataPath, hex.EncodeToString(sum[:]), err
	}
	entity, period := cfg.Entity, cfg.Time
	if entity == "" {
		entity = "province"
	}
	if period == "" {
		period = "year"
	}
	var t *cpstat.Table
	switch strings.ToLower(filepath.Ext(cfg.DataPath)) {
	case ".xlsx", ".xlsm":
		t, err = cpstat.ReadXLSX(cfg.DataPath, cfg.Sheet, cpstat.WithKeys(entity, period))
	default:
		t, err = cpstat.ReadCSV(cfg.DataPath, cpstat.WithKeys(entity, period))
	}
	if err != nil {
		return nil, nil, "", "", err
	}
	panel, notes, err := declarePanel(t, cfg.Lang == plots.English)
	return panel, append(readerNotes(t), notes...), cfg.DataPath, hex.EncodeToString(sum[:]), err
}

// readerNotes turns what the reader did to a user's file (an encoding detected, cells read as missing)
// into notes of the data chapter.
func readerNotes(t *cpstat.Table) []Note {
	var notes []Note
	for _, n := range t.Notes {
		notes = append(notes, Note{Chapter: "data", Text: t.Source + ": " + n})
	}
	return notes
}

func runChapters(ctx context.Context, cfg Config, panel *cpstat.Panel, labels table.Labels, notes []Note, source, checksum string) (*Manifest, error) {
	log := cfg.Log
	if log == nil {
		log = io.Discard
	}
	r := &Run{Ctx: ctx, Config: cfg, Panel: panel, Labels: labels, notes: notes, timings: map[string]time.Duration{},
		sheets: map[string]bool{}, log: log}
	m := &Manifest{Version: Version, Started: time.Now().UTC(), DataSource: source, DataSHA256: checksum,
		Lang: cfg.Lang.String(), Seed: cfg.Seed, Vars: cfg.Vars, ChapterTimes: map[string]string{}}

	selected, err := selectChapters(cfg.Chapters)
	if err != nil {
		return nil, err
	}
	failed := map[string]error{}
	for _, c := range selected {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r.chapter = c.ID
		r.Logf("start: %s", r.Text(c.TitleZh, c.TitleEn))
		start := time.Now()
		if err := c.Run(r); err != nil {
			failed[c.ID] = err
			r.Logf("FAILED: %v", err)
		}
		r.timings[c.ID] = time.Since(start)
		m.Chapters = append(m.Chapters, c.ID)
		m.ChapterTimes[c.ID] = fmt.Sprintf("%.3f", r.timings[c.ID].Seconds())
	}
	r.chapter = "output"
	if len(r.outputs) > 0 {
		path := filepath.Join(cfg.Out, "tables.xlsx")
		if err := r.workbook.Save(path); err != nil {
			failed["output"] = fmt.Errorf("tables.xlsx: %w", err)
		}
	}
	if path, err := writeMeasuredPanel(r.Panel, cfg.Out); err != nil {
		failed["output"] = fmt.Errorf("panel_measured.csv: %w", err)
	} else {
		r.outputs = append(r.outputs, Output{Chapter: "output", Kind: "data", Name: "panel_measured",
			Title: r.Text("含测算变量的面板", "Panel with the measured variables"), Files: []string{r.rel(path)}})
	}
	m.Outputs, m.Notes = r.outputs, r.notes
	m.Seconds = time.Since(m.Started).Seconds()
	if len(failed) > 0 {
		m.Failed = map[string]string{}
		for id, err := range failed {
			m.Failed[id] = err.Error()
		}
	}
	if err := writeReport(r, m, selected); err != nil {
		failed["report"] = err
		if m.Failed == nil {
			m.Failed = map[string]string{}
		}
		m.Failed["report"] = err.Error()
	}
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	if err := os.WriteFile(filepath.Join(cfg.Out, "manifest.json"), append(raw, '\n'), 0o644); err != nil {
		return m, err
	}
	if len(failed) > 0 {
		return m, &ChapterError{Failed: failed}
	}
	return m, nil
}

func selectChapters(ids []string) ([]Chapter, error) {
	if len(ids) == 0 {
		return Chapters(), nil
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	last := -1 << 31
	for _, c := range chapters {
		if want[c.ID] {
			last = max(last, c.Order)
		}
	}
	var out []Chapter
	for _, c := range chapters {
		if want[c.ID] || (c.Measures && c.Order < last) {
			out = append(out, c)
			delete(want, c.ID)
		}
	}
	if len(want) > 0 {
		var known, unknown []string
		for _, c := range chapters {
			known = append(known, c.ID)
		}
		for id := range want {
			unknown = append(unknown, id)
		}
		sort.Strings(unknown)
		return nil, fmt.Errorf("unknown chapter(s) %s; chapters are %s", strings.Join(unknown, ", "), strings.Join(known, ", "))
	}
	return out, nil
}
