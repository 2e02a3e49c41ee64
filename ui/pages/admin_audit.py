"""Page script run by st.navigation; the page itself lives in ui/admin.py."""

from ui.admin import audit_page

audit_page()
