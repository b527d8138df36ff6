"""The case and its store: the case model (`model`), changes to it (`edits`, `tables`,
`strategy`), older formats brought up to date (`migrate`), case files (`files`), every
revision kept (`store`; its tables in `caserows`, the database opened in `dbengine`), read
back (`revisions`) and described in the reader's words (`history`).

Uses the shared core only (i18n, text, yamlio, problems).
"""
