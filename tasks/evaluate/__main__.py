"""``python -m tasks.evaluate GOLD_DIR``: score the pipeline against a gold set."""

import sys

from tasks.evaluate.cli import main

sys.exit(main())
