package nb

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"testing"

	"github.com/dlgo/hello/digit"
)

func TestShowReading(t *testing.T) {
	r := inNotebook(t)
	reading, err := digit.NewReader(insideModel(t, 1), 1.0/255).ReadMNIST(make([]uint8, digit.Size*digit.Size))
	if err != nil {
		t.Fatal(err)
	}
	if err := ShowReading(reading, nil); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(r.events) != "[png sync]" {
		t.Errorf("events %.200q, want one PNG figure and a sync", r.events)
	}
	// The figure follows the digit through the network: it is wider by a heat map per hidden layer.
	noHidden := reading
	noHidden.Hidden = nil
	if len(reading.Hidden) == 0 {
		t.Fatal("the test reader's model has no hidden layers")
	}
	widths := make([]int, 2)
	for i, rd := range []digit.Reading{noHidden, reading} {
		r.events = nil
		if err := ShowReading(rd, nil); err != nil {
			t.Fatal(err)
		}
		widths[i], _ = decodePNG(t, r.shown, nil)
	}
	heat, err := layerHeatMap(reading.Hidden[0])
	if w, _ := decodePNG(t, heat, err); widths[1] < widths[0]+len(reading.Hidden)*w {
		t.Errorf("figure %d px wide with %d hidden layers, %d without: want a heat map more per layer", widths[1], len(reading.Hidden), widths[0])
	}
	if err := ShowReading(digit.Reading{}, nil); err == nil {
		t.Errorf("an empty reading: no error")
	}
	if err := ShowReading(digit.Reading{}, os.ErrNotExist); err != os.ErrNotExist {
		t.Errorf("ShowReading(_, err) returned %v, want err", err)
	}
}

func TestBesideEachOther(t *testing.T) {
	a := image.NewGray(image.Rect(0, 0, 30, 10))
	b := image.NewGray(image.Rect(0, 0, 20, 40))
	var pa, pb bytes.Buffer
	if err := png.Encode(&pa, a); err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(&pb, b); err != nil {
		t.Fatal(err)
	}
	data, err := besideEachOther(pa.Bytes(), pb.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Size(); got != image.Pt(50, 40) {
		t.Errorf("size %v, want 50x40", got)
	}
	// a is black, centred vertically: rows 15 to 24 of the first 30 columns; white above it.
	if r, _, _, _ := img.At(5, 20).RGBA(); r != 0 {
		t.Errorf("pixel (5, 20) is not a's black")
	}
	if r, _, _, _ := img.At(5, 2).RGBA(); r != 0xffff {
		t.Errorf("pixel (5, 2) is not the white background")
	}
	if _, err := besideEachOther([]byte("not a PNG")); err == nil {
		t.Errorf("not a PNG: no error")
	}
}
