"""The 公示牌 photo of a village adviser: uploaded by the judicial office on the adviser's form,
stored without its metadata (a phone's EXIF carries the GPS position), shown on the portal's
legal page to anyone; a photo of an adviser whose contract ended is not served."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fazhi.legal import photos
from fazhi.legal.models import Adviser
from fazhi.portal.tests.conftest import tiny_jpeg

PNG = (
    photos.PNG_SIGNATURE
    + b"\x00\x00\x00\x0dIHDR"
    + b"\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    + b"\x90wS\xde"
    + b"\x00\x00\x00\x0ctEXtGPS\x0027.8,112"
    + b"\x00\x00\x00\x00"
    + b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _form(adviser) -> dict:
    return {
        "region": adviser.region_id,
        "name": adviser.name,
        "firm": adviser.firm,
        "licence_number": adviser.licence_number,
        "phone": adviser.phone,
        "contract_start": adviser.contract_start.isoformat(),
        "contract_end": adviser.contract_end.isoformat(),
        "fee": "6000",
        "duty_days_month": "1",
        "lectures_quarter": "1",
        "service_time": adviser.service_time,
        "service_place": adviser.service_place,
        "rating": "",
        "spot_check": "",
    }


def test_the_judicial_office_uploads_the_photo_and_the_public_sees_it_without_its_gps(
    published, regions, users, login
):
    adviser = published.adviser
    # when the 司法所 uploads a phone photo on the adviser's form
    staff = login(users.judicial)
    upload = SimpleUploadedFile("zhou.jpg", tiny_jpeg(), content_type="image/jpeg")
    response = staff.post(f"/legal/advisers/{adviser.pk}/edit/", {**_form(adviser), "photo_file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    adviser.refresh_from_db()
    assert adviser.photo is not None
    # then the portal's legal page shows it, and the stored image has no EXIF, GPS or comment
    body = Client().get(f"/public/{regions.town.code}/legal/").content.decode()
    url = f"/public/{regions.town.code}/advisers/{adviser.pk}/photo/"
    assert f'src="{url}"' in body and "周律师的照片" in body
    served = Client().get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    data = b"".join(served.streaming_content)
    assert data.startswith(b"\xff\xd8\xff\xe0") and data.endswith(b"\xff\xd9")
    assert b"Exif" not in data and b"GPS" not in data and "歇马村".encode() not in data
    assert b"\x12\x34\x56\x78" in data  # the image data itself is kept


def test_a_file_that_is_not_a_whole_jpeg_or_png_is_refused_on_its_field(published, users, login):
    adviser = published.adviser
    staff = login(users.judicial)
    fake = SimpleUploadedFile("zhou.jpg", b"\xff\xd8\xff\xe1\x00", content_type="image/jpeg")
    response = staff.post(f"/legal/advisers/{adviser.pk}/edit/", {**_form(adviser), "photo_file": fake})
    assert response.status_code == 400
    assert "公示牌照片应为 JPEG 或 PNG 图片" in response.content.decode()
    adviser.refresh_from_db()
    assert adviser.photo is None


def test_png_text_chunks_are_dropped():
    clean = photos.strip_png(PNG)
    assert (
        b"tEXt" not in clean
        and b"GPS" not in clean
        and b"IHDR" in clean
        and clean.endswith(b"IEND\xaeB`\x82")
    )
    with pytest.raises(ValidationError):
        photos.strip_png(PNG[:-6])


def test_the_photo_of_an_adviser_whose_contract_ended_is_not_served(published, regions):
    from fazhi.core.attachments import content_file

    adviser = published.adviser
    photos.attach_photo(adviser, content_file(tiny_jpeg(), "zhou.jpg"), None)
    url = f"/public/{regions.town.code}/advisers/{adviser.pk}/photo/"
    assert Client().get(url).status_code == 200
    Adviser.objects.filter(pk=adviser.pk).update(contract_end=dt.date.today() - dt.timedelta(days=1))
    assert Client().get(url).status_code == 404
    # nor through another town's portal
    assert Client().get(f"/public/{regions.other_town.code}/advisers/{adviser.pk}/photo/").status_code == 404
