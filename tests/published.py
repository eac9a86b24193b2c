"""The decks and the site, built once per test session for every test module that reads them."""
from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from tools import publish, web_assets


@lru_cache(maxsize=None)
def folder() -> Path:
    """A temporary folder holding ``slides/`` and ``site/``, removed when the session ends.

    The pinned npm tarballs are fetched here (or taken from the cache), so call
    this from a module-scoped fixture, before the tests that block the network.
    """
    web_assets.fetch_all()
    out = Path(tempfile.mkdtemp(prefix="lecture-published-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    publish.build_slides(out / "slides")
    publish.build_site(out / "site")
    return out
