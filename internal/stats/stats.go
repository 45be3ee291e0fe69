// Package stats holds the summary statistics the timing commands (cmd/bench, cmd/devicecheck)
// report.
package stats

import (
	"math"
	"slices"
)

// Median returns the median of v (the mean of the two middle values when len(v) is even), or NaN
// for an empty v. It does not change v.
func Median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
