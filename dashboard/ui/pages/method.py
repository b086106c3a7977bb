"""Method page script (st.navigation runs this file)."""

from dashboard.ui import method_page

method_page.render()
