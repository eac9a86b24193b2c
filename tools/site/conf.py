"""Sphinx configuration of the lectures' static site (built by ``python -m tools.publish site``).

The build copies this file, the lectures (stored outputs, nothing executed),
an index page and the vendored scripts (``_static/npm``, see
``tools/web_assets.py``) into a temporary source folder.  Every script and font
a page loads is in the output folder: the site opens from disk, offline.
"""

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
mathjax3_config = {"options": {"menuOptions": {"settings": {"assistiveMml": False}}}}

html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
html_css_files = ["lectures.css"]
html_js_files = ["lectures.js"]
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
