package replicate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/cpstat/cpstat/internal/textdist"
	"github.com/cpstat/cpstat/plots"
)

// FileConfig is the JSON file that `cpstat replicate --config FILE` reads to point the whole replication
// at a user's own panel and variable mapping. Every field is optional; paths are relative to the file.
//
//	{
//	  "data": "my_panel.xlsx", "sheet": "panel", "entity": "省份", "time": "年份",
//	  "vars": {"balance": "land_approved_ln", "finan": "deposit_gdp"},
//	  "lang": "zh", "seed": 42, "chapters": ["baseline", "mediation"]
//	}
type FileConfig struct {
	Data          string            `json:"data"`
	Sheet         string            `json:"sheet"`
	Entity        string            `json:"entity"`
	Time          string            `json:"time"`
	Vars          map[string]string `json:"vars"`
	Lang          string            `json:"lang"`
	Seed          *int64            `json:"seed"`
	Chapters      []string          `json:"chapters"`
	TrendVariable string            `json:"trend_variable"`
}

// configKeys are the JSON keys of FileConfig, for the message about an unknown one.
var configKeys = []string{"data", "sheet", "entity", "time", "vars", "lang", "seed", "chapters", "trend_variable"}

// unknownField captures the key named in encoding/json's "json: unknown field" error.
var unknownField = regexp.MustCompile(`unknown field "([^"]*)"`)

// LoadConfig reads a FileConfig and applies it on top of base: fields present in the file replace the
// base's. Unknown fields are an error, so a misspelt key is not silently ignored.
func LoadConfig(path string, base Config) (Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return base, fmt.Errorf("config: %w", err)
	}
	var fc FileConfig
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fc); err != nil {
		hint := ""
		if m := unknownField.FindStringSubmatch(err.Error()); m != nil {
			if key, ok := nearestKey(m[1]); ok {
				hint = fmt.Sprintf("; did you mean %q?", key)
			}
		}
		return base, fmt.Errorf("config %s: %w%s (the keys are %s)", path, err, hint, strings.Join(configKeys, ", "))
	}
	cfg := base
	dir := filepath.Dir(path)
	if fc.Data != "" {
		cfg.DataPath = fc.Data
		if !filepath.IsAbs(fc.Data) {
			cfg.DataPath = filepath.Join(dir, fc.Data)
		}
	}
	if fc.Sheet != "" {
		cfg.Sheet = fc.Sheet
	}
	if fc.Entity != "" {
		cfg.Entity = fc.Entity
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
			return base, fmt.Errorf("config %s: lang: %w", path, err)
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

// nearestKey returns the config key within two edits of name, the nearest first.
func nearestKey(name string) (string, bool) {
	best, bestDist := "", 3
	for _, k := range configKeys {
		if d := textdist.Levenshtein(strings.ToLower(name), k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best, best != ""
}
