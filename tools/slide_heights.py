"""How tall is each slide?  Opens every deck in headless Chromium, offline, and measures.

    python -m tools.slide_heights [FOLDER] [--all]    (default FOLDER: _build/slides)

Build the decks first (``bash run.sh slides``).  For every deck it prints the
slides that do not fit the stage (taller or wider than it, or with a line of
code cut off at the right edge), with their height in stage pixels and their
heading, and the tallest slide; ``--all`` lists every slide.  To make a slide
fit: tag a cell whose code is not the lesson (plotting, set-up) ``hide-input``
so only its figure shows, split a long cell, make a figure smaller, or turn
long prose into a subslide.

Each deck is opened from disk with every request outside its folder blocked,
as in a lecture hall without Wi-Fi; the tests use the same functions
(``tests/test_browser_slides.py``).  Needs Debian's ``chromium`` and the
``playwright`` package (never a downloaded browser build).
"""
from __future__ import annotations

import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
READY_TIMEOUT_MS = 60_000

# Text a reader sees that still holds TeX: math MathJax did not render.  Code is left out.
RAW_TEX_FN = r"""
function rawTex(root) {
  const skip = "pre, code, script, style, textarea, mjx-container, .jp-InputArea";
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => node.parentElement && node.parentElement.closest(skip)
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT
  });
  const found = [];
  const inline = /\$[^$\n]*[\\^_{][^$\n]*\$/;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    if (["$$", "\\(", "\\[", "\\begin"].some((t) => text.includes(t)) || inline.test(text)) {
      found.push(text.replace(/\s+/g, " ").trim().slice(0, 100));
    }
  }
  return found;
}
"""
MEASURE_JS = """
() => {
  """ + RAW_TEX_FN + """
  const config = Reveal.getConfig();
  const slides = [];
  for (const section of Reveal.getSlides()) {
    const at = Reveal.getIndices(section);
    Reveal.slide(at.h, at.v, 999);  // every fragment shown: the slide at its fullest
    let cut = 0;
    for (const pre of section.querySelectorAll("pre")) {
      if (pre.scrollWidth > pre.clientWidth + 1) cut += 1;
    }
    const heading = section.querySelector("h1, h2, h3, h4");
    const text = (heading ? heading.innerText : section.innerText).replace(/\\u00b6/g, " ");
    slides.push({h: at.h, v: at.v, height: section.scrollHeight, width: section.scrollWidth, cut: cut,
                 title: text.replace(/\\s+/g, " ").trim().slice(0, 70), tex: rawTex(section)});
  }
  Reveal.slide(0, 0, 0);
  return {width: config.width, height: config.height, slides: slides};
}
"""


@dataclass
class Slide:
    h: int
    v: int
    height: int
    width: int
    cut: int  # code blocks whose lines run past the right edge
    title: str
    tex: list[str]  # text that still shows TeX source
    stage: tuple[int, int]

    @property
    def overflows(self) -> bool:
        width, height = self.stage
        return self.height > height or self.width > width or self.cut > 0

    @property
    def number(self) -> str:
        return f"{self.h + 1}.{self.v + 1}" if self.v else f"{self.h + 1}"


@dataclass
class Deck:
    path: Path
    stage: tuple[int, int]
    slides: list[Slide]
    outside_requests: list[str] = field(default_factory=list)  # requests that left the deck's folder (blocked)
    failed_requests: list[str] = field(default_factory=list)  # requests inside the folder that failed
    errors: list[str] = field(default_factory=list)  # uncaught script errors

    @property
    def overflowing(self) -> list[Slide]:
        return [s for s in self.slides if s.overflows]

    @property
    def tallest(self) -> Slide:
        return max(self.slides, key=lambda s: s.height)


@contextmanager
def chromium(*extra_args: str):
    """A headless Debian Chromium driven by playwright (``extra_args``: more command-line switches)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args], headless=True)
        try:
            yield browser
        finally:
            browser.close()


def offline_page(browser, folder: Path, viewport=(1280, 720)):
    """A page that may load only files inside ``folder``; returns (page, outside, failed, errors) lists it fills."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, service_workers="block")
    page = context.new_page()
    inside = folder.resolve().as_uri() + "/"
    outside, failed, errors = [], [], []

    def route(r):
        url = r.request.url
        if url.startswith(inside) or url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            outside.append(url)
            r.abort("blockedbyclient")

    context.route("**/*", route)
    page.on("request", lambda req: None if req.url.startswith((inside, "data:", "blob:", "about:"))
            or req.url in outside else outside.append(req.url))
    page.on("requestfailed", lambda req: failed.append(req.url) if req.url.startswith(inside) else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, outside, failed, errors


def open_deck(page, deck: Path) -> None:
    """Open ``deck`` and wait until reveal.js, MathJax and the widgets (if any) are ready."""
    page.goto(deck.resolve().as_uri() + "#/", wait_until="load", timeout=READY_TIMEOUT_MS)
    page.wait_for_function("() => window.Reveal && Reveal.isReady && Reveal.isReady()", timeout=READY_TIMEOUT_MS)
    page.wait_for_function("() => document.documentElement.dataset.mathReady === 'true'", timeout=READY_TIMEOUT_MS)
    page.wait_for_function(
        "() => !document.querySelector('script[type=\"application/vnd.jupyter.widget-view+json\"]')"
        " || document.querySelector('.widget-slider, .jupyter-widgets')",
        timeout=READY_TIMEOUT_MS,
    )
    page.evaluate("() => Reveal.layout()")


def measure_deck(browser, deck: Path, screenshots: Path | None = None) -> Deck:
    """Every slide of ``deck`` measured; with ``screenshots``, its first and tallest slide saved there."""
    page, outside, failed, errors = offline_page(browser, deck.parent)
    try:
        open_deck(page, deck)
        measured = page.evaluate(MEASURE_JS)
        stage = (measured["width"], measured["height"])
        result = Deck(deck, stage, [Slide(stage=stage, **s) for s in measured["slides"]], outside, failed, errors)
        if screenshots is not None:
            screenshots.mkdir(parents=True, exist_ok=True)
            name = deck.name.split(".")[0]
            for label, slide in (("first", result.slides[0]), ("longest", result.tallest)):
                page.evaluate(f"() => Reveal.slide({slide.h}, {slide.v}, 999)")
                page.wait_for_timeout(300)
                page.screenshot(path=str(screenshots / f"{name}_{label}.png"))
    finally:
        page.context.close()
    return result


def report(deck: Deck, every: bool = False) -> str:
    name = deck.path.name.split(".")[0]
    tallest = deck.tallest
    lines = [
        f"{name}: {len(deck.slides)} slides, {len(deck.overflowing)} do not fit "
        f"the {deck.stage[0]}x{deck.stage[1]} stage; "
        f"tallest: slide {tallest.number}, {tallest.height} px ({tallest.title!r})"
    ]
    for s in deck.slides if every else deck.overflowing:
        notes = []
        if s.height > deck.stage[1]:
            notes.append(f"{s.height - deck.stage[1]} px too tall")
        if s.width > deck.stage[0]:
            notes.append(f"{s.width - deck.stage[0]} px too wide")
        if s.cut:
            notes.append(f"{s.cut} code block(s) cut off at the right")
        lines.append(f"  slide {s.number:>6}  {s.height:5d} px  {s.title[:60]!r}  {'; '.join(notes) or 'fits'}")
    if deck.outside_requests:
        lines.append(f"  requests outside the folder (blocked): {deck.outside_requests}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    every = "--all" in argv
    args = [a for a in argv if a != "--all"]
    if any(a.startswith("-") for a in args):
        print(__doc__)
        return 2
    folder = Path(args[0]) if args else ROOT / "_build" / "slides"
    decks = sorted(folder.glob("*.slides.html"))
    if not decks:
        print(f"no decks in {folder}: build them first (bash run.sh slides)", file=sys.stderr)
        return 2
    with chromium() as browser:
        for path in decks:
            print(report(measure_deck(browser, path), every), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
