"""Files the app hands out (PDFs, spreadsheets, ZIPs, data sets): one way to answer with an attachment.

`nosniff` and `Cache-Control: no-store` come with every response (`hiring.security`); this adds the
download disposition, so a browser saves the file instead of rendering it.
"""

from __future__ import annotations

from flask import Response


def attachment(body: bytes | str, mimetype: str, filename: str) -> Response:
    """`body` as a download named `filename` (ASCII names only: ids, keys, dates). `mimetype` is a
    bare type (`text/csv`: text types get `; charset=utf-8`) or a whole Content-Type, sent as is."""
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if ";" in mimetype:  # parameters given (a charset): werkzeug would add its own charset again
        return Response(body, content_type=mimetype, headers=disposition)
    return Response(body, mimetype=mimetype, headers=disposition)
