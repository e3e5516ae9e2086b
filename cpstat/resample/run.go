package resample

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
)

// Settings configure Run. The zero value uses seed 0, GOMAXPROCS workers and no progress callback.
type Settings struct {
	// Seed selects the random streams of all replicates; see Stream.
	Seed uint64
	// Workers is the number of goroutines; 0 or less means GOMAXPROCS. Results do not depend on it.
	Workers int
	// Progress, when not nil, is called after each finished replicate with the number finished and the
	// total. Calls never overlap and done increases by one each time.
	Progress func(done, total int)
}

// Replicate is what one call of the replicate function receives.
type Replicate struct {
	// Index is the replicate number in [0, reps): the slot for the replicate's output.
	Index int
	// Worker is the goroutine number in [0, workers). Each worker runs one replicate at a time, so the
	// function may keep per-worker scratch storage indexed by it.
	Worker int
	// Rand is Stream(seed, Index), owned by this call.
	Rand *rand.Rand
}

// Failure is a replicate whose function returned an error.
type Failure struct {
	Index int
	Err   error
}

// Report summarises a run.
type Report struct {
	Reps    int       // replicates requested
	Workers int       // goroutines used
	Failed  []Failure // failed replicates in index order
}

// Succeeded returns the number of replicates that did not fail.
func (r *Report) Succeeded() int { return r.Reps - len(r.Failed) }

// FailedSet returns, per replicate index, whether the replicate failed.
func (r *Report) FailedSet() []bool {
	failed := make([]bool, r.Reps)
	for _, f := range r.Failed {
		failed[f.Index] = true
	}
	return failed
}

// Stream returns the random stream of replicate index for a seed. Run hands it to the replicate
// function, and a caller can rebuild it to reproduce one replicate alone.
func Stream(seed uint64, index int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, splitMix64(uint64(index)+0x9e3779b97f4a7c15)))
}

// splitMix64 is the output function of SplitMix64; it spreads consecutive indexes over unrelated
// PCG stream constants.
func splitMix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Run calls fn for replicates 0 … reps−1 on s.Workers goroutines and returns the failures. fn must
// write its output to slot Replicate.Index of storage the caller owns, so that the outcome does not
// depend on the order in which replicates finish.
//
// An error returned by fn marks that replicate as failed and the run goes on. When ctx is cancelled, Run
// starts no further replicates, waits for the running ones and returns an error that wraps ctx.Err()
// and says how many replicates had finished. reps < 0 is an error; reps = 0 returns an empty report.
func Run(ctx context.Context, reps int, s Settings, fn func(Replicate) error) (*Report, error) {
	if reps < 0 {
		return nil, fmt.Errorf("resample: %d replicates requested; give 0 or more", reps)
	}
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, reps))
	report := &Report{Reps: reps, Workers: workers}
	if reps == 0 {
		return report, nil
	}

	errs := make([]error, reps)
	var next atomic.Int64
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				b := int(next.Add(1) - 1)
				if b >= reps {
					return
				}
				errs[b] = fn(Replicate{Index: b, Worker: w, Rand: Stream(s.Seed, b)})
				mu.Lock()
				done++
				if s.Progress != nil {
					s.Progress(done, reps)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("resample: stopped after %d of %d replicates: %w", done, reps, err)
	}

	for b, err := range errs {
		if err != nil {
			report.Failed = append(report.Failed, Failure{Index: b, Err: err})
		}
	}
	return report, nil
}
