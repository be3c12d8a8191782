import pytest

from bayatlas import settings
from bayatlas.geo.crs import geodesic_length_km

REQUIRED = ["id", "name", "name_en", "kind", "bank", "precision", "source"]


def test_every_layer_has_the_common_columns(atlas):
    for name in settings.LAYERS:
        gdf = atlas[name]
        assert len(gdf) > 0, name
        cols = REQUIRED + (["subject", "geo_source", "value_base", "unit_base"] if name == "commitments" else [])
        assert set(cols) <= set(gdf.columns), (name, set(cols) - set(gdf.columns))
        assert gdf.crs.to_epsg() == 4326
        assert set(gdf["bank"]) <= set(settings.BANKS)


def test_commitments_are_one_row_each_and_linked(atlas, seeds):
    c = atlas["commitments"]
    assert len(c) == len(seeds.commitments)
    assert c["id"].is_unique
    assert set(c["subject"]) <= set(seeds.places)
    assert set(c["precision"]) <= {"site", "near", "town", "district", "city", "unresolved"}


def test_banks_from_geometry(atlas):
    towns = atlas["towns"].set_index("id")
    assert towns.loc["fenggang", "bank"] == "east"
    assert towns.loc["houjie", "bank"] == "east"
    assert towns.loc["fusha", "bank"] == "west"
    assert towns.loc["xiaolan", "bank"] == "west"
    districts = atlas["districts"].set_index("id")
    assert districts.loc["chaonan", "bank"] == "other"


def test_unresolved_places_are_reported_not_dropped(atlas, seeds):
    every = set().union(*(set(atlas[n]["id"]) for n in ("towns", "parks", "stations", "links", "districts")))
    placeable = {pid for pid, p in seeds.places.items() if p.kind not in ("city", "district")}
    assert placeable <= every
    empty = set()
    for n in ("towns", "parks", "stations", "links"):
        gdf = atlas[n]
        empty |= set(gdf.loc[gdf.geometry.isna() | gdf.geometry.is_empty, "id"])
    assert empty == {u["id"] for u in atlas.unresolved}


def test_fallback_precision_matches_the_parent(atlas):
    parks = atlas["parks"].set_index("id")
    assert parks.loc["yuchen-base", "precision"] in ("site", "near", "town")
    assert parks.loc["baoan-chaonan-park", "precision"] in ("site", "near", "town", "district")
    assert "placed at" in parks.loc["baoan-chaonan-park", "geo_note"] or \
        parks.loc["baoan-chaonan-park", "precision"] in ("site", "near")


def test_link_lengths_are_geodesic(atlas):
    links = atlas["links"].dropna(subset=["length_km"])
    assert len(links) >= 1
    for _, r in links.iterrows():
        assert r["length_km"] == pytest.approx(geodesic_length_km(r.geometry), abs=1e-3)
