package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cpstat/cpstat/cpstat/province"
)

// key identifies one province-year; code is the two-letter province code.
type key struct {
	code string
	year int
}

// series holds one variable's values by province-year. A key that is absent is a missing value.
type series map[key]float64

// DuplicateError reports a source that gives two values for one province-year.
type DuplicateError struct {
	Source   string
	Province string
	Year     int
	Old, New float64
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("%s: two values for %s %d (%g and %g); check the source for a repeated row",
		e.Source, e.Province, e.Year, e.Old, e.New)
}

// set stores a value and rejects a second value for the same province-year.
func (s series) set(source, code string, year int, v float64) error {
	k := key{code, year}
	if old, dup := s[k]; dup {
		return &DuplicateError{Source: source, Province: code, Year: year, Old: old, New: v}
	}
	s[k] = v
	return nil
}

// get returns the value for a province-year and whether it exists.
func (s series) get(code string, year int) (float64, bool) {
	v, ok := s[key{code, year}]
	return v, ok
}

// aggregateLabels are row labels of national or regional totals; rows with them are dropped on purpose.
var aggregateLabels = map[string]bool{
	"全国": true, "national": true, "china": true, "total": true, "全国合计": true, "合计": true,
}

// sourceTypos maps misspelled province labels found in the raw files to province codes. Each entry was
// checked against the source: the misspelled label fills exactly the years that the correct label lacks.
var sourceTypos = map[string]string{
	"Yunan": "YN", // xxyyluo__WD workbook, every sheet
	"江两":    "JX", // huhuaping__techme RDPatentAccept, 2014
	"山两":    "SX", // huhuaping__techme RDPatentAuthority, 2012
	"两藏":    "XZ", // huhuaping__techme RDPatentAuthority
}

// provinceRow is the outcome of resolving a row label.
type provinceRow int

const (
	inSample  provinceRow = iota // one of the 30 sample provinces
	aggregate                    // national or regional total, dropped
	tibet                        // Tibet, outside the sample, dropped
)

// resolveLabel maps a row label from a source to a sample province. Aggregates and Tibet are reported so
// that the caller drops them explicitly; any other unknown label is an error naming the source.
func resolveLabel(source, label string) (province.Province, provinceRow, error) {
	compact := strings.Join(strings.Fields(label), "")
	if aggregateLabels[strings.ToLower(compact)] {
		return province.Province{}, aggregate, nil
	}
	if code, ok := sourceTypos[compact]; ok {
		label = code
	}
	p, err := province.Resolve(label)
	if err != nil {
		return province.Province{}, 0, fmt.Errorf("%s: %w", source, err)
	}
	if !p.InSample {
		return p, tibet, nil
	}
	return p, inSample, nil
}

// sortedKeys returns the keys of s by province code, then year.
func sortedKeys(s series) []key {
	keys := make([]key, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].code != keys[j].code {
			return keys[i].code < keys[j].code
		}
		return keys[i].year < keys[j].year
	})
	return keys
}
