"""The lock: one resolved, hash-pinned set of versions for every way to install.

    python -m tools.lock             pin what pyproject.toml adds, keep every other pin
    python -m tools.lock --upgrade   move every pin to the newest release the floors allow

``requirements.txt`` is written by uv (``uv pip compile``) from pyproject.toml's
dependencies and all its extras: one version of each package for Python 3.11
and newer on Linux, macOS and Windows (the "fewest" fork strategy keeps it one
set), each with the sha256 of every file PyPI has for it.  From it, this module
exports the two other ways to install, which must not drift from it:

* ``binder/requirements.txt``: the same file, for Binder (repo2docker reads only
  ``binder/``);
* ``environment.yml``: for conda users, the same pins (without hashes, which a
  conda environment file cannot carry) installed by pip into a conda Python.

pyproject.toml keeps the floors (the library's promise, tested by
``.ci/lowest``); the lock is what ``bash run.sh`` installs and the notebooks'
stored outputs were made with.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.txt"
BINDER = ROOT / "binder" / "requirements.txt"
CONDA = ROOT / "environment.yml"
PYTHON = "3.11"  # the oldest Python the lock is for: pyproject's requires-python

COMPILE = [
    "pip", "compile", "pyproject.toml", "--extra", "all",
    "--universal", "--fork-strategy", "fewest", "--python-version", PYTHON,
    "--generate-hashes", "--custom-compile-command", "bash run.sh lock",
    "--output-file", "requirements.txt", "--quiet",
]
# "name==version" or "name==version ; marker", at the start of a lock entry.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)(?:\s*;\s*([^\\]+?))?\s*\\?$")


def pins(text: str) -> list[str]:
    """The lock's requirements, hashes and comments left out.

    E.g. ``["numpy==2.4.6", "appnope==1.0.0 ; sys_platform == 'darwin'", ...]``.
    """
    found = []
    for line in text.splitlines():
        match = PIN.match(line)
        if match:
            name, version, marker = match.groups()
            found.append(f"{name}=={version}" + (f" ; {marker}" if marker else ""))
    return found


def conda_environment(lock_text: str) -> str:
    """environment.yml for conda users: a conda Python, then the lock's pins through pip."""
    lines = [
        "# Conda users: conda env create -f environment.yml && conda activate lecturekit",
        "# Generated from requirements.txt (the lock) by `bash run.sh lock`; do not edit.",
        "name: lecturekit",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={PYTHON}",
        "  - pip",
        "  - pip:",
    ]
    lines += [f'      - "{pin}"' for pin in pins(lock_text)]
    lines.append("      - --editable .")
    return "\n".join(lines) + "\n"


def binder_requirements(lock_text: str) -> str:
    return "# Generated from ../requirements.txt (the lock) by `bash run.sh lock`; do not edit.\n" + lock_text


def export(lock_text: str) -> None:
    """Write binder/requirements.txt and environment.yml from the lock's text."""
    BINDER.write_text(binder_requirements(lock_text))
    CONDA.write_text(conda_environment(lock_text))


def main(argv: list[str]) -> int:
    unknown = [a for a in argv if a != "--upgrade"]
    if unknown:
        print(f"unknown argument(s) {unknown}; the only option is --upgrade", file=sys.stderr)
        return 2
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is None:
        print("uv is needed to resolve the lock: python -m pip install uv", file=sys.stderr)
        return 2
    before = set(pins(LOCK.read_text())) if LOCK.exists() else set()
    subprocess.run([uv, *COMPILE, *argv], cwd=ROOT, check=True)
    text = LOCK.read_text()
    export(text)
    after = set(pins(text))
    for line in sorted(before - after):
        print(f"- {line}")
    for line in sorted(after - before):
        print(f"+ {line}")
    print(f"requirements.txt: {len(after)} pins ({len(after - before)} new or moved); "
          f"exported to {BINDER.relative_to(ROOT)} and {CONDA.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
