from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageDraw

from seafarers_home.inquiries.actions.asking import do_ask_question
from seafarers_home.inquiries.models import Category, Question
from tests.personas import World, give_health_consent, login

BODY = "出海第三天开始一直头疼,晚上睡不好,吃了两次布洛芬没有好转,想问问怎么办。"


def photo_image(size: tuple[int, int] = (1600, 1200)) -> Image.Image:
    """Something like a phone photo: a gradient, a shape and some sensor noise."""
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    noise = Image.effect_noise(size, 25).convert("RGB")
    image = Image.blend(base, noise, 0.3)
    ImageDraw.Draw(image).ellipse((size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2), "red")
    return image


def jpeg_bytes(size: tuple[int, int] = (1600, 1200), *, exif: Image.Exif | None = None) -> bytes:
    out = io.BytesIO()
    extra: dict[str, Any] = {"exif": exif.tobytes()} if exif is not None else {}
    photo_image(size).save(out, "JPEG", quality=92, **extra)
    return out.getvalue()


def gps_exif(orientation: int = 1) -> Image.Exif:
    """EXIF with a camera model, an orientation and a GPS position (Zhoushan harbour)."""
    exif = Image.Exif()
    exif[0x0110] = "Haiyuan Phone 9"  # Model
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (29.0, 59.0, 7.0), 3: "E", 4: (122.0, 12.0, 30.0)}
    return exif


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


def ask(seafarer: Any, **overrides: Any) -> Question:
    fields: dict[str, Any] = {"category": Category.PHYSICAL, "title": "头疼睡不好", "body": BODY}
    fields.update(overrides)
    return do_ask_question(seafarer, **fields)


@pytest.fixture
def seafarer_client(world: World) -> Client:
    give_health_consent(world.seafarer)
    return login(Client(), world.seafarer)


@pytest.fixture
def seafarer_b_client(world: World) -> Client:
    give_health_consent(world.seafarer_b)
    return login(Client(), world.seafarer_b)
