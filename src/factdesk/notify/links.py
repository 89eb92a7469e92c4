"""Where links in notifications point: the ``base_url`` setting when it is set,
else the address the app is served at, else the address ``factdesk serve``
listens on by default (a notifier run on its own knows no other)."""

from __future__ import annotations

import ipaddress

from ..settings import Settings

__all__ = ["LOCAL_APP", "app_address", "link_base"]

#: The address of ``factdesk serve`` with its default --host and --port.
LOCAL_APP = "http://127.0.0.1:8000"


def app_address(host: str, port: int, scheme: str = "http") -> str | None:
    """``scheme://host:port`` of an app listening there, or ``None`` for a
    wildcard address (0.0.0.0, ::), which no one can open a link to."""
    host = host.strip("[]")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return f"{scheme}://{host}:{port}" if host else None
    if ip.is_unspecified:
        return None
    shown = f"[{ip}]" if ip.version == 6 else str(ip)
    return f"{scheme}://{shown}:{port}"


def link_base(settings: Settings, served_at: str | None = None) -> str:
    """The absolute base of links (no trailing slash): ``base_url``, else
    ``served_at`` (the app's own address), else :data:`LOCAL_APP`."""
    return (settings.base_url or served_at or LOCAL_APP).rstrip("/")
