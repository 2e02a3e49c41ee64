"""Lentera's Streamlit entry point, read twice: as the server's ASGI app, and as the script of every rerun.

``streamlit run app.py`` finds ``app = st.App(...)`` below and imports this file as the module ``app`` to build
the server: Streamlit plus the session cookie's routes and the gate in front of Streamlit's own endpoints
(``ui/web.py``). Each rerun then executes the file as ``__main__``: page settings first, as Streamlit requires,
then the shell (database check, login gate, role navigation). Everything a user sees lives in ``ui/``.
"""

import streamlit as st

if __name__ == "__main__":
    st.set_page_config(page_title="Lentera", page_icon=":material/lightbulb:", layout="wide")

    from ui.shell import run

    run()
else:
    from starlette.middleware import Middleware

    from ui import web
    from ui.icon_font import IconFont
    from ui.static_compression import CompressedStatic

    app = st.App(
        __file__,
        routes=web.routes(),
        # the gate first (outermost)
        middleware=[Middleware(web.SessionGate), Middleware(CompressedStatic), Middleware(IconFont)],
    )
