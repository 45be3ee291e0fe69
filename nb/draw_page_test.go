package nb

import (
	"strings"
	"testing"
)

func TestBoardHTML(t *testing.T) {
	h := boardHTML("nb_draw_7", "/nb_draw/7")
	for _, want := range []string{`id="nb_draw_7"`, `nbDrawBoard(document.getElementById("nb_draw_7"), "/nb_draw/7", 20)`,
		`width="280" height="280"`, ".nbdraw-canvas {", "function nbDrawBoard("} {
		if !strings.Contains(h, want) {
			t.Errorf("the board's HTML lacks %q", want)
		}
	}
	if strings.Contains(h, "{{") || strings.Contains(h, `class="label"`) {
		t.Errorf("the board's HTML has a placeholder left or Bootstrap's label class")
	}
}
