"""Non-spatial exports: each analytics table as CSV (UTF-8, ``\\n``) and Parquet, byte-reproducible.

Rows are sorted by all their columns' text so the same atlas always gives the same bytes; floats keep full
precision (``repr``) in CSV so totals can be recomputed exactly from the exported commitments.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def _stable(df: pd.DataFrame) -> pd.DataFrame:
    df = df.reset_index(drop=True)
    if not len(df):
        return df
    order = df.astype(str).apply(tuple, axis=1).sort_values(kind="stable").index
    return df.loc[order].reset_index(drop=True)


def write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """Write ``<name>.csv`` and ``<name>.parquet`` for every table into ``folder``; returns the paths."""
    paths = []
    for name, df in sorted(tables.items()):
        df = _stable(df)
        csv = folder / f"{name}.csv"
        csv.write_text(df.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
        pq_path = folder / f"{name}.parquet"
        table = pa.Table.from_pandas(df, preserve_index=False)
        pq.write_table(table, pq_path, compression="zstd", write_statistics=False)
        paths += [csv, pq_path]
    return paths
