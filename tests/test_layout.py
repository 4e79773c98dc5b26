"""The layout the tree promises (issue #12): stage packages, few plain modules, small modules,
no import cycle between project modules."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    mods = {}
    for top in ("tasks", "flows"):
        for path in (ROOT / top).rglob("*.py"):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = rel.parts[:-1] if path.name == "__init__.py" else rel.parts
            mods[".".join(parts)] = path
    return mods


def _imports(path: Path, name: str, mods: dict[str, Path]) -> set[str]:
    """Project modules imported at module level (imports inside functions are lazy on
    purpose and cannot form an import-time cycle)."""
    out = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for t in targets:
            if t in mods and t != name:
                out.add(t)
    return out


def test_tasks_holds_stage_packages_and_few_plain_modules() -> None:
    tasks = ROOT / "tasks"
    plain = [p.name for p in tasks.glob("*.py") if p.name != "__init__.py"]
    packages = [p.name for p in tasks.iterdir() if (p / "__init__.py").exists()]
    assert len(plain) <= 8, plain
    assert len(packages) >= 5, packages


def test_no_module_over_500_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in _modules().values()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_import_cycle() -> None:
    mods = _modules()
    graph = {name: _imports(path, name, mods) for name, path in mods.items()}
    # a package's front door importing its own submodules is the normal direction; a
    # submodule importing its package's __init__ back is what makes a cycle
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, stack: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle.extend(stack[stack.index(nxt):] + [node, nxt] if nxt in stack else [node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, stack + [node]):
                return True
        state[node] = 2
        return False

    for name in sorted(graph):
        if state.get(name) is None and visit(name, []):
            break
    assert cycle == []
