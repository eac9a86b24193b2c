"""How the slider widgets keep up with a hand, measured in a real browser.

For each widget notebook (JupyterLab in headless Chromium, as the browser
test), runs the lecture, drags the first slider across
its track in 30 mouse moves over 1.5 s, releases, and records

* the seconds from the release until the figure stops changing, and
* the number of different pictures shown while the hand moved,

once per backend: ``inline`` (a new PNG per frame, as on Colab) and
``ipympl`` (JupyterLab's default: the picture becomes an ipympl canvas).
Writes ``results/sliders.md`` and ``results/sliders.json``.

    python benchmarks/bench_sliders.py                  # this checkout
    python benchmarks/bench_sliders.py --tree OLD --label before
        # another checkout's notebooks and lecturekit (e.g. a git archive of an
        # older commit); there "ipympl" means the kernel starts with
        # MPLBACKEND set to ipympl (what `%matplotlib widget` did)

Needs Debian's chromium and playwright, like the browser test.  The numbers
depend on the machine and its load: run it on a quiet one.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import test_browser as tb  # noqa: E402

BACKENDS = ("inline", "ipympl")
TARGET_AFTER_S, TARGET_FRAMES = 0.25, 8


def kernel_env(backend: str, tree: Path) -> dict:
    env = {"PYTHONPATH": str(tree)}
    if (tree / "lecturekit" / "widgets" / "base.py").read_text().count("LECTUREKIT_WIDGETS"):
        env["LECTUREKIT_WIDGETS"] = backend
    elif backend == "ipympl":
        env["MPLBACKEND"] = "module://ipympl.backend_nbagg"
    return env


def measure(tree: Path, backend: str, names: list[str], repeats: int, save=lambda results: None) -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        proc, url, token = tb.start_lab(Path(tmp), tree / "notebooks", kernel_env(backend, tree))
        browser = p.chromium.launch(executable_path=tb.CHROMIUM, args=tb.CHROMIUM_ARGS, headless=True)
        try:
            for name in names:
                index, _ = tb.widget_cell(tree / "notebooks" / f"{name}.ipynb")
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                try:
                    tb.open_notebook(page, url, token, name)
                    tb.run_all_cells(page)
                    cell = page.locator(f"{tb.NOTEBOOK} .jp-Cell").nth(index)
                    cell.scroll_into_view_if_needed()
                    cell.locator(".jp-OutputArea-output img, .jupyter-matplotlib-figure canvas").last.wait_for(
                        timeout=30_000)
                    runs = [tb.drag_and_measure(page, cell) for _ in range(repeats)]
                    results[name] = {
                        "after_release_s": statistics.median(r["after_release_s"] for r in runs),
                        "frames": statistics.median(r["frames"] for r in runs),
                        "runs": runs,
                    }
                    print(backend, name, results[name]["after_release_s"], results[name]["frames"], flush=True)
                    save(results)  # each notebook as soon as it is measured
                finally:
                    page.close()
                    tb.shut_down_kernels(url, token)
        finally:
            browser.close()
            tb.stop_lab(proc)
    return results


def table(data: dict) -> str:
    labels = list(data)
    lines = ["| notebook | backend | " + " | ".join(f"{label}: after release (s) | {label}: frames during drag"
                                                     for label in labels) + " |",
             "|---|---|" + "---:|---:|" * len(labels)]
    names = sorted({n for d in data.values() for b in d.values() for n in b})
    for name in names:
        for backend in BACKENDS:
            cells = []
            for label in labels:
                r = data[label].get(backend, {}).get(name)
                cells += [f"{r['after_release_s']:.2f}", f"{r['frames']:g}"] if r else ["", ""]
            lines.append(f"| {name} | {backend} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="checkout whose notebooks and lecturekit to use")
    parser.add_argument("--label", default="after", help="column label in results/sliders.json")
    parser.add_argument("--backend", choices=BACKENDS, action="append", help="default: both")
    parser.add_argument("--repeats", type=int, default=3, help="drags per notebook (medians are kept)")
    parser.add_argument("notebooks", nargs="*", default=tb.WIDGET_NOTEBOOKS)
    args = parser.parse_args(argv)
    if tb.missing:
        print(f"cannot run: {tb.missing}", file=sys.stderr)
        return 2
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    path = out / "sliders.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    for backend in args.backend or BACKENDS:
        def save(results, backend=backend):
            data.setdefault(args.label, {}).setdefault(backend, {}).update(results)
            path.write_text(json.dumps(data, indent=2) + "\n")

        measure(args.tree.resolve(), backend, args.notebooks, args.repeats, save)
    (out / "sliders.md").write_text(
        "Dragging each widget notebook's first slider (30 moves over 1.5 s), JupyterLab in headless Chromium; "
        f"medians. Targets: at most {TARGET_AFTER_S} s after release, at least {TARGET_FRAMES} frames.\n\n"
        + table(data) + "\n")
    print(table(data))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
