package mlp

import (
	"fmt"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/tensors"
)

// Matrix is a row-major float32 matrix: Data holds Rows*Cols values. It is one of the input types
// accepted by Fit, Evaluate and Predict.
type Matrix struct {
	Data       []float32
	Rows, Cols int
}

// row returns row i, sharing memory with the matrix.
func (x Matrix) row(i int) []float32 { return x.Data[i*x.Cols : (i+1)*x.Cols] }

// toMatrix converts the accepted input types to a Matrix of float32 (copying when needed):
//   - Matrix;
//   - *tensors.Tensor of any numeric dtype, shaped [n, width] or [n] (one column);
//   - [][]float32 or [][]float64 (rows of equal width);
//   - []float32, []float64, []int, []int32, []uint8: one value per example (e.g. class ids).
func toMatrix(what string, v any) (Matrix, error) {
	switch x := v.(type) {
	case Matrix:
		if x.Rows < 0 || x.Cols < 0 || len(x.Data) != x.Rows*x.Cols {
			return Matrix{}, fmt.Errorf("mlp: %s: Matrix has %d values, want Rows*Cols = %d*%d", what, len(x.Data), x.Rows, x.Cols)
		}
		return x, nil
	case *Matrix:
		return toMatrix(what, *x)
	case *tensors.Tensor:
		return tensorToMatrix(what, x)
	case [][]float32:
		return rowsToMatrix(what, x)
	case [][]float64:
		return rowsToMatrix(what, x)
	case []float32:
		return Matrix{Data: x, Rows: len(x), Cols: 1}, nil
	case []float64:
		return column(x), nil
	case []int:
		return column(x), nil
	case []int32:
		return column(x), nil
	case []uint8:
		return column(x), nil
	case nil:
		return Matrix{}, fmt.Errorf("mlp: %s is nil", what)
	}
	return Matrix{}, fmt.Errorf("mlp: %s has unsupported type %T; use a *tensors.Tensor, mlp.Matrix, [][]float32 or a slice of labels", what, v)
}

func column[T float64 | int | int32 | int64 | uint8](x []T) Matrix {
	data := make([]float32, len(x))
	for i, v := range x {
		data[i] = float32(v)
	}
	return Matrix{Data: data, Rows: len(x), Cols: 1}
}

func rowsToMatrix[T float32 | float64](what string, rows [][]T) (Matrix, error) {
	if len(rows) == 0 {
		return Matrix{}, fmt.Errorf("mlp: %s has no rows", what)
	}
	cols := len(rows[0])
	data := make([]float32, 0, len(rows)*cols)
	for i, r := range rows {
		if len(r) != cols {
			return Matrix{}, fmt.Errorf("mlp: %s: row %d has %d values, row 0 has %d", what, i, len(r), cols)
		}
		for _, v := range r {
			data = append(data, float32(v))
		}
	}
	return Matrix{Data: data, Rows: len(rows), Cols: cols}, nil
}

func tensorToMatrix(what string, t *tensors.Tensor) (Matrix, error) {
	dims := t.Shape().Dimensions
	var rows, cols int
	switch len(dims) {
	case 1:
		rows, cols = dims[0], 1
	case 2:
		rows, cols = dims[0], dims[1]
	default:
		return Matrix{}, fmt.Errorf("mlp: %s has shape %v; want [examples, features] (flatten images first, e.g. datasets' Flat)", what, dims)
	}
	if t.DType() == dtypes.Float32 {
		// Read in place: copying 60,000 MNIST images would cost 188 MB and a noticeable pause
		// at every Fit. The tensor must not be changed or finalized during the call.
		var data []float32
		err := t.ConstFlatData(func(flat any) { data = flat.([]float32) })
		if err != nil {
			return Matrix{}, fmt.Errorf("mlp: %s: %w", what, err)
		}
		return Matrix{Data: data, Rows: rows, Cols: cols}, nil
	}
	var conv []float32
	err := t.ConstFlatData(func(flat any) {
		switch f := flat.(type) {
		case []float64:
			conv = column(f).Data
		case []int:
			conv = column(f).Data
		case []int32:
			conv = column(f).Data
		case []uint8:
			conv = column(f).Data
		case []int64:
			conv = column(f).Data
		}
	})
	if err != nil {
		return Matrix{}, fmt.Errorf("mlp: %s: %w", what, err)
	}
	if conv == nil {
		return Matrix{}, fmt.Errorf("mlp: %s has dtype %s; use float32, float64 or an integer type", what, t.DType())
	}
	return Matrix{Data: conv, Rows: rows, Cols: cols}, nil
}
