"""Who uses this session, and the login.

Local mode (no `[auth]` in `.streamlit/secrets.toml`): the local user, no login. Hosted mode
(an OpenID Connect provider under `[auth]`): Streamlit's `st.login` / `st.user`; every page
asks to log in first, and the sidebar shows who is logged in and a log-out button. A secrets
file that cannot be read, or an `[auth]` section that lacks a setting, opens nothing but a
page that says so: never local mode by mistake.

Nothing of the login (tokens, e-mail address, name) is logged or stored; the store knows a
user by the provider's issuer and subject only.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit import config

from workbook.accounts.facilitators import Facilitators
from workbook.accounts.users import LOCAL, User, hashed_identity
from ui import kept
from ui.accounts import afterlogin
from ui.i18n import t

USER_KEY = "_user"  # the session's User
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
SHARED_KEYS = ("redirect_uri", "cookie_secret")
LOGIN_COOKIE = "_streamlit_user"  # Streamlit's signed login cookie
LOOPBACK = ("127.0.0.1", "localhost", "::1")
_log = logging.getLogger(__name__)


class NotLoggedIn(RuntimeError):
    """A case was asked for in hosted mode before anyone logged in."""


@dataclass(frozen=True)
class Mode:
    hosted: bool = False
    providers: tuple[str | None, ...] = ()  # None: the provider set in [auth] itself
    problems: tuple[str, ...] = ()  # why the login cannot work, in the reader's language


def mode() -> Mode:
    """Local or hosted, read from the secrets file on every run (Streamlit caches it)."""
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError as err:  # Streamlit's "no secrets", or a file it cannot read
        if not any(os.path.exists(path) for path in config.get_option("secrets.files")):
            return Mode()
        return Mode(hosted=True, problems=(t("account.secrets_unreadable"), str(err)[:500]))
    if section is None:
        return Mode()
    return _checked(section)


def _checked(section: Any) -> Mode:
    if not isinstance(section, Mapping):
        return Mode(hosted=True, problems=(t("account.missing_settings", names="[auth]"),))
    named = tuple(k for k, v in section.items() if isinstance(v, Mapping))
    own = any(k in section for k in PROVIDER_KEYS) or not named
    providers: tuple[str | None, ...] = ((None,) if own else ()) + named
    missing = [k for k in SHARED_KEYS if not section.get(k)]
    for name in providers:
        settings = section if name is None else section[name]
        prefix = "" if name is None else f"{name}."
        missing += [prefix + k for k in PROVIDER_KEYS if not settings.get(k)]
    problems = []
    if missing:
        problems.append(t("account.missing_settings", names=", ".join(missing)))
    if section.get("redirect_uri") and not str(section["redirect_uri"]).endswith(
            "/oauth2callback"):
        problems.append(t("account.bad_redirect"))
    if importlib.util.find_spec("authlib") is None:
        problems.append(t("account.no_authlib"))
    return Mode(hosted=True, providers=providers, problems=tuple(problems))


def identify() -> User | None:
    """The session's user: the local user in local mode, the logged-in user in hosted
    mode; None when a login page is to be shown instead. Call at the start of every run."""
    found = _who(mode())
    if found is not None:
        previous = st.session_state.get(USER_KEY)
        if isinstance(previous, User) and previous != found:  # never another user's state
            for key in list(st.session_state.keys()):
                if key != "lang":
                    del st.session_state[key]
        st.session_state[USER_KEY] = found
    return found


def _who(current: Mode) -> User | None:
    if current.problems:
        return None
    if not current.hosted:
        return LOCAL
    if not st.user.get("is_logged_in"):
        return None
    return User.from_claims(st.user)


def settings() -> Mapping[str, Any]:
    """The `[workbook]` section of the secrets file (facilitators, retention); empty when
    there is none."""
    try:
        section = st.secrets.get("workbook")
    except FileNotFoundError:
        return {}
    return section if isinstance(section, Mapping) else {}


def settings_auth_base() -> str:
    """The app's public address, as the login's `redirect_uri` names it (for links that
    others open: a cohort's join link)."""
    try:
        uri = str((st.secrets.get("auth") or {}).get("redirect_uri") or "")
    except FileNotFoundError:
        uri = ""
    uri = uri.replace("{port}", str(config.get_option("server.port")))  # as Streamlit does
    return uri.removesuffix("/oauth2callback").rstrip("/")


def is_facilitator(user: User) -> bool:
    """Whether the configuration names this user a facilitator (never in local mode)."""
    return not user.is_local and Facilitators.from_config(settings()).named(user)


def browser_key(user: User) -> str:
    """What the browser keeps a user's waiting edits under: a hash of their login (hosted
    mode), nothing in local mode (ui/kept.py)."""
    return "" if user.is_local else hashed_identity(user)


def session_user() -> User:
    """The user of this session, as `identify` found it; NotLoggedIn when there is none."""
    user = st.session_state.get(USER_KEY)
    if isinstance(user, User):
        return user
    user = identify()
    if user is None:
        raise NotLoggedIn()
    return user


# -- the login page --------------------------------------------------------------------------
def login_page() -> None:
    """In place of every page while no one is logged in: a login button, nothing else (or
    what is wrong with the setup, or with the login)."""
    current = mode()
    kept.forget_all()  # whoever logged out here: their waiting edits leave this browser
    st.title(t("app.name"))
    if current.problems:
        st.error(t("account.setup_broken"))
        st.code("\n".join(current.problems), language=None, wrap_lines=True)
        return
    if st.user.get("is_logged_in"):  # logged in, yet the provider did not say who
        st.error(t("account.no_identity"))
        logout_button()
        return
    st.subheader(t("account.login_title"), anchor=False)
    st.markdown(t("account.login_intro"))
    asked = afterlogin.link_asked()  # a join or room link: the provider brings everyone
    if asked is not None:  # back to /, so this tab keeps it and opens it after the login
        st.info(t("room.login_first" if asked[0] == "room" else "join.login_first"))
        afterlogin.keep_for_after_login(*asked)
    if _stale_login():
        st.warning(t("account.login_expired"))
    for provider in current.providers:
        label = (t("account.login") if provider is None
                 else t("account.login_with", provider=provider.capitalize()))
        if st.button(label, key=f"login:{provider or ''}", type="primary",
                     icon=":material/login:"):
            _login(provider)


def _stale_login() -> bool:
    """A login cookie came with the page, yet no one is logged in: it expired, or it was
    altered (its signature does not match)."""
    try:
        return LOGIN_COOKIE in st.context.cookies
    except Exception:  # noqa: BLE001 - no request to look at (a test)
        return False


def _login(provider: str | None) -> None:
    try:
        st.login(provider) if provider else st.login()
    except Exception as err:  # noqa: BLE001 - Streamlit's auth errors have no common base
        _log.warning("login could not start: %s", type(err).__name__)  # no settings, no tokens
        st.error(t("account.login_failed"))


# -- the sidebar -----------------------------------------------------------------------------
def sidebar(user: User) -> None:
    """Who is logged in (as plain text, never Markdown) and a log-out button; in local mode
    a warning when the app listens beyond this computer, with no login."""
    if user.is_local:
        address = config.get_option("server.address")
        if address not in LOOPBACK:
            st.warning(t("account.local_exposed"), icon=":material/wifi:")
        return
    st.caption(t("account.logged_in_as"))
    st.text(user.label())
    logout_button()


def logout_button() -> None:
    if st.button(t("account.logout"), key="logout", icon=":material/logout:", width="stretch"):
        st.logout()
