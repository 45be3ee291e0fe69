package mlp

import "testing"

// TestPrefetchStopWaitsForTheGoroutine stops an epoch early and checks that the gathering
// goroutine has ended when stop returns: it closes the channel as it ends, so after at most the
// one batch it had ready, the channel must read as closed without waiting.
func TestPrefetchStopWaitsForTheGoroutine(t *testing.T) {
	const rows, cols = 4000, 784
	x := Matrix{Data: make([]float32, rows*cols), Rows: rows, Cols: cols}
	y := Matrix{Data: make([]float32, rows), Rows: rows, Cols: 1}
	order := make([]int, rows)
	for i := range order {
		order[i] = rows - 1 - i
	}
	for range 20 {
		batches, release, stop := prefetchBatches(x, y, order, 100)
		release(<-batches)
		stop()
		for i := 0; ; i++ {
			select {
			case b, ok := <-batches:
				if !ok {
					goto next
				}
				if i > 0 {
					t.Fatalf("more than one batch ready after stop (n=%d)", b.n)
				}
			default:
				t.Fatal("stop returned while the goroutine was still running")
			}
		}
	next:
	}
}
