package replicate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoadConfig checks that LoadConfig never panics on any file content, that a failure returns
// the base configuration unchanged, and that a success keeps the base's values for every key the
// file leaves out and puts a relative data path next to the file.
func FuzzLoadConfig(f *testing.F) {
	for _, seed := range []string{
		`{"data": "my_panel.xlsx", "sheet": "panel", "entity": "省份", "time": "年份"}`,
		`{"data": "my_panel.csv", "id": "省份", "time": "年份", "encoding": "gbk", "header_rows": 2, "units_row": 2}`,
		`{"id": "a", "entity": "b"}`, `{"title_rows": "auto", "na": ["约3500", "—"], "percent": "number"}`,
		`{"vars": {"balance": "land_approved_ln", "finan": "deposit_gdp"}, "lang": "zh", "seed": 42}`,
		`{"chapters": ["baseline", "mediation"], "trend_variable": "cons"}`,
		`{"lang": "fr"}`, `{"seed": 1e400}`, `{"sead": 1}`, `{"data": "/abs/panel.csv"}`, `{} {}`, ``, `null`,
		`{"vars": null, "chapters": []}`, "\xef\xbb\xbf{}",
	} {
		f.Add([]byte(seed))
	}
	base := Config{Out: "out", Entity: "province", Time: "year", Seed: 7, Vars: map[string]string{"cp": "cp"}}
	f.Fuzz(func(t *testing.T, raw []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "config.json")
		if err := os.WriteFile(path, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(path, base)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "config") {
				t.Fatalf("error without the config prefix: %v", err)
			}
			if cfg.Entity != base.Entity || cfg.Seed != base.Seed || cfg.DataPath != base.DataPath || len(cfg.Vars) != len(base.Vars) {
				t.Fatalf("failed load changed the base: %+v", cfg)
			}
			return
		}
		if cfg.Out != base.Out {
			t.Fatalf("Out = %q, want the base's %q", cfg.Out, base.Out)
		}
		if cfg.Entity == "" || cfg.Time == "" {
			t.Fatalf("empty key column after load: entity %q, time %q", cfg.Entity, cfg.Time)
		}
		if cfg.DataPath != "" && !filepath.IsAbs(cfg.DataPath) && !strings.HasPrefix(cfg.DataPath, dir) {
			t.Fatalf("relative data path %q not resolved against %s", cfg.DataPath, dir)
		}
		if cfg.Vars["cp"] == "" && len(cfg.Vars) > 0 {
			if _, set := cfg.Vars["cp"]; !set {
				t.Fatalf("base mapping cp lost: %v", cfg.Vars)
			}
		}
	})
}
