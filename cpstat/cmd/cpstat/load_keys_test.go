package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/data"
)

// wideCSV is the NBS provinces × years layout: one row per province, one column per year.
const wideCSV = "地区,2015,2016,2017\n北京,23014.6,25669.1,28014.9\n天津,16538.2,17885.4,18549.2\n河北,29806.1,32070.5,34016.3\n"

// A wide file read as long names the file and its columns and suggests --wide.
func TestWideFileSuggestsWideFlag(t *testing.T) {
	path := writeFile(t, "wide.csv", wideCSV)
	code, _, stderr := runCLI(t, "describe", "--data", path, "--id", "地区")
	if code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, stderr)
	}
	for _, want := range []string{"wide.csv has no column \"year\" (--time)", `"地区", "2015", "2016", "2017"`, "--wide NAME"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q: %s", want, stderr)
		}
	}
}

// --wide reshapes the layout: 3 provinces × 3 years become 9 rows of the value column, with the
// years in the --time column, and the reader's note on the reshape is in reader_notes.
func TestWideFlagReshapes(t *testing.T) {
	path := writeFile(t, "wide.csv", wideCSV)
	code, out, stderr := runCLI(t, "describe", "--data", path, "--id", "地区", "--time", "年份", "--wide", "gdp", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Variables []struct {
			Variable string  `json:"variable"`
			N        int     `json:"n"`
			Max      float64 `json:"max"`
		} `json:"variables"`
		ReaderNotes []string `json:"reader_notes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	if len(doc.Variables) != 1 || doc.Variables[0].Variable != "gdp" || doc.Variables[0].N != 9 || doc.Variables[0].Max != 34016.3 {
		t.Errorf("variables %+v, want gdp with N = 9 and max 34016.3 (河北 2017)", doc.Variables)
	}
	if notes := strings.Join(doc.ReaderNotes, "\n"); !strings.Contains(notes, "reshaped the wide layout") || !strings.Contains(notes, `"年份"`) {
		t.Errorf("reader_notes %q do not describe the reshape to the time column 年份", doc.ReaderNotes)
	}
}

// A wide file without the --id column suggests the entity column it has.
func TestWideFlagSuggestsEntityColumn(t *testing.T) {
	code, _, stderr := runCLI(t, "describe", "--data", writeFile(t, "wide.csv", wideCSV), "--wide", "gdp")
	if code != 2 || !strings.Contains(stderr, `no column "province" (--id)`) || !strings.Contains(stderr, "--id 地区") {
		t.Errorf("exit %d, stderr %q; want 2 with a suggestion of --id 地区", code, stderr)
	}
}

// A file keyed by 省份 and 年份 gets a message that lists its columns and names the flags.
func TestChineseKeysSuggested(t *testing.T) {
	path := writeFile(t, "zh.csv", "省份,年份,gdp,balance\n北京,2016,1,2\n北京,2017,2,3\n天津,2016,3,1\n天津,2017,5,2\n")
	code, _, stderr := runCLI(t, "fe", "--data", path, "--formula", "gdp ~ balance | province + year")
	if code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, stderr)
	}
	for _, want := range []string{`zh.csv has no column "province" (--id) or "year" (--time)`, `"省份", "年份", "gdp", "balance"`,
		"--id 省份 --time 年份"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q: %s", want, stderr)
		}
	}
}

// A file read as a cross-section because it lacks the default keys gets a note on how to read it as a panel.
func TestCrossSectionNoteSuggestsKeys(t *testing.T) {
	path := writeFile(t, "zh.csv", "省份,年份,y,x,m\n北京,2016,1,2,1\n北京,2017,2,3,4\n天津,2016,3,1,2\n天津,2017,5,2,2\n河北,2016,4,4,3\n")
	code, _, stderr := runCLI(t, "mediate", "--data", path, "--treatment", "x", "--mediators", "m", "--outcome", "y")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "cross-section") || !strings.Contains(stderr, "--id 省份 --time 年份") {
		t.Errorf("stderr %q does not suggest the keys", stderr)
	}
}

// panelWithNote returns the embedded panel as CSV with one more column, note, whose first cell is
// the placeholder "—", so that every read of it has a reader note.
func panelWithNote(t *testing.T, drop string) string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(string(data.PanelCSV())), "\n")
	var b strings.Builder
	for i, line := range lines {
		switch {
		case i == 0:
			line += ",note"
		case i == 1:
			line += ",—"
		default:
			line += ",1"
		}
		if drop != "" && strings.HasPrefix(line, drop) {
			continue
		}
		b.WriteString(line + "\n")
	}
	return writeFile(t, "panel.csv", b.String())
}

// Every command that reads --data reports the reader's notes: in reader_notes with --json, on
// stderr without it.
func TestReaderNotesEveryCommand(t *testing.T) {
	path := panelWithNote(t, "")
	const note = `column "note": read 1 placeholder as missing`
	cases := [][]string{
		{"ols", "--formula", "gdp ~ balance"},
		{"fe", "--formula", "gdp ~ balance | province + year"},
		{"fe", "--formula", "gdp ~ balance | province + year", "--split-by", "open:2"},
		{"describe", "--vars", "gdp"},
		{"vif", "--vars", "balance,open"},
		{"entropy", "--indicators", "gdp,open"},
		{"mediate", "--treatment", "balance", "--mediators", "open", "--outcome", "gdp"},
		{"gmm", "--formula", "gdp ~ L(gdp, 1)", "--gmm", "gdp 2:3", "--collapse"},
		{"malmquist", "--inputs", "gfcf,employment", "--outputs", "real_gdp", "--window", "2015:2017"},
		{"dea", "--inputs", "gfcf,employment", "--outputs", "real_gdp", "--period", "2017"},
		{"capital", "--price-year", "2000"},
		{"qr", "--formula", "gdp ~ balance"},
		{"qrpd", "--formula", "gdp ~ balance", "--taus", "0.5", "--quiet"},
		{"placebo", "--formula", "gdp ~ balance | province + year", "--treatment", "balance", "--reps", "2", "--quiet"},
		{"wildboot", "--formula", "gdp ~ balance | province + year", "--cluster", "province", "--param", "balance", "--reps", "9", "--quiet"},
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			args := append([]string{args[0], "--data", path}, args[1:]...)
			code, out, stderr := runCLI(t, append(args, "--json")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var doc struct {
				ReaderNotes []string `json:"reader_notes"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !strings.Contains(strings.Join(doc.ReaderNotes, "\n"), note) {
				t.Errorf("reader_notes %q lack %q", doc.ReaderNotes, note)
			}
			if strings.Contains(stderr, note) {
				t.Errorf("with --json the note also went to stderr: %s", stderr)
			}

			code, _, stderr = runCLI(t, args...)
			if code != 0 || !strings.Contains(stderr, "note: "+path+": "+note) {
				t.Errorf("text mode: exit %d, stderr %q lacks the note", code, stderr)
			}
		})
	}
}

// With one province-year removed, fe reports an unbalanced panel, in text and JSON.
func TestUnbalancedPanelReported(t *testing.T) {
	path := panelWithNote(t, "BJ,北京,Beijing,East,2005,")
	args := []string{"fe", "--data", path, "--formula", "gdp ~ balance | province + year"}
	code, out, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if want := "Panel: 30 entities × 18 periods, unbalanced: 539 of 540 entity-periods"; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	code, out, stderr = runCLI(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Panel regressPanel `json:"panel"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if want := (regressPanel{Entities: 30, Periods: 18, Rows: 539}); doc.Panel != want {
		t.Errorf("panel %+v, want %+v", doc.Panel, want)
	}
}
