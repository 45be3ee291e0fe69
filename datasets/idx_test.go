package datasets

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

func TestParseIDXReadsValidFiles(t *testing.T) {
	tests := []struct {
		name string
		file []byte
		want IDX
	}{
		{"uint8 matrix", encodeIDX(IDXUint8, []int{2, 3}, []byte{1, 2, 3, 4, 5, 6}),
			IDX{Type: IDXUint8, Dims: []int{2, 3}, Data: []byte{1, 2, 3, 4, 5, 6}}},
		{"int32 vector", encodeIDX(IDXInt32, []int{2}, []byte{0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff}),
			IDX{Type: IDXInt32, Dims: []int{2}, Data: []byte{0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff}}},
		{"float64 scalar", encodeIDX(IDXFloat64, nil, make([]byte, 8)),
			IDX{Type: IDXFloat64, Dims: []int{}, Data: make([]byte, 8)}},
		{"empty with a zero dimension", encodeIDX(IDXUint8, []int{0, 28, 28}, nil),
			IDX{Type: IDXUint8, Dims: []int{0, 28, 28}, Data: []byte{}}},
		{"huge dimension after a zero one", encodeIDX(IDXInt16, []int{0, 1 << 31}, nil),
			IDX{Type: IDXInt16, Dims: []int{0, 1 << 31}, Data: []byte{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Once from memory, once from a reader that returns a byte at a time.
			readers := map[string]io.Reader{
				"memory":   bytes.NewReader(tt.file),
				"one byte": iotest.OneByteReader(bytes.NewReader(tt.file)),
			}
			for how, r := range readers {
				got, err := ParseIDX("x.idx", r)
				if err != nil {
					t.Fatalf("%s: ParseIDX: %v", how, err)
				}
				if got.Type != tt.want.Type || !reflect.DeepEqual(got.Dims, tt.want.Dims) || !bytes.Equal(got.Data, tt.want.Data) {
					t.Errorf("%s: ParseIDX = %+v, want %+v", how, got, tt.want)
				}
			}
		})
	}
}

func TestParseIDXRejectsBadFiles(t *testing.T) {
	tests := []struct {
		name string
		file []byte
		want string // in the error, after the file name
	}{
		{"empty file", nil, "truncated IDX header"},
		{"short header", []byte{0, 0, 8}, "truncated IDX header"},
		{"wrong magic", []byte{0x1f, 0x8b, 8, 1, 0, 0, 0, 0}, "not an IDX file"},
		{"second magic byte", []byte{0, 1, 8, 1, 0, 0, 0, 0}, "not an IDX file"},
		{"unknown element type", []byte{0, 0, 0x0A, 1, 0, 0, 0, 0}, "unknown IDX element type 0x0a"},
		{"missing dimensions", []byte{0, 0, 8, 3, 0, 0, 0, 1}, "file ends before the 3 dimensions"},
		{"truncated data", encodeIDX(IDXUint8, []int{2, 3}, []byte{1, 2, 3, 4, 5}), "truncated IDX data: dimensions [2 3] need 6 bytes, file has 5"},
		{"truncated wide data", encodeIDX(IDXFloat32, []int{2}, []byte{1, 2, 3, 4}), "need 8 bytes, file has 4"},
		{"truncated, many dimensions", encodeIDX(IDXUint8, []int{1, 1, 1, 1, 1, 1, 1, 1, 2, 3}, nil), "dimensions [1 1 1 1 ... 2 3] (10 dimensions) need 6 bytes, file has 0"},
		{"data longer than dimensions", encodeIDX(IDXUint8, []int{2}, []byte{1, 2, 3}), "IDX data longer than dimensions [2] say"},
		{"absurd size", encodeIDX(IDXUint8, []int{60000, 60000, 60000}, nil), "refusing to allocate"},
		{"absurd element size", encodeIDX(IDXFloat64, []int{1 << 28}, nil), "refusing to allocate"},
		{"size overflowing int", encodeIDX(IDXUint8, []int{1 << 31, 1 << 31, 1 << 31, 1 << 31}, nil), "refusing to allocate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseIDX("bad.idx", bytes.NewReader(tt.file))
			if err == nil {
				t.Fatal("ParseIDX succeeded, want an error")
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "datasets: bad.idx: ") || !strings.Contains(msg, tt.want) {
				t.Errorf("ParseIDX error = %q, want it to name bad.idx and say %q", msg, tt.want)
			}
		})
	}
}

func TestParseIDXReportsReadErrors(t *testing.T) {
	boom := errors.New("boom")
	file := encodeIDX(IDXUint8, []int{4}, []byte{1, 2, 3, 4})
	for _, cut := range []int{2, 6, 10} {
		r := iotest.DataErrReader(&failAfter{data: file[:cut], err: boom})
		_, err := ParseIDX("f", r)
		if !errors.Is(err, boom) {
			t.Errorf("after %d bytes: ParseIDX error = %v, want it to wrap %v", cut, err, boom)
		}
	}
}

// failAfter returns data, then err.
type failAfter struct {
	data []byte
	err  error
}

func (f *failAfter) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestIDXElementSizeKnowsEveryType(t *testing.T) {
	want := map[byte]int{IDXUint8: 1, IDXInt8: 1, IDXInt16: 2, IDXInt32: 4, IDXFloat32: 4, IDXFloat64: 8, 0x00: 0, 0x0A: 0, 0xFF: 0}
	for typ, size := range want {
		if got := IDXElementSize(typ); got != size {
			t.Errorf("IDXElementSize(%#02x) = %d, want %d", typ, got, size)
		}
	}
}

// FuzzParseIDX checks that ParseIDX never panics and that what it accepts is
// consistent: data exactly as long as the dimensions say.
func FuzzParseIDX(f *testing.F) {
	f.Add(encodeIDX(IDXUint8, []int{2, 2}, []byte{1, 2, 3, 4}))
	f.Add(encodeIDX(IDXInt32, []int{1}, []byte{0, 0, 0, 7}))
	f.Fuzz(func(t *testing.T, file []byte) {
		x, err := ParseIDX("fuzz", bytes.NewReader(file))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "datasets: fuzz: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if want := x.Len() * IDXElementSize(x.Type); len(x.Data) != want {
			t.Fatalf("accepted %d data bytes for dims %v of type %#02x, want %d", len(x.Data), x.Dims, x.Type, want)
		}
		if len(file) != 4+4*len(x.Dims)+len(x.Data) {
			t.Fatalf("accepted %d bytes of file as %d bytes of header and data", len(file), 4+4*len(x.Dims)+len(x.Data))
		}
	})
}
