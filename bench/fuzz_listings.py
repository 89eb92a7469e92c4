"""Feeds, sitemaps and WARC files for the fuzz campaign, and how a worker reads them.

Each listing is built from a seed page (its text becomes feed descriptions,
its bytes WARC record bodies), then roughened: gzip layers, a small
decompression bomb past the reader's limit, a DTD internal subset that
expands an entity (billion laughs), sitemap indexes that loop, nest too deep
or name a sitemap that is not there, and the page mutations of
:mod:`fuzz_mutations` on the finished bytes.

A worker reads a listing as ingest does, with no network: a feed through
:func:`factdesk.ingest.feed_refs`; a sitemap through
:func:`factdesk.ingest.sitemap_refs` whose reader serves only the files the
input carries (any other location is an ``InputError``, as a failed fetch);
a WARC file through :func:`factdesk.ingest.warc_refs` and
:func:`factdesk.ingest.read_warc_record`, each page record (three at most)
then cleaned.  The outcome is ``listed`` (refs and no problem) or
``rejected`` with the first problem's reason slug; a problem without a reason
or message is a crash.
"""

from __future__ import annotations

import gzip
import io
import random
import tempfile
import uuid
from pathlib import Path
from xml.sax.saxutils import escape

from fuzz_inputs import FuzzInput, piece
from fuzz_mutations import MUTATIONS, mutate

__all__ = ["LISTING_KINDS", "make_listing_input", "run_listing"]

LISTING_KINDS = ("feed", "sitemap", "warc")
_ORIGIN = "https://news.example"
_BYTE_MUTATIONS = ("truncate", "random_bytes", "flip_bytes")
_LAUGHS = ('<!DOCTYPE rss [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
           '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>')


def _bomb(head: bytes, size: int, tail: bytes) -> bytes:
    """gzip of ``head``, ``size`` zero-ish bytes and ``tail``, built a chunk at a time."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9, mtime=0) as zipped:
        zipped.write(head)
        block = b" " * (1 << 20)
        for _ in range(size >> 20):
            zipped.write(block)
        zipped.write(tail)
    return out.getvalue()


def _gzip(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    layers = rnd.choice((1, 1, 2, 3))
    for _ in range(layers):
        data = gzip.compress(data, mtime=0)
    return data, f"gzip{layers}"


def _texts(data: bytes, rnd: random.Random, count: int) -> list[str]:
    text = data.decode("utf-8", errors="replace")
    return [piece(text.encode(), rnd)[0].decode("utf-8", errors="replace")[:2000]
            for _ in range(count)]


def _feed(data: bytes, rnd: random.Random) -> tuple[bytes, list[str]]:
    count = rnd.choice((0, 1, 3, 10, 40))
    texts = _texts(data, rnd, count)
    style = rnd.choice(("rss", "atom", "rdf"))
    links = [rnd.choice((f"{_ORIGIN}/story/{n}", f"/rel/{n}", "javascript:alert(1)", "",
                         f"{_ORIGIN}/story/{n % 3}")) for n in range(count)]
    bodies = [rnd.choice((escape(t), f"<![CDATA[{t}]]>")) for t in texts]
    if style == "atom":
        items = "".join(f"<entry><title>t{n}</title><link href=\"{escape(link)}\"/>"
                        f"<summary>{body}</summary></entry>"
                        for n, (link, body) in enumerate(zip(links, bodies)))
        doc = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Fuzz</title>{items}</feed>'
    else:
        items = "".join(f"<item><title>t{n}</title><link>{escape(link)}</link>"
                        f"<description>{body}</description></item>"
                        for n, (link, body) in enumerate(zip(links, bodies)))
        doc = (f"<rss version=\"2.0\"><channel><title>Fuzz</title>{items}</channel></rss>"
               if style == "rss" else
               '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
               f'xmlns="http://purl.org/rss/1.0/">{items}</rdf:RDF>')
    steps = [style, f"entries{count}"]
    prolog = '<?xml version="1.0" encoding="utf-8"?>\n'
    if rnd.random() < 0.1:
        prolog += _LAUGHS
        doc = doc.replace("<title>Fuzz</title>", "<title>&d;</title>")
        steps.append("entity_laughs")
    return (prolog + doc).encode("utf-8"), steps


def _urlset(rnd: random.Random, count: int) -> bytes:
    locs = "".join(f"<url><loc>{escape(rnd.choice((f'{_ORIGIN}/p/{n}', f'/rel/{n}', ' ', '')))}"
                   "</loc></url>" for n in range(count))
    return ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{locs}</urlset>").encode()


def _index(children: list[str]) -> bytes:
    locs = "".join(f"<sitemap><loc>{escape(c)}</loc></sitemap>" for c in children)
    return ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
            f'sitemap/0.9">{locs}</sitemapindex>').encode()


def _sitemap(rnd: random.Random) -> tuple[bytes, list[str], dict[str, bytes]]:
    shape = rnd.choice(("urlset", "urlset", "index", "loop", "deep", "missing"))
    extra: dict[str, bytes] = {}
    top = f"{_ORIGIN}/sitemap.xml"
    if shape == "urlset":
        return _urlset(rnd, rnd.choice((0, 1, 5, 50, 500))), [shape], extra
    if shape == "index":
        names = [f"{_ORIGIN}/s{n}.xml" for n in range(rnd.randint(1, 4))]
        for name in names:
            extra[name] = _urlset(rnd, rnd.choice((1, 5, 20)))
            if rnd.random() < 0.3:
                extra[name] = gzip.compress(extra[name], mtime=0)
        return _index(names), [shape], extra
    if shape == "loop":
        extra[f"{_ORIGIN}/a.xml"] = _index([top])
        return _index([f"{_ORIGIN}/a.xml"]), [shape], extra
    if shape == "deep":
        for depth in range(8):
            extra[f"{_ORIGIN}/d{depth}.xml"] = _index([f"{_ORIGIN}/d{depth + 1}.xml"])
        return _index([f"{_ORIGIN}/d0.xml"]), [shape], extra
    return _index([f"{_ORIGIN}/absent.xml"]), [shape], extra


def _warc(data: bytes, rnd: random.Random) -> tuple[bytes, list[str]]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    zipped = rnd.random() < 0.7
    writer = WARCWriter(buffer, gzip=zipped)
    steps = ["warc.gz" if zipped else "warc"]
    for n in range(rnd.randint(1, 4)):
        body, _ = piece(data, rnd)
        kind = rnd.choice(("text/html; charset=utf-8", "text/plain", "application/pdf",
                           "text/html; charset=bogus-9"))
        fields = [("Content-Type", kind)]
        if rnd.random() < 0.2:
            body, layers = _gzip(body, rnd)
            fields.append(("Content-Encoding", "gzip"))
            steps.append(f"record{n}:{layers}")
        headers = StatusAndHeaders("200 OK", fields, protocol="HTTP/1.1")
        record_type = rnd.choice(("response", "response", "resource", "metadata"))
        # a fixed id and date: the same seed gives the same bytes
        fixed = {"WARC-Record-ID": f"<urn:uuid:{uuid.UUID(int=rnd.getrandbits(128))}>",
                 "WARC-Date": "2024-05-06T07:08:09Z"}
        writer.write_record(writer.create_warc_record(
            f"{_ORIGIN}/w/{n}", record_type, payload=io.BytesIO(body), warc_headers_dict=fixed,
            http_headers=headers if record_type == "response" else None))
    return buffer.getvalue(), steps


def make_listing_input(pages: list[tuple[str, bytes]], rnd: random.Random) -> FuzzInput:
    """A feed, sitemap or WARC file made from a seed page, then roughened."""
    name, data = pages[rnd.randrange(len(pages))]
    kind = rnd.choice(LISTING_KINDS)
    extra: dict[str, bytes] = {}
    if kind == "feed":
        body, steps = _feed(data, rnd)
    elif kind == "sitemap":
        body, steps, extra = _sitemap(rnd)
    else:
        body, steps = _warc(data, rnd)
    roll = rnd.random()
    if kind != "warc" and roll < 0.01:
        limit = 20_000_000 if kind == "feed" else 50_000_000  # the default max_*_bytes
        body = _bomb(body[:len(body) // 2], limit + (1 << 20), body[len(body) // 2:])
        steps.append("bomb")
    elif kind != "warc" and roll < 0.15:
        body, layers = _gzip(body, rnd)
        steps.append(layers)
    for _ in range(rnd.choice((0, 0, 1, 2))):
        step = rnd.choice(_BYTE_MUTATIONS if kind == "warc" or body[:2] == b"\x1f\x8b"
                          else sorted(MUTATIONS))
        body = mutate(step, body, rnd)
        steps.append(step)
    return FuzzInput(kind, f"{kind}:{name}", body, tuple(steps), tuple(extra.items()))


def _problem(item) -> dict | None:
    if not item.reason or not item.message:
        return {"outcome": "crash", "detail": f"a source problem without a reason: {item!r}"}
    return None


def _refs(inp: FuzzInput, settings, folder: Path) -> tuple[list, list]:
    from factdesk.errors import InputError
    from factdesk.ingest import feed_refs, sitemap_refs, warc_refs

    if inp.kind == "feed":
        items = list(feed_refs(inp.data, f"{_ORIGIN}/feed.xml", limit=settings.max_feed_bytes))
    elif inp.kind == "sitemap":
        files = dict(inp.extra)

        def read(where: str) -> bytes:
            if where not in files:
                raise InputError(f"{where}: not part of this fuzz input")
            return files[where]

        items = list(sitemap_refs(f"{_ORIGIN}/sitemap.xml", read, data=inp.data,
                                  limit=settings.max_sitemap_bytes))
    else:
        path = folder / "input.warc.gz"
        path.write_bytes(inp.data)
        items = list(warc_refs(str(path)))
    refs = [i for i in items if not hasattr(i, "reason")]
    return refs, [i for i in items if hasattr(i, "reason")]


def run_listing(inp: FuzzInput, settings) -> dict:
    """Read one listing input as ingest does; its outcome (see the module docstring)."""
    from factdesk import Rejection, clean_page
    from factdesk.errors import InputError
    from factdesk.ingest import read_warc_record

    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        refs, problems = _refs(inp, settings, Path(tmp))
        for problem in problems:
            if (bad := _problem(problem)) is not None:
                return bad
        pages = []
        for ref in refs[:3] if inp.kind == "warc" else ():
            try:
                page = read_warc_record(ref.location, ref.offset or 0,
                                        limit=settings.max_page_bytes)
            except InputError:
                pages.append("unreadable")
                continue
            result = clean_page(page, settings)
            if isinstance(result, Rejection) and (not result.reason or not result.message):
                return {"outcome": "crash", "detail": f"rejection without a reason: {result!r}"}
            pages.append(str(result.reason) if isinstance(result, Rejection) else "article")
    answer = {"refs": len(refs), "pages": pages}
    if problems:
        return {"outcome": "rejected", "reason": str(problems[0].reason), **answer}
    return {"outcome": "listed", **answer}
