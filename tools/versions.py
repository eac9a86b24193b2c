"""How this environment differs from the lock.

    python -m tools.versions requirements.txt

Prints every locked package whose installed version is not the locked one
(``name: locked -> installed``), e.g. in ``build/venv-latest`` what the next
``bash run.sh lock --upgrade`` would move.
"""
from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from tools.lock import pins


def differences(lock_text: str) -> list[str]:
    moved = []
    for pin in pins(lock_text):
        requirement, _, marker = pin.partition(" ; ")
        name, locked = requirement.split("==")
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue  # for another platform or Python (its marker), or no longer needed
        if installed != locked:
            moved.append(f"{name}: {locked} -> {installed}")
    return moved


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tools.versions requirements.txt", file=sys.stderr)
        return 2
    moved = differences(Path(argv[0]).read_text())
    print(f"{len(moved)} packages differ from {argv[0]}" + (":" if moved else ""))
    for line in moved:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
