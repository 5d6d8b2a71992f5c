"""The package declares what it imports, and the code is clean under the project's ruff rules."""

from __future__ import annotations

import ast
import importlib.metadata as md
import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sphinx_notes"
PYPROJECT = ROOT / "pyproject.toml"


def imported_modules() -> dict[str, set[Path]]:
    """Top-level names of the absolute imports in the package, with the files importing them."""
    found: dict[str, set[Path]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(path)
    return found


def _distribution_name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


@pytest.mark.skipif(not PYPROJECT.is_file(), reason="pyproject.toml is not shipped in this install")
def test_every_imported_distribution_is_declared_with_bounds():
    requirements = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    declared = {_distribution_name(r): r for r in requirements}
    unbounded = [r for r in requirements if not re.search(r"[<~]", r)]
    assert not unbounded, f"dependencies without an upper bound: {unbounded}"
    providers = md.packages_distributions()
    missing = {}
    for module, files in imported_modules().items():
        if module in sys.stdlib_module_names or module == "sphinx_notes":
            continue
        names = {d.lower().replace("_", "-") for d in providers.get(module, [module])}
        if not names & declared.keys():
            missing[module] = sorted(str(f.relative_to(ROOT)) for f in files)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_model_imports_no_sphinx():
    model = PACKAGE / "model"
    offending = {module: sorted(str(f.relative_to(ROOT)) for f in files if model in f.parents)
                 for module, files in imported_modules().items() if module in ("sphinx", "docutils", "myst_parser")}
    assert not {m: f for m, f in offending.items() if f}


def test_typed_package():
    assert (PACKAGE / "py.typed").is_file()


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is not installed (the test extra has it)")
@pytest.mark.skipif(not PYPROJECT.is_file(), reason="pyproject.toml is not shipped in this install")
def test_ruff_is_clean():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "sphinx_notes", "tests"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_option_is_a_config_field():
    """Adding a ``notes_*`` option means adding its NotesConfig field (and the reverse)."""
    from dataclasses import fields

    from sphinx_notes.model.config import OPTIONS, NotesConfig, read_config

    resolved = {"base_url"}  # not an option: html_baseurl or Read the Docs' URL
    assert {o.field for o in OPTIONS} == {f.name for f in fields(NotesConfig)} - resolved
    reading = read_config({})
    assert reading.config == NotesConfig() and not reading.problems
    assert reading.config.sphinx_values() == {o.name: o.default for o in OPTIONS}
