package nb

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
)

func TestEpochsAppliesNOTEBOOK_EPOCHS(t *testing.T) {
	tests := []struct {
		env  string
		want int
		note string // a substring of the note, "" for none
	}{
		{"", 20, ""},
		{"2", 2, "NOTEBOOK_EPOCHS=2: training 2 of 20 epochs"},
		{" 5 ", 5, "training 5 of 20"},
		{"20", 20, ""},
		{"200", 20, ""},
		{"0", 20, `ignoring NOTEBOOK_EPOCHS="0"`},
		{"-3", 20, "want a positive whole number"},
		{"two", 20, `ignoring NOTEBOOK_EPOCHS="two"`},
	}
	for _, tt := range tests {
		got, note := epochs(20, tt.env)
		if got != tt.want {
			t.Errorf("epochs(20, %q) = %d, want %d", tt.env, got, tt.want)
		}
		if (tt.note == "") != (note == "") || !strings.Contains(note, tt.note) {
			t.Errorf("epochs(20, %q) note %q, want one containing %q", tt.env, note, tt.note)
		}
	}
}

func TestEpochsPrintsItsNote(t *testing.T) {
	t.Setenv(EpochsVar, "3")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	n := Epochs(20)
	os.Stdout = old
	w.Close()
	var out bytes.Buffer
	if _, err := io.Copy(&out, r); err != nil {
		t.Fatal(err)
	}
	if n != 3 || out.String() != "NOTEBOOK_EPOCHS=3: training 3 of 20 epochs\n" {
		t.Errorf("Epochs(20) = %d, printed %q", n, out.String())
	}
}
