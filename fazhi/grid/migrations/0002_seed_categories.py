"""The county's event categories (大类) named in issue 11, with a few 小类 each; 矛盾纠纷, 违法线索,
禁毒, 反邪教 and 治安隐患 are not public by default."""

from django.db import migrations

# (code, name, default handling unit, public, [(code, name), …])
GROUPS = [
    ("01", "矛盾纠纷", "综治中心", False, [("0101", "邻里纠纷"), ("0102", "婚姻家庭纠纷"), ("0103", "土地山林纠纷")]),
    ("02", "治安隐患", "派出所", False, [("0201", "治安乱点"), ("0202", "重点人员动态")]),
    ("03", "安全隐患", "应急管理办", True, [("0301", "消防安全"), ("0302", "道路交通安全"), ("0303", "地质灾害")]),
    ("04", "环境卫生", "生态环境办", True, [("0401", "垃圾堆放"), ("0402", "污水排放")]),
    ("05", "疫情防控", "卫生健康办", True, []),
    ("06", "医保收缴", "社会事务办", True, []),
    ("07", "民生诉求", "社会事务办", True, [("0701", "基础设施"), ("0702", "社会保障")]),
    ("08", "违法线索", "综合行政执法大队", False, []),
    ("09", "禁毒", "派出所", False, []),
    ("10", "反邪教", "综治中心", False, []),
    ("99", "其他", "综治中心", True, []),
]


def seed(apps, schema_editor):
    EventCategory = apps.get_model("grid", "EventCategory")
    for order, (code, name, unit, public, children) in enumerate(GROUPS, start=1):
        group = EventCategory.objects.create(
            code=code, name=name, handling_unit=unit, is_public=public, order=order
        )
        for child_order, (child_code, child_name) in enumerate(children, start=1):
            EventCategory.objects.create(
                code=child_code,
                name=child_name,
                parent=group,
                handling_unit=unit,
                is_public=public,
                order=child_order,
            )


def unseed(apps, schema_editor):
    EventCategory = apps.get_model("grid", "EventCategory")
    EventCategory.objects.filter(parent__isnull=False).delete()
    EventCategory.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("grid", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
