"""Where the lectures can be launched — Colab and Binder — from one setting.

:data:`REPOSITORY` is the one place that names the repository.  The README's
badges, the "Open in Colab" badge in the first cell of every notebook and the
Colab set-up cell that installs lecturekit are all generated from it (by
``python -m tools.lecture_cells``) and checked against it by the tests.
"""
from __future__ import annotations

import sys

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
    """The pip requirement that installs lecturekit from the repository."""
    return f"lecturekit @ git+{REPOSITORY}@{BRANCH}"


def colab_cell_source() -> str:
    """The code of every notebook's Colab set-up cell."""
    return "\n".join(
        [
            COLAB_CELL_MARKER,
            "import sys",
            "",
            'if "google.colab" in sys.modules:',
            "    import subprocess",
            "",
            f'    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "{install_spec()}"], check=True)',
            "    import lecturekit.launch",
            "",
            "    lecturekit.launch.setup_colab()",
        ]
    )


def in_colab() -> bool:
    return "google.colab" in sys.modules


def setup_colab() -> list[str]:
    """On Colab, make the widgets work; elsewhere do nothing and return ``[]``.

    * enables Colab's custom widget manager (needed for third-party widgets);
    * selects the inline matplotlib backend: ipympl does not render reliably
      on Colab, and lecturekit's widgets then redraw their figure in place
      through a display handle (see ``lecturekit.widgets.base``).

    Returns the list of things it did, for a one-line report.
    """
    if not in_colab():
        return []
    done = []
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
