package cpstat

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Encoding is the character encoding of a CSV file.
type Encoding int

const (
	// EncodingAuto detects the encoding: a byte-order mark decides (UTF-8 or UTF-16), otherwise
	// text that is valid UTF-8 is UTF-8, and anything else is tried as GBK and then GB18030.
	EncodingAuto Encoding = iota
	EncodingUTF8
	// EncodingGBK is Code Page 936, what Chinese Excel writes when it saves "CSV (comma delimited)".
	EncodingGBK
	// EncodingGB18030 is the superset of GBK that also encodes rare characters in four bytes.
	EncodingGB18030
	// EncodingUTF16LE and EncodingUTF16BE are Excel's "Unicode text" exports, recognized by their
	// byte-order mark.
	EncodingUTF16LE
	EncodingUTF16BE
)

// String returns the usual name of the encoding, such as "UTF-8" or "GBK".
func (e Encoding) String() string {
	switch e {
	case EncodingAuto:
		return "auto"
	case EncodingUTF8:
		return "UTF-8"
	case EncodingGBK:
		return "GBK"
	case EncodingGB18030:
		return "GB18030"
	case EncodingUTF16LE:
		return "UTF-16LE"
	case EncodingUTF16BE:
		return "UTF-16BE"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

func (e Encoding) decoder() *encoding.Decoder {
	switch e {
	case EncodingGBK:
		return simplifiedchinese.GBK.NewDecoder()
	case EncodingGB18030:
		return simplifiedchinese.GB18030.NewDecoder()
	case EncodingUTF16LE:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder()
	case EncodingUTF16BE:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder()
	}
	return nil
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decodeText converts the bytes of a text file to UTF-8 and removes any byte-order mark, so that
// the first header is "省份" and not "\ufeff省份". It returns the encoding used and notes for the
// reader's report. Decoding never substitutes U+FFFD silently: a byte sequence that is invalid in
// the encoding is an *EncodingError naming the encoding and the line.
func decodeText(data []byte, requested Encoding, source string) (string, Encoding, []string, error) {
	var notes []string
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		if requested != EncodingAuto && requested != EncodingUTF8 {
			return "", 0, nil, &EncodingError{Source: source, Encoding: requested, Line: 1,
				Detail: "the file starts with a UTF-8 byte-order mark", Hint: encodingHint("utf8")}
		}
		data = data[len(bomUTF8):]
		notes = append(notes, "removed the UTF-8 byte-order mark at the start of the file")
		requested = EncodingUTF8

	case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE):
		found := EncodingUTF16LE
		if bytes.HasPrefix(data, bomUTF16BE) {
			found = EncodingUTF16BE
		}
		if requested != EncodingAuto && requested != found {
			return "", 0, nil, &EncodingError{Source: source, Encoding: requested, Line: 1,
				Detail: "the file starts with a " + found.String() + " byte-order mark", Hint: encodingHint("")}
		}
		text, line, err := decodeLines(data[2:], found)
		if err != nil {
			return "", 0, nil, &EncodingError{Source: source, Encoding: found, Line: line, Detail: err.Error(),
				Hint: textHint("re-save the file as CSV UTF-8")}
		}
		return text, found, append(notes, "decoded "+found.String()+" text and removed its byte-order mark"), nil
	}

	switch requested {
	case EncodingAuto, EncodingUTF8:
		if utf8.Valid(data) {
			return string(data), EncodingUTF8, notes, nil
		}
		if requested == EncodingUTF8 {
			line, sample := firstInvalidUTF8(data)
			e := &EncodingError{Source: source, Encoding: EncodingUTF8, Line: line,
				Detail: fmt.Sprintf("invalid UTF-8 bytes %s", sample),
				Hint: Hint{Suggestions: []Suggestion{
					{Setting: SettingEncoding, Value: "auto", Purpose: "leave the encoding to detection"},
					{Setting: SettingEncoding, Value: "gbk", Purpose: "read files saved by Chinese Excel"}}}}
			if text, _, err := decodeLines(data, EncodingGBK); err == nil {
				e.Hint = Hint{Action: fmt.Sprintf("the file decodes cleanly as GBK (first line %q)", firstLine(text)),
					Suggestions: []Suggestion{
						{Setting: SettingEncoding, Value: "gbk", Purpose: "read it as GBK"},
						{Setting: SettingEncoding, Value: "auto", Purpose: "leave the encoding to detection"}}}
			}
			return "", 0, nil, e
		}
		if text, _, err := decodeLines(data, EncodingGBK); err == nil {
			return text, EncodingGBK, append(notes, "detected GBK encoding (the file is not valid UTF-8)"), nil
		}
		text, line, err := decodeLines(data, EncodingGB18030)
		if err != nil {
			utfLine, _ := firstInvalidUTF8(data)
			return "", 0, nil, &EncodingError{Source: source, Encoding: EncodingGB18030, Line: line,
				Detail: fmt.Sprintf("the file is neither UTF-8 (invalid from line %d) nor GBK/GB18030: %v", utfLine, err),
				Hint:   textHint("open the file in a spreadsheet and save it as CSV UTF-8")}
		}
		return text, EncodingGB18030, append(notes, "detected GB18030 encoding (the file is not valid UTF-8 or GBK)"), nil

	case EncodingGBK, EncodingGB18030:
		if !isASCII(data) && utf8.Valid(data) {
			mojibake, _, _ := decodeLines(data, requested)
			return "", 0, nil, &EncodingError{Source: source, Encoding: requested, Line: 1,
				Detail: fmt.Sprintf("the file is valid UTF-8, and decoding it as %s would turn %q into %q",
					requested, firstLine(string(data)), firstLine(mojibake)),
				Hint: encodingHint("utf8")}
		}
		text, line, err := decodeLines(data, requested)
		if err != nil {
			return "", 0, nil, &EncodingError{Source: source, Encoding: requested, Line: line, Detail: err.Error(),
				Hint: Hint{Action: "check the encoding the file was saved with", Suggestions: []Suggestion{
					{Setting: SettingEncoding, Value: "auto", Purpose: "leave it to detection"}}}}
		}
		return text, requested, notes, nil
	}
	return "", 0, nil, &EncodingError{Source: source, Encoding: requested, Detail: "unsupported encoding",
		Hint: textHint("use EncodingAuto, EncodingUTF8, EncodingGBK or EncodingGB18030")}
}

// encodingHint suggests leaving the encoding to detection or, when value is not "", setting it to
// value.
func encodingHint(value string) Hint {
	h := Hint{Suggestions: []Suggestion{{Setting: SettingEncoding, Value: "auto", Purpose: "leave the encoding to detection"}}}
	if value != "" {
		h.Suggestions = append(h.Suggestions, Suggestion{Setting: SettingEncoding, Value: value})
	}
	return h
}

// decodeLines decodes data line by line so that an invalid sequence can be reported with its line.
// Splitting on '\n' is safe for GBK and GB18030 because 0x0A never occurs inside a multi-byte
// character. UTF-16 is decoded whole, and an odd trailing byte is the only error it reports.
func decodeLines(data []byte, enc Encoding) (string, int, error) {
	dec := enc.decoder()
	if enc == EncodingUTF16LE || enc == EncodingUTF16BE {
		if len(data)%2 != 0 {
			return "", bytes.Count(data, []byte{'\n'}) + 1, fmt.Errorf("the file ends in the middle of a %s character", enc)
		}
		out, err := dec.Bytes(data)
		if err != nil {
			return "", 1, err
		}
		return string(out), 0, nil
	}
	var b strings.Builder
	b.Grow(len(data) + len(data)/2)
	for i, line := range bytes.SplitAfter(data, []byte{'\n'}) {
		out, err := dec.Bytes(line)
		if err != nil {
			return "", i + 1, err
		}
		if bytes.ContainsRune(out, utf8.RuneError) {
			shown := strings.TrimRight(string(out), "\r\n")
			return "", i + 1, fmt.Errorf("line %d has bytes that are invalid in %s (shown as \ufffd): %q", i+1, enc, shown)
		}
		b.Write(out)
	}
	return b.String(), 0, nil
}

// firstInvalidUTF8 returns the 1-based line of the first invalid UTF-8 sequence and the bytes there.
func firstInvalidUTF8(data []byte) (int, string) {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			end := min(i+4, len(data))
			return line, fmt.Sprintf("% x", data[i:end])
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return line, ""
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimRight(s, "\r")
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return s
}

func isASCII(data []byte) bool {
	for _, c := range data {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
