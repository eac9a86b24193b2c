"""Test configuration shared by the unit tests and the nbval notebook run."""
import os

import pytest

# Quiet TensorFlow's C++ logs before anything imports it.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def _notebook_is_slow(path) -> bool:
    """A lecture that trains networks: its time budget (``tools/budget.py``, 2 cores) is over a minute."""
    from tools.budget import TIME_BUDGET

    return TIME_BUDGET.get(path.name[:2], 0) > 60


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config, items):
    # nbval's items (one per cell of notebooks/*.ipynb) carry the markers the test files set
    # with pytest.mark: every one "notebooks", those of a lecture that trains "slow".
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
            if _notebook_is_slow(item.path):
                item.add_marker(pytest.mark.slow)


def pytest_collectstart(collector):
    # Notebooks: stderr (library warnings, TensorFlow start-up chatter) and
    # widget views (random model ids) are not part of the lecture's output.
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr", "application/vnd.jupyter.widget-view+json")


# Property-based tests: on CI the examples are derived from each test's code, so
# a run is repeatable and a failure can be reproduced; locally they vary.
try:
    from hypothesis import settings
except ImportError:  # pragma: no cover
    pass
else:
    settings.register_profile("ci", derandomize=True, print_blob=True)
    if os.environ.get("CI"):
        settings.load_profile("ci")
