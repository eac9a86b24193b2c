"""The widgets work in a real browser: JupyterLab driven by headless Chromium.

Starts JupyterLab on 127.0.0.1 with a random port and token, serving a copy of
the notebooks (so nothing the browser saves touches the repository), opens
each lecture that has slider widgets, runs it up to and including the cell of
its first slider widget (Kernel > "Restart Kernel and Run up to Selected
Cell", as a lecturer does to show a slider), drags the first slider
(30 mouse moves over 1.5 s, as a hand does), once with each way frames reach
the screen (an ipympl canvas, JupyterLab's default, and inline pictures, as
on Colab), and checks from screenshots that
the figure beside it changed, that it ends at the slider's final value (the
values the kernel last drew are the sliders', asked on a second connection
to the kernel until no frame is due), that the kernel's picture is
matplotlib's ordinary one, that the browser's pixels of the figure are that
picture, that the figure fits the output area's
width, and that no cell shows an error or a traceback.  Screenshots
and the measured frames (``sliders.json``: frames during the drag, seconds
from the release until the figure stops changing; timings are recorded, not
asserted) are kept in ``results/browser/``.  ``benchmarks/bench_sliders.py``
measures the same drag for both backends.

The cells below the widget cell are not run here; the widget needs none of
them, and none of the cells above it trains a network (in 05 and 06 the
slider comes before the training: those cells take about 8 s of the
notebooks' 80 s and 110 s).  Where the rest is covered: nbval (the test
command's run of ``notebooks/*.ipynb``) runs every notebook whole in a kernel
with ipywidgets and fails on any error or changed output; the kernel side of
every lecture widget, the later ones included, is tested in
``tests/test_widgets*.py``.

Needs Debian's ``chromium`` (``/usr/bin/chromium``) and the ``playwright``
Python package (never a downloaded browser build; ``tests/browser.py``).
Without them the test is skipped, except on CI (``CI=true``), where it fails.
Marked ``browser`` and ``slow`` (``pyproject.toml``).
"""
from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, MISSING, require_browser, skip_module_without_browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "results" / "browser"
WIDGET_NOTEBOOKS = ["01_neuron", "02_activations", "03_losses", "05_sgd", "07_cnn"]
RUN_TIMEOUT_S = 420
missing = MISSING  # why no browser can run here, or None (benchmarks/bench_sliders.py asks)

skip_module_without_browser()
pytestmark = [pytest.mark.browser, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(root: Path, notebooks: Path, kernel_env: dict | None = None):
    """JupyterLab serving a copy of ``notebooks/*.ipynb`` under ``root``; returns (process, url, token).

    ``kernel_env`` is added to the environment of the server and so of its
    kernels (e.g. ``LECTUREKIT_WIDGETS``, ``PYTHONPATH``).
    """
    # Only the .ipynb files: served without their twins, jupytext leaves them as stored.
    (root / "notebooks").mkdir(parents=True, exist_ok=True)
    for nb in notebooks.glob("*.ipynb"):
        shutil.copy(nb, root / "notebooks")
    # Render every cell (no windowing), so errors anywhere in a notebook are visible
    # to the test, and never ask about news.
    settings = root / "settings"
    for plugin, content in {
        "notebook-extension/tracker": '{"windowingMode": "none"}',
        "apputils-extension/notification": '{"fetchNews": "false"}',
    }.items():
        path = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(root / ".runtime"), JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(root / "workspaces"),
               TF_CPP_MIN_LOG_LEVEL="3", **(kernel_env or {}))
    log = open(root / "lab.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         "--ServerApp.port_retries=0", "--allow-root", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError(f"JupyterLab did not start:\n{(root / 'lab.log').read_text()[-3000:]}")
            time.sleep(0.5)
    proc.log = log
    return proc, url, token


def stop_lab(proc):
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    proc.log.close()


#: how the kernels of one JupyterLab show slider frames (``LECTUREKIT_WIDGETS``)
BACKENDS = ("auto", "inline")  # "auto": an ipympl canvas, JupyterLab's default


@pytest.fixture(scope="module", params=BACKENDS)
def lab(tmp_path_factory, request):
    require_browser()
    root = tmp_path_factory.mktemp("lab")
    proc, url, token = start_lab(root, ROOT / "notebooks", {"LECTUREKIT_WIDGETS": request.param})
    yield url, token, root, request.param
    stop_lab(proc)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def changed_fraction(png_a: bytes, png_b: bytes) -> float:
    """Fraction of pixels that differ between two screenshots."""
    import numpy as np
    from PIL import Image

    a = np.asarray(Image.open(io.BytesIO(png_a)).convert("L"), dtype=np.int16)
    b = np.asarray(Image.open(io.BytesIO(png_b)).convert("L"), dtype=np.int16)
    if a.shape != b.shape:
        return 1.0
    return float((np.abs(a - b) > 16).mean())


def screenshot(locator, tries: int = 5) -> bytes:
    """Element screenshot that retries while the output is being re-rendered."""
    from playwright.sync_api import Error

    for attempt in range(tries):
        try:
            return locator.screenshot(timeout=10_000)
        except Error:
            if attempt == tries - 1:
                raise
            time.sleep(0.5)


NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in the active tab


def prompts(page) -> list[str]:
    """The input prompts ("[3]:") of the code cells; a cell whose code is hidden has an empty one, left out."""
    texts = page.locator(f"{NOTEBOOK} .jp-CodeCell .jp-InputPrompt").all_text_contents()
    return [t for t in texts if t.strip()]


def kernel_status(page) -> str:
    return page.locator(f"{NOTEBOOK} .jp-Notebook-ExecutionIndicator").first.get_attribute("data-status") or ""


def shut_down_kernels(url: str, token: str):
    """Free each notebook's kernel (and its memory) before the next one starts."""
    import json

    sessions = json.load(urllib.request.urlopen(f"{url}/api/sessions?token={token}", timeout=10))
    for session in sessions:
        request = urllib.request.Request(f"{url}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request, timeout=30)


def menu(page, top: str, item: str):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{top}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}")).first.click()


def accept_dialog(page, timeout_s: float = 5.0):
    """Press the accept button of a JupyterLab dialog, if one shows up."""
    button = page.locator(".jp-Dialog .jp-mod-accept")
    try:
        button.wait_for(state="visible", timeout=timeout_s * 1000)
    except Exception:
        return
    button.click()


def clear_outputs(page):
    """Clear the stored outputs, so that a cell shows an execution count only once this run has reached it."""
    time.sleep(3)  # a kernel that has only just reported "idle" may still be connecting
    for _ in range(5):
        menu(page, "Edit", "Clear Outputs of All Cells")
        time.sleep(1)
        if not any(re.search(r"\d", p) for p in prompts(page)):
            return
    raise AssertionError("could not clear the stored outputs before running")


# In the page: the input prompt of each code cell among the first ``n`` cells (empty where the code is hidden).
PROMPTS_JS = """(n) => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')]
  .slice(0, n).filter(c => c.classList.contains('jp-CodeCell'))
  .map(c => { const p = c.querySelector('.jp-InputPrompt'); return p ? p.textContent : ''; })"""


def wait_until_run(page, cells: int | None = None):
    """Wait until the kernel is idle and every code cell among the first ``cells`` (default: all) shows a count.

    Fails at once when a cell shows an error (running stops at a cell that fails).
    """
    deadline = time.time() + RUN_TIMEOUT_S
    idle_since = None
    while time.time() < deadline:
        time.sleep(0.5)
        if page.locator(".jp-Dialog").count():  # e.g. "Select Kernel" on a slow start
            accept_dialog(page, 1)
        error = page.locator(f'{NOTEBOOK} [data-mime-type="application/vnd.jupyter.error"]')
        if error.count():  # say which error, at once
            raise AssertionError(f"a cell failed while running: {error.first.inner_text()[-1500:]}")
        if kernel_status(page) != "idle":
            idle_since = None
            continue
        idle_since = idle_since or time.time()
        shown = prompts(page) if cells is None else [p for p in page.evaluate(PROMPTS_JS, cells) if p.strip()]
        done = shown and all(re.search(r"\[\d+\]", p) for p in shown)
        if done and time.time() - idle_since > 2:
            return
    raise AssertionError(f"the notebook did not finish running within {RUN_TIMEOUT_S} s")


def run_all_cells(page):
    """Clear the stored outputs, restart the kernel, run every cell, wait for the end (benchmarks/bench_sliders.py)."""
    clear_outputs(page)
    menu(page, "Kernel", "Restart Kernel and Run All Cells")
    accept_dialog(page)
    wait_until_run(page)


def run_up_to_cell(page, index: int):
    """Clear the stored outputs, select cell ``index``, "Restart Kernel and Run up to Selected Cell", wait.

    The cells above it and the cell itself run, as a lecturer runs a notebook
    up to the slider they want to show; the cells below stay unrun.
    """
    clear_outputs(page)
    cell = page.locator(f"{NOTEBOOK} .jp-Cell").nth(index)
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputPrompt").first.click()  # selects the cell (command mode), as a click in its margin does
    assert "jp-mod-active" in (cell.get_attribute("class") or ""), f"cell {index} was not selected by a click"
    menu(page, "Kernel", "Restart Kernel and Run up to Selected Cell")
    accept_dialog(page)
    wait_until_run(page, cells=index + 1)
    below = [p for p in page.evaluate(PROMPTS_JS, 10_000)[len(page.evaluate(PROMPTS_JS, index + 1)):]
             if re.search(r"\d", p)]
    assert not below, f"cells below the selected cell {index} ran too: {below}"


def widget_cell(notebook: Path) -> tuple[int, str]:
    """Index and variable name of the notebook's first widget: the first cell whose output is a widget view.

    Such a cell ends with the widget's name (``explorer = NeuronExplorer(...)`` then ``explorer``).
    """
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                                            for o in cell.get("outputs", [])):
            name = cell.source.strip().splitlines()[-1].strip()
            assert name.isidentifier(), f"{notebook.name}: the widget cell must end with the widget's name"
            return i, name
    raise AssertionError(f"{notebook.name} has no widget")


def open_notebook(page, url, token, name):
    # ?reset: a fresh workspace, so tabs of the previous notebook are not restored
    page.goto(f"{url}/lab/tree/notebooks/{name}.ipynb?reset&token={token}")
    page.wait_for_selector(f"{NOTEBOOK} .jp-CodeCell", timeout=60_000)
    page.wait_for_selector(f'{NOTEBOOK} .jp-Notebook-ExecutionIndicator[data-status="idle"]', state="attached",
                           timeout=60_000)


# In the page: watch the figure beside a slider and note each time it changes,
# with the time of the mouse's press and release (performance.now(), ms).
WATCH_JS = """(cell) => {
  const out = cell.querySelector('.jp-Cell-outputArea') || cell;
  const signature = () => {
    const canvas = out.querySelector('.jupyter-matplotlib-figure canvas');
    if (canvas && canvas.width) {
      const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let h = 0;
      for (let i = 0; i < d.length; i += 4) h = (Math.imul(h, 31) + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) | 0;
      return 'canvas ' + h;
    }
    const img = out.querySelector('img');
    return img ? img.src : '';
  };
  const w = window.__watch = {changes: [], down: null, up: null, last: signature(), on: true};
  document.addEventListener('mousedown', () => { w.down = performance.now(); }, true);
  document.addEventListener('mouseup', () => { w.up = performance.now(); }, true);
  const tick = () => {
    const s = signature();
    if (s !== w.last) { w.changes.push(performance.now()); w.last = s; }
    if (w.on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


def drag_and_measure(page, cell, moves: int = 30, seconds: float = 1.5, quiet_s: float = 2.0) -> dict:
    """Drag the cell's first slider across its track in ``moves`` mouse moves over ``seconds``, release.

    Returns the seconds from the release until the figure last changed
    (``after_release_s``), the number of different pictures shown while the
    hand moved (``frames``), and the slider's readout at the end.
    """
    handle = cell.locator(".widget-slider .noUi-handle").first
    cell.evaluate(WATCH_JS)
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    track = handle.locator("xpath=ancestor::div[contains(@class, 'noUi-target')][1]").bounding_box()
    # drag towards the far side of the track, so a slider at either end still moves
    middle = track["x"] + track["width"] / 2
    target = track["x"] + track["width"] * (0.15 if x > middle else 0.85)
    page.mouse.move(x, y)
    page.mouse.down()
    start = time.monotonic()
    for k in range(1, moves + 1):
        page.mouse.move(x + (target - x) * k / moves, y)
        time.sleep(max(0.0, start + seconds * k / moves - time.monotonic()))  # on schedule, however slow a move
    page.mouse.up()
    deadline = time.time() + 20
    while time.time() < deadline:  # until the figure has been still for quiet_s
        time.sleep(0.25)
        w = page.evaluate("() => ({changes: window.__watch.changes, up: window.__watch.up, now: performance.now()})")
        last = max(w["changes"], default=w["up"])
        if w["now"] - max(last, w["up"]) > 1000 * quiet_s:
            break
    w = page.evaluate("() => { window.__watch.on = false; return window.__watch; }")
    during = [t for t in w["changes"] if w["down"] <= t <= w["up"]]
    after = [t for t in w["changes"] if t > w["up"]]
    readout = cell.locator(".widget-slider .widget-readout").first
    return {
        "after_release_s": round(max(0.0, (max(after) - w["up"]) / 1000) if after else 0.0, 3),
        "frames": len(during),
        "drag_s": round((w["up"] - w["down"]) / 1000, 2),
        "changes_after_release_s": [round((t - w["up"]) / 1000, 3) for t in after],
        "readout": (readout.inner_text() or readout.input_value() if readout.count() else "").strip(),
    }


def kernel_says(root: Path, url: str, token: str, code: str, until=None, every_s: float = 0.25,
                timeout_s: float = 10.0):
    """What ``code`` prints in the (only) running kernel, asked on a second connection to it.

    The last printed line is read as JSON.  With ``until`` (a test of that
    answer) the kernel is asked again every ``every_s`` seconds, each time a
    short request so that its event loop runs the frames still due in between,
    until the answer passes or ``timeout_s`` is over; the last answer is returned.
    """
    import json

    from jupyter_client import BlockingKernelClient

    (session,) = json.load(urllib.request.urlopen(f"{url}/api/sessions?token={token}", timeout=10))
    client = BlockingKernelClient(connection_file=str(root / ".runtime" / f"kernel-{session['kernel']['id']}.json"))
    client.load_connection_file()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=30)
        deadline = time.monotonic() + timeout_s
        while True:
            printed = []
            reply = client.execute_interactive(
                code, timeout=30, output_hook=lambda m: printed.append(m["content"].get("text", "")))
            text = "".join(printed).strip()
            assert reply["content"]["status"] == "ok" and text, f"the kernel could not answer: {reply['content']}"
            answer = json.loads(text.splitlines()[-1])
            if until is None or until(answer) or time.monotonic() > deadline:
                return answer
            time.sleep(every_s)
    finally:
        client.stop_channels()


# In the kernel: what the widget shows and why it might not yet show the sliders'
# values (a frame still due, values waiting, a frame that failed), and its own
# rendering of the figure, saved for comparison with the browser's pixels.
STATE_PY = """import json, numpy as np
w = {variable}
s = next(k for k, c in w.controls.items() if hasattr(c, 'readout_format'))
values = {{k: c.value for k, c in w.controls.items()}}
canvas = w.fig.canvas
with w.fig.draw_lock:
    pixels = (np.asarray(canvas.buffer_rgba()).copy() if hasattr(canvas, 'buffer_rgba')
              else np.zeros((0, 0, 4), np.uint8))
    buf = __import__('io').BytesIO()
    w.fig.savefig(buf, format='rgba', dpi=w.fig.dpi)  # matplotlib's ordinary picture, every artist drawn anew
np.save({path!r}, pixels)
ordinary = np.frombuffer(buf.getvalue(), np.uint8)
print(json.dumps(dict(slider=s, values=values, shown=w.shown, current=w.shown == values, due=w.frame_due,
                      ordinary=ordinary.size == pixels.size and bool((ordinary == pixels.reshape(-1)).all()),
                      failed=getattr(w, 'failed', None), canvas=type(canvas).__module__ + '.' + type(canvas).__name__),
                 default=repr))
"""

# In the page: the pixels of the figure beside the slider (the ipympl canvas, or
# the inline backend's picture) as a PNG data URL, and whether it fits the width
# of the output area (an ipympl canvas is never scaled down: a wider one is clipped).
PICTURE_JS = """(cell) => {
  const out = cell.querySelector('.jp-Cell-outputArea') || cell;
  const canvas = out.querySelector('.jupyter-matplotlib-figure canvas');
  const imgs = out.querySelectorAll('img');
  const el = canvas || imgs[imgs.length - 1];
  if (!el) return null;
  const area = el.closest('.jp-OutputArea-output') || out;
  return {
    png: canvas ? canvas.toDataURL('image/png') : el.src,
    width: canvas ? canvas.width : el.naturalWidth,
    area_width: area.clientWidth,
    kind: canvas ? 'ipympl canvas' : 'picture',
  };
}"""


def browser_picture(cell) -> tuple[dict, object]:
    """What the browser shows of the figure beside the slider: its description and RGB pixels (a numpy array)."""
    import base64

    import numpy as np
    from PIL import Image

    shown = cell.evaluate(PICTURE_JS)
    assert shown and shown["png"].startswith("data:image/png;base64,"), f"no figure found beside the slider: {shown}"
    pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(shown["png"].split(",", 1)[1]))).convert("RGB"))
    return {k: v for k, v in shown.items() if k != "png"}, pixels


def differing_fraction(a, b) -> float:
    """Fraction of pixels whose colour differs at all between two RGB pictures (1.0 for other sizes)."""
    return float((a != b).any(axis=-1).mean()) if a.shape == b.shape else 1.0


def record(name: str, backend: str, result: dict, path: Path):
    """Add one measurement to a JSON file of results (``{backend: {notebook: result}}``)."""
    import json

    data = json.loads(path.read_text()) if path.exists() else {}
    data.setdefault(backend, {})[name] = result
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


@pytest.mark.parametrize("name", WIDGET_NOTEBOOKS)
def test_slider_redraws_the_figure(lab, browser, name):
    url, token, root, backend = lab
    assert (ROOT / "notebooks" / f"{name}.ipynb").is_file(), f"notebooks/{name}.ipynb is missing"
    index, variable = widget_cell(ROOT / "notebooks" / f"{name}.ipynb")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        open_notebook(page, url, token, name)
        run_up_to_cell(page, index)

        cell = page.locator(f"{NOTEBOOK} .jp-Cell").nth(index)
        handle = cell.locator(".widget-slider .noUi-handle >> visible=true").first
        handle.wait_for(state="visible", timeout=30_000)
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-OutputArea-output img, .jupyter-matplotlib-figure canvas").last.wait_for(timeout=30_000)
        # The whole output area: with the inline backend the <img> itself is replaced on each redraw.
        figure = cell.locator(".jp-OutputArea").first
        before = screenshot(figure)
        page.screenshot(path=str(ARTIFACTS / f"{name}_{backend}_before.png"))

        measured = drag_and_measure(page, cell)
        after = screenshot(figure)
        page.screenshot(path=str(ARTIFACTS / f"{name}_{backend}_after.png"))
        fraction = changed_fraction(before, after)
        assert fraction >= 0.005, f"{name}: dragging the slider did not change the figure ({fraction:.2%} of pixels)"

        # The figure ends at the slider's final value: the values the kernel last
        # drew are the sliders' values (asked until no frame is due any more, for
        # up to 10 s), and the first slider's is its readout.
        import numpy as np
        from PIL import Image

        rendered = root / f"{name}_kernel.npy"
        state = kernel_says(root, url, token, STATE_PY.format(variable=variable, path=str(rendered)),
                            until=lambda a: a["current"] and not a["due"])
        assert state["current"] and not state["due"] and state["failed"] is None, (
            f"{name}: the figure does not show the sliders' last values 10 s after the drag: {state}")
        assert state["ordinary"], (  # e.g. moving artists left hidden by two draws at once
            f"{name}: the kernel's canvas is not matplotlib's ordinary picture of the figure: {state}")
        slider, value = state["slider"], state["shown"][state["slider"]]
        readout = float(measured["readout"].replace("\u2212", "-"))  # the slider writes a minus sign, not a hyphen
        assert abs(readout - value) <= max(0.006, 0.01 * abs(value)), (measured, state)

        # What the browser shows is the kernel's own picture of that figure (with
        # ipympl: no pixels left over from frames the browser never painted).
        kernel = np.load(rendered)[..., :3]
        deadline = time.monotonic() + 5
        while True:
            shown, pixels = browser_picture(cell)
            fraction = differing_fraction(pixels, kernel)
            if fraction < 1e-4 or time.monotonic() > deadline:
                break
            time.sleep(0.25)
        if fraction >= 1e-4:
            Image.fromarray(pixels).save(ARTIFACTS / f"{name}_{backend}_browser_figure.png")
            Image.fromarray(kernel).save(ARTIFACTS / f"{name}_{backend}_kernel_figure.png")
        # A trace left by a frame the browser never painted is hundreds of pixels (0.1 %) at least.
        assert fraction < 1e-4, (
            f"{name}: the browser's {shown['kind']} ({pixels.shape}) differs from the kernel's figure ({kernel.shape})"
            f" in {fraction:.2%} of its pixels (both saved in {ARTIFACTS}); kernel: {state}")
        assert shown["width"] <= shown["area_width"], (
            f"{name}: the figure ({shown['width']} px) is wider than the output area ({shown['area_width']} px)")
        expected = "ipympl canvas" if backend == "auto" else "picture"
        assert shown["kind"] == expected, f"{name}: {backend} frames should show as an {expected}, got {shown['kind']}"
        record(name, backend, {**measured, "slider": slider, **shown, "differing": fraction},
               ARTIFACTS / "sliders.json")

        errors = page.locator(f'{NOTEBOOK} [data-mime-type="application/vnd.jupyter.error"]').count()
        text = page.locator(f"{NOTEBOOK} .jp-Notebook").inner_text()
        assert errors == 0 and "Traceback" not in text, f"{name}: a cell shows an error (see {ARTIFACTS})"
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}_{backend}_last.png"), full_page=True)
        page.close()
        shut_down_kernels(url, token)
