import pytest

from bayatlas.layers import analytics


def test_totals_never_sum_percentages_or_mix_units(atlas):
    t = analytics.totals(atlas, "bank")
    assert set(t["unit_base"]) <= {"CNY", "m2", "count", "km"}
    assert not t.duplicated(["bank", "unit_base"]).any()


def test_totals_recompute_from_the_exported_rows(atlas):
    c = atlas["commitments"]
    t = analytics.totals(atlas, "bank", category="investment").set_index(["bank", "unit_base"])
    east = c[(c["bank"] == "east") & (c["category"] == "investment") & (c["unit_base"] == "CNY")]
    assert t.loc[("east", "CNY"), "total"] == pytest.approx(east["value_base"].sum())
    assert t.loc[("east", "CNY"), "n"] == len(east)


def test_percentages_are_listed_not_summed(atlas):
    ns = analytics.not_summed(atlas)
    assert (ns["unit"] == "%").any()
    assert "percent" not in set(analytics.east_west(atlas).index.get_level_values("unit_base"))


def test_bad_dimension_is_a_clear_error(atlas):
    with pytest.raises(KeyError, match="cannot group by"):
        analytics.totals(atlas, "colour")
