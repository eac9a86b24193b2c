"""The slides and the site as a lecturer and a student use them: from disk, in Chromium, offline.

Builds the decks (``tools.publish slides``) and the site (``tools.publish
site``) into a temporary folder, opens every deck and every site page in
headless Chromium with every request outside that folder blocked (a lecture
hall without Wi-Fi), and checks what the audience would see:

* decks: reveal.js starts, the deck has as many slides as the notebook's
  slideshow metadata asks for, no slide's content overflows the stage (nor has
  a line of code cut off at the right), no raw TeX is visible, nothing was
  requested outside the folder and nothing failed to load;
* site: every page loads with no request outside the folder, renders its math
  and saved sliders, links to the lectures before and after it; the index gives
  each lecture's goals, rendered; search works from disk.

Accessibility (the axe-core audit of every slide and page, speaker notes, the
speaker view) is checked in ``tests/test_accessibility.py``.

Screenshots of each lecture's first and tallest slide go to ``results/slides/``,
with ``heights.txt`` (``python -m tools.slide_heights`` prints the same list
for ``_build/slides``).  Needs Debian's ``chromium`` and ``playwright``
(``tests/browser.py``); skipped without them, except on CI.  Marked
``browser``, ``publish`` and ``slow`` (``pyproject.toml``).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from tests import published
from tests.browser import require_browser, skip_module_without_browser
from tools import publish, slide_heights

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "results" / "slides"
NOTEBOOKS = publish.NOTEBOOKS

skip_module_without_browser()
pytestmark = [pytest.mark.browser, pytest.mark.publish, pytest.mark.slow]


def slideshow_count(path: Path) -> int:
    """Slides the notebook's metadata asks for: each 'slide' and each 'subslide' cell starts one."""
    cells = json.loads(path.read_text())["cells"]
    types = [c["metadata"].get("slideshow", {}).get("slide_type") for c in cells]
    return types.count("slide") + types.count("subslide")


@pytest.fixture(scope="module")
def built():
    """Decks and site, built once per session.  The pinned assets are fetched (or taken from the cache) here."""
    return published.folder()


@pytest.fixture(scope="module")
def browser():
    require_browser()
    with slide_heights.chromium() as b:
        yield b


@pytest.fixture(scope="module")
def decks(built, browser):
    """Every deck measured once; screenshots and the list of heights kept in results/slides/."""
    measured = {}
    for path in NOTEBOOKS:
        deck = built / "slides" / f"{path.stem}.slides.html"
        try:
            measured[path.stem] = slide_heights.measure_deck(browser, deck, screenshots=ARTIFACTS)
        except Exception as error:  # reported by the test of that deck
            measured[path.stem] = error
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "heights.txt").write_text(
        "\n".join(slide_heights.report(d, every=True) if isinstance(d, slide_heights.Deck) else f"{name}: {d!r}"
                  for name, d in measured.items()) + "\n"
    )
    return measured


def deck_of(decks, path) -> slide_heights.Deck:
    deck = decks[path.stem]
    if isinstance(deck, Exception):
        pytest.fail(f"{path.stem}: the deck did not start offline: {deck}")
    return deck


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_starts_offline_and_loads_nothing_from_outside(decks, path):
    deck = deck_of(decks, path)
    assert deck.slides, f"{path.stem}: reveal.js found no slides"
    assert not deck.outside_requests, f"{path.stem} requested files outside its folder: {deck.outside_requests}"
    assert not deck.failed_requests, f"{path.stem}: files of its folder failed to load: {deck.failed_requests}"
    assert not deck.errors, f"{path.stem}: script errors: {deck.errors}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_has_the_slides_the_metadata_asks_for(decks, path):
    shown, expected = len(deck_of(decks, path).slides), slideshow_count(path)
    assert shown == expected, f"{path.stem}: reveal.js shows {shown} slides, the slideshow metadata asks for {expected}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_raw_tex_on_any_slide(decks, path):
    raw = [(s.number, t) for s in deck_of(decks, path).slides for t in s.tex]
    assert not raw, f"{path.stem}: TeX shown as text on slides {raw[:5]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_slide_fits_the_stage(decks, path):
    deck = deck_of(decks, path)
    assert deck.stage == (publish.STAGE_WIDTH, publish.STAGE_HEIGHT)
    if deck.overflowing:
        pytest.fail(f"{len(deck.overflowing)} of {len(deck.slides)} slides do not fit (tag plotting and set-up cells "
                    f"'hide-input', split long cells; screenshots in {ARTIFACTS}):\n" + slide_heights.report(deck))


# -- the site ----------------------------------------------------------------------------------------------------


def open_page(browser, folder: Path, page_path: Path, query: str = ""):
    page, outside, failed, errors = slide_heights.offline_page(browser, folder, viewport=(1280, 900))
    page.goto(page_path.resolve().as_uri() + query, wait_until="load", timeout=slide_heights.READY_TIMEOUT_MS)
    page.wait_for_function("() => !window.MathJax || !MathJax.startup || !MathJax.startup.promise"
                           " || (MathJax.startup.promise.then(() => window.__typeset = true), window.__typeset)",
                           timeout=slide_heights.READY_TIMEOUT_MS)
    return page, outside, failed, errors


def raw_tex(page) -> list[str]:
    return page.evaluate("() => {" + slide_heights.RAW_TEX_FN + "return rawTex(document.body); }")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_site_page_of_each_lecture_works_offline(built, browser, path):
    site = built / "site"
    page, outside, failed, errors = open_page(browser, site, site / f"{path.stem}.html")
    try:
        nb = json.loads(path.read_text())
        if nb["metadata"].get("widgets"):
            page.wait_for_selector(".widget-slider", timeout=30_000)  # the saved sliders, without a kernel
        assert page.locator("mjx-container").count() > 0, f"{path.stem}: no rendered math"
        assert raw_tex(page) == [], f"{path.stem}: TeX shown as text: {raw_tex(page)[:5]}"
        assert page.locator("img[src*='_images/']").count() > 0, f"{path.stem}: no figure"
        neighbours = {a.get_attribute("href") for a in page.locator(".prev-next-area a").all()}
        i = NOTEBOOKS.index(path)
        expected = ({f"{p.stem}.html" for p in NOTEBOOKS[max(i - 1, 0):i + 2] if p != path}
                    | ({"index.html"} if i == 0 else set()))
        assert expected <= neighbours, f"{path.stem}: previous/next links {neighbours}, expected {expected}"
        text = page.evaluate("() => document.body.innerText")
        assert "Traceback" not in text
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"site_{path.stem}.png"))
        assert not outside, f"{path.stem}.html requested files outside the site: {outside}"
        assert not failed, f"{path.stem}.html: files of the site failed to load: {failed}"
        assert not errors, f"{path.stem}.html: script errors: {errors}"
    finally:
        page.context.close()


def test_site_index_gives_every_lecture_with_its_goals_rendered(built, browser):
    site = built / "site"
    page, outside, failed, errors = open_page(browser, site, site / "index.html")
    try:
        text = " ".join(page.evaluate("() => document.querySelector('main').innerText").replace("\u2019", "'").split())
        for path in NOTEBOOKS:
            nb = nbformat.read(path, as_version=4)
            assert page.locator(f"main a[href='{path.stem}.html']").count() >= 1, f"the index does not link {path.name}"
            assert publish.title_of(nb) in text
            goals = publish.goals_of(nb).split("\n- ")
            assert len(goals) >= 3, f"{path.name}: no 'What you will learn' list found"
            for goal in goals:  # each goal whole, as rendered text: no markdown or TeX, not cut short
                words = re.sub(r"\$[^$]*\$|[*`]", " ", goal).split()
                assert " ".join(words[-3:]) in text, f"the index lacks the end of {path.stem}'s goal {goal!r}"
        assert "**" not in text and ";;" not in text and "; ;" not in text
        assert raw_tex(page) == []
        assert page.locator("main a[href$='.ipynb']").count() == len(NOTEBOOKS), "a student notebook per lecture"
        assert not outside and not failed and not errors, (outside, failed, errors)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "site_index.png"), full_page=True)
    finally:
        page.context.close()


def test_site_search_works_from_disk(built, browser):
    site = built / "site"
    page, outside, failed, errors = open_page(browser, site, site / "search.html", "?q=perceptron")
    try:
        results = page.locator("#search-results a")
        results.first.wait_for(timeout=30_000)
        found = {Path(a.get_attribute("href").split("#")[0].split("?")[0]).name for a in results.all()}
        assert "01_neuron.html" in found, f"searching 'perceptron' finds {found}"
        assert not outside and not failed, (outside, failed)
    finally:
        page.context.close()


def test_student_notebooks_download_from_the_site(built):
    downloads = {p.name for p in (built / "site" / "_downloads").rglob("*.ipynb")}
    assert downloads == {p.name for p in NOTEBOOKS}
