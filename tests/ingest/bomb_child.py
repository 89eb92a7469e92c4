"""Reads one bomb in a process of its own and reports what became of it and its peak memory.

    python -m tests.ingest.bomb_child listing FILE [SERVED_AS [CONTENT_ENCODING]]
    python -m tests.ingest.bomb_child warc FILE

``listing`` names FILE as a source (or, with SERVED_AS, serves FILE's bytes on
a loopback server at that path, with that ``Content-Encoding`` if given, and
names the URL); ``warc`` lists an archive and cleans every record.  Prints one
JSON object: ``outcome`` (a reason slug, or ``page`` for a page ref or an
article) and ``peak_mb``, the process's peak resident memory (VmHWM).
"""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

from factdesk.clean import clean_page
from factdesk.ingest import Fetcher, PageRef, page_refs, read_ref
from factdesk.model import Rejection
from factdesk.settings import Settings
from tests.ingest.rawserver import RawServer


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _serve(body: bytes, encoding: str | None):
    def answer(sock: socket.socket, head: bytes) -> None:
        extra = f"Content-Encoding: {encoding}\r\n".encode() if encoding else b""
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n" + extra
                     + b"Content-Length: " + str(len(body)).encode()
                     + b"\r\nConnection: close\r\n\r\n")
        sock.sendall(body)
    return RawServer(answer)


def listing(file: str, served_as: str | None = None, encoding: str | None = None) -> list[str]:
    settings = Settings(allow_private_addresses=True, fetch_timeout=60)
    if served_as is None:
        items = list(page_refs([file], settings))
    else:
        with _serve(Path(file).read_bytes(), encoding) as server, Fetcher(settings) as fetcher:
            url = f"http://127.0.0.1:{server.port}/{served_as}"
            items = list(page_refs([url], settings, fetcher=fetcher))
    return ["page" if isinstance(item, PageRef) else item.reason.value for item in items]


def warc(file: str) -> list[str]:
    settings = Settings()
    outcome = []
    for item in page_refs([file], settings):
        if not isinstance(item, PageRef):
            outcome.append(item.reason.value)
            continue
        result = clean_page(read_ref(item, settings), settings)
        outcome.append(result.reason.value if isinstance(result, Rejection) else "page")
    return outcome


def main(argv: list[str]) -> None:
    kind, *args = argv
    outcome = {"listing": listing, "warc": warc}[kind](*args)
    print(json.dumps({"outcome": outcome, "peak_mb": round(_peak_mb(), 1)}))


if __name__ == "__main__":
    main(sys.argv[1:])
