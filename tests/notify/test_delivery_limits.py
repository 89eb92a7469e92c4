"""A webhook receiver or push service cannot hold the notifier: one deadline per
delivery (not per read) and a cap on the answer it reads."""

from __future__ import annotations

import socket
import time

import pytest

from factdesk.errors import DeliveryError
from factdesk.notify.webhook import post_webhook
from factdesk.notify.webpush import send_push
from factdesk.store.people.notifications import PushSubscription
from tests.ingest.rawserver import RawServer
from tests.notify.pushservice import make_subscription


def drip_head(sock: socket.socket, head: bytes) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"y" * 600:
        sock.sendall(bytes([byte]))
        time.sleep(0.1)


SENT: list[int] = []


def huge_answer(sock: socket.socket, head: bytes) -> None:
    sock.sendall(b"HTTP/1.1 201 Created\r\nContent-Length: 300000000\r\n\r\n")
    block = b"z" * 65536
    for _ in range(300_000_000 // len(block)):
        sock.sendall(block)
        SENT.append(len(block))


def _webhook(settings, port: int) -> None:
    post_webhook(settings, f"http://127.0.0.1:{port}/hook", "a-secret-of-some-length",
                 {"id": 1}, delivery_id=1, event="stance")


def _push(store, settings, port: int) -> None:
    sub = make_subscription(f"http://127.0.0.1:{port}/push/1")
    send_push(store, settings, PushSubscription(id=1, endpoint=sub.endpoint, p256dh=sub.p256dh,
                                                auth=sub.auth, created="2030-01-01"),
              {"title": "t", "body": "b", "url": "https://desk.example/", "tag": "x", "id": 1})


@pytest.mark.parametrize("channel", ["webhook", "push"])
def test_a_slow_receiver_is_cut_at_the_deadline(channel, store, nsettings):
    settings = nsettings.replace(fetch_timeout=1.0)
    with RawServer(drip_head) as server:
        start = time.monotonic()
        with pytest.raises(DeliveryError) as caught:
            if channel == "webhook":
                _webhook(settings, server.port)
            else:
                _push(store, settings, server.port)
        took = time.monotonic() - start
    assert not caught.value.permanent                     # retried later
    assert 0.9 < took < 3.0, took


@pytest.mark.parametrize("channel", ["webhook", "push"])
def test_a_huge_answer_is_not_read_whole(channel, store, nsettings):
    """300 MB announced after a 2xx: the delivery succeeds having read at most the cap."""
    settings = nsettings.replace(fetch_timeout=20.0)
    SENT.clear()
    with RawServer(huge_answer) as server:
        start = time.monotonic()
        if channel == "webhook":
            _webhook(settings, server.port)
        else:
            _push(store, settings, server.port)
        took = time.monotonic() - start
        assert len(server.requests) == 1
        time.sleep(0.2)
    assert took < 10, took
    assert sum(SENT) < 30_000_000, sum(SENT)   # the client hung up; socket buffers hold the rest
