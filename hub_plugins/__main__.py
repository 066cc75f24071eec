"""`python -m hub_plugins new|check|report …`: the writers' command line."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
