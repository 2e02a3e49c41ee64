"""Page script run by st.navigation; the page itself lives in ui/national.py."""

from ui.national import national_page

national_page()
