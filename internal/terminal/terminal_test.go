package terminal

import (
	"bytes"
	"io"
	"os"
	"testing"
)

func TestIs(t *testing.T) {
	f, err := os.Create(t.TempDir() + "/out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, w := range map[string]io.Writer{"a regular file": f, "a buffer": &bytes.Buffer{}, "nil": nil} {
		if Is(w) {
			t.Errorf("Is(%s) = true, want false", name)
		}
	}
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		t.Logf("no controlling terminal (%v): the true case is not checked", err)
		return
	}
	defer tty.Close()
	if !Is(tty) {
		t.Error("Is(/dev/tty) = false, want true")
	}
}
