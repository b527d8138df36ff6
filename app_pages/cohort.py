"""My cohort: a facilitator's cohorts (join link, members, progress per part, shared cases);
a trainee's cohorts."""

from ui.accounts import cohort

cohort.page()
