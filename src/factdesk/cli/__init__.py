"""The ``factdesk`` command line: a thin shell over the library.

stdout carries data; progress and messages go to stderr.  Exit codes: 0 ok,
1 a source failed or was rejected (with a one-line message each), 2 usage.

:mod:`.app` holds the group and what commands share; :mod:`.pages` the
one-off ``clean``/``analyze``; :mod:`.corpus` the commands over the database;
:mod:`.service` ``notify``, ``users`` and ``serve``.
"""

from . import corpus, dossier, pages, service  # noqa: F401 - importing them adds their commands
from .app import main

__all__ = ["main"]
