package mlp

import (
	"reflect"

	"github.com/gomlx/compute"
)

// unboundGoWorkers makes the worker pool of GoMLX's Go backend unbounded, as its configuration
// option "parallelism=-1" does, but without the line that option prints on stdout
// ("Go backend: parallelism set to -1", a fmt.Printf in compute v0.1.3's gobackend.New). The pool
// is the backend's exported field Workers, whose type is internal to compute, so it is reached by
// reflection; it reports false, changing nothing, if a later compute version changes that shape.
// A config that sets parallelism itself ("go:parallelism=4") still prints the upstream line.
func unboundGoWorkers(b compute.Backend) bool {
	pool, ok := goWorkers(b)
	if !ok {
		return false
	}
	set := pool.MethodByName("SetMaxParallelism")
	if !set.IsValid() || set.Type().NumIn() != 1 || set.Type().In(0).Kind() != reflect.Int || set.Type().NumOut() != 0 {
		return false
	}
	set.Call([]reflect.Value{reflect.ValueOf(-1)})
	return true
}

// splitsBatches reports whether training steps on b may run a batch as parallel parts (see
// Model.trainParts): only on the Go backend with an unbounded worker pool.
func splitsBatches(b compute.Backend) bool {
	pool, ok := goWorkers(b)
	if !ok {
		return false
	}
	get := pool.MethodByName("MaxParallelism")
	if !get.IsValid() || get.Type().NumIn() != 0 || get.Type().NumOut() != 1 || get.Type().Out(0).Kind() != reflect.Int {
		return false
	}
	return get.Call(nil)[0].Int() < 0
}

// goBackendPkg is the package of the Go backend's type.
const goBackendPkg = "github.com/gomlx/compute/internal/gobackend"

// goWorkers returns the worker pool of GoMLX's Go backend b (see unboundGoWorkers).
func goWorkers(b compute.Backend) (reflect.Value, bool) {
	v := reflect.ValueOf(b)
	if b == nil || v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct ||
		v.Elem().Type().PkgPath() != goBackendPkg {
		return reflect.Value{}, false
	}
	pool := v.Elem().FieldByName("Workers")
	if !pool.IsValid() || pool.Kind() != reflect.Pointer || pool.IsNil() {
		return reflect.Value{}, false
	}
	return pool, true
}
