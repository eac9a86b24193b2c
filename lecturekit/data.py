"""Offline-first data: MNIST from a local folder, a verified cache, or the web.

Where the files come from, in order:

1. ``LECTUREKIT_DATA_DIR`` (environment variable, or the ``data_dir``
   argument): a folder holding the IDX files, gzip-compressed (``.gz``) or not,
   either directly or in an ``mnist/`` subfolder.  Nothing is downloaded.  A
   local file is verified by the sha256 of its *decompressed IDX content*,
   which is the same for every faithful copy of MNIST however it was
   compressed.  If the folder holds only the 10k test set, that set is split
   deterministically into train and test parts.
2. The user's cache (``LECTUREKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/lecturekit``,
   else ``~/.cache/lecturekit``), filled by an earlier download.
3. A download of the standard files, verified against the published sha256 of
   the ``.gz`` file before it is moved into the cache (so a broken download never leaves a
   half-written file behind).

Files are parsed as IDX (no pickle is ever loaded).
"""
from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np

from . import validate

MNIST_FILES = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
#: sha256 of each file's decompressed IDX content (the same for every faithful copy).
MNIST_CONTENT = {
    "train-images-idx3-ubyte.gz": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte.gz": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte.gz": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte.gz": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
MNIST_MIRRORS = (
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
)
#: Size of the test part when only the 10k MNIST test set is available.
OFFLINE_TEST_SIZE = 2000
_IDX_MAGIC = {1: 0x00000801, 3: 0x00000803}


class DataError(RuntimeError):
    """A data file is missing, corrupt or cannot be fetched."""


# --------------------------------------------------------------------------
# Locations
# --------------------------------------------------------------------------
def cache_dir() -> Path:
    """The folder where downloaded data is kept (not created here)."""
    if os.environ.get("LECTUREKIT_CACHE_DIR"):
        return Path(os.environ["LECTUREKIT_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "lecturekit"


def _data_dir(data_dir) -> Path | None:
    if data_dir is None:
        data_dir = os.environ.get("LECTUREKIT_DATA_DIR") or None
        origin = "the environment variable LECTUREKIT_DATA_DIR"
    else:
        origin = "the argument data_dir"
    if data_dir is None:
        return None
    path = validate.path(data_dir, "data_dir", "folder").expanduser()
    if not path.is_dir():
        raise DataError(
            f"{origin} points to {str(path)!r}, which is not a folder; "
            "set it to the folder holding the MNIST .gz files (or unset it to download them)"
        )
    return path


def _find_local(folder: Path, name: str) -> Path | None:
    """``name`` (``.gz``) or its uncompressed twin, in ``folder/mnist`` or ``folder``."""
    for sub in (folder / "mnist", folder):
        for candidate in (sub / name, sub / name.removesuffix(".gz")):
            if candidate.is_file():
                return candidate
    return None


# --------------------------------------------------------------------------
# Checksums and downloads
# --------------------------------------------------------------------------
def sha256sum(path) -> str:
    """Hex sha256 digest of a file, read in chunks."""
    path = validate.path(path, "path")
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _read_content(path: Path) -> bytes:
    """The IDX bytes of a file: decompressed if it is gzip, as they are otherwise."""
    try:
        with open(path, "rb") as f:
            gzipped = f.read(2) == b"\x1f\x8b"
        if not gzipped:
            return path.read_bytes()
        with gzip.open(path, "rb") as f:
            return f.read()
    except (OSError, EOFError) as exc:
        raise DataError(f"{path} is not a readable gzip file ({exc}); delete it and fetch it again") from exc


def _verified_content(path: Path, name: str, folder: Path) -> bytes:
    """The IDX bytes of a local file, checked against the sha256 of MNIST's content."""
    try:
        raw = _read_content(path)
    except DataError as exc:
        raise DataError(f"{exc}; or replace it with a faithful copy of {name}, or remove it from {folder}") from None
    actual, expected = hashlib.sha256(raw).hexdigest(), MNIST_CONTENT[name]
    if actual != expected:
        raise DataError(
            f"{path} is corrupt or truncated: the sha256 of its decompressed content is {actual[:12]}..., "
            f"expected {expected[:12]}... (the same for every faithful copy of {name}, gzip or not); "
            f"replace it with a faithful copy, or remove it from {folder}"
        )
    return raw


def download(url: str, dest: Path, sha256: str, *, timeout: float = 30.0) -> Path:
    """Download ``url`` to ``dest`` atomically, verifying its sha256.

    The bytes go to a temporary file beside ``dest``; only a download with the
    right checksum is renamed into place, so ``dest`` is either complete and
    verified or absent.
    """
    if not isinstance(url, str):
        raise TypeError(f"url must be an http(s) URL (str), got {type(url).__name__}")
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"url must start with 'https://' or 'http://', got {url[:60]!r}")
    dest = validate.path(dest, "dest")
    if not (isinstance(sha256, str) and len(sha256) == 64 and all(c in "0123456789abcdefABCDEF" for c in sha256)):
        raise ValueError(f"sha256 must be a hex digest of 64 characters, got {sha256!r}; see MNIST_FILES for examples")
    timeout = validate.positive(timeout, "timeout", "seconds")
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=dest.name + ".", suffix=".part", dir=dest.parent)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
            for chunk in iter(lambda: response.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != sha256:
            raise DataError(
                f"download of {url} has sha256 {digest.hexdigest()[:12]}..., expected {sha256[:12]}... "
                "(truncated or altered); try again later, or put the file in LECTUREKIT_DATA_DIR"
            )
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return dest


def _fetch(name: str, cache: Path) -> Path:
    """Return a verified cached copy of ``name``, downloading it if needed."""
    target = cache / "mnist" / name
    if target.is_file():
        if sha256sum(target) == MNIST_FILES[name]:
            return target
        target.unlink()  # corrupt or truncated: fetch it again
    errors = []
    for mirror in MNIST_MIRRORS:
        try:
            return download(mirror + name, target, MNIST_FILES[name])
        except (urllib.error.URLError, OSError, DataError) as exc:
            errors.append(f"{mirror}: {exc}")
    raise DataError(
        f"could not download {name} ({'; '.join(errors)}). You seem to be offline: "
        "download the four MNIST .gz files elsewhere and set LECTUREKIT_DATA_DIR to their folder"
    )


# --------------------------------------------------------------------------
# IDX parsing
# --------------------------------------------------------------------------
def read_idx(path, ndim: int) -> np.ndarray:
    """Read a gzip-compressed IDX file of unsigned bytes.

    Parameters
    ----------
    path : path-like
        The ``.gz`` file.
    ndim : int
        1 for labels (shape ``(n,)``), 3 for images (shape ``(n, rows, cols)``).

    Returns
    -------
    numpy.ndarray of uint8
    """
    path = validate.path(path, "path")
    if ndim not in _IDX_MAGIC:
        raise ValueError(f"ndim must be 1 (labels) or 3 (images), got {ndim!r}")
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as exc:
        raise DataError(f"{path} is not a readable gzip file ({exc}); delete it and fetch it again") from exc
    return _parse_idx(raw, ndim, path)


def _parse_idx(raw: bytes, ndim: int, path) -> np.ndarray:
    """IDX bytes (already decompressed) as an array; ``path`` names the file in errors."""
    header = 4 * (1 + ndim)
    if len(raw) < header:
        raise DataError(f"{path} is too short to be an IDX file ({len(raw)} bytes); delete it and fetch it again")
    magic, *dims = (int.from_bytes(raw[4 * i : 4 * i + 4], "big") for i in range(1 + ndim))
    if magic != _IDX_MAGIC[ndim]:
        raise DataError(
            f"{path} has IDX magic number {magic:#010x}, expected {_IDX_MAGIC[ndim]:#010x} "
            f"({'labels' if ndim == 1 else 'images'}); is it the right file?"
        )
    expected = int(np.prod(dims))
    if len(raw) - header != expected:
        raise DataError(
            f"{path} holds {len(raw) - header} data bytes but its header announces {expected} "
            f"(shape {tuple(dims)}); the file is truncated or corrupt: delete it and fetch it again"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(dims)


# --------------------------------------------------------------------------
# MNIST
# --------------------------------------------------------------------------
def _split_test_only(x, y, test_size: int):
    """Deterministic, stratified split (each digit keeps its share) of the 10k test set."""
    rng = np.random.default_rng(12345)
    order = rng.permutation(len(y))
    # Stable sort by label keeps the shuffled order inside each class; taking
    # every k-th sample then gives each digit its share of the test part.
    by_class = order[np.argsort(y[order], kind="stable")]
    step = len(y) // test_size
    test_idx = np.sort(by_class[::step][:test_size])
    mask = np.ones(len(y), dtype=bool)
    mask[test_idx] = False
    train_idx = order[mask[order]]  # shuffled train order
    return (x[train_idx], y[train_idx]), (x[test_idx], y[test_idx])


def load_mnist(data_dir=None, *, verbose: bool = True):
    """Load MNIST, offline first.

    Parameters
    ----------
    data_dir : path-like, optional
        Folder with the MNIST IDX files, ``.gz`` or uncompressed (directly or
        in ``mnist/``), each verified by the sha256 of its decompressed content.
        Defaults to the environment variable ``LECTUREKIT_DATA_DIR``; when
        neither is set, the files come from the cache or are downloaded.
    verbose : bool
        Print one line saying where the data came from and how it was split.

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        Images as uint8 arrays of shape ``(n, 28, 28)``, labels as uint8
        arrays of shape ``(n,)`` with values 0..9.  With the full dataset,
        n is 60000 and 10000; with only the 10k test set available offline,
        it is split deterministically into 8000 training and 2000 test
        images (stratified by digit), and ``verbose`` says so.
    """
    local = _data_dir(data_dir)
    names = dict(zip(("xtr", "ytr", "xte", "yte"), MNIST_FILES))
    ndims = {"xtr": 3, "ytr": 1, "xte": 3, "yte": 1}
    if local is not None:
        found = {key: _find_local(local, name) for key, name in names.items()}
        if found["xte"] is None or found["yte"] is None:
            raise DataError(
                f"{local} has no MNIST test set: expected {names['xte']} and {names['yte']} (or the same names "
                "without .gz) in it or in its mnist/ subfolder; put the files there, or unset LECTUREKIT_DATA_DIR "
                "to download them"
            )
        arrays = {
            key: _parse_idx(_verified_content(path, names[key], local), ndims[key], path)
            for key, path in found.items()
            if path is not None
        }
        # No absolute paths in the message: stored notebook outputs must not
        # depend on where the checkout lives.
        source = "offline, from " + ("LECTUREKIT_DATA_DIR" if data_dir is None else "data_dir")
    else:
        cache = cache_dir()
        found = {key: _fetch(name, cache) for key, name in names.items()}
        arrays = {key: read_idx(path, ndims[key]) for key, path in found.items()}
        source = "downloaded"

    x_test, y_test = arrays["xte"], arrays["yte"]
    _check_pair(x_test, y_test, found["xte"], found["yte"])
    if "xtr" in arrays and "ytr" in arrays:
        x_train, y_train = arrays["xtr"], arrays["ytr"]
        _check_pair(x_train, y_train, found["xtr"], found["ytr"])
        if verbose:
            # The same line online and offline: the complete MNIST is the same data wherever it came from.
            print(f"MNIST: {len(x_train)} training and {len(x_test)} test images.")
        return (x_train, y_train), (x_test, y_test)

    (x_train, y_train), (x_test, y_test) = _split_test_only(x_test, y_test, OFFLINE_TEST_SIZE)
    if verbose:
        print(
            f"MNIST: only the 10k test set is available ({source}); split deterministically into "
            f"{len(x_train)} training and {len(x_test)} test images."
        )
    return (x_train, y_train), (x_test, y_test)


def draw(x, y, *sizes: int, seed: int = 0, verbose: bool = True):
    """Disjoint random parts of a dataset, each class keeping its share.

    The lectures train on a named number of images drawn from the real
    training set (so a run fits its time budget and is the same online and
    offline) and split a validation part off the same set::

        (x_fit, y_fit), (x_val, y_val) = draw(x_train, y_train, 10_000, 2_000)

    Parameters
    ----------
    x : array of shape (n, ...)
    y : array of shape (n,) of integer class labels
    *sizes : int
        The size of each part, >= 1.  If together they exceed n (only the 10k
        MNIST test set is available offline), every part shrinks in
        proportion and ``verbose`` says so.
    seed : int
        The same seed gives the same parts.

    Returns
    -------
    list of ``(x_part, y_part)``, one per size.  Every prefix of the shuffled
    order is stratified, so each part holds each class's share to within one
    sample.
    """
    x, y = np.asarray(x), np.asarray(y)
    if y.ndim != 1 or y.dtype.kind not in "iu":
        raise TypeError(f"y must be a 1-D array of integer class labels, got dtype {y.dtype} and shape {y.shape}")
    if x.shape[:1] != y.shape:
        raise ValueError(f"x must have one row per label: got {x.shape[0] if x.ndim else 0} rows for {len(y)} labels")
    if not sizes:
        raise ValueError("give at least one size, e.g. draw(x, y, 10_000, 2_000)")
    for size in sizes:
        validate.positive_int(size, "each of sizes")
    seed = validate.non_negative_int(seed, "seed")
    if sum(sizes) > len(y):
        asked = sizes
        sizes = tuple(max(1, size * len(y) // sum(asked)) for size in asked)
        if verbose:
            print(f"only {len(y)} samples available: drawing parts of {', '.join(map(str, sizes))} "
                  f"instead of {', '.join(map(str, asked))}.")
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(y))
    # Each sample's position within its class, as a fraction of the class:
    # sorting by it interleaves the classes, so every prefix is stratified.
    share = np.empty(len(y))
    for c in np.unique(y):
        members = np.flatnonzero(y[order] == c)
        share[members] = (np.arange(len(members)) + 0.5) / len(members)
    order = order[np.argsort(share, kind="stable")]
    ends = np.cumsum(sizes)
    return [(x[order[end - size:end]], y[order[end - size:end]]) for size, end in zip(sizes, ends)]


def _check_pair(x, y, xpath, ypath):
    if x.shape[1:] != (28, 28):
        raise DataError(f"{xpath} holds images of shape {x.shape[1:]}, expected (28, 28)")
    if len(x) != len(y):
        raise DataError(f"{xpath} has {len(x)} images but {ypath} has {len(y)} labels; use matching files")
    if y.max(initial=0) > 9:
        raise DataError(f"{ypath} has label {int(y.max())}, expected digits 0..9")


def to_vectors(x, y=None, num_classes: int = 10):
    """Flatten images and one-hot encode labels for a fully connected net.

    Parameters
    ----------
    x : array of shape (n, 28, 28), uint8
    y : array of shape (n,), int, optional

    Returns
    -------
    X : float32 array of shape (n, 784) with values in [0, 1]
    Y : float32 array of shape (n, num_classes), one-hot (only if ``y`` given)
    """
    num_classes = validate.positive_int(num_classes, "num_classes")
    x = validate.real(x, "x", "pixels or features")
    if x.ndim < 2:
        raise ValueError(f"x must have shape (n, height, width) or (n, features), got shape {x.shape}")
    X = x.reshape(len(x), -1).astype(np.float32)
    if np.issubdtype(x.dtype, np.integer):
        X /= 255.0
    if y is None:
        return X
    y = np.asarray(y)
    if y.shape != (len(x),):
        raise ValueError(f"y must have shape ({len(x)},) to match x, got {y.shape}")
    if y.dtype.kind not in "iu":
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}; e.g. y.astype(int) for whole numbers")
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"y must hold labels in 0..{num_classes - 1}, got values {y.min()}..{y.max()}")
    return X, np.eye(num_classes, dtype=np.float32)[y]
