package plot

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"
)

// niceTicks marks an axis with about 5 round values (multiples of 1, 2 or
// 5 times a power of ten), all written with the same number of decimals;
// with integer set, only integers are marked (for epochs).
type niceTicks struct {
	integer bool
}

// Ticks implements gplot.Ticker.
func (t niceTicks) Ticks(min, max float64) []gplot.Tick {
	if !(max > min) || math.IsInf(max-min, 0) {
		return gplot.DefaultTicks{}.Ticks(min, max)
	}
	raw := (max - min) / 5
	exp := math.Floor(math.Log10(raw))
	pow := math.Pow(10, exp)
	var step float64
	switch f := raw / pow; {
	case f < 1.5:
		step = pow
	case f < 3:
		step = 2 * pow
	case f < 7:
		step = 5 * pow
	default:
		step = 10 * pow
	}
	if t.integer && step < 1 {
		step = 1
	}
	decimals := 0
	if step < 1 {
		decimals = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	var ticks []gplot.Tick
	for k := math.Ceil(min/step - 1e-9); k*step <= max+step*1e-9; k++ {
		v := k * step
		label := strconv.FormatFloat(v, 'f', decimals, 64)
		if strings.Trim(label, "-0.") == "" {
			label = strings.TrimPrefix(label, "-") // No "-0".
		}
		ticks = append(ticks, gplot.Tick{Value: v, Label: label})
	}
	return ticks
}

// logTicks marks a log axis (min > 0) with a labelled tick at each power of
// ten (every second, third, ... one when there are more than 8) and, over
// at most 6 powers of ten, unlabelled ticks at 2..9 times them; when fewer
// than two powers of ten lie in the range, 2 and 5 times them are labelled
// too, and if that still makes fewer than two labels, the ticks are those of
// a linear axis.
type logTicks struct{}

// Ticks implements gplot.Ticker.
func (logTicks) Ticks(ymin, ymax float64) []gplot.Tick {
	if !(ymin > 0) || !(ymax > ymin) || math.IsInf(ymax, 0) {
		return nil
	}
	lo := int(math.Floor(math.Log10(ymin) + 1e-9))
	hi := int(math.Ceil(math.Log10(ymax) - 1e-9))
	step := max(1, (hi-lo+7)/8)
	in := func(v float64) bool { return v >= ymin*(1-1e-9) && v <= ymax*(1+1e-9) }
	// value returns k×10^e, rounded as its decimal form is.
	value := func(k, e int) float64 {
		v, _ := strconv.ParseFloat(fmt.Sprintf("%de%d", k, e), 64)
		return v
	}
	powers := 0
	for e := lo; e <= hi; e++ {
		if in(value(1, e)) {
			powers++
		}
	}
	var ticks []gplot.Tick
	labels := 0
	for e := lo; e <= hi; e++ {
		for k := 1; k <= 9; k++ {
			v := value(k, e)
			if !in(v) || k > 1 && hi-lo > 6 {
				continue
			}
			t := gplot.Tick{Value: v}
			if k == 1 && ((e%step)+step)%step == 0 || powers < 2 && (k == 2 || k == 5) {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
				labels++
			}
			ticks = append(ticks, t)
		}
	}
	if labels < 2 {
		ticks = ticks[:0]
		for _, t := range (niceTicks{}).Ticks(ymin, ymax) {
			if t.Value > 0 {
				ticks = append(ticks, t)
			}
		}
	}
	return ticks
}
