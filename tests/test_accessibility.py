"""The decks and the site meet WCAG 2.1 AA, audited with axe-core in Chromium, offline; every slide has notes.

Builds the decks and the site once (``tests/published.py``), opens each page
and deck from disk with every request outside its folder blocked, injects
axe-core (pinned in ``tools/web_assets.py``, used only here: the published
pages never load it) and runs its WCAG 2.0/2.1 A and AA rules (tags
``wcag2a``, ``wcag2aa``, ``wcag21a``, ``wcag21aa``).  reveal.js shows one
slide at a time, so a deck is audited slide by slide: the whole document on
its first slide (landmarks, language, controls), then each further slide with
all its fragments shown.  A serious or critical violation fails the test,
which names the page (and slide), the rule and the elements.

Also: every slide of every deck has speaker notes (``<aside class="notes">``
with text), and the speaker view (reveal.js's notes plugin) opens offline in
a window of its own showing the current slide's notes.

    python -m tests.test_accessibility FOLDER [OUT.json]

audits the decks in ``FOLDER/slides`` and the pages in ``FOLDER/site`` (as
built by ``python -m tools.publish``) and prints, per page, the violations by
impact and by rule (with ``OUT.json``, writes them there too).

Needs Debian's ``chromium`` and ``playwright`` (``tests/browser.py``).
Marked ``browser``, ``publish`` and ``slow``.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tools import publish, slide_heights, web_assets

NOTEBOOKS = publish.NOTEBOOKS
#: The rule sets audited: WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS = ("critical", "serious", "moderate", "minor")
#: axe-core reads the pages' style sheets (for rules such as css-orientation-lock) by fetching them again,
#: which Chromium refuses for file:// pages unless told otherwise; the pages themselves are not affected.
AXE_CHROMIUM_ARGS = ("--allow-file-access-from-files",)
#: Impacts that fail a test.
BLOCKING = ("critical", "serious")

#: The project's own rule, beside axe-core's: axe accepts any alt text, even a file name or nbconvert's
#: placeholder, but a figure of a lecture must be described (WCAG 1.1.1; ``tools/describe.py``).
FIGURE_RULE = "figure-described"
NO_DESCRIPTION = "No description has been provided for this image"

AXE_RUN_JS = """
async ([where, tags, rule, placeholder]) => {
  const context = where === "slide" ? Reveal.getCurrentSlide() : document;
  const result = await axe.run(context, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  const violations = result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html.slice(0, 200), impact: n.impact,
                                summary: (n.failureSummary || "").slice(0, 300)}))
  }));
  const root = window.Reveal ? Reveal.getCurrentSlide() : document;  // a deck: each slide's own figures
  const figures = root.querySelectorAll(".jp-OutputArea-output img, .cell_output img");
  const bare = [...figures].filter((img) => {
    const alt = (img.getAttribute("alt") || "").trim();
    return alt === "" || alt === placeholder || /^_images\\/|\\.(png|jpe?g|svg|gif)$/i.test(alt);
  });
  if (bare.length) {
    violations.push({id: rule, impact: "critical",
      help: "Figures must be described: the cell's metadata alt (tools/describe.py), not a file name or placeholder",
      nodes: bare.map((img) => {
        const cell = img.closest("[id^='cell-id']");  // a deck's cell; on the site, the section and figure number
        const section = img.closest("section[id]");
        const where = cell ? "#" + cell.id + " img" : "figure " + ([...figures].indexOf(img) + 1) + " of the page"
          + (section ? ", in section#" + section.id : "");
        return {target: where, html: img.outerHTML.replace(/base64,[^"]{40,}/, "base64,...").slice(0, 200),
                impact: "critical", summary: "alt=" + JSON.stringify(img.getAttribute("alt"))};
      })});
  }
  return violations;
}
"""


def inject_axe(page) -> None:
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(content=web_assets.axe_source())  # inline: no request, nothing outside the folder


def axe_violations(page, where: str = "document") -> list[dict]:
    """axe-core's WCAG A/AA violations on the open page (``where="slide"``: only reveal.js's current slide)."""
    inject_axe(page)
    return page.evaluate(AXE_RUN_JS, [where, WCAG_TAGS, FIGURE_RULE, NO_DESCRIPTION])


def summary(violations: list[dict]) -> dict:
    """Counts of failing elements by impact and by rule, and the rules with their elements."""
    by_impact, by_rule = Counter(), Counter()
    for v in violations:
        for node in v["nodes"]:
            by_impact[node["impact"] or v["impact"]] += 1
            by_rule[v["id"]] += 1
    return {
        "by_impact": {i: by_impact.get(i, 0) for i in IMPACTS},
        "by_rule": dict(by_rule.most_common()),
        "violations": violations,
    }


def audit_deck(browser, deck: Path) -> dict:
    """Every slide of ``deck`` audited; the same element failing the same rule counts once."""
    page, outside, failed, errors = slide_heights.offline_page(browser, deck.parent)
    merged, seen = {}, set()
    try:
        slide_heights.open_deck(page, deck)
        slides = page.evaluate("() => Reveal.getSlides().map((s) => Reveal.getIndices(s))")
        for number, at in enumerate(slides):
            page.evaluate(f"() => Reveal.slide({at['h']}, {at['v'] or 0}, 999)")
            page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
            label = f"{at['h'] + 1}.{at['v'] + 1}" if at["v"] else f"{at['h'] + 1}"
            for v in axe_violations(page, "document" if number == 0 else "slide"):
                entry = merged.setdefault(v["id"], {**v, "nodes": []})
                for node in v["nodes"]:
                    key = (v["id"], node["target"], node["html"])
                    if key not in seen:
                        seen.add(key)
                        entry["nodes"].append({**node, "slide": label})
    finally:
        page.context.close()
    result = summary([v for v in merged.values() if v["nodes"]])
    result.update(slides=len(slides), outside_requests=outside, failed_requests=failed, errors=errors)
    return result


def open_site_page(browser, site: Path, path: Path):
    page, outside, failed, errors = slide_heights.offline_page(browser, site, viewport=(1280, 900))
    page.goto(path.resolve().as_uri(), wait_until="load", timeout=slide_heights.READY_TIMEOUT_MS)
    page.wait_for_function("() => !window.MathJax || !MathJax.startup || !MathJax.startup.promise"
                           " || (MathJax.startup.promise.then(() => window.__typeset = true), window.__typeset)",
                           timeout=slide_heights.READY_TIMEOUT_MS)
    if page.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
        page.wait_for_selector(".widget-slider", timeout=30_000)
        page.wait_for_timeout(500)  # the widgets' labels typeset
    return page, outside, failed, errors


def audit_site_page(browser, site: Path, path: Path) -> dict:
    page, outside, failed, errors = open_site_page(browser, site, path)
    try:
        result = summary(axe_violations(page))
    finally:
        page.context.close()
    result.update(outside_requests=outside, failed_requests=failed, errors=errors)
    return result


def site_pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def audit_folder(browser, folder: Path) -> dict:
    """``{"slides/NAME": summary, "site/NAME": summary}`` for every deck and site page in ``folder``."""
    results = {}
    for deck in sorted((folder / "slides").glob("*.slides.html")):
        results[f"slides/{deck.name}"] = audit_deck(browser, deck)
    for page in site_pages(folder / "site"):
        results[f"site/{page.name}"] = audit_site_page(browser, folder / "site", page)
    return results


def describe(name: str, result: dict) -> str:
    """One line per page: counts by impact, then the rules and how many elements fail each."""
    impacts = ", ".join(f"{k} {v}" for k, v in result["by_impact"].items())
    rules = ", ".join(f"{k} {v}" for k, v in result["by_rule"].items()) or "none"
    return f"{name}: {impacts}\n    rules: {rules}"


def blocking(result: dict, where: str) -> list[str]:
    """The serious and critical violations, one line per element: page (slide), rule, element."""
    lines = []
    for v in result["violations"]:
        for node in v["nodes"]:
            if (node["impact"] or v["impact"]) in BLOCKING:
                slide = f" slide {node['slide']}" if "slide" in node else ""
                lines.append(f"{where}{slide}: {v['id']} ({node['impact'] or v['impact']}: {v['help']}) "
                             f"at {node['target']}: {node['html'][:120]}")
    return lines


# -- speaker notes, read from the deck's HTML -------------------------------------------------------------------


class SlideNotes(HTMLParser):
    """The text of the ``<aside class="notes">`` of every innermost ``<section>`` (a slide) of a deck."""

    def __init__(self):
        super().__init__()
        self.stack = []  # open sections: [has a child section, notes text or None]
        self.slides = []  # (slide label, notes text or None)
        self.h, self.v = -1, -1
        self._aside_depth = 0
        self._aside = []

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            if self.stack:  # a slide of a vertical stack: numbered h.v as reveal.js does, its first one h
                self.stack[-1][0] = True
                self.v += 1
            else:
                self.h, self.v = self.h + 1, -1
            self.stack.append([False, None, f"{self.h + 1}.{self.v + 1}" if self.v > 0 else f"{self.h + 1}"])
        elif tag == "aside" and "notes" in (dict(attrs).get("class") or "").split():
            self._aside_depth, self._aside = 1, []
        elif self._aside_depth and tag == "aside":
            self._aside_depth += 1

    def handle_endtag(self, tag):
        if tag == "aside" and self._aside_depth:
            self._aside_depth -= 1
            if not self._aside_depth and self.stack:
                text = " ".join("".join(self._aside).split())
                self.stack[-1][1] = (self.stack[-1][1] or "") + text
        elif tag == "section" and self.stack:
            has_child, notes, label = self.stack.pop()
            if not has_child:
                self.slides.append((label, notes))

    def handle_data(self, data):
        if self._aside_depth:
            self._aside.append(data)


def notes_of(deck: Path) -> list[tuple[str, str | None]]:
    parser = SlideNotes()
    parser.feed(deck.read_text())
    return parser.slides


# -- the tests -----------------------------------------------------------------------------------------------------

if __name__ != "__main__":
    from tests import published
    from tests.browser import require_browser, skip_module_without_browser

    skip_module_without_browser()
    pytestmark = [pytest.mark.browser, pytest.mark.publish, pytest.mark.slow]


@pytest.fixture(scope="module")
def built():
    return published.folder()


@pytest.fixture(scope="module")
def browser():
    require_browser()
    with slide_heights.chromium(*AXE_CHROMIUM_ARGS) as b:
        yield b


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_slide_of_each_deck_meets_wcag_aa(built, browser, path):
    deck = built / "slides" / f"{path.stem}.slides.html"
    result = audit_deck(browser, deck)
    assert not result["outside_requests"], result["outside_requests"]
    found = blocking(result, deck.name)
    assert not found, f"{len(found)} serious/critical WCAG violations (axe-core):\n" + "\n".join(found[:40])


@pytest.mark.parametrize("name", ["index", "search", "genindex", *(p.stem for p in NOTEBOOKS)])
def test_every_site_page_meets_wcag_aa(built, browser, name):
    site = built / "site"
    result = audit_site_page(browser, site, site / f"{name}.html")
    assert not result["outside_requests"], result["outside_requests"]
    found = blocking(result, f"{name}.html")
    assert not found, f"{len(found)} serious/critical WCAG violations (axe-core):\n" + "\n".join(found[:40])


def misnamed_controls(page) -> list[str]:
    """Slider handles, readouts and menus of the saved widgets whose accessible name is not their visible label."""
    boxes = page.locator(".widget-inline-hbox:has(> .widget-label)")
    wrong = []
    for i in range(boxes.count()):
        box = boxes.nth(i)
        label = " ".join(box.locator("> .widget-label").inner_text().split())
        for role, selector in (("slider", "[role=slider]"), ("textbox", ".widget-readout"), ("combobox", "select")):
            present = box.locator(selector).count()
            named = box.get_by_role(role, name=label, exact=True, include_hidden=True).count()
            if present != named:
                wrong.append(f"{role} labelled {label!r}: {present - named} of {present} not named after it")
    return wrong


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if json.loads(p.read_text())["metadata"].get("widgets")],
                         ids=lambda p: p.stem)
def test_sliders_are_named_after_their_labels(built, browser, path):
    """A screen reader announces each slider, readout and menu by the label the audience sees beside it."""
    site = built / "site"
    page, _, _, _ = open_site_page(browser, site, site / f"{path.stem}.html")
    try:
        assert page.locator(".widget-inline-hbox").count() > 0, f"{path.stem}: no widgets drawn"
        wrong = misnamed_controls(page)
    finally:
        page.context.close()
    deck = built / "slides" / f"{path.stem}.slides.html"
    page, _, _, _ = slide_heights.offline_page(browser, deck.parent)
    try:
        slide_heights.open_deck(page, deck)
        wrong += [f"slides: {w}" for w in misnamed_controls(page)]
    finally:
        page.context.close()
    assert not wrong, f"{path.stem}: " + "; ".join(wrong)


def test_the_site_has_no_page_the_audit_misses(built):
    audited = {"index", "search", "genindex", *(p.stem for p in NOTEBOOKS)}
    assert {p.stem for p in site_pages(built / "site")} == audited


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_slide_has_speaker_notes(built, path):
    slides = notes_of(built / "slides" / f"{path.stem}.slides.html")
    assert slides, f"{path.stem}: no slides"
    bare = [label for label, notes in slides if not notes]
    assert not bare, (f"{path.stem}: {len(bare)} of {len(slides)} slides have no speaker notes (a markdown cell "
                      f"tagged 'notes' ends each slide): slides {', '.join(bare)}")


def test_speaker_view_opens_offline_with_the_current_slides_notes(built, browser):
    """reveal.js's notes plugin opens its speaker view in a window of its own, from the deck's folder only."""
    folder = built / "slides"
    for path in NOTEBOOKS:  # the first deck with notes
        deck = folder / f"{path.stem}.slides.html"
        with_notes = [(i, label) for i, (label, notes) in enumerate(notes_of(deck)) if notes]
        if with_notes:
            break
    else:
        pytest.fail("no deck has speaker notes")
    page, outside, failed, errors = slide_heights.offline_page(browser, folder)
    inside = folder.resolve().as_uri() + "/"
    page.context.on("requestfailed", lambda r: failed.append(r.url) if r.url.startswith(inside) else None)
    try:
        slide_heights.open_deck(page, deck)
        index = with_notes[0][0]
        at = page.evaluate(f"() => Reveal.getIndices(Reveal.getSlides()[{index}])")
        page.evaluate(f"() => Reveal.slide({at['h']}, {at['v'] or 0})")
        expected = " ".join(page.evaluate(
            "() => [...Reveal.getCurrentSlide().querySelectorAll(':scope > aside.notes')]"
            ".map((a) => a.innerText).join(' ')").split())
        assert expected
        with page.context.expect_page(timeout=30_000) as popup_info:
            page.evaluate("() => Reveal.getPlugin('notes').open()")
        popup = popup_info.value
        popup.wait_for_load_state("load")
        popup.wait_for_function("() => { const n = document.querySelector('.speaker-controls-notes .value');"
                                " return n && n.innerText.trim().length > 0; }", timeout=30_000)
        shown = " ".join(popup.evaluate(
            "() => document.querySelector('.speaker-controls-notes .value').innerText").split())
        assert shown[:60] == expected[:60], (
            f"the speaker view shows {shown[:200]!r}, the slide's notes are {expected[:200]!r}")
        popup.wait_for_timeout(1000)  # the current and upcoming slide frames load
        assert not outside, f"the speaker view requested files outside the folder: {outside}"
        assert not failed, f"the speaker view: files of the folder failed to load: {failed}"
    finally:
        page.context.close()


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    folder = Path(argv[0])
    with slide_heights.chromium(*AXE_CHROMIUM_ARGS) as b:
        results = audit_folder(b, folder)
    for name, result in results.items():
        print(describe(name, result), flush=True)
    if len(argv) > 1:
        Path(argv[1]).write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
