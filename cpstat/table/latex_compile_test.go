package table

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestLaTeXCompiles typesets every golden table with XeLaTeX, booktabs and ctex, the setup that WriteLaTeX's
// header comment names. It is skipped when xelatex is not installed (Debian: texlive-xetex and
// texlive-lang-chinese) and in -short mode, because a run takes a few seconds.
func TestLaTeXCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("typesetting takes seconds; skipped in -short mode")
	}
	xelatex, err := exec.LookPath("xelatex")
	if err != nil {
		t.Skip("xelatex is not installed")
	}

	var doc bytes.Buffer
	doc.WriteString("\\documentclass{article}\n\\usepackage{booktabs}\n\\usepackage{ctex}\n\\begin{document}\n")
	for _, tc := range goldenTables {
		if err := WriteLaTeX(&doc, tc.table, LaTeXOptions{Label: "tab:" + tc.name}); err != nil {
			t.Fatal(err)
		}
		if err := WriteLaTeX(&doc, tc.table, LaTeXOptions{TabularOnly: true, HyphenMinus: true}); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteLaTeX(&doc, labelled(`[a] *b \c {d} _e %f &g #h $i ~j ^k <l> |m`), LaTeXOptions{}); err != nil {
		t.Fatal(err)
	}
	doc.WriteString("\\end{document}\n")

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "tables.tex"), doc.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, xelatex, "-interaction=nonstopmode", "-halt-on-error", "tables.tex")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xelatex failed: %v\n%s", err, out)
	}
}
