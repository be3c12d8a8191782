"""Flows: the relations the articles state, with the right direction, validated, exported and detectable in text."""
import json
import re

import pyogrio
import pytest
import shapely
from shapely.geometry import shape

from bayatlas import SeedError, load_seeds
from bayatlas.geo.crs import geodesic_distance_m
from bayatlas.layers.flows import detect_flow
from conftest import copy_seeds

#: (origin, destination, type) of every relation the seed articles state — direction per issue 5.
EXPECTED = {
    ("baoan", "chenghai", "co_built_park"),
    ("baoan", "chaonan", "co_built_park"),
    ("pingshan", "longhu", "co_built_park"),
    ("guangming", "jinping", "co_built_park"),
    ("nanshan", "haojiang", "co_built_park"),
    ("longhua", "chaoyang", "paired_assistance"),
    ("jinping", "guangming", "reverse_enclave"),      # home district → the district hosting its base
    ("shantou", "shenzhen", "reverse_enclave"),
    ("shenzhen", "shantou", "paired_assistance"),
    ("guangming", "jinping", "relocation"),
    ("longhu", "pingshan", "liaison_platform"),
    ("shenzhen", "fusha", "relocation"),
    ("pinghu", "fenggang", "cooperation_axis"),
    ("shenzhen", "fenggang", "cooperation_axis"),
}


def test_every_stated_relation_is_a_flow_with_its_direction(atlas):
    f = atlas["flows"]
    got = set(zip(f["origin"], f["destination"], f["type"]))
    assert EXPECTED <= got, EXPECTED - got
    # never the reverse of a stated direction for the same type
    assert not {(d, o, t) for o, d, t in EXPECTED} & got - EXPECTED


def test_reverse_enclave_sits_in_guangming_science_city(atlas):
    f = atlas["flows"].set_index("id")
    r = f.loc["jinping-guangming-enclave"]
    assert r["via"] == "guangming-jinping-base" and r["destination"] == "guangming"
    assert "光明科学城" in r["evidence"]
    assert r["floor_area_m2"] == pytest.approx(2048.92)


def test_evidence_is_verbatim(seeds, articles):
    assert seeds.flows
    for fl in seeds.flows:
        text = articles[seeds.sources[fl.source].article]
        assert fl.evidence in text, f"{fl.id}: evidence not in the article: {fl.evidence}"


def test_arcs_run_from_origin_to_destination_end(atlas):
    located = atlas["flows"][atlas["flows"].geometry.notna()]
    assert len(located) >= 12
    pts = {}
    for layer in ("districts", "towns", "parks"):
        for _, r in atlas[layer].iterrows():
            if r.geometry is not None and not r.geometry.is_empty:
                pts[r["id"]] = r.geometry.representative_point() if layer == "districts" else r.geometry
    for _, r in located.iterrows():
        start, end = shapely.Point(r.geometry.coords[0]), shapely.Point(r.geometry.coords[-1])
        end_id = r["via"] or r["destination"]
        if r["origin"] in pts:
            assert start.distance(pts[r["origin"]]) < 0.05, r["id"]
        if end_id in pts:
            assert end.distance(pts[end_id]) < 0.05, r["id"]
        assert r["distance_km"] == pytest.approx(geodesic_distance_m(start.x, start.y, end.x, end.y) / 1000, abs=0.01)


def test_flows_carry_commitments_and_totals(atlas):
    f = atlas["flows"].set_index("id")
    c = atlas["commitments"].set_index("id")
    y = f.loc["shenzhen-fusha-yuchen"]
    assert y["n_commitments"] == 4 and y["committed_cny"] == pytest.approx(3.2e8)
    four = f.loc["shenzhen-fusha-four-projects"]
    assert four["committed_cny"] == pytest.approx(16.86e8)
    assert f.loc["shenzhen-fusha-yuchen", "crosses_estuary"] and not f.loc["baoan-chenghai-park", "crosses_estuary"]
    for ids in f["commitment_ids"]:
        assert all(i in c.index for i in ids.split("|") if i)
    # the planned 1.76万亩 and its 3024亩 start area are one park: the headline keeps the larger
    assert f.loc["pingshan-longhu-park", "land_m2"] == pytest.approx(1.76e4 * 10000 / 15, rel=1e-9)


def test_flows_geojson_reads_back_through_gdal(built, atlas):
    out, _ = built
    path = out / "flows.geojson"
    df = pyogrio.read_dataframe(path)
    assert sorted(df["id"]) == sorted(atlas["flows"]["id"])
    assert set(zip(df["origin"], df["destination"], df["type"])) >= EXPECTED
    fc = json.loads(path.read_text(encoding="utf-8"))
    for feat in fc["features"]:
        if feat["geometry"]:
            assert shape(feat["geometry"]).geom_type == "LineString"
    info = pyogrio.read_info(path)
    assert info["crs"].endswith("4326")


def test_bad_flow_is_reported_with_file_line_field(tmp_path):
    root = copy_seeds(tmp_path / "seeds")
    f = root / "sources" / "fenggang-2025-02.yaml"
    lines = f.read_text(encoding="utf-8").splitlines()
    i = next(k for k, line in enumerate(lines) if line.strip() == "origin: pinghu")
    lines[i] = lines[i].replace("pinghu", "nowhere")
    j = [k for k, line in enumerate(lines) if line.strip() == "type: cooperation_axis"][1]
    lines[j] = lines[j].replace("cooperation_axis", "teleport")
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SeedError) as exc:
        load_seeds(root)
    msg = str(exc.value)
    assert f"sources/fenggang-2025-02.yaml:{i + 1}: flows[0].origin: unknown place id 'nowhere'" in msg
    assert re.search(rf"fenggang-2025-02.yaml:{j + 1}: flows\[1\]\.type: Input should be", msg)


def test_unknown_commitment_reference_is_reported(tmp_path):
    root = copy_seeds(tmp_path / "seeds")
    f = root / "sources" / "fenggang-2025-02.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace('"fenggang-2025-02#36"', '"fenggang-2025-02#999"'),
                 encoding="utf-8")
    with pytest.raises(SeedError, match=r"flows\[1\]\.commitments: unknown commitment id 'fenggang-2025-02#999'"):
        load_seeds(root)


def P(pid, kind, city, text):
    return {"id": pid, "kind": kind, "city": city, "text": text}


@pytest.mark.parametrize("sentence, places, home, expected", [
    ("深圳市宝安区与汕头市澄海区、潮南区,分别在岭海中小微企业创业园、两英龙岭工业片区揭牌成立“共建产业园”",
     [P("shenzhen", "city", "深圳市", "深圳市"), P("baoan", "district", "深圳市", "宝安区"),
      P("shantou", "city", "汕头市", "汕头市"), P("chenghai", "district", "汕头市", "澄海区"),
      P("linghai-sme-park", "park", "汕头市", "岭海中小微企业创业园")], None,
     ("baoan", "chenghai", "co_built_park", "linghai-sme-park")),
    ("深圳市坪山区—汕头市龙湖区“百千万工程”产业合作园区以龙湖现代产业园为基础",
     [P("longhu", "district", "汕头市", "龙湖区"), P("pingshan", "district", "深圳市", "坪山区")], None,
     ("pingshan", "longhu", "co_built_park", None)),
    ("据了解,光明-金平“反向飞地”选址光明区光明科学城高新北区东木墩片区云智科园3栋D座9楼",
     [P("guangming", "district", "深圳", "光明"), P("jinping", "district", "汕头", "金平"),
      P("guangming-science-city", "zone", "深圳", "光明科学城")], None,
     ("jinping", "guangming", "reverse_enclave", "guangming-science-city")),
    ("阶段来,深圳对口帮扶协作汕头指挥部结合深圳“20+8”战略性新兴产业集群",
     [P("shenzhen", "city", "深圳", "深圳"), P("shantou", "city", "汕头", "汕头")], None,
     ("shenzhen", "shantou", "paired_assistance", None)),
    ("近两年,已有多家深圳企业落户阜沙镇,优势互补、高效联动的气候已经形成。",
     [P("shenzhen", "city", "深圳", "深圳"), P("fusha", "town", "中山", "阜沙镇")], None,
     ("shenzhen", "fusha", "relocation", None)),
    ("另有宇邦、索沃思、智城汇谷、维琪生物等4个重点在建项目均来自深圳",
     [P("shenzhen", "city", "深圳", "深圳")], "fusha", ("shenzhen", "fusha", "relocation", None)),
    ("争取打造形成凤岗—平湖电子信息产业组团,成为凤岗新的发展增长极。",
     [P("fenggang", "town", "东莞", "凤岗"), P("pinghu", "subdistrict", "深圳", "平湖")], None,
     ("pinghu", "fenggang", "cooperation_axis", None)),
])
def test_detect_flow_finds_stated_relations(sentence, places, home, expected):
    draft = detect_flow(sentence, places, source="test", destination=home)
    assert draft is not None
    assert (draft.origin, draft.destination, draft.type, draft.via) == expected
    assert draft.evidence in sentence and not draft.reviewed and draft.source == "test"


def test_detect_flow_needs_a_stated_relation():
    assert detect_flow("凤岗镇地区生产总值迈上400亿元新台阶", [P("fenggang", "town", "东莞", "凤岗镇")]) is None
    assert detect_flow("深圳与汕头交流合作日益频繁", [P("shenzhen", "city", "深圳", "深圳"),
                                                    P("shantou", "city", "汕头", "汕头")]) is None


def test_map_draws_each_flow_with_a_chevron_at_its_receiving_end(built, atlas):
    from test_browser import _need_browser, ARGS, CHROMIUM, open_map
    _need_browser()
    from playwright.sync_api import sync_playwright
    out, _ = built
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page, state = open_map(b, out / "atlas.html")
        page.get_by_text("Flows 流向").click()
        page.wait_for_timeout(200)
        res = page.evaluate("""() => {
          const map = window[Object.keys(window).find(k => k.startsWith('map_'))];
          const arcs = [], heads = [];
          map.eachLayer(l => {
            if (l.options && l.options.className === 'ba-flow-arc') arcs.push(l.getLatLngs());
            if (l.options && l.options.className === 'ba-flow-head') heads.push(l.getLatLngs());
          });
          const ok = arcs.map((a, i) => {
            const end = a[a.length - 1], tip = heads[i][1];
            return Math.abs(end.lat - tip.lat) < 1e-5 && Math.abs(end.lng - tip.lng) < 1e-5;
          });
          return {arcs: arcs.length, heads: heads.length, ok: ok.every(x => x)};
        }""")
        b.close()
    drawn = int(atlas["flows"].geometry.notna().sum())
    assert res == {"arcs": drawn, "heads": drawn, "ok": True}
    assert state["errors"] == [] and state["requests"] == []
