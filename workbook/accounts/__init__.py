"""Accounts (hosted mode): who a user is and which cases they may see or change.

`users` holds the identity of a login (the OpenID Connect issuer and subject; a name and an
e-mail address only to show, never stored or logged) and the local user of local mode.
`access` holds the one access check: every read and write of a case by the interface goes
through a `CaseAccess` for the session's user, and a case that user may not see answers
exactly as a case that does not exist. Shares (to read or to comment) are honoured there.

Uses `workbook.case` (the store and its tables) and the shared core only; never Streamlit.
"""
