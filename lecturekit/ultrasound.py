"""Ultrasound nerve segmentation data: the real Kaggle images, or phantoms.

The Kaggle competition "Ultrasound Nerve Segmentation" (2016) asks where the
brachial plexus is in ultrasound images of the neck, so that an anaesthetist
can place a catheter for a nerve block.  Its training set holds 5635 images
of 420 x 580 pixels from 47 subjects; 2323 of them (41%) show the nerve, the
other 3312 (58.8%) have an empty mask.  A nerve covers 2.1-3.9% of the image
(10th to 90th percentile), centred about a third of the way down.  The test
set holds 5508 images without masks.

**Real data.**  The images may not be redistributed, so nothing is bundled.
To use them, accept the competition's rules on kaggle.com, then::

    pip install kaggle              # and put your API token in ~/.kaggle/kaggle.json
    kaggle competitions download -c ultrasound-nerve-segmentation
    unzip ultrasound-nerve-segmentation.zip -d ~/data/nerve

and pass that folder to :func:`load_nerve` (or set ``LECTUREKIT_NERVE_DIR``).
The folder holds ``train/{subject}_{image}.tif`` with its mask
``train/{subject}_{image}_mask.tif`` (0 or 255) and ``test/{image}.tif``.
Frames of one subject are near-duplicates, so the validation split is made
**by subject**: a random split would leak and flatter the score.

**Phantoms.**  Without the real data (the default, offline),
:func:`make_phantoms` simulates images with the same difficulties: speckle,
attenuation, log compression, tissue layers, a honeycomb nerve inside a
bright rim with the size and place of the real masks, smaller nerve-like
decoys and a dark round artery that must *not* be segmented, 59% images
without a nerve.

**Submissions** encode each predicted mask with :func:`rle_encode`.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import validate
from .style import PALETTE

#: Image size of the competition's data (rows, columns).
KAGGLE_SHAPE = (420, 580)
#: Images of the training set, and how many of them show the nerve (the
#: non-empty masks of ``train_masks.csv``; the other 3312, 58.8%, are empty).
KAGGLE_TRAIN_IMAGES, KAGGLE_TRAIN_WITH_NERVE = 5635, 2323
#: Subjects (patients) of the training set, and images of the unlabelled test set.
KAGGLE_SUBJECTS, KAGGLE_TEST_IMAGES = 47, 5508
#: Fraction of training images that show a nerve (about 41%).
NERVE_FRACTION = KAGGLE_TRAIN_WITH_NERVE / KAGGLE_TRAIN_IMAGES
#: The training size used by the lecture (rows, columns): 420 x 580 scaled
#: down, both divisible by 16 for a U-Net with four poolings.
LECTURE_SIZE = (80, 112)

_TRAIN_NAME = re.compile(r"^(\d+)_(\d+)(_mask)?\.tif$")
_TEST_NAME = re.compile(r"^(\d+)\.tif$")


# --------------------------------------------------------------------------
# Run-length encoding (the competition's submission format)
# --------------------------------------------------------------------------
def rle_encode(mask) -> str:
    """Run-length encode a binary mask as the competition does.

    Pixels are numbered from 1, **down each column, then across** (column-
    major order).  The result is ``"start length start length ..."`` for
    each run of foreground pixels, and ``""`` for an empty mask.

    Parameters
    ----------
    mask : array of shape (rows, cols)
        Nonzero (or True) pixels are foreground.

    Returns
    -------
    str

    Examples
    --------
    >>> rle_encode(np.array([[0, 1], [1, 1]]))
    '2 3'
    """
    mask = np.asarray(mask)
    if mask.dtype.kind not in "biuf":
        raise TypeError(f"mask must hold numbers or booleans (nonzero is foreground), got dtype {mask.dtype}")
    if mask.ndim != 2:
        raise ValueError(f"mask must be a 2-D array (rows, cols), got shape {mask.shape}")
    pixels = (mask.ravel(order="F") != 0).astype(np.int8)
    edges = np.diff(np.concatenate([[0], pixels, [0]]))
    starts = np.flatnonzero(edges == 1) + 1  # 1-based
    ends = np.flatnonzero(edges == -1) + 1
    return " ".join(f"{s} {n}" for s, n in zip(starts, ends - starts))


def rle_decode(rle: str, shape) -> np.ndarray:
    """Decode a run-length string back into a mask of 0 and 1.

    Parameters
    ----------
    rle : str
        ``"start length ..."`` pairs, pixels numbered from 1 in column-major
        order (see :func:`rle_encode`); ``""`` for an empty mask.
    shape : (rows, cols)

    Returns
    -------
    uint8 array of shape ``shape``
    """
    if not isinstance(rle, str):
        raise TypeError(f"rle must be a str of 'start length' pairs, got {type(rle).__name__}")
    shape = validate.rows_cols(shape, "shape")
    tokens = rle.split()
    if not all(t.isdigit() for t in tokens):
        raise ValueError(f"rle must hold non-negative integers only, got {rle[:60]!r}")
    if len(tokens) % 2:
        raise ValueError(f"rle must hold 'start length' pairs, got an odd number ({len(tokens)}) of integers")
    runs = np.array(tokens, dtype=np.int64).reshape(-1, 2)
    size = shape[0] * shape[1]
    starts, lengths = runs[:, 0], runs[:, 1]
    if np.any(starts < 1) or np.any(lengths < 1) or np.any(starts + lengths - 1 > size):
        raise ValueError(
            f"rle has a run outside pixels 1..{size} of a {shape[0]}x{shape[1]} mask (or a run of length 0)"
        )
    flat = np.zeros(size + 1, dtype=np.int32)
    np.add.at(flat, starts - 1, 1)  # +1 where a run starts, -1 after it ends
    np.add.at(flat, starts - 1 + lengths, -1)
    pixels = np.cumsum(flat[:-1])
    if pixels.max(initial=0) > 1:
        raise ValueError("rle has overlapping runs")
    return pixels.astype(np.uint8).reshape(shape, order="F")


# --------------------------------------------------------------------------
# Real data (Kaggle layout)
# --------------------------------------------------------------------------
@dataclass
class NerveData:
    """Images and masks split into training and validation parts by subject.

    ``x_*`` are float32 arrays ``(n, rows, cols)`` with values in [0, 1];
    ``y_*`` are uint8 masks ``(n, rows, cols)`` of 0 and 1; ``subjects_*``
    and ``ids_*`` (``"{subject}_{image}"``) say where each image came from.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    subjects_train: np.ndarray = field(repr=False)
    subjects_val: np.ndarray = field(repr=False)
    ids_train: list = field(repr=False)
    ids_val: list = field(repr=False)


def nerve_dir(path=None) -> Path | None:
    """The folder with the real data, or None when none is given.

    ``path`` wins over the environment variable ``LECTUREKIT_NERVE_DIR``.  A
    folder that is given but missing (or has no ``train/``) is an error that
    says how to get the data.
    """
    origin = "the argument path"
    if path is None:
        path = os.environ.get("LECTUREKIT_NERVE_DIR") or None
        origin = "the environment variable LECTUREKIT_NERVE_DIR"
    if path is None:
        return None
    folder = validate.path(path, "path", "folder").expanduser()
    how = (
        "download the data with `kaggle competitions download -c ultrasound-nerve-segmentation` and unzip it "
        "there (see lecturekit.ultrasound's docstring), or leave it unset to use phantoms"
    )
    if not folder.is_dir():
        raise FileNotFoundError(f"{origin} points to {str(folder)!r}, which is not a folder; {how}")
    if not (folder / "train").is_dir():
        raise FileNotFoundError(
            f"{folder} has no train/ folder (expected train/1_1.tif, train/1_1_mask.tif, ...); {how}"
        )
    return folder


def read_tif(path) -> np.ndarray:
    """Read one gray TIFF file as a uint8 array (rows, cols) (with Pillow)."""
    path = validate.path(path, "path")
    from PIL import Image

    try:
        with Image.open(path) as im:
            a = np.asarray(im.convert("L") if im.mode not in ("L", "1") else im)
    except (OSError, ValueError) as exc:
        raise OSError(f"cannot read {path} as a TIFF image ({exc}); the file is damaged, download it again") from exc
    if a.dtype == bool:
        a = a.astype(np.uint8) * 255
    return a


def resize(images, size, *, masks: bool = False) -> np.ndarray:
    """Resize a stack of images (n, rows, cols) to ``size`` = (rows, cols).

    Images are resampled bilinearly and returned as float32 in the range of
    the input; masks (``masks=True``, values 0/1 or 0/255) bilinearly too,
    then thresholded at half, and returned as uint8 0/1.
    """
    from PIL import Image

    images = validate.real(images, "images")
    if images.ndim != 3:
        raise ValueError(f"images must have shape (n, rows, cols), got {images.shape}")
    rows, cols = validate.rows_cols(size, "size", square=True)
    out = np.empty((len(images), rows, cols), dtype=np.float32)
    for i, im in enumerate(images):  # Pillow resizes one image at a time
        out[i] = np.asarray(Image.fromarray(im.astype(np.float32)).resize((cols, rows), Image.BILINEAR))
    if masks:
        top = 255.0 if images.max(initial=0) > 1 else 1.0
        return (out >= 0.5 * top).astype(np.uint8)
    return out


def _train_files(folder: Path):
    """(subject, image, image path, mask path) for each training pair, sorted."""
    train = folder / "train"
    images, masks = {}, {}
    for p in train.iterdir():
        if p.suffix.lower() != ".tif":
            continue
        m = _TRAIN_NAME.match(p.name)
        if m is None:
            raise ValueError(f"{p} does not follow the naming {{subject}}_{{image}}[_mask].tif of the Kaggle data")
        key = (int(m.group(1)), int(m.group(2)))
        (masks if m.group(3) else images)[key] = p
    for key, p in sorted(masks.items()):
        if key not in images:
            raise FileNotFoundError(f"mask {p} has no image: expected {p.with_name(f'{key[0]}_{key[1]}.tif')}")
    for key, p in sorted(images.items()):
        if key not in masks:
            raise FileNotFoundError(f"image {p} has no mask: expected {p.with_name(f'{key[0]}_{key[1]}_mask.tif')}")
    if not images:
        raise FileNotFoundError(f"{train} holds no training images ({{subject}}_{{image}}.tif)")
    return [(s, i, images[s, i], masks[s, i]) for s, i in sorted(images)]


def split_by_subject(subjects, val_fraction: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Boolean masks (train, val) that put whole subjects on one side.

    About ``val_fraction`` of the *subjects* (at least one, when
    ``val_fraction > 0``) go to validation, chosen at random with ``seed``.
    """
    subjects = np.asarray(subjects)
    val_fraction = validate.fraction(val_fraction, "val_fraction", closed=False)
    if subjects.ndim != 1:
        raise ValueError(f"subjects must be a 1-D array (one subject per image), got shape {subjects.shape}")
    if subjects.size == 0:
        raise ValueError("subjects must hold the subject of each image (at least one), got an empty array")
    unique = np.unique(subjects)
    n_val = 0 if val_fraction == 0 else max(1, int(round(val_fraction * len(unique))))
    if n_val >= len(unique):
        raise ValueError(
            f"val_fraction={val_fraction} leaves no training subject ({len(unique)} subjects); lower it or add subjects"
        )
    val_subjects = np.random.default_rng(seed).permutation(unique)[:n_val]
    val = np.isin(subjects, val_subjects)
    return ~val, val


def load_nerve(
    path=None, size=LECTURE_SIZE, *, val_fraction: float = 0.2, seed: int = 0, verbose: bool = True
) -> NerveData:
    """Load the Kaggle training images and masks, split by subject.

    Parameters
    ----------
    path : path-like, optional
        The folder holding ``train/``; defaults to ``LECTUREKIT_NERVE_DIR``.
    size : (rows, cols)
        Training size; images are resized bilinearly, masks thresholded.
    val_fraction : float
        Fraction of the subjects held out for validation.
    seed : int
        Which subjects are held out.

    Returns
    -------
    NerveData
    """
    validate.rows_cols(size, "size", square=True)
    validate.fraction(val_fraction, "val_fraction", closed=False)
    folder = nerve_dir(path)
    if folder is None:
        raise FileNotFoundError(
            "no real data: pass path= or set LECTUREKIT_NERVE_DIR to the folder of the Kaggle data "
            "(see lecturekit.ultrasound's docstring), or use make_phantoms()"
        )
    files = _train_files(folder)
    images, masks = [], []
    for subject, image, ipath, mpath in files:
        im, mk = read_tif(ipath), read_tif(mpath)
        if im.shape != mk.shape:
            raise ValueError(f"{mpath} has shape {mk.shape} but its image {ipath.name} has {im.shape}; they must match")
        odd = np.setdiff1d(np.unique(mk), [0, 255])
        if odd.size:
            raise ValueError(
                f"{mpath} holds values {odd[:5].tolist()}, but a mask must hold only 0 (background) and 255 (nerve); "
                "is it an image saved under a mask's name?"
            )
        images.append(resize(im[None], size)[0] / 255.0)
        masks.append(resize(mk[None], size, masks=True)[0])
    subjects = np.array([f[0] for f in files])
    ids = np.array([f"{s}_{i}" for s, i, _, _ in files])
    train, val = split_by_subject(subjects, val_fraction, seed)
    x, y = np.stack(images).astype(np.float32), np.stack(masks)
    data = NerveData(
        x[train], y[train], x[val], y[val], subjects[train], subjects[val], list(ids[train]), list(ids[val])
    )
    if verbose:
        print(
            f"Nerve data from {folder}: {len(x)} images of {len(np.unique(subjects))} subjects, "
            f"{int(y.any(axis=(1, 2)).sum())} with a nerve; {len(data.x_train)} train / {len(data.x_val)} validation "
            f"({len(np.unique(data.subjects_val))} subjects held out), resized to {x.shape[1]}x{x.shape[2]}."
        )
    return data


def load_nerve_test(path=None, size=LECTURE_SIZE) -> tuple[list[int], np.ndarray]:
    """The unlabelled test images: their ids (sorted) and float32 images (n, rows, cols) in [0, 1]."""
    validate.rows_cols(size, "size", square=True)
    folder = nerve_dir(path)
    if folder is None:
        raise FileNotFoundError("no real data: pass path= or set LECTUREKIT_NERVE_DIR (see lecturekit.ultrasound)")
    test = folder / "test"
    if not test.is_dir():
        raise FileNotFoundError(f"{folder} has no test/ folder (expected test/1.tif, test/2.tif, ...)")
    found = sorted((int(m.group(1)), p) for p in test.iterdir() if (m := _TEST_NAME.match(p.name)))
    if not found:
        raise FileNotFoundError(f"{test} holds no test images ({{image}}.tif)")
    ids = [i for i, _ in found]
    x = np.stack([resize(read_tif(p)[None], size)[0] / 255.0 for _, p in found]).astype(np.float32)
    return ids, x


def write_submission(path, ids, masks, shape=KAGGLE_SHAPE) -> Path:
    """Write ``submission.csv`` (columns ``img,pixels``) from predicted masks.

    ``masks`` (n, rows, cols) of 0/1 at the training size are resized to
    ``shape`` (the original 420 x 580) before they are run-length encoded.
    """
    path = validate.path(path, "path")
    if isinstance(ids, (str, bytes)) or not hasattr(ids, "__len__"):
        raise TypeError(f"ids must be a sequence of image ids, got {type(ids).__name__}")
    shape = validate.rows_cols(shape, "shape")
    masks = np.asarray(masks)
    if masks.dtype.kind not in "biuf":
        raise TypeError(f"masks must hold numbers or booleans, got dtype {masks.dtype}")
    if masks.ndim != 3 or len(masks) != len(ids):
        raise ValueError(f"masks must have shape (n, rows, cols) with n = len(ids) = {len(ids)}, got {masks.shape}")
    full = resize(masks.astype(np.float32), shape, masks=True) if masks.shape[1:] != shape else masks
    with open(path, "w", encoding="ascii") as f:
        f.write("img,pixels\n")
        for i, m in zip(ids, full):
            f.write(f"{i},{rle_encode(m)}\n")
    return path


# --------------------------------------------------------------------------
# Phantoms
# --------------------------------------------------------------------------
#: The nerve's area in the Kaggle masks, as a fraction of the image: 10th and
#: 90th percentiles (a nerve covers 2.1-3.9% of the image in 80% of them).
NERVE_AREA_P10_P90 = (0.021, 0.039)
#: Where the nerve's centre lies in the Kaggle masks: about a third of the way
#: down, as a fraction of the image height.
NERVE_DEPTH = 1 / 3
# How bright the rims are (dB above muscle), how large the decoys are (a
# fraction of the image), and how many decoys an image has (probabilities of
# 0, 1, 2).  Decoys sit at the nerve's depth and differ from it mostly in
# size, so that a network cannot tell them apart by where they are.
_NERVE_RIM_DB = (3.0, 9.0)
_DECOY_RIM_DB = (2.0, 8.0)
_DECOY_AREA = (0.008, 0.02)
_DECOYS_PER_IMAGE = (0.5, 0.35, 0.15)


def _smooth(field, sigma_rows: float, sigma_cols: float):
    """Gaussian blur of a stack (n, rows, cols) along both axes, via the FFT."""
    rows, cols = field.shape[-2:]
    fr = np.fft.fftfreq(rows)[:, None]
    fc = np.fft.rfftfreq(cols)[None, :]
    transfer = np.exp(-2 * np.pi**2 * ((sigma_rows * fr) ** 2 + (sigma_cols * fc) ** 2))
    return np.fft.irfft2(np.fft.rfft2(field) * transfer, s=(rows, cols))


def speckle(rng, n: int, shape, grain: float) -> np.ndarray:
    """Fully developed speckle: a Rayleigh-distributed amplitude with mean square 1.

    Many scatterers per resolution cell add up to a complex Gaussian echo;
    the imaging system blurs it (a point spread function, longer sideways
    than in depth) and the scanner shows its magnitude.  ``grain`` is the
    axial size of a speckle spot in pixels.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator (np.random.default_rng(seed)), got {type(rng).__name__}")
    n = validate.non_negative_int(n, "n")
    shape = validate.rows_cols(shape, "shape")
    grain = validate.positive(grain, "grain", "pixels")
    re_, im_ = (_smooth(rng.standard_normal((n, *shape)), grain / 2, grain) for _ in range(2))
    amplitude = np.hypot(re_, im_)
    return amplitude / np.sqrt(np.mean(amplitude**2, axis=(1, 2), keepdims=True))


def _band(distance, width):
    """A soft bright line: 1 on the line, falling off over ``width``."""
    return np.exp(-0.5 * (distance / width) ** 2)


def make_phantoms(
    n: int,
    size=LECTURE_SIZE,
    seed: int = 0,
    *,
    nerve_fraction: float = NERVE_FRACTION,
    arteries: bool = False,
    decoys: bool = False,
):
    """Synthetic ultrasound images of the neck with nerve masks.

    Each image is built like a B-mode scan: a map of tissue echogenicity
    (skin, subcutaneous fat, bright fascia lines, striated muscle), the
    structures of interest, multiplicative Rayleigh speckle with a grain of a
    few pixels, depth attenuation, log compression to a 40 dB display range
    and 8-bit quantisation.

    * **Nerve** (in ``round(n * nerve_fraction)`` images, 41% by default as
      in the Kaggle data): an irregular oval with the size and place of the
      Kaggle masks (:data:`NERVE_AREA_P10_P90`: 80% of the nerves cover 2.1
      to 3.9% of the image; centred about a third of the way down,
      :data:`NERVE_DEPTH`), hypoechoic, with dark fascicles separated by
      brighter septa (the "honeycomb") inside a bright rim (the epineurium),
      from clear to faint (3-9 dB above muscle).  The mask is the oval.
    * **Decoys** (none in half of the images, one in 35%, two in 15%; with
      or without a nerve): smaller clusters of dark fascicles (0.8-2% of the
      image) with a rim that is fainter on average, at the nerve's depth.
      They look like a nerve, as the neighbouring structures of the real
      images do, and differ mostly in size: they must not be segmented.
    * **Artery** (in about 60% of the images): a round, dark (anechoic) disc
      with no rim and a brighter band beneath it (posterior enhancement), of
      the nerve's size: it must not be segmented either.

    Parameters
    ----------
    n : int
        Number of images.
    size : int or (rows, cols)
        Image size; structures scale with it (default 80 x 112).
    seed : int
        The same seed gives the same images.
    nerve_fraction : float
        Fraction of images with a nerve.
    arteries : bool
        Also return where the arteries are (to show the confounder).
    decoys : bool
        Also return where the decoys are.

    Returns
    -------
    images : float32 array (n, rows, cols), values in [0, 1]
    masks : uint8 array (n, rows, cols), 1 on the nerve
    artery_masks : uint8 array (n, rows, cols), 1 in an artery (only with ``arteries=True``)
    decoy_masks : uint8 array (n, rows, cols), 1 in a decoy (only with ``decoys=True``; always last)
    """
    n = validate.non_negative_int(n, "n")
    nerve_fraction = validate.fraction(nerve_fraction, "nerve_fraction")
    rows, cols = validate.rows_cols(size, "size", square=True)
    if rows < 16 or cols < 16:
        raise ValueError(f"size must be at least 16 x 16 for the structures to be visible, got {rows} x {cols}")
    if seed is not None:
        validate.non_negative_int(seed, "seed", "or None")
    rng = np.random.default_rng(seed)
    has_nerve = np.zeros(n, dtype=bool)
    has_nerve[rng.permutation(n)[: int(round(n * nerve_fraction))]] = True
    chunk = 128  # bounds the memory of the arrays of a batch
    parts = [_phantom_batch(rng, has_nerve[i : i + chunk], rows, cols) for i in range(0, n, chunk)]
    if parts:
        images, masks, artery, decoy = (np.concatenate(a) for a in zip(*parts))
    else:
        images, (masks, artery, decoy) = np.zeros((0, rows, cols), np.float32), np.zeros((3, 0, rows, cols), np.uint8)
    return (images, masks) + ((artery,) if arteries else ()) + ((decoy,) if decoys else ())


def _oval(rng, r, c, centre_r, centre_c, area, aspect):
    """An irregular, tilted oval: ``rho`` (n, rows, cols), 1 on its outline, and its semi-minor axis (n,).

    ``area`` in pixels and ``aspect`` (long / short axis) per image; the
    radius wobbles with two low harmonics, so no two outlines are alike.
    """
    n = len(area)
    b_axis = np.sqrt(area / (np.pi * aspect))  # semi-axes in pixels
    a_axis = aspect * b_axis
    tilt = rng.uniform(-0.4, 0.4, n)[:, None, None]
    dr, dc = r - centre_r[:, None, None], c - centre_c[:, None, None]
    along = dr * np.sin(tilt) + dc * np.cos(tilt)
    across = dr * np.cos(tilt) - dc * np.sin(tilt)
    theta = np.arctan2(across, along)
    harmonic = [rng.uniform(-a, a, n)[:, None, None] * np.cos(k * theta + rng.uniform(0, 2 * np.pi, n)[:, None, None])
                for k, a in ((2, 0.08), (3, 0.06))]
    rho = np.sqrt((along / a_axis[:, None, None]) ** 2 + (across / b_axis[:, None, None]) ** 2) / (1 + sum(harmonic))
    return rho, b_axis


def _honeycomb(rng, shape, centre_r, centre_c, b_axis, aspect):
    """Walls between 4-8 fascicles packed in an oval: (n, rows, cols), 1 on the walls.

    The fascicles are the cells of a Voronoi diagram of random seeds spread
    over the oval; a wall is where a pixel is about as far from its two
    nearest seeds.  The walls are computed in a square window around each
    centre only (they are used inside the oval), which keeps the
    (n, seeds, window, window) distances small.
    """
    n, k = len(b_axis), 8
    seeds = rng.uniform(-0.75, 0.75, size=(n, k, 2))  # in units of the short semi-axis
    seeds[:, :, 1] *= aspect[:, None]  # spread along the long axis
    used = rng.integers(4, k + 1, size=n)
    seeds[np.arange(k)[None, :] >= used[:, None]] = 50.0  # far away: unused
    points = np.stack([centre_r, centre_c], 1)[:, None, :] + seeds * b_axis[:, None, None]  # (n, k, 2) pixels
    half = int(np.ceil(1.2 * np.max(aspect * b_axis, initial=0))) + 2  # covers the wobbly outline
    r0, c0 = np.round(centre_r).astype(int), np.round(centre_c).astype(int)
    window = np.arange(-half, half + 1)
    dr = (r0[:, None] + window)[:, None, :, None] - points[:, :, 0, None, None]  # (n, k, w, 1)
    dc = (c0[:, None] + window)[:, None, None, :] - points[:, :, 1, None, None]  # (n, k, 1, w)
    two = np.partition(np.sqrt(dr**2 + dc**2), 1, axis=1)[:, :2]  # the two nearest seeds
    walls = _band(two[:, 1] - two[:, 0], 1.0)  # (n, w, w)
    rows, cols = shape
    out = np.zeros((n, rows + 2 * half, cols + 2 * half))  # padded, so every window fits
    for i in range(n):
        out[i, r0[i]:r0[i] + 2 * half + 1, c0[i]:c0[i] + 2 * half + 1] = walls[i]
    return out[:, half:half + rows, half:half + cols]


def _phantom_batch(rng, has_nerve, rows, cols):
    n = len(has_nerve)
    H = float(rows)  # lengths are in units of the image height, then scaled
    r = np.arange(rows, dtype=np.float64)[None, :, None]
    c = np.arange(cols, dtype=np.float64)[None, None, :]
    depth = r / H  # 0 at the probe, 1 at the bottom

    def u(lo, hi, shape=None):
        return rng.uniform(lo, hi, size=(n,) if shape is None else (n, *shape))

    def fascicle_echo(walls):  # dark fascicles (dB), walls between them about as bright as muscle
        fascicles = col(u(-9.0, -3.0))
        return fascicles + (col(u(-3.0, 1.0)) - fascicles) * walls

    def col(v):  # per-image parameter -> broadcastable (n, 1, 1)
        return np.asarray(v, dtype=np.float64)[:, None, None]

    # ---- tissue echogenicity, in dB relative to muscle -----------------
    tissue = np.zeros((n, rows, cols))
    skin = col(u(0.03, 0.06))
    fat_end = col(u(0.14, 0.22))
    tissue += np.where(depth < skin, 14.0, 0.0)  # bright skin line at the probe
    tissue += np.where((depth >= skin) & (depth < fat_end), -5.0, 0.0)  # darker subcutaneous fat
    # Muscle: oblique striations (fibres), their own angle per image.
    angle = col(u(-0.35, 0.35))
    period = col(u(0.05, 0.09)) * H
    along = r * np.cos(angle) - c * np.sin(angle)
    tissue += (depth >= fat_end) * 3.0 * np.sin(2 * np.pi * along / period + col(u(0, 2 * np.pi)))
    # Fascia: three gently curved bright lines between the layers.
    for lo, hi in ((0.14, 0.24), (0.3, 0.5), (0.78, 0.95)):
        y0 = col(u(lo, hi)) * H
        slope = col(u(-0.12, 0.12))
        bend = col(u(-0.04, 0.04)) * H
        line = y0 + slope * (c - cols / 2) + bend * np.sin(np.pi * col(u(0.5, 1.5)) * c / cols + col(u(0, np.pi)))
        tissue += col(u(8.0, 14.0)) * _band(r - line, 0.012 * H + 0.4)

    # ---- the nerve: size and place of the Kaggle masks -------------------
    # A normal distribution with the Kaggle masks' 10th and 90th percentiles
    # (z = -/+1.2816), kept between 1.5% and 5% of the image.
    p10, p90 = NERVE_AREA_P10_P90
    share = np.clip(rng.normal((p10 + p90) / 2, (p90 - p10) / (2 * 1.2816), n), 0.015, 0.05)
    area = share * rows * cols
    aspect = u(1.2, 1.9)  # wider than deep, as the plexus appears in cross-section
    cr = np.clip(rng.normal(NERVE_DEPTH, 0.06, n), 0.2, 0.55) * H
    cc = np.clip(rng.normal(0.5, 0.12, n), 0.22, 0.78) * cols
    rho, b_axis = _oval(rng, r, c, cr, cc, area, aspect)
    a_axis = aspect * b_axis
    nerve = has_nerve[:, None, None]
    inside = nerve & (rho <= 1.0)
    # Honeycomb: dark fascicles separated by septa about as bright as muscle,
    # in a bright rim (the epineurium); some nerves stand out, some are faint.
    septa = _honeycomb(rng, (rows, cols), cr, cc, b_axis, aspect)
    honeycomb = fascicle_echo(septa)
    tissue = np.where(inside, honeycomb, tissue)
    tissue += nerve * col(u(*_NERVE_RIM_DB)) * _band(rho - 1.0, col(u(0.15, 0.22)))

    # ---- the artery: a dark round disc, no rim, beside the nerve -----------
    has_artery = rng.random(n) < 0.6
    radius = np.sqrt(area * u(0.6, 1.1) / np.pi)
    side = np.where(cc > cols / 2, -1.0, 1.0)  # beside the nerve, not on it
    ar = cr + u(-0.15, 0.15) * H
    ac = cc + side * (a_axis + radius + u(0.05, 0.25) * cols)
    ac = np.where((ac < radius) | (ac > cols - radius), cc - side * (a_axis + radius + 2), ac)
    ar = np.where(~has_nerve, u(0.3, 0.75) * H, ar)
    ac = np.where(~has_nerve, u(0.15, 0.85) * cols, ac)
    dist = np.sqrt((r - col(ar)) ** 2 + (c - col(ac)) ** 2) / col(radius)
    artery = has_artery[:, None, None] & ~inside
    lumen = artery & (dist < 1.0)
    tissue = np.where(lumen, col(u(-24.0, -8.0)), tissue)  # blood: anechoic, up to clutter and gain
    below = (np.abs(c - col(ac)) < col(radius)) & (r > col(ar)) & artery & ~lumen
    tissue += 4.0 * below * np.exp(-(r - col(ar)) / (0.25 * H))  # less attenuation through blood

    # ---- decoys: smaller fascicle clusters with a fainter rim -------------
    # Up to two per image.  Each takes the first of six candidate places
    # that keeps clear of the nerve, the artery and the decoys before it.
    count = rng.choice(len(_DECOYS_PER_IMAGE), size=n, p=_DECOYS_PER_IMAGE)
    obstacles = [(cr, cc, a_axis, has_nerve), (ar, ac, radius, has_artery)]  # centre, radius, present
    decoy = np.zeros((n, rows, cols), dtype=bool)
    for k in range(len(_DECOYS_PER_IMAGE) - 1):
        d_area = u(*_DECOY_AREA) * rows * cols
        d_aspect = u(1.0, 1.6)
        d_size = np.sqrt(d_area * d_aspect / np.pi)  # the semi-major axis
        cand_r = np.clip(rng.normal(NERVE_DEPTH, 0.08, (n, 6)), 0.18, 0.6) * H  # where nerves lie
        cand_c = u(0.12, 0.88, (6,)) * cols
        clear = np.ones((n, 6), dtype=bool)
        for o_r, o_c, o_radius, present in obstacles:
            far = np.hypot(cand_r - o_r[:, None], cand_c - o_c[:, None]) > (o_radius + d_size + 3)[:, None]
            clear &= ~present[:, None] | far
        first = np.argmax(clear, axis=1)
        here = (count > k) & clear.any(axis=1)
        d_r, d_c = cand_r[np.arange(n), first], cand_c[np.arange(n), first]
        d_rho, d_b = _oval(rng, r, c, d_r, d_c, d_area, d_aspect)
        this = here[:, None, None] & (d_rho <= 1.0) & ~inside & ~lumen & ~decoy
        d_septa = _honeycomb(rng, (rows, cols), d_r, d_c, d_b, d_aspect)
        tissue = np.where(this, fascicle_echo(d_septa), tissue)
        tissue += here[:, None, None] * col(u(*_DECOY_RIM_DB)) * _band(d_rho - 1.0, 0.18) * ~inside
        decoy |= this
        obstacles.append((d_r, d_c, d_size, here))

    # ---- imaging -------------------------------------------------------
    # The scanner blurs the reflectivity a little (its point spread function:
    # shorter in depth than sideways, like the speckle grain).
    grain = rows / 40.0  # speckle spot of about 2 pixels at 80 rows
    reflectivity = np.maximum(_smooth(10 ** (tissue / 20), grain / 4, grain / 2), 1e-3)
    amplitude = reflectivity * speckle(rng, n, (rows, cols), grain)
    amplitude *= np.exp(-col(u(0.8, 1.8)) * depth)  # attenuation with depth
    # Log compression: the scanner shows decibels over a fixed dynamic range,
    # with a gain that puts muscle (the median) at a mid gray.
    db = 20 * np.log10(amplitude + 1e-6)
    median = np.median(db, axis=(1, 2))[:, None, None]
    dynamic_range = 40.0
    display = np.clip(col(u(0.35, 0.45)) + (db - median) / dynamic_range, 0.0, 1.0)
    images = (np.round(display * 255) / 255).astype(np.float32)  # 8 bits, as the scanner stores it
    return images, inside.astype(np.uint8), lumen.astype(np.uint8), decoy.astype(np.uint8)


# --------------------------------------------------------------------------
# Overlays: masks drawn on an image, told apart by line style and fill, not colour alone
# --------------------------------------------------------------------------
#: How each kind of mask is drawn over an ultrasound image (colours from
#: :data:`lecturekit.style.PALETTE`).  The truth is a thick solid outline, a
#: prediction a filled area with a thin dashed edge, the artery a dashed and
#: the decoy a dotted outline: each differs from the others in more than colour.
OVERLAY = {
    "nerve": dict(color=PALETTE["sky"], style="-", width=3.0, label="nerve (expert's mask): solid outline"),
    "prediction": dict(color=PALETTE["yellow"], style="--", width=1.5, fill=0.4,
                       label="prediction: filled, dashed edge"),
    "artery": dict(color=PALETTE["vermillion"], style="--", width=2.5, label="artery: dashed outline"),
    "decoy": dict(color=PALETTE["orange"], style=":", width=3.0, label="decoy: dotted outline"),
}


def _axes(ax, name: str = "ax"):
    """``ax`` if it is a matplotlib Axes (anything that draws images and contours), else TypeError."""
    if not (hasattr(ax, "imshow") and hasattr(ax, "contour")):
        raise TypeError(f"{name} must be a matplotlib Axes, got {type(ax).__name__}")
    return ax


def _one_mask(mask, name: str, shape=None) -> np.ndarray:
    """``mask`` as a finite (rows, cols) array (of ``shape``, the image's, if given), else an error naming it."""
    mask = validate.finite(mask, name)
    if mask.ndim != 2:
        raise ValueError(f"{name} must be one (rows, cols) mask, got shape {mask.shape}")
    if shape is not None and mask.shape != shape:
        raise ValueError(f"{name} must have the image's shape {shape}, got {mask.shape}")
    return mask


def draw_mask(ax, mask, kind: str = "nerve", width: float | None = None) -> None:
    """Draw a 0/1 mask of shape (rows, cols) on ``ax`` as :data:`OVERLAY` says for ``kind``.

    Nothing is drawn for an empty mask or ``None``.  ``width`` overrides the
    line width (e.g. thicker in a zoomed-in panel).
    """
    _axes(ax)
    kind = validate.choice(kind, "kind", OVERLAY)
    if width is not None:
        width = validate.positive(width, "width", "line width in points")
    if mask is None:
        return
    mask = _one_mask(mask, "mask")
    if not mask.any():
        return
    style = OVERLAY[kind]
    color = style["color"]
    if style.get("fill"):
        ax.contourf(mask.astype(float), levels=[0.5, 1.5], colors=[color], alpha=style["fill"])
    ax.contour(mask.astype(float), levels=[0.5], colors=[color], linewidths=width or style["width"],
               linestyles=style["style"])


def overlay_legend(fig, kinds=("nerve", "prediction", "artery", "decoy"), **kwargs):
    """A figure legend naming how each kind of :data:`OVERLAY` is drawn (below the panels by default)."""
    from matplotlib.figure import FigureBase
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if not isinstance(fig, FigureBase):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    if isinstance(kinds, (str, bytes)) or not hasattr(kinds, "__iter__"):
        raise TypeError(f"kinds must be a sequence of names from {list(OVERLAY)}, got {type(kinds).__name__} "
                        f"({kinds!r})")
    kinds = [validate.choice(kind, "kind", OVERLAY) for kind in kinds]
    if not kinds:
        raise ValueError(f"kinds must name at least one of {list(OVERLAY)}, got none")
    handles = []
    for kind in kinds:
        style = OVERLAY[kind]
        color = style["color"]
        if style.get("fill"):
            handles.append(Patch(facecolor=color, alpha=style["fill"] + 0.2, edgecolor=color, linestyle=style["style"],
                                 label=style["label"]))
        else:
            handles.append(Line2D([], [], color=color, ls=style["style"], lw=style["width"], label=style["label"]))
    kwargs = {"loc": "outside lower center", "ncols": min(len(handles), 2), "frameon": False, **kwargs}
    return fig.legend(handles=handles, **kwargs)


def show_masks(ax, image, nerve=None, prediction=None, artery=None, decoy=None, *, title: str = "") -> None:
    """An ultrasound image (rows, cols) in gray, values 0..1, with any of the masks of :data:`OVERLAY` drawn on it."""
    _axes(ax)
    image = validate.finite(image, "image")
    if image.ndim != 2:
        raise ValueError(f"image must be one (rows, cols) image, got shape {image.shape}")
    masks = (("prediction", prediction), ("nerve", nerve), ("artery", artery), ("decoy", decoy))
    for kind, mask in masks:
        if mask is not None:
            _one_mask(mask, kind, image.shape)
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    ax.imshow(image, cmap="gray", vmin=0, vmax=1)
    for kind, mask in masks:
        draw_mask(ax, mask, kind)
    if title:
        ax.set_title(title)
    ax.axis("off")


def zoom_window(mask, size=(24, 32)) -> tuple[slice, slice]:
    """The (rows, cols) slices of a ``size`` window centred on a non-empty 0/1 mask, kept inside the image."""
    size = validate.rows_cols(size, "size", square=True)
    mask = _one_mask(mask, "mask")
    rows, cols = np.nonzero(mask)
    if rows.size == 0:
        raise ValueError(f"mask must hold at least one nonzero pixel to zoom in on, got an empty mask of shape "
                         f"{mask.shape}")
    r0 = int(np.clip(rows.mean() - size[0] / 2, 0, max(mask.shape[0] - size[0], 0)))
    c0 = int(np.clip(cols.mean() - size[1] / 2, 0, max(mask.shape[1] - size[1], 0)))
    return slice(r0, r0 + size[0]), slice(c0, c0 + size[1])
