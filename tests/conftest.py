"""Unit-test fixtures: no test may reach the network.  The perturbed rerun runs beside the session."""
import socket

import pytest

from tests import perturbed

_LOOPBACK = ("127.", "::1", "localhost")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Make every non-loopback socket connection fail, so nothing downloads silently."""
    real_connect = socket.socket.connect

    def guarded_connect(self, address):
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(host, str) and (host.startswith(_LOOPBACK) or self.family == socket.AF_UNIX):
            return real_connect(self, address)
        raise OSError(f"network access blocked in unit tests (tried to connect to {address!r})")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    yield


# -- the perturbed rerun (tests/test_determinism.py) ------------------------------------------------------------


def _perturbed_notebook(item):
    """The notebook a test of test_determinism.py compares, or None for any other test."""
    if item.path.name == "test_determinism.py" and hasattr(item, "callspec"):
        return item.callspec.params.get("nb")
    return None


def pytest_collection_modifyitems(items):
    # The perturbed runs use one core and run beside the session: their tests come last and wait for them.
    items.sort(key=lambda item: _perturbed_notebook(item) is not None)  # stable: the order is otherwise kept


def pytest_collection_finish(session):
    notebooks = [nb for nb in map(_perturbed_notebook, session.items) if nb is not None]
    if notebooks and not session.config.option.collectonly:
        perturbed.start(session.config, list(dict.fromkeys(notebooks)))


def pytest_sessionfinish(session):
    perturbed.stop(session.config)
