package main

import (
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-gota/gota/series"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/province"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/data"
)

// dataFlags are the flags every estimation command shares for choosing and reading its data.
type dataFlags struct {
	path  string
	sheet string
	id    string
	time  string

	encoding   string
	titleRows  string
	headerRows int
	unitsRow   int
	percent    string
	ambiguous  string
	missing    string
	wide       string

	fs    *flag.FlagSet // the command's flags, to tell whether --json was given
	notes []string      // reader notes on --data (Table.Notes) and on how the keys were read
}

// addDataFlags declares --data, --sheet, --id and --time, and the reader flags for yearbook exports.
func addDataFlags(fs *flag.FlagSet) *dataFlags {
	d := &dataFlags{fs: fs}
	fs.StringVar(&d.path, "data", "", "CSV or XLSX `file` to analyse (default: the embedded 30-province panel)")
	fs.StringVar(&d.sheet, "sheet", "", "XLSX worksheet `name` (default: the first sheet)")
	fs.StringVar(&d.id, "id", "province", "entity (panel unit) `column`")
	fs.StringVar(&d.time, "time", "year", "time `column` (integer periods such as years)")
	fs.StringVar(&d.encoding, "encoding", "auto", "text encoding of a CSV file: auto, utf8, gbk or gb18030")
	fs.StringVar(&d.titleRows, "title-rows", "auto", "`rows` above the header to skip: a number, or auto to detect title lines such as 数据库：分省年度数据")
	fs.IntVar(&d.headerRows, "header-rows", 1, "number of `rows` that make up the header; names join the non-empty cells of merged or stacked headers")
	fs.IntVar(&d.unitsRow, "units-row", 0, "1-based `row` within the header rows that holds units (亿元, 万人); 0 for none")
	fs.StringVar(&d.percent, "percent", "reject", "numeric cells such as 12.5%: reject, fraction (0.125), number (12.5) or missing")
	fs.StringVar(&d.ambiguous, "ambiguous", "reject", "numeric cells whose commas are not thousands separators, such as 1,2: reject or missing")
	fs.StringVar(&d.missing, "na", "", "comma-separated further `texts` that numeric columns read as missing, besides NA, N/A, NULL, . and dashes")
	fs.StringVar(&d.wide, "wide", "", "read a wide layout (one row per entity, one column per year such as 2017 or 2017年) and\n"+
		"reshape it to long: the values go to column `NAME`, the entity column is --id and the years go to --time")
	return d
}

// readOptions turns the reader flags into cpstat read options.
func (d *dataFlags) readOptions() ([]cpstat.ReadOption, error) {
	var opts []cpstat.ReadOption
	switch strings.ToLower(d.encoding) {
	case "", "auto":
	case "utf8", "utf-8":
		opts = append(opts, cpstat.WithEncoding(cpstat.EncodingUTF8))
	case "gbk":
		opts = append(opts, cpstat.WithEncoding(cpstat.EncodingGBK))
	case "gb18030":
		opts = append(opts, cpstat.WithEncoding(cpstat.EncodingGB18030))
	default:
		return nil, usagef("--encoding %q: use auto, utf8, gbk or gb18030", d.encoding)
	}

	if d.titleRows != "" && d.titleRows != "auto" {
		n, err := strconv.Atoi(d.titleRows)
		if err != nil || n < 0 {
			return nil, usagef("--title-rows %q: give a number of rows (0 for none) or auto", d.titleRows)
		}
		if n == 0 {
			n = cpstat.NoRows
		}
		opts = append(opts, cpstat.WithTitleRows(n))
	}

	if d.headerRows < 1 {
		return nil, usagef("--header-rows %d: the header has at least one row", d.headerRows)
	}
	if d.headerRows > 1 {
		opts = append(opts, cpstat.WithHeaderRows(d.headerRows))
	}
	if d.unitsRow < 0 || d.unitsRow > d.headerRows {
		return nil, usagef("--units-row %d: give a row between 1 and --header-rows (%d), or 0 for none", d.unitsRow, d.headerRows)
	}
	if d.unitsRow > 0 && d.headerRows < 2 {
		return nil, usagef("--units-row %d needs a header of at least two rows, one for the names and one for the units; add --header-rows 2", d.unitsRow)
	}
	if d.unitsRow > 0 {
		opts = append(opts, cpstat.WithUnitsRow(d.unitsRow))
	}

	switch d.percent {
	case "", "reject":
	case "fraction":
		opts = append(opts, cpstat.WithPercent(cpstat.PercentAsFraction))
	case "number":
		opts = append(opts, cpstat.WithPercent(cpstat.PercentAsNumber))
	case "missing":
		opts = append(opts, cpstat.WithPercent(cpstat.PercentAsMissing))
	default:
		return nil, usagef("--percent %q: use reject, fraction, number or missing", d.percent)
	}

	switch d.ambiguous {
	case "", "reject":
	case "missing":
		opts = append(opts, cpstat.WithAmbiguousNumbers(cpstat.AmbiguousAsMissing))
	default:
		return nil, usagef("--ambiguous %q: use reject or missing", d.ambiguous)
	}

	if d.missing != "" {
		opts = append(opts, cpstat.WithMissingValues(strings.Split(d.missing, ",")...))
	}
	return opts, nil
}

// readTable reads --data with the reader flags, reshaping a wide layout under --wide, and records
// the reader's notes (see addNotes).
func (d *dataFlags) readTable(e *env) (*cpstat.Table, error) {
	opts, err := d.readOptions()
	if err != nil {
		return nil, err
	}
	if d.wide != "" {
		// WithWide names the time column "year"; --time names it here.
		opts = append(opts, cpstat.WithWide(d.id, d.wide), func(s *cpstat.ReadSettings) { s.Wide.TimeName = d.time })
	} else {
		opts = append(opts, cpstat.WithKeys(d.id, d.time))
	}
	t, err := d.read(opts)
	if err != nil {
		return nil, d.wideKeyError(err)
	}
	d.addNotes(e, t.Notes...)
	return t, nil
}

// read reads --data with opts, choosing the reader by the file's extension.
func (d *dataFlags) read(opts []cpstat.ReadOption) (*cpstat.Table, error) {
	switch strings.ToLower(filepath.Ext(d.path)) {
	case ".xlsx", ".xlsm":
		return cpstat.ReadXLSX(d.path, d.sheet, opts...)
	case ".csv", ".txt", "":
		return cpstat.ReadCSV(d.path, opts...)
	}
	return nil, fmt.Errorf("--data %s: unsupported file type; give a .csv or .xlsx file (save .xls and .dta files as CSV first)", d.path)
}

// addNotes records notes about reading --data for the JSON field reader_notes and, without --json,
// writes them to stderr.
func (d *dataFlags) addNotes(e *env, notes ...string) {
	d.notes = append(d.notes, notes...)
	if json := d.fs.Lookup("json"); json != nil && json.Value.String() == "true" {
		return
	}
	for _, n := range notes {
		fmt.Fprintf(e.stderr, "note: %s: %s\n", d.path, n)
	}
}

// readerReport is the part of a command's JSON document that reports how --data was read.
type readerReport struct {
	// ReaderNotes lists what the reader did beyond plain parsing, such as an encoding detected or
	// cells read as missing, and how the keys were read. It is empty for the embedded panel.
	ReaderNotes []string `json:"reader_notes"`
}

func (d *dataFlags) report() readerReport { return readerReport{ReaderNotes: orEmpty(d.notes)} }

// load reads the chosen data as a panel keyed by --id and --time.
func (d *dataFlags) load(e *env) (*cpstat.Panel, error) {
	if d.path == "" {
		return cpstat.EmbeddedPanel()
	}
	t, err := d.readTable(e)
	if err != nil {
		return nil, err
	}
	if err := d.checkKeys(t, true, true); err != nil {
		return nil, err
	}
	return d.panel(e, t)
}

// panel declares t a panel keyed by --id and --time. Two spellings of one province in --id (北京 and
// 北京市) would make two units with a fixed effect and a cluster each, so the names are then resolved to
// two-letter codes with a note. With non-provinces among the entities, merging is unsafe and the
// doubled spellings are an error. Another text column of province names in mixed spellings gets a
// note, because as a fixed effect or cluster it would split those provinces too.
func (d *dataFlags) panel(e *env, t *cpstat.Table) (*cpstat.Panel, error) {
	p, err := t.Panel()
	if err != nil {
		return nil, err
	}
	d.noteMixedSpellings(e, p)
	doubled, unknown := provinceSpellings(p.Entities())
	if len(doubled) == 0 {
		if len(unknown) > 0 {
			d.noteSimilarEntities(e, p.Entities())
		}
		return p, nil
	}
	if len(unknown) > 0 {
		others := fmt.Sprintf("%q is not a province name", unknown[0])
		if len(unknown) > 1 {
			others = fmt.Sprintf("%q and %d other values are not province names", unknown[0], len(unknown)-1)
		}
		return nil, fmt.Errorf("--data %s: column %s: %s name the same province, so they would be separate panel units; "+
			"%s, so cpstat cannot merge the spellings for you: use one spelling per province",
			d.path, d.id, strings.Join(doubled, "; "), others)
	}
	if p, err = t.Panel(cpstat.ResolveProvinces()); err != nil {
		return nil, err
	}
	d.addNotes(e, fmt.Sprintf("column %s: %s name the same province, so every province name was replaced by its two-letter code (%d units)",
		d.id, strings.Join(doubled, "; "), len(p.Entities())))
	return p, nil
}

// noteMixedSpellings adds a note for each text column other than the entity whose values all name
// provinces, some of them in two spellings.
func (d *dataFlags) noteMixedSpellings(e *env, p *cpstat.Panel) {
	df := p.DataFrame()
	for _, name := range df.Names() {
		col := df.Col(name)
		if name == p.EntityColumn() || col.Type() != series.String {
			continue
		}
		values := map[string]bool{}
		var distinct []string
		for _, v := range col.Records() {
			if v != "" && !values[v] {
				values[v] = true
				distinct = append(distinct, v)
			}
		}
		if doubled, unknown := provinceSpellings(distinct); len(doubled) > 0 && len(unknown) == 0 {
			d.addNotes(e, fmt.Sprintf("column %s: %s name the same province, so as a fixed effect or cluster this column "+
				"would count them twice; give it as --id, which merges the spellings, or use one spelling per province",
				name, strings.Join(doubled, "; ")))
		}
	}
}

// noteSimilarEntities adds a note for entity names that differ only by an administrative word or
// spaces (安平 and 安平县), which the panel counts as separate units.
func (d *dataFlags) noteSimilarEntities(e *env, names []string) {
	groups := cpstat.SimilarEntities(names)
	if len(groups) == 0 {
		return
	}
	var parts []string
	for _, g := range groups[:min(len(groups), 5)] {
		parts = append(parts, strings.Join(quoteAll(g), " and "))
	}
	d.addNotes(e, fmt.Sprintf("column %s: %s differ only by an administrative word or spaces, so they are separate panel units; "+
		"if each pair is one unit, use one spelling in the file", d.id, strings.Join(parts, "; ")))
}

// provinceSpellings groups names by the province they name and returns, for each province named in
// more than one spelling, a text such as "北京" and "北京市" (BJ) (at most five), and the names that are
// not provinces.
func provinceSpellings(names []string) (doubled, unknown []string) {
	spellings := map[string][]string{} // province code → the distinct spellings naming it
	var codes []string
	for _, name := range names {
		prov, ok := province.Lookup(name)
		if !ok {
			unknown = append(unknown, name)
			continue
		}
		if len(spellings[prov.Code]) == 0 {
			codes = append(codes, prov.Code)
		}
		spellings[prov.Code] = append(spellings[prov.Code], name)
	}
	for _, c := range codes {
		if len(spellings[c]) > 1 && len(doubled) < 5 {
			doubled = append(doubled, fmt.Sprintf("%s (%s)", strings.Join(quoteAll(spellings[c]), " and "), c))
		}
	}
	return doubled, unknown
}

// quoteAll returns each string in double quotes.
func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// tableLabels returns the row labels of the text tables. The embedded panel uses its codebook,
// whose labels mark its public proxies (balance is 平衡性干预政策(公开数据代理)). That remark would
// be false for --data, so there only the model variables of Hong, Jiang and Liu (2023) get labels,
// their names in that study (data.PaperVariables), and every other column keeps its name.
func (d *dataFlags) tableLabels() (table.Labels, error) {
	if d.path == "" {
		return cpstat.CodebookLabels()
	}
	vars, err := data.PaperVariables()
	if err != nil {
		return nil, err
	}
	labels := make(table.Labels, len(vars))
	for _, v := range vars {
		labels[v.Code] = table.Label{Zh: v.LabelZh, En: v.LabelEn}
	}
	return labels, nil
}
