"""Joining a cohort through its link (`/join?code=...`)."""

from ui.accounts import join

join.page()
