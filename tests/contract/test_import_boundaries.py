"""The import boundaries of docs/service-shape.md are enforced by `lint-imports` (`make lint`).

Each breach is planted in a throwaway copy of the packages, checked with the project's own
configuration (the root pyproject.toml), so the test shows the linter bites, and the real
tree passes it.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "pyproject.toml"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
SETTINGS = tomllib.loads(CONFIG.read_text())["tool"]["importlinter"]
CONTRACTS = {contract["id"]: contract["name"] for contract in SETTINGS["contracts"]}


def lint_imports(pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)  # ahead of the editable installs: the copy is linted
    return subprocess.run([str(LINT_IMPORTS), "--config", str(CONFIG), "--no-cache", "--no-logo"],
                          capture_output=True, text=True, env=env, cwd=pythonpath or ROOT, timeout=120)


def broken(result: subprocess.CompletedProcess) -> set[str]:
    """Ids of the contracts the report calls BROKEN (it names them, wrapped over lines)."""
    report = " ".join(result.stdout.split())
    return {cid for cid, name in CONTRACTS.items() if re.search(re.escape(name) + r" BROKEN", report)}


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of every package the linter checks, found where Python imports them from."""
    for package in SETTINGS["root_packages"]:
        [source] = importlib.util.find_spec(package).submodule_search_locations
        shutil.copytree(source, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def plant(tree: Path, module: str, text: str) -> None:
    path = tree.joinpath(*module.split(".")).with_suffix(".py")
    assert path.parent.is_dir(), f"{path.parent} is not a package of the copy"
    path.write_text(text)


def test_the_real_tree_keeps_every_contract():
    result = lint_imports()
    assert not broken(result), f"contracts broken on the tree: {sorted(broken(result))}\n{result.stdout}"
    assert result.returncode == 0, result.stdout + result.stderr


BREACHES = {
    "a domain importing the store driver": (
        "domain-pure", "pix_identity.domain.planted", "import pymongo\n"),
    "a domain reaching Flask through its own service's entrypoints (indirect)": (
        "domain-pure", "pix_profile.domain.planted", "from pix_profile.entrypoints import http  # noqa: F401\n"),
    "a domain importing the web layer inside a function": (
        "domain-pure", "pix_assessment.domain.planted", "def f():\n    from pixkit.web import errors\n"),
    "a service importing another service": (
        "services-independent", "pix_sharing.planted", "import pix_identity.domain  # noqa: F401\n"),
    "a service importing the gateway": (
        "services-independent", "pix_certification.planted", "import pix_gateway  # noqa: F401\n"),
    "the gateway importing a service": (
        "services-independent", "pix_gateway.planted", "import pix_profile  # noqa: F401\n"),
}


@pytest.mark.parametrize("contract, module, text", BREACHES.values(), ids=BREACHES.keys())
def test_a_forbidden_import_fails_the_lint_naming_its_contract(tree, contract, module, text):
    plant(tree, module, text)
    result = lint_imports(tree)
    assert result.returncode != 0, result.stdout
    assert broken(result) == {contract}, result.stdout + result.stderr


def test_an_import_cycle_in_pixkit_fails_the_lint_even_behind_a_local_import(tree):
    plant(tree, "pixkit.planted_a", "from pixkit import planted_b  # noqa: F401\n")
    plant(tree, "pixkit.planted_b", "def f():\n    from pixkit import planted_a  # noqa: F401\n")
    result = lint_imports(tree)
    assert result.returncode != 0, result.stdout
    assert broken(result) == {"libs-acyclic"}, result.stdout + result.stderr
    assert ".planted_b -> .planted_a" in result.stdout  # the local import is the one to remove


def test_an_import_cycle_in_pix_contracts_fails_the_lint(tree):
    plant(tree, "pix_contracts.planted", "from pix_contracts import topics  # noqa: F401\n")
    topics = tree / "pix_contracts" / "topics.py"
    topics.write_text(topics.read_text() + "\nfrom pix_contracts import planted  # noqa: E402, F401\n")
    result = lint_imports(tree)
    assert result.returncode != 0, result.stdout
    assert broken(result) == {"libs-acyclic"}, result.stdout + result.stderr
