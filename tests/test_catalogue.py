"""The catalogues hold every string the code and templates mark: `make translations` was run after
the last change, so translators see everything, and nothing is fuzzy (a guessed translation would
show to people as if it were checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from hiring.config import PROJECT_ROOT
from hiring.i18n import LANGUAGES

I18N = PROJECT_ROOT / "hiring" / "translations"


def _ids(path: Path) -> set[str]:
    with path.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


def test_the_catalogues_hold_every_marked_string_and_nothing_fuzzy(tmp_path):
    extracted = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "-q", "extract", "-F", str(I18N / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
                    "--no-wrap", "-o", str(extracted), "."], cwd=PROJECT_ROOT, check=True)
    marked = _ids(extracted)
    assert len(marked) > 700
    assert marked <= _ids(I18N / "messages.pot"), "run `make translations`"
    for language in set(LANGUAGES) - {"en"}:
        po = I18N / language / "LC_MESSAGES" / "messages.po"
        assert marked <= _ids(po), f"run `make translations` ({language})"
        with po.open("rb") as f:
            assert not [m.id for m in read_po(f) if m.id and m.fuzzy], f"fuzzy entries in {language}"


def test_every_language_is_translated_in_full():
    """Every message has its translation in zh, es, hi and id (a missing one would show English)."""
    for language in set(LANGUAGES) - {"en"}:
        with (I18N / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
            messages = [m for m in read_po(f) if m.id]
        missing = [m.id for m in messages if not (m.string if isinstance(m.string, str) else all(m.string))]
        assert len(messages) > 800 and not missing, f"{language}: {len(missing)} untranslated: {missing[:5]}"
