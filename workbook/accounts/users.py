"""Who uses the app: a login's issuer and subject, or the local user of local mode.

The name and e-mail address a provider sends are kept only to show who is logged in; they
are not part of the identity, not stored, and left out of the user's repr (so out of logs).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from workbook.case.dbschema import LOCAL_OWNER, OWNER_LENGTH

MAX_SUBJECT = 255  # OpenID Connect: a subject is at most 255 ASCII characters
_ISSUER = re.compile(r"^[^\s\x00-\x1f\x7f]{1,300}$")
_SUBJECT = re.compile(r"^[^\x00-\x1f\x7f]{1,%d}$" % MAX_SUBJECT)


@dataclass(frozen=True)
class User:
    """A user: who issued the login (`issuer`) and who they are there (`subject`)."""

    issuer: str
    subject: str
    name: str = field(default="", compare=False, repr=False)
    email: str = field(default="", compare=False, repr=False)
    # the e-mail address only when the provider says it verified it (`email_verified`):
    # the one claim a facilitator is recognised by (workbook.accounts.facilitators)
    verified_email: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        if not (_ISSUER.match(self.issuer) and _SUBJECT.match(self.subject)):
            raise ValueError("an issuer without spaces and a subject of 1-255 characters")

    @property
    def key(self) -> str:
        """How the store names this user (a case's owner, a share's grantee)."""
        return f"{self.issuer} {self.subject}"

    @property
    def is_local(self) -> bool:
        return self.key == LOCAL_OWNER

    def label(self) -> str:
        """Who is logged in, for the sidebar: the name and the e-mail address as sent."""
        shown = [part for part in (self.name, self.email) if part]
        return " · ".join(shown) if shown else self.subject

    @classmethod
    def from_key(cls, key: str) -> "User":
        """The user a store key names; ValueError if it names none."""
        issuer, _, subject = key.partition(" ")
        return cls(issuer, subject)

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any]) -> "User | None":
        """The user of a login's claims (`st.user`), or None without a usable issuer and
        subject."""
        issuer, subject = claims.get("iss"), claims.get("sub")
        if not isinstance(issuer, str) or not isinstance(subject, str):
            return None
        if not issuer.startswith(("https://", "http://")):  # an issuer is a URL: never LOCAL
            return None
        try:
            shown = claims.get("email") or claims.get("preferred_username")  # Entra ID
            verified = claims.get("email") if _true(claims.get("email_verified")) else ""
            user = cls(issuer, subject, _text(claims.get("name")), _text(shown),
                       _text(verified))
        except ValueError:
            return None
        return user if len(user.key) <= OWNER_LENGTH else None


def _text(value: Any) -> str:
    return value[:200] if isinstance(value, str) else ""


def _true(value: Any) -> bool:
    """An `email_verified` claim that says yes (a JSON true; some providers send "true")."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def hashed_identity(user: User) -> str:
    """A short, one-way name for a user (their issuer and subject, hashed; never the
    e-mail address): what the browser may keep beside a user's waiting edits."""
    return hashlib.sha256(f"workbook-user\n{user.key}".encode()).hexdigest()[:24]


LOCAL = User.from_key(LOCAL_OWNER)  # the one user of local mode; owns every local case
