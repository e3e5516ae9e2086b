package gmm

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseGMM(t *testing.T) {
	tests := []struct {
		in   string
		want []GMMStyle
	}{
		{"y 2:99, x 2:99", []GMMStyle{
			{Vars: []string{"y"}, MinLag: 2, MaxLag: 99},
			{Vars: []string{"x"}, MinLag: 2, MaxLag: 99},
		}},
		{"y 2:.", []GMMStyle{{Vars: []string{"y"}, MinLag: 2, MaxLag: AllLags}}},
		{"  w k 3:5 collapse eq(diff) ", []GMMStyle{
			{Vars: []string{"w", "k"}, MinLag: 3, MaxLag: 5, Collapse: true, Equation: TransformedEquation},
		}},
		{"cp 2, balance 1:3 eq(level)", []GMMStyle{
			{Vars: []string{"cp"}, MinLag: 2, MaxLag: 2},
			{Vars: []string{"balance"}, MinLag: 1, MaxLag: 3, Equation: LevelEquation},
		}},
		{"共同富裕 2:. EQ( both )", []GMMStyle{{Vars: []string{"共同富裕"}, MinLag: 2, MaxLag: AllLags}}},
		{"", nil},
	}
	for _, tt := range tests {
		got, err := ParseGMM(tt.in)
		if err != nil {
			t.Errorf("ParseGMM(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseGMM(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseIV(t *testing.T) {
	got, err := ParseIV("w k, ys 0:1 eq(level)")
	if err != nil {
		t.Fatal(err)
	}
	want := []IVStyle{
		{Vars: []string{"w", "k"}, MinLag: 0, MaxLag: 0},
		{Vars: []string{"ys"}, MinLag: 0, MaxLag: 1, Equation: LevelEquation},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseIV = %+v, want %+v", got, want)
	}
}

// Each error names the offending token and its 1-based character position.
func TestParseErrorsNameTokenAndPosition(t *testing.T) {
	tests := []struct {
		option string
		in     string
		token  string
		pos    int
		msg    string // part of the message
	}{
		{"gmm", "y 2:x", "2:x", 3, "invalid lag range"},
		{"gmm", "y 4:2", "4:2", 3, "below the minimum lag"},
		{"gmm", "y -1:3", "-1:3", 3, "invalid lag range"},
		{"gmm", "y 2:., , x 2:.", ",", 8, "empty group"},
		{"gmm", "y 2:.,", ",", 6, "empty group"},
		{"gmm", "y", "", 2, "no lag range"},
		{"gmm", "y 2:. x", "x", 7, "list variables first"},
		{"gmm", "y 2:3 4:5", "4:5", 7, "second lag range"},
		{"gmm", "y 2:. eq(up)", "eq(up)", 7, "unknown equation"},
		{"gmm", "y 2:. eq(diff", "eq(diff", 7, "closing parenthesis"},
		{"gmm", "y 2:. collapse collapse", "collapse", 16, "twice"},
		{"gmm", "y$ 2:.", "y$", 1, "invalid character"},
		{"gmm", "2:3", "2:3", 1, "names no variable"},
		{"iv", "w 0:1 collapse", "collapse", 7, "GMM-style instruments only"},
		{"iv", "w 0:.", "0:.", 3, "finite maximum lag"},
		{"iv", "w, 共同 k@", "k@", 7, "invalid character"},
	}
	for _, tt := range tests {
		var err error
		if tt.option == "gmm" {
			_, err = ParseGMM(tt.in)
		} else {
			_, err = ParseIV(tt.in)
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s %q: error %v, want a *ParseError", tt.option, tt.in, err)
			continue
		}
		if pe.Token != tt.token || pe.Pos != tt.pos {
			t.Errorf("%s %q: token %q at %d, want %q at %d (%v)", tt.option, tt.in, pe.Token, pe.Pos, tt.token, tt.pos, err)
		}
		if !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s %q: message %q does not contain %q", tt.option, tt.in, err.Error(), tt.msg)
		}
	}
}
