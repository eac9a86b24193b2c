"""pytest plugin for the lowest-versions job (``.ci/lowest``): TensorFlow is not installed there.

A test module that imports TensorFlow or Keras, or a test that imports them
while it runs, is reported as skipped ("needs TensorFlow"); every other error
and failure stays what it is.  Load it with ``-p no_tensorflow`` and ``.ci`` on
``PYTHONPATH``; the ordinary test run never loads it.
"""
import pytest

NEEDS = ("tensorflow", "keras")
REASON = "needs TensorFlow (not installed in the lowest-versions environment)"


def _missing_framework(text: str) -> bool:
    return any(f"No module named '{name}'" in text for name in NEEDS)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if report.failed and _missing_framework(str(report.longrepr)):
        report.outcome = "skipped"
        report.longrepr = (str(collector.path), None, f"Skipped: {REASON}")
        report.result = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    error = call.excinfo
    if (
        error is not None
        and error.errisinstance(ModuleNotFoundError)
        and (error.value.name or "").split(".")[0] in NEEDS
    ):
        report.outcome = "skipped"
        report.longrepr = (str(item.path), item.location[1], f"Skipped: {REASON}")
