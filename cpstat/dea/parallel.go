package dea

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// workerCount returns the number of goroutines for tasks independent tasks: requested, or GOMAXPROCS when
// requested ≤ 0, and never more than tasks or less than one.
func workerCount(requested, tasks int) int {
	if requested <= 0 {
		requested = runtime.GOMAXPROCS(0)
	}
	return max(1, min(requested, tasks))
}

// forEach calls work(worker, task) for every task in [0, tasks) on workers goroutines, with worker in
// [0, workers). Each worker index belongs to one goroutine, so work may keep per-worker scratch storage.
// work must write its results to per-task slots, which makes them independent of the schedule. progress,
// if not nil, is called from the calling goroutine after each finished task.
// forEach stops starting tasks once ctx is done and then returns ctx.Err().
func forEach(ctx context.Context, tasks, workers int, progress func(done, total int), work func(worker, task int)) error {
	var next atomic.Int64
	finished := make(chan struct{}, tasks)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				task := int(next.Add(1) - 1)
				if task >= tasks {
					return
				}
				work(w, task)
				finished <- struct{}{}
			}
		}()
	}

	err := waitAll(ctx, tasks, finished, progress)
	wg.Wait()
	return err
}

func waitAll(ctx context.Context, tasks int, finished <-chan struct{}, progress func(done, total int)) error {
	for done := 0; done < tasks; {
		select {
		case <-finished:
			done++
			if progress != nil {
				progress(done, tasks)
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
