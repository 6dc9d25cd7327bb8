"""Re-encoding photos: small, upright, no metadata; anything that is not a real, sane image
is refused with a translated message."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from PIL import Image

from seafarers_home.inquiries.photos import MAX_INPUT_BYTES, PhotoError, reencode_photo
from tests.inquiries_asking.conftest import gps_exif, jpeg_bytes, upload


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_it_strips_exif_and_gps_and_shrinks_the_photo() -> None:
    original = jpeg_bytes((2000, 1500), exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the input has GPS

    photo = reencode_photo(upload(original))

    stored = Image.open(io.BytesIO(photo.data))
    assert stored.format == "JPEG"
    assert (photo.width, photo.height) == stored.size == (1024, 768)
    assert len(stored.getexif()) == 0
    assert "exif" not in stored.info and "icc_profile" not in stored.info
    assert b"Exif" not in photo.data and b"Haiyuan" not in photo.data
    assert photo.byte_size < 100 * 1024 < len(original)


def test_it_turns_the_photo_upright_by_its_exif_orientation() -> None:
    # Orientation 6: the camera was held on its side; the viewer must rotate 90° clockwise.
    photo = reencode_photo(jpeg_bytes((1600, 800), exif=gps_exif(orientation=6)))
    assert (photo.width, photo.height) == (512, 1024)


def test_it_flattens_a_transparent_png_onto_white() -> None:
    image = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    photo = reencode_photo(_png(image))
    stored = Image.open(io.BytesIO(photo.data)).convert("RGB")
    assert stored.size == (300, 200)  # small photos are not enlarged
    assert stored.getpixel((10, 10)) >= (250, 250, 250)


def test_it_refuses_a_renamed_pdf() -> None:
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    with translation.override("zh-hans"), pytest.raises(PhotoError) as refused:
        reencode_photo(upload(pdf, name="photo.jpg"))
    assert "不是可以识别的照片" in refused.value.message


def test_it_refuses_a_truncated_jpeg() -> None:
    data = jpeg_bytes((800, 600))
    with pytest.raises(PhotoError):
        reencode_photo(data[: len(data) // 2])


def test_it_refuses_a_decompression_bomb_before_decoding_it() -> None:
    # 144 million pixels in a PNG of a few KB: decoded as RGB it would take 430 MB.
    bomb = _png(Image.new("1", (12_000, 12_000)))
    assert len(bomb) < 100_000
    with translation.override("zh-hans"), pytest.raises(PhotoError) as refused:
        reencode_photo(bomb)
    assert "像素太多" in refused.value.message


def test_it_refuses_a_file_over_the_size_limit_without_decoding() -> None:
    with translation.override("en"), pytest.raises(PhotoError) as refused:
        reencode_photo(upload(b"\xff\xd8" + b"\0" * MAX_INPUT_BYTES))
    assert "10 MB" in refused.value.message


def test_it_refuses_an_empty_file() -> None:
    with pytest.raises(PhotoError):
        reencode_photo(upload(b""))
