package mlp

import "sync"

// gatherRows copies the rows idx of x into dst (len(idx)*x.Cols values).
func gatherRows(dst []float32, x Matrix, idx []int) {
	for i, r := range idx {
		copy(dst[i*x.Cols:(i+1)*x.Cols], x.Data[r*x.Cols:(r+1)*x.Cols])
	}
}

// batch is one training batch gathered from shuffled rows.
type batch struct {
	x, y []float32
	n    int
}

// prefetchBatches gathers the batches of one epoch (rows in order, bs at a time) in a goroutine,
// one batch ahead of training, so that copying rows scattered over a large data set overlaps the
// training step. Call release with each batch once used, and stop when done (it may be early):
// stop returns once the goroutine has ended, so nothing reads x or y after it.
func prefetchBatches(x, y Matrix, order []int, bs int) (batches <-chan batch, release func(batch), stop func()) {
	const buffers = 3 // one in training, one ready, one being filled
	free := make(chan batch, buffers)
	for range buffers {
		free <- batch{x: make([]float32, bs*x.Cols), y: make([]float32, bs*y.Cols)}
	}
	out := make(chan batch, 1)
	done := make(chan struct{})     // closed by stop
	finished := make(chan struct{}) // closed when the goroutine ends
	go func() {
		defer close(finished)
		defer close(out)
		for seen := 0; seen < len(order); seen += bs {
			var b batch
			select {
			case b = <-free:
			case <-done:
				return
			}
			b.n = min(bs, len(order)-seen)
			idx := order[seen : seen+b.n]
			gatherRows(b.x[:b.n*x.Cols], x, idx)
			gatherRows(b.y[:b.n*y.Cols], y, idx)
			select {
			case out <- b:
			case <-done:
				return
			}
		}
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() { close(done) })
		<-finished
	}
	return out, func(b batch) { free <- b }, stop
}
