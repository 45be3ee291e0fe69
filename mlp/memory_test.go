package mlp

import (
	"strings"
	"testing"
)

// withAvailableMemory makes checks see a machine with n bytes available for the test's duration.
func withAvailableMemory(t *testing.T, n uint64) {
	t.Helper()
	prev := availableMemory
	availableMemory = func() (uint64, bool) { return n, true }
	t.Cleanup(func() { availableMemory = prev })
}

func TestCheckParamMemorySeedModel(t *testing.T) {
	withAvailableMemory(t, 1<<30)
	layers := []Layer{Dense(500, InputDim(784)), Activation("sigmoid"), Dense(500), Dense(10, UseBias(false))}
	total, err := checkParamMemory(layers, 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	if want := uint64(4 * (784*500 + 500 + 500*500 + 500 + 500*10)); total != want {
		t.Errorf("total %d bytes, want %d", total, want)
	}
	// The input width given by the caller wins over nothing; an Input layer sets it too.
	if total2, err := checkParamMemory([]Layer{Input(784), Dense(500), Dense(500), Dense(10, UseBias(false))}, 0, 1); err != nil || total2 != total {
		t.Errorf("with Input: %d, %v; want %d", total2, err, total)
	}
}

func TestCheckParamMemoryRejectsHugeLayers(t *testing.T) {
	withAvailableMemory(t, 8<<30) // an 8 GiB machine
	named := func(l Layer, name string) Layer { l.Name = name; return l }
	for _, c := range []struct {
		name   string
		layers []Layer
		inputs int
		want   []string
	}{
		{"40 GB layer", []Layer{named(Dense(100000, InputDim(100000)), "dense_1")}, 0,
			[]string{"dense_1 (Dense(100000) on 100000 inputs)", "has 40000400000 bytes of float32 weights", "more than the 8.0 GiB", "use fewer units"}},
		{"2^32 × 2^32 overflows", []Layer{Dense(1<<32, InputDim(1<<32))}, 0,
			[]string{"layer 1 (Dense(4294967296) on 4294967296 inputs)", "too many to count"}},
		{"second layer", []Layer{Dense(10, InputDim(10)), named(Dense(1<<31), "big")}, 0,
			[]string{"big (Dense(2147483648) on 10 inputs)", "94489280512 bytes"}},
		{"copies push it over", []Layer{named(Dense(30000, InputDim(30000)), "d")}, 0,
			[]string{"d (Dense(30000) on 30000 inputs)", "has 3600120000 bytes of float32 weights; with the 4 copies", "needs 14400480000 bytes (13.4 GiB)"}},
		{"total over, each layer under", []Layer{Dense(20000, InputDim(20000)), Dense(20000), Dense(20000)}, 0,
			[]string{"the model has 4800240000 bytes of float32 weights; with the 2 copies", "use fewer or smaller layers"}},
		{"negative units", []Layer{Dense(-3, InputDim(10))}, 0, []string{"Dense(-3) on 10 inputs", "must be positive"}},
		{"unknown width", []Layer{Dense(3)}, 0, []string{"Dense(3) on 0 inputs", "must be positive"}},
		{"Load's header: width from the caller", []Layer{named(Dense(1<<20), "dense_9")}, 1 << 20,
			[]string{"dense_9 (Dense(1048576) on 1048576 inputs)"}},
	} {
		copies := 2
		if strings.Contains(c.name, "copies") {
			copies = 4
		}
		_, err := checkParamMemory(c.layers, c.inputs, copies)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", c.name, err, w)
			}
		}
	}
}

// TestCheckParamMemoryUnknownMemory checks that overflow is still caught where the available
// memory cannot be read, and that sizes are then not refused.
func TestCheckParamMemoryUnknownMemory(t *testing.T) {
	prev := availableMemory
	availableMemory = func() (uint64, bool) { return 0, false }
	defer func() { availableMemory = prev }()
	if _, err := checkParamMemory([]Layer{Dense(1<<32, InputDim(1<<32))}, 0, 2); err == nil || !strings.Contains(err.Error(), "too many") {
		t.Errorf("overflow: %v", err)
	}
	if _, err := checkParamMemory([]Layer{Dense(100000, InputDim(100000))}, 0, 2); err != nil {
		t.Errorf("unknown memory: %v", err)
	}
}

func TestMeminfoField(t *testing.T) {
	data := []byte("MemTotal:       24684084 kB\nMemFree:        21225564 kB\nMemAvailable:   23592944 kB\n")
	if v, ok := meminfoField(data, "MemAvailable"); !ok || v != 23592944*1024 {
		t.Errorf("MemAvailable = %d, %v", v, ok)
	}
	if _, ok := meminfoField(data, "SwapFree"); ok {
		t.Error("found a missing field")
	}
	if _, ok := meminfoField([]byte("MemAvailable: lots kB\n"), "MemAvailable"); ok {
		t.Error("parsed a bad number")
	}
	if avail, ok := systemAvailableMemory(); ok && avail == 0 {
		t.Error("this machine reports 0 bytes available")
	}
}

func TestHumanBytes(t *testing.T) {
	for n, want := range map[uint64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 40000400000: "37.3 GiB", 1 << 62: "4.0 EiB"} {
		if got := humanBytes(n); got != want {
			t.Errorf("humanBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
