package replicate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"unicode/utf8"
)

// keyError is an invalid value of one config key, returned by the UnmarshalJSON method of its type.
type keyError struct {
	key string
	msg string
}

func (e *keyError) Error() string { return e.key + ": " + e.msg }

// unknownField captures the key named in encoding/json's "json: unknown field" error.
var unknownField = regexp.MustCompile(`unknown field "([^"]*)"`)

// decodeError returns the error of decoding a config file, prefixed with FILE:LINE:COL where the
// position is known. Lines and columns count from 1, and columns count characters, not bytes.
func decodeError(path string, raw []byte, err error) error {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	var keyErr *keyError
	switch {
	case errors.Is(err, io.EOF):
		return fmt.Errorf("config %s: the file is empty; write one JSON object, such as {\"data\": \"my_panel.csv\"}", path)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return positionError(path, raw, len(raw), "the file ends inside the JSON object; a closing } or ] or \" is missing")
	case errors.As(err, &syntax):
		return positionError(path, raw, int(syntax.Offset)-1, syntax.Error()+syntaxHint(syntax.Error()))
	case errors.As(err, &typeErr):
		return positionError(path, raw, valueStart(raw, int(typeErr.Offset)),
			fmt.Sprintf("%s: expected %s, got a JSON %s", typeErr.Field, jsonKind(typeErr.Type), typeErr.Value))
	case errors.As(err, &keyErr):
		return positionError(path, raw, keyOffset(raw, keyErr.key), keyErr.Error())
	}
	if m := unknownField.FindStringSubmatch(err.Error()); m != nil {
		msg := fmt.Sprintf("unknown key %q", m[1])
		if key, ok := nearestKey(m[1]); ok {
			msg += fmt.Sprintf("; did you mean %q?", key)
		}
		msg += " (the keys are " + strings.Join(configKeys, ", ") + ")"
		return positionError(path, raw, keyOffset(raw, m[1]), msg)
	}
	return fmt.Errorf("config %s: %w", path, err)
}

// positionError returns "config FILE:LINE:COL: msg" for the byte at offset of raw, or "config FILE:
// msg" for a negative offset.
func positionError(path string, raw []byte, offset int, msg string) error {
	if offset < 0 {
		return fmt.Errorf("config %s: %s", path, msg)
	}
	offset = min(offset, len(raw))
	before := raw[:offset]
	line := 1 + bytes.Count(before, []byte("\n"))
	column := 1 + utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
	return fmt.Errorf("config %s:%d:%d: %s", path, line, column, msg)
}

// syntaxHint names the usual cause of some JSON syntax errors.
func syntaxHint(msg string) string {
	switch {
	case strings.Contains(msg, "invalid character '\\''"):
		return "; JSON strings and keys need double quotes"
	case strings.Contains(msg, "looking for beginning of object key string"):
		return "; keys need double quotes, and no comma may follow the last entry of an object"
	case strings.Contains(msg, "after object key:value pair"), strings.Contains(msg, "after array element"):
		return "; a comma is missing between two entries"
	case strings.Contains(msg, "after object key"):
		return "; a colon is missing after the key"
	}
	return ""
}

// valueStart returns the offset of the first byte of the JSON string, number or literal that ends just
// before offset end, or end − 1 for an object or an array.
func valueStart(raw []byte, end int) int {
	end = min(end, len(raw))
	if end <= 0 {
		return 0
	}
	last := end - 1
	if raw[last] == '"' {
		for i := last - 1; i >= 0; i-- {
			if raw[i] == '"' && (i == 0 || raw[i-1] != '\\') {
				return i
			}
		}
		return last
	}
	start := end
	for start > 0 && strings.IndexByte("+-.0123456789eEtruefalsn", raw[start-1]) >= 0 {
		start--
	}
	if start == end {
		return last
	}
	return start
}

// keyOffset returns the offset of the first "key": in raw, or -1 when the key is not written as is.
// NOTE: a key of the same name inside "vars" that comes first is taken for the top-level key.
func keyOffset(raw []byte, key string) int {
	quoted, err := json.Marshal(key)
	if err != nil {
		return -1
	}
	loc := regexp.MustCompile(regexp.QuoteMeta(string(quoted)) + `\s*:`).FindIndex(raw)
	if loc == nil {
		return -1
	}
	return loc[0]
}

// jsonKind names the JSON value that a Go type of FileConfig decodes from.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return jsonKind(t.Elem())
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(jsonKind(t.Elem()), "a "), "an ") + "s"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another value"
}
