"""Page script run by st.navigation; the page itself lives in ui/focal.py."""

from ui.focal import checklist_page

checklist_page()
