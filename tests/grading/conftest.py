"""Fixtures for grading tests: a scripted OpenAI-compatible server and a guard against real network use."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from interviewer.config import apply_offline_defaults
from tests.grading.scripted_server import ScriptedServer

# litellm reads this at import: its bundled cost map, never a download.
apply_offline_defaults()

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host)
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def llm_server():
    """A scripted chat server on 127.0.0.1 (a free port), stopped after the test."""
    server = ScriptedServer().start()
    yield server
    server.stop()


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything resolves or connects to a host other than the loopback."""
    attempts: list[str] = []
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        if not _is_loopback(host):
            attempts.append(f"getaddrinfo({host!r})")
            raise OSError(f"tests are offline: refused to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            attempts.append(f"connect({address!r})")
            raise OSError(f"tests are offline: refused to connect to {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    yield attempts
    assert not attempts, f"network access outside the loopback: {attempts}"
