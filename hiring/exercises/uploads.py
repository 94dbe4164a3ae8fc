"""Checking and storing a candidate's uploaded design. Pure: bytes in, checked bytes out.

Files are judged by their content, never their name: PNG, JPEG and PDF are accepted; images are
decoded and re-encoded so nothing but pixels survives (no EXIF, no GPS, no text chunks); PDFs are
parsed and re-written without scripts, actions, attachments or metadata (`pdfsafety`); the
stored copy gets a random name in a folder outside any static path.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from hiring.exercises.pdfsafety import PdfRefused, sanitised_pdf
from hiring.i18n import N_


class UploadRefused(ValueError):
    """Why a file was refused. `template` and `params` let the page translate the message."""

    def __init__(self, template: str, **params):
        self.template, self.params = template, params
        self.message = template % params if params else template
        super().__init__(self.message)


@dataclass(frozen=True)
class CheckedUpload:
    kind: str  # png | jpeg | pdf
    mime: str
    data: bytes
    width: int | None
    height: int | None

    @property
    def size(self) -> int:
        return len(self.data)


MIME = {"png": "image/png", "jpeg": "image/jpeg", "pdf": "application/pdf"}
#: Kinds decoded and re-encoded on upload: only their pixels are stored, so pages may show them inline.
REENCODED_KINDS = frozenset({"png", "jpeg"})
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg|pdf)$")


def sniff(data: bytes) -> str:
    """What the bytes are, by their signature: png, jpeg, pdf, or a name for a refused kind."""
    head = data[:512].lstrip()
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data.startswith(b"PK\x03\x04"):
        return "ZIP or Office document"
    if data.startswith((b"MZ", b"\x7fELF")):
        return "program"
    lowered = head[:256].lower()
    if b"<svg" in lowered or lowered.startswith(b"<?xml"):
        return "SVG image"
    if b"<html" in lowered or b"<!doctype" in lowered or b"<script" in lowered:
        return "web page"
    return "unknown"


def check_upload(data: bytes, *, accept=("png", "jpeg", "pdf"), max_bytes: int = 10 * 2**20,
                 max_pixels: int = 40_000_000) -> CheckedUpload:
    allowed = ", ".join(k.upper() for k in accept)
    if not data:
        raise UploadRefused(N_("The file is empty."))
    if len(data) > max_bytes:
        raise UploadRefused(N_("The file is larger than %(mb)s MB."), mb=round(max_bytes / 2**20, 1))
    kind = sniff(data)
    if kind not in ("png", "jpeg", "pdf"):
        raise UploadRefused(N_("This file is a %(kind)s, not an image or PDF. Upload a %(allowed)s file."),
                            kind=kind if kind != "unknown" else "file of an unknown type", allowed=allowed)
    if kind not in accept:
        raise UploadRefused(N_("This exercise accepts %(allowed)s files."), allowed=allowed)
    if kind == "pdf":
        return _checked_pdf(data, max_pixels)
    return _reencoded_image(data, kind, max_pixels)


def _declared_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """A PNG's width and height from its IHDR chunk, read before any decoder touches the file."""
    if kind == "png" and len(data) >= 24 and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    return None


def _too_many_pixels(width: int, height: int, max_pixels: int) -> UploadRefused:
    return UploadRefused(N_("The image is %(width)s × %(height)s pixels; the limit is %(limit)s million pixels."),
                         width=width, height=height, limit=round(max_pixels / 1e6))


def _reencoded_image(data: bytes, kind: str, max_pixels: int) -> CheckedUpload:
    declared = _declared_size(data, kind)
    if declared and declared[0] * declared[1] > max_pixels:
        raise _too_many_pixels(*declared, max_pixels)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))  # reads the header only
            width, height = image.size
            if width * height > max_pixels:
                raise _too_many_pixels(width, height, max_pixels)
            image.load()
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise UploadRefused(N_("The image declares far more pixels than allowed (the limit is %(limit)s "
                               "million pixels)."), limit=round(max_pixels / 1e6)) from err
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as err:
        raise UploadRefused(N_("The image could not be read. Export it again as PNG or JPEG.")) from err
    image = ImageOps.exif_transpose(image)
    # A fresh image holds only pixels: EXIF, GPS, XMP and text chunks stay behind.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    if image.mode == "P" and image.getpalette():
        clean.putpalette(image.getpalette())
    out = io.BytesIO()
    if kind == "jpeg":
        clean = clean.convert("RGB") if clean.mode not in ("RGB", "L") else clean
        clean.save(out, "JPEG", quality=90, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return CheckedUpload(kind, MIME[kind], out.getvalue(), clean.width, clean.height)


def _checked_pdf(data: bytes, max_pixels: int) -> CheckedUpload:
    """The re-written copy, without active content (`pdfsafety`): that copy is what gets stored."""
    if b"%%EOF" not in data[-2048:]:  # cut off in transfer: qpdf would repair it with pages missing
        raise UploadRefused(N_("The PDF is incomplete or damaged. Export it again."))
    try:
        clean = sanitised_pdf(data, max_pixels=max_pixels)
    except PdfRefused as err:
        raise UploadRefused(err.template, **err.params) from err
    return CheckedUpload("pdf", MIME["pdf"], clean, None, None)
