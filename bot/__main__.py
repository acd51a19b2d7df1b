"""`python -m bot ...` runs the `mailhelp` command, for hosts that only have the checkout."""

import sys

from bot.cli.main import main

sys.exit(main())
