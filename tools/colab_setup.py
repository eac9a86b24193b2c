"""Run every notebook's Colab set-up cell as Colab would, in this Python.

    python -m tools.colab_setup

Used by ``bash run.sh test-colab`` in an environment that holds Colab's
versions (colab/versions.txt).  The cell is the notebooks' own
(``lecturekit.launch.colab_cell_source``), run with a stand-in for Colab's
``google.colab`` module and with the repository address replaced by this
checkout, so pip installs it the way Colab installs it from GitHub.  Prints
what the cell prints (which of Colab's packages were missing or below
lecturekit's floors, and how long the install took).
"""
from __future__ import annotations

import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fake_colab() -> None:
    """Make ``"google.colab" in sys.modules`` true, with the one call the cell makes."""
    colab = types.ModuleType("google.colab")
    colab.output = types.SimpleNamespace(enable_custom_widget_manager=lambda: None)
    google = types.ModuleType("google")
    google.colab = colab
    sys.modules.update({"google": google, "google.colab": colab})


def cell_source() -> str:
    """The Colab set-up cell, installing lecturekit from this checkout instead of GitHub."""
    from lecturekit import launch  # this checkout's (python -m runs from the repository root)

    source, spec = launch.colab_cell_source(), launch.install_spec()
    if spec not in source:
        raise RuntimeError(f"the Colab cell does not install {spec!r}")
    for name in [m for m in sys.modules if m == "lecturekit" or m.startswith("lecturekit.")]:
        del sys.modules[name]  # the cell imports the installed copy afterwards
    return source.replace(spec, f"lecturekit[tf] @ {ROOT.as_uri()}")


def main() -> int:
    source = cell_source()
    fake_colab()
    exec(compile(source, "<Colab set-up cell>", "exec"), {"__name__": "__main__"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
