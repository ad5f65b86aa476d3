"""The county's default event categories (大类 and a few 小类 each), named in issue 11; 矛盾纠纷,
违法线索, 禁毒, 反邪教 and 治安隐患 are not public by default. Seeded by migration 0002 and
again, where missing, by `ensure_categories` (the demo, the tests: a flushed test database
loses what migrations wrote)."""

from __future__ import annotations

# (code, name, default handling unit, public, [(code, name), …])
GROUPS = [
    (
        "01",
        "矛盾纠纷",
        "综治中心",
        False,
        [("0101", "邻里纠纷"), ("0102", "婚姻家庭纠纷"), ("0103", "土地山林纠纷")],
    ),
    ("02", "治安隐患", "派出所", False, [("0201", "治安乱点"), ("0202", "重点人员动态")]),
    (
        "03",
        "安全隐患",
        "应急管理办",
        True,
        [("0301", "消防安全"), ("0302", "道路交通安全"), ("0303", "地质灾害")],
    ),
    ("04", "环境卫生", "生态环境办", True, [("0401", "垃圾堆放"), ("0402", "污水排放")]),
    ("05", "疫情防控", "卫生健康办", True, []),
    ("06", "医保收缴", "社会事务办", True, []),
    ("07", "民生诉求", "社会事务办", True, [("0701", "基础设施"), ("0702", "社会保障")]),
    ("08", "违法线索", "综合行政执法大队", False, []),
    ("09", "禁毒", "派出所", False, []),
    ("10", "反邪教", "综治中心", False, []),
    ("99", "其他", "综治中心", True, []),
]


def ensure_categories(model=None) -> int:
    """Create the default categories that are missing (by code); returns how many were made.
    `model` is the migration's historical EventCategory, or the app's by default."""
    if model is None:
        from fazhi.grid.models import EventCategory as model
    made = 0
    have = set(model.objects.values_list("code", flat=True))
    for order, (code, name, unit, public, children) in enumerate(GROUPS, start=1):
        group = model.objects.filter(code=code).first()
        if group is None:
            group = model.objects.create(
                code=code, name=name, handling_unit=unit, is_public=public, order=order
            )
            made += 1
        for child_order, (child_code, child_name) in enumerate(children, start=1):
            if child_code not in have:
                model.objects.create(
                    code=child_code,
                    name=child_name,
                    parent=group,
                    handling_unit=unit,
                    is_public=public,
                    order=child_order,
                )
                made += 1
    return made
