package stats_test

import (
	"fmt"

	"github.com/dlgo/hello/internal/stats"
)

func ExampleMedian() {
	seconds := []float64{3, 1, 2, 10}
	fmt.Println(stats.Median(seconds), stats.Median(seconds[:3]), seconds)
	// Output: 2.5 2 [3 1 2 10]
}
