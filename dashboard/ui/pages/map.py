"""Map page script (st.navigation runs this file)."""

from dashboard.ui import filters, loaders, map_page

map_page.render(loaders.dataset(), filters.current_view())
