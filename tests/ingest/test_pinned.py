"""Connect to the address you checked, within one deadline, reading a capped body.

These tests use real sockets on 127.0.0.1 (with ``allow_private_addresses``
where the server itself is to be reached) and a stub resolver for DNS.
"""

from __future__ import annotations

import functools
import socket
import time

import httpcore
import pytest

from factdesk.errors import FetchError
from factdesk.ingest import Fetcher, check_url
from factdesk.ingest.addresses import is_public
from factdesk.ingest.pinned import GuardedClient, PinnedBackend, PinnedTransport
from factdesk.settings import Settings
from tests.ingest.bombs import MB, gzip_bomb
from tests.ingest.rawserver import RawServer

PUBLIC_IP = "93.184.215.14"


def ok_page(sock: socket.socket, head: bytes) -> None:
    body = b"<html><body><p>the page</p></body></html>"
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                 + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)


class RecordingBackend(httpcore.NetworkBackend):
    """Records where it is asked to connect and connects nowhere."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, int]] = []

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        self.asked.append((host, port))
        raise httpcore.ConnectError(f"not connecting to {host} in a test")


# -- the address check ---------------------------------------------------------------------

EMBEDDED_PRIVATE = {
    "ipv4-compatible loopback": "::127.0.0.1",
    "ipv4-compatible private": "::10.0.0.1",
    "nat64 loopback": "64:ff9b::7f00:1",
    "nat64 metadata": "64:ff9b::a9fe:a9fe",
    "local-use nat64": "64:ff9b:1::a00:1",
    "6to4 loopback": "2002:7f00:1::1",
    "6to4 private": "2002:c0a8:1::1",
    "teredo loopback client": "2001:0:4136:e378:8000:63bf:80ff:fffe",
    "ipv4-mapped loopback": "::ffff:127.0.0.1",
}
EMBEDDED_PUBLIC = {
    "nat64 public": "64:ff9b::808:808",
    "6to4 public": "2002:808:808::1",
    "plain ipv6": "2606:4700::6810:84e5",
}


@pytest.mark.parametrize("address", list(EMBEDDED_PRIVATE.values()), ids=list(EMBEDDED_PRIVATE))
def test_ipv6_forms_of_private_ipv4_addresses_are_refused(address):
    assert not is_public(address)
    with pytest.raises(FetchError, match="non-public address"):
        check_url(f"http://[{address}]/", Settings())
    with pytest.raises(FetchError, match="non-public address"):
        check_url("http://named.example/", Settings(), lambda host, port: [address])


@pytest.mark.parametrize("address", list(EMBEDDED_PUBLIC.values()), ids=list(EMBEDDED_PUBLIC))
def test_ipv6_forms_of_public_addresses_pass(address):
    assert is_public(address)


# -- connect to the address you checked ----------------------------------------------------

def test_a_rebinding_name_reaches_only_the_address_that_was_checked():
    """DNS answers a public address for the check and loopback after that: the
    connection goes to the checked address and the loopback server sees nothing."""
    answers: list[str] = []

    def rebinding(host, port):
        answers.append(host)
        return [PUBLIC_IP] if len(answers) == 1 else ["127.0.0.1"]

    backend = RecordingBackend()
    with RawServer(ok_page) as server:
        # one attempt: a retry would resolve again (and be refused the loopback answer)
        with Fetcher(Settings(fetch_timeout=2, fetch_retries=0), resolve=rebinding,
                     transport=PinnedTransport(backend)) as fetcher:
            with pytest.raises(FetchError, match="could not be fetched"):
                fetcher.fetch(f"http://localhost:{server.port}/")
        assert server.connections == 0
    assert answers == ["localhost"]                    # resolved once
    assert backend.asked == [(PUBLIC_IP, server.port)]  # and connected to what was checked


def test_the_connection_uses_the_checked_address_and_keeps_the_host_name():
    """``pinned.example`` exists only in the stub resolver: reaching the server
    proves the connection went to the resolved address, not to a second lookup."""
    with RawServer(ok_page) as server:
        settings = Settings(allow_private_addresses=True, fetch_timeout=5)
        with Fetcher(settings, resolve=lambda host, port: ["127.0.0.1"]) as fetcher:
            page = fetcher.fetch(f"http://pinned.example:{server.port}/story")
    assert page.data.endswith(b"<p>the page</p></body></html>")
    assert page.url == f"http://pinned.example:{server.port}/story"
    [head] = server.requests
    assert f"host: pinned.example:{server.port}".encode() in head.lower()


def test_every_checked_address_is_tried_in_order():
    backend = RecordingBackend()
    settings = Settings(fetch_timeout=2)
    with GuardedClient(settings, transport=PinnedTransport(backend),
                       resolve=lambda host, port: [PUBLIC_IP, "2606:4700::6810:84e5"]) as client:
        with pytest.raises(Exception, match="not connecting"):
            client.request("GET", "https://news.example/", max_bytes=10)
    assert backend.asked == [(PUBLIC_IP, 443), ("2606:4700::6810:84e5", 443)]


def test_a_name_never_checked_is_never_connected_to():
    backend = RecordingBackend()
    pool = httpcore.ConnectionPool(network_backend=PinnedBackend(backend))
    with pytest.raises(httpcore.ConnectError, match="was not checked"):
        pool.request("GET", "http://news.example/")
    assert backend.asked == []


# -- one deadline, a capped body -----------------------------------------------------------

def drip_body(sock: socket.socket, head: bytes) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n")
    for _ in range(600):
        sock.sendall(b"1\r\nx\r\n")
        time.sleep(0.1)


def drip_head(sock: socket.socket, head: bytes) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"y" * 600:
        sock.sendall(bytes([byte]))
        time.sleep(0.1)


def endless_body(sock: socket.socket, head: bytes) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                 b"Content-Length: 300000000\r\n\r\n")
    block = b"z" * 65536
    for _ in range(300_000_000 // len(block)):
        sock.sendall(block)


@pytest.mark.parametrize("answer", [drip_body, drip_head], ids=["body", "headers"])
def test_a_slow_drip_is_cut_at_the_overall_deadline(answer):
    """Each read is quick (a byte every 0.1 s); the whole fetch still ends at 1 s."""
    settings = Settings(allow_private_addresses=True, fetch_timeout=1.0)
    with RawServer(answer) as server, Fetcher(settings) as fetcher:
        start = time.monotonic()
        with pytest.raises(FetchError, match="timed out after 1 s"):
            fetcher.fetch(f"http://127.0.0.1:{server.port}/")
        took = time.monotonic() - start
    assert 0.9 < took < 3.0, took


def test_a_body_over_the_cap_is_cut_without_reading_the_rest():
    """300 MB announced: the fetch stops one byte past the cap, well before the deadline."""
    settings = Settings(allow_private_addresses=True, fetch_timeout=20.0, max_page_bytes=100_000)
    with RawServer(endless_body) as server, Fetcher(settings) as fetcher:
        start = time.monotonic()
        page = fetcher.fetch(f"http://127.0.0.1:{server.port}/")
        took = time.monotonic() - start
    assert len(page.data) == 100_001
    assert took < 10, took


@functools.cache
def page_bomb() -> bytes:
    return gzip_bomb(1024 * MB, b"<html><body><p>")  # 1 GB of page in 1 MB


def gzip_bomb_page(sock: socket.socket, head: bytes) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                 b"Content-Encoding: gzip\r\nContent-Length: " + str(len(page_bomb())).encode() + b"\r\n\r\n")
    sock.sendall(page_bomb())


@pytest.mark.parametrize("cap", [100_000, 3 * MB], ids=["small", "chunks"])
def test_a_gzip_bomb_sent_with_content_encoding_is_cut_at_the_cap(cap):
    """The body is inflated a chunk at a time and no further than one byte past the cap."""
    settings = Settings(allow_private_addresses=True, fetch_timeout=20.0, max_page_bytes=cap)
    with RawServer(gzip_bomb_page) as server, Fetcher(settings) as fetcher:
        page = fetcher.fetch(f"http://127.0.0.1:{server.port}/")
    assert page.data == (b"<html><body><p>" + b" " * cap)[:cap + 1]


HELD = ["http://2130706433/", "http://0177.0.0.1/", "http://127.1/", "http://0x7f.1/",
        "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://[::]/"]


@pytest.mark.parametrize("url", HELD, ids=HELD)
def test_other_spellings_of_loopback_stay_refused(url):
    """Decimal, octal, short, hex, IPv4-mapped and unspecified forms (through the real resolver)."""
    backend = RecordingBackend()
    with GuardedClient(Settings(), transport=PinnedTransport(backend)) as client:
        with pytest.raises(FetchError, match="non-public address|not a valid URL"):
            client.request("GET", url, max_bytes=10)
    assert backend.asked == []
