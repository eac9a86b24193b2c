"""The book's algorithm: backpropagation one sample at a time (Nielsen, ``network.py``), in float64.

The reference that ``lecturekit.network`` is measured against, for speed
(``bench_network.py`` times both) and for correctness (``tests/test_network.py``
checks that one epoch of each gives the same parameters).  It follows the
book's code: column vectors, a Python loop over the samples of a mini-batch,
the gradients summed over the mini-batch by hand.  Only the random numbers
come from numpy's generator (``np.random.default_rng``) instead of
``np.random.randn``.
"""
from __future__ import annotations

import random

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    """Derivative of the sigmoid function."""
    return sigmoid(z) * (1 - sigmoid(z))


class BookNetwork:
    """The book's network: sigmoid units, the quadratic cost, plain SGD; column vectors, one sample at a time.

    ``weights[l]`` has shape (sizes[l + 1], sizes[l]) and ``biases[l]`` shape
    (sizes[l + 1], 1), both drawn from N(0, 1), as the book starts.
    """

    def __init__(self, sizes, seed=0):
        rng = np.random.default_rng(seed)
        self.num_layers = len(sizes)
        self.sizes = sizes
        self.biases = [rng.standard_normal((y, 1)) for y in sizes[1:]]
        self.weights = [rng.standard_normal((y, x)) for x, y in zip(sizes[:-1], sizes[1:])]
        self.random = random.Random(seed)

    def feedforward(self, a):
        """The output of the network for the input column ``a`` (or for a matrix whose columns are inputs)."""
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(np.dot(w, a) + b)
        return a

    def sgd_epoch(self, training_data, mini_batch_size, eta, shuffle=True):
        """One epoch of mini-batch SGD over ``training_data``, a list of (x, y) column pairs (shuffled in place)."""
        if shuffle:
            self.random.shuffle(training_data)
        n = len(training_data)
        mini_batches = [training_data[k:k + mini_batch_size] for k in range(0, n, mini_batch_size)]
        for mini_batch in mini_batches:
            self.update_mini_batch(mini_batch, eta)

    def update_mini_batch(self, mini_batch, eta):
        """One gradient-descent step on the mini-batch, a list of (x, y) column pairs."""
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        self.weights = [w - (eta / len(mini_batch)) * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - (eta / len(mini_batch)) * nb for b, nb in zip(self.biases, nabla_b)]

    def backprop(self, x, y):
        """``(nabla_b, nabla_w)``, the gradient of the cost of the one sample (x, y), layer by layer."""
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        # feedforward
        activation = x
        activations = [x]  # all the activations, layer by layer
        zs = []  # all the z vectors, layer by layer
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        # backward pass
        delta = self.cost_derivative(activations[-1], y) * sigmoid_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for l in range(2, self.num_layers):
            z = zs[-l]
            sp = sigmoid_prime(z)
            delta = np.dot(self.weights[-l + 1].transpose(), delta) * sp
            nabla_b[-l] = delta
            nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
        return nabla_b, nabla_w

    def cost_derivative(self, output_activations, y):
        """dC_x/da for the quadratic cost of one sample."""
        return output_activations - y

    def accuracy(self, X, labels):
        """The fraction of the rows of ``X`` whose largest output is their label (all rows at once)."""
        out = self.feedforward(np.asarray(X, dtype=np.float64).T)  # (outputs, n): one column per sample
        return float(np.mean(out.argmax(axis=0) == labels))


def as_columns(X, Y):
    """The book's training data: a list of (x, y) pairs of float64 columns, from the rows of ``X`` and ``Y``."""
    return [(x.reshape(-1, 1).astype(np.float64), y.reshape(-1, 1).astype(np.float64)) for x, y in zip(X, Y)]
