package cpstat

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-gota/gota/dataframe"
)

// gridRow is one row of cell texts and its 1-based line (CSV) or row number (XLSX) in the file.
type gridRow struct {
	cells []string
	line  int
}

// mergedRange is a merged XLSX cell range, 1-based and inclusive.
type mergedRange struct {
	firstCol, firstRow, lastCol, lastRow int
}

// grid is the raw cell text of a CSV file or worksheet on its way to a Table.
type grid struct {
	source, sheet string
	rows          []gridRow
	merged        []mergedRange // XLSX only
	settings      ReadSettings
	notes         []string
}

// footnotePrefixes start the footnote rows of NBS and EPS exports, such as "注：…" and
// "数据来源：国家统计局".
var footnotePrefixes = []string{"注", "说明", "数据来源", "资料来源", "来源", "note", "source"}

// table turns the grid into a Table in named steps: skip title rows, fill merged cells, drop
// empty rows, split off the header and footnotes, build the names, type the columns, reshape.
func (g *grid) table() (*Table, error) {
	titles, err := g.titleRows()
	if err != nil {
		return nil, err
	}
	g.fillMerged(titles)
	rows := g.dropBlankRows(g.rows[titles:])

	headerRows := max(g.settings.HeaderRows, 1)
	if len(rows) < headerRows {
		return nil, &CellError{Source: g.source, Sheet: g.sheet, Err: ErrLayout,
			Detail: fmt.Sprintf("the file has %d non-empty rows after %d title rows, fewer than the %d header rows", len(rows), titles, headerRows),
			Hint: Hint{Action: "check the file", Suggestions: []Suggestion{
				{Setting: SettingHeaderRows, Purpose: "check the header rows"},
				{Setting: SettingTitleRows, Purpose: "the title rows"}}}}
	}
	header, data := rows[:headerRows], rows[headerRows:]
	data, err = g.dropFooter(data)
	if err != nil {
		return nil, err
	}

	columns, err := g.buildColumns(header, data)
	if err != nil {
		return nil, err
	}
	t, err := g.typeColumns(columns, data)
	if err != nil {
		return nil, err
	}
	if g.settings.Wide != nil {
		if err := t.reshapeWide(*g.settings.Wide); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func nonEmptyCells(cells []string) (count, first int) {
	first = -1
	for i, c := range cells {
		if trimCell(c) != "" {
			count++
			if first < 0 {
				first = i
			}
		}
	}
	return count, first
}

// titleRows returns how many rows (counting empty ones) come before the header.
func (g *grid) titleRows() (int, error) {
	switch n := g.settings.TitleRows; {
	case n == NoRows:
		return 0, nil
	case n > 0:
		for i, row := range g.rows {
			if row.line > n {
				return i, nil
			}
		}
		return 0, &CellError{Source: g.source, Sheet: g.sheet, Err: ErrLayout,
			Detail: fmt.Sprintf("TitleRows is %d but nothing follows line %d", n, n)}
	}

	var skipped []string
	for i, row := range g.rows {
		count, first := nonEmptyCells(row.cells)
		switch {
		case count >= 2:
			if len(skipped) > 0 {
				g.notes = append(g.notes, fmt.Sprintf("skipped %d title %s above the header: %s", len(skipped), plural(len(skipped), "row", "rows"), quoteList(skipped)))
			}
			return i, nil
		case count == 1 && (first != 0 || parseCell(row.cells[0], nil).kind != cellText):
			// A lone cell away from column A belongs to a multi-row header, and a lone number is
			// data of a one-column file: neither is a title.
			return 0, nil
		case count == 1:
			skipped = append(skipped, trimCell(row.cells[0]))
		}
	}
	return 0, nil // no row has two cells: a one-column file, read from the top
}

// fillMerged copies the text of each merged XLSX range into every cell it covers, for ranges that
// start at or below the header. A merged header cell thus names all the columns it spans, and a
// province name merged over several year rows reaches each of them.
func (g *grid) fillMerged(titles int) {
	if len(g.merged) == 0 || titles >= len(g.rows) {
		return
	}
	firstLine := g.rows[titles].line
	byLine := map[int]int{}
	for i, r := range g.rows {
		byLine[r.line] = i
	}
	filled := 0
	for _, m := range g.merged {
		if m.firstRow < firstLine {
			continue
		}
		top, ok := byLine[m.firstRow]
		if !ok || m.firstCol > len(g.rows[top].cells) {
			continue
		}
		text := g.rows[top].cells[m.firstCol-1]
		if trimCell(text) == "" {
			continue
		}
		for line := m.firstRow; line <= m.lastRow; line++ {
			i, ok := byLine[line]
			if !ok {
				continue
			}
			for len(g.rows[i].cells) < m.lastCol {
				g.rows[i].cells = append(g.rows[i].cells, "")
			}
			for col := m.firstCol; col <= m.lastCol; col++ {
				g.rows[i].cells[col-1] = text
			}
		}
		filled++
	}
	if filled > 0 {
		g.notes = append(g.notes, fmt.Sprintf("filled %d merged cell %s with their text", filled, plural(filled, "range", "ranges")))
	}
}

func (g *grid) dropBlankRows(rows []gridRow) []gridRow {
	out := make([]gridRow, 0, len(rows))
	for _, r := range rows {
		if count, _ := nonEmptyCells(r.cells); count > 0 {
			out = append(out, r)
		}
	}
	if dropped := len(rows) - len(out); dropped > 0 && g.sheet == "" {
		// Empty XLSX rows are routine formatting; in a CSV they are rows of bare delimiters.
		g.notes = append(g.notes, fmt.Sprintf("skipped %d %s with no values", dropped, plural(dropped, "row", "rows")))
	}
	return out
}

func (g *grid) dropFooter(data []gridRow) ([]gridRow, error) {
	switch n := g.settings.FooterRows; {
	case n == NoRows:
		return data, nil
	case n > 0:
		if n > len(data) {
			return nil, &CellError{Source: g.source, Sheet: g.sheet, Err: ErrLayout,
				Detail: fmt.Sprintf("FooterRows is %d but there are only %d data rows", n, len(data))}
		}
		return data[:len(data)-n], nil
	}

	end := len(data)
	for end > 0 && isFootnote(data[end-1].cells) {
		end--
	}
	if end < len(data) {
		var texts []string
		for _, r := range data[end:] {
			texts = append(texts, trimCell(r.cells[0]))
		}
		g.notes = append(g.notes, fmt.Sprintf("dropped %d footnote %s below the data: %s", len(texts), plural(len(texts), "row", "rows"), quoteList(texts)))
	}
	return data[:end], nil
}

func isFootnote(cells []string) bool {
	count, first := nonEmptyCells(cells)
	if count != 1 || first != 0 {
		return false
	}
	text := strings.ToLower(trimCell(cells[0]))
	for _, p := range footnotePrefixes {
		if strings.HasPrefix(text, p) {
			return true
		}
	}
	return false
}

// rawColumn is a column's header and unit before its type is decided.
type rawColumn struct {
	name   string
	header []string
	unit   string
	index  int // 1-based position in the file
}

// buildColumns names the columns from the header rows. In a CSV file a data row wider than the
// header is an error, because an unquoted delimiter inside a value shifts the fields that follow.
// A worksheet cannot shift cells, so there a column with data but no header gets a generated name.
func (g *grid) buildColumns(header, data []gridRow) ([]rawColumn, error) {
	width := 0
	for _, r := range header {
		width = max(width, len(r.cells))
	}
	if g.sheet != "" {
		for _, r := range data {
			width = max(width, len(r.cells))
		}
	}
	sep := g.settings.HeaderSeparator
	if sep == "" {
		sep = "_"
	}

	var nameRows [][]string
	var units []string
	for i, r := range header {
		cells := make([]string, width)
		for j := range cells {
			if j < len(r.cells) {
				cells[j] = trimCell(r.cells[j])
			}
		}
		if i+1 == g.settings.UnitsRow {
			units = cells
			continue
		}
		nameRows = append(nameRows, cells)
	}
	if g.sheet == "" {
		// A merged header cell exported to CSV keeps its text in the first cell only.
		for _, cells := range nameRows[:len(nameRows)-1] {
			for j := 1; j < width; j++ {
				if cells[j] == "" {
					cells[j] = cells[j-1]
				}
			}
		}
	}

	hasData := make([]bool, width)
	for _, r := range data {
		for j, c := range r.cells {
			if trimCell(c) == "" {
				continue
			}
			if j >= width {
				return nil, &CellError{Source: g.source, Sheet: g.sheet, Line: r.line, ColumnIndex: j + 1, Value: c, Err: ErrLayout,
					Detail: fmt.Sprintf("the row has a value in field %d but the header has %d columns", j+1, width),
					Hint:   textHint("a value may contain an unquoted delimiter; quote it, or add a header for the extra column")}
			}
			hasData[j] = true
		}
	}

	var columns []rawColumn
	seen := map[string]int{}
	for j := 0; j < width; j++ {
		var parts []string
		for _, cells := range nameRows {
			if c := cells[j]; c != "" && (len(parts) == 0 || parts[len(parts)-1] != c) {
				parts = append(parts, c)
			}
		}
		if len(parts) == 0 && !hasData[j] {
			continue // an empty column, such as the one a trailing delimiter makes
		}
		col := rawColumn{header: parts, index: j + 1, name: strings.Join(parts, sep)}
		if units != nil {
			col.unit = units[j]
		}
		if col.name == "" {
			col.name = fmt.Sprintf("column%d", j+1)
			g.notes = append(g.notes, fmt.Sprintf("named the column without a header at position %d %q", j+1, col.name))
		}
		if prev, dup := seen[col.name]; dup {
			return nil, &CellError{Source: g.source, Sheet: g.sheet, Line: header[0].line, ColumnIndex: j + 1, Value: col.name, Err: ErrLayout,
				Detail: fmt.Sprintf("fields %d and %d have the same column name", prev, j+1),
				Hint: Hint{Action: "rename one of them in the file", Suggestions: []Suggestion{
					{Setting: SettingHeaderRows, Value: strconv.Itoa(len(header) + 1), Purpose: "if the header spans more rows, read them"}}}}
		}
		seen[col.name] = j + 1
		columns = append(columns, col)
	}
	if len(columns) == 0 {
		return nil, &CellError{Source: g.source, Sheet: g.sheet, Err: ErrLayout, Detail: "the file has no columns"}
	}
	return columns, nil
}

// keysOf returns "entity/time" for a data row when the settings name the key columns, for error
// messages. For a wide layout, the time is the name of the year column being read.
func (g *grid) keysOf(columns []rawColumn, row gridRow, column rawColumn) string {
	entity, time := g.settings.EntityColumn, g.settings.TimeColumn
	if w := g.settings.Wide; w != nil {
		entity, time = w.IDColumn, ""
	}
	if entity == "" {
		return ""
	}
	cellOf := func(name string) string {
		for _, c := range columns {
			if c.name == name && c.index <= len(row.cells) {
				return trimCell(row.cells[c.index-1])
			}
		}
		return ""
	}
	e := cellOf(entity)
	if e == "" {
		return ""
	}
	if g.settings.Wide != nil {
		if y, ok := parseYearName(column.name); ok && column.name != entity {
			return fmt.Sprintf("%s/%d", e, y)
		}
		return e
	}
	if t := cellOf(time); t != "" {
		return e + "/" + t
	}
	return e
}

func newTable(g *grid, df dataframe.DataFrame, infos []ColumnInfo, data []gridRow) *Table {
	lines := make([]int, len(data))
	for i, r := range data {
		lines[i] = r.line
	}
	return &Table{
		DataFrame:    df,
		Columns:      infos,
		Source:       g.source,
		Sheet:        g.sheet,
		Encoding:     EncodingUTF8,
		Lines:        lines,
		EntityColumn: g.settings.EntityColumn,
		TimeColumn:   g.settings.TimeColumn,
		Notes:        g.notes,
	}
}
