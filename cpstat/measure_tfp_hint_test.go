package cpstat

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// An output missing in every province for 2000–2004 leaves no complete entity under DropIncomplete.
// The error names those periods and suggests the window 2005:2017, which all 30 provinces cover.
func TestMeasureTFPNoCompleteEntityWindow(t *testing.T) {
	p, err := EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	gdp, err := p.Float("real_gdp")
	if err != nil {
		t.Fatal(err)
	}
	output := make([]float64, len(gdp))
	for i := range gdp {
		output[i] = gdp[i]
		if p.Key(i).Time < 2005 {
			output[i] = math.NaN()
		}
	}
	if p, err = p.With("output", output); err != nil {
		t.Fatal(err)
	}

	_, err = MeasureTFP(context.Background(), p, TFPOptions{Inputs: []string{"gfcf", "employment"}, Outputs: []string{"output"},
		DropIncomplete: true})
	if !errors.Is(err, ErrEmptyFrame) {
		t.Fatalf("error %v, want ErrEmptyFrame", err)
	}
	msg := FormatError(err, flagNamer)
	if !strings.Contains(msg, "no entity has a complete row in 2000, 2001, 2002, 2003, 2004") {
		t.Errorf("message %q does not list the periods without a complete entity", msg)
	}
	if want := fmt.Sprintf("--setting%d=2005:2017", int(SettingWindow)); !strings.Contains(msg, want) {
		t.Errorf("message %q does not suggest %s", msg, want)
	}
	if !strings.Contains(msg, "30 entities") {
		t.Errorf("message %q does not count the 30 provinces that cover the window", msg)
	}
}

func TestLongestRunPicksFirstOfEqual(t *testing.T) {
	cases := []struct {
		in         []bool
		start, end int
	}{
		{[]bool{}, 0, -1},
		{[]bool{false, false}, 0, -1},
		{[]bool{true, true, false, true, true}, 0, 1},
		{[]bool{false, true, false, true, true, true}, 3, 5},
	}
	for _, c := range cases {
		if s, e := longestRun(c.in); s != c.start || e != c.end {
			t.Errorf("longestRun(%v) = %d, %d, want %d, %d", c.in, s, e, c.start, c.end)
		}
	}
}
