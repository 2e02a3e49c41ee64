"""Page script run by st.navigation; the page itself lives in ui/account.py."""

from ui.account import account_page

account_page()
