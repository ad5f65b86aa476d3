"""Personal information: check digits, masking, reusable fields, and the full value shown only to
roles that may see it, each view written to the ledger."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse

from fazhi.core import pii
from fazhi.core.models import LedgerEntry
from fazhi.testing.sample.models import Person

# 11010519491231002X: the example of GB 11643; 430321199001011238: a 湘潭县 number whose check
# digit is computed here by the standard's weights (test_it_computes_the_check_digits_of_the_examples).
ID_STANDARD = "11010519491231002X"
ID_XIANGTAN = "430321199001011238"
CREDIT_CODE = "91350100M000100Y43"


def test_it_computes_the_check_digits_of_the_examples():
    assert pii.id_check_char(ID_STANDARD[:17]) == "X"
    assert pii.id_check_char(ID_XIANGTAN[:17]) == "8"
    assert pii.credit_check_char(CREDIT_CODE[:17]) == "3"


@pytest.mark.parametrize(
    "number", [ID_STANDARD, ID_XIANGTAN, ID_STANDARD.lower(), " 4303 2119 9001 0112 38 "]
)
def test_it_accepts_valid_identity_numbers(number):
    pii.validate_id_number(number)


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("110105194912310021", "校验位不正确"),  # the last digit mistyped
        ("430321199001011239", "校验位不正确"),
        ("110105491231002", "应为18位"),  # a first-generation 15-digit number
        ("43032119900101123", "应为18位"),
        ("43032119900101123A", "应为18位"),
        ("430321199002301234", "出生日期"),  # 30 February
        ("990321199001011234", "省级行政区划代码"),
    ],
)
def test_it_refuses_invalid_identity_numbers(number, reason):
    with pytest.raises(ValidationError) as excinfo:
        pii.validate_id_number(number)
    assert reason in excinfo.value.messages[0]


def test_it_accepts_a_valid_credit_code():
    pii.validate_credit_code(CREDIT_CODE)
    pii.validate_credit_code(CREDIT_CODE.lower())


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91350100M000100Y44", "校验位不正确"),
        ("91350100M000100Y4", "应为18位"),
        ("91350100M00O100Y43", "不含I、O、Z、S、V"),
        ("913501A0M000100Y43", "第3至8位为行政区划代码"),
    ],
)
def test_it_refuses_invalid_credit_codes(code, reason):
    with pytest.raises(ValidationError) as excinfo:
        pii.validate_credit_code(code)
    assert reason in excinfo.value.messages[0]


@pytest.mark.parametrize("number", ["13812345678", "+86 138 1234 5678", "199-1234-5678"])
def test_it_accepts_mobile_numbers(number):
    pii.validate_mobile(number)


@pytest.mark.parametrize("number", ["1381234567", "12812345678", "0731-5781234", "138123456789"])
def test_it_refuses_what_is_not_a_mobile_number(number):
    with pytest.raises(ValidationError) as excinfo:
        pii.validate_mobile(number)
    assert "11位" in excinfo.value.messages[0]


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张某某"),
        ("张三", "张某"),
        ("欧阳娜娜", "欧阳某某"),
        ("司马光", "司马某"),
        ("买买提·艾力", "买某某"),
        ("湘潭县石鼓镇鑫源农机专业合作社", "湘潭县石鼓镇鑫源农机专业合作社"),
        ("石鼓镇红星超市", "石鼓镇红星超市"),
        ("", ""),
    ],
)
def test_it_masks_names_of_people_but_not_of_organizations(name, masked):
    assert pii.mask_name(name) == masked


def test_it_masks_numbers():
    assert pii.mask_id_number("430321199001011234") == "4303**********1234"
    assert pii.mask_id_number("11010519491231002x") == "1101**********002X"
    assert pii.mask_mobile("13812345678") == "138****5678"
    assert pii.mask_name("王强", organization=False) == "王某"
    assert pii.mask_name("王强", organization=True) == "王强"


def test_it_masks_in_templates():
    template = Template(
        "{% load pii %}{{ p.id_number|mask_id }} {{ p.mobile|mask_mobile }} {{ p.name|mask_name }} "
        "{{ org|mask_name:True }}"
    )
    html = template.render(
        Context({"p": {"id_number": ID_XIANGTAN, "mobile": "13812345678", "name": "李四光"}, "org": "王记"})
    )
    assert html == "4303**********1238 138****5678 李某某 王记"


# --- fields -------------------------------------------------------------------------------------


def test_it_validates_and_normalizes_personal_information_fields(regions):
    # given a person entered with a lower-case x and a +86 mobile
    person = Person(
        region=regions.grid_a, name="张三丰", id_number=ID_STANDARD.lower(), mobile="+86 13812345678"
    )
    person.full_clean()
    person.save()
    person.refresh_from_db()
    # then they are stored normalized
    assert (person.id_number, person.mobile) == (ID_STANDARD, "13812345678")
    # and a wrong check digit is refused on its field, in Chinese
    person.id_number = "110105194912310021"
    with pytest.raises(ValidationError) as excinfo:
        person.full_clean()
    assert "校验位" in excinfo.value.message_dict["id_number"][0]


def test_it_gives_forms_the_same_checks():
    class PartyForm(forms.ModelForm):
        class Meta:
            model = Person
            fields = ["name", "id_number", "mobile"]

    form = PartyForm(data={"name": "张三丰", "id_number": "110105194912310021", "mobile": "1381234"})
    assert not form.is_valid()
    assert "校验位" in form.errors["id_number"][0] and "11位" in form.errors["mobile"][0]
    assert 'inputmode="tel"' in str(form["mobile"])
    credit = pii.CreditCodeFormField()
    assert credit.clean(CREDIT_CODE.lower()) == CREDIT_CODE


# --- the full view ------------------------------------------------------------------------------


@pytest.fixture
def person(regions):
    return Person.objects.create(
        region=regions.grid_a, name="张三丰", id_number=ID_XIANGTAN, mobile="13812345678"
    )


def test_it_reveals_the_full_number_to_a_role_that_needs_it_and_ledgers_the_view(person, users):
    # when an enforcement officer of the town asks for the full number
    value = pii.reveal(users.officer, person, "id_number")
    # then they get it, and the ledger says who saw which field of whom — without the number
    assert value == ID_XIANGTAN
    entry = LedgerEntry.objects.order_by("-id").first()
    assert (entry.action, entry.actor_name, entry.object_type, entry.object_id) == (
        "pii.view",
        "officer",
        "sample.person",
        str(person.pk),
    )
    assert entry.data["field"] == "id_number" and entry.data["label"] == "身份证号码"
    assert ID_XIANGTAN not in str(entry.data)


def test_it_gives_the_masked_value_to_a_role_without_the_right(person, users):
    last = LedgerEntry.objects.order_by("-id").first().id
    # a grid worker of the same grid sees the record but not the full number
    assert pii.reveal(users.grid_a, person, "id_number") == "4303**********1238"
    assert pii.reveal(users.grid_a, person, "mobile") == "138****5678"
    assert pii.reveal(users.grid_a, person, "name") == "张某某"
    # an officer of another town does not see the record at all
    assert pii.reveal(users.other_officer, person, "id_number") == "4303**********1238"
    assert not LedgerEntry.objects.filter(id__gt=last).exists()


def test_it_reveals_through_the_endpoint_and_ledgers_it(person, users, login):
    url = reverse("core:pii_reveal", args=["sample.person", person.pk, "id_number"])
    # when the officer presses 显示完整号码 (htmx)
    response = login(users.officer).post(url, headers={"HX-Request": "true"})
    # then the fragment holds the full number and the view is in the ledger
    assert response.status_code == 200
    assert ID_XIANGTAN in response.content.decode()
    assert "已记入台账" in response.content.decode()
    assert (
        LedgerEntry.objects.filter(action="pii.view", actor_name="officer", object_id=str(person.pk)).count()
        == 1
    )
    # without JavaScript the same POST gives a page
    page = login(users.officer).post(url)
    assert page.status_code == 200 and "<html" in page.content.decode()


def test_it_refuses_the_endpoint_to_those_who_may_not_see(person, users, login, client):
    url = reverse("core:pii_reveal", args=["sample.person", person.pk, "id_number"])
    # a role without VIEW_PII, and the auditor: 403
    assert login(users.grid_a).post(url).status_code == 403
    assert login(users.auditor).post(url).status_code == 403
    # an officer of another town: the record is out of scope
    assert login(users.other_officer).post(url).status_code == 404
    # a field that is not personal information, and a GET
    assert login(users.officer).post(url.replace("id_number", "region")).status_code == 404
    assert login(users.officer).get(url).status_code == 405
    assert not LedgerEntry.objects.filter(action="pii.view").exists()


def test_it_renders_the_reveal_button_only_for_roles_that_may_use_it(person, users):
    template = Template('{% load pii %}{% pii_value person "id_number" %}')
    for_officer = template.render(Context({"person": person, "user": users.officer}))
    for_grid = template.render(Context({"person": person, "user": users.grid_a}))
    assert "4303**********1238" in for_officer and "显示完整号码" in for_officer
    assert 'hx-post="/core/pii/sample.person/' in for_officer
    assert "4303**********1238" in for_grid and "显示完整号码" not in for_grid
    assert ID_XIANGTAN not in for_officer + for_grid


def test_it_masks_personal_information_in_ledger_snapshots(person):
    entry = LedgerEntry.objects.get(action="create", object_type="sample.person", object_id=str(person.pk))
    masked = pii.mask_snapshot(Person, entry.data)
    assert masked["after"]["id_number"] == "4303**********1238"
    assert masked["after"]["mobile"] == "138****5678"
    assert masked["after"]["name"] == "张某某"
