"""Run every notebook's Colab set-up cell as Colab would, in this Python.

    python -m tools.colab_setup REPOSITORY_FOLDER

Used by ``bash run.sh test-colab`` in an environment that holds Colab's
versions (colab/versions.txt).  The cell is the notebooks' own
(``lecturekit.launch.colab_cell_source``), run with a stand-in for Colab's
``google.colab`` module and with the repository address replaced by the local
folder, so pip installs this checkout the way Colab installs it from GitHub.
Prints what the cell prints (which of Colab's packages were missing or below
lecturekit's floors, and how long the install took).
"""
from __future__ import annotations

import sys
import types
from pathlib import Path


def fake_colab() -> None:
    """Make ``"google.colab" in sys.modules`` true, with the one call the cell makes."""
    colab = types.ModuleType("google.colab")
    colab.output = types.SimpleNamespace(enable_custom_widget_manager=lambda: None)
    google = types.ModuleType("google")
    google.colab = colab
    sys.modules.update({"google": google, "google.colab": colab})


def cell_source(folder: Path) -> str:
    """The Colab set-up cell, installing lecturekit from ``folder`` instead of GitHub."""
    sys.path.insert(0, str(folder))  # the cell's text comes from this checkout's lecturekit
    try:
        from lecturekit import launch
    finally:
        sys.path.pop(0)
    source = launch.colab_cell_source()
    spec = launch.install_spec()
    if spec not in source:
        raise RuntimeError(f"the Colab cell does not install {spec!r}")
    for name in [m for m in sys.modules if m == "lecturekit" or m.startswith("lecturekit.")]:
        del sys.modules[name]  # the cell imports the installed copy afterwards
    return source.replace(spec, f"lecturekit[tf] @ {folder.resolve().as_uri()}")


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not (Path(argv[0]) / "pyproject.toml").is_file():
        print("usage: python -m tools.colab_setup REPOSITORY_FOLDER (the folder with pyproject.toml)", file=sys.stderr)
        return 2
    source = cell_source(Path(argv[0]))
    fake_colab()
    exec(compile(source, "<Colab set-up cell>", "exec"), {"__name__": "__main__"})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
