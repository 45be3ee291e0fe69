package main

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/cpu"
)

// PyTorch (Debian's python3-torch) runs its matrix products in OpenBLAS, which picks a set of
// kernels (a "core") for the CPU when it loads. On a virtual machine whose CPUID hides the CPU
// model it may pick generic ones (Prescott, SSE3) on a CPU with AVX-512, about 3.5x slower than
// its AVX-512 kernels for the seed's model; some machines also set OPENBLAS_CORETYPE=Haswell for
// every process. The benchmark therefore asks OpenBLAS for each kernel set the CPU can run, in
// the PyTorch process's own environment only, and reports the kernels OpenBLAS actually used.
const (
	coreTypeEnv = "OPENBLAS_CORETYPE" // the kernels OpenBLAS uses instead of its autodetection
	l2SizeEnv   = "OPENBLAS_L2_SIZE"  // goes with a pinned OPENBLAS_CORETYPE on some machines
	verboseEnv  = "OPENBLAS_VERBOSE"  // 2: OpenBLAS prints "Core: NAME" on stderr when it loads
)

// cpuFeatures is what decides which of OpenBLAS's x86-64 kernel sets a CPU can run.
type cpuFeatures struct {
	amd        bool // AMD or Hygon: OpenBLAS has Zen kernels for them
	avx2FMA    bool // AVX2 and FMA, with the OS saving YMM registers: Haswell kernels
	avx512     bool // AVX-512 F, CD, BW, DQ and VL, with the OS saving ZMM registers: SkylakeX kernels
	avx512BF16 bool // and AVX512_BF16: Cooperlake kernels
	amxBF16    bool // and AMX-BF16: SapphireRapids kernels
}

// detectCPU reads this CPU's features (golang.org/x/sys/cpu) and vendor (/proc/cpuinfo).
func detectCPU() cpuFeatures {
	x := cpu.X86
	avx512 := x.HasAVX512F && x.HasAVX512CD && x.HasAVX512BW && x.HasAVX512DQ && x.HasAVX512VL
	vendor := cpuInfo("vendor_id")
	return cpuFeatures{
		amd:        vendor == "AuthenticAMD" || vendor == "HygonGenuine",
		avx2FMA:    x.HasAVX2 && x.HasFMA,
		avx512:     avx512,
		avx512BF16: avx512 && x.HasAVX512BF16,
		amxBF16:    avx512 && x.HasAVX512BF16 && x.HasAMXTile && x.HasAMXBF16,
	}
}

// kernelsFor returns the OPENBLAS_CORETYPE values worth trying on a CPU with features f, beside
// OpenBLAS's own choice: each kernel set the CPU can run from Haswell (AVX2) up. A value that an
// older OpenBLAS does not know (0.3.21 cannot be forced to Cooperlake or SapphireRapids) makes it
// fall back to the best kernels it has for the CPU's features; the row then reports those.
func kernelsFor(f cpuFeatures) []string {
	var ks []string
	if f.avx2FMA {
		ks = append(ks, "Haswell")
		if f.amd {
			ks = append(ks, "Zen")
		}
	}
	if f.avx512 {
		ks = append(ks, "SkylakeX")
	}
	if f.avx512BF16 {
		ks = append(ks, "Cooperlake")
	}
	if f.amxBF16 {
		ks = append(ks, "SapphireRapids")
	}
	return ks
}

// parseKernels reads the -kernels flag: "auto" (the kernels this CPU can run), "" or "none" (only
// OpenBLAS's own choice), or OPENBLAS_CORETYPE values separated by commas.
func parseKernels(s string, f cpuFeatures) ([]string, error) {
	switch strings.TrimSpace(s) {
	case "auto":
		return kernelsFor(f), nil
	case "", "none":
		return nil, nil
	}
	var ks []string
	for k := range strings.SplitSeq(s, ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		if strings.ContainsFunc(k, func(r rune) bool {
			return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_')
		}) {
			return nil, fmt.Errorf("-kernels %q: want auto, none, or OpenBLAS core names separated by commas, e.g. Haswell,SkylakeX", s)
		}
		ks = append(ks, k)
	}
	return ks, nil
}

// parseCoreLine reads the line OpenBLAS prints on stderr when it loads with OPENBLAS_VERBOSE=2,
// "Core: SkylakeX", and returns the kernel name. "Core not found: X" (an OPENBLAS_CORETYPE it does
// not know) is not that line.
func parseCoreLine(line string) (string, bool) {
	name, ok := strings.CutPrefix(strings.TrimSpace(line), "Core: ")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return "", false
	}
	return name, true
}

// cpuInfo returns the first value of key in /proc/cpuinfo, or "".
func cpuInfo(key string) string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
