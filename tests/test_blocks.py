"""lecturekit.blocks: LeNet-5's table and the building blocks of a model, counted."""
from lecturekit import blocks
from lecturekit.blocks import BLOCKS, block_table, count_blocks, layer_table, lenet5_layers


def test_lenet5_has_the_papers_sizes_and_60000_parameters():
    layers = {layer.name: layer for layer in lenet5_layers()}
    assert [(layers[n].size, layers[n].maps) for n in ("C1", "S2", "C3", "S4", "C5")] == [
        (28, 6), (14, 6), (10, 16), (5, 16), (1, 120)]
    assert layers["C1"].parameters == 156 and layers["C3"].parameters == 1516 and layers["F6"].parameters == 10164
    assert sum(layer.parameters for layer in layers.values()) == 60_000
    assert len(blocks.LENET5_C3_INPUTS) == 16


def test_layer_table_has_a_row_per_layer_and_the_total():
    text = layer_table(lenet5_layers()).splitlines()
    assert len(text) == 1 + 8 + 1
    assert text[0].split() == ["layer", "what", "output", "parameters"]
    assert "C3" in text[4] and "10x10x16" in text[4] and text[4].endswith("1,516")
    assert text[-1].startswith("trainable parameters") and text[-1].endswith("60,000")


def relu():
    """Stands in for keras.activations.relu (only its __name__ counts)."""


def softmax():
    """Stands in for keras.activations.softmax."""


def linear():
    """An activation that is no block."""


def layer(kind, activation=None):
    obj = type(kind, (), {})()
    if activation is not None:
        obj.activation = activation
    return obj


class Net:
    def __init__(self, *layers):
        self.layers = list(layers)


def test_count_blocks_counts_layers_and_their_activations():
    net = Net(layer("InputLayer"), layer("Conv2D", relu), layer("MaxPooling2D"), layer("Conv2D", linear),
              layer("Flatten"), layer("Dense", relu), layer("Dense", softmax))
    counts = count_blocks(net)
    assert set(counts) == set(BLOCKS.values())
    assert counts["convolution"] == 2 and counts["pooling"] == 1 and counts["nonlinearity (ReLU)"] == 2
    assert counts["dense"] == 2 and counts["softmax"] == 1 and counts["flatten"] == 1
    assert counts["concatenation"] == counts["normalization"] == 0


def test_block_table_sets_models_side_by_side():
    small, big = Net(layer("Conv2D", relu)), Net(layer("Conv2D", relu), layer("Conv2D", relu), layer("Concatenate"))
    lines = block_table({"small": small, "big one": big}).splitlines()
    assert lines[0].split() == ["block", "small", "big", "one"]
    assert len(lines) == 1 + len(set(BLOCKS.values()))
    row = next(line for line in lines if line.startswith("convolution "))
    assert row.split()[-2:] == ["1", "2"]
    row = next(line for line in lines if line.startswith("concatenation"))
    assert row.split()[-2:] == ["0", "1"]
