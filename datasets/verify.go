package datasets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
)

// checksumError reports a file whose SHA-256 is not the pinned one.
type checksumError struct {
	path, want, got string
	hint            string // what to do about it
}

// Error implements error.
func (e *checksumError) Error() string {
	return fmt.Sprintf("datasets: %s: checksum mismatch: want %s, got %s; %s", e.path, e.want, e.got, e.hint)
}

// sha256Hex returns the hex SHA-256 of data.
func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// verified checks data, the content of the file at path, against the pinned
// hashes of f and returns a reader of the uncompressed IDX content.
//
// A compressed file is accepted when its own hash is the pinned one or, if a
// hash of the uncompressed file is pinned, when its content has that hash
// (the same data compressed by another tool). An uncompressed file is
// accepted only when a hash of the uncompressed file is pinned and matches.
// hint goes at the end of a checksum mismatch error.
func verified(f fileSpec, path string, data []byte, compressed bool, hint string) (io.Reader, error) {
	got := sha256Hex(data)
	if !compressed {
		if f.raw == "" {
			return nil, fmt.Errorf("datasets: %s: no checksum is pinned for the uncompressed file; use the canonical %s instead", path, f.gzName())
		}
		if got != f.raw {
			return nil, &checksumError{path: path, want: f.raw, got: got, hint: hint}
		}
		return bytes.NewReader(data), nil
	}
	if got == f.gz {
		return gzip.NewReader(bytes.NewReader(data))
	}
	if f.raw != "" {
		if content, err := gunzip(data); err == nil && sha256Hex(content) == f.raw {
			return bytes.NewReader(content), nil
		}
	}
	return nil, &checksumError{path: path, want: f.gz, got: got, hint: hint}
}

// gunzip decompresses data, refusing output larger than an IDX file may be.
func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	content, err := io.ReadAll(io.LimitReader(zr, MaxIDXBytes+1024+1))
	if err != nil {
		return nil, err
	}
	if len(content) > MaxIDXBytes+1024 {
		return nil, fmt.Errorf("decompressed size exceeds %d bytes", MaxIDXBytes+1024)
	}
	return content, nil
}
