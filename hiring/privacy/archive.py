"""A candidate's data export as a ZIP: `data.json` (everything stored about them) and their
uploaded files under `files/`. Pure: plain data in, bytes out."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from typing import Any

DATA_NAME = "data.json"
FILES_FOLDER = "files"


def candidate_archive(data: dict[str, Any], files: dict[str, bytes]) -> bytes:
    """The ZIP: `data.json` (UTF-8, readable by people and programs) and `files/<stored name>`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DATA_NAME, json.dumps(data, ensure_ascii=False, indent=2, default=_plain))
        for name, content in sorted(files.items()):
            archive.writestr(f"{FILES_FOLDER}/{name}", content)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)  # enums
