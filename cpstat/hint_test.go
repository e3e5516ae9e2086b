package cpstat

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/cpstat/cpstat/cpstat/quantreg"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/internal/testref"
)

// flagNamer spells settings as invented flags, so a test can see that no Go name is left.
func flagNamer(s Suggestion) string {
	if s.Value == "" {
		return fmt.Sprintf("--setting%d", int(s.Setting))
	}
	return fmt.Sprintf("--setting%d=%s", int(s.Setting), s.Value)
}

func TestHintFormatJoinsAlternatives(t *testing.T) {
	cases := []struct {
		hint Hint
		want string
	}{
		{Hint{}, ""},
		{textHint("fix the cell"), "fix the cell"},
		{Hint{Action: "fix the cell", Suggestions: []Suggestion{{Setting: SettingAmbiguousNumbers, Value: "missing", Purpose: "read such cells as missing"}}},
			"fix the cell, or read such cells as missing with WithAmbiguousNumbers(AmbiguousAsMissing)"},
		{Hint{Suggestions: []Suggestion{{Setting: SettingEncoding, Value: "gbk"}, {Setting: SettingEncoding, Value: "auto"}, {Setting: SettingWindow, Value: "2005:2017"}}},
			"use WithEncoding(EncodingGBK), use WithEncoding(EncodingAuto), or use Window{From: 2005, To: 2017}"},
	}
	for _, c := range cases {
		if got := c.hint.Format(GoSetting); got != c.want {
			t.Errorf("Format = %q, want %q", got, c.want)
		}
	}
}

// A namer that returns "" leaves the suggestion out.
func TestHintFormatSkipsUnnamedSettings(t *testing.T) {
	h := Hint{Action: "fix the text cells", Suggestions: []Suggestion{
		{Setting: SettingMissingValues, Value: "约3500", Purpose: "list them as missing"},
		{Setting: SettingColumnType, Column: "gdp", Value: "string", Purpose: "read the column as text"}}}
	name := func(s Suggestion) string {
		if s.Setting == SettingColumnType {
			return ""
		}
		return "--na " + s.Value
	}
	if got, want := h.Format(name), "fix the text cells, or list them as missing with --na 约3500"; got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
}

func TestGoSettingSpellsEverySetting(t *testing.T) {
	seen := map[string]Setting{}
	for s := SettingEncoding; s.Known(); s++ {
		got := GoSetting(Suggestion{Setting: s, Value: "1"})
		if strings.HasPrefix(got, "Setting(") {
			t.Errorf("setting %d has no Go spelling", int(s))
		}
		if prev, dup := seen[got]; dup {
			t.Errorf("settings %d and %d are both spelled %q", int(prev), int(s), got)
		}
		seen[got] = s
	}
}

// The mixed-column error of the user's report: one text cell among numbers. The library names its
// options, FormatError names the caller's, and the count reads "1 is text".
func TestMixedColumnHintNamesSettings(t *testing.T) {
	_, err := ReadCSVFrom(strings.NewReader("province,year,gdp\nBJ,2001,1\nBJ,2002,约3500\nBJ,2003,3\n"), "text.csv")
	var ce *CellError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v, want a *CellError", err)
	}
	msg := err.Error()
	for _, want := range []string{"2 cells are numbers, and 1 is text", `WithMissingValues("约3500")`, `WithColumnType("gdp", series.String)`} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	wrapped := fmt.Errorf("--data: %w", err)
	got := FormatError(wrapped, flagNamer)
	for _, want := range []string{"--data: text.csv", "--setting8=约3500", "--setting9=string"} {
		if !strings.Contains(got, want) {
			t.Errorf("FormatError = %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "With") {
		t.Errorf("FormatError = %q still names a Go option", got)
	}
}

func TestPercentHintNamesEveryScale_PB28(t *testing.T) {
	_, err := ReadCSV(testref.Case("PB-28.csv"), WithAmbiguousNumbers(AmbiguousAsMissing))
	got := FormatError(err, flagNamer)
	for _, want := range []string{"--setting5=fraction", "--setting5=number", "--setting5=missing"} {
		if !strings.Contains(got, want) {
			t.Errorf("FormatError = %q lacks %q", got, want)
		}
	}
}

func TestEncodingHintNamesGBK_PB26(t *testing.T) {
	_, err := ReadCSV(testref.Case("PB-26.csv"), WithEncoding(EncodingUTF8))
	if got := FormatError(err, flagNamer); !strings.Contains(got, "--setting1=gbk") {
		t.Errorf("FormatError = %q does not suggest GBK", got)
	}
}

func TestEntropyMissingHintNamesPolicies(t *testing.T) {
	p, err := EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	_, err = EntropyIndex(p, FlatIndicatorSystem("index", []string{"gdp", "expen"}, nil), IndexOptions{Window: StudyWindow})
	var he *HintError
	if !errors.As(err, &he) {
		t.Fatalf("error %v, want a *HintError", err)
	}
	msg := err.Error()
	for _, want := range []string{`indicator "expen"`, "IndexOptions.Missing = IndexListwise", "IndexCompleteIndicators"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "Settings.Missing = DropRows") {
		t.Errorf("message %q names the engine's setting", msg)
	}
}

// In the embedded capital inputs Chongqing starts in 1996, so a start year of 1990 fails and 1996
// is the first year every province has.
func TestCapitalStartYearHint(t *testing.T) {
	opts := PaperCapitalOptions()
	opts.Settings.StartYear = 1990
	_, err := CapitalStock(nil, opts)
	var he *HintError
	if !errors.As(err, &he) {
		t.Fatalf("error %v, want a *HintError", err)
	}
	got := FormatError(err, flagNamer)
	for _, want := range []string{`unit "CQ"`, "1996–2017", fmt.Sprintf("--setting%d=0", int(SettingCapitalStartYear)),
		fmt.Sprintf("--setting%d=1996", int(SettingCapitalStartYear))} {
		if !strings.Contains(got, want) {
			t.Errorf("FormatError = %q lacks %q", got, want)
		}
	}
}

func TestQRPDSuggestionForEveryRemedy(t *testing.T) {
	for _, r := range quantreg.Remedies() {
		s := qrpdSuggestion(quantreg.Advice{Remedy: r, Purpose: "try"})
		if !s.Setting.Known() {
			t.Errorf("remedy %v maps to setting %d", r, int(s.Setting))
		}
	}
}

// separatedPanel is 12 units × 5 periods where the unit effects separate the units at the true slope
// 0.5 (the engine's zero-objective fixture), so Q = 0 on an interval of slopes.
func separatedPanel(t *testing.T) *Panel {
	t.Helper()
	var ids []string
	var years []int
	var ys, xs []float64
	for i := 0; i < 12; i++ {
		for y := 0; y < 5; y++ {
			x := float64(i) + 3*float64((i*7+y*3)%11)/10
			ids, years = append(ids, fmt.Sprintf("u%02d", i)), append(years, 2001+y)
			xs, ys = append(xs, x), append(ys, 5*float64(i)+0.5*x)
		}
	}
	df := dataframe.New(series.New(ids, series.String, "id"), series.New(years, series.Int, "year"),
		series.New(ys, series.Float, "y"), series.New(xs, series.Float, "x"))
	p, err := NewPanel(df, "id", "year")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A flat objective gets a table note that states the estimate is not identified and names the MCMC
// optimiser, and no "NaN" bandwidth.
func TestQRPDFlatObjectiveNote(t *testing.T) {
	res, err := QRPD(separatedPanel(t), "y ~ x", []float64{0.5})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Fits[0].FlatObjective() {
		t.Fatalf("objective %v with %d grid solutions, want a flat objective", res.Fits[0].Objective, len(res.Fits[0].GridSolutions))
	}
	for _, lang := range []table.Lang{table.En, table.Zh} {
		notes := strings.Join(res.NoteWith(lang, flagNamer), "\n")
		if !strings.Contains(notes, fmt.Sprintf("--setting%d=mcmc", int(SettingQRPDOptimizer))) {
			t.Errorf("%v notes lack the MCMC optimiser:\n%s", lang, notes)
		}
		if strings.Contains(notes, "NaN") {
			t.Errorf("%v notes contain NaN:\n%s", lang, notes)
		}
	}
	if en := strings.Join(res.Note(table.En), "\n"); !strings.Contains(en, "not identified") || !strings.Contains(en, "QRPDOptimizer(quantreg.OptimizeMCMC)") {
		t.Errorf("English notes do not say the estimate is not identified with the Go option:\n%s", en)
	}
	for _, note := range res.Fits[0].NotesWith(flagNamer) {
		if strings.Contains(note, "Optimize") {
			t.Errorf("fit note %q names a Go constant", note)
		}
	}
}
