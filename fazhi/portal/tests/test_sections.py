"""事前公示, 政务公开 and legal services as the public reads them."""

from __future__ import annotations

from django.test import Client


def test_officers_with_a_valid_certificate_and_powers_with_discretion_levels(published, regions):
    body = Client().get(f"/public/{regions.town.code}/enforcement/").content.decode()
    assert "王强" in body and "43030000001" in body
    assert "刘过期" not in body  # expired certificate
    assert "非法采砂" in body and "《湖南省河道采砂管理条例》第三十条" in body and "10000" in body


def test_the_guide_is_published_and_an_unpublished_item_is_not(published, regions):
    body = Client().get(f"/public/{regions.town.code}/disclosure/").content.decode()
    assert published.guide.title in body
    assert published.hidden_pub.title not in body


def test_the_village_adviser_and_activities(published, regions):
    body = Client().get(f"/public/{regions.town.code}/legal/").content.decode()
    assert "周律师" in body and "每月第一个星期三上午" in body
    assert "宪法宣传周联合宣传活动" in body
    assert "6000" not in body  # the fee stays inside
