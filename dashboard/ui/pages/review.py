"""Review page script (st.navigation runs this file)."""

from dashboard.ui import loaders, review_page

review_page.render(loaders.dataset())
