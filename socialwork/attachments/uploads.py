"""What an upload becomes before it is sealed: a photo re-encoded (long side at
most ATTACHMENT_PHOTO_MAX_SIDE, JPEG, EXIF orientation applied, every EXIF and
GPS tag dropped), a PDF as it came. The type is read from the bytes, never
from the name or the browser's word."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

PDF = "application/pdf"
JPEG = "image/jpeg"
# What phones and scanners send; Pillow reads them all without plugins.
_PHOTO_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF", "BMP", "TIFF"}


@dataclass(frozen=True)
class Prepared:
    content: bytes
    content_type: str
    name: str


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_MB * 1024 * 1024


def bad_type() -> ValidationError:
    return ValidationError(
        _("Chỉ nhận ảnh chụp (JPEG, PNG, WebP) hoặc tệp PDF."), code="attachment_type"
    )


def prepare(upload) -> Prepared:
    """The bytes to keep for an uploaded file, or a ValidationError saying why not."""
    if upload is None:
        raise ValidationError(_("Hãy chọn tệp cần đính kèm."), code="attachment_missing")
    if not upload.size:
        raise ValidationError(_("Tệp rỗng: hãy chọn lại tệp."), code="attachment_empty")
    if upload.size > max_bytes():
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB): tối đa %(limit)s MB.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}", "limit": settings.ATTACHMENT_MAX_MB},
            code="attachment_too_big",
        )
    data = upload.read()
    name = _clean_name(getattr(upload, "name", "") or "")
    if data.startswith(b"%PDF-"):
        return Prepared(data, PDF, _with_suffix(name, ".pdf"))
    return Prepared(_photo(data), JPEG, _with_suffix(name, ".jpg"))


def _photo(data: bytes) -> bytes:
    side = settings.ATTACHMENT_PHOTO_MAX_SIDE
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in _PHOTO_FORMATS:
                raise bad_type()
            # A large JPEG decodes straight at a fraction of its size: less memory.
            image.draft("RGB", (side, side))
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((side, side), Image.Resampling.LANCZOS)
            if upright.mode in ("RGBA", "LA", "P"):
                upright = upright.convert("RGBA")
                flat = Image.new("RGB", upright.size, "white")
                flat.paste(upright, mask=upright.getchannel("A"))
                upright = flat
            elif upright.mode != "RGB":
                upright = upright.convert("RGB")
            out = io.BytesIO()
            # No exif= nor icc_profile=: the new file carries no tag of the old one.
            upright.save(out, "JPEG", quality=settings.ATTACHMENT_PHOTO_QUALITY, optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        raise bad_type() from None


def _clean_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r'[\x00-\x1f"<>|:*?]', "", name).strip(" .")
    return name[:150] or "tai-lieu"


def _with_suffix(name: str, suffix: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'tai-lieu'}{suffix}"
