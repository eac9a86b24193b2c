"""Slides and the static site are built from the stored notebooks, complete, and load only files beside them.

These checks read the built HTML; ``tests/test_browser_slides.py`` opens it in
Chromium.  The scripts the pages load come from the npm registry at build time,
at pinned versions with checked sha256 (``tools/web_assets.py``); they are
fetched once, before the tests that run with the network blocked.  The tests
that read every lecture's deck or site page are marked ``publish`` and
``slow`` (the build takes minutes), the one that builds a small synthetic deck
``publish`` only.
"""
import hashlib
import io
import json
import tarfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest

from lecturekit.launch import COLAB_BADGE_SVG, COLAB_CELL_MARKER
from tests import published
from tools import publish, web_assets

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


class Loads(HTMLParser):
    """Every URL a page loads by itself (scripts, style sheets, images, frames), not the links a reader follows."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "index", "search", "next", "prev"):
            self.urls.append(a["href"])


def outside_loads(page: Path, folder: Path) -> list[str]:
    """URLs ``page`` loads that are not files inside ``folder``."""
    parser = Loads()
    parser.feed(page.read_text())
    bad = []
    for url in parser.urls:
        if url.startswith("data:"):
            continue
        parsed = urlparse(url)
        target = (page.parent / unquote(parsed.path)).resolve()
        if parsed.scheme or parsed.netloc or not target.is_file() or folder.resolve() not in target.parents:
            bad.append(url)
    return bad


def slide_types(path):
    cells = json.loads(path.read_text())["cells"]
    return [c["metadata"].get("slideshow", {}).get("slide_type") for c in cells]


@pytest.fixture(scope="module")
def assets_cached():
    """The pinned npm tarballs, fetched (or taken from the cache) before the offline tests."""
    web_assets.fetch_all()


@pytest.fixture(scope="module")
def decks(assets_cached):
    slides = published.folder() / "slides"
    return {nb.stem: slides / f"{nb.stem}.slides.html" for nb in NOTEBOOKS}


@pytest.fixture(scope="module")
def site(assets_cached):
    return published.folder() / "site"


# -- slides ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_has_slide_metadata(nb):
    types = slide_types(nb)
    assert None not in types, f"{nb.name}: {types.count(None)} cells lack slideshow metadata (run tools.lecture_cells)"
    assert types[0] == "slide", f"{nb.name} must open with a title slide"


@pytest.mark.publish
@pytest.mark.slow
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_has_the_slides_the_metadata_asks_for_and_none_empty(decks, nb):
    parser = Sections()
    parser.feed(decks[nb.stem].read_text())
    types = slide_types(nb)
    assert parser.slides == types.count("slide")
    assert len(parser.subslides) == types.count("slide") + types.count("subslide")
    empty = [i for i, (text, images) in enumerate(parser.subslides) if not text and not images]
    assert not empty, f"{nb.name}: slides {empty} are empty"


@pytest.mark.publish
@pytest.mark.slow
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_loads_only_files_beside_it(decks, nb):
    deck = decks[nb.stem]
    assert outside_loads(deck, deck.parent) == []
    html = deck.read_text()
    assert COLAB_BADGE_SVG not in html, "the Colab badge must be the local image"
    assert f"width: {publish.STAGE_WIDTH}," in html and f"height: {publish.STAGE_HEIGHT}," in html
    for pinned in ("reveal.js/dist/reveal.js", "mathjax/es5/tex-svg-full.js"):
        assert f"{publish.ASSETS}/{pinned}" in html


def synthetic_lecture(tmp_path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    plot = nbformat.v4.new_code_cell("fig_made_by_hidden_code = 'PLOTTING-CODE'",
                                     metadata={"tags": ["hide-input"], "slideshow": {"slide_type": "-"}})
    plot.outputs = [nbformat.v4.new_output("stream", name="stdout", text="THE-FIGURE\n")]
    lesson = nbformat.v4.new_code_cell("z = w @ x + b  # LESSON-CODE", metadata={"slideshow": {"slide_type": "-"}})
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# 99 · Synthetic\n\n[![Open In Colab]({COLAB_BADGE_SVG})](https://colab.example)",
                                      metadata={"slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_code_cell(f"{COLAB_CELL_MARKER}\nimport sys", metadata={"slideshow": {"slide_type": "skip"}}),
        nbformat.v4.new_markdown_cell("## Weighted sum\n\nThe sum $z = \\sum_i w_i x_i + b$.",
                                      metadata={"slideshow": {"slide_type": "slide"}}),
        lesson,
        plot,
        nbformat.v4.new_code_cell("w = [1, 1]  # SOLUTION-CODE",
                                  metadata={"tags": ["solution"], "jupyter": {"source_hidden": True},
                                            "slideshow": {"slide_type": "skip"}}),
        nbformat.v4.new_code_cell("assert True  # CHECK-CODE",
                                  metadata={"tags": ["check"], "jupyter": {"source_hidden": True},
                                            "slideshow": {"slide_type": "skip"}}),
        nbformat.v4.new_markdown_cell("**Think:** why?", metadata={"slideshow": {"slide_type": "subslide"}}),
        nbformat.v4.new_markdown_cell("Because ANSWER-TEXT.", metadata={
            "tags": ["answer"], "jupyter": {"source_hidden": True}, "slideshow": {"slide_type": "skip"}}),
    ]
    path = tmp_path / "99_synthetic.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.publish  # one small deck: seconds
def test_hide_input_shows_the_output_without_the_code_and_hidden_cells_stay_off_the_slides(assets_cached, tmp_path):
    deck = publish.build_slides(tmp_path / "slides", [synthetic_lecture(tmp_path)])[0]
    html = deck.read_text()
    assert "THE-FIGURE" in html and "PLOTTING-CODE" not in html
    assert "LESSON-CODE" in html
    for hidden in ("SOLUTION-CODE", "CHECK-CODE", "ANSWER-TEXT", COLAB_CELL_MARKER):
        assert hidden not in html
    parser = Sections()
    parser.feed(html)
    assert (parser.slides, len(parser.subslides)) == (2, 3)


def test_speaker_notes_give_each_field_a_paragraph_of_its_own():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("**Say:** a point.\n**Ask:** why?\n**Expect:** because.\n**Time:** 3 min",
                                              metadata={"tags": ["notes"]}),
                nbformat.v4.new_markdown_cell("Prose\n**Time:** stays", metadata={})]
    publish.speaker_notes(nb)
    assert nb.cells[0].source == "**Say:** a point.\n\n**Ask:** why?\n\n**Expect:** because.\n\n**Time:** 3 min"
    assert nb.cells[1].source == "Prose\n**Time:** stays", "only speaker notes are touched"


#: A 1x1 PNG, base64, as stored in a notebook's output.
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="


@pytest.mark.publish  # one small deck: seconds
def test_a_figure_on_a_slide_has_its_description_as_alt_text_and_one_without_says_so(assets_cached, tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("plot()", metadata={"slideshow": {"slide_type": "slide"}})
    described = 'A curve that "rises" steeply, then levels off <at one>.'
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": PIXEL}, metadata={"image/png": {"alt": described}}),
        nbformat.v4.new_output("display_data", data={"image/png": PIXEL}),
    ]
    nb.cells = [cell]
    path = tmp_path / "98_figures.ipynb"
    nbformat.write(nb, path)
    alts = image_alts(publish.build_slides(tmp_path / "slides", [path])[0].read_text())
    assert alts == [described, "No description has been provided for this image"]  # nbconvert's; the audit reports it


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alts = []

    def handle_starttag(self, tag, attrs):
        if tag == "img" and not dict(attrs).get("src", "").endswith("colab-badge.svg"):
            self.alts.append(dict(attrs).get("alt"))


def image_alts(text: str) -> list:
    """The alt text of every image of a page but the Colab badge, unescaped (None where it has none)."""
    parser = Images()
    parser.feed(text)
    return parser.alts


def figure_alts(nb_path: Path) -> list:
    """The alt text of each image output of a notebook, in order (None where it has none)."""
    alts = []
    for cell in json.loads(nb_path.read_text())["cells"]:
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                alts.append(output.get("metadata", {}).get("image/png", {}).get("alt") or None)
    return alts


@pytest.mark.publish
@pytest.mark.slow
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_described_figures_keep_their_description_on_slides_and_site(decks, site, nb):
    described = [alt for alt in figure_alts(nb) if alt]
    for page in (decks[nb.stem], site / f"{nb.stem}.html"):
        shown = image_alts(page.read_text())
        missing = [alt for alt in described if alt not in shown]
        assert not missing, f"{page.name} lacks the descriptions {missing[:3]}"
        named_by_file = [a for a in shown if (a or "").startswith("_images/")]
        assert not named_by_file, f"{page.name}: figures whose alt is their file name {named_by_file[:3]}"


@pytest.mark.publish
@pytest.mark.slow
def test_math_carries_mathml_for_screen_readers_and_axe_stays_out_of_the_pages(decks, site):
    for deck in decks.values():
        assert "assistiveMml: true" in deck.read_text()
    assert '"assistiveMml": true' in (site / f"{NOTEBOOKS[0].stem}.html").read_text()
    for folder in (next(iter(decks.values())).parent, site):
        assert not [p for p in folder.rglob("axe*.js")], f"axe-core (a test tool) was published in {folder}"


# -- site --------------------------------------------------------------------------------------------------------


@pytest.mark.publish
@pytest.mark.slow
def test_site_has_an_index_and_a_page_per_lecture_loading_only_its_own_files(site):
    index = (site / "index.html").read_text()
    for nb in NOTEBOOKS:
        assert f'href="{nb.stem}.html"' in index, f"the index does not link {nb.stem}"
    for page in [site / "index.html", site / "search.html", *(site / f"{nb.stem}.html" for nb in NOTEBOOKS)]:
        assert outside_loads(page, site) == [], f"{page.name} loads files from outside the site"
        assert COLAB_BADGE_SVG not in page.read_text()


@pytest.mark.publish
@pytest.mark.slow
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_site_page_shows_figures_and_saved_widgets(site, nb):
    page = (site / f"{nb.stem}.html").read_text()
    assert "_images/" in page, f"{nb.stem}.html shows no figure"
    if json.loads(nb.read_text())["metadata"].get("widgets"):
        # saved widget state, rendered by the pinned widget manager beside the pages
        assert "application/vnd.jupyter.widget-state+json" in page
        assert "_static/npm/html-manager/dist/embed.js" in page
    assert "_static/npm/mathjax/es5/tex-svg-full.js" in page


def test_site_version_collapses_solutions_and_answers_and_drops_scaffolding(tmp_path):
    nb = publish.site_version(nbformat.read(synthetic_lecture(tmp_path), as_version=4))
    by_marker = {m: next(c for c in nb.cells if m in c.source)
                 for m in ("SOLUTION-CODE", "CHECK-CODE", "ANSWER-TEXT", "PLOTTING-CODE", COLAB_CELL_MARKER)}
    assert "hide-input" in by_marker["SOLUTION-CODE"].metadata["tags"]
    assert "remove-input" in by_marker["CHECK-CODE"].metadata["tags"]
    assert "remove-cell" in by_marker[COLAB_CELL_MARKER].metadata["tags"]
    assert by_marker["PLOTTING-CODE"].metadata["tags"] == ["hide-input"]
    assert by_marker["ANSWER-TEXT"].source.startswith("::::{dropdown} Answer\n")
    assert COLAB_BADGE_SVG not in nb.cells[0].source and web_assets.COLAB_BADGE in nb.cells[0].source


def test_goals_are_the_whole_list_with_continuation_lines():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(
        "# T\n\n**What you will learn**\n\n- one;\n- two, on\n  two lines;\n- three $\\eta$.\n\nMore prose.")]
    assert publish.goals_of(nb) == "- one;\n- two, on\n  two lines;\n- three $\\eta$."
    assert publish.title_of(nb) == "T"


# -- the pinned assets -------------------------------------------------------------------------------------------


def fake_tarball(files: dict) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.fixture
def fake_registry(tmp_path, monkeypatch):
    """A registry on disk with one package, and an empty cache."""
    data = fake_tarball({"dist/tool.js": b"// tool", "README.md": b"not kept"})
    (tmp_path / "registry" / "tool" / "-").mkdir(parents=True)
    (tmp_path / "registry" / "tool" / "-" / "tool-1.0.0.tgz").write_bytes(data)
    monkeypatch.setenv("LECTUREKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(web_assets, "REGISTRY", (tmp_path / "registry").as_uri())
    package = web_assets.Package("tool", "1.0.0", hashlib.sha256(data).hexdigest(), "tool", ("dist/tool.js",))
    monkeypatch.setattr(web_assets, "PACKAGES", (package,))
    return package


def test_assets_are_taken_from_the_registry_once_and_only_the_listed_files(fake_registry, tmp_path):
    written = web_assets.install(tmp_path / "out")
    assert (tmp_path / "out" / "tool" / "dist" / "tool.js").read_bytes() == b"// tool"
    assert not (tmp_path / "out" / "tool" / "README.md").exists()
    assert (tmp_path / "out" / web_assets.COLAB_BADGE).is_file() and len(written) == 2
    (tmp_path / "registry" / "tool" / "-" / "tool-1.0.0.tgz").unlink()  # the cache is enough now
    web_assets.install(tmp_path / "again")
    assert (tmp_path / "again" / "tool" / "dist" / "tool.js").is_file()


def test_an_asset_with_the_wrong_checksum_is_refused(fake_registry, monkeypatch, tmp_path):
    tampered = web_assets.Package("tool", "1.0.0", "0" * 64, "tool", ("dist/tool.js",))
    monkeypatch.setattr(web_assets, "PACKAGES", (tampered,))
    with pytest.raises(RuntimeError, match="expected 0000"):
        web_assets.install(tmp_path / "out")
    assert not (tmp_path / "out" / "tool").exists()


def test_a_missing_asset_says_how_to_get_it(fake_registry, tmp_path):
    (tmp_path / "registry" / "tool" / "-" / "tool-1.0.0.tgz").unlink()
    with pytest.raises(RuntimeError, match="cannot fetch tool@1.0.0.*LECTUREKIT_NPM_REGISTRY"):
        web_assets.install(tmp_path / "out")


def test_every_pinned_package_has_a_version_and_a_sha256():
    for package in (*web_assets.PACKAGES, *web_assets.TEST_PACKAGES):
        assert package.version.count(".") == 2 and all(part.isdigit() for part in package.version.split("."))
        assert len(package.sha256) == 64 and int(package.sha256, 16) >= 0
