package table

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// labelled returns a one-coefficient table whose term label, title and note are the given text.
func labelled(text string) Regression {
	return Regression{
		Title:   text,
		Columns: []Column{{Coefs: []Coef{{Term: "x", Estimate: -0.5, Stat: -2.5, PValue: 0.02}}}},
		Labels:  Labels{"x": {Zh: text}},
		Notes:   []string{text},
	}
}

func render(t *testing.T, write func(io.Writer, Table) error, tb Table) string {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b, tb); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func writeHTML(w io.Writer, t Table) error     { return WriteHTML(w, t, HTMLOptions{}) }
func writeLaTeX(w io.Writer, t Table) error    { return WriteLaTeX(w, t, LaTeXOptions{}) }
func writeMarkdown(w io.Writer, t Table) error { return WriteMarkdown(w, t, MarkdownOptions{}) }
func writeCSV(w io.Writer, t Table) error      { return WriteCSV(w, t, CSVOptions{}) }
func writeText(w io.Writer, t Table) error     { return WriteText(w, t, TextOptions{}) }

// checkXML parses s as one XML document and returns the character data of its elements joined by "|".
func checkXML(s string) (string, error) {
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	var text []string
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth > 0 && strings.TrimSpace(string(tok)) != "" {
				text = append(text, string(tok))
			}
		}
	}
	if depth != 0 {
		return "", errors.New("unbalanced elements")
	}
	return strings.Join(text, "|"), nil
}

func TestHTMLEscaping(t *testing.T) {
	label := `<script>alert("a&b")</script> 'q'`
	out := render(t, writeHTML, labelled(label))
	if strings.Contains(out, "<script") {
		t.Errorf("the label's <script> tag is not escaped:\n%s", out)
	}
	text, err := checkXML(out)
	if err != nil {
		t.Fatalf("output is not well-formed XML: %v\n%s", err, out)
	}
	if !strings.Contains(text, label) {
		t.Errorf("the parsed text %q does not contain the label %q unchanged", text, label)
	}
	if !strings.Contains(out, "0.500<sup>**</sup>") && !strings.Contains(out, "-0.500<sup>**</sup>") {
		t.Errorf("stars are not in <sup>:\n%s", out)
	}
}

func TestHTMLControlCharacters(t *testing.T) {
	out := render(t, writeHTML, labelled("a\x00b\x1bc\uFFFEd\xffe"))
	if _, err := checkXML(out); err != nil {
		t.Fatalf("control characters or invalid UTF-8 made the output invalid XML: %v", err)
	}
	if !strings.Contains(out, "a b c\uFFFDd\uFFFDe") {
		t.Errorf("control characters should become spaces and invalid bytes U+FFFD:\n%s", out)
	}
}

func TestHTMLNoStyle(t *testing.T) {
	out := render(t, func(w io.Writer, tb Table) error {
		return WriteHTML(w, tb, HTMLOptions{Class: `x" onload="y`, NoStyle: true})
	}, baselineEn())
	if strings.Contains(out, "style=") {
		t.Errorf("NoStyle output has style attributes")
	}
	if !strings.Contains(out, `class="x&#34; onload=&#34;y"`) {
		t.Errorf("the class attribute is not escaped:\n%s", out[:200])
	}
	if !strings.Contains(out, `<tr class="rule">`) {
		t.Errorf("the rule above the statistics has no class hook")
	}
}

func TestLaTeXEscaping(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{`a_b`, `a\_b`},
		{`5%`, `5\%`},
		{`R&D`, `R\&D`},
		{`#1`, `\#1`},
		{`$x$`, `\$x\$`},
		{`{a}`, `\{a\}`},
		{`a\b`, `a\textbackslash{}b`},
		{`~^`, `\textasciitilde{}\textasciicircum{}`},
		{`a<b>c|d`, `a\textless{}b\textgreater{}c\textbar{}d`},
		{`R²`, `R\textsuperscript{2}`},
		{`共同富裕`, `共同富裕`},
	}
	for _, tc := range cases {
		if got := latexEscape(tc.in); got != tc.want {
			t.Errorf("latexEscape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for in, want := range map[string]string{"[a]": "{[}a]", "*a": "{*}a", "a*": "a*"} {
		if got := latexCellEscape(in); got != want {
			t.Errorf("latexCellEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLaTeXRows(t *testing.T) {
	out := render(t, writeLaTeX, labelled("x_1"))
	for _, want := range []string{
		`\begin{tabular}{lc}`,
		`\toprule`,
		`x\_1 & $-$0.500$^{**}$ \\`,
		` & ($-$2.500) \\`,
		`\bottomrule`,
		`\caption{x\_1}`,
		`注：*、**和***分别表示在10\%、5\%和1\%的显著性水平下显著，括号内为t值。\par`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("LaTeX output lacks %q:\n%s", want, out)
		}
	}

	hyphen := render(t, func(w io.Writer, tb Table) error {
		return WriteLaTeX(w, tb, LaTeXOptions{HyphenMinus: true, TabularOnly: true})
	}, labelled("x"))
	if !strings.Contains(hyphen, `x & -0.500$^{**}$ \\`) {
		t.Errorf("HyphenMinus output lacks a plain minus:\n%s", hyphen)
	}
	if strings.Contains(hyphen, `\begin{table}`) || strings.Contains(hyphen, "注") {
		t.Errorf("TabularOnly output has the float or the notes:\n%s", hyphen)
	}
}

func TestLaTeXSpanRules(t *testing.T) {
	out := render(t, writeLaTeX, descriptiveGrid())
	if !strings.Contains(out, `变量 & 样本 & \multicolumn{4}{c}{分布} \\`+"\n"+`\cmidrule(lr){3-6}`) {
		t.Errorf("spanning header lacks \\multicolumn and \\cmidrule:\n%s", out)
	}
}

func TestMarkdownEscaping(t *testing.T) {
	out := render(t, writeMarkdown, labelled("a|b*c_d`e[f]<g>&$h"))
	if !strings.Contains(out, `| a\|b\*c\_d\`+"`"+`e\[f\]\<g\>\&\$h | -0.500\*\* |`) {
		t.Errorf("label row not escaped as expected:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "|") && countUnescaped(line, '|') != 3 {
			t.Errorf("row %q has %d cell separators, want 3", line, countUnescaped(line, '|'))
		}
	}
}

func TestMarkdownNoteLineStart(t *testing.T) {
	cases := map[string]string{
		"1. first":  `1\. first`,
		"12) item":  `12\) item`,
		"- item":    `\- item`,
		"# heading": `\# heading`,
		"   - item": `\- item`,
		"plain":     "plain",
	}
	for note, want := range cases {
		l := &Layout{Columns: 1, Notes: []string{note}}
		out := render(t, writeMarkdown, l)
		if !strings.Contains(out, "\n"+want+"\n") {
			t.Errorf("note %q: output %q lacks the paragraph %q", note, out, want)
		}
	}
}

// countUnescaped counts the occurrences of c in s that are not escaped by a backslash.
func countUnescaped(s string, c byte) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case c:
			n++
		}
	}
	return n
}

func TestCSVQuotingAndFormulas(t *testing.T) {
	label := "a,b \"q\"\nnext"
	out := render(t, writeCSV, labelled(label))
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("output is not valid CSV: %v\n%s", err, out)
	}
	if got, want := records[2][0], `a,b "q" next`; got != want {
		t.Errorf("label field %q, want %q (the newline becomes a space)", got, want)
	}
	if got := records[2][1]; got != "-0.500**" {
		t.Errorf("estimate field %q, want -0.500** (stars attached, no formula guard on numbers)", got)
	}
	if !strings.Contains(out, "\r\n") {
		t.Errorf("records do not end with CRLF as RFC 4180 specifies")
	}

	for label, want := range map[string]string{"=SUM(A1)": "'=SUM(A1)", "@x": "'@x", "+x": "'+x", "-x": "'-x", "-1e3": "-1e3", "x=1": "x=1"} {
		records, err := csv.NewReader(strings.NewReader(render(t, writeCSV, labelled(label)))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got := records[2][0]; got != want {
			t.Errorf("label %q written as %q, want %q", label, got, want)
		}
	}

	allowed := render(t, func(w io.Writer, tb Table) error {
		return WriteCSV(w, tb, CSVOptions{AllowFormulas: true, LF: true})
	}, labelled("=x"))
	if !strings.Contains(allowed, "\n=x,") || strings.Contains(allowed, "\r") {
		t.Errorf("AllowFormulas and LF: got %q", allowed)
	}
}

func TestCSVBOM(t *testing.T) {
	plain := render(t, writeCSV, baselineZh())
	if strings.HasPrefix(plain, "\uFEFF") {
		t.Errorf("output starts with a BOM without the BOM option")
	}
	withBOM := render(t, func(w io.Writer, tb Table) error { return WriteCSV(w, tb, CSVOptions{BOM: true}) }, baselineZh())
	if !strings.HasPrefix(withBOM, "\xEF\xBB\xBF基准回归") {
		t.Errorf("BOM output starts with %q", withBOM[:12])
	}
	if withBOM[3:] != plain {
		t.Errorf("BOM output differs from the plain output after the BOM")
	}
}

func TestCSVRecordWidth(t *testing.T) {
	records, err := csv.NewReader(strings.NewReader(render(t, writeCSV, descriptiveGrid()))).ReadAll()
	if err != nil {
		t.Fatalf("grid CSV is not valid (every record must have 6 fields): %v", err)
	}
	if got := records[1]; strings.Join(got, ",") != "变量,样本,分布,,," {
		t.Errorf("spanning header record %q, want 分布 in its first column", got)
	}
}

func TestTextControlCharacters(t *testing.T) {
	out := render(t, writeText, labelled("a\nb\tc"))
	if !strings.Contains(out, "\na b c ") {
		t.Errorf("control characters in a label should become spaces:\n%s", out)
	}
}
