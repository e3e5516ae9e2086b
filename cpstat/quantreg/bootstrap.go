package quantreg

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// DefaultReplications is the number of bootstrap samples when InferenceOptions.Replications is 0, the default
// R of quantreg's boot.rq.
const DefaultReplications = 200

// newStream returns the random stream of replication (or chain) index k for a seed. The stream depends only
// on the seed and the index, never on which goroutine runs it.
func newStream(seed, k uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, splitMix64(k+0x9e3779b97f4a7c15)))
}

// splitMix64 is the finaliser of Steele, Lea and Flood's SplitMix64 generator; it spreads nearby indices
// over unrelated PCG stream seeds.
func splitMix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// bootstrapCov refits on resampled data and returns the sample covariance (divisor B − 1) of the coefficient
// draws, as summary.rq(se = "boot") computes cov(B).
func (r *Result) bootstrapCov(ctx context.Context, opt InferenceOptions, inf *Inference) (*mat.SymDense, error) {
	n, p := r.N, len(r.Coef)
	reps := opt.Replications
	if reps <= 0 {
		reps = DefaultReplications
	}

	var draw func(rng *rand.Rand) ([]float64, error)
	switch opt.Method {
	case SEBootstrapXY:
		draw = r.drawPairs
	case SEBootstrapCluster, SEBootstrapWildCluster:
		if len(opt.Cluster) != n {
			return nil, &DimensionError{What: "InferenceOptions.Cluster (one id per observation)", Got: len(opt.Cluster), Want: n}
		}
		groups := clusterRows(opt.Cluster)
		if len(groups) < 2 {
			return nil, fmt.Errorf("quantreg: cluster bootstrap needs at least 2 clusters, got %d: "+
				"check the cluster ids", len(groups))
		}
		if opt.Method == SEBootstrapCluster {
			draw = func(rng *rand.Rand) ([]float64, error) { return r.drawClusterPairs(rng, groups) }
		} else {
			draw = func(rng *rand.Rand) ([]float64, error) { return r.drawWildGradient(rng, groups) }
		}
	}

	draws, failed, err := runReplications(ctx, reps, opt.Seed, opt.Progress, draw)
	if err != nil {
		return nil, err
	}
	inf.Replications = reps - failed
	inf.Failed = failed
	if failed > 0 {
		inf.Notes = append(inf.Notes, fmt.Sprintf("%d of %d bootstrap samples had a rank-deficient design "+
			"and were left out", failed, reps))
	}
	if reps-failed < 2 {
		return nil, fmt.Errorf("quantreg: only %d of %d bootstrap samples could be fitted; the design is "+
			"too sparse for this bootstrap", reps-failed, reps)
	}
	m := mat.NewDense(reps-failed, p, nil)
	row := 0
	for _, d := range draws {
		if d != nil {
			m.SetRow(row, d)
			row++
		}
	}
	cov := mat.NewSymDense(p, nil)
	stat.CovarianceMatrix(cov, m, nil)
	return cov, nil
}

// runReplications evaluates draw for replications 0..reps-1 on all cores. Replication b uses
// newStream(seed, b), and results are stored by index, so the output does not depend on scheduling.
// A draw that returns errRankDeficientSample is counted as failed; any other error stops the run.
func runReplications(ctx context.Context, reps int, seed uint64, progress func(done, total int),
	draw func(rng *rand.Rand) ([]float64, error)) (draws [][]float64, failed int, err error) {
	draws = make([][]float64, reps)
	workers := min(runtime.GOMAXPROCS(0), reps)
	var next atomic.Int64
	var mu sync.Mutex
	var firstErr error
	done, failures := 0, 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				b := int(next.Add(1)) - 1
				if b >= reps {
					return
				}
				if cerr := ctx.Err(); cerr != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("quantreg: bootstrap stopped after %d of %d samples: %w", done, reps, cerr)
					}
					mu.Unlock()
					return
				}
				coef, derr := draw(newStream(seed, uint64(b)))
				mu.Lock()
				switch {
				case derr == errRankDeficientSample:
					failures++
				case derr != nil:
					if firstErr == nil {
						firstErr = fmt.Errorf("quantreg: bootstrap sample %d: %w", b, derr)
					}
				default:
					draws[b] = coef
				}
				done++
				if progress != nil {
					progress(done, reps)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, 0, firstErr
	}
	return draws, failures, nil
}

var errRankDeficientSample = errors.New("quantreg: bootstrap sample has a rank-deficient design")

func (r *Result) drawPairs(rng *rand.Rand) ([]float64, error) {
	n, p := r.N, len(r.Coef)
	x := make([]float64, n*p)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		k := rng.IntN(n)
		copy(x[i*p:(i+1)*p], r.x[k*p:(k+1)*p])
		y[i] = r.y[k]
	}
	return solveSample(x, y, n, p, r.Tau)
}

func (r *Result) drawClusterPairs(rng *rand.Rand, groups [][]int) ([]float64, error) {
	p := len(r.Coef)
	var x, y []float64
	for range groups {
		g := groups[rng.IntN(len(groups))]
		for _, k := range g {
			x = append(x, r.x[k*p:(k+1)*p]...)
			y = append(y, r.y[k])
		}
	}
	return solveSample(x, y, len(y), p, r.Tau)
}

// drawWildGradient is one draw of Hagemann's (2017) wild gradient bootstrap: with ψ_i = 1{u_i < 0} − τ and
// cluster weights w_g ∈ {−(√5−1)/2, (√5+1)/2} of mean 0 and variance 1, it minimises
// Σ ρτ(y_i − x_i'b) − W'b, W = Σ_i w_g(i) ψ_i x_i, by appending the pseudo-observation
// (x = W/τ, y = n·max|y|) as quantreg's boot.rq.pwy does.
func (r *Result) drawWildGradient(rng *rand.Rand, groups [][]int) ([]float64, error) {
	n, p := r.N, len(r.Coef)

	lowW, highW := -(math.Sqrt(5)-1)/2, (math.Sqrt(5)+1)/2
	probLow := (math.Sqrt(5) + 1) / math.Sqrt(20)
	w := make([]float64, p)
	for _, g := range groups {
		weight := highW
		if rng.Float64() < probLow {
			weight = lowW
		}
		for _, i := range g {
			psi := -r.Tau
			if r.Residuals[i] < 0 {
				psi = 1 - r.Tau
			}
			for j := 0; j < p; j++ {
				w[j] += weight * psi * r.x[i*p+j]
			}
		}
	}

	maxAbs := 0.0
	for _, v := range r.y {
		maxAbs = math.Max(maxAbs, math.Abs(v))
	}
	x := make([]float64, (n+1)*p)
	copy(x, r.x)
	y := make([]float64, n+1)
	copy(y, r.y)
	for j := 0; j < p; j++ {
		x[n*p+j] = w[j] / r.Tau
	}
	y[n] = float64(n) * maxAbs
	return solveSample(x, y, n+1, p, r.Tau)
}

func solveSample(x, y []float64, n, p int, tau float64) ([]float64, error) {
	sol, err := brSolve(x, y, n, p, tau)
	if err != nil {
		return nil, err
	}
	if sol.deficient {
		return nil, errRankDeficientSample
	}
	return sol.coef, nil
}

// clusterRows groups row indices by cluster id, in order of first appearance.
func clusterRows(ids []int) [][]int {
	index := map[int]int{}
	var groups [][]int
	for i, id := range ids {
		k, ok := index[id]
		if !ok {
			k = len(groups)
			index[id] = k
			groups = append(groups, nil)
		}
		groups[k] = append(groups[k], i)
	}
	return groups
}
