"""Files the app hands out (PDFs, spreadsheets, ZIPs, data sets): one way to answer with an attachment.

`nosniff` and `Cache-Control: no-store` come with every response (`hiring.security`); this adds the
download disposition, so a browser saves the file instead of rendering it.
"""

from __future__ import annotations

from flask import Response


def attachment(body: bytes | str, mimetype: str, filename: str) -> Response:
    """`body` as a download named `filename` (ASCII names only: ids, keys, dates)."""
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
