package mlp

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/gomlx/compute"
)

// TestGoWorkerPoolIsReachable fails when a compute version changes what unboundGoWorkers reaches
// by reflection (the Go backend's Workers field and its pool's methods): batches would then no
// longer be split and training would be slower, with only a printed line to say so.
func TestGoWorkerPoolIsReachable(t *testing.T) {
	saved := os.Stdout
	os.Stdout, _ = os.Open(os.DevNull) // compute's own line for an explicit parallelism
	b, err := compute.NewWithConfig("go:parallelism=2")
	os.Stdout = saved
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	pool, err := goWorkers(b)
	if err != nil {
		t.Fatalf("%v: update mlp/goworkers.go (docs/performance.md names the upstream change that would remove it)", err)
	}
	if got := pool.get.Call(nil)[0].Int(); got != 2 {
		t.Errorf("the pool's MaxParallelism() = %d, want the configured 2", got)
	}
	if splitsBatches(b) {
		t.Error("a bounded pool splits batches")
	}
	var notice bytes.Buffer
	unboundGoWorkers(b, &notice)
	if notice.Len() != 0 || !splitsBatches(b) {
		t.Errorf("unboundGoWorkers: printed %q, splits batches %v; want nothing printed and split batches", notice.String(), splitsBatches(b))
	}
}

// TestUnboundGoWorkersSaysWhatItCosts checks the one line written when the pool cannot be reached.
func TestUnboundGoWorkersSaysWhatItCosts(t *testing.T) {
	var notice bytes.Buffer
	unboundGoWorkers(nil, &notice)
	line := notice.String()
	if strings.Count(line, "\n") != 1 || !strings.HasPrefix(line, "mlp: ") ||
		!strings.Contains(line, "batches are not split") || !strings.Contains(line, "slower") {
		t.Errorf("notice %q, want one line saying batches are not split and training is slower", line)
	}
}
