"""Which article-reading modules run compiled (mypyc), and a guard against compiled modules older than their source.

``setup.py`` compiles :data:`COMPILED_FILES` when it can; the same ``.py`` files stay the fallback. In an editable
install a compiled module shadows its ``.py``: after editing one, reinstall (``pip install -e .``), or install with
``BAYATLAS_PURE=1`` while you work on these modules. :func:`native_status` tells which case you are in.
"""
from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

#: Source files compiled by setup.py (package folder/file; ``geo/`` is ``bayatlas.geo``, ``layers/`` is
#: ``bayatlas.layers``). Kept free of imports beyond the standard library so setup.py can read it before install.
COMPILED_FILES = ("geo/intsearch.py", "geo/textnorm.py", "geo/mention.py", "geo/nameforms.py", "geo/geoparse.py",
                  "layers/numerals.py", "layers/figures.py", "layers/figure_context.py", "layers/extract.py",
                  "layers/flows.py")
_EXTENSION_SUFFIXES = (".so", ".pyd")


def compiled_modules() -> list[str]:
    """Dotted names of the modules in :data:`COMPILED_FILES`."""
    return ["bayatlas." + f.removesuffix(".py").replace("/", ".") for f in COMPILED_FILES]


def native_status() -> dict[str, str]:
    """``{module: 'compiled' | 'pure' | 'stale'}``; stale: the compiled module is older than its ``.py`` (it runs
    the old code)."""
    out = {}
    for name in compiled_modules():
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        if origin is None or not origin.name.endswith(_EXTENSION_SUFFIXES):
            out[name] = "pure"
            continue
        source = origin.with_name(name.rsplit(".", 1)[1] + ".py")
        stale = source.exists() and source.stat().st_mtime > _built_at(origin) + _INSTALL_GRACE_S
        out[name] = "stale" if stale else "compiled"
    return out


#: pip writes a wheel's ``.py`` files just after its ``.so`` files; a source newer by less than this is the install.
_INSTALL_GRACE_S = 2.0


def _built_at(shim: Path) -> float:
    """When the module's compiled code was built: its shim or the shared mypyc library (``bayatlas/_native__mypyc``),
    whichever is newer (a rebuild may leave an unchanged shim alone)."""
    libs = [p.stat().st_mtime for p in Path(__file__).parent.glob("_native__mypyc*")
            if p.name.endswith(_EXTENSION_SUFFIXES)]
    return max([shim.stat().st_mtime, *libs])


def describe() -> str:
    """One line for summaries: how many modules are compiled, and what to do about stale ones."""
    status = native_status()
    stale = [m for m, s in status.items() if s == "stale"]
    n = sum(s == "compiled" for s in status.values())
    if stale:
        return (f"{len(stale)} compiled module(s) older than their source ({', '.join(stale)}): they run old code; "
                "reinstall with `pip install -e .` (or `BAYATLAS_PURE=1 pip install -e .` while editing them)")
    if n == len(status):
        return f"compiled (mypyc): all {n} extract modules"
    if n == 0:
        return "pure Python (not compiled: install with a C compiler for ~2x faster extract)"
    return f"partly compiled: {n} of {len(status)} extract modules"


def warn_if_stale() -> None:
    """Warn once when a compiled module runs older code than its ``.py`` (an editable install edited since)."""
    if any(s == "stale" for s in native_status().values()):
        warnings.warn(describe(), RuntimeWarning, stacklevel=2)
