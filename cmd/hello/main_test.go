package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dlgo/hello/mlp"
)

func TestMain(m *testing.M) {
	mlp.SetBackendNotice(nil)
	if _, err := mlp.UseBackend("go"); err != nil {
		panic(err)
	}
	m.Run()
}

// TestHelloPrintsWhatTheSeedPrints runs the seed's program on the first 2,000 training images
// for 2 epochs and checks the Keras-style log and the final two lines.
func TestHelloPrintsWhatTheSeedPrints(t *testing.T) {
	var out bytes.Buffer
	save := filepath.Join(t.TempDir(), "hello.model")
	c := config{epochs: 2, batch: 100, activation: "sigmoid", lr: 0.1, optimizer: "sgd", loss: "mse",
		seed: 1, save: save, limit: 2000}
	if err := run(&out, c); err != nil {
		t.Fatal(err)
	}
	log := out.String()
	for _, re := range []string{
		`(?m)^Epoch 1/2$`,
		`(?m)^Epoch 2/2$`,
		`(?m)^2000/2000 \[==============================\] - \d+s \d+(us|ms)/step - loss: 0\.\d{4} - acc: 0\.\d{4}$`,
		`(?m)^10000/10000 \[==============================\] - \d+s \d+(us|ms)/step$`,
		`(?m)^Total loss =  0\.\d+$`,
		`(?m)^Accuracy of testing =  0\.\d+$`,
	} {
		if !regexp.MustCompile(re).MatchString(log) {
			t.Errorf("output lacks %s:\n%s", re, log)
		}
	}
	if _, err := mlp.Load(save); err != nil {
		t.Errorf("saved model: %v", err)
	}
}

func TestHelloRejectsBadSettings(t *testing.T) {
	for _, c := range []struct {
		cfg  config
		want string
	}{
		{config{epochs: 1, batch: 100, activation: "sigmoidd", optimizer: "sgd", loss: "mse", limit: 100}, "unknown activation"},
		{config{epochs: 1, batch: 100, activation: "relu", optimizer: "sgdd", loss: "mse", limit: 100}, "unknown optimizer"},
		{config{epochs: 1, batch: 100, activation: "relu", optimizer: "adam", loss: "hinge", limit: 100}, "unknown loss"},
		{config{epochs: 1, batch: 0, activation: "relu", optimizer: "adam", loss: "mse", limit: 100}, "BatchSize(0)"},
	} {
		var out bytes.Buffer
		err := run(&out, c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.cfg, err, c.want)
		}
	}
}
