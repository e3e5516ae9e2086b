package replicate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cpstat/cpstat/internal/textdist"
	"github.com/cpstat/cpstat/plots"
)

// FileConfig is the JSON file that `cpstat replicate --config FILE` reads to point the whole replication
// at a user's own panel and variable mapping. Every field is optional; paths are relative to the file.
//
//	{
//	  "data": "my_panel.csv", "id": "省份", "time": "年份", "encoding": "gbk", "header_rows": 2,
//	  "units_row": 2, "percent": "number", "na": ["约3500", "—"],
//	  "vars": {"balance": "land_approved_ln", "finan": "deposit_gdp"},
//	  "lang": "zh", "seed": 42, "chapters": ["baseline", "mediation"]
//	}
//
// The reader keys, encoding to wide, take the values of the reader flags of the same name, with "_"
// in place of "-" (header_rows for --header-rows).
type FileConfig struct {
	Data  string `json:"data"`
	Sheet string `json:"sheet"`
	ID    string `json:"id"`
	// Entity is the older name of ID. A file may give both only with the same value.
	Entity string `json:"entity"`
	Time   string `json:"time"`

	// The reader settings. Empty or nil fields leave the reader flags as they are.
	Encoding   string       `json:"encoding"`
	TitleRows  TitleRows    `json:"title_rows"`
	HeaderRows *int         `json:"header_rows"`
	UnitsRow   *int         `json:"units_row"`
	Percent    string       `json:"percent"`
	Ambiguous  string       `json:"ambiguous"`
	NA         MissingTexts `json:"na"`
	Wide       string       `json:"wide"`

	Vars          map[string]string `json:"vars"`
	Lang          string            `json:"lang"`
	Seed          *int64            `json:"seed"`
	Chapters      []string          `json:"chapters"`
	TrendVariable string            `json:"trend_variable"`

	path string // the file, for relative data paths and messages
}

// configKeys are the JSON keys of FileConfig, for the message about an unknown one. The alias entity
// is left out, so that the message names id.
var configKeys = []string{"data", "sheet", "id", "time", "encoding", "title_rows", "header_rows", "units_row",
	"percent", "ambiguous", "na", "wide", "vars", "lang", "seed", "chapters", "trend_variable"}

// TitleRows is the value of --title-rows, given in JSON as a number of rows or as a string such as "auto".
type TitleRows string

// UnmarshalJSON accepts a JSON number or string.
func (v *TitleRows) UnmarshalJSON(raw []byte) error {
	var text string
	if err := json.Unmarshal(raw, &text); err == nil {
		*v = TitleRows(text)
		return nil
	}
	var number json.Number
	if err := json.Unmarshal(raw, &number); err != nil {
		return &keyError{"title_rows", fmt.Sprintf(`give a number of rows or "auto", not %s`, raw)}
	}
	*v = TitleRows(number)
	return nil
}

// MissingTexts are the texts of --na, given in JSON as an array of strings or as one string of
// comma-separated texts, as the flag takes them.
type MissingTexts []string

// UnmarshalJSON accepts an array of strings without commas, or one comma-separated string.
func (l *MissingTexts) UnmarshalJSON(raw []byte) error {
	var text string
	if err := json.Unmarshal(raw, &text); err == nil {
		*l = strings.Split(text, ",")
		return nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return &keyError{"na", fmt.Sprintf("give an array of strings or one comma-separated string, not %s", raw)}
	}
	for _, item := range list {
		if strings.Contains(item, ",") {
			return &keyError{"na", fmt.Sprintf("%q contains a comma, which --na reads as a separator; give the texts without commas", item)}
		}
	}
	*l = list
	return nil
}

// ReadConfig reads and checks a config file. Unknown keys are an error, so a misspelt key is not
// silently ignored, and errors in the file name its line and column.
func ReadConfig(path string) (*FileConfig, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	// Windows Notepad starts UTF-8 files with a byte-order mark, which encoding/json rejects.
	raw = bytes.TrimPrefix(raw, []byte("\uFEFF"))

	fc := &FileConfig{path: path}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(fc); err != nil {
		return nil, decodeError(path, raw, err)
	}
	if rest := bytes.TrimLeft(raw[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		return nil, positionError(path, raw, len(raw)-len(rest),
			"unexpected text after the JSON object; the file holds one object")
	}

	if fc.ID != "" && fc.Entity != "" && fc.ID != fc.Entity {
		return nil, positionError(path, raw, keyOffset(raw, "entity"), fmt.Sprintf(
			"\"id\" is %q but \"entity\" is %q; give only \"id\" (entity is its older name)", fc.ID, fc.Entity))
	}
	if fc.ID == "" {
		fc.ID = fc.Entity
	}
	return fc, nil
}

// LoadConfig reads a config file and applies it on top of base, as ReadConfig and Apply do.
func LoadConfig(path string, base Config) (Config, error) {
	fc, err := ReadConfig(path)
	if err != nil {
		return base, err
	}
	return fc.Apply(base)
}

// Apply returns base with the fields present in the file replacing its own. The reader settings are
// not part of Config, so the caller applies them when it reads the data.
func (fc *FileConfig) Apply(base Config) (Config, error) {
	cfg := base
	dir := filepath.Dir(fc.path)
	if fc.Data != "" {
		cfg.DataPath = fc.Data
		if !filepath.IsAbs(fc.Data) {
			cfg.DataPath = filepath.Join(dir, fc.Data)
		}
	}
	if fc.Sheet != "" {
		cfg.Sheet = fc.Sheet
	}
	if fc.ID != "" {
		cfg.Entity = fc.ID
	}
	if fc.Time != "" {
		cfg.Time = fc.Time
	}
	if len(fc.Vars) > 0 {
		cfg.Vars = map[string]string{}
		for k, v := range base.Vars {
			cfg.Vars[k] = v
		}
		for k, v := range fc.Vars {
			cfg.Vars[k] = v
		}
	}
	if fc.Lang != "" {
		l, err := plots.ParseLang(fc.Lang)
		if err != nil {
			return base, fmt.Errorf("config %s: lang: %w", fc.path, err)
		}
		cfg.Lang = l
	}
	if fc.Seed != nil {
		cfg.Seed = *fc.Seed
	}
	if len(fc.Chapters) > 0 {
		cfg.Chapters = fc.Chapters
	}
	if fc.TrendVariable != "" {
		cfg.TrendVariable = fc.TrendVariable
	}
	return cfg, nil
}

// Path returns the file the configuration was read from.
func (fc *FileConfig) Path() string { return fc.path }

// nearestKey returns the config key within two edits of name, the nearest first. Of keys at the same
// distance it prefers the one with more letters in common, so that the swapped letters of "sede" suggest
// seed rather than wide.
func nearestKey(name string) (string, bool) {
	name = strings.ToLower(name)
	best, bestDist, bestShared := "", 3, 0
	for _, k := range append(slices.Clone(configKeys), "entity") {
		d, shared := textdist.Levenshtein(name, k), sharedLetters(name, k)
		if d < bestDist || (d == bestDist && shared > bestShared) {
			best, bestDist, bestShared = k, d, shared
		}
	}
	return best, best != ""
}

// sharedLetters counts the letters of a that b also contains, each letter of b used once.
func sharedLetters(a, b string) int {
	left := map[rune]int{}
	for _, r := range b {
		left[r]++
	}
	shared := 0
	for _, r := range a {
		if left[r] > 0 {
			left[r]--
			shared++
		}
	}
	return shared
}
