package mlp

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"math/bits"
	"os"
	"strconv"
	"strings"
)

// A model's sizes come from the user or from a file's header; a Dense(100000) on 100000
// inputs needs 40 GB and 2³²×2³² overflows int. Go's runtime treats running out of memory as a
// fatal error that no recover catches, so sizes are checked here, before anything is allocated.

// availableMemory returns the bytes this process can still allocate, and false when that is
// unknown (not Linux). It is a variable so tests can pretend to run on a small machine.
var availableMemory = systemAvailableMemory

// systemAvailableMemory reads MemAvailable from /proc/meminfo (free memory plus what the kernel
// can reclaim), lowered to the cgroup's limit when the process runs in a container with one.
func systemAvailableMemory() (uint64, bool) {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	avail, ok := meminfoField(data, "MemAvailable")
	if !ok {
		return 0, false
	}
	if limit, ok := cgroupRoom(); ok && limit < avail {
		avail = limit
	}
	return avail, true
}

// meminfoField returns a /proc/meminfo field ("MemAvailable:   23592944 kB") in bytes.
func meminfoField(data []byte, name string) (uint64, bool) {
	s := bufio.NewScanner(bytes.NewReader(data))
	for s.Scan() {
		key, rest, ok := strings.Cut(s.Text(), ":")
		if !ok || key != name {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			return 0, false
		}
		v, err := strconv.ParseUint(fields[0], 10, 64)
		if err != nil {
			return 0, false
		}
		if len(fields) > 1 && fields[1] == "kB" {
			if v > math.MaxUint64/1024 {
				return 0, false
			}
			v *= 1024
		}
		return v, true
	}
	return 0, false
}

// cgroupRoom returns memory.max − memory.current of the process's cgroup v2, when it has a limit.
func cgroupRoom() (uint64, bool) {
	read := func(name string) (uint64, bool) {
		b, err := os.ReadFile("/sys/fs/cgroup/" + name)
		if err != nil {
			return 0, false
		}
		v, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
		return v, err == nil // "max" (no limit) fails to parse
	}
	max, ok := read("memory.max")
	if !ok {
		return 0, false
	}
	cur, _ := read("memory.current")
	if cur >= max {
		return 0, true
	}
	return max - cur, true
}

// mulBytes returns a·b·c, and false when the product overflows uint64 or a factor is negative.
func mulBytes(a, b, c int) (uint64, bool) {
	if a < 0 || b < 0 || c < 0 {
		return 0, false
	}
	hi, ab := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 {
		return 0, false
	}
	hi, abc := bits.Mul64(ab, uint64(c))
	return abc, hi == 0
}

// checkAllocation returns an error naming what when bytes (already overflow-checked) are more
// than this machine's available memory; it says nothing when that is unknown.
func checkAllocation(what string, size uint64, advice string) error {
	avail, ok := availableMemory()
	if !ok || size <= avail {
		return nil
	}
	return fmt.Errorf("mlp: %s needs %d bytes (%s), more than the %s of memory available; %s",
		what, size, humanBytes(size), humanBytes(avail), advice)
}

// denseParams returns the number of float32 parameters of Dense layer l on inputs features
// (weights plus bias), and false when the count does not fit an int.
func denseParams(l Layer, inputs int) (int, bool) {
	n, ok := mulBytes(inputs, l.Units, 1)
	if !ok {
		return 0, false
	}
	if !l.NoBias {
		var carry uint64
		n, carry = bits.Add64(n, uint64(l.Units), 0)
		if carry != 0 {
			return 0, false
		}
	}
	if n > math.MaxInt/4 { // its bytes must fit an int too: make and the file format use ints
		return 0, false
	}
	return int(n), true
}

// checkParamMemory checks, before any weight is allocated, that the Dense layers of layers, on
// inputs features per example (0: an Input layer or the first Dense layer's InputDim says), have parameter counts that fit an int and that copies float32
// values per parameter fit in the available memory. copies is how many values per parameter
// will be live at once: building holds the initial values and their transposed copy (2);
// training adds a gradient and the optimizer's slots. The error names the layer and its size in
// bytes. It returns the total bytes of one copy of the parameters (what a model file holds).
func checkParamMemory(layers []Layer, inputs, copies int) (uint64, error) {
	if copies < 1 {
		copies = 1
	}
	var total uint64
	in := inputs
	for i, l := range layers {
		switch l.Kind {
		case KindInput:
			in = l.Units
			continue
		case KindDense:
		default:
			continue
		}
		if in == 0 && l.InputDim > 0 {
			in = l.InputDim
		}
		name := l.Name
		if name == "" {
			name = fmt.Sprintf("layer %d", i+1)
		}
		what := fmt.Sprintf("%s (Dense(%d) on %d inputs)", name, l.Units, in)
		if l.Units <= 0 || in <= 0 {
			return 0, fmt.Errorf("mlp: %s: the sizes must be positive", what)
		}
		n, ok := denseParams(l, in)
		if !ok {
			return 0, fmt.Errorf("mlp: %s has %d×%d weights, too many to count in an int; use fewer units", what, in, l.Units)
		}
		size := uint64(n) * 4
		live, ok := mulBytes(n, 4, copies)
		if !ok {
			return 0, fmt.Errorf("mlp: %s: %d bytes of weights (×%d while training) overflow; use fewer units", what, size, copies)
		}
		if err := checkAllocation(fmt.Sprintf("%s has %d bytes of float32 weights; with the %d copies training keeps, it", what, size, copies), live,
			"use fewer units"); err != nil {
			return 0, err
		}
		var carry uint64
		total, carry = bits.Add64(total, size, 0)
		if carry != 0 || total > math.MaxInt/4 {
			return 0, fmt.Errorf("mlp: the model's weights overflow at %s; use fewer or smaller layers", what)
		}
		in = l.Units
	}
	live, ok := mulBytes(int(total), copies, 1)
	if !ok {
		return 0, fmt.Errorf("mlp: the model's %d bytes of weights (×%d while training) overflow; use fewer or smaller layers", total, copies)
	}
	if err := checkAllocation(fmt.Sprintf("the model has %d bytes of float32 weights; with the %d copies training keeps, it", total, copies), live,
		"use fewer or smaller layers"); err != nil {
		return 0, err
	}
	return total, nil
}

// humanBytes writes a byte count in binary units: "37.3 GiB".
func humanBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
