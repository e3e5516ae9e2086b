package table

import (
	"math"
	"testing"
)

// TestFormatNumber checks rounding against the exact binary value, as C's printf("%.*f") rounds, and the
// texts of zero, NaN and infinities.
func TestFormatNumber(t *testing.T) {
	cases := []struct {
		x        float64
		decimals int
		want     string
		why      string
	}{
		{0.994, 3, "0.994", "plain"},
		{0.0625, 3, "0.062", "0.0625 is exact in binary, so the tie rounds to even"},
		{2.675, 2, "2.67", "2.675 is stored as 2.67499999999999982236431605997495353221893310546875"},
		{1.0005, 3, "1.000", "1.0005 is stored as 1.000499999999999989341858963598497211933135986328125"},
		{-0.0005, 3, "-0.001", "-0.0005 is stored as -0.0005000000000000000104083408558608425664715468883514404296875"},
		{-1.5, 0, "-2", "exact tie, rounds to the even -2"},
		{-0.0004, 3, "0.000", "rounds to zero, so the sign is dropped"},
		{math.Copysign(0, -1), 3, "0.000", "negative zero"},
		{math.Copysign(0, -1), 0, "0", "negative zero as an integer"},
		{510, 0, "510", "N"},
		{-13.151, 3, "-13.151", "negative"},
		{1e21, 0, "1000000000000000000000", "no exponent notation"},
		{math.NaN(), 3, "—", "NaN"},
		{math.Inf(1), 3, "Inf", "+Inf"},
		{math.Inf(-1), 0, "-Inf", "-Inf"},
	}
	for _, tc := range cases {
		if got := formatNumber(tc.x, tc.decimals); got != tc.want {
			t.Errorf("formatNumber(%v, %d) = %q, want %q (%s)", tc.x, tc.decimals, got, tc.want, tc.why)
		}
	}
}

func TestNumberCellKinds(t *testing.T) {
	if c := numberCell(math.NaN(), 3); c.Number || c.Text != "—" {
		t.Errorf("NaN cell %+v, want text —", c)
	}
	if c := numberCell(math.Inf(1), 3); c.Number || c.Text != "Inf" {
		t.Errorf("+Inf cell %+v, want text Inf", c)
	}
	if c := numberCell(-0.0004, 3); !c.Number || c.Value != 0 || math.Signbit(c.Value) {
		t.Errorf("-0.0004 cell %+v, want the number +0 shown as 0.000", c)
	}
	if c := numberCell(1.23456, 2); !c.Number || c.Value != 1.23456 || c.Decimals != 2 {
		t.Errorf("1.23456 cell %+v, want value 1.23456 with 2 decimals", c)
	}
}
