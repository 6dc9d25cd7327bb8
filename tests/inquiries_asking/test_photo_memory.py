"""Photo decoding within bounded memory (issue 18 item 6): huge formats that can only be
decoded at full size are refused before decoding, large phone JPEGs are decoded downscaled and
accepted, and a process decodes only a few photos at once. Peak memory is in
bench/photo_memory.py, not here."""

from __future__ import annotations

import io
import threading
from typing import Any

from django.conf import settings
from django.test import Client
from PIL import Image, ImageDraw

from seafarers_home.inquiries.models import Question, QuestionPhoto
from seafarers_home.inquiries.photos import decode_slot, reencode_photo
from tests.inquiries_asking.conftest import BODY, gps_exif, upload


def _form(**extra: Any) -> dict[str, Any]:
    return {
        "key": "photo-memory-1",
        "category": "physical",
        "title": "手上的伤口",
        "body": BODY,
        "age_band": "35_44",
        "duration": "days",
        "location": "at_sea",
        **extra,
    }


def _big(size: tuple[int, int]) -> Image.Image:
    """A large but highly compressible picture, like the attack's ~200 KB 7000 × 7000 PNG."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    ImageDraw.Draw(image).ellipse((size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2), "red")
    return image


def _encoded(image: Image.Image, kind: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def test_a_7000_square_png_is_refused_in_english_and_nothing_is_stored(
    seafarer_client: Client,
) -> None:
    png = _encoded(_big((7000, 7000)), "PNG")
    assert len(png) < 300 * 1024  # the attack: small on the wire, 147 MB once decoded
    seafarer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = seafarer_client.post(
        "/inquiries/ask/", _form(photos=[upload(png, "big.png", "image/png")])
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Photo 1" in html or "photo 1" in html
    assert "too many pixels" in html
    assert not Question.objects.exists() and not QuestionPhoto.objects.exists()


def test_a_24_megapixel_phone_jpeg_is_accepted(seafarer_client: Client) -> None:
    # 24 MP is above the limit for formats decoded at full size; a JPEG decodes downscaled.
    jpeg = _encoded(_big((6000, 4000)), "JPEG", quality=90)

    response = seafarer_client.post("/inquiries/ask/", _form(photos=[upload(jpeg)]))

    assert response.status_code == 302
    photo = QuestionPhoto.objects.get()
    assert (photo.width, photo.height) == (1024, 683)
    assert Image.open(io.BytesIO(bytes(photo.image))).size == (1024, 683)


def test_the_same_size_as_png_is_refused(seafarer_client: Client) -> None:
    png = _encoded(_big((6000, 4000)), "PNG")
    response = seafarer_client.post(
        "/inquiries/ask/", _form(photos=[upload(png, "big.png", "image/png")])
    )
    assert response.status_code == 400
    assert "像素太多" in response.content.decode()
    assert not QuestionPhoto.objects.exists()


def test_a_large_png_is_reduced_and_still_turned_upright() -> None:
    # 4200 × 2100 is shrunk by reduce() before orienting; orientation 6 = rotate 90° clockwise.
    png = _encoded(_big((4200, 2100)), "PNG", exif=gps_exif(orientation=6).tobytes())
    photo = reencode_photo(png)
    assert (photo.width, photo.height) == (512, 1024)
    stored = Image.open(io.BytesIO(photo.data)).convert("RGB")
    # The red ellipse sat in the upper-left quarter; turned clockwise it is in the upper right.
    x, y = stored.width * 3 // 4 - stored.width // 8, stored.height * 3 // 8
    red, green, _blue = stored.getpixel((x, y))
    assert red > 200 and green < 80


def test_a_photo_waits_for_a_free_decode_slot_then_asks_to_retry(
    seafarer_client: Client, settings: Any
) -> None:
    settings.PHOTO_DECODE_CONCURRENCY = 1
    settings.PHOTO_DECODE_WAIT_SECONDS = 0.2
    jpeg = _encoded(_big((1600, 1200)), "JPEG")
    holding, release = threading.Event(), threading.Event()

    def hold_the_only_slot() -> None:
        with decode_slot():
            holding.set()
            release.wait(10)

    other_request = threading.Thread(target=hold_the_only_slot)
    other_request.start()
    try:
        assert holding.wait(5)
        response = seafarer_client.post("/inquiries/ask/", _form(photos=[upload(jpeg)]))
    finally:
        release.set()
        other_request.join()

    assert response.status_code == 400
    html = response.content.decode()
    assert "同时上传照片的人较多" in html and 'value="手上的伤口"' in html
    assert not Question.objects.exists()
    # The slot is free again: the same submission goes through.
    response = seafarer_client.post("/inquiries/ask/", _form(photos=[upload(jpeg)]))
    assert response.status_code == 302
    assert QuestionPhoto.objects.count() == 1
