"""The case page's panels: managing cases (start, import, duplicate, delete, bring back) and the history of revisions."""
