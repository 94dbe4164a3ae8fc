"""The comparison PDF speaks the reader's language: its labels, methodology, dates and numbers come
from the catalogue and locale it is given; names, notes and answers stay as typed."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from babel.support import NullTranslations

from hiring.reports import pdf
from tests.reports.sample import NAMES, make_comparison

SPANISH = {
    "Candidate comparison": "Comparación de candidatos",
    "Methodology": "Metodología",
    "Generated %(when)s": "Generado el %(when)s",
    "page %(page)s of %(pages)s": "página %(page)s de %(pages)s",
    "Confidential — candidate personal data": "Confidencial: datos personales de candidatos",
}


class Catalogue(NullTranslations):
    """A catalogue holding a few translations, as a compiled one would."""

    def __init__(self, messages: dict[str, str]):
        super().__init__()
        self.messages = messages

    def gettext(self, message):
        return self.messages.get(message, message)

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_pdf_is_in_the_language_it_is_asked_for(tmp_path):
    comparison = make_comparison(3)
    path = tmp_path / "es.pdf"
    path.write_bytes(pdf.build_comparison_pdf(comparison, Catalogue(SPANISH), "es"))
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Comparación de candidatos" in text and "Metodología" in text
    assert "Confidencial: datos personales de candidatos" in text and "página 1 de" in text
    assert "Generado el 4 mar 2026" in text  # the month in Spanish, by Babel
    first = comparison.candidates[0]
    assert f"{first.total:.2f}".replace(".", ",") in text  # a decimal comma
    assert f"{first.total:.2f}" not in text
    assert "Candidate comparison" not in text and "Generated" not in text
    assert NAMES[0] in text  # names as typed
