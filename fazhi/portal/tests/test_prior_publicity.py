"""执法公示 事前 (国办发〔2018〕118号): the procedures in words, the remedies and the complaint
channels, as a villager reads them on the town's 执法公示 page."""

from __future__ import annotations

from django.test import Client

from fazhi.enforcement.models import EnforcementBody


def _page(regions) -> str:
    return Client().get(f"/public/{regions.town.code}/enforcement/").content.decode()


def test_the_procedures_are_told_in_words_with_their_articles(published, regions):
    body = _page(regions)
    assert "简易程序（当场处罚）" in body and "一般程序" in body
    assert "对公民处以200元以下、对法人或者其他组织处以3,000元以下罚款" in body
    assert "执法人员不少于2人" in body and "自立案之日起90日内作出" in body
    assert "第五十一条" in body and "第五十八条" in body and "第六十一条" in body


def test_the_remedies_name_the_county_government_and_court_with_60_days_and_6_months(published, regions):
    body = _page(regions)
    assert "60日内向湘潭县人民政府申请行政复议" in body
    assert "6个月内向湘潭县人民法院提起行政诉讼" in body


def test_the_remedy_bodies_follow_the_setting_the_decision_documents_use(published, regions, settings):
    settings.ENFORCEMENT_REVIEW_BODY = "湘潭市人民政府"
    settings.ENFORCEMENT_COURT = "湘潭市岳塘区人民法院"
    body = _page(regions)
    assert "60日内向湘潭市人民政府申请行政复议" in body and "向湘潭市岳塘区人民法院提起行政诉讼" in body


def test_the_complaint_channels_come_from_the_body_s_record(published, regions):
    # given no channel on record, none is invented
    assert "0731-57001234" not in _page(regions)
    # when the body's record carries its complaint channel, phone and address
    EnforcementBody.objects.filter(region=regions.town).update(
        complaint_channel="12345政务服务便民热线",
        phone="0731-57001234",
        address="湘潭县石鼓镇人民政府一楼",
    )
    body = _page(regions)
    # then the page shows them; the other town's body is not there
    assert "12345政务服务便民热线" in body and "0731-57001234" in body and "湘潭县石鼓镇人民政府一楼" in body
    assert "易俗河镇人民政府" not in body
