"""The address the app is served at, as the server socket saw it.

Links the app writes for elsewhere (Atom feeds, password-reset e-mails) use the
``base_url`` setting when set; otherwise this address.  It comes from the ASGI
``server`` entry (the listening socket's host and port), never from the
``Host`` header, which a client chooses: a reset link built from it could
carry a token to an attacker's host.
"""

from __future__ import annotations

from fastapi import Request

from ..notify.links import app_address, link_base

__all__ = ["links_from"]


def links_from(request: Request) -> str:
    """The absolute base for links written while answering ``request``."""
    settings = request.app.state.ctx.settings
    server = request.scope.get("server")
    served = None
    if server and server[1] is not None:
        served = app_address(str(server[0]), int(server[1]), request.url.scheme)
    return link_base(settings, served)
