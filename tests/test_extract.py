"""Reading Chinese text: numbers, figures, places (geoparsing), subjects, modality, years, drafts and evaluation."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from bayatlas.geo.geoparse import default_index, matching_text
from bayatlas.layers.evaluate import evaluate
from bayatlas.layers.extract import extract_text, publication_date
from bayatlas.layers.extract_batch import dump
from bayatlas.layers.figures import find_figures
from bayatlas.layers.numerals import parse_number
from bayatlas.layers.records import Commitment
from bayatlas.layers.seedio import load_seeds
from tests.conftest import REPO, SHARED_SEEDS, copy_seeds

HELDOUT = REPO / "eval" / "heldout"
PUB = dt.date(2025, 3, 1)


@pytest.mark.parametrize("text,value", [
    ("16.86亿", 1.686e9), ("三千", 3000), ("一万二千", 12000), ("１２３", 123), ("1.2万", 12000), ("两", 2),
    ("十五", 15), ("二十", 20), ("百分之五", 5), ("1,200", 1200), ("一百零五", 105), ("3.5万亿", 3.5e12),
])
def test_numbers_in_every_script(text, value):
    assert parse_number(text) == pytest.approx(value)


def _ids_and_subjects(d: dict) -> tuple[dict, dict]:
    """A draft's place ids by name, and its commitments' subjects by value."""
    return {p["name"]: p["id"] for p in d["places"]}, {c["value"]: c["subject"] for c in d["commitments"]}


def _figs(text: str) -> list[tuple]:
    mtext, _ = matching_text(text)
    return [(f.value, f.value_max, f.unit, f.comparator) for f in find_figures(mtext)]


@pytest.mark.parametrize("text,expected", [
    ("总投资16.86亿元", [(16.86, None, "亿元", "=")]),
    ("占地703亩", [(703, None, "亩", "=")]),
    ("總建築面積約1.2萬平方米", [(1.2, None, "万平方米", "~")]),
    ("引进企业三千家", [(3000, None, "家", "=")]),
    ("其中10亿元以上项目2-3个", [(10, None, "亿元", ">="), (2, 3, "个", "range")]),
    ("新建2至3个中试车间", [(2, 3, "个", "range")]),
    ("力争全年GDP增长５．５％", [(5.5, None, "%", "=")]),
    ("规上工业增加值增长4.5%以上", [(4.5, None, "%", ">=")]),
    ("不少于15家", [(15, None, "家", ">=")]),
    ("保税外贸突破30亿元", [(30, None, "亿元", ">=")]),
    ("面积约6.7平方公里", [(6.7, None, "平方公里", "~")]),
    ("全长24公里左右", [(24, None, "公里", "~")]),
    ("线路长约7.8千米", [(7.8, None, "千米", "~")]),
    ("压缩至0.5个工作日", [(0.5, None, "个工作日", "=")]),
    ("增长百分之八", [(8, None, "%", "=")]),
    ("規上企業達1341家", [(1341, None, "家", "=")]),
])
def test_figures_units_comparators_ranges(text, expected):
    assert _figs(text) == expected


@pytest.mark.parametrize("text", [
    "2025年3月12日", "第十五次会议", "东莞市第十七届人民代表大会第五次会议", "一、二、三、", "第1季度",
    "联系电话：0760-85512345", "“20+8”产业集群", "“1+2+9”", "2024年", "十四五规划", "一个新凤岗",
    "地铁10号线", "第5个共建园区", "近两年", "排名前10名",
])
def test_not_commitments(text):
    assert _figs(text) == []


def _draft(text: str, published=PUB) -> dict:
    return extract_text(text, article="t.txt", published=published)


def _one(text: str) -> dict:
    recs = _draft(text)["commitments"]
    assert len(recs) == 1, recs
    return recs[0]


@pytest.mark.parametrize("text,modality", [
    ("凤岗镇力争全年GDP增长5.5%。", "strive"),
    ("凤岗镇确保完成数字化转型企业不少于15家。", "guarantee"),
    ("阜沙镇誉辰项目预计达产后年产值将达8亿元。", "expect"),
    ("阜沙镇计划建筑面积43.2万平方米。", "plan"),
    ("小榄镇2021年实现地区生产总值489.1亿元。", "achieved"),
    ("凤岗镇已引进71家企业。", "achieved"),
    ("凤岗镇面积约6.7平方公里。", "fact"),
])
def test_modality(text, modality):
    assert _one(text)["modality"] == modality


@pytest.mark.parametrize("text, metric", [
    ("凤岗镇力争GDP增长5.5%。", "GDP增长"),       # the whole two-character cue word is left out of the label
    ("凤岗镇确保固定资产投资突破30亿元。", "固定资产投资"),
    ("阜沙镇将新增企业12家。", "新增企业"),
])
def test_metric_label_starts_after_the_cue_word(text, metric):
    assert _one(text)["metric"] == metric


def test_cue_words_are_those_the_cue_pattern_finds():
    """The automaton that finds cue words takes what ``_CUE_RE`` takes: leftmost first, the longer word at a start."""
    from bayatlas.layers.figure_context import _CUE_RE, _CueWords
    text = "将力争取努力争取计划规划谋划完成实现了引进了企业，预计预期达到突破累计建成共有已将"
    cues = _CueWords(text)
    assert list(zip(cues.pos, cues.ends)) == [(m.start(), m.end()) for m in _CUE_RE.finditer(text)]


def test_year_explicit_or_from_publication():
    assert _one("小榄镇2021年实现地区生产总值489.1亿元。")["year"] == 2021
    assert _one("凤岗镇力争全年GDP增长5.5%。")["year"] == 2025
    assert _one("阜沙镇园区二期将于2027年竣工，总投资5亿元。")["year"] == 2027
    undated = extract_text("凤岗镇力争全年GDP增长5.5%。", article="t.txt")
    assert undated["commitments"][0]["year"] is None
    assert undated["source"]["published"] is None


def test_publication_date_from_the_text():
    assert publication_date("本报讯（记者 王五）2025年3月12日，翠亨新区……") == dt.date(2025, 3, 12)
    assert publication_date("发布时间：2023-08-31 10:00") == dt.date(2023, 8, 31)
    assert publication_date("8月30日，阜沙镇党委书记") is None


def test_places_in_both_scripts_with_offsets():
    idx = default_index()
    for text in ("东莞市凤岗镇推进深惠城际凤岗站建设", "東莞市鳳崗鎮推進深惠城際鳳崗站建設"):
        mtext, _ = matching_text(text)
        found = {(m.place.place_id if m.place else m.name, text[m.start:m.end]) for m in idx.find(mtext)}
        assert ("dongguan", text[0:3]) in found
        assert ("fenggang", text[3:6]) in found
        assert ("shenhui-intercity", text[8:12]) in found
        assert ("凤岗站", text[12:15]) in found  # a station found by its form, offsets into the original text


def test_namesakes_follow_the_city_named():
    idx = default_index()
    (m,) = [m for m in idx.find(matching_text("东莞凤岗镇")[0]) if m.name.startswith("凤岗")]
    assert m.place.place_id == "fenggang"
    (z,) = [m for m in idx.find(matching_text("肇庆市怀集县凤岗镇")[0]) if m.name.startswith("凤岗")]
    assert z.place.city == "肇庆市"


def test_names_found_by_form_and_subject_of_the_clause():
    d = _draft("凤岗镇今年将重点抓好占地703亩的洪木涧连片产业用地开发。金凤凰现代化产业园区占地2780亩。")
    names = {p["name"]: p for p in d["places"]}
    assert "金凤凰现代化产业园区" in names and names["金凤凰现代化产业园区"]["kind"] == "park"
    assert names["金凤凰现代化产业园区"]["parent"] == "fenggang"  # the containing place the article implies
    subj = {c["value"]: c["subject"] for c in d["commitments"]}
    assert d["places"] and subj[2780] == names["金凤凰现代化产业园区"]["id"]
    assert names.get("洪木涧连片产业用地") and subj[703] == names["洪木涧连片产业用地"]["id"]


def test_main_place_is_the_default_subject():
    d = _draft("阜沙镇：深中通道即将开通\n阜沙镇今年力争规上工业增加值增长10%以上。全镇新增企业20家。")
    assert {c["subject"] for c in d["commitments"]} == {"fusha"}


def test_evidence_offsets_point_into_the_original_text():
    text = "厚街鎮力爭全年落地億元項目5個以上，其中10億元以上項目2-3個。"
    d = extract_text(text, article="t.txt", published=PUB)
    assert d["source"]["script"] == "traditional"
    for c in d["commitments"]:
        assert text[c["evidence_start"]:c["evidence_end"]] == c["evidence"]
        assert len(c["evidence"]) <= 60
        Commitment.model_validate({k: v for k, v in c.items()})


def test_flows_drafted_from_the_text():
    d = _draft("今年11月，深圳市宝安区与汕头市澄海区在岭海中小微企业创业园揭牌成立共建产业园。")
    (f,) = d["flows"]
    assert (f["origin"], f["destination"], f["type"]) == ("baoan", "chenghai", "co_built_park")
    assert f["evidence"] in "今年11月，深圳市宝安区与汕头市澄海区在岭海中小微企业创业园揭牌成立共建产业园。"


def test_drafts_build_beside_curated_records(tmp_path):
    import bayatlas

    root = copy_seeds(tmp_path / "seeds")
    for p in sorted((HELDOUT / "articles").glob("*.txt")):
        from bayatlas.layers.articles import read_article

        d = extract_text(read_article(p).text, article=p.name)
        (root / "sources" / f"{d['source']['id']}.draft.yaml").write_text(dump(d, "yaml"), encoding="utf-8")
    seeds = load_seeds(root)
    drafts = [c for c in seeds.commitments if not c.reviewed]
    assert len(drafts) >= 80 and all(c.evidence_start is not None for c in drafts)
    assert any(not p.reviewed for p in seeds.places.values())
    res = bayatlas.build(root, tmp_path / "out", tiles="none")
    com = res.atlas["commitments"]
    assert (~com["reviewed"]).sum() == len(drafts) and com["reviewed"].sum() == 131
    assert "draft 未审核" in (tmp_path / "out" / "atlas.html").read_text(encoding="utf-8")


def _extract_dir(src: Path, dst: Path) -> Path:
    from bayatlas.layers.articles import read_article

    dst.mkdir(parents=True, exist_ok=True)
    for p in sorted(src.glob("*.txt")):
        d = extract_text(read_article(p).text, article=p.name)
        (dst / f"{d['source']['id']}.draft.yaml").write_text(dump(d, "yaml"), encoding="utf-8")
    return dst


def test_eval_scores_the_held_out_articles(tmp_path):
    rows, pool = evaluate(HELDOUT / "gold", _extract_dir(HELDOUT / "articles", tmp_path / "pred"))
    assert len(rows) == 6 and pool.gold == 108
    # Targets of the issue on text nobody tuned on; the README shows the full table.
    assert pool.figure[2] >= 0.90
    assert pool.attached[2] >= 0.50
    assert pool.place_recall >= 0.75


def test_eval_can_fail(tmp_path):
    rows, pool = evaluate(HELDOUT / "gold", HELDOUT / "gold")
    assert pool.figure == (1.0, 1.0, 1.0) and pool.attached == (1.0, 1.0, 1.0) and pool.place_recall == 1.0
    empty = tmp_path / "empty"
    empty.mkdir()
    g = yaml.safe_load((HELDOUT / "gold" / "zs-cuiheng-2025-03.yaml").read_text(encoding="utf-8"))
    g["commitments"] = [dict(c, value=c["value"] * 2) for c in g["commitments"]]
    (empty / "x.yaml").write_text(yaml.safe_dump(g, allow_unicode=True), encoding="utf-8")
    rows, pool = evaluate(HELDOUT / "gold", empty)
    assert pool.figure_tp <= 3 and pool.pred == len(g["commitments"])


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside this clone")
def test_eval_on_the_seed_articles(tmp_path):
    pred = tmp_path / "pred"
    _extract_dir(SHARED_SEEDS, pred)
    gold = tmp_path / "gold"
    shutil.copytree(REPO / "seeds" / "sources", gold)
    rows, pool = evaluate(gold, pred)
    assert pool.gold == 131 and pool.figure[2] >= 0.90 and pool.attached[2] >= 0.70


def test_drafted_places_sit_at_the_place_the_text_implies(tmp_path):
    """Every park, zone or station found in the self-written articles is located at a containing town, district or
    city with that precision — never dropped, never at a default point, never its own parent — also in Guangdong's
    cities beyond the bay (湛江, 河源), which the gazetteer covers and the districts layer then shows."""

    from bayatlas.layers.articles import read_article
    from bayatlas.layers.assemble import build_atlas

    root = copy_seeds(tmp_path / "seeds")
    for p in sorted((REPO / "eval" / "dev" / "articles").glob("*.txt")) + sorted((HELDOUT / "articles").glob("*.txt")):
        d = extract_text(read_article(p).text, article=p.name, published=PUB)
        (root / "sources" / f"{d['source']['id']}.draft.yaml").write_text(dump(d, "yaml"), encoding="utf-8")
    atlas = build_atlas(root)
    for layer in ("parks", "stations", "towns"):
        drafted = atlas[layer][~atlas[layer]["reviewed"].astype(bool)]
        assert len(drafted) and set(drafted["precision"]) <= {"town", "district", "city"}, layer
    assert not [u for u in atlas.unresolved if "loop" in u["reason"]]
    assert {"湛江市", "河源市"} <= set(atlas["districts"]["city"])  # partner cities join the districts layer
    assert not {"阳江市", "云浮市"} & set(atlas["districts"]["city"])  # … and only those


def test_a_zone_named_short_is_what_the_article_is_about():
    # the zone is named in full once, then by its short name; the city is named more often than the full name
    text = ("港企北上松山湖 港资机构增至58家\n"
            "东莞松山湖高新技术产业开发区今年新增香港企业12家。\n香港与松山湖往来密切，香港投资者看好松山湖。\n"
            "去年实现工业总产值约3100亿元，研发投入强度达12.3%。\n香港、松山湖两地合作加深，香港资金持续流入。")
    d = _draft(text)
    zone = next(p["id"] for p in d["places"] if p["name"] == "东莞松山湖高新技术产业开发区")
    subj = {c["value"]: c["subject"] for c in d["commitments"]}
    assert subj[3100] == zone and subj[12.3] == zone


def test_descriptions_are_not_names():
    names = {p["name"] for p in _draft("三角镇今年引进深圳企业投资项目5个，另设收费站2处，百亿级产业项目1个。")["places"]}
    assert not names & {"深圳企业投资项目", "另设收费站", "收费站", "百亿级产业项目"}


def test_a_place_qualifying_a_link_leaves_the_figure_to_the_link():
    d = _draft("连接广州市番禺区与东莞市沙田镇的莲花山过江通道建设进入冲刺阶段，主线隧道已掘进3.6公里，占隧道全长的86%。")
    link = next(p["id"] for p in d["places"] if p["name"] == "莲花山过江通道")
    assert {c["value"]: c["subject"] for c in d["commitments"]}[86] == link


def test_a_section_of_a_link_and_a_park_located_in_a_town():
    d = _draft("中南虎城际铁路全长约93公里。\n其中南沙段长约17公里。\n"
               "韶关市始兴县的第一个园区是罗湖—始兴产业共建园，位于太平镇，规划面积约6.8平方公里，首期开发2100亩，"
               "已累计完成投资18.5亿元。")
    ids, subj = _ids_and_subjects(d)
    assert subj[17] == ids["中南虎城际铁路"]
    assert subj[18.5] == ids["罗湖—始兴产业共建园"]


def test_a_numbered_paragraph_opening_with_a_name_is_about_it():
    d = _draft("塘厦镇2025年政府工作报告\n一、重点项目\n2.林村新一代电子信息产业园。占地约960亩，总投资65亿元。\n")
    park = next(p["id"] for p in d["places"] if p["name"].endswith("新一代电子信息产业园"))
    assert {c["value"]: c["subject"] for c in d["commitments"]} == {960: park, 65: park}


def test_verbs_and_counted_phrases_do_not_start_names():
    names = {p["name"] for p in _draft("惠东县今年全县安排产业用地指标不少于3000亩，其中涉港项目约占35%，新建一条过江通道。\n"
                                       "黄圃镇过去到深圳南山要绕行虎门大桥，约需120分钟。")["places"]}
    assert not names & {"全县安排产业用地", "安排产业用地", "中涉港项目", "一条过江通道", "南山要绕行虎门大桥"}


def test_projects_from_a_district_are_an_origin_not_the_subject():
    d = _draft("记者来到中山市黄圃镇。\n黄圃今年新落地深圳项目22个，其中来自宝安区的项目9个、南山区的项目5个、龙华区的项目4个。")
    town = next(p["id"] for p in d["places"] if p["name"] == "黄圃镇")
    assert {c["value"]: c["subject"] for c in d["commitments"]} == {22: town, 9: town, 5: town, 4: town}


def test_a_park_named_by_its_short_name_later():
    d = _draft("火炬开发区与宝安区签约共建宝安—火炬产业协作园。\n"
               "火炬开发区今年还将设立产业协作基金，对落户协作园的项目给予最高500万元的租金补贴。\n"
               "河套深港科创合作区深圳园区 今年拟新增科研机构20家\n深圳园区今年拟新增科研机构20家，深圳园区亦将建设人才公寓2000套。")
    ids, subj = _ids_and_subjects(d)
    assert subj[500] == ids["宝安—火炬产业协作园"]
    assert subj[20] == subj[2000] == ids["河套深港科创合作区深圳园区"]


def test_names_with_a_place_in_brackets():
    d = _draft("惠阳区在深圳坪山设立反向飞地\n2024年12月9日，惠阳区（坪山）科技创新飞地在深圳市坪山区坪山街道揭牌启用。\n"
               "飞地位于坪山街道的一栋研发楼内，使用面积约4000平方米。深圳（汕尾）产业园规划面积约5平方公里。")
    ids, subj = _ids_and_subjects(d)
    assert subj[4000] == ids["惠阳区(坪山)科技创新飞地"] and subj[5] == ids["深圳(汕尾)产业园"]


def test_destinations_sums_and_partner_districts_are_not_the_subject():
    d = _draft("东莞松山湖高新技术产业开发区与香港合作加深\n由松山湖乘车往返香港约需70分钟。\n")
    zone = next(p["id"] for p in d["places"] if p["name"] == "东莞松山湖高新技术产业开发区")
    assert {c["value"]: c["subject"] for c in d["commitments"]}[70] == zone
    d = _draft("惠东县稔山镇、吉隆镇承接深圳产业转移\n稔山镇今年新签约项目18个。吉隆镇新签约项目13个。\n两镇今年上半年合计签约深圳项目31个。")
    county = next(p["id"] for p in d["places"] if p["name"] == "惠东县")
    assert {c["value"]: c["subject"] for c in d["commitments"]}[31] == county
    d = _draft("肇庆与深圳光明区签约共建产业园\n肇庆市与光明区签约，光明区将组织企业赴肇庆考察。\n首批18个项目同步签约，总投资86亿元。")
    assert {c["value"]: c["subject"] for c in d["commitments"]}[86] == "zhaoqing"  # (a curated place)


def test_a_bare_link_word_gives_travel_times_to_the_link():
    d = _draft("莲花山过江通道建设进入冲刺阶段\n东莞市沙田镇与番禺区之间的莲花山过江通道计划明年通车。\n"
               "通道建成后，番禺至东莞沙田的车程将由现在的约60分钟缩短至15分钟左右。")
    link = next(p["id"] for p in d["places"] if p["name"] == "莲花山过江通道")
    subj = {c["value"]: c["subject"] for c in d["commitments"]}
    assert subj[60] == subj[15] == link


def test_the_speakers_partner_and_a_teams_origin_are_not_the_subject():
    d = _draft("长安镇：跨界协同 朋友圈越来越大\n东莞市长安镇镇长接受专访。\n"
               "今年我们将与宝安区沙井街道共同谋划跨界协同发展区，计划引进深圳企业不少于40家。\n"
               "我们将对来长安落户的深圳研发团队给予最高200万元的启动资金支持。")
    town = next(p["id"] for p in d["places"] if p["name"] in ("长安", "长安镇"))
    assert {c["value"]: c["subject"] for c in d["commitments"]} == {40: town, 200: town}


def test_a_digit_grouping_comma_ends_no_clause():
    d = _draft("肇庆与深圳光明区签约共建产业园\n对接会在肇庆高新区举行，其中光明—肇庆高新区共建产业园占地约2,600亩、首期投资约42亿元。\n"
               "光明—肇庆高新区共建产业园二期占地1200亩，首期投资约18亿元。")
    park = next(p["id"] for p in d["places"] if p["name"] == "光明—肇庆高新区共建产业园")
    assert {c["value"]: c["subject"] for c in d["commitments"]} == {2600: park, 42: park, 1200: park, 18: park}


def test_a_quoted_name_before_a_suffix_and_its_short_names():
    d = _draft("「澳門新街坊」入住率超七成\n位於橫琴粵澳深度合作區的「澳門新街坊」項目已入住約2,100戶。\n"
               "「澳門新街坊」佔地約19萬平方米。\n新街坊總投資約人民幣120億元。\n推进“工改”项目12个。")
    ids, subj = _ids_and_subjects(d)
    assert subj[2100] == subj[19] == subj[120] == ids["澳门新街坊项目"]
    assert "工改项目" not in ids


def test_a_sentence_the_speaker_opens_is_about_the_speakers_place():
    d = _draft("黄圃镇镇长：深圳企业跨江而来\n记者来到中山市黄圃镇。\n"
               "我们正在打造黄圃深中产业协作区，规划面积约5平方公里。今年，我们确保新落地深圳项目不少于15个，力争全年实际利用外资增长12%。")
    ids, subj = _ids_and_subjects(d)
    assert subj[5] == ids["黄圃深中产业协作区"] and subj[15] == subj[12] == ids["黄圃镇"]


def test_a_place_opening_a_later_clause_takes_its_figures():
    d = _draft("肇庆与深圳光明区签约共建产业园\n据介绍，肇庆高新区今年1至9月新增规上工业企业67家；肇庆市今年前三季度地区生产总值增长4.1%。")
    ids, subj = _ids_and_subjects(d)
    assert subj[67] == ids["肇庆高新区"] and subj[4.1] == "zhaoqing"  # (a curated place)


def test_the_speakers_organisation_is_not_the_subject():
    d = _draft("火炬开发区与宝安区共建产业协作园\n根据协议，双方将共建宝安—火炬产业协作园。\n"
               "园区位于火炬开发区临海工业园北侧，规划面积约3.6平方公里。火炬开发区有关负责人介绍，计划到2027年建成标准厂房不少于60万平方米。")
    ids, subj = _ids_and_subjects(d)
    assert subj[3.6] == subj[60] == ids["宝安—火炬产业协作园"]


def test_a_project_written_right_after_a_zone_opening_the_clause():
    d = _draft("湛江经济技术开发区5个项目集中开工\n其中，东海岛配套项目占地420亩；宝满港区冷链物流园项目占地300亩、总投资25亿元、年产值30亿元。")
    ids, subj = _ids_and_subjects(d)
    assert subj[300] == subj[25] == subj[30] == ids["冷链物流园项目"]


def test_a_name_holding_a_quoted_slogan():
    names = {p["name"] for p in _draft("汕头市龙湖区“百千万工程”产业合作园区规划总面积1.76万亩。")["places"]}
    assert "龙湖区“百千万工程”产业合作园" in names


def test_a_comparator_at_the_end_of_the_line_before_does_not_carry_over():
    assert [(f.start, f.comparator) for f in find_figures("力争超过\n5个项目")] == [(5, "=")]
