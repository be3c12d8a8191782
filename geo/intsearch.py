"""Bisection over sorted lists of ints, for the compiled article reader.

:func:`bisect.bisect_left` and :func:`bisect.bisect_right` as the standard library has them (``hi`` -1: the end of
the list). Compiled with mypyc (see ``bayatlas/native.py``) these are native loops over the list: the extract path
bisects a few hundred times an article, and each call into the ``bisect`` module from compiled code boxes its
arguments and compares Python ints. In pure Python the standard library is faster; the results are the same.
"""
from __future__ import annotations


def bisect_left(a: list[int], x: int, lo: int = 0, hi: int = -1) -> int:
    """Where ``x`` goes in the sorted ``a[lo:hi]``, before any equal item."""
    if hi < 0:
        hi = len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def bisect_right(a: list[int], x: int, lo: int = 0, hi: int = -1) -> int:
    """Where ``x`` goes in the sorted ``a[lo:hi]``, after any equal item."""
    if hi < 0:
        hi = len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo
