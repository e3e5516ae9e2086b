package cpstat

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/cpstat/cpstat/cpstat/province"
)

// readKeys reads the entity values as strings and the time values as ints into p.times. It
// reports missing keys first, because a row without a key cannot be checked further.
func (p *Panel) readKeys(df dataframe.DataFrame) ([]string, error) {
	n := df.Nrow()
	entityCol, timeCol := df.Col(p.entityColumn), df.Col(p.timeColumn)
	entities := make([]string, n)
	p.times = make([]int, n)

	var missing []MissingKey
	total := 0
	for i := 0; i < n; i++ {
		e, eok := keyText(entityCol.Elem(i))
		if eok {
			entities[i] = e
		}
		tok := timePresent(timeCol.Elem(i))
		for _, gap := range []struct {
			ok     bool
			column string
		}{{eok, p.entityColumn}, {tok, p.timeColumn}} {
			if gap.ok {
				continue
			}
			total++
			if len(missing) < maxListed {
				missing = append(missing, MissingKey{Line: p.position(i), Column: gap.column})
			}
		}
	}
	if total > 0 {
		return nil, &MissingKeysError{EntityColumn: p.entityColumn, TimeColumn: p.timeColumn, Source: p.source, Rows: missing, Total: total}
	}

	for i := 0; i < n; i++ {
		t, err := timeValue(timeCol.Elem(i))
		if err != nil {
			return nil, &CellError{Source: p.source, Line: p.lineOrZero(i), Column: p.timeColumn,
				Keys: entities[i], Value: timeCol.Elem(i).String(), Err: ErrInvalidTime, Detail: err.Error(),
				Hint: textHint("the time key must be a whole number such as a year (2001 or 2001年)")}
		}
		p.times[i] = t
	}
	return entities, nil
}

func (p *Panel) lineOrZero(i int) int {
	if p.lines == nil {
		return 0
	}
	return p.lines[i]
}

// keyText returns a key cell as text, and false when it is missing or blank.
func keyText(e series.Element) (string, bool) {
	if e.IsNA() {
		return "", false
	}
	var s string
	switch e.Type() {
	case series.Float:
		v := e.Float()
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			s = strconv.FormatInt(int64(v), 10)
		} else {
			s = strconv.FormatFloat(v, 'g', -1, 64)
		}
	default:
		s = e.String()
	}
	s = trimCell(s)
	return s, s != ""
}

// timePresent reports whether a time cell has a value. An int cell is tested without formatting it,
// because gota formats ints through fmt.Sprint, 0.55 s of the 4.4 s that NewPanel took on 2 million
// rows in a CPU profile.
func timePresent(e series.Element) bool {
	if e.Type() == series.Int {
		return !e.IsNA()
	}
	_, ok := keyText(e)
	return ok
}

// timeValue converts a time cell to an int: an int, a whole float, or text such as "2001",
// "2001年" or "2001年度".
func timeValue(e series.Element) (int, error) {
	switch e.Type() {
	case series.Int:
		return e.Int()
	case series.Float:
		v := e.Float()
		if v != math.Trunc(v) || math.IsInf(v, 0) || math.Abs(v) > 1<<53 {
			return 0, fmt.Errorf("%v is not a whole number", v)
		}
		return int(v), nil
	}
	s := trimCell(e.String())
	if y, ok := parseYearName(s); ok {
		return y, nil
	}
	c := parseCell(s, nil)
	if c.kind == cellNumber && c.integer {
		return int(c.intValue), nil
	}
	if c.kind == cellNumber && c.value == math.Trunc(c.value) && math.Abs(c.value) < 1<<53 {
		return int(c.value), nil
	}
	return 0, fmt.Errorf("%q is not a whole number", s)
}

// resolveProvinces maps every entity value to its province code and lists all unknown spellings.
func (p *Panel) resolveProvinces(entities []string) ([]string, error) {
	out := make([]string, len(entities))
	cache := map[string]string{}
	unknown := map[string]*UnknownName{}
	var order []string
	for i, e := range entities {
		if code, ok := cache[e]; ok {
			out[i] = code
			continue
		}
		if u, ok := unknown[e]; ok {
			u.Count++
			continue
		}
		prov, err := province.Resolve(e)
		if err != nil {
			var closest []string
			var ue *province.UnknownError
			if errors.As(err, &ue) {
				closest = ue.Closest
			}
			unknown[e] = &UnknownName{Value: e, Line: p.position(i), Count: 1, Closest: closest}
			order = append(order, e)
			continue
		}
		cache[e] = prov.Code
		out[i] = prov.Code
	}
	if len(order) > 0 {
		err := &UnknownProvinceError{Column: p.entityColumn, Source: p.source, Total: len(order), Known: len(cache)}
		for _, e := range order[:min(len(order), maxListed)] {
			err.Names = append(err.Names, *unknown[e])
		}
		return nil, err
	}
	return out, nil
}

// indexKeys assigns entity codes, fills the key index and reports duplicated keys.
func (p *Panel) indexKeys(entities []string) error {
	n := len(entities)
	codeOf := map[string]int32{}
	p.entityCodes = make([]int32, n)
	p.entities = nil
	for i, e := range entities {
		code, ok := codeOf[e]
		if !ok {
			code = int32(len(p.entities))
			codeOf[e] = code
			p.entities = append(p.entities, e)
		}
		p.entityCodes[i] = code
	}
	p.rowOf = newKeyIndex(len(p.entities), p.entityCodes, p.times)

	var dupOrder []panelKey
	dupRows := map[panelKey][]int{}
	for i, code := range p.entityCodes {
		k := panelKey{code, p.times[i]}
		first, inserted := p.rowOf.insert(code, p.times[i], i)
		if inserted {
			continue
		}
		if _, listed := dupRows[k]; !listed {
			dupOrder = append(dupOrder, k)
			dupRows[k] = []int{p.position(first)}
		}
		dupRows[k] = append(dupRows[k], p.position(i))
	}
	if len(dupOrder) == 0 {
		return nil
	}
	err := &DuplicateKeysError{EntityColumn: p.entityColumn, TimeColumn: p.timeColumn, Source: p.source, Total: len(dupOrder)}
	for _, k := range dupOrder[:min(len(dupOrder), maxListed)] {
		err.Keys = append(err.Keys, DuplicateKey{Key: RowKey{Entity: p.entities[k.entity], Time: k.time}, Lines: dupRows[k]})
	}
	return err
}
