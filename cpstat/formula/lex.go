package formula

import (
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf8"
)

type tokenKind int

const (
	tokEOF    tokenKind = iota
	tokName             // plain name such as gdp or 地区生产总值
	tokQuoted           // backtick-quoted name; text is the name without the backticks
	tokNumber           // unsigned decimal number such as 1 or 2.5
	tokString           // quoted string literal; text is the decoded value
	tokTilde
	tokPlus
	tokMinus
	tokStar
	tokColon
	tokCaret
	tokBar
	tokComma
	tokEquals
	tokLParen
	tokRParen
)

type token struct {
	kind tokenKind
	text string // decoded text for names and strings, the literal for everything else
	raw  string // the token as written, for error messages
	pos  int    // 1-based character position of the first character
}

var punctuation = map[rune]tokenKind{
	'~': tokTilde, '+': tokPlus, '-': tokMinus, '*': tokStar, ':': tokColon, '^': tokCaret,
	'|': tokBar, ',': tokComma, '=': tokEquals, '(': tokLParen, ')': tokRParen,
}

// lex splits src into tokens. Positions count runes, starting at 1.
func lex(src string) ([]token, error) {
	var toks []token
	pos := 0 // runes consumed so far
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		start := pos + 1
		switch {
		case unicode.IsSpace(r):
			i += size
			pos++

		case punctuation[r] != tokEOF:
			toks = append(toks, token{kind: punctuation[r], text: string(r), raw: string(r), pos: start})
			i += size
			pos++

		case r >= '0' && r <= '9':
			j, n := scanNumber(src, i)
			toks = append(toks, token{kind: tokNumber, text: src[i:j], raw: src[i:j], pos: start})
			i = j
			pos += n

		case isNameStart(r):
			j, n := i, 0
			for j < len(src) {
				r2, s2 := utf8.DecodeRuneInString(src[j:])
				if !isNamePart(r2) {
					break
				}
				j += s2
				n++
			}
			toks = append(toks, token{kind: tokName, text: src[i:j], raw: src[i:j], pos: start})
			i = j
			pos += n

		case r == '`':
			tok, j, n, err := scanQuotedName(src, i, start)
			if err != nil {
				return nil, err
			}
			toks = append(toks, tok)
			i = j
			pos += n

		case r == '"' || r == '\'':
			tok, j, n, err := scanString(src, i, start, r)
			if err != nil {
				return nil, err
			}
			toks = append(toks, tok)
			i = j
			pos += n

		default:
			if ascii, ok := fullWidthOperators[r]; ok {
				return nil, &SyntaxError{Formula: src, Pos: start, Token: string(r),
					Msg: fmt.Sprintf("this is the full-width %q of a Chinese input method; type the ASCII %q instead, or put a column name that contains it between backticks, as in `GDP（亿元）`", r, ascii)}
			}
			return nil, &SyntaxError{Formula: src, Pos: start, Token: string(r),
				Msg: "this character has no meaning in a formula; write column names with other characters between backticks, as in `GDP (亿元)`"}
		}
	}
	toks = append(toks, token{kind: tokEOF, pos: pos + 1})
	return toks, nil
}

// scanNumber returns the end of the ASCII decimal number starting at src[i] and its length in runes.
func scanNumber(src string, i int) (end, runes int) {
	j := i
	for j < len(src) && src[j] >= '0' && src[j] <= '9' {
		j++
	}
	if j+1 < len(src) && src[j] == '.' && src[j+1] >= '0' && src[j+1] <= '9' {
		j++
		for j < len(src) && src[j] >= '0' && src[j] <= '9' {
			j++
		}
	}
	return j, j - i
}

func scanQuotedName(src string, i, start int) (token, int, int, error) {
	j, n := i+1, 1
	for j < len(src) {
		r, size := utf8.DecodeRuneInString(src[j:])
		if r == '`' {
			name := src[i+1 : j]
			if name == "" {
				return token{}, 0, 0, &SyntaxError{Formula: src, Pos: start, Token: "``", Msg: "empty column name between backticks"}
			}
			raw := src[i : j+1]
			return token{kind: tokQuoted, text: name, raw: raw, pos: start}, j + 1, n + 1, nil
		}
		if unicode.IsControl(r) {
			return token{}, 0, 0, &SyntaxError{Formula: src, Pos: start + n, Token: strconv.QuoteRune(r),
				Msg: "column names cannot contain control characters such as line breaks"}
		}
		j += size
		n++
	}
	return token{}, 0, 0, &SyntaxError{Formula: src, Pos: start, Token: "`", Msg: "the backtick-quoted name is not closed; add the closing `"}
}

// scanString reads a string literal. Double-quoted strings use Go escapes (\" \\ \n \u4e1c);
// single-quoted strings are taken literally up to the next single quote.
func scanString(src string, i, start int, quote rune) (token, int, int, error) {
	j, n := i+1, 1
	for j < len(src) {
		r, size := utf8.DecodeRuneInString(src[j:])
		if r == '\\' && quote == '"' && j+1 < len(src) {
			_, s2 := utf8.DecodeRuneInString(src[j+1:])
			j += size + s2
			n += 2
			continue
		}
		if r == quote {
			raw := src[i : j+1]
			text := src[i+1 : j]
			if quote == '"' {
				decoded, err := strconv.Unquote(raw)
				if err != nil {
					return token{}, 0, 0, &SyntaxError{Formula: src, Pos: start, Token: raw, Msg: "invalid escape sequence in the string"}
				}
				text = decoded
			}
			return token{kind: tokString, text: text, raw: raw, pos: start}, j + 1, n + 1, nil
		}
		j += size
		n++
	}
	return token{}, 0, 0, &SyntaxError{Formula: src, Pos: start, Token: string(quote), Msg: "the string is not closed; add the closing " + string(quote)}
}

// fullWidthOperators maps the full-width forms that Chinese input methods type to the ASCII
// operators of a formula.
var fullWidthOperators = map[rune]rune{
	'＋': '+', '（': '(', '）': ')', '～': '~', '｜': '|', '，': ',', '＊': '*', '：': ':', '－': '-', '＾': '^',
}
