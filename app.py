"""Lentera's Streamlit entry point: page settings, then the shell (database check, login gate, role navigation).

Run with ``streamlit run app.py``. Everything a user sees lives in ``ui/``; this file stays tiny so that the
page configuration is the first Streamlit call of every run, as Streamlit requires.
"""

import streamlit as st

st.set_page_config(page_title="Lentera", page_icon=":material/lightbulb:", layout="wide")

from ui.shell import run  # noqa: E402  (set_page_config must come first)

run()
