"""My data: download everything, delete the account."""

from ui.accounts import rights

rights.page()
