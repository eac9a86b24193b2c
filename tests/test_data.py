"""lecturekit.data: offline MNIST, verified cache and downloads, corrupt files."""
import gzip
import hashlib
import io
from pathlib import Path

import numpy as np
import pytest

from lecturekit import data

# The offline data beside the checkout: mnist/ holds the 10k test set only, mnist-full/ the complete MNIST
# (re-compressed, so only the sha256 of its decompressed content matches the published files').
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


# ---------------------------------------------------------------------------
# Small synthetic IDX files, so every path can be tested without real data
# ---------------------------------------------------------------------------
def idx_bytes(array, magic=None):
    array = np.asarray(array, dtype=np.uint8)
    magic = magic if magic is not None else (0x801 if array.ndim == 1 else 0x803)
    header = magic.to_bytes(4, "big") + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return gzip.compress(header + array.tobytes(), mtime=0)


def fake_mnist(n_train=30, n_test=20, seed=0):
    rng = np.random.default_rng(seed)
    arrays = {
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, (n_train, 28, 28)),
        "train-labels-idx1-ubyte.gz": np.arange(n_train) % 10,
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (n_test, 28, 28)),
        "t10k-labels-idx1-ubyte.gz": np.arange(n_test) % 10,
    }
    return {name: idx_bytes(a) for name, a in arrays.items()}, arrays


@pytest.fixture
def fake_files(monkeypatch):
    """Synthetic MNIST files whose checksums the loader accepts."""
    blobs, arrays = fake_mnist()
    monkeypatch.setattr(data, "MNIST_FILES", {k: hashlib.sha256(v).hexdigest() for k, v in blobs.items()})
    content = {k: hashlib.sha256(gzip.decompress(v)).hexdigest() for k, v in blobs.items()}
    monkeypatch.setattr(data, "MNIST_CONTENT", content)
    return blobs, arrays


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTUREKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LECTUREKIT_DATA_DIR", raising=False)
    return tmp_path / "cache"


class FakeWeb:
    """Stands in for urllib.request.urlopen: serves blobs, counts requests."""

    def __init__(self, blobs, corrupt=()):
        self.blobs, self.corrupt, self.requests = blobs, set(corrupt), []

    def __call__(self, url, timeout=None):
        name = url.rsplit("/", 1)[-1]
        self.requests.append(url)
        body = self.blobs[name]
        if name in self.corrupt:
            body = body[: len(body) // 2]  # a truncated download
        return io.BytesIO(body)


# ---------------------------------------------------------------------------
# Offline: the real MNIST test set in ../shared/data
# ---------------------------------------------------------------------------
needs_shared = pytest.mark.skipif(
    not (SHARED / "mnist" / "t10k-images-idx3-ubyte.gz").is_file(),
    reason="the offline MNIST test set (../shared/data) is not beside this checkout",
)


@needs_shared
def test_offline_test_set_is_split_deterministically(capsys):
    (x_train, y_train), (x_test, y_test) = data.load_mnist(SHARED)
    message = capsys.readouterr().out
    assert "only the 10k test set" in message and "8000 training and 2000 test" in message
    assert x_train.shape == (8000, 28, 28) and x_test.shape == (2000, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert set(np.unique(y_train)) == set(range(10))
    # stratified: each digit keeps its share of the whole set in both parts
    whole = np.bincount(np.concatenate([y_train, y_test]), minlength=10)
    assert np.all(np.abs(np.bincount(y_test, minlength=10) - whole / 5) <= 1)
    # disjoint parts that together are the whole test set
    rows = {img.tobytes() for img in x_train}
    assert not any(img.tobytes() in rows for img in x_test)
    # same result on every call
    (x2, y2), (x3, y3) = data.load_mnist(SHARED, verbose=False)
    assert np.array_equal(x2, x_train) and np.array_equal(y3, y_test)


@needs_shared
def test_offline_reads_environment_variable_and_never_downloads(monkeypatch, tmp_path):
    monkeypatch.setenv("LECTUREKIT_DATA_DIR", str(SHARED))
    monkeypatch.setenv("LECTUREKIT_CACHE_DIR", str(tmp_path / "cache"))

    def no_download(*args, **kwargs):
        raise AssertionError("offline mode must not download")

    monkeypatch.setattr(data.urllib.request, "urlopen", no_download)
    (x_train, _), (x_test, y_test) = data.load_mnist(verbose=False)
    assert len(x_train) + len(x_test) == 10000
    assert not (tmp_path / "cache").exists()
    assert y_test.max() == 9


needs_full = pytest.mark.skipif(
    not (SHARED / "mnist-full" / "train-images-idx3-ubyte.gz").is_file(),
    reason="the complete offline MNIST (../shared/data/mnist-full) is not beside this checkout",
)


@needs_full
def test_recompressed_full_mnist_is_verified_by_its_content(capsys):
    full = SHARED / "mnist-full"
    # not byte-identical to the published .gz files ...
    assert data.sha256sum(full / "train-images-idx3-ubyte.gz") != data.MNIST_FILES["train-images-idx3-ubyte.gz"]
    # ... but the same MNIST, so it is accepted and returned whole
    (x_train, y_train), (x_test, y_test) = data.load_mnist(full)
    assert capsys.readouterr().out == "MNIST: 60000 training and 10000 test images.\n"
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert np.bincount(y_train).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    if (SHARED / "mnist").is_dir():  # the same test set as the folder holding only the test set
        assert np.array_equal(x_test, data.read_idx(SHARED / "mnist" / "t10k-images-idx3-ubyte.gz", 3))


def test_local_files_are_accepted_compressed_any_way_or_not(fake_files, tmp_path):
    blobs, arrays = fake_files
    for i, (name, blob) in enumerate(blobs.items()):
        raw = gzip.decompress(blob)
        if i % 2:  # uncompressed IDX, named without .gz
            (tmp_path / name.removesuffix(".gz")).write_bytes(raw)
        else:  # re-compressed: other bytes, same content
            (tmp_path / name).write_bytes(gzip.compress(raw, compresslevel=1, mtime=12345))
            assert (tmp_path / name).read_bytes() != blob
    (x_train, y_train), (x_test, y_test) = data.load_mnist(tmp_path, verbose=False)
    assert np.array_equal(x_train, arrays["train-images-idx3-ubyte.gz"])
    assert np.array_equal(y_train, arrays["train-labels-idx1-ubyte.gz"])
    assert np.array_equal(x_test, arrays["t10k-images-idx3-ubyte.gz"])


def test_local_file_with_other_content_is_named(fake_files, tmp_path):
    blobs, _ = fake_files
    for name, blob in blobs.items():
        (tmp_path / name).write_bytes(blob)
    raw = bytearray(gzip.decompress(blobs["train-images-idx3-ubyte.gz"]))
    raw[-1] ^= 0xFF  # one pixel changed: a well-formed IDX file, but not MNIST
    (tmp_path / "train-images-idx3-ubyte.gz").write_bytes(gzip.compress(bytes(raw)))
    with pytest.raises(data.DataError, match=r"train-images-idx3-ubyte.gz is corrupt.*decompressed content.*faithful"):
        data.load_mnist(tmp_path, verbose=False)


def test_the_full_set_reads_the_same_online_and_offline(fake_files, cache, monkeypatch, tmp_path, capsys):
    blobs, _ = fake_files
    monkeypatch.setattr(data.urllib.request, "urlopen", FakeWeb(blobs))
    online = data.load_mnist()
    said_online = capsys.readouterr().out
    for name, blob in blobs.items():
        (tmp_path / name).write_bytes(blob)
    offline = data.load_mnist(tmp_path)
    assert capsys.readouterr().out == said_online  # a stored output does not depend on where the data came from
    for a, b in zip(online, offline):
        assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


# ---------------------------------------------------------------------------
# draw: named, reproducible, stratified parts
# ---------------------------------------------------------------------------
def test_draw_gives_disjoint_stratified_reproducible_parts():
    rng = np.random.default_rng(1)
    y = rng.choice(10, size=5000, p=np.r_[np.full(9, 0.08), 0.28]).astype(np.uint8)
    x = np.arange(len(y))  # each row names its sample
    (xa, ya), (xb, yb) = data.draw(x, y, 1000, 300, seed=3)
    assert len(xa) == 1000 and len(xb) == 300
    assert not set(xa) & set(xb)
    assert np.array_equal(y[xa], ya) and np.array_equal(y[xb], yb)
    share = np.bincount(y, minlength=10) / len(y)
    assert np.all(np.abs(np.bincount(ya, minlength=10) - 1000 * share) <= 1)
    assert np.all(np.abs(np.bincount(yb, minlength=10) - 300 * share) <= 1.5)
    (xa2, _), (xb2, _) = data.draw(x, y, 1000, 300, seed=3)
    assert np.array_equal(xa, xa2) and np.array_equal(xb, xb2)
    (xa3, _), _ = data.draw(x, y, 1000, 300, seed=4)
    assert not np.array_equal(np.sort(xa), np.sort(xa3))


def test_draw_shrinks_parts_that_do_not_fit_and_says_so(capsys):
    y = np.arange(100) % 10
    (xa, _), (xb, _) = data.draw(np.arange(100), y, 120, 30)
    assert (len(xa), len(xb)) == (80, 20)
    assert "only 100 samples available: drawing parts of 80, 20 instead of 120, 30" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, kwargs, error, message",
    [
        ((np.zeros((5, 2)), np.zeros(5), 2), {}, TypeError, "y must be a 1-D array of integer class labels"),
        ((np.zeros((4, 2)), np.zeros(5, int), 2), {}, ValueError, "one row per label"),
        ((np.zeros((5, 2)), np.zeros(5, int)), {}, ValueError, "at least one size"),
        ((np.zeros((5, 2)), np.zeros(5, int), 0), {}, ValueError, "each of sizes must be a positive int"),
        ((np.zeros((5, 2)), np.zeros(5, int), 2), {"seed": -1}, ValueError, "seed must be a non-negative int"),
    ],
)
def test_draw_errors(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        data.draw(*args, **kwargs)


def test_full_set_in_data_dir_is_returned_unsplit(fake_files, tmp_path, capsys):
    blobs, arrays = fake_files
    (tmp_path / "mnist").mkdir()
    for name, blob in blobs.items():
        (tmp_path / "mnist" / name).write_bytes(blob)
    (x_train, y_train), (x_test, y_test) = data.load_mnist(tmp_path)
    assert np.array_equal(x_train, arrays["train-images-idx3-ubyte.gz"])
    assert np.array_equal(y_test, arrays["t10k-labels-idx1-ubyte.gz"])
    assert "30 training and 20 test images" in capsys.readouterr().out


def test_data_dir_without_test_set_names_the_files(tmp_path):
    with pytest.raises(data.DataError, match="t10k-images-idx3-ubyte.gz"):
        data.load_mnist(tmp_path)


def test_data_dir_that_is_not_a_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTUREKIT_DATA_DIR", str(tmp_path / "missing"))
    with pytest.raises(data.DataError, match="LECTUREKIT_DATA_DIR.*not a folder"):
        data.load_mnist()


def test_corrupt_file_in_data_dir_is_reported_with_its_name(fake_files, tmp_path):
    blobs, _ = fake_files
    for name, blob in blobs.items():
        (tmp_path / name).write_bytes(blob)
    bad = tmp_path / "t10k-labels-idx1-ubyte.gz"
    bad.write_bytes(blobs[bad.name][:-5])
    with pytest.raises(data.DataError, match=r"t10k-labels-idx1-ubyte.gz is not a readable gzip file.*replace it"):
        data.load_mnist(tmp_path)


# ---------------------------------------------------------------------------
# Online path (urlopen mocked): cache, checksums, atomic writes
# ---------------------------------------------------------------------------
def test_download_once_then_cache(fake_files, cache, monkeypatch, capsys):
    blobs, arrays = fake_files
    web = FakeWeb(blobs)
    monkeypatch.setattr(data.urllib.request, "urlopen", web)
    (x_train, _), (_, y_test) = data.load_mnist()
    assert len(web.requests) == 4
    assert all(url.startswith(data.MNIST_MIRRORS[0]) for url in web.requests)
    assert np.array_equal(x_train, arrays["train-images-idx3-ubyte.gz"])
    assert sorted(p.name for p in (cache / "mnist").iterdir()) == sorted(blobs)
    data.load_mnist(verbose=False)
    assert len(web.requests) == 4, "a verified cache must not be downloaded again"


def test_corrupt_cache_file_is_fetched_again(fake_files, cache, monkeypatch):
    blobs, arrays = fake_files
    web = FakeWeb(blobs)
    monkeypatch.setattr(data.urllib.request, "urlopen", web)
    data.load_mnist(verbose=False)
    cached = cache / "mnist" / "train-images-idx3-ubyte.gz"
    cached.write_bytes(cached.read_bytes()[:100])  # truncated on disk
    (x_train, _), _ = data.load_mnist(verbose=False)
    assert web.requests[-1].endswith("train-images-idx3-ubyte.gz") and len(web.requests) == 5
    assert np.array_equal(x_train, arrays["train-images-idx3-ubyte.gz"])


def test_truncated_download_leaves_no_file_and_tries_the_next_mirror(fake_files, cache, monkeypatch):
    blobs, _ = fake_files
    web = FakeWeb(blobs, corrupt={"train-labels-idx1-ubyte.gz"})
    monkeypatch.setattr(data.urllib.request, "urlopen", web)
    with pytest.raises(data.DataError, match="could not download train-labels-idx1-ubyte.gz.*LECTUREKIT_DATA_DIR"):
        data.load_mnist(verbose=False)
    tried = [u for u in web.requests if u.endswith("train-labels-idx1-ubyte.gz")]
    assert [u.rsplit("/", 1)[0] + "/" for u in tried] == list(data.MNIST_MIRRORS)
    leftovers = sorted(p.name for p in (cache / "mnist").iterdir())
    assert "train-labels-idx1-ubyte.gz" not in leftovers
    assert not [n for n in leftovers if n.endswith(".part")], leftovers


def test_offline_without_data_says_how_to_fix(cache, monkeypatch):
    # the conftest guard blocks the network: this is what a student offline sees
    with pytest.raises(data.DataError, match="offline.*LECTUREKIT_DATA_DIR"):
        data.load_mnist(verbose=False)
    assert not any((cache / "mnist").glob("*")) if (cache / "mnist").exists() else True


# ---------------------------------------------------------------------------
# IDX parsing
# ---------------------------------------------------------------------------
def test_read_idx_round_trip(tmp_path):
    images = np.arange(2 * 28 * 28).reshape(2, 28, 28) % 256
    path = tmp_path / "x.gz"
    path.write_bytes(idx_bytes(images))
    out = data.read_idx(path, 3)
    assert out.dtype == np.uint8 and np.array_equal(out, images)


@pytest.mark.parametrize(
    "blob, message",
    [
        (idx_bytes(np.zeros(5), magic=0x803), "magic number 0x00000803, expected 0x00000801"),
        (gzip.compress(idx_bytes(np.zeros(5))), "magic number"),  # double gzip: wrong content
        (gzip.decompress(idx_bytes(np.zeros(5))), "not a readable gzip file"),
        (
            gzip.compress((0x801).to_bytes(4, "big") + (9).to_bytes(4, "big") + bytes(5)),
            "holds 5 data bytes.*announces 9",
        ),
        (gzip.compress(b"\x00\x00"), "too short"),
    ],
)
def test_read_idx_rejects_bad_files_by_name(tmp_path, blob, message):
    path = tmp_path / "labels.gz"
    path.write_bytes(blob)
    with pytest.raises(data.DataError, match=message) as err:
        data.read_idx(path, 1)
    assert "labels.gz" in str(err.value)


def test_read_idx_rejects_unknown_ndim(tmp_path):
    with pytest.raises(ValueError, match="ndim must be 1"):
        data.read_idx(tmp_path / "x.gz", 2)


# ---------------------------------------------------------------------------
# to_vectors
# ---------------------------------------------------------------------------
def test_to_vectors_scales_and_one_hot_encodes():
    x = np.full((3, 28, 28), 255, dtype=np.uint8)
    X, Y = data.to_vectors(x, np.array([0, 9, 3]))
    assert X.shape == (3, 784) and X.dtype == np.float32 and X.max() == 1.0
    assert Y.shape == (3, 10) and np.array_equal(Y.argmax(axis=1), [0, 9, 3]) and Y.sum() == 3


@pytest.mark.parametrize(
    "x, y, message",
    [
        (np.zeros(5), None, "x must have shape"),
        (np.zeros((3, 28, 28)), np.zeros(2, int), r"y must have shape \(3,\)"),
        (np.zeros((2, 28, 28)), np.array([0, 10]), "labels in 0..9"),
    ],
)
def test_to_vectors_errors(x, y, message):
    with pytest.raises(ValueError, match=message):
        data.to_vectors(x, y)
