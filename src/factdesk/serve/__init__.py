"""The web app and JSON API (``pip install 'factdesk[serve]'``).

``create_app(store, settings)`` builds the ASGI app; ``serve(settings,
db_path, host, port, workers=N)`` runs it with uvicorn, in ``N`` processes
that share the port and keep everything they must agree on in the database.  Pages: search, article, entity,
claim (with a stance timeline) and ingest; the JSON API is under ``/api``
with its OpenAPI document at ``/api/openapi.json``.  :mod:`.pages` and
:mod:`.api` read through the store's read API; :mod:`.submit` runs a pasted or
fetched page through :func:`factdesk.pipeline.process`; :mod:`.people` holds the
pages for accounts, follows, threads and notifications.
"""

from .app import CONTENT_SECURITY_POLICY, create_app
from .run import serve

__all__ = ["CONTENT_SECURITY_POLICY", "create_app", "serve"]
