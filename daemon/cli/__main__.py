"""`python -m daemon.cli`: the `yomitori` command."""

import sys

from daemon.cli import main

sys.exit(main())
