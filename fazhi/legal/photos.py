"""The 公示牌 photo of a legal adviser: a JPEG or PNG published on the portal, stored only after
its metadata is stripped — a phone's EXIF block carries the GPS position where the picture was
taken, the time and the device. Core's attachment checks (size, type, content matching the
extension) run on the stripped file through `attachments.attach`.

Written by hand (a few dozen lines) because the project has no imaging library (Pillow is not a
dependency): the stripping keeps the image data byte for byte and drops only metadata segments
(JPEG APP1 Exif/XMP, APP13 IPTC, APP3–APP12, APP15 and comments; PNG eXIf, tEXt, zTXt, iTXt
and tIME chunks). Core could own this for every published photo (Open311's media too).
"""

from __future__ import annotations

import struct

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from fazhi.core import attachments

JPEG_SOI = b"\xff\xd8"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG markers kept before the scan: APP0 (JFIF), APP2 (ICC colour profile), APP14 (Adobe colour
# transform), and every non-APP segment (tables, frame header). Dropped: other APPn and COM.
_JPEG_KEPT_APPS = {0xE0, 0xE2, 0xEE}
_PNG_DROPPED = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}


def _refused() -> ValidationError:
    return ValidationError(_("公示牌照片应为 JPEG 或 PNG 图片，且文件完整"), code="photo_type")


def strip_jpeg(data: bytes) -> bytes:
    if not data.startswith(JPEG_SOI):
        raise _refused()
    out = bytearray(JPEG_SOI)
    i = 2
    while i < len(data):
        if data[i] != 0xFF:
            raise _refused()
        marker = data[i + 1] if i + 1 < len(data) else None
        if marker is None:
            raise _refused()
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xD9:  # EOI without a scan
            out += data[i : i + 2]
            return bytes(out)
        if marker == 0xDA:  # start of scan: the image data and everything after it, verbatim
            out += data[i:]
            return bytes(out)
        if i + 4 > len(data):
            raise _refused()
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        end = i + 2 + length
        if length < 2 or end > len(data):
            raise _refused()
        is_app = 0xE0 <= marker <= 0xEF
        if not (marker == 0xFE or (is_app and marker not in _JPEG_KEPT_APPS)):
            out += data[i:end]
        i = end
    raise _refused()


def strip_png(data: bytes) -> bytes:
    if not data.startswith(PNG_SIGNATURE):
        raise _refused()
    out = bytearray(PNG_SIGNATURE)
    i = len(PNG_SIGNATURE)
    while i + 8 <= len(data):
        (length,) = struct.unpack(">I", data[i : i + 4])
        kind = data[i + 4 : i + 8]
        end = i + 12 + length
        if end > len(data):
            raise _refused()
        if kind not in _PNG_DROPPED:
            out += data[i:end]
        i = end
        if kind == b"IEND":
            return bytes(out)
    raise _refused()


def stripped(upload) -> File:
    """The uploaded photo without its metadata, as a file named like the upload."""
    upload.seek(0)
    data = upload.read()
    name = (upload.name or "photo").rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in ("jpg", "jpeg"):
        clean = strip_jpeg(data)
    elif extension == "png":
        clean = strip_png(data)
    else:
        raise _refused()
    return attachments.content_file(clean, name)


def attach_photo(adviser, upload, user):
    """Strip, check and store the photo as an attachment of `adviser` and make it the 公示牌
    photo (the adviser row's change is ledgered like any save)."""
    photo = attachments.attach(stripped(upload), owner=adviser, user=user, caption=_("公示牌照片"))
    adviser.photo = photo
    adviser.save(update_fields=["photo"])
    return photo
