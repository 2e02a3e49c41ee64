"""Page script run by st.navigation; the page itself lives in ui/admin.py."""

from ui.admin import users_page

users_page()
