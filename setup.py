"""Build hook: compile the article-reading hot path with mypyc; everything else is in pyproject.toml.

``bayatlas extract`` reads thousands of articles a second only when its text-processing modules are compiled (the
same Python source, typed, turned into a C extension by mypyc; ``bench/extract_bench.py`` prints the figures). The
pure-Python modules stay beside them and are used wherever compiling is not possible:

* ``BAYATLAS_PURE=1 pip install ...`` skips compiling (handy while editing these modules in an editable install:
  a compiled module shadows its ``.py`` until you reinstall);
* without a C compiler the extensions are optional and the build falls back to pure Python with a warning.

mypy names a module after the folders above it, and this package maps ``bayatlas.geo`` to ``geo/`` (see
``[tool.setuptools.package-dir]``), so the sources are staged in ``build/mypyc_src/bayatlas/`` with the package's
real shape before mypyc reads them.
"""
from __future__ import annotations

import os
import runpy
import shutil
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
#: The modules compiled (the article reader's hot path; analytics, maps and I/O stay pure Python); the list lives
#: in bayatlas/native.py, which also tells at run time which ones are compiled.
COMPILED = runpy.run_path(str(ROOT / "bayatlas" / "native.py"))["COMPILED_FILES"]
_PACKAGE_DIRS = {"bayatlas": "bayatlas", "geo": "bayatlas/geo", "layers": "bayatlas/layers",
                 "maps": "bayatlas/maps", "seeds": "bayatlas/seeds"}


def _stage() -> Path:
    """A copy of the package's ``.py`` files laid out as ``bayatlas/...`` (what mypy needs to name modules)."""
    stage = ROOT / "build" / "mypyc_src"
    shutil.rmtree(stage, ignore_errors=True)
    for src, dst in _PACKAGE_DIRS.items():
        for py in sorted((ROOT / src).glob("*.py")):
            target = stage / dst / py.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(py, target)
    return stage


def _ext_modules() -> list:
    if os.environ.get("BAYATLAS_PURE"):
        print("bayatlas: BAYATLAS_PURE is set, installing pure Python (extract runs ~2x slower)", file=sys.stderr)
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("bayatlas: mypyc not available, installing pure Python (extract runs ~2x slower)", file=sys.stderr)
        return []
    stage = _stage()
    files = [f"bayatlas/{p}" for p in COMPILED]
    cwd = os.getcwd()
    os.chdir(stage)  # mypyc records paths relative to the working folder; keep them inside the stage
    try:
        exts = mypycify(["--ignore-missing-imports", "--follow-imports=silent", *files], opt_level="3",
                        separate=[(files, "bayatlas._native")], target_dir="c")
    except (SystemExit, Exception) as exc:  # a type error mypyc will not compile: still install, uncompiled
        print(f"bayatlas: mypyc could not compile the extract modules ({exc}); installing pure Python "
              "(extract runs ~2x slower; run mypy on the files listed in bayatlas/native.py to see why)", file=sys.stderr)
        return []
    finally:
        os.chdir(cwd)
    for ext in exts:
        ext.sources = [str(stage / s) if not os.path.isabs(s) else s for s in ext.sources]
        ext.include_dirs = [str(stage / d) if not os.path.isabs(d) else d for d in ext.include_dirs]
        ext.optional = True  # no compiler: fall back to the pure-Python modules
    return exts


class _BuildMypyc(build_ext):
    """Runs mypyc only when extensions are really built (not on every metadata call pip makes)."""

    def finalize_options(self) -> None:
        self.distribution.ext_modules = _ext_modules()
        super().finalize_options()


# a placeholder so setuptools knows there are extensions (and builds a platform wheel); _BuildMypyc replaces it
setup(ext_modules=[] if os.environ.get("BAYATLAS_PURE") else [Extension("bayatlas._native__mypyc", sources=[])],
      cmdclass={"build_ext": _BuildMypyc})
