package nb

import (
	_ "embed" // the training panel's page parts
	"encoding/json"
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/dlgo/hello/mlp"
)

// The training panel's page parts: HTML, CSS and JavaScript, kept in files of their own and
// put together by panelHTML.
var (
	//go:embed runs/panel.html
	panelTemplate string
	//go:embed runs/panel.css
	panelCSS string
	//go:embed runs/panel.js
	panelJS string
)

// panelHTML returns the training panel's HTML, its element's id being id, showing s first; its
// page sends its messages to address.
func panelHTML(id, address string, s PanelSettings) string {
	idJSON, _ := json.Marshal(id)
	addressJSON, _ := json.Marshal(address)
	var activations strings.Builder
	for _, a := range panelActivations() {
		fmt.Fprintf(&activations, `<option value="%s"%s>%s</option>`, html.EscapeString(a), selected(a == s.Activation),
			html.EscapeString(a))
	}
	steps := -panelLRMinExp * panelLRPerDecade
	step := int(math.Round((math.Log10(s.LearningRate) - panelLRMinExp) * panelLRPerDecade))
	return strings.NewReplacer(
		"{{ID}}", html.EscapeString(id),
		"{{ID_JSON}}", string(idJSON),
		"{{ADDRESS_JSON}}", string(addressJSON),
		"{{ACTIVATIONS}}", activations.String(),
		"{{SGD}}", selected(s.Optimizer == "sgd"),
		"{{ADAM}}", selected(s.Optimizer == "adam"),
		"{{RAW}}", selected(!s.Scaled),
		"{{SCALED}}", selected(s.Scaled),
		"{{LR_STEPS}}", fmt.Sprint(steps),
		"{{LR_STEP}}", fmt.Sprint(min(max(step, 0), steps)),
		"{{LR_MIN_EXP}}", fmt.Sprint(panelLRMinExp),
		"{{LR_PER_DECADE}}", fmt.Sprint(panelLRPerDecade),
		"{{MAX_EPOCHS}}", fmt.Sprint(panelMaxEpochs),
		"{{EPOCHS}}", fmt.Sprint(s.Epochs),
		"{{CSS}}", panelCSS,
		"{{JS}}", handshakeJS+panelJS,
	).Replace(panelTemplate)
}

func selected(yes bool) string {
	if yes {
		return " selected"
	}
	return ""
}

// panelActivations returns the activations the panel offers: every name mlp accepts.
func panelActivations() []string { return mlp.Activations() }
