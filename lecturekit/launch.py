"""Where the lectures can be launched — Colab and Binder — from one setting.

:data:`REPOSITORY` is the one place that names the repository.  The README's
badges, the "Open in Colab" badge in the first cell of every notebook and the
Colab set-up cell that installs lecturekit are all generated from it (by
``python -m tools.lecture_cells``) and checked against it by the tests.
"""
from __future__ import annotations

import re
import sys

from lecturekit import validate

#: The repository on GitHub; change it here when the repository moves, then run
#: ``python -m tools.lecture_cells`` to regenerate the badges and cells.
REPOSITORY = "https://github.com/lecturekit/lecturekit"
BRANCH = "main"

COLAB_BADGE_SVG = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE_SVG = "https://mybinder.org/badge_logo.svg"
#: First line of the Colab set-up cell, by which tools recognise it.
COLAB_CELL_MARKER = "# Colab set-up: installs lecturekit and enables widgets there; does nothing elsewhere."


def _slug() -> str:
    prefix = "https://github.com/"
    if not REPOSITORY.startswith(prefix):
        raise ValueError(f"REPOSITORY must be a GitHub URL starting with {prefix!r}, got {REPOSITORY!r}")
    return REPOSITORY[len(prefix):].rstrip("/")


def _notebook(notebook) -> str:
    """``notebook`` if it is a notebook's file name, else an error that says what is expected."""
    expected = "notebook must be a notebook file name such as '01_neuron.ipynb'"
    if not isinstance(notebook, str):
        raise TypeError(f"{expected}, got {type(notebook).__name__}")
    if not notebook.endswith(".ipynb") or notebook == ".ipynb":
        raise ValueError(f"{expected}, got {notebook!r}")
    return notebook


def colab_url(notebook: str) -> str:
    """Colab link that opens ``notebooks/<notebook>`` from the repository."""
    return f"https://colab.research.google.com/github/{_slug()}/blob/{BRANCH}/notebooks/{_notebook(notebook)}"


def binder_url(notebook: str = "01_neuron.ipynb") -> str:
    """Binder link that opens JupyterLab on ``notebooks/<notebook>``."""
    return f"https://mybinder.org/v2/gh/{_slug()}/{BRANCH}?urlpath=lab/tree/notebooks/{_notebook(notebook)}"


def colab_badge(notebook: str) -> str:
    """Markdown for an "Open in Colab" badge linking to :func:`colab_url`."""
    return f"[![Open In Colab]({COLAB_BADGE_SVG})]({colab_url(notebook)})"


def binder_badge(notebook: str = "01_neuron.ipynb") -> str:
    """Markdown for a "Launch Binder" badge linking to :func:`binder_url`."""
    return f"[![Binder]({BINDER_BADGE_SVG})]({binder_url(notebook)})"


def install_spec() -> str:
    """The pip requirement that installs lecturekit (with TensorFlow's floor) from the repository."""
    return f"lecturekit[tf] @ git+{REPOSITORY}@{BRANCH}"


def colab_cell_source() -> str:
    """The code of every notebook's Colab set-up cell."""
    return "\n".join(
        [
            COLAB_CELL_MARKER,
            "import sys",
            "",
            'if "google.colab" in sys.modules:',
            "    import subprocess",
            "    import time",
            "    from importlib.metadata import distributions",
            "",
            '    colab_versions = {d.metadata["Name"].lower(): d.version for d in distributions()}',
            "    start = time.perf_counter()",
            f'    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "{install_spec()}"], check=True)',
            "    import lecturekit.launch",
            "",
            "    lecturekit.launch.setup_colab(colab_versions, time.perf_counter() - start)",
        ]
    )


def _release(version: str) -> tuple[int, ...]:
    """'8.1.9' -> (8, 1, 9); '2.20.0rc1' -> (2, 20, 0); '8.0' -> (8, 0, 0): the release numbers."""
    match = re.match(r"\d+(\.\d+)*", version)
    numbers = [int(n) for n in match.group().split(".")] if match else []
    return tuple(numbers + [0] * (3 - len(numbers)))


def floors() -> dict[str, str]:
    """lecturekit's declared floors for what the Colab cell installs: ``{"ipywidgets": "8.0", ...}``."""
    from importlib.metadata import requires

    found = {}
    for requirement in requires("lecturekit") or []:
        spec, _, marker = requirement.partition(";")
        if marker and "extra" in marker and '"tf"' not in marker and "'tf'" not in marker:
            continue
        name, sep, floor = spec.replace(" ", "").partition(">=")
        if sep:
            found[name.split("[")[0].lower()] = floor.split(",")[0]
    return found


def _versions(value) -> dict[str, str]:
    """``value`` if it maps package names to version strings, else an error that says what is expected."""
    if not (isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())):
        shown = type(value).__name__ if not isinstance(value, dict) else repr(value)[:60]
        raise TypeError(f"colab_versions must be a dict of package name -> version string, "
                        f"such as {{'ipywidgets': '7.7.1'}}, got {shown}")
    return value


def below_floor(colab_versions: dict[str, str]) -> list[str]:
    """The packages Colab lacked or had older than lecturekit's floors.

    Each one as ``"name 7.7.1 < 8.0"`` / ``"name (missing)"``.
    """
    _versions(colab_versions)
    found = []
    for name, floor in floors().items():
        version = colab_versions.get(name)
        if version is None:
            found.append(f"{name} (missing)")
        elif _release(version) < _release(floor):
            found.append(f"{name} {version} < {floor}")
    return found


def in_colab() -> bool:
    return "google.colab" in sys.modules


def setup_colab(colab_versions: dict[str, str] | None = None, seconds: float | None = None) -> list[str]:
    """On Colab, make the widgets work; elsewhere do nothing and return ``[]``.

    * says which of Colab's packages were missing or older than lecturekit's
      floors, so the set-up cell's ``pip install`` brought them (given
      ``colab_versions``, ``{name: version}`` as Colab had them before it ran),
      and how long that took (``seconds``);
    * enables Colab's custom widget manager (needed for third-party widgets);
    * selects the inline matplotlib backend: ipympl does not render reliably
      on Colab, and lecturekit's widgets then redraw their figure in place
      through a display handle (see ``lecturekit.widgets.base``).

    Returns the list of things it did, for a one-line report.
    """
    older = None if colab_versions is None else below_floor(colab_versions)
    if seconds is not None:
        seconds = validate.positive(seconds, "seconds", allow_zero=True)
    if not in_colab():
        return []
    done = []
    if older is not None:
        if older:
            brought = f"installed what lecturekit needs: {', '.join(older)}"
        else:
            brought = "Colab had every package lecturekit needs"
        done.append(brought + (f" ({seconds:.0f} s)" if seconds is not None else ""))
    from google.colab import output

    output.enable_custom_widget_manager()
    done.append("enabled Colab's custom widget manager")
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover
        shell = None
    if shell is not None:
        shell.run_line_magic("matplotlib", "inline")
        done.append("inline figures for the slider widgets")
    print("Colab: " + "; ".join(done) + ".")
    return done
