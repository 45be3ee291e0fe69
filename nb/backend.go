package nb

import "github.com/dlgo/hello/mlp"

// In a notebook every cell is a program of its own, and mlp would announce its backend in each
// one that trains; a notebook prints it once, in its first cell (mlp.MustBackend).
func init() {
	if front.notebook() {
		mlp.SetBackendNotice(nil)
	}
}
