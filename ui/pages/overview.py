"""Page script run by st.navigation; the page itself lives in ui/leader.py."""

from ui.leader import overview_page

overview_page()
