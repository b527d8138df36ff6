"""A local OpenID Connect provider for the browser journeys (oidc-provider-mock, offline, on
a loopback port), the secrets file that points an app at it, and logging in through it."""

from __future__ import annotations

import json
import threading
import urllib.request
from urllib.parse import quote

from tests.browser.conftest import free_port
from tests.browser.helpers import main, settle, t

CLIENT_ID = "workbook-tests"
PROVIDER_CSS = "https://cdn.jsdelivr.net/"  # the mock provider's own login form loads it


class Provider:
    """oidc-provider-mock on a free loopback port, in a thread of this process."""

    def __init__(self) -> None:
        import oidc_provider_mock
        import werkzeug.serving

        self.port = free_port()
        self.server = werkzeug.serving.make_server(
            "127.0.0.1", self.port, oidc_provider_mock.app(), threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def key(self, subject: str) -> str:
        """How the store names the user of this subject (a case's owner)."""
        return f"{self.issuer} {subject}"

    def add_user(self, sub: str, **claims: object) -> None:
        """Tell the provider the claims it sends for a subject (name, e-mail address, ...)."""
        request = urllib.request.Request(f"{self.issuer}/users/{quote(sub)}", method="PUT",
                                         data=json.dumps(claims).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 204

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


def secrets_toml(provider: Provider, redirect_uri: str, cookie_secret: str,
                 workbook: str = "") -> str:
    """A secrets file for an app that logs in at `provider`; `workbook`: a [workbook]
    section's lines (facilitators, retention)."""
    text = ("[auth]\n"
            f'redirect_uri = "{redirect_uri}"\n'
            f'cookie_secret = "{cookie_secret}"\n'
            f'client_id = "{CLIENT_ID}"\n'
            'client_secret = "not-checked-by-the-mock"\n'
            f'server_metadata_url = "{provider.issuer}/.well-known/openid-configuration"\n')
    return text + (f"\n[workbook]\n{workbook}\n" if workbook else "")


def sign_in(page, provider: Provider, subject: str, back_to: str, lang: str = "nl") -> None:
    """On the app's login page (open in `page`): press log in, say who you are at the
    provider, and come back to the app at `back_to` (its base address)."""
    main(page).get_by_role("button", name=t("account.login", lang)).click()
    page.wait_for_url(f"{provider.issuer}/oauth2/authorize**", timeout=60_000)
    page.get_by_placeholder("sub").fill(subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{back_to}/**", timeout=60_000)
    settle(page, before={"ended": 0, "messages": 0}, quiet_ms=700)
