package cpstat

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat/table"
)

const moderationBase = "cp ~ balance + flo | province + year"

// The simulated panel has cp = … + 0.25·balance·domicile_f + 0.4·domicile_f, so the moderation model
// with domicile_f recovers both within 4 standard errors, and the one with domicile_p, which does not
// enter cp, finds an interaction near zero.
func TestModerateRecoversSimulatedEffects(t *testing.T) {
	p := simulatedStudy(t, 30, 17, 11)
	res, err := Moderate(p, moderationBase, "balance", "domicile_f", ModerationSettings{}, Cluster("province"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Formula != "cp ~ balance + flo + domicile_f + balance:domicile_f | province + year" {
		t.Errorf("formula %q", res.Formula)
	}
	theta, ok := res.Interaction()
	if !ok {
		t.Fatal("interaction dropped")
	}
	if math.Abs(theta.Estimate-simModerationCP) > 4*theta.StdError {
		t.Errorf("interaction %.4f (SE %.4f), simulated %.2f", theta.Estimate, theta.StdError, simModerationCP)
	}
	eta, _ := res.Result.Coef("domicile_f")
	if math.Abs(eta.Estimate-simDomicileFOnCP) > 4*eta.StdError {
		t.Errorf("domicile_f %.4f (SE %.4f), simulated %.2f", eta.Estimate, eta.StdError, simDomicileFOnCP)
	}

	zero, err := Moderate(p, moderationBase, "balance", "domicile_p", ModerationSettings{}, Cluster("province"))
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := zero.Interaction(); math.Abs(c.Estimate) > 4*c.StdError {
		t.Errorf("domicile_p interaction %.4f (SE %.4f), simulated 0", c.Estimate, c.StdError)
	}
}

// Centring the moderator leaves the interaction coefficient and its standard error unchanged, and
// turns the variable's coefficient into β + θ·m̄: with m = m_c + m̄, β·x + θ·x·m = (β + θ·m̄)·x + θ·x·m_c.
// The estimate of the centred model's variable must also equal the simple slope at the mean. Both
// hold up to rounding; 1e-9 relative allows for the different conditioning of the two designs.
func TestModerateCentringInvariants(t *testing.T) {
	p := simulatedStudy(t, 30, 17, 12)
	res, err := Moderate(p, moderationBase, "balance", "domicile_f", ModerationSettings{CentreModerator: true, CentreVariable: true}, Cluster("province"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Uncentred == nil || res.InteractionTerm != "balance_c:domicile_f_c" {
		t.Fatalf("uncentred %v, interaction term %q", res.Uncentred, res.InteractionTerm)
	}
	centred, _ := res.Interaction()
	plain, _ := res.Uncentred.Coef("balance:domicile_f")
	if !withinRel(centred.Estimate, plain.Estimate, 1e-9) || !withinRel(centred.StdError, plain.StdError, 1e-9) {
		t.Errorf("interaction %v (SE %v) centred, %v (SE %v) uncentred", centred.Estimate, centred.StdError, plain.Estimate, plain.StdError)
	}
	beta, _ := res.Uncentred.Coef("balance")
	betaC, _ := res.Result.Coef("balance_c")
	if want := beta.Estimate + plain.Estimate*res.ModeratorMean; !withinRel(betaC.Estimate, want, 1e-9) {
		t.Errorf("centred balance %v, want β + θ·m̄ = %v", betaC.Estimate, want)
	}

	slopes, err := res.SimpleSlopes(res.ModeratorMean)
	if err != nil {
		t.Fatal(err)
	}
	if !withinRel(slopes[0].Estimate, betaC.Estimate, 1e-12) || !withinRel(slopes[0].StdError, betaC.StdError, 1e-12) {
		t.Errorf("slope at the mean %v (SE %v), centred coefficient %v (SE %v)", slopes[0].Estimate, slopes[0].StdError, betaC.Estimate, betaC.StdError)
	}
	// The same slope from the uncentred fit: the linear combination β + θ·m̄ with its delta-method SE.
	plainModel := *res
	plainModel.Result, plainModel.Settings = res.Uncentred, ModerationSettings{}
	plainModel.VariableTerm, plainModel.InteractionTerm = "balance", "balance:domicile_f"
	other, err := plainModel.SimpleSlopes(res.ModeratorMean)
	if err != nil {
		t.Fatal(err)
	}
	if !withinRel(other[0].Estimate, betaC.Estimate, 1e-9) || !withinRel(other[0].StdError, betaC.StdError, 1e-9) {
		t.Errorf("slope at the mean from the uncentred fit %v (SE %v), centred coefficient %v (SE %v)",
			other[0].Estimate, other[0].StdError, betaC.Estimate, betaC.StdError)
	}
	if !strings.Contains(strings.Join(res.Notes, " "), "centred at its mean") {
		t.Errorf("notes %q lack the centring", res.Notes)
	}
	if zh := strings.Join(res.NotesIn(table.Zh), " "); !strings.Contains(zh, "domicile_f 已减去其在 510 个估计观测上的均值") {
		t.Errorf("Chinese notes %q lack the centring", zh)
	}
}

func withinRel(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))
}

// A moderator fixed within provinces is explained by the province effects: its own term is dropped
// with a note and the interaction is still estimated.
func TestModerateTimeInvariantModerator(t *testing.T) {
	p := simulatedStudy(t, 30, 10, 13)
	p, _, err := WithRegionDummies(p)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Moderate(p, moderationBase, "balance", "region_west", ModerationSettings{}, Cluster("province"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.Interaction(); !ok {
		t.Error("interaction dropped")
	}
	if _, ok := res.Result.Coef("region_west"); ok {
		t.Error("region_west estimated beside province effects")
	}
	if !strings.Contains(strings.Join(res.Notes, " "), "region_west was dropped (collinear with the fixed effects)") {
		t.Errorf("notes %q lack the dropped moderator", res.Notes)
	}
}

func TestModerateRejects(t *testing.T) {
	p := simulatedStudy(t, 5, 5, 14)
	cases := []struct{ base, variable, moderator string }{
		{"cp ~ flo | province", "balance", "domicile_f"},                  // variable not in base
		{"cp ~ balance + domicile_f | province", "balance", "domicile_f"}, // moderator already in base
	}
	for _, c := range cases {
		if _, err := Moderate(p, c.base, c.variable, c.moderator, ModerationSettings{}); !errors.Is(err, ErrSettings) {
			t.Errorf("%s with %s × %s: error %v, want ErrSettings", c.base, c.variable, c.moderator, err)
		}
	}
}
