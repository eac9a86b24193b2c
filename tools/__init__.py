"""Maintainers' programs behind run.sh: execute, budget, publish, lecture_cells (``python -m tools.NAME``)."""
