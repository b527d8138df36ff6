"""AppTest page tests: each page as a user sees it."""
