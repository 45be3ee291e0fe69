package mlp

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestFitContextStopsAtTheEndOfTheBatch cancels training during the third batch of epoch 2.
func TestFitContextStopsAtTheEndOfTheBatch(t *testing.T) {
	x, y, _ := blobs(100, 3)
	m := NewSequential(Input(4), Dense(3, WithActivation("softmax"))).WithSeed(1)
	if err := m.Compile(Loss("mse"), SGD(0.1), Metrics("accuracy")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	trained := 0
	h, err := m.FitContext(ctx, x, y, Epochs(5), BatchSize(10), Verbose(0),
		OnBatchEnd(func(batch int, _ Logs) error {
			trained++
			if trained == 10+3 {
				cancel()
			}
			return nil
		}))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want one wrapping context.Canceled", err)
	}
	if want := "training interrupted after 1 of 5 epochs and 3 batches of epoch 2"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
	if trained != 13 {
		t.Errorf("trained %d batches, want 13: Fit should stop at the end of the batch", trained)
	}
	if h == nil || len(h.Loss) != 1 || len(m.History().Loss) != 1 {
		t.Errorf("history %+v, want the one completed epoch", h)
	}
	// A context done before Fit trains nothing.
	h, err = m.FitContext(ctx, x, y, Epochs(2), Verbose(0))
	if !errors.Is(err, context.Canceled) || len(h.Loss) != 0 || !strings.Contains(err.Error(), "after 0 of 2 epochs") {
		t.Errorf("done context: history %+v, error %v", h, err)
	}
}
