package main

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
)

// Column names that usually hold the panel keys, compared without case after trimming.
var (
	entityKeyNames = []string{"省份", "地区", "省", "province", "region", "id"}
	timeKeyNames   = []string{"年份", "年", "年度", "year", "time"}
)

// yearHeader matches a column header that names a year, as in a wide layout: 2017, 2017年, 2017年度.
var yearHeader = regexp.MustCompile(`^\s*[0-9]{4}\s*(年|年度)?\s*$`)

// checkKeys returns a usage error when the table lacks the --id column (needID) or the --time
// column (needTime). The error names the file, lists its columns and suggests the flags that fit:
// --id and --time for columns with usual key names, or --wide when the header names years.
func (d *dataFlags) checkKeys(t *cpstat.Table, needID, needTime bool) error {
	names := t.DataFrame.Names()
	missingID := needID && !slices.Contains(names, d.id)
	missingTime := needTime && !slices.Contains(names, d.time)
	if !missingID && !missingTime {
		return nil
	}
	return d.keyError(names, missingID, missingTime)
}

// keyError builds the error of checkKeys for a file with the columns names.
func (d *dataFlags) keyError(names []string, missingID, missingTime bool) error {
	var missing []string
	if missingID {
		missing = append(missing, fmt.Sprintf("%q (--id)", d.id))
	}
	if missingTime {
		missing = append(missing, fmt.Sprintf("%q (--time)", d.time))
	}
	msg := fmt.Sprintf("%s has no column %s. Its columns are %s", d.path, strings.Join(missing, " or "), listColumns(names))

	var fix []string
	if missingID {
		if name := findKeyColumn(names, entityKeyNames, d.time); name != "" {
			fix = append(fix, "--id "+shellQuote(name))
		}
	}
	if missingTime && d.wide == "" {
		if name := findKeyColumn(names, timeKeyNames, d.id); name != "" {
			fix = append(fix, "--time "+shellQuote(name))
		}
	}
	if len(fix) > 0 {
		msg += ". Name the keys with " + strings.Join(fix, " ")
	}
	if missingTime && d.wide == "" && looksWide(names) {
		msg += ". The header names years, so the file looks wide (one row per entity, one column per year): " +
			"read it with --wide NAME, such as --wide gdp, to reshape it to long with the values in column NAME " +
			"and the years in --time"
		if missingID && len(fix) == 0 {
			msg += ", and name the entity column with --id"
		}
	}
	return usagef("%s", msg)
}

// wideKeyError turns the reader's error for a --wide entity column that the file lacks into the
// key error of checkKeys, and returns other errors as they are. It reads the file again without
// reshaping, to list its columns.
func (d *dataFlags) wideKeyError(err error) error {
	var notFound *cpstat.ColumnNotFoundError
	if d.wide == "" || !errors.As(err, &notFound) || notFound.Name != d.id {
		return err
	}
	opts, optErr := d.readOptions()
	if optErr != nil {
		return err
	}
	t, readErr := d.read(opts)
	if readErr != nil {
		return err
	}
	return d.keyError(t.DataFrame.Names(), true, false)
}

// crossSectionNote returns the note for a file read as one cross-section because it has neither
// key column, with a hint when columns with usual key names exist.
func (d *dataFlags) crossSectionNote(names []string, entityColumn string) string {
	note := fmt.Sprintf("no column %q (--id) or %q (--time), so the rows are read as one cross-section, keyed by row number (%s)",
		d.id, d.time, entityColumn)
	id := findKeyColumn(names, entityKeyNames, "")
	year := findKeyColumn(names, timeKeyNames, id)
	switch {
	case id != "" && year != "":
		note += fmt.Sprintf("; if the file is a panel, name its keys with --id %s --time %s", shellQuote(id), shellQuote(year))
	case id != "":
		note += fmt.Sprintf("; if the rows are entities, name them with --id %s", shellQuote(id))
	}
	return note
}

// findKeyColumn returns the first column whose name is one of candidates, ignoring case, other than
// skip; "" when there is none.
func findKeyColumn(names, candidates []string, skip string) string {
	for _, c := range candidates {
		for _, n := range names {
			if n != skip && strings.EqualFold(strings.TrimSpace(n), c) {
				return n
			}
		}
	}
	return ""
}

// looksWide reports whether at least two columns, and at least half of them, are named by years.
func looksWide(names []string) bool {
	years := 0
	for _, n := range names {
		if yearHeader.MatchString(n) {
			years++
		}
	}
	return years >= 2 && 2*years >= len(names)
}

// listColumns lists up to 12 quoted column names, and counts the rest.
func listColumns(names []string) string {
	const shown = 12
	quoted := make([]string, 0, shown)
	for _, n := range names[:min(len(names), shown)] {
		quoted = append(quoted, fmt.Sprintf("%q", n))
	}
	text := strings.Join(quoted, ", ")
	if len(names) > shown {
		text += fmt.Sprintf(" and %d more", len(names)-shown)
	}
	return text
}
