package datasets

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
)

// IDX element types, as stored in the third byte of an IDX header.
const (
	IDXUint8   byte = 0x08
	IDXInt8    byte = 0x09
	IDXInt16   byte = 0x0B
	IDXInt32   byte = 0x0C
	IDXFloat32 byte = 0x0D
	IDXFloat64 byte = 0x0E
)

// MaxIDXBytes is the largest payload ParseIDX accepts. Headers that describe
// more data than this are rejected before anything is allocated; the largest
// MNIST file holds 47,040,000 bytes.
const MaxIDXBytes = 1 << 30

// IDX is the content of one IDX file: the element type, the dimensions and
// the payload, kept as the raw big-endian bytes of the file.
type IDX struct {
	Type byte   // element type, one of the IDX* constants
	Dims []int  // dimensions, outermost first
	Data []byte // len(Data) == product of Dims * element size
}

// IDXElementSize returns the size in bytes of one element of the given IDX
// type, or 0 if the type is unknown.
func IDXElementSize(t byte) int {
	switch t {
	case IDXUint8, IDXInt8:
		return 1
	case IDXInt16:
		return 2
	case IDXInt32, IDXFloat32:
		return 4
	case IDXFloat64:
		return 8
	}
	return 0
}

// Len returns the number of elements, the product of the dimensions.
func (x *IDX) Len() int {
	n := 1
	for _, d := range x.Dims {
		n *= d
	}
	return n
}

// ParseIDX reads one IDX file from r: two zero bytes of magic, the element
// type, the rank, rank big-endian uint32 dimensions and then the payload.
// The payload must be exactly as long as the dimensions say; a header whose
// payload would exceed MaxIDXBytes is rejected without allocating it.
// name identifies the file in errors.
func ParseIDX(name string, r io.Reader) (*IDX, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, idxError(name, "header", err)
	}
	if head[0] != 0 || head[1] != 0 {
		return nil, fmt.Errorf("datasets: %s: not an IDX file: magic starts with %#02x %#02x, want 0x00 0x00", name, head[0], head[1])
	}
	elemSize := IDXElementSize(head[2])
	if elemSize == 0 {
		return nil, fmt.Errorf("datasets: %s: unknown IDX element type %#02x", name, head[2])
	}
	rank := int(head[3])
	rawDims := make([]byte, 4*rank)
	if _, err := io.ReadFull(r, rawDims); err != nil {
		return nil, idxError(name, fmt.Sprintf("%d dimensions", rank), err)
	}
	x := &IDX{Type: head[2], Dims: make([]int, rank)}
	size := elemSize
	for i := range x.Dims {
		d := int(binary.BigEndian.Uint32(rawDims[4*i:]))
		x.Dims[i] = d
		if d != 0 && size > MaxIDXBytes/d {
			return nil, fmt.Errorf("datasets: %s: IDX dimensions %s describe more than %d bytes, refusing to allocate", name, formatDims(x.Dims[:i+1]), MaxIDXBytes)
		}
		size *= d
	}
	data, err := readN(r, size)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("datasets: %s: truncated IDX data: dimensions %s need %d bytes, file has %d", name, formatDims(x.Dims), size, len(data))
	} else if err != nil {
		return nil, fmt.Errorf("datasets: %s: reading IDX data: %w", name, err)
	}
	var extra [1]byte
	switch n, err := io.ReadFull(r, extra[:]); {
	case n > 0:
		return nil, fmt.Errorf("datasets: %s: IDX data longer than dimensions %s say (%d bytes)", name, formatDims(x.Dims), size)
	case err != io.EOF:
		// A gzip stream reports a bad trailer only at its end.
		return nil, fmt.Errorf("datasets: %s: reading IDX data: %w", name, err)
	}
	x.Data = data
	return x, nil
}

// idxError reports a failure to read part of an IDX header.
func idxError(name, part string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("datasets: %s: truncated IDX header: file ends before the %s", name, part)
	}
	return fmt.Errorf("datasets: %s: reading IDX %s: %w", name, part, err)
}

// formatDims formats dimensions for error messages, eliding the middle of
// long lists.
func formatDims(dims []int) string {
	if len(dims) <= 8 {
		return fmt.Sprint(dims)
	}
	head := strings.Trim(fmt.Sprint(dims[:4]), "[]")
	tail := strings.Trim(fmt.Sprint(dims[len(dims)-2:]), "[]")
	return fmt.Sprintf("[%s ... %s] (%d dimensions)", head, tail, len(dims))
}

// readN reads exactly n bytes from r. It grows its buffer as data arrives, so
// a header that lies about the size cannot make it allocate much more than
// the data actually present. On a short read it returns what it got and an
// error.
func readN(r io.Reader, n int) ([]byte, error) {
	capacity := min(n, 64<<10)
	if l, ok := r.(interface{ Len() int }); ok {
		// In-memory readers know their size: allocate it at once.
		capacity = min(n, l.Len())
	}
	buf := make([]byte, 0, capacity)
	for len(buf) < n {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
			buf = buf[:len(buf):min(cap(buf), n)]
		}
		m, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err != nil {
			if err == io.EOF && len(buf) == n {
				break
			}
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return buf, err
		}
	}
	return buf, nil
}
