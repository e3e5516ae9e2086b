package replicate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

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
		return base, fmt.Errorf("config %s: %w (the keys are data, sheet, entity, time, vars, lang, seed, chapters, trend_variable)", path, err)
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
