"""Unit-test fixtures: no test may reach the network."""
import socket

import pytest

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
