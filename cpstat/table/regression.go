package table

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Paren selects the number written in parentheses under each estimate.
type Paren int

// The choices for Regression.Paren. The zero value is the t statistic, as in Hong, Jiang and Liu (2023).
const (
	ParenT  Paren = iota // t (or z) statistic, Coef.Stat
	ParenSE              // standard error, Coef.StdErr
	ParenP               // p-value, Coef.PValue
)

// Star is one significance level: a coefficient whose p-value is strictly below P gets Symbol.
type Star struct {
	Symbol string
	P      float64
}

// DefaultStars are the thresholds used when Regression.Stars is nil: * p < 0.10, ** p < 0.05, *** p < 0.01.
var DefaultStars = []Star{{"*", 0.10}, {"**", 0.05}, {"***", 0.01}}

// defaultDecimals is the number of decimals of estimates, statistics in parentheses and grid numbers unless a
// field sets another.
const defaultDecimals = 3

// Regression is a journal regression table: the Columns side by side, one row pair per coefficient (the
// estimate with stars, then the t statistic in parentheses), indicator rows, fit statistics and notes. The
// zero value of every option field is the default.
type Regression struct {
	Title   string
	Columns []Column
	Lang    Lang   // language of fixed texts and labels; Zh by default
	Labels  Labels // display texts of terms, dependent variables, fixed-effect names and statistic keys

	// Order lists terms to put first, in this order; the other terms follow in order of first appearance
	// across columns, with the intercept last.
	Order []string
	// Keep, when not empty, lists the only terms shown. It selects rows and does not reorder them.
	Keep []string
	// Drop lists terms not shown.
	Drop []string
	// Controls lists the control variables. Unless ShowControls is set their rows are hidden and one
	// indicator row "控制变量"/"Controls" marks the columns that contain any of them.
	Controls     []string
	ShowControls bool
	// Intercept is the term of the intercept, whose row goes after the other coefficient rows as in esttab
	// and the paper. Empty means both "_cons" (Stata) and "(Intercept)" (R).
	Intercept string

	// FixedEffects, when not empty, lists the fixed-effect indicator rows in order. By default every name in
	// any Column.FixedEffects gets a row, in order of first appearance.
	FixedEffects []string
	// FixedEffectLabels gives the full row label of a fixed effect, e.g. "year" → {"年份固定效应", "Year FE"}.
	// Without an entry the label is Labels.Lookup(name) followed by "固定效应" or " FE".
	FixedEffectLabels Labels
	// ShowAbsent writes "否"/"No" in an indicator cell of a column that lacks the fixed effect or the
	// controls. By default such a cell is blank.
	ShowAbsent bool

	// Stats, when not empty, lists the only statistic keys shown, in this order. By default every key in any
	// Column.Stats is shown in order of first appearance.
	Stats []string

	// Stars are the significance levels, from the largest P to the smallest; nil means DefaultStars.
	Stars   []Star
	NoStars bool // write no stars and leave them out of the automatic note

	Paren Paren // number in parentheses; the t statistic by default
	// Decimals is the number of decimals of estimates and ParenDecimals that of the numbers in parentheses.
	// 0 means 3 for both. Statistics use their own Stat.Decimals.
	Decimals      int
	ParenDecimals int

	NoNumbers       bool // leave out the "(1) (2) …" header row
	NoDepVar        bool // leave out the dependent-variable header row
	RuleBeforeStats bool // draw a rule above the statistics, as esttab does; Chinese three-line tables have none

	// Notes are free-text lines written after the automatic note.
	Notes []string
	// NoAutoNote leaves out the automatic note that states the star thresholds and what the parentheses hold.
	NoAutoNote bool
}

// Layout checks the specification and lays out the table. It returns a *ConfigError that names the field
// when a setting is invalid: an entry of Keep, Order, Drop, Controls, FixedEffects or Stats that matches no
// column, a term or statistic key repeated within a column, a star level out of order, or decimals out of
// range.
func (r Regression) Layout() (*Layout, error) {
	if err := r.validate(); err != nil {
		return nil, err
	}
	words := textsByLang[r.Lang]
	out := &Layout{Title: r.Title, Columns: 1 + len(r.Columns)}
	out.Header = r.headerRows()

	coefRows := r.coefRows()
	out.Body = append(out.Body, coefRows...)

	indicatorRows := r.indicatorRows(words)
	out.Body = append(out.Body, indicatorRows...)

	statRows := r.statRows()
	if r.RuleBeforeStats && len(statRows) > 0 && len(out.Body) > 0 {
		statRows[0].RuleAbove = true
	}
	out.Body = append(out.Body, statRows...)

	var notes []string
	if !r.NoAutoNote {
		notes = append(notes, r.autoNote(words))
	}
	notes = append(notes, r.Notes...)
	if len(notes) > 0 {
		notes[0] = words.notePrefix + notes[0]
	}
	out.Notes = notes
	return out, nil
}

func (r Regression) validate() error {
	if !r.Lang.valid() {
		return &ConfigError{Field: "Lang", Value: r.Lang.String(), Reason: "use table.Zh or table.En"}
	}
	if len(r.Columns) == 0 {
		return &ConfigError{Field: "Columns", Value: "0 columns", Reason: "a regression table needs at least one Column"}
	}
	for i, col := range r.Columns {
		terms := make(map[string]bool, len(col.Coefs))
		for j, c := range col.Coefs {
			if c.Term == "" {
				return &ConfigError{Field: fmt.Sprintf("Columns[%d].Coefs[%d].Term", i, j), Value: "", Reason: "every coefficient needs a term name"}
			}
			if terms[c.Term] {
				return &ConfigError{Field: fmt.Sprintf("Columns[%d].Coefs[%d].Term", i, j), Value: c.Term, Reason: "the term appears twice in this column; each term may appear once"}
			}
			terms[c.Term] = true
		}
		keys := make(map[string]bool, len(col.Stats))
		for j, s := range col.Stats {
			if keys[s.Key] {
				return &ConfigError{Field: fmt.Sprintf("Columns[%d].Stats[%d].Key", i, j), Value: s.Key, Reason: "the statistic appears twice in this column; each key may appear once"}
			}
			keys[s.Key] = true
			if s.Decimals < 0 || s.Decimals > maxDecimals {
				return &ConfigError{Field: fmt.Sprintf("Columns[%d].Stats[%d].Decimals", i, j), Value: fmt.Sprint(s.Decimals), Reason: fmt.Sprintf("decimals must be between 0 and %d", maxDecimals)}
			}
		}
	}
	for _, d := range []struct {
		field string
		value int
	}{{"Decimals", r.Decimals}, {"ParenDecimals", r.ParenDecimals}} {
		if d.value < 0 || d.value > maxDecimals {
			return &ConfigError{Field: d.field, Value: fmt.Sprint(d.value), Reason: fmt.Sprintf("decimals must be between 0 (meaning %d) and %d", defaultDecimals, maxDecimals)}
		}
	}
	if r.Paren < ParenT || r.Paren > ParenP {
		return &ConfigError{Field: "Paren", Value: fmt.Sprint(int(r.Paren)), Reason: "use ParenT, ParenSE or ParenP"}
	}
	if err := validateStars(r.stars()); err != nil {
		return err
	}

	allTerms := r.allTerms()
	for _, list := range []struct {
		field string
		names []string
	}{{"Order", r.Order}, {"Keep", r.Keep}, {"Drop", r.Drop}, {"Controls", r.Controls}} {
		if err := checkNames(list.field, list.names, allTerms, "term"); err != nil {
			return err
		}
	}
	if err := checkNames("FixedEffects", r.FixedEffects, r.allFixedEffects(), "fixed effect"); err != nil {
		return err
	}
	return checkNames("Stats", r.Stats, r.allStatKeys(), "statistic key")
}

// checkNames returns a *ConfigError for the first name that is not in known.
func checkNames(field string, names, known []string, kind string) error {
	for i, name := range names {
		if !slices.Contains(known, name) {
			return &ConfigError{
				Field:  fmt.Sprintf("%s[%d]", field, i),
				Value:  name,
				Reason: fmt.Sprintf("no column has this %s; the columns have: %s", kind, strings.Join(known, ", ")),
			}
		}
	}
	return nil
}

func validateStars(stars []Star) error {
	for i, s := range stars {
		if s.Symbol == "" {
			return &ConfigError{Field: fmt.Sprintf("Stars[%d].Symbol", i), Value: "", Reason: "every level needs a symbol such as \"*\""}
		}
		if !(s.P > 0 && s.P < 1) {
			return &ConfigError{Field: fmt.Sprintf("Stars[%d].P", i), Value: fmt.Sprint(s.P), Reason: "a threshold must be strictly between 0 and 1"}
		}
		if i > 0 && !(s.P < stars[i-1].P) {
			return &ConfigError{Field: fmt.Sprintf("Stars[%d].P", i), Value: fmt.Sprint(s.P), Reason: "list the levels from the largest threshold to the smallest, e.g. 0.10, 0.05, 0.01"}
		}
	}
	return nil
}

func (r Regression) stars() []Star {
	if r.Stars == nil {
		return DefaultStars
	}
	return r.Stars
}

// starsFor returns the symbol of the smallest threshold that p is strictly below, or "" when p is not below
// any threshold or is NaN.
func starsFor(p float64, stars []Star) string {
	symbol := ""
	for _, s := range stars {
		if p < s.P {
			symbol = s.Symbol
		}
	}
	return symbol
}

func (r Regression) decimals() (estimate, paren int) {
	estimate, paren = r.Decimals, r.ParenDecimals
	if estimate == 0 {
		estimate = defaultDecimals
	}
	if paren == 0 {
		paren = defaultDecimals
	}
	return estimate, paren
}

func (r Regression) isIntercept(term string) bool {
	if r.Intercept != "" {
		return term == r.Intercept
	}
	return term == "_cons" || term == "(Intercept)"
}

// allTerms returns every term of every column in order of first appearance.
func (r Regression) allTerms() []string {
	var terms []string
	for _, col := range r.Columns {
		for _, c := range col.Coefs {
			if !slices.Contains(terms, c.Term) {
				terms = append(terms, c.Term)
			}
		}
	}
	return terms
}

func (r Regression) allFixedEffects() []string {
	var names []string
	for _, col := range r.Columns {
		for _, name := range col.FixedEffects {
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	return names
}

func (r Regression) allStatKeys() []string {
	var keys []string
	for _, col := range r.Columns {
		for _, s := range col.Stats {
			if !slices.Contains(keys, s.Key) {
				keys = append(keys, s.Key)
			}
		}
	}
	return keys
}

// shownTerms returns the terms that get rows, in display order: Order first, then first appearance with the
// intercept last, less the terms removed by Keep, Drop and hidden Controls.
func (r Regression) shownTerms() []string {
	all := r.allTerms()
	ordered := slices.Clone(r.Order)
	var intercepts []string
	for _, term := range all {
		switch {
		case slices.Contains(ordered, term):
		case r.isIntercept(term):
			intercepts = append(intercepts, term)
		default:
			ordered = append(ordered, term)
		}
	}
	ordered = append(ordered, intercepts...)

	shown := ordered[:0]
	for _, term := range ordered {
		if len(r.Keep) > 0 && !slices.Contains(r.Keep, term) {
			continue
		}
		if slices.Contains(r.Drop, term) {
			continue
		}
		if !r.ShowControls && slices.Contains(r.Controls, term) {
			continue
		}
		shown = append(shown, term)
	}
	return shown
}

func (r Regression) headerRows() []Row {
	var rows []Row

	if !r.NoDepVar && slices.ContainsFunc(r.Columns, func(c Column) bool { return c.DepVar != "" }) {
		row := Row{Cells: []Cell{{}}}
		for i := 0; i < len(r.Columns); {
			j := i + 1
			for j < len(r.Columns) && r.Columns[j].DepVar == r.Columns[i].DepVar && r.Columns[i].DepVar != "" {
				j++
			}
			text := ""
			if r.Columns[i].DepVar != "" {
				text = r.Labels.Lookup(r.Columns[i].DepVar, r.Lang)
			}
			row.Cells = append(row.Cells, Cell{Text: text, Span: j - i})
			i = j
		}
		rows = append(rows, row)
	}

	if !r.NoNumbers {
		row := Row{Cells: []Cell{{}}}
		for i := range r.Columns {
			row.Cells = append(row.Cells, Cell{Text: fmt.Sprintf("(%d)", i+1)})
		}
		rows = append(rows, row)
	}

	if slices.ContainsFunc(r.Columns, func(c Column) bool { return c.Title != "" }) {
		row := Row{Cells: []Cell{{}}}
		for _, col := range r.Columns {
			row.Cells = append(row.Cells, Cell{Text: col.Title})
		}
		rows = append(rows, row)
	}
	return rows
}

func (r Regression) coefRows() []Row {
	estimateDecimals, parenDecimals := r.decimals()
	stars := r.stars()
	var rows []Row
	for _, term := range r.shownTerms() {
		estimates := Row{Cells: []Cell{{Text: r.Labels.Lookup(term, r.Lang)}}}
		parens := Row{Cells: []Cell{{}}}
		for _, col := range r.Columns {
			i := slices.IndexFunc(col.Coefs, func(c Coef) bool { return c.Term == term })
			if i < 0 {
				estimates.Cells = append(estimates.Cells, Cell{})
				parens.Cells = append(parens.Cells, Cell{})
				continue
			}
			c := col.Coefs[i]

			estimate := numberCell(c.Estimate, estimateDecimals)
			if !r.NoStars && !math.IsNaN(c.Estimate) {
				estimate.Stars = starsFor(c.PValue, stars)
			}
			estimates.Cells = append(estimates.Cells, estimate)

			var value float64
			switch r.Paren {
			case ParenSE:
				value = c.StdErr
			case ParenP:
				value = c.PValue
			default:
				value = c.Stat
			}
			paren := numberCell(value, parenDecimals)
			paren.Parens = true
			parens.Cells = append(parens.Cells, paren)
		}
		rows = append(rows, estimates, parens)
	}
	return rows
}

func (r Regression) indicatorRows(words texts) []Row {
	indicator := func(label string, has func(Column) bool) Row {
		row := Row{Cells: []Cell{{Text: label}}}
		for _, col := range r.Columns {
			switch {
			case has(col):
				row.Cells = append(row.Cells, Cell{Text: words.present})
			case r.ShowAbsent:
				row.Cells = append(row.Cells, Cell{Text: words.absent})
			default:
				row.Cells = append(row.Cells, Cell{})
			}
		}
		return row
	}

	var rows []Row
	if len(r.Controls) > 0 && !r.ShowControls {
		rows = append(rows, indicator(words.controls, func(col Column) bool {
			return slices.ContainsFunc(col.Coefs, func(c Coef) bool { return slices.Contains(r.Controls, c.Term) })
		}))
	}

	names := r.FixedEffects
	if len(names) == 0 {
		names = r.allFixedEffects()
	}
	for _, name := range names {
		label := r.FixedEffectLabels[name].In(r.Lang)
		if label == "" {
			label = joinWords(r.Labels.Lookup(name, r.Lang), words.fixedEffect)
		}
		rows = append(rows, indicator(label, func(col Column) bool { return slices.Contains(col.FixedEffects, name) }))
	}
	return rows
}

func (r Regression) statRows() []Row {
	keys := r.Stats
	if len(keys) == 0 {
		keys = r.allStatKeys()
	}
	var rows []Row
	for _, key := range keys {
		row := Row{Cells: []Cell{{Text: r.Labels.Lookup(key, r.Lang)}}}
		for _, col := range r.Columns {
			i := slices.IndexFunc(col.Stats, func(s Stat) bool { return s.Key == key })
			if i < 0 {
				row.Cells = append(row.Cells, Cell{})
				continue
			}
			row.Cells = append(row.Cells, numberCell(col.Stats[i].Value, col.Stats[i].decimals()))
		}
		rows = append(rows, row)
	}
	return rows
}

// autoNote returns the sentence that states the star thresholds and what the parentheses hold, e.g.
// "*、**和***分别表示在10%、5%和1%的显著性水平下显著，括号内为t值。" or
// "* p < 0.1, ** p < 0.05, *** p < 0.01; t statistics in parentheses."
func (r Regression) autoNote(words texts) string {
	parenText := words.parenT
	switch r.Paren {
	case ParenSE:
		parenText = words.parenSE
	case ParenP:
		parenText = words.parenP
	}

	stars := r.stars()
	if r.NoStars || len(stars) == 0 {
		if r.Lang == En {
			return upperFirst(parenText) + "."
		}
		return parenText + "。"
	}

	if r.Lang == En {
		parts := make([]string, len(stars))
		for i, s := range stars {
			parts[i] = fmt.Sprintf("%s p < %s", s.Symbol, formatThreshold(s.P))
		}
		return strings.Join(parts, ", ") + "; " + parenText + "."
	}

	symbols := make([]string, len(stars))
	levels := make([]string, len(stars))
	for i, s := range stars {
		symbols[i] = s.Symbol
		levels[i] = formatThreshold(s.P*100) + "%"
	}
	if len(stars) == 1 {
		return fmt.Sprintf("%s表示在%s的显著性水平下显著，%s。", symbols[0], levels[0], parenText)
	}
	return fmt.Sprintf("%s分别表示在%s的显著性水平下显著，%s。",
		joinList(symbols, words), joinList(levels, words), parenText)
}

// formatThreshold writes a threshold with at most 12 significant digits, so 0.1·100 prints as "10".
func formatThreshold(x float64) string {
	return strings.TrimSuffix(fmt.Sprintf("%.12g", x), ".")
}

// joinList joins items as "a、b和c" (Chinese) or "a, b, c" (English).
func joinList(items []string, words texts) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], words.starListSep) + words.starListLast + items[len(items)-1]
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// joinWords appends suffix to label, with a space between a Latin letter or digit and a Chinese
// suffix ("province 固定效应", but "省份固定效应").
func joinWords(label, suffix string) string {
	last, _ := utf8.DecodeLastRuneInString(label)
	first, _ := utf8.DecodeRuneInString(suffix)
	if last < utf8.RuneSelf && (unicode.IsLetter(last) || unicode.IsDigit(last)) && first >= utf8.RuneSelf {
		return label + " " + suffix
	}
	return label + suffix
}
