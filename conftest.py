"""Test configuration shared by the unit tests and the nbval notebook run."""
import os

# Quiet TensorFlow's C++ logs before anything imports it.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def pytest_collectstart(collector):
    # Notebooks: stderr (library warnings, TensorFlow start-up chatter) and
    # widget views (random model ids) are not part of the lecture's output.
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr", "application/vnd.jupyter.widget-view+json")
