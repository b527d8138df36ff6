"""Real-browser journeys: Playwright driving Debian's Chromium against `streamlit run app.py`."""
