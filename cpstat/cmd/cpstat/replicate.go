package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
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

  {"data": "my_panel.csv", "id": "省份", "time": "年份", "encoding": "gbk", "percent": "number",
   "vars": {"balance": "land_approved_ln", "finan": "deposit_gdp"}, "lang": "zh", "seed": 42}

where "vars" maps the paper's variable names to your columns (your real construction-land series as
balance, for example). The keys are data (relative to the file), sheet, id, time, vars, lang, seed,
chapters (a list), trend_variable, and the reader keys encoding, title_rows, header_rows, units_row,
percent, ambiguous, na (a list or one comma-separated string) and wide, which take the values of the
flags of the same name. "entity" is still read as the older name of "id". Flags given on the command
line override the file.`,
		setup: func(fs *flag.FlagSet) func(*env) error {
			out := fs.String("out", "", "output `folder` (created if missing)")
			lang := fs.String("lang", "zh", "label language of tables and figures: zh or en")
			seed := fs.Int64("seed", 20231201, "seed for every random procedure (bootstrap, placebo, MCMC)")
			only := fs.String("chapters", "", "comma-separated chapter IDs to run (default all): "+chapterIDs())
			trend := fs.String("trend-variable", "", "variable plotted by region in the data chapter (default consumption_pc)")
			quiet := fs.Bool("quiet", false, "do not print progress")
			config := fs.String("config", "", "JSON `file` pointing the replication at your own panel and variable mapping (see below)")
			d := addDataFlags(fs)
			vars := fs.String("vars", "", "variable mapping `paper=column,…`, e.g. balance=land_ln")
			return func(e *env) error {
				cfg := replicate.Config{Lang: plots.Chinese, Seed: *seed, Entity: d.id, Time: d.time, Log: e.stderr}
				if *config != "" {
					file, err := replicate.ReadConfig(*config)
					if err != nil {
						return err
					}
					if cfg, err = file.Apply(cfg); err != nil {
						return err
					}
					if err := applyConfigReader(fs, d, file); err != nil {
						return err
					}
				}

				// Flags given on the command line override the configuration file.
				var flagErr error
				fs.Visit(func(f *flag.Flag) {
					switch f.Name {
					case "lang":
						l, err := plots.ParseLang(*lang)
						if err != nil {
							flagErr = fmt.Errorf("--lang: %v: %w", err, errUsage)
						}
						cfg.Lang = l
					case "seed":
						cfg.Seed = *seed
					case "trend-variable":
						cfg.TrendVariable = *trend
					case "data":
						cfg.DataPath = d.path
					case "sheet":
						cfg.Sheet = d.sheet
					case "id":
						cfg.Entity = d.id
					case "time":
						cfg.Time = d.time
					case "chapters":
						cfg.Chapters = strings.Split(*only, ",")
					case "vars":
						mapping, err := parseVars(*vars)
						if err != nil {
							flagErr = err
						}
						if cfg.Vars == nil {
							cfg.Vars = map[string]string{}
						}
						for k, v := range mapping {
							cfg.Vars[k] = v
						}
					}
				})
				if flagErr != nil {
					return flagErr
				}
				if *out == "" {
					return fmt.Errorf("--out is required: %w", errUsage)
				}
				cfg.Out = *out
				if *quiet {
					cfg.Log = nil
				}
				if err := checkChapterIDs(cfg.Chapters); err != nil {
					return err
				}
				if cfg.DataPath != "" {
					// Read the file here, with the reader flags, so messy exports work as in every
					// other command and their notes reach stderr and the report.
					d.path, d.sheet, d.id, d.time = cfg.DataPath, cfg.Sheet, cfg.Entity, cfg.Time
					t, err := d.readTable(e)
					if err != nil {
						return err
					}
					if err := d.checkKeys(t, true, true); err != nil {
						return err
					}
					cfg.Table = t
				}

				ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
				defer stop()
				replicate.Version = version
				m, err := replicate.Replicate(ctx, cfg)
				var mappingErr *replicate.MappingError
				if errors.As(err, &mappingErr) {
					return fmt.Errorf("%w: %w", err, errUsage)
				}
				if m != nil {
					printReplicateSummary(e.stdout, m, *out)
				}
				return err
			}
		},
	})
}

// applyConfigReader sets each reader flag that the command line leaves out from the reader key of
// the config file with the same name, and checks the resulting reader settings. An invalid value is
// reported with the keys that the file set, so that a bad file value is not taken for a bad flag.
func applyConfigReader(fs *flag.FlagSet, d *dataFlags, file *replicate.FileConfig) error {
	onCommandLine := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { onCommandLine[f.Name] = true })
	keys := []struct {
		key, flag string
		set       bool
		apply     func()
	}{
		{"encoding", "encoding", file.Encoding != "", func() { d.encoding = file.Encoding }},
		{"title_rows", "title-rows", file.TitleRows != "", func() { d.titleRows = string(file.TitleRows) }},
		{"header_rows", "header-rows", file.HeaderRows != nil, func() { d.headerRows = *file.HeaderRows }},
		{"units_row", "units-row", file.UnitsRow != nil, func() { d.unitsRow = *file.UnitsRow }},
		{"percent", "percent", file.Percent != "", func() { d.percent = file.Percent }},
		{"ambiguous", "ambiguous", file.Ambiguous != "", func() { d.ambiguous = file.Ambiguous }},
		{"na", "na", file.NA != nil, func() { d.missing = strings.Join(file.NA, ",") }},
		{"wide", "wide", file.Wide != "", func() { d.wide = file.Wide }},
	}
	var applied []string
	for _, k := range keys {
		if k.set && !onCommandLine[k.flag] {
			k.apply()
			applied = append(applied, fmt.Sprintf("%s as --%s", k.key, k.flag))
		}
	}
	if len(applied) == 0 {
		return nil
	}
	if _, err := d.readOptions(); err != nil {
		return usagef("%w (config %s sets %s)", err, file.Path(), strings.Join(applied, ", "))
	}
	return nil
}

// parseVars reads --vars paper=column,… into a map.
func parseVars(s string) (map[string]string, error) {
	mapping := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		name, col, ok := strings.Cut(pair, "=")
		name, col = strings.TrimSpace(name), strings.TrimSpace(col)
		if !ok || name == "" || col == "" {
			return nil, fmt.Errorf("--vars: %q is not paper=column: %w", pair, errUsage)
		}
		mapping[name] = col
	}
	return mapping, nil
}

// checkChapterIDs rejects chapter IDs that no chapter has, before any work.
func checkChapterIDs(ids []string) error {
	known := map[string]bool{}
	for _, c := range replicate.Chapters() {
		known[c.ID] = true
	}
	for _, id := range ids {
		if !known[id] {
			return fmt.Errorf("--chapters: unknown chapter %q; chapters are %s: %w", id, chapterIDs(), errUsage)
		}
	}
	return nil
}

// printReplicateSummary prints what a run wrote and names the chapters that wrote nothing, whose notes in
// report.html say why (a variable the data lack, usually).
func printReplicateSummary(w io.Writer, m *replicate.Manifest, out string) {
	tables, figures := 0, 0
	wrote := map[string]bool{}
	for _, o := range m.Outputs {
		switch o.Kind {
		case "table":
			tables++
		case "figure":
			figures++
		}
		wrote[o.Chapter] = true
	}
	fmt.Fprintf(w, "wrote %s and %s to %s in %.1f s; report.html shows them and manifest.json lists every file\n",
		count(tables, "table", "tables"), count(figures, "figure", "figures"), out, m.Seconds)
	var silent []string
	for _, id := range m.Chapters {
		if !wrote[id] {
			silent = append(silent, id)
		}
	}
	if len(silent) > 0 {
		fmt.Fprintf(w, "%d of %s wrote nothing: %s; the notes in report.html say why\n",
			len(silent), count(len(m.Chapters), "chapter", "chapters"), strings.Join(silent, ", "))
	}
}

func chapterIDs() string {
	var ids []string
	for _, c := range replicate.Chapters() {
		ids = append(ids, c.ID)
	}
	return strings.Join(ids, ", ")
}

// count writes n with the singular or plural noun.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
