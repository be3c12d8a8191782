"""``bayatlas report``: written atomically, one page, carrying the headline totals the tables hold."""
import subprocess
import sys

import pytest

from bayatlas.layers import analytics
from bayatlas.report import build_report, write_report


def test_report_html_holds_bank_totals_top_commitments_and_unresolved(atlas, tmp_path):
    rep = write_report(atlas, tmp_path / "report.html")
    text = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert rep.fmt == "html" and text.startswith("<!doctype html>")
    h = analytics.headline(atlas, "bank").set_index(["bank", "measure"])
    east = h.loc[("east", "investment"), "total"] / 1e8
    assert f"{east:,.2f}".rstrip("0").rstrip(".") + " 亿元" in text
    assert "固定资产投资93.5亿元以上" in text  # the largest investment commitment, with its evidence
    for u in atlas.unresolved:
        assert u["id"] in text
    assert "href='atlas.html'" in text
    assert "<script" not in text.lower()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left behind


def test_report_markdown_and_is_reproducible(atlas, tmp_path):
    a = write_report(atlas, tmp_path / "a.md").text
    b = build_report(atlas, fmt="md").text
    assert a == b and a.startswith("# bayatlas")
    assert "| East bank 东岸 |" in a and "## Per corridor" in a and "深惠城际" in a
    with pytest.raises(ValueError, match="unknown report format"):
        build_report(atlas, fmt="pdf")


def test_report_command_ends_with_a_summary(tmp_path):
    r = subprocess.run([sys.executable, "-m", "bayatlas.cli", "report", "--out", str(tmp_path / "r.md")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("bayatlas report: wrote") and "unresolved places" in r.stdout
    assert (tmp_path / "r.md").read_text(encoding="utf-8").count("## ") >= 5
