"""A framework and its course content: the typed schema (`schema`), loading the YAML files
(`loader`), worksheets, exercises, the concept explorer, the worked case studies
(`casestudies`) and checking a case against its framework (`check`).

Uses the case, the coach's rule vocabulary and the shared core.
"""
