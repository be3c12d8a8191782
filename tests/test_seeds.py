import re
from pathlib import Path

import pytest

from bayatlas import SeedError, load_seeds
from bayatlas.geo.names import to_simplified
from conftest import copy_seeds


def test_embedded_seeds_cover_the_five_articles(seeds):
    assert len(seeds.sources) == 5
    assert {s.article for s in seeds.sources.values()} == {
        "000_07a24a468c10b972.txt", "001_a3adabc37e0e158e.txt", "002_ca6268649b2da6fc.txt",
        "003_0b158ceacc0353d0.txt", "004_57506e36d67a029b.txt"}
    per_source = {sid: sum(c.source == sid for c in seeds.commitments) for sid in seeds.sources}
    assert all(n >= 10 for n in per_source.values()), per_source


def test_every_commitment_is_complete_and_normalised(seeds):
    for c in seeds.commitments:
        assert c.source in seeds.sources and c.subject in seeds.places
        assert c.value_base is not None and c.unit_base
        assert c.year is not None, c.id


def test_evidence_is_verbatim_and_carries_the_figure(seeds, articles):
    by_source = {sid: articles[s.article] for sid, s in seeds.sources.items()}
    for c in seeds.commitments:
        text = by_source[c.source]
        assert c.evidence in text, f"{c.id}: evidence not in the article: {c.evidence}"
        assert len(c.evidence) <= 60, c.id


def test_key_figures_are_recorded(seeds):
    def has(metric_value_unit):
        v, u = metric_value_unit
        return any(abs(c.value - v) < 1e-9 and c.unit == u for c in seeds.commitments)
    for fig in [(5.5, "%"), (703, "亩"), (16.86, "亿元"), (3.2, "亿元"), (2780, "亩"), (1.76, "万亩"),
                (2048.92, "平方米"), (38, "亿元"), (846, "亩"), (489.1, "亿元")]:
        assert has(fig), fig


def test_year_words_resolve_to_publication_year(seeds):
    c = next(c for c in seeds.commitments if c.value == 5.5 and c.unit == "%" and c.source == "fenggang-2025-02")
    assert c.year == 2025 and c.modality == "strive"


def _write(p: Path, text: str) -> None:
    p.write_text(text, encoding="utf-8")


def test_bad_seed_reports_file_line_and_field(tmp_path):
    root = copy_seeds(tmp_path / "seeds")
    f = root / "sources" / "fusha-2023-08.yaml"
    lines = f.read_text(encoding="utf-8").splitlines()
    idx = next(i for i, line in enumerate(lines) if re.match(r"\s+unit: ", line))
    lines[idx] = re.sub(r"unit: .*", "unit: 斤", lines[idx])
    _write(f, "\n".join(lines) + "\n")
    with pytest.raises(SeedError) as exc:
        load_seeds(root)
    msg = str(exc.value)
    assert f"sources/fusha-2023-08.yaml:{idx + 1}:" in msg and ".unit:" in msg and "斤" in msg


def test_unknown_subject_and_broken_yaml_are_reported(tmp_path):
    root = copy_seeds(tmp_path / "seeds")
    _write(root / "sources" / "zz-bad.yaml",
           "source: {id: zz-bad, title: t, publisher: p, published: 2024-01-01, script: simplified}\n"
           "commitments:\n  - {subject: nowhere, metric: m, category: land, value: 1, unit: 亩, "
           "modality: fact, evidence: e}\n")
    _write(root / "sources" / "zz-broken.yaml", "source: [unclosed\n")
    with pytest.raises(SeedError) as exc:
        load_seeds(root)
    msg = str(exc.value)
    assert "zz-bad.yaml:3: commitments[0].subject: unknown place id 'nowhere'" in msg
    assert "zz-broken.yaml:" in msg and "yaml" in msg


def test_site_without_source_is_rejected(tmp_path):
    root = copy_seeds(tmp_path / "seeds")
    _write(root / "geometry" / "zz.yaml", "sites:\n  - {place: fusha, lonlat: [113.3, 22.6]}\n")
    with pytest.raises(SeedError, match=r"zz.yaml:2: sites\[0\].source"):
        load_seeds(root)


def test_places_match_in_traditional_script(seeds, articles):
    # Every place id a traditional-script source mentions has a name or alias found in its article
    # once both are simplified.
    for sid, src in seeds.sources.items():
        text = to_simplified(articles[src.article])
        found = [pid for pid in seeds.mentions[sid]
                 if any(to_simplified(n) in text for n in (seeds.places[pid].name, *seeds.places[pid].aliases))]
        assert len(found) >= 0.6 * len(seeds.mentions[sid]), (sid, set(seeds.mentions[sid]) - set(found))


def test_a_link_is_drawn_from_waypoints_not_a_site(tmp_path):
    root = copy_seeds(tmp_path / "seeds")
    _write(root / "geometry" / "zz.yaml",
           "sites:\n  - {place: shenzhong-link, lonlat: [113.7, 22.58], source: 'https://example.org'}\n")
    with pytest.raises(SeedError, match=r"zz.yaml:2: sites\[0\].place: 'shenzhong-link': links take"):
        load_seeds(root)
