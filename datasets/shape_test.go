package datasets

import (
	"slices"
	"testing"
)

func TestShapeStringLikeNumpy(t *testing.T) {
	for _, c := range []struct {
		dims []int
		want string
	}{
		{[]int{60000, 28, 28}, "(60000, 28, 28)"},
		{[]int{10000, 784}, "(10000, 784)"},
		{[]int{60000}, "(60000,)"},
		{nil, "()"},
	} {
		if got := ShapeString(c.dims...); got != c.want {
			t.Errorf("ShapeString(%v) = %q, want %q", c.dims, got, c.want)
		}
	}
}

func TestClassIDs(t *testing.T) {
	s := &Set{Labels: []uint8{5, 0, 9}, Count: 3}
	if got := s.ClassIDs(); !slices.Equal(got, []int{5, 0, 9}) {
		t.Errorf("ClassIDs = %v", got)
	}
}
