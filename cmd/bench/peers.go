package main

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/dlgo/hello/datasets"
)

// peerCheckBatches is how many training batches every PyTorch peer trains from the same seed
// before the timing, to check that its environment changes no result.
const peerCheckBatches = 50

// peerCheckTolerance is the largest difference allowed between a peer's check losses and the
// reference peer's.
const peerCheckTolerance = 1e-3

// flushDenormalEnv, set to 1 in a PyTorch process's environment, makes torch_mlp.py call
// torch.set_flush_denormal(True): subnormal floats are then treated and produced as zero. With
// raw 0..255 pixels the seed's sigmoids produce subnormal floats, on which the CPU's arithmetic is
// tens of times slower.
const flushDenormalEnv = "BENCH_TORCH_FLUSH_DENORMAL"

// peerSpec is one PyTorch contender: its row name, threads and process environment.
type peerSpec struct {
	name    string
	threads int
	flushed bool // subnormals flushed: a candidate for the peer at its best
	env     []string
}

// peerSpecs lists the PyTorch contenders. First, with one thread and subnormals flushed, OpenBLAS
// as it detects the CPU (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from that process's
// environment), then each of kernels set as OPENBLAS_CORETYPE: the fastest of these is the peer
// at its best. Then, without flushing, as many machines run PyTorch: OpenBLAS autodetected with
// each thread count, and as the environment pins it when it sets OPENBLAS_CORETYPE. The first is
// the reference the others' results are checked against. Every peer runs with OPENBLAS_VERBOSE=2,
// so that OpenBLAS says which kernels it loaded; environ itself is not changed.
func peerSpecs(environ []string, threads []int, kernels []string) []peerSpec {
	auto := setEnv(without(environ, coreTypeEnv, l2SizeEnv), verboseEnv, "2")
	flushed := setEnv(withThreads(auto, 1), flushDenormalEnv, "1")
	specs := []peerSpec{{name: "1 thread, subnormals flushed, OpenBLAS autodetected", threads: 1, flushed: true, env: flushed}}
	for _, k := range kernels {
		specs = append(specs, peerSpec{name: fmt.Sprintf("1 thread, subnormals flushed, %s=%s", coreTypeEnv, k),
			threads: 1, flushed: true, env: setEnv(flushed, coreTypeEnv, k)})
	}
	for _, n := range threads {
		specs = append(specs, peerSpec{name: threadsLabel(n) + ", OpenBLAS autodetected", threads: n, env: withThreads(auto, n)})
	}
	if core, ok := lookup(environ, coreTypeEnv); ok {
		specs = append(specs, peerSpec{name: fmt.Sprintf("1 thread, %s=%s as this machine sets it", coreTypeEnv, core),
			threads: 1, env: setEnv(withThreads(environ, 1), verboseEnv, "2")})
	}
	return specs
}

func threadsLabel(n int) string {
	if n == 1 {
		return "1 thread"
	}
	return fmt.Sprintf("%d threads", n)
}

// lookup returns the value of name in environ.
func lookup(environ []string, name string) (string, bool) {
	for _, kv := range slices.Backward(environ) {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			return v, true
		}
	}
	return "", false
}

// without returns a copy of environ without the given variables.
func without(environ []string, names ...string) []string {
	return slices.DeleteFunc(slices.Clone(environ), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		return slices.Contains(names, k)
	})
}

// setEnv returns a copy of environ with name set to value.
func setEnv(environ []string, name, value string) []string {
	return append(without(environ, name), name+"="+value)
}

// withThreads returns environ with OpenBLAS's and OpenMP's thread counts set to n.
func withThreads(environ []string, n int) []string {
	return append(without(environ, "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"),
		fmt.Sprintf("OPENBLAS_NUM_THREADS=%d", n), fmt.Sprintf("OMP_NUM_THREADS=%d", n))
}

// startPeers starts one PyTorch process per spec and keeps those that train like the first
// (peerCheckBatches batches from the same seed, losses within peerCheckTolerance) and that do
// not repeat a kept peer (same threads, flushing and OpenBLAS kernels: an OPENBLAS_CORETYPE that
// names what OpenBLAS chose anyway). A peer left out is named in a message. It fails only when
// the first cannot run, that is when PyTorch cannot run at all.
func startPeers(python string, train *datasets.Set, specs []peerSpec) ([]*torchProc, error) {
	var peers []*torchProc
	var ref []float64
	batches := min(peerCheckBatches, train.Count/100)
	for i, spec := range specs {
		p, err := startTorch(python, train, spec.threads, spec.env)
		if err != nil {
			if i == 0 {
				return nil, err
			}
			fmt.Fprintf(os.Stderr, "bench: leaving out PyTorch, %s: %v\n", spec.name, err)
			continue
		}
		p.spec = spec
		p.name = fmt.Sprintf("PyTorch %s, %s", p.version, spec.name)
		if q := sameKernels(peers, p); q != nil {
			fmt.Printf("%s: left out, OpenBLAS used the same kernels (%s) as %s\n", p.name, p.kernel, q.name)
			p.close()
			continue
		}
		losses, err := p.check(batches)
		if err != nil {
			p.close()
			if i == 0 {
				return nil, fmt.Errorf("%s: %w", p.name, err)
			}
			fmt.Fprintf(os.Stderr, "bench: leaving out %s: %v\n", p.name, err)
			continue
		}
		if ref == nil {
			ref = losses
			fmt.Printf("%s: OpenBLAS kernels %s, started in %.1f s\n", p.name, kernelLabel(p.kernel), p.startup.Seconds())
		} else if d := maxDiff(losses, ref); d > peerCheckTolerance || len(losses) != len(ref) {
			fmt.Fprintf(os.Stderr, "bench: leaving out %s: its losses over %d batches differ from %s's by up to %.2g (> %g)\n",
				p.name, batches, peers[0].name, d, peerCheckTolerance)
			p.close()
			continue
		} else {
			fmt.Printf("%s: OpenBLAS kernels %s, started in %.1f s, same losses as the first over %d batches (max difference %.1e)\n",
				p.name, kernelLabel(p.kernel), p.startup.Seconds(), batches, d)
		}
		peers = append(peers, p)
	}
	return peers, nil
}

// sameKernels returns the peer in peers that runs like p: same threads, same flushing and the
// same known OpenBLAS kernels, or nil.
func sameKernels(peers []*torchProc, p *torchProc) *torchProc {
	if p.kernel == "" {
		return nil
	}
	for _, q := range peers {
		if q.kernel == p.kernel && q.spec.threads == p.spec.threads && q.spec.flushed == p.spec.flushed {
			return q
		}
	}
	return nil
}

// kernelLabel is how a row shows the OpenBLAS kernels a peer used.
func kernelLabel(kernel string) string {
	if kernel == "" {
		return "unknown"
	}
	return kernel
}

// maxDiff returns the largest absolute difference between a and b, element by element.
func maxDiff(a, b []float64) float64 {
	d := 0.0
	for i := range min(len(a), len(b)) {
		d = max(d, math.Abs(a[i]-b[i]))
	}
	return d
}
