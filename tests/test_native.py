"""The extract hot path is compiled where the machine can compile it (CI can), and both builds agree."""
from __future__ import annotations

import os
import shutil

import pytest

from bayatlas import native


def test_status_names_every_compiled_file():
    status = native.native_status()
    assert list(status) == native.compiled_modules()
    assert set(status.values()) <= {"compiled", "pure"}  # stale is refused at session start (conftest)
    assert native.describe()


@pytest.mark.skipif(bool(os.environ.get("BAYATLAS_PURE")), reason="installed as pure Python on purpose (BAYATLAS_PURE)")
def test_hot_path_is_compiled_when_a_compiler_exists():
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler on this machine: the pure-Python fallback is in use")
    status = native.native_status()
    assert set(status.values()) == {"compiled"}, (
        f"{native.describe()} — reinstall with `pip install -e .` (setup.py compiles with mypyc; its log says why "
        "it could not)")


_RUN = """
import json, sys
from pathlib import Path
if sys.argv[1] == "pure":  # find .py sources before compiled extensions: the pure-Python build of the same code
    import importlib.machinery as m
    sys.path_hooks.insert(0, m.FileFinder.path_hook((m.SourceFileLoader, m.SOURCE_SUFFIXES),
                                                    (m.ExtensionFileLoader, m.EXTENSION_SUFFIXES)))
    sys.path_importer_cache.clear()
from bayatlas import native
from bayatlas.layers.extract import Extractor
from bayatlas.layers.articles import read_article
from bayatlas.layers.extract_batch import dump
ex = Extractor()
print(json.dumps(sorted(set(native.native_status().values()))))
for p in sys.argv[2:]:
    print(dump(ex.extract(read_article(Path(p)).text, article=Path(p).name), "json"))
"""


def test_compiled_and_pure_python_give_identical_drafts():
    import subprocess
    import sys
    from pathlib import Path

    if set(native.native_status().values()) != {"compiled"}:
        pytest.skip("not compiled here: nothing to compare")
    repo = Path(__file__).resolve().parent.parent
    files = [str(p) for p in sorted((repo / "eval").glob("*/articles/*.txt"))]
    assert len(files) >= 20
    outs = {}
    for mode in ("pure", "compiled"):
        res = subprocess.run([sys.executable, "-c", _RUN, mode, *files], capture_output=True, text=True)
        assert res.returncode == 0, f"{mode} run failed:\n{res.stderr[-3000:]}"
        head, _, body = res.stdout.partition("\n")
        assert head == f'["{mode}"]', f"{mode} run loaded {head}"
        outs[mode] = body
    assert outs["pure"] == outs["compiled"]
    assert outs["pure"].count('"commitments"') == len(files)
