package cpstat

import (
	"bytes"
	"fmt"

	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/data"
)

// EmbeddedPanel returns the public data set shipped in package data: the 30 sample provinces (keys
// "province", the two-letter code, and "year") for 2000–2017. See data/README.md for the source of every
// column and data.PaperVariables for which of the paper's variables are proxies or missing.
func EmbeddedPanel() (*Panel, error) {
	t, err := ReadCSVFrom(bytes.NewReader(data.PanelCSV()), "data/"+data.PanelFile, WithKeys("province", "year"))
	if err != nil {
		return nil, fmt.Errorf("embedded panel: %w", err)
	}
	return t.Panel()
}

// paperLabels holds the Chinese and English names of the paper's model variables that the measurement and
// estimation steps add to a panel, so tables label them even when the data set has no such column.
var paperLabels = table.Labels{
	"cp":          {Zh: "共同富裕", En: "Common prosperity"},
	"prosperity":  {Zh: "富裕", En: "Prosperity"},
	"commonality": {Zh: "共同", En: "Commonality"},
	"capital":     {Zh: "资本存量", En: "Capital stock"},
	"tfp":         {Zh: "全要素生产率", En: "TFP"},
	"province":    {Zh: "省份", En: "Province"},
	"year":        {Zh: "年份", En: "Year"},
	"region":      {Zh: "地区", En: "Region"},
}

// CodebookLabels returns table labels in Chinese and English for every column of the embedded data set
// and for the paper's measured variables (cp, prosperity, commonality, capital, tfp).
func CodebookLabels() (table.Labels, error) {
	vars, err := data.Codebook()
	if err != nil {
		return nil, err
	}
	labels := make(table.Labels, len(vars)+len(paperLabels))
	for code, l := range paperLabels {
		labels[code] = l
	}
	for _, v := range vars {
		if _, set := labels[v.Code]; set {
			continue
		}
		labels[v.Code] = table.Label{Zh: v.LabelZh, En: v.LabelEn}
	}
	return labels, nil
}
