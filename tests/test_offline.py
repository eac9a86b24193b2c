"""The unit tests really run offline: the guard in conftest blocks downloads."""
import socket
import urllib.request

import pytest


def test_outbound_connection_is_blocked_before_any_packet():
    # 192.0.2.1 is a documentation address; the guard refuses before connecting.
    with pytest.raises(OSError, match="network access blocked"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(OSError, match="network access blocked"):
        urllib.request.urlopen("http://192.0.2.1/", timeout=1)


def test_loopback_still_works():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        client = socket.create_connection(server.getsockname(), timeout=2)
        client.close()
    finally:
        server.close()
