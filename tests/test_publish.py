"""Slides and the static site are built from the stored notebooks, and are complete."""
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tools import publish

NOTEBOOKS = publish.NOTEBOOKS


class Sections(HTMLParser):
    """Collects reveal.js slides: each top-level <section> and the text of its subsections."""

    def __init__(self):
        super().__init__()
        self.depth, self.slides, self.subslides = 0, 0, []
        self._text, self._images = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.depth += 1
            if self.depth == 1:
                self.slides += 1
            elif self.depth == 2:
                self._text, self._images = [], 0
        elif tag in ("img", "svg") and self.depth >= 2:
            self._images += 1

    def handle_endtag(self, tag):
        if tag == "section":
            if self.depth == 2:
                self.subslides.append(("".join(self._text).strip(), self._images))
            self.depth -= 1

    def handle_data(self, data):
        if self.depth >= 2:
            self._text.append(data)


def slide_types(path):
    cells = json.loads(path.read_text())["cells"]
    return [c["metadata"].get("slideshow", {}).get("slide_type") for c in cells]


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    return {deck.name.split(".")[0]: deck for deck in publish.build_slides(out)}


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_has_slide_metadata(nb):
    types = slide_types(nb)
    assert None not in types, f"{nb.name}: {types.count(None)} cells lack slideshow metadata (run tools.lecture_cells)"
    assert types[0] == "slide", f"{nb.name} must open with a title slide"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_has_the_slides_the_metadata_asks_for_and_none_empty(decks, nb):
    parser = Sections()
    parser.feed(decks[nb.stem].read_text())
    types = slide_types(nb)
    assert parser.slides == types.count("slide")
    assert len(parser.subslides) == types.count("slide") + types.count("subslide")
    empty = [i for i, (text, images) in enumerate(parser.subslides) if not text and not images]
    assert not empty, f"{nb.name}: slides {empty} are empty"


def test_site_has_an_index_and_a_page_per_lecture(tmp_path):
    built = publish.build_site(tmp_path)
    index = (tmp_path / "index.html").read_text()
    assert len(built) == len(NOTEBOOKS) + 1
    for nb in NOTEBOOKS:
        assert f'href="{nb.stem}.html"' in index
        page = (tmp_path / f"{nb.stem}.html").read_text()
        assert "data:image/png;base64" in page, f"{nb.stem}.html shows no figure"
        if json.loads(nb.read_text())["metadata"].get("widgets"):
            # saved widget state: the sliders render with their initial values
            assert "application/vnd.jupyter.widget-state+json" in page
