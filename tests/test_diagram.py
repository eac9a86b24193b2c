"""lecturekit.diagram: the neuron and network drawings."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lecturekit import diagram  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts]


def test_neuron_shows_weights_bias_and_activation():
    ax = diagram.draw_neuron(weights=[-2, -2], bias=3, activation="step")
    labels = texts(ax)
    assert labels.count("-2") == 2 and "step" in labels and any("3" in t for t in labels)
    assert sum(isinstance(p, matplotlib.patches.Circle) for p in ax.patches) == 3  # 2 inputs + sum


def test_network_labels_every_edge_with_its_weight():
    W1 = np.arange(6.0).reshape(3, 2)
    W2 = np.array([[0.5, -0.5, 1.5]])
    ax = diagram.draw_network([2, 3, 1], weights=[W1, W2], fmt="{:.1f}")
    labels = texts(ax)
    assert len(ax.lines) == 2 * 3 + 3 * 1
    for w in [*W1.ravel(), *W2.ravel()]:
        assert f"{w:.1f}" in labels


def test_network_nan_weight_hides_the_edge():
    W = np.array([[1.0, np.nan]])
    ax = diagram.draw_network([2, 1], weights=[W])
    assert len(ax.lines) == 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(sizes=[3]), "at least two layers"),
        (dict(sizes=[2, 0]), "at least two layers"),
        (dict(sizes=[2, 3], weights=[np.zeros((2, 3))]), r"weights\[0\] must have shape \(3, 2\)"),
        (dict(sizes=[2, 3], weights=[]), "must hold 1 matrices"),
        (dict(sizes=[1, 1], node_labels=[["a"], ["b", "c"]]), "one label per node"),
    ],
)
def test_network_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        diagram.draw_network(**kwargs)


def test_neuron_errors():
    with pytest.raises(ValueError, match="at least one input"):
        diagram.draw_neuron(weights=[])
    with pytest.raises(ValueError, match="inputs has 1 labels but weights has 2"):
        diagram.draw_neuron(weights=[1, 2], inputs=["a"])
