"""Deliveries to different receivers run at once: a receiver that hangs delays
no one else's delivery (each send still has its own deadline)."""

from __future__ import annotations

import socket
import threading

from factdesk.notify import process
from factdesk.store.people import notifications as notes
from tests.ingest.rawserver import RawServer
from tests.notify.receivers import WebhookReceiver

SECRET = "a-webhook-secret-of-some-length"


class Signalling(list):
    """The receiver's list of deliveries, setting ``event`` when one arrives."""

    def __init__(self, event: threading.Event) -> None:
        super().__init__()
        self.event = event

    def append(self, item) -> None:
        super().append(item)
        self.event.set()


def _hooked(store, world, name: str, url: str) -> int:
    user = world.user(name, webhook=True)
    world.follow(user, "claim", "c-1")
    notes.add_webhook(store.conn, user, url, SECRET)
    return user


def test_a_hanging_receiver_does_not_hold_up_another_receivers_delivery(store, world,
                                                                        nsettings):
    settings = nsettings.replace(fetch_timeout=20.0)
    events: list[str] = []
    arrived = threading.Event()
    with WebhookReceiver(SECRET, received=Signalling(arrived)) as hook:

        def hang_until_the_other_arrives(sock: socket.socket, head: bytes) -> None:
            # Answers only once the other receiver got its delivery (or after 15 s, well
            # inside the 20 s deadline): sent one after another, the other is sent after
            # this answer, so "other first" shows they were sent at once.
            events.append("slow receiver got its request")
            if arrived.wait(15):
                events.append("slow receiver saw the other delivered")
            sock.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")

        with RawServer(hang_until_the_other_arrives) as slow:
            slow_user = _hooked(store, world, "Slow", f"http://127.0.0.1:{slow.port}/hook")
            ana = _hooked(store, world, "Ana", hook.url)
            world.stance("c-1", "the Kremlin", "denies")
            stats = process(store, settings)
    # the slow receiver's delivery comes first in id order, yet the other did not wait
    assert notes.deliveries_of(store.conn, slow_user)[0].id < \
        notes.deliveries_of(store.conn, ana)[0].id
    assert events == ["slow receiver got its request", "slow receiver saw the other delivered"]
    assert (stats.sent, stats.retrying, stats.failed) == (2, 0, 0)
    assert len(hook.received) == 1


def test_a_receiver_that_never_answers_is_retried_and_the_other_is_sent(store, world,
                                                                       nsettings):
    settings = nsettings.replace(fetch_timeout=1.0)
    release = threading.Event()

    def never(sock: socket.socket, head: bytes) -> None:
        release.wait(30)

    with WebhookReceiver(SECRET) as hook, RawServer(never) as silent:
        silent_user = _hooked(store, world, "Silent", f"http://127.0.0.1:{silent.port}/hook")
        ana = _hooked(store, world, "Ana", hook.url)
        world.stance("c-1", "the Kremlin", "denies")
        stats = process(store, settings)
        release.set()
    assert (stats.sent, stats.retrying) == (1, 1)
    assert len(hook.received) == 1
    [late] = notes.deliveries_of(store.conn, silent_user)
    assert late.status == "pending" and "no answer within 1 s" in late.last_error
    [sent] = notes.deliveries_of(store.conn, ana)
    assert sent.status == "sent"
