package main

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/formula"
	"github.com/cpstat/cpstat/cpstat/gmm"
)

// usageError is an error caused by the command line. errors.Is(err, errUsage) reports it, and run
// exits with status 2 after pointing to the command's help. Its text is the message alone.
type usageError struct{ err error }

func (e usageError) Error() string        { return e.err.Error() }
func (e usageError) Unwrap() error        { return e.err }
func (e usageError) Is(target error) bool { return target == errUsage }

// usagef formats a usage error as fmt.Errorf does, so %w wraps an error.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// classifyError marks the library errors that the command line causes as usage errors, so that
// every command exits with status 2 for them. These are a column that the data lack (named in a
// flag, a formula, an instrument option or an indicator system), a formula or instrument option that
// does not parse, and settings that the library rejects as inconsistent. Failures of the data or of
// the estimation keep status 1.
func classifyError(err error) error {
	if err == nil || errors.Is(err, errUsage) {
		return err
	}
	var syntax *formula.SyntaxError
	var notFound *cpstat.ColumnNotFoundError
	var gmmErr *cpstat.GMMError
	var instruments *gmm.ParseError
	switch {
	case errors.As(err, &syntax), errors.As(err, &notFound), errors.As(err, &instruments),
		errors.As(err, &gmmErr) && gmmErr.Part != "estimation",
		errors.Is(err, cpstat.ErrSettings), errors.Is(err, cpstat.ErrPlacebo), errors.Is(err, cpstat.ErrWildBootstrap):
		return usageError{err}
	}
	return err
}

// errorMessage returns the text run prints for err: the hints of library errors name the flags of
// this program instead of Go options, and the ": usage" that wrapping errUsage with %w appends (as
// replicate.go does) is left out. A missing measured variable (cp, capital, tfp and the like) gets a
// note on where it comes from.
func errorMessage(err error) string {
	msg := cpstat.FormatError(err, flagFor)
	msg = strings.TrimSuffix(msg, ": "+errUsage.Error())
	// The library names its step ("dea: …", "tfp: …"); after "cpstat dea: " that reads twice.
	for _, step := range []string{"dea: ", "tfp: "} {
		msg = strings.TrimPrefix(msg, step)
	}
	var notFound *cpstat.ColumnNotFoundError
	if errors.As(err, &notFound) {
		if note := measuredNote(notFound.Name); note != "" {
			msg += ". " + note
		}
	}
	return msg
}

// measured describes the variables that Hong, Jiang and Liu (2023) compute from other columns, and
// the command that computes each. The embedded panel has none of them.
var measured = map[string]struct{ what, command string }{
	"cp":            {"the log of the common-prosperity index", "cpstat entropy --system paper"},
	"prosperity":    {"the log of the prosperity score", "cpstat entropy --system paper"},
	"commonality":   {"the log of the commonality score", "cpstat entropy --system paper"},
	"capital":       {"the log of the perpetual-inventory capital stock", "cpstat capital"},
	"capital_stock": {"the perpetual-inventory capital stock, 100 million yuan at 2000 prices", "cpstat capital"},
	"tfp":           {"the cumulative Malmquist TFP index", "cpstat malmquist"},
}

// measuredNote returns where a measured variable comes from, or "" for any other name.
func measuredNote(name string) string {
	m, ok := measured[name]
	if !ok {
		return ""
	}
	return fmt.Sprintf("%s (%s) is a measured variable that the data do not contain: %s computes it, and "+
		"cpstat replicate --out DIR writes it with the other measured variables to DIR/panel_measured.csv, which --data reads",
		name, m.what, m.command)
}

// flagFor spells a setting that a library hint suggests as the flag that sets it, or "" when no
// flag of this program sets it (the hint then leaves the suggestion out). Every setting is listed.
func flagFor(s cpstat.Suggestion) string {
	v := s.Value
	switch s.Setting {
	case cpstat.SettingEncoding:
		return "--encoding " + v
	case cpstat.SettingSheet:
		return "--sheet " + shellQuote(v)
	case cpstat.SettingTitleRows:
		return withValue("--title-rows", v, "N")
	case cpstat.SettingHeaderRows:
		return withValue("--header-rows", v, "N")
	case cpstat.SettingPercent:
		return "--percent " + v
	case cpstat.SettingAmbiguousNumbers:
		return "--ambiguous " + v
	case cpstat.SettingMissingValues:
		return fmt.Sprintf("--na %q", v) // quoted even when plain, because it is cell text such as 约3500
	case cpstat.SettingIndexMissing:
		return "--missing " + v
	case cpstat.SettingQRPDOptimizer:
		return "--optimizer " + v
	case cpstat.SettingQRPDDraws:
		return withValue("--draws", v, "N (default 1000)")
	case cpstat.SettingQRPDBurn:
		return withValue("--burn", v, "N (default 500)")
	case cpstat.SettingQRPDStdErr:
		return "--se " + v
	case cpstat.SettingGMMInstruments:
		return "--gmm " + shellQuote(v)
	case cpstat.SettingGMMTimeDummies:
		return "--timedummies"
	case cpstat.SettingCapitalStartYear:
		return withValue("--base-year", v, "YEAR")
	case cpstat.SettingCapitalPriceYear:
		return withValue("--price-year", v, "YEAR")
	case cpstat.SettingCapitalGrowthYears:
		return withValue("--growth-years", v, "N")
	case cpstat.SettingCapitalBaseStocks:
		return "--base given --base-stocks FILE"
	case cpstat.SettingDEAPeriod:
		return withValue("--period", v, "PERIOD")
	case cpstat.SettingTFPDropIncomplete:
		return "--drop-incomplete"
	case cpstat.SettingWindow:
		return "--window " + v
	case cpstat.SettingIndicatorColumn:
		return "the column field of an indicator table given as --system FILE.csv (cpstat data --indicators --export FILE.csv " +
			"writes the paper's table to edit; status missing leaves an indicator out)"
	case cpstat.SettingPlaceholders, cpstat.SettingColumnType, cpstat.SettingNewColumn,
		cpstat.SettingQRPDGrid, cpstat.SettingQRPDBandwidth:
		// No flag: placeholders are always read as missing, column types always come from the
		// cells, and computed columns, QRPD grids and bandwidths are set in Go only.
		return ""
	}
	return ""
}

// withValue returns "flag value", with placeholder in place of an empty value.
func withValue(flag, value, placeholder string) string {
	if value == "" {
		value = placeholder
	}
	return flag + " " + value
}

// shellQuote returns s as typed in a shell: bare when it contains only letters, digits (of any
// script, such as 省份) and ._:/-, else in double quotes.
func shellQuote(s string) string {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("._:/-", r) {
			return fmt.Sprintf("%q", s)
		}
	}
	if s == "" {
		return `""`
	}
	return s
}
