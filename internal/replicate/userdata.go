package replicate

import (
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/province"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/data"
)

// measuredVars are the paper variables that chapters compute and add to the panel; a mapping may name a
// column for them that the data do not have yet, and the measuring chapter then writes it.
var measuredVars = []string{"cp", "prosperity", "commonality", "capital", "tfp"}

// alternativeVars are the alternative policy measures the chapters use besides the paper's variables.
var alternativeVars = []string{"invest_tilt", "post2003_cw"}

// MappingError reports a variable mapping that cannot work: a name that is none of the paper's variables,
// or a column the data do not have.
type MappingError struct {
	Name    string   // the paper variable, as given
	Column  string   // the column it maps to
	Unknown bool     // Name is not one of the paper's variables
	Closest []string // nearest known names (Unknown) or columns of the data
}

func (e *MappingError) Error() string {
	hint := ""
	if len(e.Closest) > 0 {
		quoted := make([]string, len(e.Closest))
		for i, c := range e.Closest {
			quoted[i] = strconv.Quote(c)
		}
		hint = fmt.Sprintf(" (closest: %s)", strings.Join(quoted, ", "))
	}
	if e.Unknown {
		return fmt.Sprintf("variable mapping %s=%s: %q is not one of the paper's variables%s; the names are %s",
			e.Name, e.Column, e.Name, hint, strings.Join(knownVars(), ", "))
	}
	return fmt.Sprintf("variable mapping %s=%s: the data have no column %q%s; check the spelling of the column",
		e.Name, e.Column, e.Column, hint)
}

// knownVars lists the names a mapping may use: the paper's variables, its controls and the alternative
// policy measures, sorted.
func knownVars() []string {
	seen := map[string]bool{}
	if vars, err := data.PaperVariables(); err == nil {
		for _, v := range vars {
			seen[v.Code] = true
		}
	}
	for _, list := range [][]string{paperControls, measuredVars, alternativeVars} {
		for _, v := range list {
			seen[v] = true
		}
	}
	out := make([]string, 0, len(seen))
	for v := range seen {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// checkMapping rejects mappings whose name is unknown or whose column the panel lacks (measured variables
// excepted, since a chapter writes them).
func checkMapping(vars map[string]string, p *cpstat.Panel) error {
	known := knownVars()
	names := make([]string, 0, len(vars))
	for name := range vars {
		names = append(names, name)
	}
	sort.Strings(names)
	columns := p.Names()
	for _, name := range names {
		column := vars[name]
		if !contains(known, name) {
			return &MappingError{Name: name, Column: column, Unknown: true, Closest: cpstat.ClosestNames(name, known, 3)}
		}
		if contains(measuredVars, name) || contains(columns, column) {
			continue
		}
		return &MappingError{Name: name, Column: column, Closest: cpstat.ClosestNames(column, columns, 3)}
	}
	return nil
}

// declarePanel makes the user's table a panel, resolving province names in any spelling (北京市, Beijing)
// to the two-letter codes the embedded capital inputs and the regional chapters use. When most entities
// are provinces, one that names none is an error. When most are not (counties, cities), the entities
// are kept as they are, and the returned notes state which parts cannot run.
func declarePanel(t *cpstat.Table, english bool) (*cpstat.Panel, []Note, error) {
	p, err := t.Panel(cpstat.ResolveProvinces())
	var unknown *cpstat.UnknownProvinceError
	if err == nil {
		return p, resolvedNote(t, p, english), nil
	}
	if !errors.As(err, &unknown) {
		return p, nil, err
	}
	if unknown.Known > unknown.Total {
		// Mostly provinces: a misspelt one would silently cost every chapter its regions and capital stock.
		return nil, nil, fmt.Errorf("%w. The other entities are provinces, and the regional chapters and the capital stock need all of them: correct these names in the file", err)
	}
	p, err = t.Panel()
	example := ""
	if len(unknown.Names) > 0 {
		example = unknown.Names[0].Value
	}
	notes := []Note{{Chapter: "data", Text: pickLang(english,
		fmt.Sprintf("列 %s 的个体不是省份（如 %s，共 %d 个），保留原样：依赖东中西部划分和内置资本存量投入的部分会说明未估计。", unknown.Column, example, unknown.Total),
		fmt.Sprintf("The entities of column %s are not provinces (%d of them, such as %s), so they are kept as they are: parts that need the East/Central/West split or the embedded capital inputs say they were not estimated.", unknown.Column, unknown.Total, example))}}
	if err == nil {
		if groups := cpstat.SimilarEntities(p.Entities()); len(groups) > 0 {
			var zh, en []string
			for _, g := range groups[:min(len(groups), 5)] {
				zh = append(zh, strings.Join(g, " 与 "))
				en = append(en, strings.Join(g, " and "))
			}
			notes = append(notes, Note{Chapter: "data", Text: pickLang(english,
				fmt.Sprintf("列 %s 中 %s 只差一个行政区划用字或空格，现作为不同个体处理；如果它们是同一个单位，请在文件中统一写法。", unknown.Column, strings.Join(zh, "；")),
				fmt.Sprintf("In column %s, %s differ only by an administrative word or spaces and are treated as separate units; if each pair is one unit, use one spelling in the file.", unknown.Column, strings.Join(en, "; ")))})
		}
	}
	return p, notes, err
}

// pickLang returns en when english is true and zh otherwise.
func pickLang(english bool, zh, en string) string {
	if english {
		return en
	}
	return zh
}

// resolvedNote says so when province names were replaced by codes, because panel_measured.csv and the
// tables then show the codes.
func resolvedNote(t *cpstat.Table, p *cpstat.Panel, english bool) []Note {
	raw := t.DataFrame.Col(p.EntityColumn()).Records()
	codes := p.Keys()
	for i, name := range raw {
		if i < len(codes) && name != codes[i].Entity {
			return []Note{{Chapter: "data", Text: pickLang(english,
				fmt.Sprintf("省份名称已统一为两位代码（如 %s → %s），表格和 panel_measured.csv 中的 %s 列为代码。", name, codes[i].Entity, p.EntityColumn()),
				fmt.Sprintf("Province names were replaced by two-letter codes (%s → %s), so the tables and the %s column of panel_measured.csv show the codes.", name, codes[i].Entity, p.EntityColumn()))}}
		}
	}
	return nil
}

// userLabels labels a user's columns: a column mapped to a paper variable gets the paper's name for it
// (without the embedded data's proxy remarks), and every other column keeps its own name.
func userLabels(vars map[string]string) table.Labels {
	labels := table.Labels{}
	for code, l := range paperLabels() {
		labels[code] = l
	}
	for name, column := range vars {
		if l, ok := labels[name]; ok {
			labels[column] = l
		}
	}
	return labels
}

// paperLabels returns the paper's names of its variables in both languages.
func paperLabels() table.Labels {
	labels := table.Labels{}
	vars, err := data.PaperVariables()
	if err != nil {
		return labels
	}
	for _, v := range vars {
		labels[v.Code] = table.Label{Zh: v.LabelZh, En: v.LabelEn}
	}
	return labels
}

// writeMeasuredPanel writes the run's final panel, with every measured column the chapters added, as
// panel_measured.csv: numbers in shortest round-trip form, missing values as empty cells.
func writeMeasuredPanel(p *cpstat.Panel, out string) (string, error) {
	path := filepath.Join(out, "panel_measured.csv")
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	w := csv.NewWriter(f)
	names := p.Names()
	columns := make([][]string, len(names))
	df := p.DataFrame()
	for j, name := range names {
		if x, err := p.Float(name); err == nil && name != p.EntityColumn() && name != p.TimeColumn() {
			cells := make([]string, len(x))
			for i, v := range x {
				if !math.IsNaN(v) {
					cells[i] = strconv.FormatFloat(v, 'g', -1, 64)
				}
			}
			columns[j] = cells
			continue
		}
		columns[j] = df.Col(name).Records()
	}
	if err := w.Write(names); err != nil {
		f.Close()
		return "", err
	}
	row := make([]string, len(names))
	for i := 0; i < p.Len(); i++ {
		for j := range names {
			row[j] = columns[j][i]
		}
		if err := w.Write(row); err != nil {
			f.Close()
			return "", err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

// unitWords names the panel's entities in Chinese and English: 省份 and provinces when every entity is
// a province (the embedded panel, or a user's province panel), otherwise 个体 and units.
func (r *Run) unitWords() (zh, en string) {
	for _, e := range r.Panel.Entities() {
		if _, ok := province.Lookup(e); !ok {
			return "个体", "units"
		}
	}
	return "省份", "provinces"
}
