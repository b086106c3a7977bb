"""Facts page script (st.navigation runs this file)."""

from dashboard.ui import facts_page, filters, loaders

facts_page.render(loaders.dataset(), filters.current_view())
