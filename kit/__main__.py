"""``python -m kit ...``: the kit's command line (see kit.cli)."""

from kit.cli import main

raise SystemExit(main())
