// Package nb shows cpstat tables and figures in a GoNB notebook.
//
// It is the only package that imports GoNB's display library, so the rest of cpstat builds and runs with no
// Jupyter. Outside a notebook the display calls write nothing to Jupyter and return no error.
package nb

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"os"

	"github.com/janpfeifer/gonb/gonbui"

	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/plots"
)

// Table displays a table as HTML.
func Table(t table.Table) error {
	var buf bytes.Buffer
	if err := table.WriteHTML(&buf, t, table.HTMLOptions{}); err != nil {
		return err
	}
	display(buf.String())
	return nil
}

// Figure displays a figure as a PNG scaled to widthPixels on screen (0 means 720); the image itself keeps
// its 300 dpi resolution.
func Figure(f *plots.Figure, widthPixels int) error {
	png, err := f.PNG()
	if err != nil {
		return err
	}
	if widthPixels <= 0 {
		widthPixels = 720
	}
	display(fmt.Sprintf(`<img style="max-width:%dpx;width:100%%" src="data:image/png;base64,%s">`,
		widthPixels, base64.StdEncoding.EncodeToString(png)))
	return nil
}

// Markdown displays Markdown text.
func Markdown(text string) {
	gonbui.DisplayMarkdown(text)
	gonbui.Sync()
}

// Pre displays text in a monospaced block, for summaries that are laid out with spaces.
func Pre(text string) { display("<pre>" + html.EscapeString(text) + "</pre>") }

// display sends HTML to the notebook and waits until GoNB has received it: without the wait, output sent
// just before the cell's program exits is sometimes lost.
func display(htmlText string) {
	gonbui.DisplayHTML(htmlText)
	gonbui.Sync()
}

// Must stops the cell when err is not nil: it prints the error to stderr, which a headless notebook run
// treats as a failure, and exits with status 1.
func Must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// Check returns v when err is nil and otherwise stops the cell like Must.
func Check[T any](v T, err error) T {
	Must(err)
	return v
}
