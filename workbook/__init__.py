"""The polarisation workbook's domain. Nothing in this package imports Streamlit, so all of it
is unit-testable.

Layers, each using only those below it (checked by `.importlinter`, run by the tests):

    cli                  the command line (`python -m workbook`)
    share                exports, anonymisation, map images, cheat sheet, CSV import
    analysis             the map, balance, timeline, snapshots, animation, practice
    framework            schema, loading, worksheets, exercises, case studies
    coach                rule vocabulary, evaluation, pitfalls
    case                 the case model, edits, migration, case files, the store
    i18n, text, yamlio, problems   the shared core
"""

__version__ = "0.1.0"
