"""Page script run by st.navigation; the page itself lives in ui/admin.py."""

from ui.admin import catalogs_page

catalogs_page()
