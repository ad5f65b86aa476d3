"""Every change lands in the ledger with who made it and through which door: the web UI, the
API, an import or a command."""

from django.core.management import call_command
from rest_framework.test import APIClient

from fazhi.core.models import LedgerEntry, Region


def _last_about(region_code):
    region = Region.objects.get(code=region_code)
    return (
        LedgerEntry.objects.filter(object_type="core.region", object_id=str(region.pk))
        .order_by("-id")
        .first()
    )


def test_a_change_on_a_web_page_is_ledgered_as_web_with_its_actor(users, regions, login):
    # when: the sysadmin renames a village on its edit page
    client = login(users.sysadmin)
    response = client.post(
        f"/core/regions/{regions.village_a.code}/edit/",
        {"name": "歇马村（新）", "households": 300, "population": 1100},
    )
    # then
    assert response.status_code in (200, 302)
    entry = _last_about(regions.village_a.code)
    assert (entry.action, entry.source, entry.actor_name) == ("update", "web", "sysadmin")
    assert entry.data["after"]["name"] == "歇马村（新）"


def test_a_change_through_the_api_is_ledgered_as_api_with_its_actor(users, regions):
    from fazhi.enforcement.models import EnforcementBody

    # given: an officer with a token
    client = APIClient()
    client.force_authenticate(users.officer)
    # when: they register an enforcement body through the API
    response = client.post(
        "/api/v1/enforcement/bodies/",
        {
            "region": regions.town.pk,
            "name": "石鼓镇综合行政执法大队",
            "kind": "statutory",
            "legal_basis": "湘政发〔2020〕1号",
            "case_prefix": "石鼓执罚",
            "order_prefix": "石鼓执改",
        },
        format="json",
    )
    # then
    assert response.status_code == 201, response.content
    body = EnforcementBody.objects.get(name="石鼓镇综合行政执法大队")
    entry = LedgerEntry.objects.get(
        object_type="enforcement.enforcementbody", object_id=str(body.pk), action="create"
    )
    assert (entry.source, entry.actor_name) == ("api", "officer")


def test_an_import_from_the_command_line_is_ledgered_as_import(users, regions, tmp_path):
    import openpyxl

    # given: a workbook with one new grid
    path = tmp_path / "grids.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["区划代码", "名称", "类型", "上级区划代码", "户数", "人口"])
    wb.active.append(["430321108201003", "歇马村第3网格", "网格", "430321108201", 120, 430])
    wb.save(path)
    # when
    call_command("import", "regions", str(path), user="sysadmin")
    # then
    entry = _last_about("430321108201003")
    assert (entry.action, entry.source, entry.actor_name) == ("create", "import", "sysadmin")
