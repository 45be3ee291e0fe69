// Package digit turns pictures of handwritten digits into what the MNIST
// digits look like, so that a model trained on MNIST can read them: a
// drawing on a canvas, a photo or a scan in a PNG or JPEG file.
//
// MNIST's digits are white on black, 28×28 pixels, the digit scaled to fit a
// 20×20 box (keeping its aspect ratio) and centred by its centre of mass.
// [MNIST] does the same to any grey image; [Reader] also runs a trained
// model on the result, and keeps what its hidden layers output
// ([Reading].Hidden):
//
//	model, err := mlp.Load("hello-world.model")
//	if err != nil {
//		return err
//	}
//	reading, err := digit.NewReader(model, 1).ReadFile("seven.png")
//	if err != nil {
//		return err
//	}
//	fmt.Println(reading.Digit, reading.Probabilities[reading.Digit])
package digit
