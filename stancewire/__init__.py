"""stancewire as an installed package: the one name a wheel puts into site-packages.

The repository keeps ``flows/ tasks/ sql/ seeds/`` at its top level (the design card); the wheel
ships them inside this package (pyproject.toml, ``[tool.hatch.build.targets.wheel] sources``):
``site-packages/stancewire/{flows,tasks,sql,seeds}``. The code imports its parts absolutely
(``from tasks.store import connect``), so importing this package puts the folder that holds them
first on ``sys.path``, and on ``PYTHONPATH`` for the processes a run starts (the temporary Prefect
server, the warm pool's workers, a served deployment's flow runs). ``flows`` and ``tasks`` are
thus importable in stancewire's own processes only: other programs in the environment do not see
them, and another project's ``tasks`` or ``flows`` installed beside it is not overwritten. In a
checkout that folder is the repository root, on the path already (the editable install).

The data files are found beside the code (tasks/contract.py ``SEEDS`` and ``SQL``).
Plain module: no Prefect import.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HOME = Path(__file__).resolve().parent
# installed: this folder holds flows/ tasks/ sql/ seeds/; in a checkout: the repository root
ROOT = HOME if (HOME / "tasks" / "__init__.py").is_file() else HOME.parent


def _put_on_path(root: Path) -> None:
    entry = str(root)
    if entry in sys.path:
        return
    sys.path.insert(0, entry)
    inherited = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join([entry, *inherited])


_put_on_path(ROOT)


def main(argv: list[str] | None = None) -> int:
    """The ``stancewire`` command (flows/cli.py)."""
    from flows.cli import main as cli_main

    return cli_main(argv)
