package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/cpstat/cpstat/internal/replicate"
	"github.com/cpstat/cpstat/plots"
)

func init() {
	register(&command{
		name:    "replicate",
		summary: "run the whole replication and write every table and figure",
		usage:   "--out DIR [--lang zh|en] [--seed N] [--chapters a,b]",
		details: `Runs every chapter of Hong, Jiang and Liu (2023) on the embedded public data set and writes tables
(text, Markdown, HTML, LaTeX, CSV and one XLSX workbook) and figures (PNG at 300 dpi and SVG) under DIR,
with report.html (every chapter's tables and figures in one self-contained page) and manifest.json recording
what was written, the data checksum, the seed and the run time. Progress goes to stderr. Chapters that cannot
run on the data record a note instead of failing.

To replicate on your own panel, pass --data (and --id/--time) or a --config file such as

  {"data": "my_panel.xlsx", "sheet": "panel", "entity": "省份", "time": "年份",
   "vars": {"balance": "land_approved_ln", "finan": "deposit_gdp"}, "lang": "zh", "seed": 42}

where "vars" maps the paper's variable names to your columns (your real construction-land series as
balance, for example). Flags given on the command line are overridden by the file.`,
		setup: func(fs *flag.FlagSet) func(*env) error {
			out := fs.String("out", "", "output `folder` (created if missing)")
			lang := fs.String("lang", "zh", "label language of tables and figures: zh or en")
			seed := fs.Int64("seed", 20231201, "seed for every random procedure (bootstrap, placebo, MCMC)")
			only := fs.String("chapters", "", "comma-separated chapter IDs to run (default all): "+chapterIDs())
			trend := fs.String("trend-variable", "", "variable plotted by region in the data chapter (default consumption_pc)")
			quiet := fs.Bool("quiet", false, "do not print progress")
			config := fs.String("config", "", "JSON `file` pointing the replication at your own panel and variable mapping (see below)")
			dataPath := fs.String("data", "", "CSV or XLSX `file` to replicate on instead of the embedded panel")
			entity := fs.String("id", "province", "entity column of --data")
			period := fs.String("time", "year", "time column of --data")
			vars := fs.String("vars", "", "variable mapping `paper=column,…`, e.g. balance=land_ln")
			return func(e *env) error {
				if *out == "" {
					return fmt.Errorf("--out is required: %w", errUsage)
				}
				l, err := plots.ParseLang(*lang)
				if err != nil {
					return fmt.Errorf("--lang: %v: %w", err, errUsage)
				}
				cfg := replicate.Config{Out: *out, Lang: l, Seed: *seed, TrendVariable: *trend, Log: e.stderr,
					DataPath: *dataPath, Entity: *entity, Time: *period}
				if *vars != "" {
					cfg.Vars = map[string]string{}
					for _, pair := range strings.Split(*vars, ",") {
						name, col, ok := strings.Cut(pair, "=")
						if !ok || name == "" || col == "" {
							return fmt.Errorf("--vars: %q is not paper=column: %w", pair, errUsage)
						}
						cfg.Vars[strings.TrimSpace(name)] = strings.TrimSpace(col)
					}
				}
				if *config != "" {
					if cfg, err = replicate.LoadConfig(*config, cfg); err != nil {
						return err
					}
				}
				if *quiet {
					cfg.Log = nil
				}
				if *only != "" {
					cfg.Chapters = strings.Split(*only, ",")
				}
				ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
				defer stop()
				replicate.Version = version
				m, err := replicate.Replicate(ctx, cfg)
				if m != nil {
					fmt.Fprintf(e.stdout, "wrote %d tables and figures to %s in %.1f s (manifest.json lists them)\n",
						len(m.Outputs), *out, m.Seconds)
				}
				return err
			}
		},
	})
}

func chapterIDs() string {
	var ids []string
	for _, c := range replicate.Chapters() {
		ids = append(ids, c.ID)
	}
	return strings.Join(ids, ", ")
}
