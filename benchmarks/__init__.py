"""Programs that measure lecturekit: speed against the book's loop and Keras, full-MNIST accuracy."""
