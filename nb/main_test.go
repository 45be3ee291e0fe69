package nb

import (
	"fmt"
	"os"
	"testing"

	"github.com/dlgo/hello/mlp"
)

// cellEnv makes the test binary run one of cellPrograms instead of the tests: a notebook cell's
// program, for the tests that need a real process (an exit status, a signal).
const cellEnv = "NB_TEST_CELL"

// cellPrograms are the cells the tests run as programs of their own.
var cellPrograms = map[string]func(){
	"typo":      typoCell,
	"interrupt": interruptCell,
}

func TestMain(m *testing.M) {
	if name := os.Getenv(cellEnv); name != "" {
		cell, ok := cellPrograms[name]
		if !ok {
			fmt.Fprintf(os.Stderr, "no cell program %q\n", name)
			os.Exit(3)
		}
		mlp.SetBackendNotice(nil)
		cell()
		os.Exit(0)
	}
	mlp.SetBackendNotice(nil)
	if _, err := mlp.UseBackend("go"); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}
