"""The scripts, style sheets and fonts the slides and the site load, copied beside them.

A deck or a site page must open from disk, in a lecture hall without Wi-Fi, so
nothing is loaded from a CDN when it is viewed.  What they need comes from the
npm registry *at build time*, each package at a pinned version whose tarball is
checked against its sha256 before anything is taken from it:

* reveal.js (the slide engine, its white theme with its fonts, the speaker-notes plugin);
* MathJax 3 (TeX rendered to SVG: one script, no web fonts);
* @jupyter-widgets/html-manager (renders the saved slider widgets without a kernel).

One more pinned package serves the tests only and is never copied beside the
pages: axe-core (:data:`AXE`), the accessibility audit the browser tests run on
every deck and site page (WCAG 2.1 A and AA rules), read by :func:`axe_source`.

Tarballs are kept in ``$LECTUREKIT_CACHE_DIR/npm`` (default
``~/.cache/lecturekit/npm``), so a second build needs no network.  A cached
file with the wrong checksum is fetched again.  ``LECTUREKIT_NPM_REGISTRY``
names a mirror of the registry.

    python -m tools.web_assets OUT     copy every asset into OUT (prints the files)
"""
from __future__ import annotations

import fnmatch
import hashlib
import io
import os
import shutil
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REGISTRY = os.environ.get("LECTUREKIT_NPM_REGISTRY", "https://registry.npmjs.org").rstrip("/")
HERE = Path(__file__).resolve().parent
#: Files of the project itself, copied with the fetched ones (e.g. the local Colab badge).
OWN_ASSETS = HERE / "assets"


@dataclass(frozen=True)
class Package:
    name: str  # npm name, e.g. "@jupyter-widgets/html-manager"
    version: str
    sha256: str  # of the registry's tarball
    folder: str  # where its files go, below the assets folder
    files: tuple[str, ...]  # glob patterns of the paths kept, relative to the tarball's package/

    @property
    def url(self) -> str:
        base = self.name.split("/")[-1]
        return f"{REGISTRY}/{self.name}/-/{base}-{self.version}.tgz"


PACKAGES = (
    Package(
        "reveal.js", "5.2.1", "359b575dd51bbda32f89b2fd4c7dc46ad7389a805572158916c29252f7a27333", "reveal.js",
        ("LICENSE", "dist/reveal.js", "dist/reveal.css", "dist/theme/white.css",
         "dist/theme/fonts/source-sans-pro/LICENSE", "dist/theme/fonts/source-sans-pro/source-sans-pro.css",
         "dist/theme/fonts/source-sans-pro/*.woff", "plugin/notes/notes.js"),
    ),
    Package(
        "mathjax", "3.2.2", "1b9c0a1c44df864e915690558e72adb9cc5203360daefd385084ced3b6c64c09", "mathjax",
        ("LICENSE", "es5/tex-svg-full.js"),
    ),
    Package(
        "@jupyter-widgets/html-manager", "1.0.15", "2b9d65cb7913e1c7d671757a10008b32c9c2448d4429513371e55c07d6107638",
        "html-manager",
        ("package.json", "dist/embed.js", "dist/embed.js.LICENSE.txt", "dist/*.woff2", "dist/*.woff"),
    ),
)
BY_FOLDER = {p.folder: p for p in PACKAGES}
#: The accessibility audit of the tests (tests/test_accessibility.py); not part of the published pages.
AXE = Package(
    "axe-core", "4.14.1", "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745", "axe-core",
    ("LICENSE", "axe.min.js"),
)
TEST_PACKAGES = (AXE,)
# Where a page finds each piece, relative to the assets folder.
REVEAL = "reveal.js"
MATHJAX_JS = "mathjax/es5/tex-svg-full.js"
WIDGETS_JS = "html-manager/dist/embed.js"
COLAB_BADGE = "colab-badge.svg"


def cache_dir() -> Path:
    root = os.environ.get("LECTUREKIT_CACHE_DIR") or Path.home() / ".cache" / "lecturekit"
    return Path(root) / "npm"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tarball(package: Package) -> bytes:
    """The package's tarball, from the cache or the registry, checked against its sha256."""
    cached = cache_dir() / f"{package.name.replace('/', '__')}-{package.version}.tgz"
    if cached.is_file():
        data = cached.read_bytes()
        if _sha256(data) == package.sha256:
            return data
    try:
        with urllib.request.urlopen(package.url, timeout=120) as response:
            data = response.read()
    except OSError as error:
        raise RuntimeError(
            f"cannot fetch {package.name}@{package.version} from {package.url} ({error}); the slides and the site "
            f"need it once: connect to the npm registry (or set LECTUREKIT_NPM_REGISTRY to a mirror) and build "
            f"again, or put the tarball into {cached.parent}"
        ) from error
    if _sha256(data) != package.sha256:
        raise RuntimeError(
            f"{package.url} has sha256 {_sha256(data)}, expected {package.sha256}: the download is corrupt or the "
            f"registry serves a different file; nothing was used from it"
        )
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.replace(cached)
    return data


def fetch_all() -> None:
    """Make sure every tarball, the tests' too, is in the cache (e.g. before going offline)."""
    for package in (*PACKAGES, *TEST_PACKAGES):
        tarball(package)


def member(package: Package, relative: str) -> bytes:
    """One file of a pinned package's tarball (``relative`` to its ``package/`` folder), read without copying."""
    with tarfile.open(fileobj=io.BytesIO(tarball(package)), mode="r:gz") as tar:
        return tar.extractfile(f"package/{relative}").read()


def axe_source() -> str:
    """axe-core's script, to inject into a page under test (``page.add_script_tag(content=...)``)."""
    return member(AXE, "axe.min.js").decode("utf-8")


def install(out: Path) -> list[Path]:
    """Copy every asset into ``out`` (the assets folder beside the pages); return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for package in PACKAGES:
        target = out / package.folder
        if target.exists():
            shutil.rmtree(target)
        with tarfile.open(fileobj=io.BytesIO(tarball(package)), mode="r:gz") as tar:
            for member in tar.getmembers():
                if not member.isfile() or not member.name.startswith("package/"):
                    continue
                relative = member.name[len("package/"):]
                if not any(fnmatch.fnmatch(relative, pattern) for pattern in package.files):
                    continue
                path = target / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(tar.extractfile(member).read())
                written.append(path)
        missing = [p for p in package.files if "*" not in p and not (target / p).is_file()]
        if missing:
            raise RuntimeError(f"{package.name}@{package.version} lacks {missing}")
    for own in sorted(OWN_ASSETS.iterdir()):
        shutil.copy(own, out / own.name)
        written.append(out / own.name)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0].startswith("-"):
        print(__doc__)
        return 2
    for path in install(Path(argv[0])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
