package cpstat

import (
	"context"
	"fmt"
	"slices"

	"github.com/cpstat/cpstat/cpstat/resample"
)

// bootCluster returns the column a cluster bootstrap draws: Bootstrap.Cluster, else the first cluster
// column of the estimate, else the panel's entity column.
func bootCluster(p *Panel, s MediationSettings) string {
	switch {
	case s.Bootstrap.Cluster != "":
		return s.Bootstrap.Cluster
	case len(s.Estimate.Cluster) > 0:
		return s.Estimate.Cluster[0]
	}
	return p.EntityColumn()
}

// bootstrap refits the mediator and outcome equations on Reps resampled data sets. Every equation of
// one replicate sees the same draw. The models are built once on the common sample, clustered on the
// drawn column so that Model.Refit can copy clusters, and fitted with one goroutine each because the
// replicates already run in parallel.
func (r *MediationResult) bootstrap(ctx context.Context, p *Panel, est EstimateSettings) error {
	bs := r.Settings.Bootstrap
	m := r.Model
	level := bs.Level
	if level == 0 {
		level = est.ConfLevel
	}
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return fmt.Errorf("%w: bootstrap level %v is outside (0, 1)", ErrMediationModel, level)
	}
	boot := &MediationBootstrap{Reps: bs.Reps, Seed: bs.Seed, Resample: bs.Resample, Level: level}

	est.Workers = 1
	est.Label = ""
	if bs.Resample == ResampleClusters {
		boot.Cluster = bootCluster(p, r.Settings)
		est.Cluster = []string{boot.Cluster}
		est.VCov = Clustered
	} else {
		// The replicates need only the coefficients, so the cheapest variance will do.
		est.Cluster, est.VCov = nil, IID
	}

	equations := make([]*Model, 0, len(m.Mediators)+1)
	for _, med := range m.Mediators {
		model, err := NewModel(p, m.formula(med, []string{m.Treatment}), WithSettings(est))
		if err != nil {
			return fmt.Errorf("bootstrap: %w", err)
		}
		equations = append(equations, model)
	}
	outcome, err := NewModel(p, m.formula(m.Outcome, append([]string{m.Treatment}, m.Mediators...)), WithSettings(est))
	if err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	equations = append(equations, outcome)
	for _, model := range equations[:len(equations)-1] {
		if !slices.Equal(model.frame.Rows, outcome.frame.Rows) {
			return fmt.Errorf("%w: bootstrap: %s and %s have different rows", ErrMediationModel, model.Formula(), outcome.Formula())
		}
	}

	units := outcome.N()
	if bs.Resample == ResampleClusters {
		units = len(outcome.clusterLevels)
		boot.Clusters = units
		if units < 2 {
			return fmt.Errorf("%w: cluster bootstrap on %q needs at least 2 clusters in the sample, found %d; use rows", ErrMediationModel, boot.Cluster, units)
		}
	}

	paths := len(m.Mediators)
	indirect := make([][]float64, bs.Reps) // per replicate: a_n·b_n for each path, then c′
	report, err := resample.Run(ctx, bs.Reps, resample.Settings{Seed: bs.Seed, Workers: bs.Workers, Progress: bs.Progress},
		func(rep resample.Replicate) error {
			draw := make([]int, units)
			for i := range draw {
				draw[i] = rep.Rand.IntN(units)
			}
			change := Change{Rows: draw}
			if bs.Resample == ResampleClusters {
				change = Change{ClusterDraw: draw}
			}
			out := make([]float64, paths+1)
			fit, err := outcome.RefitContext(ctx, change)
			if err != nil {
				return err
			}
			direct, err := effectCoef(fit, m.Treatment)
			if err != nil {
				return err
			}
			out[paths] = direct.Estimate
			for n, med := range m.Mediators {
				b, err := effectCoef(fit, med)
				if err != nil {
					return err
				}
				medFit, err := equations[n].RefitContext(ctx, change)
				if err != nil {
					return err
				}
				a, err := effectCoef(medFit, m.Treatment)
				if err != nil {
					return err
				}
				out[n] = a.Estimate * b.Estimate
			}
			indirect[rep.Index] = out
			return nil
		})
	if err != nil {
		return err
	}
	boot.Failed = report.Failed

	boot.Indirect = make([][]float64, paths)
	for _, out := range indirect {
		if out == nil {
			continue
		}
		var sum float64
		for n := range paths {
			boot.Indirect[n] = append(boot.Indirect[n], out[n])
			sum += out[n]
		}
		boot.Sum = append(boot.Sum, sum)
		boot.Direct = append(boot.Direct, out[paths])
	}
	if boot.Succeeded() < 2 {
		return fmt.Errorf("%w: only %d of %d bootstrap replicates could be fitted (first failure: %v)",
			ErrMediationModel, boot.Succeeded(), bs.Reps, boot.Failed[0].Err)
	}
	r.Bootstrap = boot

	for n := range r.Paths {
		if r.Paths[n].Boot, err = summarizeBoot(boot.Indirect[n], r.Paths[n].Indirect, level); err != nil {
			return err
		}
	}
	if r.SumBoot, err = summarizeBoot(boot.Sum, r.IndirectSum, level); err != nil {
		return err
	}
	if r.DirectBoot, err = summarizeBoot(boot.Direct, r.DirectEffect.Estimate, level); err != nil {
		return err
	}
	if len(boot.Failed) > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%d of %d bootstrap replicates could not be fitted and are left out of the intervals; the first: replicate %d, %v",
			len(boot.Failed), boot.Reps, boot.Failed[0].Index, boot.Failed[0].Err))
	}
	return nil
}

// summarizeBoot returns the mean, SD and intervals of the replicates of an effect.
func summarizeBoot(draws []float64, estimate, level float64) (*BootSummary, error) {
	s := &BootSummary{}
	s.Mean, s.SD = resample.MeanSD(draws)
	var err error
	if s.Percentile, err = resample.Percentile(draws, level); err != nil {
		return nil, err
	}
	var ok bool
	if s.BC, ok, err = resample.BC(draws, estimate, level); err != nil {
		return nil, err
	}
	s.BCDegenerate = !ok
	return s, nil
}
