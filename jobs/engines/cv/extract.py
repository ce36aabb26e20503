"""CV bytes → text, with maintained libraries (pypdf, python-docx). No Django.

A PDF whose pages carry no text (a scan) raises `NoTextLayer`: the caller says so
rather than guessing. Any file the libraries cannot read raises `Unreadable`.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterable

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from pypdf.errors import PyPdfError

# pypdf logs every malformed object it repairs; a CV is not worth a warning line.
logging.getLogger("pypdf").setLevel(logging.ERROR)

MIN_TEXT_CHARS = 20


class Unreadable(ValueError):
    """The file is neither a readable PDF nor a readable DOCX."""


class NoTextLayer(Unreadable):
    """A PDF with no text layer (a scanned CV)."""


def _pdf_text(data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(
            (page.extract_text(extraction_mode="layout") or "")
            for page in reader.pages[:20]
        )
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise Unreadable(f"not a readable PDF: {exc}") from exc


def _docx_text(data: bytes) -> str:
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise Unreadable(f"not a readable DOCX: {exc}") from exc
    lines: list[str] = []

    def walk(items: Iterable[object]) -> None:
        for item in items:
            if isinstance(item, Paragraph):
                lines.append(item.text)
            elif isinstance(item, Table):
                # A layout table (two columns): each cell in turn, left column first.
                for column in range(len(item.columns)):
                    for row in item.rows:
                        cells = row.cells
                        if column < len(cells):
                            walk(cells[column].iter_inner_content())

    walk(document.iter_inner_content())
    return "\n".join(lines)


def cv_text(data: bytes) -> str:
    """The text of a PDF or DOCX CV (the format is read from the bytes)."""
    if data[:5] == b"%PDF-":
        text = _pdf_text(data)
        if len("".join(text.split())) < MIN_TEXT_CHARS:
            raise NoTextLayer("this PDF has no text layer (a scan?)")
        return text
    if data[:2] == b"PK":
        return _docx_text(data)
    raise Unreadable("neither a PDF nor a DOCX file")
