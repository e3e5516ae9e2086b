package formula

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func v(name string) Expr { return &Var{Name: name} }

func term(factors ...Expr) Term { return Term{Factors: factors} }

func TestParseTerms(t *testing.T) {
	cases := []struct {
		src  string
		want Formula
	}{
		{"y ~ x", Formula{Response: v("y"), Terms: []Term{term(v("x"))}, Intercept: true}},
		{"y ~ 1", Formula{Response: v("y"), Intercept: true}},
		{"y ~ 0", Formula{Response: v("y")}},
		{"y ~ x - 1", Formula{Response: v("y"), Terms: []Term{term(v("x"))}}},
		{"y ~ 0 + x", Formula{Response: v("y"), Terms: []Term{term(v("x"))}}},
		{"y ~ -1 + x", Formula{Response: v("y"), Terms: []Term{term(v("x"))}}},
		{"y ~ x + 0 + 1", Formula{Response: v("y"), Terms: []Term{term(v("x"))}, Intercept: true}},
		{"log(y) ~ log(x)", Formula{Response: &Call{Func: Log, Arg: v("y")},
			Terms: []Term{term(&Call{Func: Log, Arg: v("x")})}, Intercept: true}},
		{"y ~ L(x, 1) + L(x, 1:3) + F(x, 1) + l(x) + f(x, 1:2)", Formula{Response: v("y"), Intercept: true, Terms: []Term{
			term(&Lag{X: v("x"), From: 1, To: 1}),
			term(&Lag{X: v("x"), From: 1, To: 3}),
			term(&Lag{X: v("x"), From: -1, To: -1}),
			term(&Lag{X: v("x"), From: -2, To: -1}),
		}}},
		{"y ~ D(x) + D(log(x), 2)", Formula{Response: v("y"), Intercept: true, Terms: []Term{
			term(&Diff{X: v("x"), Lag: 1}),
			term(&Diff{X: &Call{Func: Log, Arg: v("x")}, Lag: 2}),
		}}},
		// x1*x2 expands to x1 + x2 + x1:x2; x2:x1 repeats x1:x2 and is kept once.
		{"y ~ x1*x2 + x2:x1", Formula{Response: v("y"), Intercept: true, Terms: []Term{
			term(v("x1")), term(v("x2")), term(v("x1"), v("x2")),
		}}},
		// Interactions come after main effects, as R's terms() orders them.
		{"y ~ a:b + c", Formula{Response: v("y"), Intercept: true, Terms: []Term{term(v("c")), term(v("a"), v("b"))}}},
		{"y ~ (a + b):c", Formula{Response: v("y"), Intercept: true, Terms: []Term{term(v("a"), v("c")), term(v("b"), v("c"))}}},
		{"y ~ a*b*c", Formula{Response: v("y"), Intercept: true, Terms: []Term{
			term(v("a")), term(v("b")), term(v("c")),
			term(v("a"), v("b")), term(v("a"), v("c")), term(v("b"), v("c")),
			term(v("a"), v("b"), v("c")),
		}}},
		{"y ~ x:x + x", Formula{Response: v("y"), Intercept: true, Terms: []Term{term(v("x"))}}},
		{`y ~ i(region) + i(region, x) + i(region, x, ref = "East") + i(year, ref = 2003) + i(g, x, 'b')`,
			Formula{Response: v("y"), Intercept: true, Terms: []Term{
				term(&Factor{Column: "region"}),
				term(&Factor{Column: "region", Slope: v("x")}),
				term(&Factor{Column: "region", Slope: v("x"), Ref: "East", HasRef: true}),
				term(&Factor{Column: "year", Ref: "2003", HasRef: true}),
				term(&Factor{Column: "g", Slope: v("x"), Ref: "b", HasRef: true}),
			}}},
		{"y ~ x | fe1 + fe2", Formula{Response: v("y"), Terms: []Term{term(v("x"))}, Intercept: true,
			FixedEffects: []FixedEffect{{Columns: []string{"fe1"}}, {Columns: []string{"fe2"}}}}},
		{"y ~ x | fe1^fe2 + fe1 + fe1", Formula{Response: v("y"), Terms: []Term{term(v("x"))}, Intercept: true,
			FixedEffects: []FixedEffect{{Columns: []string{"fe1", "fe2"}}, {Columns: []string{"fe1"}}}}},
		{"共同富裕 ~ 平衡性 + `GDP (亿元)` | 省份 + 年份", Formula{Response: v("共同富裕"), Intercept: true,
			Terms:        []Term{term(v("平衡性")), term(v("GDP (亿元)"))},
			FixedEffects: []FixedEffect{{Columns: []string{"省份"}}, {Columns: []string{"年份"}}}}},
		{"y.log ~ x_1 + .x", Formula{Response: v("y.log"), Intercept: true, Terms: []Term{term(v("x_1")), term(v(".x"))}}},
	}
	for _, c := range cases {
		got, err := Parse(c.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.src, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q)\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

func TestFormulaString(t *testing.T) {
	cases := []struct{ src, want string }{
		{"y~x1*x2", "y ~ x1 + x2 + x1:x2"},
		{"y ~ 0 + x", "y ~ x - 1"},
		{"y ~ -1", "y ~ 0"},
		{"y ~ 1 | id", "y ~ 1 | id"},
		{"y ~ F(x, 2) + L(x, -1:1) + D(x, 1)", "y ~ F(x, 2) + L(x, -1:1) + D(x)"},
		{"y ~ i(r, x, 'East')", `y ~ i(r, x, ref = "East")`},
		{"`a b` ~ `c`", "`a b` ~ c"},
	}
	for _, c := range cases {
		f, err := Parse(c.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.src, err)
			continue
		}
		if got := f.String(); got != c.want {
			t.Errorf("Parse(%q).String() = %q, want %q", c.src, got, c.want)
		}
	}
}

func TestFormulaColumns(t *testing.T) {
	f := MustParse("log(y) ~ x + L(z, 1) + i(region, x) + z:w | id + id^year")
	want := []string{"y", "x", "z", "region", "w", "id", "year"}
	if got := f.Columns(); !reflect.DeepEqual(got, want) {
		t.Errorf("Columns() = %q, want %q", got, want)
	}
}

// The message format is part of the contract: token, 1-based position and a caret line.
func TestSyntaxErrorMessage(t *testing.T) {
	_, err := Parse("cp ~ balance + | year")
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error %v is not a *SyntaxError", err)
	}
	if se.Pos != 16 {
		t.Errorf("Pos = %d, want 16", se.Pos)
	}
	if se.Token != "|" {
		t.Errorf("Token = %q, want %q", se.Token, "|")
	}
	want := "formula: unexpected '|' at position 16: expected a term after '+'\n" +
		"  cp ~ balance + | year\n" +
		"                 ^"
	if err.Error() != want {
		t.Errorf("message:\n%s\nwant:\n%s", err, want)
	}
}

// Chinese characters are one position each but two columns wide on screen.
func TestSyntaxErrorCaretUnderChinese(t *testing.T) {
	_, err := Parse("共同富裕 ~ 平衡 +")
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error %v is not a *SyntaxError", err)
	}
	if se.Pos != 12 {
		t.Errorf("Pos = %d, want 12 (one past the last character)", se.Pos)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got %q", lines)
	}
	// 共同富裕 (8 columns) + " ~ " (3) + 平衡 (4) + " +" (2) = 17 columns, caret after them.
	if want := "  " + strings.Repeat(" ", 17) + "^"; lines[2] != want {
		t.Errorf("caret line %q, want %q", lines[2], want)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		src   string
		pos   int
		token string
		msg   string // substring of the message
	}{
		{"", 1, "", "empty"},
		{"~ x", 1, "~", "response"},
		{"y x", 3, "x", "'~'"},
		{"y ~ x +", 8, "", "expected a term after '+'"},
		{"y ~ x ~ z", 7, "~", "one '~'"},
		{"y ~ x | a | b", 11, "|", "at most one '|'"},
		{"y ~ x)", 6, ")", "no matching '('"},
		{"y ~ (x + z", 11, "", "')'"},
		{"y ~ foo(x)", 5, "foo", "unknown function foo()"},
		{"y ~ log(x, 2)", 10, ",", "one argument"},
		{"y ~ x - z", 9, "z", "can only remove the intercept"},
		{"y ~ x - 0", 9, "0", "+0 or -1"},
		{"y ~ 2", 5, "2", "0 or 1"},
		{"y ~ x:1", 7, "1", "0 or 1"},
		{"y ~ 1:x", 6, ":", "interaction"},
		{"y ~ (x + 1)", 10, "1", "outside parentheses"},
		{"y ~ L(x, 3:1)", 10, "3", "backwards"},
		{"y ~ x ＋ z", 7, "＋", "type the ASCII '+'"},
		{"y ~ log（x）", 8, "（", "type the ASCII '('"},
		{"y ~ L(x, 1.5)", 10, "1.5", "whole number"},
		{"y ~ L(x, 5000)", 10, "5000", "at most 1000"},
		{"y ~ D(x, 0)", 10, "0", "at least 1"},
		{"y ~ i(log(x))", 7, "log", "column name"},
		{"y ~ i(r, x, ref = East)", 19, "East", `ref = "East"`},
		{"y ~ i(r, keep = 1)", 10, "keep", "supported is ref"},
		{"y ~ i(r, x, 'a', 'b')", 18, "'b'", "at most three"},
		{"i(r) ~ x", 1, "i", "not the response"},
		{"y ~ log(i(r))", 9, "i", "not the response or a function argument"},
		{"y ~ x | log(id)", 9, "log", "functions"},
		{"y ~ x | a^", 11, "", "after '^'"},
		{"y ~ x | ", 9, "", "fixed-effect column name after '|'"},
		{"y ~ `x", 5, "`", "not closed"},
		{"y ~ ``", 5, "``", "empty column name"},
		{`y ~ i(r, ref = "a)`, 16, `"`, "not closed"},
		{"y ~ x # comment", 7, "#", "backticks"},
	}
	for _, c := range cases {
		_, err := Parse(c.src)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q): error %v, want a *SyntaxError", c.src, err)
			continue
		}
		if se.Pos != c.pos {
			t.Errorf("Parse(%q): Pos = %d, want %d (%v)", c.src, se.Pos, c.pos, err)
		}
		if se.Token != c.token {
			t.Errorf("Parse(%q): Token = %q, want %q", c.src, se.Token, c.token)
		}
		if !strings.Contains(se.Msg, c.msg) {
			t.Errorf("Parse(%q): message %q does not mention %q", c.src, se.Msg, c.msg)
		}
	}
}

func TestParseExpansionLimit(t *testing.T) {
	names := make([]string, 12)
	for i := range names {
		names[i] = fmt.Sprintf("x%d", i)
	}
	// a*b*…*l over 12 columns expands to 2^12 − 1 = 4095 terms, above the limit of 1000.
	_, err := Parse("y ~ " + strings.Join(names, "*"))
	var se *SyntaxError
	if !errors.As(err, &se) || !strings.Contains(se.Msg, "more than 1000 terms") {
		t.Errorf("want an expansion-limit error, got %v", err)
	}
}

func TestParseNestingLimit(t *testing.T) {
	src := "y ~ " + strings.Repeat("(", 200) + "x" + strings.Repeat(")", 200)
	_, err := Parse(src)
	var se *SyntaxError
	if !errors.As(err, &se) || !strings.Contains(se.Msg, "levels deep") {
		t.Errorf("want a nesting-limit error, got %v", err)
	}
}

func ExampleParse() {
	f, err := Parse(`cp ~ balance*expen + L(balance, 1:2) + i(region, balance, ref = "East") | province + year`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f)
	fmt.Println("intercept:", f.Intercept, "fixed effects:", len(f.FixedEffects))
	// Output:
	// cp ~ balance + expen + L(balance, 1:2) + i(region, balance, ref = "East") + balance:expen | province + year
	// intercept: true fixed effects: 2
}

func ExampleSyntaxError() {
	_, err := Parse("cp ~ balance + | year")
	fmt.Println(err)
	// Output:
	// formula: unexpected '|' at position 16: expected a term after '+'
	//   cp ~ balance + | year
	//                  ^
}
