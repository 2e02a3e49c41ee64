"""Page script run by st.navigation; the page itself lives in ui/reports_page.py."""

from ui.reports_page import reports_page

reports_page()
