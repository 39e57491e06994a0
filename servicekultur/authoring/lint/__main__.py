"""Entry point of ``python -m servicekultur.authoring.lint``."""

import sys

from servicekultur.authoring.lint.cli import main

sys.exit(main())
