"""Re-encoding a seafarer's photo before it is stored: cheap to view over satellite, nothing
hidden in it.

The upload is decoded in full (a renamed PDF or a truncated file fails here, not in a
clinician's browser), refused when its header promises more pixels than ``MAX_PIXELS`` (a
decompression bomb: a few KB of PNG that would inflate to gigabytes) before any pixel is
decoded, turned upright by its EXIF orientation, shrunk to at most ``MAX_SIDE`` pixels on the
long side, copied onto a fresh RGB canvas (so no EXIF, GPS, XMP, ICC profile or comment
survives) and written as a baseline JPEG. The original bytes are never stored.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_INPUT_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel phone photo; bombs claim hundreds of millions
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


def reencode_photo(uploaded: Upload | bytes) -> ReencodedPhoto:
    """Decode, check, orient, shrink and re-encode one photo. Raises ``PhotoError``."""
    raw = read_upload(uploaded)
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
            if width * height > MAX_PIXELS:
                raise PhotoError(bomb_message())
            # JPEG can decode at 1/2, 1/4, 1/8 scale directly: less memory and time.
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image.load()
            return _clean_copy(image)
        except PhotoError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoError(bomb_message()) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise PhotoError(not_an_image_message()) from None


def bomb_message() -> str:
    return _("照片的像素太多,无法处理。请换一张普通的照片。")


def _clean_copy(image: Image.Image) -> ReencodedPhoto:
    upright = ImageOps.exif_transpose(image) or image
    if upright.mode in ("RGBA", "LA") or (upright.mode == "P" and "transparency" in upright.info):
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
