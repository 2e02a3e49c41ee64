"""Page script run by st.navigation; the page itself lives in ui/inspector.py."""

from ui.inspector import verification_page

verification_page()
