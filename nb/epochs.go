package nb

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// EpochsVar is the environment variable that cuts the training runs of the notebooks short,
// for quick runs (the project's tests set it).
const EpochsVar = "NOTEBOOK_EPOCHS"

// Epochs returns full, or the number of epochs NOTEBOOK_EPOCHS asks for when that is fewer;
// then it prints a line saying so, so that a shortened run is not mistaken for a full one:
//
//	model.Fit(x, y, mlp.Epochs(nb.Epochs(20)))
//
// A NOTEBOOK_EPOCHS that is not a positive whole number is reported and ignored.
func Epochs(full int) int {
	n, note := epochs(full, os.Getenv(EpochsVar))
	if note != "" {
		fmt.Println(note)
	}
	return n
}

// epochs returns the epochs to train and the note to print, for the value of NOTEBOOK_EPOCHS.
func epochs(full int, env string) (int, string) {
	env = strings.TrimSpace(env)
	if env == "" {
		return full, ""
	}
	n, err := strconv.Atoi(env)
	switch {
	case err != nil || n <= 0:
		return full, fmt.Sprintf("nb: ignoring %s=%q (want a positive whole number): training %d epochs", EpochsVar, env, full)
	case n < full:
		return n, fmt.Sprintf("%s=%d: training %d of %d epochs", EpochsVar, n, n, full)
	}
	return full, ""
}
