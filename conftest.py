"""Test configuration shared by the unit tests and the nbval notebook run."""
import os

# Quiet TensorFlow's C++ logs before anything imports it.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


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
