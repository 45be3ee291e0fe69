package mlp

import "math"

// SaturatedShare returns the share of the values of x below low or above high: for the outputs of a
// sigmoid layer with low = 0.01 and high = 0.99, the units that are saturated, where the sigmoid's
// derivative σ(1−σ) is below 0.0099 and what passes back through them is cut a hundredfold. It
// returns 0 for an empty x.
func SaturatedShare(x Matrix, low, high float32) float64 {
	if len(x.Data) == 0 {
		return 0
	}
	n := 0
	for _, v := range x.Data {
		if v < low || v > high {
			n++
		}
	}
	return float64(n) / float64(len(x.Data))
}

// subnormalSigmoidBelow is where a float32 sigmoid turns subnormal: σ(z) ≈ exp(z) falls below 2⁻¹²⁶,
// the smallest normal float32, for z < −126·ln 2.
const subnormalSigmoidBelow = -87.33655

// SubnormalSigmoidShare returns the share of the pre-activations z (a Dense layer's outputs, see
// LayerOutputs) for which the sigmoid, computed in float32, is a subnormal number: z below about
// −87.3, where σ(z) < 2⁻¹²⁶ ≈ 1.18e-38. CPUs compute with subnormals tens of times more slowly than
// with other numbers, and raw 0…255 pixels make such sums; mlp's sigmoid holds z at −46 or above,
// so its outputs never are (see docs/performance.md), but a plain one is.
func SubnormalSigmoidShare(z Matrix) float64 {
	return SaturatedShare(z, subnormalSigmoidBelow, float32(math.Inf(1)))
}
