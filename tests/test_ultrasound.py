"""lecturekit.ultrasound: run-length encoding, the Kaggle-layout loader, phantoms."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image

from lecturekit import ultrasound as us


# --------------------------------------------------------------------------
# Run-length encoding
# --------------------------------------------------------------------------
# Pixels are numbered down each column, then across:   1 4 7
#                                                      2 5 8
#                                                      3 6 9
HAND_MADE = [
    (np.zeros((3, 3)), ""),
    (np.ones((3, 3)), "1 9"),
    (np.array([[1, 0, 0], [1, 0, 0], [0, 0, 0]]), "1 2"),
    (np.array([[0, 0, 0], [0, 0, 0], [1, 1, 0]]), "3 1 6 1"),  # a row is not a run
    (np.array([[0, 1, 0], [0, 1, 0], [1, 1, 0]]), "3 4"),  # runs continue into the next column
    (np.array([[0, 0, 1], [0, 0, 0], [0, 0, 1]]), "7 1 9 1"),
    (np.array([[0, 0, 0], [0, 0, 0], [0, 0, 1]]), "9 1"),  # the last pixel
    (np.array([[1, 0], [1, 1], [0, 1]]), "1 2 5 2"),  # 3 rows x 2 columns
    (np.array([[0, 1, 1], [1, 1, 1]]), "2 5"),  # 2 rows x 3 columns: pixel 1 is the only background
]


@pytest.mark.parametrize("mask, rle", HAND_MADE)
def test_rle_of_hand_made_masks(mask, rle):
    assert us.rle_encode(mask) == rle
    np.testing.assert_array_equal(us.rle_decode(rle, mask.shape), mask)


def test_rle_treats_any_nonzero_as_foreground_and_decodes_to_uint8():
    mask = np.array([[0, 255], [True, 0]])
    assert us.rle_encode(mask) == "2 2"
    decoded = us.rle_decode("2 2", (2, 2))
    assert decoded.dtype == np.uint8 and set(np.unique(decoded)) == {0, 1}


@given(
    hnp.arrays(np.uint8, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=12), elements=st.integers(0, 1))
)
@settings(max_examples=50, deadline=None)
def test_rle_round_trip_is_exact(mask):
    rle = us.rle_encode(mask)
    np.testing.assert_array_equal(us.rle_decode(rle, mask.shape), mask)
    runs = np.array(rle.split(), dtype=int).reshape(-1, 2)
    assert runs[:, 1].sum() == mask.sum()
    # Runs are maximal: the next run starts after a gap of at least one pixel.
    assert np.all(runs[1:, 0] > runs[:-1, 0] + runs[:-1, 1])


def test_rle_on_the_competition_size():
    rng = np.random.default_rng(0)
    mask = np.zeros(us.KAGGLE_SHAPE, dtype=np.uint8)
    mask[100:160, 200:290] = 1
    rle = us.rle_encode(mask)
    first_start, first_length = map(int, rle.split()[:2])
    assert first_start == 200 * 420 + 100 + 1 and first_length == 60
    assert len(rle.split()) == 2 * 90  # one run per column
    noisy = (rng.random(us.KAGGLE_SHAPE) < 0.1).astype(np.uint8)
    np.testing.assert_array_equal(us.rle_decode(us.rle_encode(noisy), us.KAGGLE_SHAPE), noisy)


@pytest.mark.parametrize(
    "rle, message",
    [
        ("1 2 3", "pairs"),
        ("0 2", "outside"),
        ("8 3", "outside"),
        ("1 0", "length 0"),
        ("1 3 2 2", "overlapping"),
        ("1 x", "integers"),
        ("-1 2", "integers"),
    ],
)
def test_rle_decode_rejects_bad_strings(rle, message):
    with pytest.raises(ValueError, match=message):
        us.rle_decode(rle, (3, 3))


def test_rle_argument_errors():
    with pytest.raises(ValueError, match="2-D"):
        us.rle_encode(np.zeros((2, 2, 2)))
    with pytest.raises(TypeError, match="rle must be a str"):
        us.rle_decode([1, 2], (3, 3))


# --------------------------------------------------------------------------
# The Kaggle-layout loader, on small .tif files made here
# --------------------------------------------------------------------------
SHAPE = (42, 58)  # the competition's 420 x 580, ten times smaller


def _write(path, array):
    Image.fromarray(np.asarray(array, dtype=np.uint8)).save(path, format="TIFF")


def _nerve_folder(root, subjects=(1, 2, 3, 4, 5), images_per_subject=3, seed=0):
    """A miniature copy of the Kaggle layout: subject s's images are filled with value 10 * s."""
    rng = np.random.default_rng(seed)
    train = root / "train"
    train.mkdir(parents=True)
    masks = {}
    for s in subjects:
        for i in range(1, images_per_subject + 1):
            _write(train / f"{s}_{i}.tif", np.full(SHAPE, 10 * s))
            mask = np.zeros(SHAPE, dtype=np.uint8)
            if (s + i) % 2:
                r, c = rng.integers(0, 20), rng.integers(0, 30)
                mask[r : r + 20, c : c + 28] = 255
            _write(train / f"{s}_{i}_mask.tif", mask)
            masks[s, i] = mask
    test = root / "test"
    test.mkdir()
    for i in (2, 10, 1):
        _write(test / f"{i}.tif", np.full(SHAPE, i))
    return masks


def test_loader_reads_resizes_normalizes_and_splits_by_subject(tmp_path, capsys):
    masks = _nerve_folder(tmp_path)
    data = us.load_nerve(tmp_path, size=(21, 29), val_fraction=0.4, seed=0)
    assert "15 images of 5 subjects" in capsys.readouterr().out
    assert data.x_train.shape[1:] == (21, 29) and data.x_train.dtype == np.float32
    assert len(data.x_train) + len(data.x_val) == 15
    # Whole subjects on each side: 2 of 5 subjects (40%) held out.
    assert len(set(data.subjects_val)) == 2
    assert not set(data.subjects_train) & set(data.subjects_val)
    # Each image still belongs to its subject (value 10 * s, scaled to [0, 1]).
    images = np.concatenate([data.x_train, data.x_val])
    for x, s in zip(images, np.concatenate([data.subjects_train, data.subjects_val])):
        np.testing.assert_allclose(x, 10 * s / 255, rtol=1e-5)
    # Masks are 0/1, resized, and as large (relative to the image) as the originals.
    ids = data.ids_train + data.ids_val
    y = np.concatenate([data.y_train, data.y_val])
    assert y.dtype == np.uint8 and set(np.unique(y)) <= {0, 1}
    for key, m in zip(ids, y):
        s, i = map(int, key.split("_"))
        original = masks[s, i] > 0
        assert m.any() == original.any()
        assert abs(m.mean() - original.mean()) < 0.08


def test_split_by_subject_is_seeded_and_never_splits_a_subject():
    subjects = np.repeat(np.arange(10), 7)
    train, val = us.split_by_subject(subjects, 0.3, seed=1)
    again = us.split_by_subject(subjects, 0.3, seed=1)[1]
    np.testing.assert_array_equal(val, again)
    assert len(np.unique(subjects[val])) == 3
    assert not set(subjects[train]) & set(subjects[val])
    other = us.split_by_subject(subjects, 0.3, seed=2)[1]
    assert not np.array_equal(val, other)
    with pytest.raises(ValueError, match="val_fraction"):
        us.split_by_subject(subjects, 1.0)
    with pytest.raises(ValueError, match="no training subject"):
        us.split_by_subject(np.array([1, 1, 1]), 0.5)


def test_loader_reads_the_environment_variable(tmp_path, monkeypatch):
    _nerve_folder(tmp_path)
    monkeypatch.setenv("LECTUREKIT_NERVE_DIR", str(tmp_path))
    assert us.nerve_dir() == tmp_path
    data = us.load_nerve(size=(14, 20), verbose=False)
    assert data.x_train.shape[1:] == (14, 20)
    monkeypatch.delenv("LECTUREKIT_NERVE_DIR")
    assert us.nerve_dir() is None
    with pytest.raises(FileNotFoundError, match="LECTUREKIT_NERVE_DIR"):
        us.load_nerve()


def test_missing_folder_names_it_and_says_how_to_get_the_data(tmp_path, monkeypatch):
    missing = tmp_path / "nowhere"
    with pytest.raises(FileNotFoundError, match="nowhere.*kaggle competitions download"):
        us.load_nerve(missing)
    monkeypatch.setenv("LECTUREKIT_NERVE_DIR", str(missing))
    with pytest.raises(FileNotFoundError, match="environment variable LECTUREKIT_NERVE_DIR"):
        us.nerve_dir()
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="no train/ folder"):
        us.load_nerve(tmp_path / "empty")


def test_mask_without_its_image_is_named(tmp_path):
    _nerve_folder(tmp_path)
    (tmp_path / "train" / "3_2.tif").unlink()
    with pytest.raises(FileNotFoundError, match=r"3_2_mask\.tif has no image.*3_2\.tif"):
        us.load_nerve(tmp_path, verbose=False)


def test_image_without_its_mask_is_named(tmp_path):
    _nerve_folder(tmp_path)
    (tmp_path / "train" / "2_1_mask.tif").unlink()
    with pytest.raises(FileNotFoundError, match=r"2_1\.tif has no mask"):
        us.load_nerve(tmp_path, verbose=False)


def test_badly_named_or_mismatched_files_are_named(tmp_path):
    _nerve_folder(tmp_path)
    _write(tmp_path / "train" / "extra.tif", np.zeros(SHAPE))
    with pytest.raises(ValueError, match=r"extra\.tif does not follow"):
        us.load_nerve(tmp_path, verbose=False)
    (tmp_path / "train" / "extra.tif").unlink()
    _write(tmp_path / "train" / "1_1_mask.tif", np.zeros((10, 10)))
    with pytest.raises(ValueError, match=r"1_1_mask\.tif has shape \(10, 10\)"):
        us.load_nerve(tmp_path, verbose=False)


def test_mask_with_values_other_than_0_and_255_is_named(tmp_path):
    _nerve_folder(tmp_path)
    _write(tmp_path / "train" / "4_3_mask.tif", np.full(SHAPE, 17))
    with pytest.raises(ValueError, match=r"4_3_mask\.tif holds values \[17\].*only 0 \(background\) and 255"):
        us.load_nerve(tmp_path, verbose=False)


def test_damaged_tif_is_named(tmp_path):
    _nerve_folder(tmp_path)
    (tmp_path / "train" / "1_1.tif").write_bytes(b"not a tiff")
    with pytest.raises(OSError, match=r"1_1\.tif"):
        us.load_nerve(tmp_path, verbose=False)


def test_test_images_and_submission(tmp_path):
    _nerve_folder(tmp_path)
    ids, x = us.load_nerve_test(tmp_path, size=(21, 29))
    assert ids == [1, 2, 10]  # numeric order, not "1, 10, 2"
    np.testing.assert_allclose(x[:, 0, 0], np.array([1, 2, 10]) / 255, rtol=1e-5)
    masks = np.zeros((3, 21, 29), dtype=np.uint8)
    masks[1, 5:10, 6:12] = 1
    path = us.write_submission(tmp_path / "submission.csv", ids, masks, shape=SHAPE)
    lines = path.read_text().splitlines()
    assert lines[0] == "img,pixels" and lines[1] == "1," and lines[3] == "10,"
    img, rle = lines[2].split(",")
    full = us.rle_decode(rle, SHAPE)
    assert img == "2" and full[10:20, 12:24].all() and full.sum() == pytest.approx(4 * masks.sum(), rel=0.3)
    with pytest.raises(ValueError, match="len\\(ids\\)"):
        us.write_submission(tmp_path / "s.csv", ids[:2], masks)


def test_resize_masks_threshold_at_half():
    m = np.zeros((1, 4, 4), dtype=np.uint8)
    m[0, :2, :2] = 255
    small = us.resize(m, (2, 2), masks=True)
    np.testing.assert_array_equal(small[0], [[1, 0], [0, 0]])
    with pytest.raises(ValueError, match="size"):
        us.resize(m, (0, 2))


# --------------------------------------------------------------------------
# Phantoms
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def phantoms():
    return us.make_phantoms(400, (64, 88), seed=3, arteries=True)


@pytest.fixture(scope="module")
def nerves():
    """600 images that all show a nerve, for the statistics of its size and place."""
    return us.make_phantoms(600, (64, 88), seed=5, nerve_fraction=1.0)[1]


def test_phantoms_shapes_types_and_range(phantoms):
    x, y, _ = phantoms
    assert x.shape == y.shape == (400, 64, 88)
    assert x.dtype == np.float32 and y.dtype == np.uint8
    assert 0 <= x.min() and x.max() <= 1 and set(np.unique(y)) == {0, 1}
    np.testing.assert_allclose(x * 255, np.round(x * 255), atol=1e-3)  # 8-bit gray levels, as a scanner stores them


def test_phantoms_match_the_kaggle_statistics(phantoms):
    _, y, _ = phantoms
    has = y.any(axis=(1, 2))
    assert abs(has.mean() - us.NERVE_FRACTION) < 0.01  # about 41% with a nerve, 59% empty
    assert round(1 - us.NERVE_FRACTION, 3) == 0.588  # 3312 of 5635 masks in train_masks.csv are empty


@pytest.mark.parametrize("size", [(64, 88), (80, 112)])
def test_phantom_nerves_have_the_size_of_the_kaggle_masks(nerves, size):
    y = nerves if size == (64, 88) else us.make_phantoms(600, size, seed=6, nerve_fraction=1.0)[1]
    assert y.any(axis=(1, 2)).all()
    area = y.mean(axis=(1, 2))
    p10, p90 = us.NERVE_AREA_P10_P90
    # 80% of the nerves cover 2.1-3.9% of the image; 600 nerves pin each percentile to about 0.1 point.
    assert abs(np.percentile(area, 10) - p10) < 0.002 and abs(np.percentile(area, 90) - p90) < 0.002
    assert area.min() > 0.012 and area.max() < 0.06  # no speck, no giant


def test_phantom_nerves_lie_where_the_kaggle_nerves_lie(nerves):
    rows, cols = nerves.shape[1:]
    centres = np.array([np.argwhere(m).mean(axis=0) for m in nerves]) / [rows, cols]
    assert abs(centres[:, 0].mean() - us.NERVE_DEPTH) < 0.02  # about a third of the way down
    assert np.mean((centres[:, 0] > 0.2) & (centres[:, 0] < 0.5)) > 0.9  # in the upper half, below the fat
    assert abs(centres[:, 1].mean() - 0.5) < 0.03 and centres[:, 1].std() > 0.08  # around the middle, spread out


def test_phantoms_are_seeded():
    a = us.make_phantoms(5, 32, seed=7)
    b = us.make_phantoms(5, 32, seed=7)
    c = us.make_phantoms(5, 32, seed=8)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_phantom_nerve_is_hypoechoic_inside_a_bright_rim(phantoms):
    x, y, artery = phantoms
    has = np.flatnonzero(y.any(axis=(1, 2)))
    inside, rim, around = [], [], []
    for i in has[:60]:
        m = y[i].astype(bool)
        grown = _dilate(m, 2)
        ring = _dilate(m, 6) & ~grown & ~_dilate(artery[i].astype(bool), 3)  # the tissue around, not the artery
        edge = grown & ~_erode(m, 2)
        inside.append(x[i][_erode(m, 2)].mean())
        rim.append(x[i][edge].mean())
        around.append(x[i][ring].mean())
    inside, rim, around = map(np.array, (inside, rim, around))
    assert np.mean(inside < around) > 0.9  # darker than its surroundings
    assert np.mean(rim > inside) > 0.9  # the rim is brighter than the fascicles it wraps


def test_phantom_speckle_is_multiplicative_and_grainy():
    # A uniform region's amplitude is Rayleigh: in log compression, its
    # spread does not depend on the mean level (multiplicative noise).
    rng = np.random.default_rng(0)
    s = us.speckle(rng, 20, (64, 64), grain=2.0)
    assert s.min() >= 0 and abs(np.mean(s**2) - 1) < 1e-6
    # Rayleigh: mean / rms = sqrt(pi) / 2
    assert abs(s.mean() - np.sqrt(np.pi) / 2) < 0.02
    # Grainy: neighbouring pixels are correlated (a spot spans several pixels).
    d = s - s.mean()
    corr = np.mean(d[:, :, 1:] * d[:, :, :-1]) / np.mean(d * d)
    white = us.speckle(rng, 20, (64, 64), grain=0.01)
    dw = white - white.mean()
    assert corr > 0.5 and abs(np.mean(dw[:, :, 1:] * dw[:, :, :-1]) / np.mean(dw * dw)) < 0.1


def test_phantom_artery_is_a_dark_round_rimless_confounder():
    x, y, artery = us.make_phantoms(300, (64, 88), seed=4, arteries=True)
    has = artery.any(axis=(1, 2))
    assert 0.5 < has.mean() < 0.7  # in about 60% of the images
    assert has[y.any(axis=(1, 2))].any() and has[~y.any(axis=(1, 2))].any()  # with and without a nerve
    assert not np.any(artery & y)  # never part of the nerve mask
    darker, round_, rimless = [], [], []
    for i in np.flatnonzero(has)[:60]:
        a = artery[i].astype(bool)
        ring = _dilate(a, 2) & ~a
        outside = _dilate(a, 8) & ~_dilate(a, 4) & ~y[i].astype(bool)
        darker.append(x[i][_erode(a, 1)].mean() < x[i][outside].mean())
        rows, cols = np.nonzero(a)
        h, w = np.ptp(rows) + 1, np.ptp(cols) + 1
        round_.append(0.8 < h / w < 1.25 and a.sum() > 0.65 * h * w)  # a disc fills pi/4 of its box
        rimless.append(x[i][ring].mean() < x[i][outside].mean() + 0.05)
    assert np.mean(darker) > 0.95 and np.mean(round_) > 0.95 and np.mean(rimless) > 0.8
    # Without arteries=True the same seed gives the same images and masks.
    x2, y2 = us.make_phantoms(300, (64, 88), seed=4)
    np.testing.assert_array_equal(x2, x)
    np.testing.assert_array_equal(y2, y)


def test_phantom_decoys_look_like_smaller_nerves_where_nerves_lie():
    x, y, artery, decoy = us.make_phantoms(400, (64, 88), seed=4, arteries=True, decoys=True)
    rows, cols = y.shape[1:]
    has_nerve, has_decoy = y.any(axis=(1, 2)), decoy.any(axis=(1, 2))
    assert 0.42 < has_decoy.mean() < 0.58  # in about half of the images
    assert has_decoy[has_nerve].mean() > 0.35 and has_decoy[~has_nerve].mean() > 0.35  # with a nerve or without
    assert not np.any(decoy & y) and not np.any(decoy & artery)  # never part of the nerve mask, nor the artery
    blobs = [(i, b) for i in np.flatnonzero(has_decoy) for b in _blobs(decoy[i].astype(bool))]
    assert 1.1 < len(blobs) / has_decoy.sum() < 1.45  # one decoy or two (about 1.25 per image that has any)
    area = np.array([b.mean() for _, b in blobs])
    nerve_area = y[has_nerve].mean(axis=(1, 2))
    assert area.min() > 0.006 and area.max() < 0.024  # 0.8-2% of the image
    assert np.percentile(area, 90) < np.percentile(nerve_area, 10)  # smaller than almost every nerve
    depth = np.array([np.nonzero(b)[0].mean() / rows for _, b in blobs])
    assert abs(depth.mean() - us.NERVE_DEPTH) < 0.04  # where the nerves lie, so that depth gives nothing away
    # Dark fascicles inside a rim, like the nerve's but fainter on average.
    contrast = {"decoy": [], "nerve": []}
    for kind, cases in (("decoy", blobs), ("nerve", [(i, y[i].astype(bool)) for i in np.flatnonzero(has_nerve)])):
        for i, m in cases[:80]:
            others = _dilate(artery[i].astype(bool) | y[i].astype(bool) | decoy[i].astype(bool), 3) & ~_dilate(m, 3)
            ring = _dilate(m, 6) & ~_dilate(m, 2) & ~others
            edge = _dilate(m, 2) & ~_erode(m, 2)
            contrast[kind].append((x[i][_erode(m, 2) if _erode(m, 2).any() else m].mean(), x[i][edge].mean(),
                                   x[i][ring].mean()))
    decoys_, nerves_ = np.array(contrast["decoy"]), np.array(contrast["nerve"])
    assert np.mean(decoys_[:, 0] < decoys_[:, 2]) > 0.85  # darker than the tissue around (0.89-0.96 over seeds)
    assert np.mean(decoys_[:, 1] > decoys_[:, 0]) > 0.9  # a rim brighter than the fascicles
    rim_decoy, rim_nerve = (decoys_[:, 1] - decoys_[:, 0]).mean(), (nerves_[:, 1] - nerves_[:, 0]).mean()
    assert rim_decoy < rim_nerve  # fainter on average


def test_phantom_decoys_change_nothing_else():
    x, y, artery = us.make_phantoms(50, (64, 88), seed=4, arteries=True)
    x2, y2, artery2, decoy = us.make_phantoms(50, (64, 88), seed=4, arteries=True, decoys=True)
    for a, b in ((x, x2), (y, y2), (artery, artery2)):
        np.testing.assert_array_equal(a, b)
    assert decoy.dtype == np.uint8 and set(np.unique(decoy)) == {0, 1}
    x3, y3, decoy3 = us.make_phantoms(50, (64, 88), seed=4, decoys=True)  # the decoys come last
    np.testing.assert_array_equal(decoy3, decoy)


def test_phantom_deeper_tissue_is_darker(phantoms):
    x, y, _ = phantoms
    rows = x[~y.any(axis=(1, 2))].mean(axis=(0, 2))
    assert rows[10:20].mean() > rows[-12:].mean()


def test_phantom_argument_errors():
    with pytest.raises(ValueError, match="n must be"):
        us.make_phantoms(-1)
    with pytest.raises(ValueError, match="size"):
        us.make_phantoms(2, (8, 8))
    with pytest.raises(ValueError, match="nerve_fraction"):
        us.make_phantoms(2, 32, nerve_fraction=1.5)
    x, y = us.make_phantoms(0, 32)
    assert x.shape == y.shape == (0, 32, 32)
    x, y = us.make_phantoms(4, 32, nerve_fraction=1.0)
    assert y.any(axis=(1, 2)).all()


def _dilate(m, k):
    out = m.copy()
    for _ in range(k):
        grown = out.copy()
        grown[1:] |= out[:-1]
        grown[:-1] |= out[1:]
        grown[:, 1:] |= out[:, :-1]
        grown[:, :-1] |= out[:, 1:]
        out = grown
    return out


def _erode(m, k):
    return ~_dilate(~m, k)


def _blobs(m):
    """The 4-connected blobs of a boolean mask, each as a boolean mask."""
    left, out = m.copy(), []
    while left.any():
        blob = np.zeros_like(m)
        blob[tuple(np.argwhere(left)[0])] = True
        while True:
            grown = _dilate(blob, 1) & left
            if (grown == blob).all():
                break
            blob = grown
        out.append(blob)
        left &= ~blob
    return out


# --------------------------------------------------------------------------
# Overlays: masks on an image, told apart by line style and fill
# --------------------------------------------------------------------------
def test_overlay_kinds_differ_in_more_than_colour_and_use_the_palette():
    from lecturekit.style import PALETTE

    looks = {(style["style"], bool(style.get("fill"))) for style in us.OVERLAY.values()}
    assert len(looks) == len(us.OVERLAY)  # line style or fill alone tells each kind apart
    assert all(style["color"] in PALETTE.values() for style in us.OVERLAY.values())


def test_draw_mask_outlines_fills_and_skips_empty_masks():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    mask = np.zeros((20, 30), np.uint8)
    us.draw_mask(ax, None)
    us.draw_mask(ax, mask)
    assert not ax.collections  # nothing drawn for a missing or empty mask
    mask[5:10, 5:12] = 1
    us.draw_mask(ax, mask, "nerve")
    outlines = len(ax.collections)
    us.draw_mask(ax, mask, "prediction")
    assert outlines >= 1 and len(ax.collections) > 2 * outlines - 1  # the prediction adds a fill and an edge
    with pytest.raises(ValueError, match="unknown kind 'vein'; choose one of"):
        us.draw_mask(ax, mask, "vein")
    with pytest.raises(ValueError, match="one \\(rows, cols\\) mask"):
        us.draw_mask(ax, mask[None])
    legend = us.overlay_legend(fig)
    assert [t.get_text() for t in legend.get_texts()] == [s["label"] for s in us.OVERLAY.values()]
    plt.close(fig)


def test_show_masks_and_zoom_window():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    image = np.linspace(0, 1, 40 * 50).reshape(40, 50)
    mask = np.zeros((40, 50), np.uint8)
    mask[36:39, 45:49] = 1  # near the corner: the window must stay inside the image
    rows, cols = us.zoom_window(mask, (24, 32))
    assert (rows.start, rows.stop, cols.start, cols.stop) == (16, 40, 18, 50)
    assert mask[rows, cols].sum() == mask.sum()
    with pytest.raises(ValueError, match="empty"):
        us.zoom_window(np.zeros((4, 4)))
    assert us.zoom_window(mask, 24) == us.zoom_window(mask, (24, 24))  # one int: a square window
    assert us.zoom_window(mask.astype(bool), (24, 32)) == (rows, cols)  # a boolean mask works as well
    fig, ax = plt.subplots()
    us.show_masks(ax, image, nerve=mask, prediction=mask, title="x")
    assert ax.get_title() == "x" and not ax.axison and ax.images
    drawn = len(ax.images), len(ax.collections)
    with pytest.raises(ValueError, match=r"nerve must have the image's shape \(40, 50\), got \(24, 32\)"):
        us.show_masks(ax, image, nerve=mask[rows, cols])
    assert (len(ax.images), len(ax.collections)) == drawn  # checked before anything is drawn
    plt.close(fig)
