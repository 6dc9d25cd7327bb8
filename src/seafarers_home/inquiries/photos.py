"""Re-encoding a seafarer's photo before it is stored: cheap to view over satellite, nothing
hidden in it.

The upload is decoded (a renamed PDF or a truncated file fails here, not in a clinician's
browser), refused by the pixel count its header promises before any pixel is decoded, turned
upright by its EXIF orientation, shrunk to at most ``MAX_SIDE`` pixels on the long side, copied
onto a fresh RGB canvas (so no EXIF, GPS, XMP, ICC profile or comment survives) and written as
a JPEG. The original bytes are never stored.

Memory (issue 18 item 6: three 7000 × 7000 PNGs of ~200 KB each peaked a server at ~930 MB):

- A JPEG is decoded at 1/2, 1/4 or 1/8 scale by the decoder itself (``Image.draft``), so a
  50-megapixel phone photo costs a few MB; it may have up to ``MAX_PIXELS``.
- Every other format decodes at full size, so it may have at most ``MAX_FULL_DECODE_PIXELS``
  (a phone screenshot or a 16 MP photo saved as PNG passes; a 7000 × 7000 PNG does not). It is
  shrunk by an integer factor (``Image.reduce``) straight after decoding, before the copies
  that orienting and converting make.
- At most ``PHOTO_DECODE_CONCURRENCY`` photos are decoded at once per server process; a photo
  that waits longer than ``PHOTO_DECODE_WAIT_SECONDS`` for a slot is refused with a "busy,
  please retry" message (the form keeps the question's text).

``bench/photo_memory.py`` measures the peak before and after (figures in bench/README.md).
"""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_INPUT_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel phone photo; bombs claim hundreds of millions
# Formats that decode only at full size (PNG, WebP, GIF, BMP): ~20 MP costs at most 80 MB as
# RGBA while it is shrunk; phones write their camera photos as JPEG (or HEIC, sent as JPEG).
MAX_FULL_DECODE_PIXELS = 20_000_000
# Formats whose decoder can skip pixels (``Image.draft``).
DRAFT_FORMATS = frozenset({"JPEG", "MPO"})
MAX_SIDE = 1024
JPEG_QUALITY = 70
# Above this the photo is written again at a lower quality (noisy night shots, fine patterns).
TARGET_BYTES = 120 * 1024
FALLBACK_QUALITY = 55
ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "GIF", "BMP"})


class PhotoError(ValueError):
    """The upload is not a photo we can take; the message is translated, for the seafarer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Upload(Protocol):
    size: int | None

    def read(self, size: int = -1) -> bytes: ...


@dataclass(frozen=True)
class ReencodedPhoto:
    data: bytes
    width: int
    height: int

    @property
    def byte_size(self) -> int:
        return len(self.data)


def read_upload(uploaded: Upload | bytes) -> bytes:
    """The upload's bytes, refusing anything over ``MAX_INPUT_BYTES`` without reading it all."""
    if isinstance(uploaded, bytes):
        raw = uploaded
    else:
        if uploaded.size is not None and uploaded.size > MAX_INPUT_BYTES:
            raise PhotoError(too_large_message())
        if hasattr(uploaded, "seek"):
            uploaded.seek(0)
        raw = uploaded.read(MAX_INPUT_BYTES + 1)
    if len(raw) > MAX_INPUT_BYTES:
        raise PhotoError(too_large_message())
    if not raw:
        raise PhotoError(_("照片是空文件。"))
    return raw


def too_large_message() -> str:
    return _("照片太大:每张不能超过 %(mb)d MB。") % {"mb": MAX_INPUT_BYTES // (1024 * 1024)}


def not_an_image_message() -> str:
    return _("这个文件不是可以识别的照片(支持 JPEG、PNG、WebP、GIF)。")


def busy_message() -> str:
    return _("现在同时上传照片的人较多,请稍等一分钟再提交。您写的内容没有丢失。")


_slots_lock = threading.Lock()
_slots: tuple[int, threading.BoundedSemaphore] | None = None


def _decode_slots() -> threading.BoundedSemaphore:
    """The process's semaphore, sized by PHOTO_DECODE_CONCURRENCY (made again if it changes)."""
    global _slots
    size = max(1, settings.PHOTO_DECODE_CONCURRENCY)
    with _slots_lock:
        if _slots is None or _slots[0] != size:
            _slots = (size, threading.BoundedSemaphore(size))
        return _slots[1]


@contextmanager
def decode_slot() -> Iterator[None]:
    """Hold one of the process's decode slots; ``PhotoError`` (busy) if none frees in time."""
    slots = _decode_slots()
    if not slots.acquire(timeout=settings.PHOTO_DECODE_WAIT_SECONDS):
        raise PhotoError(busy_message())
    try:
        yield
    finally:
        slots.release()


def reencode_photo(uploaded: Upload | bytes) -> ReencodedPhoto:
    """Decode, check, orient, shrink and re-encode one photo. Raises ``PhotoError``."""
    raw = read_upload(uploaded)
    with decode_slot():
        return _reencode(raw)


def _reencode(raw: bytes) -> ReencodedPhoto:
    with warnings.catch_warnings():
        # Pillow warns before it refuses: treat its warning as the refusal it announces.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(raw))
            if image.format not in ACCEPTED_FORMATS:
                raise PhotoError(not_an_image_message())
            width, height = image.size
            if width <= 0 or height <= 0:
                raise PhotoError(not_an_image_message())
            downscaled = image.format in DRAFT_FORMATS
            if width * height > (MAX_PIXELS if downscaled else MAX_FULL_DECODE_PIXELS):
                raise PhotoError(bomb_message())
            orientation = image.getexif().get(ORIENTATION_TAG, 1)
            if downscaled:
                # The decoder skips pixels: a 1/2, 1/4 or 1/8 scale image, still at least the
                # final size (asked for with the photo's own proportions, or it stays too big).
                scale = MAX_SIDE / max(width, height)
                image.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
            image.load()
            return _clean_copy(_reduced(image), orientation)
        except PhotoError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoError(bomb_message()) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise PhotoError(not_an_image_message()) from None


def bomb_message() -> str:
    return _("照片的像素太多,无法处理。请换一张普通的照片。")


ORIENTATION_TAG = 0x0112
# EXIF orientation -> the transposition that turns the picture upright (as ImageOps does).
_UPRIGHT = {
    2: (Image.Transpose.FLIP_LEFT_RIGHT,),
    3: (Image.Transpose.ROTATE_180,),
    4: (Image.Transpose.FLIP_TOP_BOTTOM,),
    5: (Image.Transpose.TRANSPOSE,),
    6: (Image.Transpose.ROTATE_270,),
    7: (Image.Transpose.TRANSVERSE,),
    8: (Image.Transpose.ROTATE_90,),
}


def _reduced(image: Image.Image) -> Image.Image:
    """Shrink by an integer factor at once, so that the copies made to orient and convert are
    small; ``thumbnail`` later does the fine resampling from at least twice the target."""
    factor = max(image.size) // (2 * MAX_SIDE)
    if factor < 2:
        return image
    if image.mode not in ("L", "LA", "RGB", "RGBA", "I", "F"):
        # reduce() does not take palette or 1-bit images; these are one byte a pixel or less.
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    return image.reduce(factor)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)


def _clean_copy(image: Image.Image, orientation: int) -> ReencodedPhoto:
    upright = image
    for method in _UPRIGHT.get(orientation, ()):
        upright = upright.transpose(method)
    if _has_alpha(upright):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
    else:
        flat = upright.convert("RGB")
    flat.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A fresh canvas has an empty ``info``: nothing of the original's metadata can follow.
    canvas = Image.new("RGB", flat.size)
    canvas.paste(flat)
    data = _encode(canvas, JPEG_QUALITY)
    if len(data) > TARGET_BYTES:
        data = _encode(canvas, FALLBACK_QUALITY)
    return ReencodedPhoto(data=data, width=canvas.width, height=canvas.height)


def _encode(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()
