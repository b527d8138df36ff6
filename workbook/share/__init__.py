"""A case leaving the app, or coming in: exports (YAML, HTML, PDF, PNG), anonymisation, map
images, the cheat sheet and actor lists from CSV.

Uses the analysis, the framework, the coach, the case and the shared core.
"""
