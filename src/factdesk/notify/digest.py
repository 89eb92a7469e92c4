"""The morning digest: one message per user of what moved in what they follow.

:func:`send_digests` first brings notifications up to date (:func:`fan_out`),
then, for each user who follows anything and has notifications after their
last digest, writes one digest: an e-mail (when the user turned e-mail on)
and an entry in their Atom feed (:mod:`.atom`).  The digest is recorded after
its e-mail went out, so a failed send is retried on the next run; a second
run with nothing new sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from ..errors import DeliveryError
from ..settings import Settings
from ..store import Store
from ..store.people.accounts import user_by_id
from ..store.people.digests import add_digest, digest_users, last_digest_seq, moved_since
from ..store.people.notifications import InboxItem, user_channels
from .deliver import iso
from .email import send_mail
from .fanout import fan_out
from .links import link_base
from .serial import store_lock

__all__ = ["DigestStats", "digest_text", "send_digests"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestStats:
    users: int    # users who follow anything
    digests: int  # digests written (one per user with something new)
    emailed: int  # of them, sent by e-mail
    failed: int   # e-mails the server did not take (retried next run)

    def to_dict(self) -> dict[str, int]:
        return {"users": self.users, "digests": self.digests, "emailed": self.emailed,
                "failed": self.failed}


def digest_text(items: list[InboxItem], base_url: str) -> tuple[str, str]:
    """``(subject, plain-text body)`` of a digest of ``items``, grouped by why they came."""
    groups: dict[str, list[InboxItem]] = {}
    for item in items:
        groups.setdefault(item.because or item.reason, []).append(item)
    lines = [f"What moved in what you follow ({len(items)} "
             f"update{'s' if len(items) != 1 else ''}):", ""]
    for because, chosen in groups.items():
        lines += [because[:1].upper() + because[1:] + ":"]
        lines += [f"  - {item.title}\n    {base_url}{item.url}" for item in chosen]
        lines.append("")
    lines.append(f"Your inbox: {base_url}/inbox · notification settings: {base_url}/account")
    subject = f"[factdesk] Morning digest: {len(items)} update{'s' if len(items) != 1 else ''}"
    return subject, "\n".join(lines) + "\n"


def _one(store: Store, settings: Settings, user_id: int, when: str, base: str,
         send: Callable[..., None]) -> tuple[bool, bool, bool]:
    """Digest one user: (written, emailed, failed)."""
    with store_lock(store):
        after = store.read(last_digest_seq, user_id)
        moved = store.read(moved_since, user_id, after)
        user = store.read(user_by_id, user_id)
        mail = user is not None and store.read(user_channels, user_id)["email"]
    if not moved or user is None:
        return False, False, False
    subject, body = digest_text([item for _, item in moved], base)
    if mail:
        try:
            send(settings, user.email, subject, body)
        except DeliveryError:
            return False, False, True
    with store_lock(store), store.transaction() as conn:
        add_digest(conn, user_id, last_seq=moved[-1][0], sent=when, title=subject, body=body)
    return True, mail, False


def send_digests(store: Store, settings: Settings, *, now: datetime | None = None,
                 served_at: str | None = None,
                 send: Callable[..., None] = send_mail) -> DigestStats:
    """Write each following user's digest of what moved since their last one
    (see the module); ``send(settings, to, subject, body)`` sends the e-mail."""
    when = iso(now or datetime.now(UTC))
    with store_lock(store):
        fan_out(store, now=when)
        users = store.read(digest_users)
    base = link_base(settings, served_at)
    written = emailed = failed = 0
    for user_id in users:
        w, e, f = _one(store, settings, user_id, when, base, send)
        written, emailed, failed = written + w, emailed + e, failed + f
    return DigestStats(users=len(users), digests=written, emailed=emailed, failed=failed)
