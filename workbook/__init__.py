"""The polarisation workbook's domain: frameworks, cases, storage, maps, exports.

Nothing in this package imports Streamlit, so all of it is unit-testable.
"""

__version__ = "0.1.0"
