package nb

import "github.com/dlgo/hello/mlp"

// In a notebook every cell is a program of its own, and mlp would announce its backend in each
// one that trains; a notebook prints it once, in its first cell (Backend).
func init() {
	if front.notebook() {
		mlp.SetBackendNotice(nil)
	}
}

// Backend returns the line that describes the backend the models run on (mlp.Backend), for a
// notebook's first cell to print; when no backend can be used, it ends the cell as Check does.
func Backend() string {
	_, info, err := mlp.Backend()
	Check(err)
	return info.String()
}
