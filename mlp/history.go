package mlp

// History records the per-epoch results of Fit, as Keras's History.history.
type History struct {
	// Epochs counts 1..n.
	Epochs []int `json:"epochs"`
	// Loss and Accuracy are the training averages over each epoch's batches.
	Loss     []float64 `json:"loss"`
	Accuracy []float64 `json:"accuracy,omitempty"`
	// ValLoss and ValAccuracy are measured on the validation data at the end of each epoch.
	ValLoss     []float64 `json:"val_loss,omitempty"`
	ValAccuracy []float64 `json:"val_accuracy,omitempty"`
	// Seconds is each epoch's wall time.
	Seconds []float64 `json:"seconds"`
}

// Last returns the last epoch's values by Keras name ("loss", "accuracy", "val_loss",
// "val_accuracy"); empty when nothing was recorded.
func (h *History) Last() Logs {
	logs := Logs{}
	for name, v := range map[string][]float64{"loss": h.Loss, "accuracy": h.Accuracy,
		"val_loss": h.ValLoss, "val_accuracy": h.ValAccuracy} {
		if len(v) > 0 {
			logs[name] = v[len(v)-1]
		}
	}
	return logs
}

// History returns the model's training history across all Fit calls (kept by Save and Load), or
// nil before training.
func (m *Model) History() *History { return m.history }

// append adds one epoch.
func (h *History) append(epoch int, logs Logs, seconds float64) {
	h.Epochs = append(h.Epochs, epoch)
	h.Seconds = append(h.Seconds, seconds)
	h.Loss = append(h.Loss, logs["loss"])
	if v, ok := logs["accuracy"]; ok {
		h.Accuracy = append(h.Accuracy, v)
	}
	if v, ok := logs["val_loss"]; ok {
		h.ValLoss = append(h.ValLoss, v)
	}
	if v, ok := logs["val_accuracy"]; ok {
		h.ValAccuracy = append(h.ValAccuracy, v)
	}
}

// Logs holds named values passed to callbacks: "loss", "accuracy", and after an epoch with
// validation data "val_loss", "val_accuracy".
type Logs map[string]float64
