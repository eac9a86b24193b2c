"""Sphinx configuration of the lectures' static site (built by ``python -m tools.publish site``).

The build copies this file, the lectures (stored outputs, nothing executed),
an index page and the vendored scripts (``_static/npm``, see
``tools/web_assets.py``) into a temporary source folder.  Every script and font
a page loads is in the output folder: the site opens from disk, offline.

Accessibility (WCAG 2.1 AA, ``tests/test_accessibility.py``): a figure's alt
text is its description (the output's ``metadata["image/png"]["alt"]``, put
there by ``tools/describe.py``; myst-nb itself copies only width and height);
MathJax adds a MathML copy of each formula for screen readers; the saved
sliders are named after their labels (``_static/a11y.js``); and the theme's
controls whose accessible name leaves out their visible text are given the
name they show (:func:`name_controls_by_their_text`).
"""
import re
from pathlib import Path

from myst_nb.core.render import NbElementRenderer

project = "Neural networks and deep learning"
author = "the lecturers"
copyright = "the lecturers"
html_title = project

extensions = ["myst_nb", "sphinx_design"]
exclude_patterns = ["student", "**.ipynb_checkpoints"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]

# The notebooks are shown as stored: executed on the lecture's machine, with widget state.
nb_execution_mode = "off"
nb_merge_streams = True
# Render the saved slider widgets with the pinned widget manager beside the pages, not from a CDN.
nb_ipywidgets_js = {"npm/html-manager/dist/embed.js": {}}

# MathJax 3 from the local copy (path relative to _static), TeX rendered as SVG: no web fonts.
mathjax_path = "npm/mathjax/es5/tex-svg-full.js"
# Assistive MathML: each formula's SVG is hidden from screen readers, which read its MathML copy.
mathjax3_config = {"options": {"menuOptions": {"settings": {"assistiveMml": True}}}}

html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
html_css_files = ["lectures.css"]
html_js_files = ["lectures.js", "a11y.js"]
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "navigation_with_keys": True,
}
html_show_sphinx = False
html_last_updated_fmt = None
# Search from disk: result snippets would need to read the pages over file://, which browsers refuse.
html_show_search_summary = False

#: The alt text of a figure no one has described yet: said aloud instead of the image's file name, and
#: reported by the accessibility test until the cell's metadata "alt" describes it (tools/describe.py).
NO_DESCRIPTION = "No description has been provided for this image"
_render_image = NbElementRenderer.render_image


def render_image_with_alt(self, data):
    """myst-nb's image, with the description stored in the output's metadata as its alt text."""
    images = _render_image(self, data)
    alt = data.output_metadata.get(data.mime_type, {}).get("alt")
    for image in images:
        if "alt" not in image:  # a cell's own myst-nb image options come first
            image["alt"] = str(alt).strip() if alt else NO_DESCRIPTION
    return images


NbElementRenderer.render_image = render_image_with_alt

# Controls of the theme and of myst-nb whose aria-label hides the text they show (WCAG 2.5.3, label in name):
# the "Search Ctrl+K" field and the "Show code cell source" toggles are named by their text instead.
_NAMED_BY_TEXT = (
    (re.compile(r'(<button class="[^"]*\bsearch-button-field\b[^"]*"[^>]*?) aria-label="[^"]*"'), r"\1"),
    (re.compile(r'<summary aria-label="Toggle hidden content">'), "<summary>"),
)


def name_controls_by_their_text(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).glob("*.html"):
        html = page.read_text(encoding="utf-8")
        fixed = html
        for pattern, replacement in _NAMED_BY_TEXT:
            fixed = pattern.sub(replacement, fixed)
        if fixed != html:
            page.write_text(fixed, encoding="utf-8")


def setup(app):
    app.connect("build-finished", name_controls_by_their_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
