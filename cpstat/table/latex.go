package table

import (
	"fmt"
	"io"
	"strings"
)

// LaTeXOptions are the settings of WriteLaTeX. The zero value is the default.
type LaTeXOptions struct {
	// Label is written as \label{Label} after the caption when not empty. It is written as given, so use
	// only characters that \label accepts, such as "tab:baseline".
	Label string
	// Placement is the float placement of the table environment; empty means "htbp".
	Placement string
	// TabularOnly writes the tabular environment alone, without the table float, the caption and the notes,
	// for \input into a table the document builds itself.
	TabularOnly bool
	// HyphenMinus writes the minus sign of negative numbers as a plain "-". By default it is written $-$, the
	// typeset minus sign, because "-" in text mode prints a hyphen.
	HyphenMinus bool
}

// WriteLaTeX writes t as a booktabs table: \toprule, \midrule under the header, \cmidrule under spanning header
// cells, \bottomrule, stars as $^{***}$ and the notes in a footnote-size block under the tabular. The document
// needs \usepackage{booktabs}, and Chinese text needs ctex (or xeCJK) and XeLaTeX. The output starts with a
// comment that states both. The characters \ { } _ % & # $ ~ ^ < > | [ ] * in labels are escaped.
func WriteLaTeX(w io.Writer, t Table, opts LaTeXOptions) error {
	l, err := t.Layout()
	if err != nil {
		return err
	}

	var b strings.Builder
	b.WriteString("% Needs \\usepackage{booktabs}; Chinese text also needs \\usepackage{ctex} and XeLaTeX.\n")
	if !opts.TabularOnly {
		placement := opts.Placement
		if placement == "" {
			placement = "htbp"
		}
		fmt.Fprintf(&b, "\\begin{table}[%s]\n\\centering\n", latexEscape(placement))
		if l.Title != "" {
			fmt.Fprintf(&b, "\\caption{%s}\n", latexEscape(cleanText(l.Title)))
		}
		if opts.Label != "" {
			fmt.Fprintf(&b, "\\label{%s}\n", cleanText(opts.Label))
		}
	}

	fmt.Fprintf(&b, "\\begin{tabular}{l%s}\n\\toprule\n", strings.Repeat("c", l.Columns-1))
	for i, row := range l.Header {
		b.WriteString(latexRow(row, opts) + "\n")
		if i < len(l.Header)-1 {
			b.WriteString(latexSpanRules(row))
		}
	}
	if len(l.Header) > 0 {
		b.WriteString("\\midrule\n")
	}
	for _, row := range l.Body {
		if row.RuleAbove {
			b.WriteString("\\midrule\n")
		}
		b.WriteString(latexRow(row, opts) + "\n")
	}
	b.WriteString("\\bottomrule\n\\end{tabular}\n")

	if !opts.TabularOnly {
		// NOTE: the notes block is \linewidth wide, not as wide as the tabular. The threeparttable package
		// would match the table's width but is one more package for the document to load.
		if len(l.Notes) > 0 {
			b.WriteString("\\par\\smallskip\n\\begin{minipage}{\\linewidth}\\footnotesize\\raggedright\n")
			for _, note := range l.Notes {
				b.WriteString(latexEscape(cleanText(note)) + "\\par\n")
			}
			b.WriteString("\\end{minipage}\n")
		}
		b.WriteString("\\end{table}\n")
	}

	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("table: write LaTeX: %w", err)
	}
	return nil
}

// latexRow returns one row of the tabular, ending in \\.
func latexRow(row Row, opts LaTeXOptions) string {
	cells := make([]string, len(row.Cells))
	for i, c := range row.Cells {
		text := latexCellEscape(cleanText(c.Text))
		if c.Number && !opts.HyphenMinus && strings.HasPrefix(text, "-") {
			text = "$-$" + text[1:]
		}
		if c.Parens {
			text = "(" + text + ")"
		}
		text += latexStars(cleanText(c.Stars))
		if c.span() > 1 {
			text = fmt.Sprintf("\\multicolumn{%d}{c}{%s}", c.span(), text)
		}
		cells[i] = text
	}
	return strings.Join(cells, " & ") + " \\\\"
}

// latexSpanRules returns a \cmidrule line under each spanning cell with text, or "" when there is none.
func latexSpanRules(row Row) string {
	var rules []string
	column := 1
	for _, c := range row.Cells {
		if c.span() > 1 && c.Text != "" {
			rules = append(rules, fmt.Sprintf("\\cmidrule(lr){%d-%d}", column, column+c.span()-1))
		}
		column += c.span()
	}
	if len(rules) == 0 {
		return ""
	}
	return strings.Join(rules, " ") + "\n"
}

// latexStars writes star symbols as a math superscript, $^{***}$, and any other symbols as escaped
// \textsuperscript text, which also works for symbols that math mode lacks.
func latexStars(stars string) string {
	if stars == "" {
		return ""
	}
	if strings.Trim(stars, "*") == "" {
		return "$^{" + stars + "}$"
	}
	return "\\textsuperscript{" + latexEscape(stars) + "}"
}

var latexReplacer = strings.NewReplacer(
	`\`, `\textbackslash{}`,
	`{`, `\{`,
	`}`, `\}`,
	`_`, `\_`,
	`%`, `\%`,
	`&`, `\&`,
	`#`, `\#`,
	`$`, `\$`,
	`~`, `\textasciitilde{}`,
	`^`, `\textasciicircum{}`,
	`<`, `\textless{}`,
	`>`, `\textgreater{}`,
	`|`, `\textbar{}`,
	"²", `\textsuperscript{2}`,
	"³", `\textsuperscript{3}`,
)

// latexEscape escapes the characters that LaTeX reads as commands.
func latexEscape(s string) string { return latexReplacer.Replace(s) }

// latexCellEscape escapes a tabular cell and braces a leading "[" or "*". After \\ LaTeX looks ahead for an
// optional argument "[" and the starred form "*", even across a line break, so a row that starts with either
// would be misread.
func latexCellEscape(s string) string {
	s = latexEscape(s)
	if s != "" && (s[0] == '[' || s[0] == '*') {
		s = "{" + s[:1] + "}" + s[1:]
	}
	return s
}
