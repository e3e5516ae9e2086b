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
with manifest.json recording what was written, the data checksum, the seed and the run time. Progress
goes to stderr. Chapters that cannot run on the public data record a note instead of failing.`,
		setup: func(fs *flag.FlagSet) func(*env) error {
			out := fs.String("out", "", "output `folder` (created if missing)")
			lang := fs.String("lang", "zh", "label language of tables and figures: zh or en")
			seed := fs.Int64("seed", 20231201, "seed for every random procedure (bootstrap, placebo, MCMC)")
			only := fs.String("chapters", "", "comma-separated chapter IDs to run (default all): "+chapterIDs())
			trend := fs.String("trend-variable", "", "variable plotted by region in the data chapter (default consumption_pc)")
			quiet := fs.Bool("quiet", false, "do not print progress")
			return func(e *env) error {
				if *out == "" {
					return fmt.Errorf("--out is required: %w", errUsage)
				}
				l, err := plots.ParseLang(*lang)
				if err != nil {
					return fmt.Errorf("--lang: %v: %w", err, errUsage)
				}
				cfg := replicate.Config{Out: *out, Lang: l, Seed: *seed, TrendVariable: *trend, Log: e.stderr}
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
