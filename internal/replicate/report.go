package replicate

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"

	"github.com/cpstat/cpstat/data"
)

// writeReport writes report.html: one self-contained page with, for each chapter, what it estimates, its
// notes, its tables and its figures inline, followed by the data caveats and what produced the run.
func writeReport(r *Run, m *Manifest, selected []Chapter) error {
	var b strings.Builder
	title := r.Text("区域平衡性干预政策与共同富裕：复现报告", "Regional balancing policy and common prosperity: replication report")
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=%q>\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n",
		r.Text("zh-CN", "en"), html.EscapeString(title), reportCSS)
	fmt.Fprintf(&b, "<h1>%s</h1>\n<p class=\"sub\">%s</p>\n", html.EscapeString(title), html.EscapeString(r.Text(
		"方法复现：洪竞科、蒋静雅、刘炳胜（2023），《财经研究》49(12)。数值基于本次运行所用的数据，而非论文原始数据。",
		"A replication of the methods of Hong, Jiang and Liu (2023), Journal of Finance and Economics 49(12). The numbers come from the data of this run, not the paper's unpublished data.")))

	b.WriteString("<nav><ol>\n")
	for _, c := range selected {
		fmt.Fprintf(&b, "<li><a href=\"#ch-%s\">%s</a></li>\n", c.ID, html.EscapeString(r.Text(c.TitleZh, c.TitleEn)))
	}
	fmt.Fprintf(&b, "<li><a href=\"#caveats\">%s</a></li>\n<li><a href=\"#provenance\">%s</a></li>\n</ol></nav>\n",
		r.Text("数据说明", "Data caveats"), r.Text("运行信息", "Provenance"))

	for _, c := range selected {
		fmt.Fprintf(&b, "<section id=\"ch-%s\">\n<h2>%s</h2>\n", c.ID, html.EscapeString(r.Text(c.TitleZh, c.TitleEn)))
		if about := r.Text(c.AboutZh, c.AboutEn); about != "" {
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(about))
		}
		if errText, failed := m.Failed[c.ID]; failed {
			fmt.Fprintf(&b, "<p class=\"fail\">%s %s</p>\n", r.Text("本章运行失败：", "This chapter failed:"), html.EscapeString(errText))
		}
		var notes []string
		for _, n := range r.notes {
			if n.Chapter == c.ID {
				notes = append(notes, n.Text)
			}
		}
		if len(notes) > 0 {
			b.WriteString("<ul class=\"notes\">\n")
			for _, n := range notes {
				fmt.Fprintf(&b, "<li>%s</li>\n", html.EscapeString(n))
			}
			b.WriteString("</ul>\n")
		}
		for _, o := range r.outputs {
			if o.Chapter != c.ID {
				continue
			}
			switch o.Kind {
			case "table":
				if o.detail {
					fmt.Fprintf(&b, "<p>%s%s%s</p>\n", html.EscapeString(o.Title), r.Text("：表格较长，未在此展示，见 ", ": too long to show here, see "), fileLinks(o.Files))
					continue
				}
				fmt.Fprintf(&b, "<div class=\"table\">%s</div>\n", o.html)
			case "figure":
				img, err := figureTag(r.Config.Out, o)
				if err != nil {
					return err
				}
				b.WriteString(img)
			}
		}
		b.WriteString("</section>\n")
	}

	b.WriteString(caveatsSection(r))
	b.WriteString(provenanceSection(r, m))
	b.WriteString("</body>\n</html>\n")
	return os.WriteFile(filepath.Join(r.Config.Out, "report.html"), []byte(b.String()), 0o644)
}

// fileLinks links a table's files relative to the report.
func fileLinks(files []string) string {
	links := make([]string, len(files))
	for i, f := range files {
		links[i] = fmt.Sprintf("<a href=%q>%s</a>", f, html.EscapeString(f))
	}
	return strings.Join(links, ", ")
}

// statusText names a paper variable's data status in the run's language.
func (r *Run) statusText(status string) string {
	zh := map[string]string{"present": "同口径", "proxy": "替代变量", "computed": "本复现测算", "missing": "缺失"}[status]
	if zh == "" {
		return status
	}
	return r.Text(zh, status)
}

// figureTag embeds a figure's PNG as a data URI so the report is one file.
func figureTag(out string, o Output) (string, error) {
	for _, f := range o.Files {
		if strings.HasSuffix(f, ".png") {
			raw, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(f)))
			if err != nil {
				return "", fmt.Errorf("report: figure %s: %w", o.Name, err)
			}
			return fmt.Sprintf("<figure><img alt=%q src=\"data:image/png;base64,%s\"><figcaption>%s</figcaption></figure>\n",
				o.Title, base64.StdEncoding.EncodeToString(raw), html.EscapeString(o.Title)), nil
		}
	}
	return "", nil
}

// caveatsSection lists the paper's variables that the embedded data replace by proxies or lack, and the
// variable mapping a user supplied.
func caveatsSection(r *Run) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<section id=\"caveats\">\n<h2>%s</h2>\n", r.Text("数据说明", "Data caveats"))
	if r.Config.DataPath != "" {
		fmt.Fprintf(&b, "<p>%s %s</p>\n", r.Text("本次运行使用用户数据：", "This run used the user's data:"), html.EscapeString(r.Config.DataPath))
	} else {
		vars, err := data.PaperVariables()
		if err == nil {
			fmt.Fprintf(&b, "<p>%s</p>\n<table class=\"caveats\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
				r.Text("内置公开数据无法取得论文的全部变量。下表列出每个模型变量的状态：同口径、替代变量（有说明的代理）、本复现测算，或缺失（公开来源中没有）。",
					"The embedded public data cannot supply every variable of the paper. Status of each model variable: present (same concept), proxy (a documented stand-in), computed (measured by this replication), missing (no public source)."),
				r.Text("变量", "Variable"), r.Text("状态", "Status"), r.Text("所用列", "Columns"), r.Text("说明", "Note"))
			for _, v := range vars {
				fmt.Fprintf(&b, "<tr><td>%s %s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", html.EscapeString(v.Code),
					html.EscapeString(r.Text(v.LabelZh, v.LabelEn)), html.EscapeString(r.statusText(v.Status)), html.EscapeString(v.Columns), html.EscapeString(r.Text(v.NoteZh, v.Note)))
			}
			b.WriteString("</table>\n")
		}
	}
	if len(r.Config.Vars) > 0 {
		raw, _ := json.Marshal(r.Config.Vars)
		fmt.Fprintf(&b, "<p>%s <code>%s</code></p>\n", r.Text("变量映射：", "Variable mapping:"), html.EscapeString(string(raw)))
	}
	b.WriteString("</section>\n")
	return b.String()
}

func provenanceSection(r *Run, m *Manifest) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<section id=\"provenance\">\n<h2>%s</h2>\n<table class=\"caveats\">\n", r.Text("运行信息", "Provenance"))
	rows := [][2]string{
		{r.Text("cpstat 版本", "cpstat version"), m.Version},
		{r.Text("开始时间（UTC）", "Started (UTC)"), m.Started.Format("2006-01-02 15:04:05")},
		{r.Text("数据", "Data"), m.DataSource},
		{r.Text("数据 SHA-256", "Data SHA-256"), m.DataSHA256},
		{r.Text("随机数种子", "Seed"), fmt.Sprint(m.Seed)},
		{r.Text("语言", "Language"), m.Lang},
		{r.Text("章节", "Chapters"), strings.Join(m.Chapters, ", ")},
		{r.Text("运行时间（秒）", "Run time (s)"), fmt.Sprintf("%.2f", m.Seconds)},
	}
	for _, row := range rows {
		fmt.Fprintf(&b, "<tr><th>%s</th><td>%s</td></tr>\n", html.EscapeString(row[0]), html.EscapeString(row[1]))
	}
	b.WriteString("</table>\n")
	fmt.Fprintf(&b, "<p>%s</p>\n</section>\n", html.EscapeString(r.Text(
		"所有表格的 Markdown、LaTeX、CSV 文件在 tables/ 下，XLSX 工作簿为 tables.xlsx；图片的 PNG（300 dpi）和 SVG 在 figures/ 下；panel_measured.csv 是加入了 cp、资本存量和 TFP 等测算变量的面板；manifest.json 记录全部输出与运行参数。",
		"Every table is also in tables/ as Markdown, LaTeX and CSV, and in the workbook tables.xlsx; figures are in figures/ as PNG (300 dpi) and SVG; panel_measured.csv is the panel with the measured variables (cp, capital stock, TFP and others); manifest.json records every output and setting.")))
	return b.String()
}

const reportCSS = `body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.6;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
.sub{color:#555}nav ol{columns:2}.notes{background:#f6f6f6;padding:.6em 1.6em}.fail{color:#a00;font-weight:bold}
figure{margin:1.5em 0}figure img{max-width:100%}figcaption{text-align:center;color:#555}
.table{overflow-x:auto;margin:1em 0}table.caveats{border-collapse:collapse;font-size:.9em}
table.caveats td,table.caveats th{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}`
