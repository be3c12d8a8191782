"""``bayatlas extract`` / ``bayatlas eval`` end to end: encodings, bad files in a batch, --jobs, determinism, and
property-based robustness (hypothesis) of the reader and the extractor."""
from __future__ import annotations

import json
import os
import random

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bayatlas.cli import main
from bayatlas.layers.articles import ArticleError, decode
from bayatlas.layers.extract import extract_text
from bayatlas.layers.records import Commitment, Flow, Place
from tests.conftest import REPO

HELDOUT = REPO / "eval" / "heldout"


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_folder_to_drafts_and_eval(tmp_path, capsys):
    out = tmp_path / "new" / "drafts"  # does not exist yet: the trailing slash makes it a folder
    code, _, err = _run(capsys, "extract", HELDOUT / "articles", "-o", str(out) + "/")
    assert code == 0, err
    assert "bayatlas extract: 6 article(s)" in err and "0 failed" in err
    files = sorted(out.glob("*.draft.yaml"))
    assert len(files) == 6
    by_enc = {}
    for f in files:
        d = yaml.safe_load(f.read_text(encoding="utf-8"))
        by_enc[d["source"]["article"]] = d
        assert d["source"]["published"]  # every held-out article prints its date
    # the Big5 and GB18030 files were read as Chinese, not mojibake
    assert any(d["source"]["script"] == "traditional" for d in by_enc.values())
    code, table, err = _run(capsys, "eval", "--gold", HELDOUT / "gold", "--pred", out, "--out", tmp_path / "t.md")
    assert code == 0 and "| **pooled** |" in table and "figure F1" in err
    assert (tmp_path / "t.md").read_text(encoding="utf-8").strip() == table.strip()


def test_extract_json_to_stdout_is_deterministic(tmp_path, capsys):
    art = HELDOUT / "articles" / "zs-cuiheng-2025-03.txt"
    code, out1, _ = _run(capsys, "extract", art, "--format", "json")
    code2, out2, _ = _run(capsys, "extract", art, "--format", "json")
    assert code == code2 == 0 and out1 == out2
    (d,) = json.loads(out1)
    assert d["commitments"] and all(k in d["commitments"][0] for k in ("evidence_start", "evidence_end"))
    assert "\\u" not in out1  # Chinese unescaped


def test_jobs_give_the_same_output(tmp_path, capsys):
    arts = tmp_path / "arts"
    arts.mkdir()
    for i in range(4):
        for p in sorted((HELDOUT / "articles").glob("*.txt")):
            (arts / f"{i}-{p.name}").write_bytes(p.read_bytes())
    _, one, _ = _run(capsys, "extract", arts)
    _, two, err = _run(capsys, "extract", arts, "--jobs", "2")
    assert one == two and "24 article(s)" in err


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path, capsys):
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a-good.txt").write_bytes((HELDOUT / "articles" / "zs-cuiheng-2025-03.txt").read_bytes())
    (arts / "b-empty.txt").write_bytes(b"")
    (arts / "c-binary.txt").write_bytes(bytes(range(256)) * 20)
    (arts / "d-latin1.txt").write_bytes("Café résumé naïve, déjà vu, señor Müller".encode("latin-1"))
    (arts / "e-gb18030.txt").write_bytes("中山市三角镇力争全年引进项目20个。".encode("gb18030"))
    code, out, err = _run(capsys, "extract", arts, tmp_path / "missing.txt", "-o", tmp_path / "all.yaml")
    assert code == 1
    assert "b-empty.txt: empty file" in err
    assert "c-binary.txt: binary file" in err
    assert "d-latin1.txt" in err and "convert it to UTF-8" in err
    assert "missing.txt: no such file" in err
    assert "2 article(s)" in err and "4 failed" in err
    docs = list(yaml.safe_load_all((tmp_path / "all.yaml").read_text(encoding="utf-8")))
    assert [d["source"]["article"] for d in docs] == ["a-good.txt", "e-gb18030.txt"]
    assert docs[1]["commitments"][0]["value"] == 20


def test_ten_megabyte_article(tmp_path, capsys):
    base = (HELDOUT / "articles" / "zs-cuiheng-2025-03.txt").read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text((base + "\n") * (10_000_000 // len(base.encode()) + 1), encoding="utf-8")
    assert big.stat().st_size >= 10_000_000
    code, out, err = _run(capsys, "extract", big, "--format", "json")
    assert code == 0, err
    (d,) = json.loads(out)
    assert len(d["commitments"]) >= 10  # repeated figures are drafted once per subject and metric


def test_bad_published_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(HELDOUT / "articles"), "--published", "2025-13-45"])
    assert exc.value.code == 2
    assert "not a date" in capsys.readouterr().err


# --- properties ------------------------------------------------------------------------------------------------

_CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_PIECES = st.sampled_from(["凤岗镇", "鳳崗鎮", "深圳", "力争", "增长", "5.5%", "１２３", "亿元", "万平方米", "占地", "亩",
                           "2-3个", "约", "以上", "不少于", "产业园", "站", "。", "，", "\n", "第十五次", "2025年",
                           "三千", "百分之", "0760-85512345", "“20+8”", "反向飞地", "共建"])
_TEXT = st.one_of(st.text(max_size=400), st.lists(st.one_of(_PIECES, st.text(_CHINESE, max_size=5)),
                                                  max_size=80).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_any_text_gives_a_valid_draft(text):
    d = extract_text(text, article="x.txt", published=__import__("datetime").date(2025, 1, 1))
    for c in d["commitments"]:
        assert text.replace("\r\n", "\n").replace("\r", "\n")[c["evidence_start"]:c["evidence_end"]] == c["evidence"]
        Commitment.model_validate(c)
    for p in d["places"]:
        Place.model_validate(p)
    for f in d["flows"]:
        Flow.model_validate(f)
    ids = {p["id"] for p in d["places"]}
    assert all(c["subject"] in ids or not c["subject"].startswith("x") for c in d["commitments"])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_are_text_or_a_clear_error(data):
    try:
        text, enc = decode(data, "x.txt")
    except ArticleError as exc:
        assert str(exc).startswith("x.txt: ")
    else:
        assert enc in ("utf-8", "gb18030", "big5") and isinstance(text, str)


def test_drafts_of_random_text_load_as_seeds(tmp_path):
    """Drafts of noisy text still load beside the curated seeds (ids, parents and kinds all valid)."""
    from bayatlas.layers.extract_batch import dump
    from bayatlas.layers.seedio import load_seeds
    from tests.conftest import copy_seeds

    rng = random.Random(7)
    pieces = ["誉辰科创产业园开园\n", "凤岗镇", "深圳市宝安区", "与", "汕头市澄海区", "共建", "产业园", "占地", "300亩", "。", "力争", "增长8%",
              "阜沙镇", "誉辰基地", "，", "塘厦镇", "深惠城际", "塘厦站", "新建", "2至3个", "项目", "\n", "南朗街道",
              "翠亨新区", "科技园", "总投资", "16.86亿元"]
    root = copy_seeds(tmp_path / "seeds")
    for i in range(30):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(5, 120)))
        d = extract_text(text, article=f"r{i}.txt", published=__import__("datetime").date(2025, 1, 1))
        (root / "sources" / f"{d['source']['id']}.draft.yaml").write_text(dump(d, "yaml"), encoding="utf-8")
    seeds = load_seeds(root)
    assert sum(1 for c in seeds.commitments if not c.reviewed) > 30
    assert os.path.exists(root / "sources" / "r0.draft.yaml")
    from bayatlas.layers.assemble import build_atlas

    atlas = build_atlas(seeds)
    assert not [u for u in atlas.unresolved if "loop" in u["reason"]]


def test_json_drafts_load_beside_curated_seeds(tmp_path, capsys):
    from bayatlas.layers.seedio import load_seeds
    from tests.conftest import copy_seeds

    root = copy_seeds(tmp_path / "seeds")
    code, _, err = _run(capsys, "extract", HELDOUT / "articles", "-o", str(root / "sources") + "/",
                        "--format", "json")
    assert code == 0, err
    assert len(list((root / "sources").glob("*.draft.json"))) == 6
    seeds = load_seeds(root)
    assert sum(1 for c in seeds.commitments if not c.reviewed) >= 100
    assert sum(1 for c in seeds.commitments if c.reviewed) == 131


def test_a_draft_without_a_date_names_the_fix(tmp_path, capsys):
    from bayatlas.layers.seedio import SeedError, load_seeds
    from tests.conftest import copy_seeds

    root = copy_seeds(tmp_path / "seeds")
    art = tmp_path / "undated.txt"
    art.write_text("凤岗镇力争全年GDP增长5.5%。", encoding="utf-8")
    code, _, err = _run(capsys, "extract", art, "-o", str(root / "sources") + "/")
    assert code == 0 and "no publication date found; pass --published" in err
    with pytest.raises(SeedError) as exc:
        load_seeds(root)
    assert "undated.draft.yaml:" in str(exc.value) and "source.published: no publication date" in str(exc.value)
