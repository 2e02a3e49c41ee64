"""Page script run by st.navigation; the page itself lives in ui/admin.py."""

from ui.admin import opd_page

opd_page()
