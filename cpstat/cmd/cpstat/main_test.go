package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs one command line and returns its exit status, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &env{stdout: &stdout, stderr: &stderr})
	return code, stdout.String(), stderr.String()
}

func TestHelpListsEveryCommand(t *testing.T) {
	code, out, _ := runCLI(t, "help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for name := range commands {
		if !strings.Contains(out, "  "+name) {
			t.Errorf("help does not list %s", name)
		}
	}
}

// Every command prints its help with both `help CMD` and `CMD --help`, and every flag is listed.
func TestEveryCommandHasHelp(t *testing.T) {
	for name := range commands {
		code, out, _ := runCLI(t, "help", name)
		if code != 0 || !strings.Contains(out, "Usage: cpstat "+name) || !strings.Contains(out, "Flags:") {
			t.Errorf("help %s: exit %d, output:\n%s", name, code, out)
		}
		code2, out2, _ := runCLI(t, name, "--help")
		if code2 != 0 || out2 != out {
			t.Errorf("%s --help differs from help %s (exit %d)", name, name, code2)
		}
	}
}

func TestUnknownCommandIsUsageError(t *testing.T) {
	code, _, errOut := runCLI(t, "regres")
	if code != 2 || !strings.Contains(errOut, `unknown command "regres"`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestUnknownFlagIsUsageError(t *testing.T) {
	code, _, errOut := runCLI(t, "data", "--nosuch")
	if code != 2 || !strings.Contains(errOut, "nosuch") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestDataCodebookJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "data", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var vars []struct{ Code, Status string }
	if err := json.Unmarshal([]byte(out), &vars); err != nil {
		t.Fatalf("decode: %v", err)
	}
	found := false
	for _, v := range vars {
		if v.Code == "balance" {
			found = v.Status == "proxy"
		}
	}
	if !found {
		t.Error("codebook JSON lacks balance with status proxy")
	}
}

func TestDataExportWritesPanel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "panel.csv")
	code, _, errOut := runCLI(t, "data", "--export", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(raw), "\n"); lines != 541 {
		t.Errorf("exported %d lines, want 541 (header + 30 provinces × 18 years)", lines)
	}
}

func TestReplicateNeedsOut(t *testing.T) {
	code, _, errOut := runCLI(t, "replicate")
	if code != 2 || !strings.Contains(errOut, "--out") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestReplicateRejectsBadVars(t *testing.T) {
	code, _, errOut := runCLI(t, "replicate", "--out", t.TempDir(), "--vars", "balance")
	if code != 2 || !strings.Contains(errOut, "paper=column") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
