"""Who is a facilitator: named in the configuration (`[workbook]` in the secrets file).

`facilitators = ["an@example.org", ...]` names them by e-mail address, matched (case does
not matter) only against an address the provider says it verified: the `email` claim with
`email_verified` true. Providers that send no `email_verified` (Microsoft Entra ID among
them) cannot be trusted with the address; name those facilitators by their login instead,
`facilitator_logins = ["ISSUER SUBJECT", ...]`, as `python -m workbook list` shows owners.
Nothing else of a login (its name, `preferred_username`) ever makes anyone a facilitator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workbook.accounts.users import User


@dataclass(frozen=True)
class Facilitators:
    emails: frozenset[str] = frozenset()
    logins: frozenset[str] = frozenset()

    def named(self, user: User) -> bool:
        """Whether the configuration names this user as a facilitator."""
        if user.is_local:
            return False
        if user.key in self.logins:
            return True
        email = user.verified_email.strip().lower()
        return bool(email) and email in self.emails

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None) -> "Facilitators":
        """From the `[workbook]` section of the secrets file (or None: nobody)."""
        if not isinstance(section, Mapping):
            return cls()
        return cls(frozenset(e.strip().lower() for e in _strings(section.get("facilitators"))),
                   frozenset(k.strip() for k in _strings(section.get("facilitator_logins"))))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return []
    return [v for v in value if isinstance(v, str) and v.strip()]
