package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
)

// mediatorWithoutEffect writes 60 rows where x drives m and y, but m has no effect on y beyond x
// (b = 0): m = x + u, y = x + v with u and v deterministic pseudo-noise.
func mediatorWithoutEffect(t *testing.T) string {
	var b strings.Builder
	b.WriteString("x,m,y\n")
	for i := 0; i < 60; i++ {
		x := float64(i%10) / 3
		u := math.Sin(float64(7*i+1)) * 2
		v := math.Cos(float64(11*i+3)) * 2
		fmt.Fprintf(&b, "%.6f,%.6f,%.6f\n", x, x+u, x+v)
	}
	return writeFile(t, "mediation.csv", b.String())
}

// A path whose bias-corrected interval decides and contains 0 is reported as not significant, in
// the text and in the JSON field indirect_significant, never as "judged significant".
func TestMediateBootstrapVerdict(t *testing.T) {
	args := []string{"mediate", "--data", mediatorWithoutEffect(t), "--treatment", "x", "--mediators", "m", "--outcome", "y",
		"--bootstrap", "199", "--resample", "rows", "--quiet"}
	code, out, stderr := runCLI(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Paths []struct {
			Effect              string `json:"effect"`
			IndirectTest        string `json:"indirect_test"`
			IndirectSignificant *bool  `json:"indirect_significant"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Paths[0]
	if p.IndirectTest != "bias-corrected bootstrap interval" || p.IndirectSignificant == nil || *p.IndirectSignificant || p.Effect != "no mediation" {
		t.Fatalf("path %+v, want the bootstrap interval to find a·b not significant", p)
	}

	code, out, stderr = runCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "a·b tested by the bias-corrected bootstrap interval: not significant") || strings.Contains(out, "judged") {
		t.Errorf("text output does not state the verdict:\n%s", out)
	}
}
