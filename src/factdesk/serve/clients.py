"""The address a request came from, trusting forwarded headers only from our proxies.

Rate limits are kept per address, so the address must be one a client cannot
choose.  ``X-Forwarded-For`` is written by whoever sent the request: it is
read only when the peer is one of the ``trusted_proxies`` (a setting, empty
by default: the header is then never read).  The list is walked from the
right, past our own proxies, and the first address that is not one of them
is the client's; everything to its left is the client's own say and ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from starlette.requests import Request

from ..errors import ConfigError

__all__ = ["client_address", "trusted_networks"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(setting: str) -> tuple[Network, ...]:
    """The ``trusted_proxies`` setting (addresses or networks, comma-separated), parsed."""
    networks = []
    for item in (part.strip() for part in setting.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ConfigError(f"trusted_proxies: {item!r} is not an IP address or network "
                              "(e.g. 10.0.0.5 or 10.0.0.0/24)") from exc
    return tuple(networks)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Request) -> str:
    """The client's address: the peer's, or the one our trusted proxies forwarded."""
    peer = request.client.host if request.client else "unknown"
    networks = trusted_networks(request.app.state.ctx.settings.trusted_proxies)
    if not networks or not _trusted(peer, networks):
        return peer
    forwarded = ",".join(request.headers.getlist("x-forwarded-for"))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # not an address: our proxy did not write it
    return hops[0] if hops else peer
