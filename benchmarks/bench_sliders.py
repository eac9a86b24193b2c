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
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import test_browser as tb  # noqa: E402 (after sys.path above)

BACKENDS = ("inline", "ipympl")
TARGET_AFTER_S, TARGET_FRAMES = 0.25, 8


def kernel_env(backend: str, tree: Path) -> dict:
    # PYTHONPATH only for another checkout: this one's lecturekit is installed in the environment.
    env = {} if tree == ROOT else {"PYTHONPATH": str(tree)}
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
                    load = os.getloadavg()[0]  # the machine's load as the drags start (uptime's first number)
                    runs = [tb.drag_and_measure(page, cell) for _ in range(repeats)]
                    results[name] = {
                        "after_release_s": statistics.median(r["after_release_s"] for r in runs),
                        "frames": statistics.median(r["frames"] for r in runs),
                        "drag_s": statistics.median(r["drag_s"] for r in runs),
                        "load": round(load, 2),
                        "load_after": round(os.getloadavg()[0], 2),
                        "runs": runs,
                    }
                    print(backend, name, results[name]["after_release_s"], results[name]["frames"],
                          results[name]["drag_s"], load, flush=True)
                    save(results)  # each notebook as soon as it is measured
                finally:
                    page.close()
                    tb.shut_down_kernels(url, token)
        finally:
            browser.close()
            tb.stop_lab(proc)
    return results


def table(results: dict) -> str:
    """One label's results (``{backend: {notebook: result}}``) as a Markdown table, with the targets' verdict."""
    lines = [
        "| notebook | backend | after release (s) | frames during drag | drag took (s) | load (1 min) | targets met |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    names = sorted({n for b in results.values() for n in b})
    for name in names:
        for backend in BACKENDS:
            r = results.get(backend, {}).get(name)
            if r is None:
                continue
            met = r["after_release_s"] <= TARGET_AFTER_S and r["frames"] >= TARGET_FRAMES
            load = f"{r['load']:.1f} to {r['load_after']:.1f}" if "load" in r else ""
            lines.append(f"| {name} | {backend} | {r['after_release_s']:.2f} | {r['frames']:g} | "
                         f"{r.get('drag_s', float('nan')):.1f} | {load} | {'yes' if met else 'no'} |")
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
    text = (f"Dragging each widget notebook's first slider (30 moves meant to take 1.5 s; 'drag took' says how long "
            f"they took), JupyterLab in headless Chromium; medians of {args.repeats} drags. Targets: at most "
            f"{TARGET_AFTER_S} s after release, at least {TARGET_FRAMES} frames. Load: the machine's 1-minute load "
            f"average ({os.cpu_count()} cores) as each notebook's drags began and ended.\n\n")
    for label, results in data.items():
        text += f"### {label}\n\n{table(results)}\n\n"
    (out / "sliders.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
