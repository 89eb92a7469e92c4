"""The web app and JSON API (``pip install 'factdesk[serve]'``).

``create_app(store, settings)`` builds the ASGI app; ``serve(settings,
db_path, host, port)`` runs it with uvicorn.  Pages: search, article, entity,
claim (with a stance timeline) and ingest; the JSON API is under ``/api``
with its OpenAPI document at ``/api/openapi.json``.
"""

from .app import CONTENT_SECURITY_POLICY, create_app
from .run import serve

__all__ = ["CONTENT_SECURITY_POLICY", "create_app", "serve"]
