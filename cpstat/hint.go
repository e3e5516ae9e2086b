package cpstat

import (
	"fmt"
	"strconv"
	"strings"
)

// Setting identifies a read or estimation setting that the hint of an error or note suggests
// changing. A Go caller sets it through the option that GoSetting names. Another front end, such as
// the cpstat command line, spells it as its own flag. Each constant documents its values.
type Setting int

const (
	// SettingEncoding is the text encoding of a CSV file (WithEncoding). Values: auto, utf8, gbk,
	// gb18030.
	SettingEncoding Setting = iota + 1
	// SettingSheet is the worksheet of an XLSX file (the sheet argument of ReadXLSX). Value: the
	// worksheet name.
	SettingSheet
	// SettingTitleRows is the number of rows above the header (WithTitleRows). Value: a count, or ""
	// when the hint is only to check it.
	SettingTitleRows
	// SettingHeaderRows is the number of header rows (WithHeaderRows). Value: a count, or "".
	SettingHeaderRows
	// SettingPercent is how numeric columns read "12.5%" (WithPercent). Values: fraction, number,
	// missing.
	SettingPercent
	// SettingPlaceholders is how numeric columns read dashes such as "—" (WithPlaceholders). Value:
	// missing.
	SettingPlaceholders
	// SettingAmbiguousNumbers is how numeric columns read "1,2" (WithAmbiguousNumbers). Value:
	// missing.
	SettingAmbiguousNumbers
	// SettingMissingValues adds cell texts read as missing (WithMissingValues). Value: the text.
	SettingMissingValues
	// SettingColumnType fixes the type of Suggestion.Column (WithColumnType). Values: string, int,
	// float.
	SettingColumnType
	// SettingNewColumn adds a computed column to a panel (Panel.With). Value: "".
	SettingNewColumn
	// SettingIndexMissing is what EntropyIndex does with missing indicator values
	// (IndexOptions.Missing). Values: listwise, complete.
	SettingIndexMissing
	// SettingIndicatorColumn is the data column of an index indicator (SystemIndicator.Column, or
	// the column field of an indicator table). Value: "".
	SettingIndicatorColumn
	// SettingQRPDOptimizer is the optimiser of QRPD (QRPDOptimizer). Values: grid, neldermead, mcmc.
	SettingQRPDOptimizer
	// SettingQRPDDraws is the number of retained MCMC draws per chain of QRPD (QRPDDraws). Value: a
	// count, or "" for "more".
	SettingQRPDDraws
	// SettingQRPDBurn is the number of MCMC burn-in draws per chain of QRPD
	// (QRPDSettings.Options.Burn). Value: a count, or "" for "more".
	SettingQRPDBurn
	// SettingQRPDStdErr selects the standard errors of the QRPD z tests (QRPDStdErrFrom). Values:
	// analytic, draws.
	SettingQRPDStdErr
	// SettingQRPDGrid is the grid of the QRPD grid search (QRPDGrid). Value: "".
	SettingQRPDGrid
	// SettingQRPDBandwidth is the kernel half-width of the QRPD analytic variance
	// (quantreg.QRPDOptions.Bandwidth). Value: "".
	SettingQRPDBandwidth
	// SettingGMMInstruments are the GMM-style instruments of a dynamic panel model
	// (GMMSettings.GMM). Value: the instrument text, such as "y 2:.".
	SettingGMMInstruments
	// SettingGMMTimeDummies adds period dummies to a dynamic panel model
	// (GMMSettings.TimeDummies). Value: "".
	SettingGMMTimeDummies
	// SettingCapitalStartYear is the year of every unit's base capital stock
	// (CapitalOptions.Settings.StartYear). Value: a year, or "".
	SettingCapitalStartYear
	// SettingCapitalPriceYear is the year whose prices the capital stock is in
	// (CapitalOptions.Settings.PriceBaseYear). Value: a year, or "".
	SettingCapitalPriceYear
	// SettingCapitalGrowthYears is the number of growth rates averaged for the base stock
	// (CapitalOptions.Settings.GrowthYears). Value: a count, or "".
	SettingCapitalGrowthYears
	// SettingCapitalBaseStocks gives every unit's base stock (CapitalOptions.Settings.BaseStocks).
	// Value: "".
	SettingCapitalBaseStocks
	// SettingDEAPeriod is the period whose efficiency DEAEfficiency evaluates
	// (EfficiencyOptions.Period). Value: a period.
	SettingDEAPeriod
	// SettingTFPDropIncomplete leaves out units that lack a period (TFPOptions.DropIncomplete).
	// Value: "".
	SettingTFPDropIncomplete
	// SettingWindow restricts the periods used (a Window such as IndexOptions.Window or
	// TFPOptions.Window). Value: FROM:TO, such as 2005:2017.
	SettingWindow

	settingEnd // one past the last Setting
)

// Known reports whether s is one of the Setting constants.
func (s Setting) Known() bool { return s >= SettingEncoding && s < settingEnd }

// Suggestion is one change of a setting that resolves an error or addresses a note.
type Suggestion struct {
	Setting Setting
	Value   string // the value to set, in the vocabulary of Setting's documentation; may be ""
	Column  string // the column of a per-column setting (SettingColumnType); "" otherwise
	// Purpose is what the change does, as a verb phrase such as "read such cells as missing". The
	// hint reads "Purpose with SETTING", or "use SETTING" when Purpose is "".
	Purpose string
}

// SettingNamer spells the setting of a Suggestion, with its value, the way a caller sets it.
// GoSetting names the Go option; the command line names its flag. A namer returns "" for a setting
// its caller cannot change, and the hint then leaves that suggestion out.
type SettingNamer func(Suggestion) string

// Hint is the suggested fix of an error or note: an action in words, and settings that resolve it,
// as alternatives in order of preference.
type Hint struct {
	Action      string // such as "fix the text cells"; may be ""
	Suggestions []Suggestion
}

// textHint returns a hint that names no setting.
func textHint(action string) Hint { return Hint{Action: action} }

// Format writes the hint as one clause, each setting spelled by name:
//
//	fix the text cells, list them as missing with WithMissingValues("约3500"), or read the column
//	as text with WithColumnType("gdp", series.String)
//
// It returns "" for an empty hint.
func (h Hint) Format(name SettingNamer) string {
	var parts []string
	if h.Action != "" {
		parts = append(parts, h.Action)
	}
	for _, s := range h.Suggestions {
		spelled := name(s)
		switch {
		case spelled == "":
			continue
		case s.Purpose == "":
			parts = append(parts, "use "+spelled)
		default:
			parts = append(parts, s.Purpose+" with "+spelled)
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + ", or " + parts[len(parts)-1]
}

// String formats the hint with the Go settings.
func (h Hint) String() string { return h.Format(GoSetting) }

// appendHint returns msg followed by the hint as a sentence, or msg alone when the hint is empty.
func appendHint(msg string, h Hint, name SettingNamer) string {
	text := h.Format(name)
	if text == "" {
		return msg
	}
	return msg + ". " + upperFirst(text)
}

// GoSetting spells a suggestion as the Go option that makes it, such as
// WithPercent(PercentAsFraction) or QRPDOptimizer(quantreg.OptimizeMCMC).
func GoSetting(s Suggestion) string {
	v := s.Value
	switch s.Setting {
	case SettingEncoding:
		return "WithEncoding(" + goEncoding(v) + ")"
	case SettingSheet:
		return fmt.Sprintf("ReadXLSX(path, %q)", v)
	case SettingTitleRows:
		return goCall("WithTitleRows", v)
	case SettingHeaderRows:
		return goCall("WithHeaderRows", v)
	case SettingPercent:
		return "WithPercent(" + map[string]string{"fraction": "PercentAsFraction", "number": "PercentAsNumber",
			"missing": "PercentAsMissing"}[v] + ")"
	case SettingPlaceholders:
		return "WithPlaceholders(PlaceholderAsMissing)"
	case SettingAmbiguousNumbers:
		return "WithAmbiguousNumbers(AmbiguousAsMissing)"
	case SettingMissingValues:
		return fmt.Sprintf("WithMissingValues(%q)", v)
	case SettingColumnType:
		return fmt.Sprintf("WithColumnType(%q, series.%s)", s.Column, upperFirst(v))
	case SettingNewColumn:
		return "Panel.With"
	case SettingIndexMissing:
		return "IndexOptions.Missing = " + map[string]string{"listwise": "IndexListwise",
			"complete": "IndexCompleteIndicators"}[v]
	case SettingIndicatorColumn:
		return "SystemIndicator.Column (status IndicatorMissing leaves an indicator out)"
	case SettingQRPDOptimizer:
		return "QRPDOptimizer(quantreg." + map[string]string{"grid": "OptimizeGrid", "neldermead": "OptimizeNelderMead",
			"mcmc": "OptimizeMCMC"}[v] + ")"
	case SettingQRPDDraws:
		return goCall("QRPDDraws", v)
	case SettingQRPDBurn:
		return goField("QRPDSettings.Options.Burn", v)
	case SettingQRPDStdErr:
		return "QRPDStdErrFrom(" + map[string]string{"analytic": "QRPDStdErrAnalytic", "draws": "QRPDStdErrDraws"}[v] + ")"
	case SettingQRPDGrid:
		return "QRPDGrid"
	case SettingQRPDBandwidth:
		return "QRPDSettings.Options.Bandwidth"
	case SettingGMMInstruments:
		return fmt.Sprintf("GMMSettings.GMM = %q", v)
	case SettingGMMTimeDummies:
		return "GMMSettings.TimeDummies = true"
	case SettingCapitalStartYear:
		return goField("CapitalOptions.Settings.StartYear", v)
	case SettingCapitalPriceYear:
		return goField("CapitalOptions.Settings.PriceBaseYear", v)
	case SettingCapitalGrowthYears:
		return goField("CapitalOptions.Settings.GrowthYears", v)
	case SettingCapitalBaseStocks:
		return "CapitalOptions.Settings.BaseStocks"
	case SettingDEAPeriod:
		return goField("EfficiencyOptions.Period", v)
	case SettingTFPDropIncomplete:
		return "TFPOptions.DropIncomplete = true"
	case SettingWindow:
		from, to, _ := strings.Cut(v, ":")
		return fmt.Sprintf("Window{From: %s, To: %s}", orZero(from), orZero(to))
	}
	return fmt.Sprintf("Setting(%d)", int(s.Setting))
}

func goEncoding(v string) string {
	switch v {
	case "utf8":
		return "EncodingUTF8"
	case "gbk":
		return "EncodingGBK"
	case "gb18030":
		return "EncodingGB18030"
	}
	return "EncodingAuto"
}

// goCall returns "fn(v)", or fn alone when v is "".
func goCall(fn, v string) string {
	if v == "" {
		return fn
	}
	return fn + "(" + v + ")"
}

// goField returns "field = v", or field alone when v is "".
func goField(field, v string) string {
	if v == "" {
		return field
	}
	return field + " = " + v
}

func orZero(s string) string {
	if _, err := strconv.Atoi(s); err != nil {
		return "0"
	}
	return s
}

// HintedError is implemented by the errors of this package that carry a Hint. ErrorWith returns the
// message with the hint's settings spelled by name; Error is ErrorWith(GoSetting).
type HintedError interface {
	error
	ErrorWith(name SettingNamer) string
}

// HintError is a failure with a structured hint. Err is the cause, for errors.Is and errors.As; its
// text is not repeated, because Msg describes the failure.
type HintError struct {
	Msg  string // the failure, without the hint
	Hint Hint
	Err  error
}

func (e *HintError) Error() string { return e.ErrorWith(GoSetting) }

// ErrorWith returns Msg followed by the hint spelled by name.
func (e *HintError) ErrorWith(name SettingNamer) string { return appendHint(e.Msg, e.Hint, name) }

func (e *HintError) Unwrap() error { return e.Err }

// FormatError returns err's message with the hint of every HintedError in its chain spelled by
// name, so that a front end with its own option names can print its errors. The text a wrapping
// error adds around a HintedError (with fmt.Errorf and %w) is kept as it is.
func FormatError(err error, name SettingNamer) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	var visit func(e error)
	visit = func(e error) {
		if h, ok := e.(HintedError); ok {
			// fmt.Errorf copies the wrapped error's text verbatim, so that text occurs in msg.
			msg = strings.Replace(msg, h.Error(), h.ErrorWith(name), 1)
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			if inner := u.Unwrap(); inner != nil {
				visit(inner)
			}
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				visit(inner)
			}
		}
	}
	visit(err)
	return msg
}
