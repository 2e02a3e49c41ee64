"""Page script run by st.navigation; the page itself lives in ui/leader.py."""

from ui.leader import opd_detail_page

opd_detail_page()
