import pytest
from django.core.exceptions import ValidationError

from fazhi.core.models import Region, RegionKind


def test_it_keeps_a_materialized_path_of_division_codes(regions):
    assert regions.grid_a.path == "430321/430321108/430321108201/430321108201001/"
    assert regions.grid_a.depth == 3


def test_it_finds_a_subtree_with_one_prefix_query(regions, django_assert_num_queries):
    # when
    with django_assert_num_queries(1):
        names = set(Region.objects.subtree(regions.town).values_list("name", flat=True))
    # then: the town, its two villages and three grids, and nothing of the other town
    assert names == {"石鼓镇", "歇马村", "古塘村", "歇马村第1网格", "歇马村第2网格", "古塘村第1网格"}


def test_it_lists_ancestors_from_the_county_down(regions):
    assert [r.name for r in regions.grid_c.ancestors()] == ["湘潭县", "石鼓镇", "古塘村", "古塘村第1网格"]


def test_it_knows_which_region_contains_which(regions):
    assert regions.town.contains(regions.grid_b)
    assert not regions.other_town.contains(regions.grid_b)


@pytest.mark.parametrize(
    ("code", "kind", "parent", "field"),
    [
        ("43032110820", RegionKind.VILLAGE, "town", "code"),  # 11 digits: a village has 12
        ("430321100301", RegionKind.VILLAGE, "town", "code"),  # does not extend 石鼓镇's code
        ("430321108301", RegionKind.VILLAGE, "county", "parent"),  # a village's parent is a town
        ("430321108301", RegionKind.VILLAGE, None, "parent"),
    ],
)
def test_it_refuses_a_region_that_breaks_the_code_rules(regions, code, kind, parent, field):
    region = Region(code=code, name="新村", kind=kind, parent=getattr(regions, parent) if parent else None)
    with pytest.raises(ValidationError) as excinfo:
        region.full_clean()
    assert field in excinfo.value.message_dict
