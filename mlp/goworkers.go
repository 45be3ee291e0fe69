package mlp

import (
	"fmt"
	"io"
	"reflect"

	"github.com/gomlx/compute"
)

// unboundGoWorkers makes the worker pool of GoMLX's Go backend unbounded, as its configuration
// option "parallelism=-1" does, but without the line that option prints on stdout
// ("Go backend: parallelism set to -1", a fmt.Printf in compute v0.1.3's gobackend.New). The pool
// is the backend's exported field Workers, whose type is internal to compute, so it is reached by
// reflection. When a compute version changes that shape, it changes nothing and writes one line
// to notice saying so and what it costs: batches are then not split (see splitsBatches), and
// training is slower. A config that sets parallelism itself ("go:parallelism=4") still prints the
// upstream line.
func unboundGoWorkers(b compute.Backend, notice io.Writer) {
	pool, err := goWorkers(b)
	if err != nil {
		if notice != nil {
			fmt.Fprintf(notice, "mlp: %v: batches are not split, so training on the Go backend is about 10%% slower\n", err)
		}
		return
	}
	pool.set.Call([]reflect.Value{reflect.ValueOf(-1)})
}

// splitsBatches reports whether training steps on b may run a batch as parallel parts (see
// Model.trainParts): only on the Go backend with an unbounded worker pool.
func splitsBatches(b compute.Backend) bool {
	pool, err := goWorkers(b)
	return err == nil && pool.get.Call(nil)[0].Int() < 0
}

// goBackendPkg is the package of the Go backend's type.
const goBackendPkg = "github.com/gomlx/compute/internal/gobackend"

// workerPool is the Go backend's worker pool, by reflection: its methods SetMaxParallelism(int)
// and MaxParallelism() int.
type workerPool struct{ set, get reflect.Value }

// goWorkers returns the worker pool of GoMLX's Go backend b, or an error that says what is not
// as expected: b is not the Go backend, or compute changed the pool.
func goWorkers(b compute.Backend) (workerPool, error) {
	v := reflect.ValueOf(b)
	if b == nil || v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct ||
		v.Elem().Type().PkgPath() != goBackendPkg {
		return workerPool{}, fmt.Errorf("backend %T is not GoMLX's Go backend", b)
	}
	changed := func(what string) error {
		return fmt.Errorf("the Go backend's worker pool cannot be made unbounded (%s changed %s)", goBackendPkg, what)
	}
	pool := v.Elem().FieldByName("Workers")
	if !pool.IsValid() || pool.Kind() != reflect.Pointer || pool.IsNil() {
		return workerPool{}, changed("its Backend.Workers field")
	}
	set, get := pool.MethodByName("SetMaxParallelism"), pool.MethodByName("MaxParallelism")
	if !set.IsValid() || set.Type().NumIn() != 1 || set.Type().In(0).Kind() != reflect.Int || set.Type().NumOut() != 0 {
		return workerPool{}, changed("the pool's SetMaxParallelism(int) method")
	}
	if !get.IsValid() || get.Type().NumIn() != 0 || get.Type().NumOut() != 1 || get.Type().Out(0).Kind() != reflect.Int {
		return workerPool{}, changed("the pool's MaxParallelism() int method")
	}
	return workerPool{set: set, get: get}, nil
}
