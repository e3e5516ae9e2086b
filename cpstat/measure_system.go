package cpstat

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/cpstat/cpstat/cpstat/entropy"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/data"
)

// IndicatorStatus states how well the data measure an index indicator.
type IndicatorStatus string

const (
	// IndicatorPresent means a column measures the indicator as the index defines it.
	IndicatorPresent IndicatorStatus = "present"
	// IndicatorProxy means a substitute column (a proxy) measures the indicator, with a documented difference.
	IndicatorProxy IndicatorStatus = "proxy"
	// IndicatorMissing means no column serves the indicator, so the index is computed without it.
	IndicatorMissing IndicatorStatus = "missing"
)

// SystemDimension is one top-level dimension of an indicator system. Key is the name of the panel column
// that holds the log of the dimension score, for example "prosperity".
type SystemDimension struct {
	Key     string
	LabelZh string
	LabelEn string
}

// Label returns the dimension's label in the given language, falling back to the other language and
// then to Key.
func (d SystemDimension) Label(lang table.Lang) string {
	return pickLabel(lang, d.LabelZh, d.LabelEn, d.Key)
}

// SystemIndicator is one indicator of an index system together with the panel column that serves it.
type SystemIndicator struct {
	ID                 string // unique code, for example "ind01"; the Code of the entropy indicator
	LabelZh, LabelEn   string
	Dimension          string // SystemDimension.Key
	Level1Zh, Level1En string // first-level group; may be empty
	Level2Zh, Level2En string // second-level group within Level1; may be empty
	Direction          entropy.Direction
	// DirectionPaper is the direction in the source that defined the system, when the shipped direction
	// differs from it (the urban/rural income ratio is + in Hong, Jiang and Liu 2023 and a cost here).
	DirectionPaper entropy.Direction
	Status         IndicatorStatus
	Column         string // panel column; empty when Status is IndicatorMissing
	Note           string // in English
	NoteZh         string // in Chinese; empty when the table has no note_zh column
}

// Label returns the indicator's label in the given language, falling back to the other language and
// then to the ID.
func (ind SystemIndicator) Label(lang table.Lang) string {
	return pickLabel(lang, ind.LabelZh, ind.LabelEn, ind.ID)
}

// Level1 returns the first-level group in the given language, or "".
func (ind SystemIndicator) Level1(lang table.Lang) string {
	return pickLabel(lang, ind.Level1Zh, ind.Level1En, "")
}

// Level2 returns the second-level group in the given language, or "".
func (ind SystemIndicator) Level2(lang table.Lang) string {
	return pickLabel(lang, ind.Level2Zh, ind.Level2En, "")
}

// IndicatorSystem is a hierarchical index: dimensions, first- and second-level groups and indicators,
// each indicator mapped to the panel column that measures it. EntropyIndex computes the index from it.
type IndicatorSystem struct {
	Dimensions []SystemDimension // in order of first appearance
	Indicators []SystemIndicator // in table order
	// Title heads the system's weight table (IndexResult.SystemGrid). The zero value gives the
	// neutral 熵权法权重 / Entropy weights; PaperIndicatorSystem names the common-prosperity system.
	Title table.Label
}

// Dimension returns the dimension with the given key.
func (s *IndicatorSystem) Dimension(key string) (SystemDimension, bool) {
	for _, d := range s.Dimensions {
		if d.Key == key {
			return d, true
		}
	}
	return SystemDimension{}, false
}

// Indicator returns the indicator with the given ID.
func (s *IndicatorSystem) Indicator(id string) (SystemIndicator, bool) {
	for _, ind := range s.Indicators {
		if ind.ID == id {
			return ind, true
		}
	}
	return SystemIndicator{}, false
}

// EntropySystem converts the system to the engine's form, including the indicators with status missing.
// Code is the indicator ID and Dimension the dimension key. Level1 and Level2 are the Chinese group names
// when the system has them and the English ones otherwise, so groups are the same in either language.
func (s *IndicatorSystem) EntropySystem() entropy.System {
	out := entropy.System{Indicators: make([]entropy.Indicator, len(s.Indicators))}
	for k, ind := range s.Indicators {
		out.Indicators[k] = entropy.Indicator{
			Code:      ind.ID,
			LabelZH:   ind.LabelZh,
			LabelEN:   ind.LabelEn,
			Dimension: ind.Dimension,
			Level1:    groupKey(ind.Level1Zh, ind.Level1En),
			Level2:    groupKey(ind.Level2Zh, ind.Level2En),
			Direction: ind.Direction,
		}
	}
	return out
}

// Validate checks that the system has indicators with unique IDs, that each has a known dimension, a
// direction and a status, and that each present or proxy indicator names a column. The checks of
// entropy.System.Validate apply as well.
func (s *IndicatorSystem) Validate() error {
	if len(s.Indicators) == 0 {
		return errors.New("indicator system: no indicators")
	}
	for k, ind := range s.Indicators {
		if _, ok := s.Dimension(ind.Dimension); !ok {
			return fmt.Errorf("indicator system: indicator %q (row %d) has dimension %q, which is not among the dimensions %s",
				ind.ID, k+1, ind.Dimension, quoteList(s.dimensionKeys()))
		}
		switch ind.Status {
		case IndicatorPresent, IndicatorProxy:
			if ind.Column == "" {
				return fmt.Errorf("indicator system: indicator %q has status %s but names no column; give the column or mark it missing",
					ind.ID, ind.Status)
			}
		case IndicatorMissing:
		default:
			return fmt.Errorf("indicator system: indicator %q has status %q; use present, proxy or missing", ind.ID, ind.Status)
		}
	}
	return s.EntropySystem().Validate()
}

func (s *IndicatorSystem) dimensionKeys() []string {
	keys := make([]string, len(s.Dimensions))
	for k, d := range s.Dimensions {
		keys[k] = d.Key
	}
	return keys
}

// PaperIndicatorSystem returns the 30-indicator common-prosperity system of Hong, Jiang and Liu (2023,
// Table 1) as shipped in data/indicators.csv, with the embedded panel's column for each present or proxy
// indicator. Its dimensions are "prosperity" (富裕) and "commonality" (共同).
func PaperIndicatorSystem() (*IndicatorSystem, error) {
	inds, err := data.Indicators()
	if err != nil {
		return nil, err
	}
	s, err := IndicatorSystemFrom(inds)
	if err != nil {
		return nil, err
	}
	s.Title = table.Label{Zh: "共同富裕指标体系与熵权", En: "Indicator system and entropy weights"}
	return s, nil
}

// IndicatorSystemFrom converts rows of data.Indicators to an IndicatorSystem. The dimension key is the
// English dimension label in lower case with spaces as underscores ("Prosperity" becomes "prosperity"),
// or the Chinese label when there is no English one.
func IndicatorSystemFrom(inds []data.Indicator) (*IndicatorSystem, error) {
	s := &IndicatorSystem{}
	for k, in := range inds {
		dir, err := entropy.ParseDirection(in.Direction)
		if err != nil {
			return nil, fmt.Errorf("indicator %q (row %d): direction: %w", in.ID, k+1, err)
		}
		dirPaper := dir
		if in.DirectionPaper != "" {
			if dirPaper, err = entropy.ParseDirection(in.DirectionPaper); err != nil {
				return nil, fmt.Errorf("indicator %q (row %d): paper direction: %w", in.ID, k+1, err)
			}
		}
		key := dimensionKey(in.DimensionEn, in.DimensionZh)
		s.addDimension(SystemDimension{Key: key, LabelZh: in.DimensionZh, LabelEn: in.DimensionEn})
		s.Indicators = append(s.Indicators, SystemIndicator{
			ID: in.ID, LabelZh: in.LabelZh, LabelEn: in.LabelEn, Dimension: key,
			Level1Zh: in.Level1Zh, Level1En: in.Level1En, Level2Zh: in.Level2Zh, Level2En: in.Level2En,
			Direction: dir, DirectionPaper: dirPaper, Status: IndicatorStatus(in.Status), Column: in.Column, Note: in.Note, NoteZh: in.NoteZh,
		})
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *IndicatorSystem) addDimension(d SystemDimension) {
	if _, ok := s.Dimension(d.Key); !ok {
		s.Dimensions = append(s.Dimensions, d)
	}
}

// ReadIndicatorSystemCSV reads an indicator table from UTF-8 CSV. It accepts two layouts, matched by
// header name (case and surrounding spaces ignored, columns in any order):
//
//   - the layout of data/indicators.csv: id, label_zh, label_en, dimension_zh, dimension_en, level1_zh,
//     level1_en, level2_zh, level2_en, direction, direction_paper, status, column, note, note_zh;
//   - the layout of entropy.ReadSystemCSV: code, label_zh, label_en, dimension, level1, level2, direction,
//     where code is also the panel column.
//
// "id" or "code", a dimension column and "direction" are required. Without a "column" header the code
// names the column. Without a "status" header an indicator with a column is present and one without is
// missing. name labels errors, for example the file path.
func ReadIndicatorSystemCSV(r io.Reader, name string) (*IndicatorSystem, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	records, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(records) < 2 {
		return nil, fmt.Errorf("%s: an indicator table needs a header row and at least one indicator", name)
	}
	col := map[string]int{}
	for j, h := range records[0] {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = j
	}
	get := func(rec []string, names ...string) string {
		for _, n := range names {
			if j, ok := col[n]; ok && j < len(rec) {
				return strings.TrimSpace(rec[j])
			}
		}
		return ""
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := col[n]; ok {
				return true
			}
		}
		return false
	}
	for _, req := range [][]string{{"id", "code"}, {"dimension", "dimension_zh", "dimension_en"}, {"direction"}} {
		if !has(req...) {
			return nil, fmt.Errorf("%s: the header lacks a %q column (accepted names: %s); header is %s",
				name, req[0], strings.Join(req, ", "), strings.Join(records[0], ","))
		}
	}

	s := &IndicatorSystem{}
	for k, rec := range records[1:] {
		line := k + 2
		id := get(rec, "id", "code")
		dirText := get(rec, "direction")
		dir, err := entropy.ParseDirection(dirText)
		if err != nil {
			return nil, fmt.Errorf("%s: line %d, indicator %q: %w", name, line, id, err)
		}
		dirPaper := dir
		if text := get(rec, "direction_paper"); text != "" {
			if dirPaper, err = entropy.ParseDirection(text); err != nil {
				return nil, fmt.Errorf("%s: line %d, indicator %q: direction_paper: %w", name, line, id, err)
			}
		}
		dimZh := get(rec, "dimension_zh")
		dimEn := get(rec, "dimension_en")
		if plain := get(rec, "dimension"); plain != "" {
			if hasHan(plain) {
				dimZh = plain
			} else {
				dimEn = plain
			}
		}
		if dimZh == "" && dimEn == "" {
			return nil, fmt.Errorf("%s: line %d, indicator %q: the dimension is empty", name, line, id)
		}
		key := dimensionKey(dimEn, dimZh)
		s.addDimension(SystemDimension{Key: key, LabelZh: dimZh, LabelEn: dimEn})

		column := get(rec, "column")
		if !has("column") {
			column = id
		}
		status := IndicatorStatus(strings.ToLower(get(rec, "status")))
		if status == "" {
			status = IndicatorPresent
			if column == "" {
				status = IndicatorMissing
			}
		}
		if status == IndicatorMissing {
			column = ""
		}
		ind := SystemIndicator{
			ID: id, Dimension: key, Direction: dir, DirectionPaper: dirPaper, Status: status, Column: column,
			LabelZh: get(rec, "label_zh"), LabelEn: get(rec, "label_en"),
			Level1Zh: get(rec, "level1_zh"), Level1En: get(rec, "level1_en"),
			Level2Zh: get(rec, "level2_zh"), Level2En: get(rec, "level2_en"),
			Note: get(rec, "note"), NoteZh: get(rec, "note_zh"),
		}
		if plain := get(rec, "label"); plain != "" && ind.LabelZh == "" && ind.LabelEn == "" {
			ind.LabelEn = plain
		}
		setPlain(get(rec, "level1"), &ind.Level1Zh, &ind.Level1En)
		setPlain(get(rec, "level2"), &ind.Level2Zh, &ind.Level2En)
		s.Indicators = append(s.Indicators, ind)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

// setPlain stores a group name from a single-language column in the Chinese or English field, by script.
func setPlain(text string, zh, en *string) {
	if text == "" || *zh != "" || *en != "" {
		return
	}
	if hasHan(text) {
		*zh = text
	} else {
		*en = text
	}
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// dimensionKey derives a column name from a dimension label: the English label in lower case with runs of
// spaces and punctuation as one underscore, or the Chinese label as it is.
func dimensionKey(en, zh string) string {
	if en == "" {
		return zh
	}
	var b strings.Builder
	underscore := false
	for _, r := range strings.ToLower(strings.TrimSpace(en)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			underscore = false
			continue
		}
		if !underscore && b.Len() > 0 {
			b.WriteByte('_')
			underscore = true
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

func groupKey(zh, en string) string {
	if zh != "" {
		return zh
	}
	return en
}

func pickLabel(lang table.Lang, zh, en, fallback string) string {
	first, second := zh, en
	if lang == table.En {
		first, second = en, zh
	}
	for _, s := range []string{first, second} {
		if s != "" {
			return s
		}
	}
	return fallback
}

// FlatIndicatorSystem builds a one-dimension system from panel columns, for an entropy index without a
// hierarchy: each column is an indicator (ID and column are the same), a benefit indicator unless its
// name is in cost. The dimension key names the output column of the log score.
func FlatIndicatorSystem(dimension string, columns []string, cost []string) *IndicatorSystem {
	s := &IndicatorSystem{Dimensions: []SystemDimension{{Key: dimension, LabelEn: dimension}}}
	for _, c := range columns {
		dir := entropy.Benefit
		if slices.Contains(cost, c) {
			dir = entropy.Cost
		}
		s.Indicators = append(s.Indicators, SystemIndicator{ID: c, LabelEn: c, Dimension: dimension, Direction: dir,
			DirectionPaper: dir, Status: IndicatorPresent, Column: c})
	}
	return s
}
