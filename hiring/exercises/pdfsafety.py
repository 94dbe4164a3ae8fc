"""Making an uploaded PDF safe to hand to a reviewer. Pure: PDF bytes in, re-written PDF bytes out.

A byte search for `/JavaScript` is easy to dodge (`/#4Aava#53cript` is the same name), so the file is
parsed by qpdf (through pikepdf), which decodes name escapes, object streams and encryption. Every
object reachable from the trailer is then walked, and what can act rather than show is removed:

- document and page actions: `/OpenAction`, every `/AA` (additional actions: on catalog, pages,
  annotations, form fields), the `/Names` `/JavaScript` tree, `/JS` anywhere;
- actions that run, open or send something (JavaScript, Launch, SubmitForm, ImportData, GoToR,
  GoToE, Rendition, Movie, Sound, RichMediaExecute): the slot holding them (`/A`, `/Next`) is
  dropped and the action dictionary emptied wherever else it is referenced;
- links to anything but http(s) and mailto (`javascript:`, `file:`, `smb:`…); web links stay, as
  in any portfolio: reviewers open the file in the browser's sandboxed PDF viewer;
- embedded files (`/EmbeddedFiles` tree, `/EF` of file specifications, `/AF`), XFA forms (`/XFA`,
  `/NeedsRendering`), portfolios (`/Collection`);
- annotations that play or carry something (FileAttachment, Sound, Movie, Screen, RichMedia, 3D);
- who made it: the document information dictionary and XMP `/Metadata` (the author is often the
  candidate's name, and reviews are blind) and `/PieceInfo` (an editor's private copy of the file).

What is stored is qpdf's re-written copy (linearised, object streams regenerated, unreachable
objects and anything outside the object structure dropped), so a viewer reads what was checked,
not a file that a different parser might read differently.

Size guards, besides the upload's byte limit: at most `MAX_PAGES` pages and `MAX_OBJECTS` objects;
every stream is decoded once, each to at most `MAX_STREAM_BYTES` (qpdf's own decoder limits stop
a Flate bomb while it inflates) and all of them together to `MAX_DECODED_BYTES`; an image inside
the PDF obeys the same pixel limit as an uploaded image.
"""

from __future__ import annotations

import io
import re

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from hiring.i18n import N_

MAX_PAGES = 50
MAX_OBJECTS = 100_000  # dictionaries and arrays walked, direct ones included
MAX_STREAM_BYTES = 128 * 2**20  # one stream decoded: a 40-megapixel RGB image is 120 MB
MAX_DECODED_BYTES = 256 * 2**20  # all streams decoded
MAX_WARNINGS = 500  # qpdf gives up on a file this damaged rather than repairing it for minutes

# Process-wide, and this module is pikepdf's only user: qpdf stops decoding a stream past these.
pikepdf.settings.set_qpdf_limits(
    flate_max_memory=MAX_STREAM_BYTES, run_length_max_memory=MAX_STREAM_BYTES,
    png_max_memory=MAX_STREAM_BYTES, tiff_max_memory=MAX_STREAM_BYTES, dct_max_memory=MAX_STREAM_BYTES,
    doc_max_warnings=MAX_WARNINGS,
)

#: Keys whose value is active content, a hidden file, or who made the file: removed wherever found.
REMOVED_KEYS = tuple(Name(f"/{key}") for key in (
    "OpenAction", "AA", "JS", "JavaScript", "EmbeddedFiles", "EF", "RF", "AF", "XFA", "NeedsRendering",
    "Collection", "Metadata", "PieceInfo"))
#: Action types (`/S`) that run code, open a file or a program, or send data somewhere.
ACTIVE_ACTIONS = frozenset(Name(f"/{kind}") for kind in (
    "JavaScript", "Launch", "SubmitForm", "ImportData", "GoToR", "GoToE", "Rendition", "Movie", "Sound",
    "RichMediaExecute"))
#: Annotation subtypes that carry a file or play media.
ACTIVE_ANNOTATIONS = frozenset(Name(f"/{kind}") for kind in (
    "FileAttachment", "Sound", "Movie", "Screen", "RichMedia", "3D"))
#: Slots that hold an action (or, for /Next, an action or a list of them).
ACTION_SLOTS = (Name.A, Name.Next, Name("/PA"))
#: Filters qpdf does not decode (or, for JPEG, need not): the data goes to the viewer as it is.
IMAGE_CODECS = frozenset(Name(f"/{name}") for name in ("DCTDecode", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode"))
SAFE_LINK = re.compile(rb"^(https?://|mailto:)", re.IGNORECASE)


class PdfRefused(ValueError):
    """Why a PDF was refused; `template` and `params` as in `UploadRefused`."""

    def __init__(self, template: str, **params):
        self.template, self.params = template, params
        super().__init__(template % params if params else template)


def sanitised_pdf(data: bytes, *, max_pixels: int = 40_000_000) -> bytes:
    """The PDF re-written without active content, embedded files or metadata; PdfRefused if it
    cannot be read, needs a password, or is too large once parsed."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as err:
        raise PdfRefused(N_("The PDF is protected by a password. Export it again without one.")) from err
    except (pikepdf.PdfError, ValueError, RuntimeError) as err:
        raise PdfRefused(N_("The PDF is incomplete or damaged. Export it again.")) from err
    with pdf:
        try:
            pages = len(pdf.pages)
            if pages == 0:
                raise PdfRefused(N_("The PDF is incomplete or damaged. Export it again."))
            if pages > MAX_PAGES:
                raise PdfRefused(N_("The PDF has %(pages)s pages; the limit is %(limit)s."),
                                 pages=pages, limit=MAX_PAGES)
            _strip_active_content(pdf, max_pixels)
            out = io.BytesIO()
            # encryption=False: a PDF with only an owner password (no password to open) is stored
            # decrypted, so what a reviewer opens is exactly what was checked.
            pdf.save(out, linearize=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                     encryption=False, deterministic_id=True, fix_metadata_version=False)
        except PdfRefused:
            raise
        except (pikepdf.PdfError, ValueError, RuntimeError, RecursionError) as err:
            if "limit exceeded" in str(err):  # one of qpdf's decoder limits set above
                raise _too_large() from err
            raise PdfRefused(N_("The PDF is incomplete or damaged. Export it again.")) from err
    return out.getvalue()


def _too_large() -> PdfRefused:
    return PdfRefused(N_("The PDF is too large or complex once unpacked. Export it again, with smaller "
                         "images or fewer pages."))


def _strip_active_content(pdf: pikepdf.Pdf, max_pixels: int) -> None:
    """Walk every object reachable from the trailer once, removing what can act (see the module)."""
    if Name.Info in pdf.trailer:
        del pdf.trailer[Name.Info]
    seen: set[tuple[int, int]] = set()
    pending: list[pikepdf.Object] = [pdf.trailer]
    walked = decoded = 0
    while pending:
        obj = pending.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, Array):
            children = list(obj)
        elif isinstance(obj, (Dictionary, Stream)):
            _clean_dictionary(obj)
            if isinstance(obj, Stream):
                decoded += _checked_stream(pdf, obj, max_pixels)
                if decoded > MAX_DECODED_BYTES:
                    raise _too_large()
            children = [value for _key, value in obj.items()]
        else:
            continue
        walked += 1
        if walked > MAX_OBJECTS:
            raise _too_large()
        pending.extend(child for child in children if isinstance(child, (Array, Dictionary, Stream)))


def _clean_dictionary(obj: Dictionary | Stream) -> None:
    for key in REMOVED_KEYS:
        if key in obj:
            del obj[key]
    if _is_active_action(obj) or _is_active_annotation(obj):
        for key in list(obj.keys()):  # other references now point at an empty dictionary
            del obj[key]
        return
    for slot in ACTION_SLOTS:
        value = obj.get(slot)
        if isinstance(value, Array):
            kept = [action for action in value if not _is_active_action(action)]
            if len(kept) != len(value):
                obj[slot] = Array(kept)
        elif value is not None and _is_active_action(value):
            del obj[slot]
    if isinstance(obj.get(Name.Annots), Array):
        kept = [annotation for annotation in obj.Annots if not _is_active_annotation(annotation)]
        if len(kept) != len(obj.Annots):
            obj.Annots = Array(kept)


def _is_active_action(obj: pikepdf.Object) -> bool:
    if not isinstance(obj, Dictionary) or isinstance(obj, Stream):
        return False
    kind = obj.get(Name.S)
    if _one_of(kind, ACTIVE_ACTIONS):
        return True
    if kind == Name.URI:
        uri = obj.get(Name.URI)
        return not (isinstance(uri, pikepdf.String) and SAFE_LINK.match(bytes(uri)))
    return False


def _one_of(value: pikepdf.Object | None, names: frozenset[Name]) -> bool:
    """Whether `value` is one of `names` (a malformed file may put anything where a name belongs)."""
    return isinstance(value, Name) and value in names


def _is_active_annotation(obj: pikepdf.Object) -> bool:
    return (isinstance(obj, Dictionary) and not isinstance(obj, Stream)
            and _one_of(obj.get(Name.Subtype), ACTIVE_ANNOTATIONS)
            and (obj.get(Name.Type) == Name.Annot or Name.Rect in obj))


def _checked_stream(pdf: pikepdf.Pdf, stream: Stream, max_pixels: int) -> int:
    """Decode the stream once (qpdf's limits stop a bomb); return its decoded size.

    Image codecs (JPEG, JPEG 2000, JBIG2, fax) are left to the viewer, whose work the pixel limit
    bounds; any generic filters before them (e.g. ASCII85 then JPEG) are decoded here.
    """
    if stream.get(Name.Subtype) == Name.Image:
        width, height = stream.get(Name.Width, 0), stream.get(Name.Height, 0)
        if not isinstance(width, int) or not isinstance(height, int) or width * height > max_pixels:
            raise _too_large()
    filters = stream.get(Name.Filter)
    filters = list(filters) if isinstance(filters, Array) else [filters] if filters is not None else []
    if filters and _one_of(filters[-1], IMAGE_CODECS):
        if len(filters) == 1:
            return len(stream.read_raw_bytes())
        stream = _generic_part(pdf, stream, filters[:-1])
    size = len(stream.read_bytes(decode_level=pikepdf.StreamDecodeLevel.specialized))
    if size > MAX_STREAM_BYTES:
        raise _too_large()
    return size


def _generic_part(pdf: pikepdf.Pdf, stream: Stream, filters: list[pikepdf.Object]) -> Stream:
    """A scratch stream (never referenced, so never saved) with only the first `filters`."""
    part = Stream(pdf, stream.read_raw_bytes())
    part.Filter = Array(filters)
    parameters = stream.get(Name.DecodeParms)
    if isinstance(parameters, Array):
        part.DecodeParms = Array(list(parameters)[:len(filters)])
    return part
