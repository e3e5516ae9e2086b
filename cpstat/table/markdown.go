package table

import (
	"fmt"
	"io"
	"strings"
)

// MarkdownOptions are the settings of WriteMarkdown. It has none yet; the zero value is the default.
type MarkdownOptions struct{}

// WriteMarkdown writes t as a GitHub Flavored Markdown pipe table: the title in bold, the table, then each note
// as a paragraph. A pipe table has exactly one header row and no spanning cells. So the header rows are
// stacked into one with "<br>", which GitHub and Jupyter render as a line break, and a spanning cell's text is
// written in the first column it covers. Markdown punctuation in labels is escaped with a backslash, so "*" and "|"
// are shown as written. Rules other than the one under the header are not drawn.
func WriteMarkdown(w io.Writer, t Table, opts MarkdownOptions) error {
	l, err := t.Layout()
	if err != nil {
		return err
	}

	var b strings.Builder
	if l.Title != "" {
		b.WriteString("**" + markdownEscape(cleanText(l.Title)) + "**\n\n")
	}

	header := make([][]string, l.Columns)
	for _, row := range l.Header {
		for j, text := range spreadCells(row, l.Columns) {
			header[j] = append(header[j], text)
		}
	}
	headerCells := make([]string, l.Columns)
	for j, parts := range header {
		if strings.Join(parts, "") != "" {
			headerCells[j] = strings.Join(parts, "<br>")
		}
	}
	writeMarkdownRow(&b, headerCells)

	align := make([]string, l.Columns)
	for j := range align {
		align[j] = ":---:"
	}
	align[0] = ":---"
	writeMarkdownRow(&b, align)

	for _, row := range l.Body {
		writeMarkdownRow(&b, spreadCells(row, l.Columns))
	}

	for _, note := range l.Notes {
		b.WriteString("\n" + markdownEscapeLineStart(markdownEscape(strings.TrimLeft(cleanText(note), " "))) + "\n")
	}

	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("table: write Markdown: %w", err)
	}
	return nil
}

// spreadCells returns one escaped text per column: a spanning cell's text goes to the first column it covers
// and the others are blank.
func spreadCells(row Row, columns int) []string {
	out := make([]string, 0, columns)
	for _, c := range row.Cells {
		out = append(out, markdownEscape(cleanText(c.Display())))
		for k := 1; k < c.span(); k++ {
			out = append(out, "")
		}
	}
	return out
}

func writeMarkdownRow(b *strings.Builder, cells []string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" " + c + " |")
	}
	b.WriteString("\n")
}

// markdownEscape puts a backslash before every character that Markdown, GitHub tables or GitHub math could
// read as syntax inside a line.
func markdownEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|~&$", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// markdownEscapeLineStart escapes a character at the start of a paragraph that would begin a heading, list,
// block quote or thematic break: "#", "+", "-", "=", or digits followed by "." or ")".
func markdownEscapeLineStart(s string) string {
	if s == "" {
		return s
	}
	if strings.ContainsRune("#+-=", rune(s[0])) {
		return "\\" + s
	}
	digits := 0
	for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits > 0 && digits < len(s) && (s[digits] == '.' || s[digits] == ')') {
		return s[:digits] + "\\" + s[digits:]
	}
	return s
}
