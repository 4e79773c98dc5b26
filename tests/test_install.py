"""An install outside the checkout works (issue #15): the wheel, installed into a new virtual
environment, runs the pipeline from an empty folder, and writes nothing into site-packages.

Real parts only: ``uv build --wheel`` of this repository, a new venv with the locked
dependencies (``uv sync --frozen`` into it: from uv's cache, hard links) plus the wheel
(``uv pip install --no-deps``), then the installed ``stancewire`` run in an empty temporary
folder with a temporary HOME and no PREFECT_* variable. About 40 s, most of it the run's first
import of Prefect in a venv without compiled bytecode."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
WAR_DEV = ROOT.parent / "shared" / "eval" / "war-dev" / "articles.jsonl"

pytestmark = pytest.mark.install


def _uv() -> list[str]:
    if shutil.which("uv"):
        return ["uv"]
    probe = subprocess.run([sys.executable, "-m", "uv", "--version"], capture_output=True)
    if probe.returncode == 0:
        return [sys.executable, "-m", "uv"]
    pytest.skip("uv is not installed (make setup installs it)")


def _sh(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)
    assert out.returncode == 0, f"{cmd}\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` but Python's bytecode cache: path -> (size, mtime)."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def test_wheel_in_a_new_venv_runs_from_an_empty_folder(tmp_path: Path) -> None:
    uv = _uv()
    _sh([*uv, "build", "--wheel", "--quiet", "-o", str(tmp_path / "dist")], cwd=ROOT)
    (wheel,) = (tmp_path / "dist").glob("stancewire-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"stancewire", wheel.name.split("-py3")[0]
                                               + ".dist-info"}, "one name in site-packages"
    for data in ("seeds/reporting_verbs.csv", "sql/migrations/001_core_tables.sql",
                 "sql/views/v_quotes.sql", "sql/report/totals.sql", "flows/cli.py",
                 "tasks/contract.py"):
        assert f"stancewire/{data}" in names

    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PREFECT_", "STANCEWIRE_", "VIRTUAL_ENV", "PYTHONPATH",
                                "UV_PROJECT_ENVIRONMENT"))}
    _sh([*uv, "sync", "--frozen", "--no-dev", "--no-install-project", "--quiet",
         "--link-mode", "hardlink", "--python", sys.executable], cwd=ROOT,
        env={**env, "UV_PROJECT_ENVIRONMENT": str(venv)})
    _sh([*uv, "pip", "install", "--quiet", "--no-deps", "--python", str(venv / "bin" / "python"),
         str(wheel)], env=env)
    (site,) = (venv / "lib").glob("python3*/site-packages")
    assert (site / "stancewire" / "seeds").is_dir() and not (site / "tasks").exists()
    assert not (site / "flows").exists() and not (site / "sql").exists()

    empty, home = tmp_path / "empty", tmp_path / "home"
    empty.mkdir()
    home.mkdir()
    run_env = {**env, "HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    python = str(venv / "bin" / "python")
    # flows/tasks are importable in stancewire's processes only, not in the environment at large
    probe = subprocess.run([python, "-c", "import tasks"], cwd=empty, env=run_env,
                           capture_output=True, text=True)
    assert probe.returncode != 0 and "No module named 'tasks'" in probe.stderr
    source = WAR_DEV if WAR_DEV.is_file() else site / "stancewire" / "seeds" / "articles"
    before = _files(venv)

    stancewire = str(venv / "bin" / "stancewire")
    out = _sh([stancewire, "run", "--source", str(source), "--db", "war.duckdb"], cwd=empty,
              env=run_env)
    assert "war.duckdb" in out.stdout and out.stderr == ""
    con = duckdb.connect(str(empty / "war.duckdb"), read_only=True)
    articles, quotes = con.execute("select (select count(*) from articles), "
                                   "(select count(*) from quotes)").fetchall()[0]
    con.close()
    assert articles == (9 if source == WAR_DEV else 1) and quotes > 10
    out = _sh([stancewire, "sql", "select count(*) as n from quotes", "--db", "war.duckdb",
               "--format", "csv"], cwd=empty, env=run_env)
    assert out.stdout.splitlines() == ["n", str(quotes)]
    assert (_sh([stancewire, "--version"], env=run_env).stdout.strip()
            == f"stancewire {wheel.name.split('-')[1]}")

    # state: the database where the user asked, Prefect's in Prefect's home; nothing installed
    # was added to or changed (Python's own __pycache__ aside)
    assert sorted(p.name for p in empty.iterdir()) == ["war.duckdb"]
    assert (home / ".prefect").is_dir()
    assert _files(venv) == before
    assert not list(site.rglob(".prefect")) and not list(site.rglob("*.duckdb"))
