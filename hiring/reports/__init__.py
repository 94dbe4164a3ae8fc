"""Reports: what leadership takes into the meeting.

`comparison.py` holds the plain data a comparison is made of (built from the database by
`hiring.shortlists.queries`), `charts.py` draws the radar once for both the page (SVG) and the PDF,
`fonts.py` finds fonts and splits text into runs per script, `pdf.py` lays out the comparison PDF,
and `exports.py` writes scores as CSV/XLSX. None of them imports Flask or the database.
"""
