"""A store that does not answer: why, in the user's words, and the detail for the server log.

A write the database refuses (locked too long, disk full, read-only) raises StoreUnavailable;
a store that cannot be opened, reached or read (a stopped server, a file that cannot be
opened, a wrong address) raises StoreUnreachable, a kind of StoreUnavailable. Either way
nothing was stored. The driver's own message may name server paths and addresses: it is kept
as `detail`, for the log, and never shown; users see `message(lang)`, a short reason.
"""

from __future__ import annotations

from workbook import i18n

# the first of these phrases found in the driver's message (lower case) gives the reason
_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("full", ("disk is full", "disk full", "no space left", "could not extend file",
              "quota exceeded")),
    ("read_only", ("readonly database", "read-only", "read only")),
    ("busy", ("database is locked", "table is locked", "database is busy", "lock timeout",
              "deadlock", "could not obtain lock")),
    ("cannot_open", ("unable to open database file", "not a database", "file is encrypted")),
    ("io", ("disk i/o error", "input/output error")),
    ("access", ("password authentication failed", "authentication failed", "pg_hba.conf",
                "permission denied", "role \"", "access denied")),
    ("config", ("database \"", "could not parse", "can't load plugin", "no module named",
                "invalid dsn", "invalid connection option")),
    ("unreachable", ("connection refused", "could not connect", "connection failed",
                     "server closed the connection", "terminating connection",
                     "connection to server", "could not translate host name",
                     "timeout expired", "network is unreachable", "no route to host",
                     "connection is closed", "connection was closed", "connection reset",
                     "the database system is starting up", "shutting down",
                     "consuming input failed", "server has gone away", "lost connection")),
)
REASONS = tuple(reason for reason, _ in _PHRASES) + ("other",)
# reasons that mean the store cannot be used at all, not only that one write was refused
UNREACHABLE = {"cannot_open", "access", "unreachable", "config"}


class StoreUnavailable(Exception):
    """The database refused a write; nothing of it was stored."""

    def __init__(self, err: BaseException | str, reason: str | None = None):
        orig = getattr(err, "orig", None) or err
        text = str(orig).strip()
        self.detail = text.splitlines()[0][:300] if text else type(orig).__name__
        self.reason = reason or reason_of(err)
        super().__init__(self.detail)

    def message(self, lang: str = "en") -> str:
        """Why, in a few of the user's words: no paths, no addresses, no driver text."""
        return i18n.t(f"store.reason.{self.reason}", lang)


class StoreUnreachable(StoreUnavailable):
    """The store could not be opened, reached or read; nothing was read or stored."""


def store_error(err: BaseException, reading: bool = False) -> StoreUnavailable:
    """The error to raise for a database error: unreachable when reading or connecting."""
    reason = reason_of(err)
    unreachable = reading or reason in UNREACHABLE
    return (StoreUnreachable if unreachable else StoreUnavailable)(err, reason)


def reason_of(err: BaseException) -> str:
    """One of REASONS, from the driver's message or the kind of error."""
    orig = getattr(err, "orig", None) or err
    text = str(orig).lower()  # the driver's words only: SQLAlchemy's add the statement
    for reason, phrases in _PHRASES:
        if any(phrase in text for phrase in phrases):
            return reason
    if isinstance(orig, ImportError) or type(err).__name__ in ("ArgumentError",
                                                               "NoSuchModuleError"):
        return "config"
    if _connection_lost(err):
        return "unreachable"
    return "other"


def _connection_lost(err: BaseException) -> bool:
    return bool(getattr(err, "connection_invalidated", False))
