package table

import (
	"fmt"
	"html"
	"io"
	"strings"
)

// HTMLOptions are the settings of WriteHTML. The zero value is the default.
type HTMLOptions struct {
	// Class is the class attribute of the <table> element; empty means "cpstat-table".
	Class string
	// NoStyle leaves out the inline style attributes, for a page whose stylesheet styles the class hooks:
	// the table's class, class "stub" on first-column cells, "rule" on rows with a rule above and "note" on
	// note cells.
	NoStyle bool
}

// Inline styles of a three-line table. Jupyter's own table style right-aligns cells and stripes rows, so the
// cells and rows set alignment and background explicitly.
const (
	styleTable       = "border-collapse:collapse;border:none;margin:0.5em 0;font-variant-numeric:tabular-nums"
	styleCaption     = "caption-side:top;text-align:center;font-weight:bold;padding:0.3em 0"
	styleRow         = "background:transparent"
	styleCell        = "padding:0.15em 0.8em;white-space:nowrap;border:none"
	styleStub        = "text-align:left"
	styleData        = "text-align:center"
	styleNote        = "text-align:left;white-space:normal;font-size:0.9em;padding:0.3em 0.8em 0;border:none"
	styleTopRule     = "border-top:2px solid currentColor"
	styleMidRule     = "border-bottom:1px solid currentColor"
	styleRuleAbove   = "border-top:1px solid currentColor"
	styleBottomRule  = "border-bottom:2px solid currentColor"
	defaultHTMLClass = "cpstat-table"
)

// WriteHTML writes t as one self-contained <table> element with a <caption>, <thead>, <tbody> and, for the
// notes, <tfoot>. Every text is escaped. The output is also well-formed XML, so it can be embedded in XHTML and
// checked with encoding/xml. Display it in a GoNB notebook with gonbui.DisplayHTML.
func WriteHTML(w io.Writer, t Table, opts HTMLOptions) error {
	l, err := t.Layout()
	if err != nil {
		return err
	}
	class := opts.Class
	if class == "" {
		class = defaultHTMLClass
	}
	style := func(styles ...string) string {
		if opts.NoStyle {
			return ""
		}
		return fmt.Sprintf(` style="%s"`, strings.Join(styles, ";"))
	}

	var b strings.Builder
	fmt.Fprintf(&b, "<table class=\"%s\"%s>\n", html.EscapeString(cleanText(class)), style(styleTable))
	if l.Title != "" {
		fmt.Fprintf(&b, "<caption%s>%s</caption>\n", style(styleCaption), html.EscapeString(cleanText(l.Title)))
	}

	// writeRow writes one <tr>; extra adds the border styles that depend on where the row sits.
	firstRow := true
	writeRow := func(row Row, tag string, extra func(c Cell) []string) {
		rowClass := ""
		if row.RuleAbove {
			rowClass = ` class="rule"`
		}
		fmt.Fprintf(&b, "<tr%s%s>", rowClass, style(styleRow))
		column := 0
		for _, c := range row.Cells {
			styles := []string{styleCell}
			cellClass := ""
			if column == 0 {
				styles = append(styles, styleStub)
				cellClass = ` class="stub"`
			} else {
				styles = append(styles, styleData)
			}
			if firstRow {
				styles = append(styles, styleTopRule)
			}
			styles = append(styles, extra(c)...)
			span := ""
			if c.span() > 1 {
				span = fmt.Sprintf(` colspan="%d"`, c.span())
			}
			fmt.Fprintf(&b, "<%s%s%s%s>%s</%s>", tag, cellClass, span, style(styles...), htmlCellText(c), tag)
			column += c.span()
		}
		b.WriteString("</tr>\n")
		firstRow = false
	}

	if len(l.Header) > 0 {
		b.WriteString("<thead>\n")
		for i, row := range l.Header {
			last := i == len(l.Header)-1
			writeRow(row, "th", func(c Cell) []string {
				if last || (c.span() > 1 && c.Text != "") {
					return []string{styleMidRule, "font-weight:normal"}
				}
				return []string{"font-weight:normal"}
			})
		}
		b.WriteString("</thead>\n")
	}

	b.WriteString("<tbody>\n")
	for i, row := range l.Body {
		last := i == len(l.Body)-1
		writeRow(row, "td", func(Cell) []string {
			var styles []string
			if row.RuleAbove {
				styles = append(styles, styleRuleAbove)
			}
			if last {
				styles = append(styles, styleBottomRule)
			}
			return styles
		})
	}
	b.WriteString("</tbody>\n")

	if len(l.Notes) > 0 {
		b.WriteString("<tfoot>\n")
		for _, note := range l.Notes {
			fmt.Fprintf(&b, "<tr%s><td class=\"note\" colspan=\"%d\"%s>%s</td></tr>\n",
				style(styleRow), l.Columns, style(styleNote), html.EscapeString(cleanText(note)))
		}
		b.WriteString("</tfoot>\n")
	}
	b.WriteString("</table>\n")

	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("table: write HTML: %w", err)
	}
	return nil
}

// htmlCellText returns the escaped cell text with the stars in <sup>.
func htmlCellText(c Cell) string {
	text := cleanText(c.Text)
	if c.Parens {
		text = "(" + text + ")"
	}
	out := html.EscapeString(text)
	if c.Stars != "" {
		out += "<sup>" + html.EscapeString(cleanText(c.Stars)) + "</sup>"
	}
	return out
}
