"""``python -m stancewire ...``: the ``stancewire`` command."""

import sys

from stancewire import main

sys.exit(main())
