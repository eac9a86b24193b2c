"""What the browser tests need, checked in one place: Debian's chromium and the playwright package.

``tests/test_browser.py`` (JupyterLab) and ``tests/test_browser_slides.py``
(the slides and the site) call :func:`skip_module_without_browser` at import.
Without chromium or playwright their tests are skipped, except on CI
(``CI=true``), where they run and fail with :data:`MISSING` as the reason, so
that CI never passes without having opened a browser.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

#: Debian's chromium (``apt-get install chromium``); playwright never downloads a browser build of its own
from tools.slide_heights import CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (one definition for tests and tools)


def missing() -> str | None:
    """Why no browser test can run here, or None when chromium and playwright are both installed."""
    if not Path(CHROMIUM).exists():
        return "Debian's chromium is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401 (imported only to see whether it is installed)
    except ImportError:
        return "the playwright package is not installed"
    return None


MISSING = missing()


def skip_module_without_browser() -> None:
    """Skip the calling test module when no browser can run, unless on CI (there its tests fail instead)."""
    if MISSING and os.environ.get("CI") != "true":
        pytest.skip(f"browser test skipped: {MISSING}", allow_module_level=True)


def require_browser() -> None:
    """Fail (on CI) with the reason no browser can run; call it from the fixture that starts one."""
    assert MISSING is None, f"the browser test cannot run: {MISSING}"
