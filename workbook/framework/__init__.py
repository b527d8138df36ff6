"""A framework and its course content: the typed schema (`schema`), loading the YAML files
(`loader`), worksheets (also worked out step by step: `steps`), exercises, scenarios
(`scenario_sets`, walked in `scenarios`), the course between its sessions (`course`), the
concept explorer, the worked case studies (`casestudies`) and checking a case against its
framework (`check`).

Uses the case, the coach (its rule vocabulary, and its rules read on one text) and the shared
core.
"""
