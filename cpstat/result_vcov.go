package cpstat

import (
	"fmt"
	"slices"

	"github.com/cpstat/cpstat/cpstat/linreg"
)

// WithVCov returns a copy of the result with another variance estimate computed from the same fit, for
// comparing conventions side by side:
//
//	stata, _ := cpstat.Estimate(p, f, cpstat.Cluster("province"))
//	plm, _ := stata.WithVCov(cpstat.SSC(cpstat.PlmSSS))
//
// The options may change VCov, Cluster, SSC, ConfLevel and Label. VCov(IID) or VCov(HC1) alone on a
// clustered result drops the clusters. An option that would change the
// sample or the fit (Period, Subset, KeepSingletons, FixedEffectValues, Workers) is an error, because
// the fit is reused. Cluster may name the model's fixed effects and the columns the model was clustered
// on, because those are the factors the fit kept. To cluster on another column, estimate again.
func (r *Result) WithVCov(opts ...EstimateOption) (*Result, error) {
	s := r.settings
	for _, o := range opts {
		o(&s)
	}
	if s.VCov != DefaultVCov && s.VCov != Clustered && slices.Equal(s.Cluster, r.settings.Cluster) {
		s.Cluster = nil // VCov(IID) on a clustered result requests IID
	}
	if err := s.validateRows(len(s.Subset)); err != nil {
		return nil, err
	}
	old := r.settings
	if s.Window != old.Window || !slices.Equal(s.Subset, old.Subset) || s.KeepSingletons != old.KeepSingletons ||
		s.FixedEffectValues != old.FixedEffectValues || s.Workers != old.Workers {
		return nil, fmt.Errorf("%w: WithVCov changes only the variance; estimate again to change the sample or the fit", ErrSettings)
	}
	known := slices.Clone(old.Cluster)
	for _, fe := range r.FixedEffects {
		known = append(known, fe.Name)
	}
	for _, c := range s.Cluster {
		if !slices.Contains(known, c) {
			return nil, fmt.Errorf("%w: WithVCov cannot cluster on %q, which the fit did not keep (it knows %q); estimate again with Cluster(%q)",
				ErrSettings, c, known, c)
		}
	}

	spec := linreg.VCovSpec{Type: s.vcovType().linreg(), Convention: s.SSC.linreg(), Cluster: s.Cluster,
		PerTermAdjust: s.perTerm()}
	in, err := r.fit.VCov(spec)
	if err != nil {
		return nil, fmt.Errorf("variance of %s: %w", r.Formula, err)
	}
	out := *r
	out.settings = s
	out.Label = s.Label
	out.ConfLevel = s.confLevel()
	out.setInference(in)
	return &out, nil
}
