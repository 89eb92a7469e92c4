"""Shared fixtures.

- The network is blocked for every test (loopback stays open for local servers).
- ``shared_dir`` is ``../shared`` beside the repository: tests that need it skip
  with a clear message when it is absent, and fail under ``CI=true``.
- ``store`` is a fresh in-memory store (the serve tests fill it with their articles).
"""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

from factdesk.clean import verbatim_article
from factdesk.settings import Settings
from factdesk.store import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


def need(path: Path, what: str) -> Path:
    """``path`` if it exists; otherwise skip (locally) or fail (under CI=true)."""
    if path.exists():
        return path
    message = f"{what} not found at {path}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; CI must have it")
    pytest.skip(f"{message}; skipping (it is required under CI=true)")


@pytest.fixture
def shared_dir() -> Path:
    return need(SHARED, "../shared (benchmark data and the seed page)")


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def store():
    """A fresh in-memory store, closed after the test."""
    with Store(":memory:") as db:
        yield db


@pytest.fixture
def make_article():
    """Build an Article directly from text, offsets pointing into it."""
    return verbatim_article


def _is_local(address) -> bool:
    if isinstance(address, tuple):
        host = address[0]
    else:
        return True  # unix sockets
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    real_connect = socket.socket.connect

    def guarded(self, address):
        if not _is_local(address):
            raise RuntimeError(f"tests may not reach the network ({address!r})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
