"""Shared fixtures: the embedded atlas, one real build into a temp folder, the shared source articles."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import bayatlas
from bayatlas import native

REPO = Path(__file__).resolve().parent.parent
SHARED_SEEDS = REPO.parent / "shared" / "seeds"


def pytest_sessionstart(session):
    """Refuse to test old code: a compiled module older than its .py (an editable install edited since)."""
    if "stale" in native.native_status().values():
        pytest.exit(native.describe(), returncode=2)


@pytest.fixture(scope="session")
def seeds():
    return bayatlas.load_seeds(bayatlas.default_seeds_dir())


@pytest.fixture(scope="session")
def atlas(seeds):
    return bayatlas.build_atlas(seeds)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    res = bayatlas.build(out_dir=out, tiles="none")
    return out, res


@pytest.fixture(scope="session")
def articles() -> dict[str, str]:
    if not SHARED_SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this clone (a user's fresh clone has none); "
                    "article checks need the source articles")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SHARED_SEEDS.glob("*.txt"))}


def copy_seeds(dst: Path) -> Path:
    """A writable copy of the embedded seeds, for tests that break or extend them."""
    src = bayatlas.default_seeds_dir()
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return dst
