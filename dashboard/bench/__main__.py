"""`python -m dashboard.bench`: the same as `sahel-dashboard bench`."""

from dashboard.bench import main

raise SystemExit(main())
