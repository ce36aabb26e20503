"""Streaming private files (CVs, logos) so a browser can never run them.

A stored file is served with the type its content was checked as, never a type
guessed from a name a user chose: `FileResponse` guesses from the file name when
no type is given, which is how `cv.html` was once served as `text/html`.
"""

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse

# Characters kept in the ASCII fallback name; everything else becomes "_".
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._ ()-]+")


def safe_download_name(label: str, *, extension: str, default: str = "cv") -> str:
    """The user's file name without its extension and path, plus ours.

    `résumé.svg` stored as a PDF downloads as `résumé.pdf`: the label is the
    user's, the type is the content's.
    """
    label = unicodedata.normalize("NFC", label or "")
    label = label.replace("\\", "/").rsplit("/", 1)[-1]
    # Control characters (CR/LF would split the header) and path separators go.
    label = "".join(ch for ch in label if unicodedata.category(ch)[0] != "C")
    stem = label.rsplit(".", 1)[0] if "." in label else label
    stem = stem.strip(" .")[:100] or default
    return f"{stem}.{extension}" if extension else stem


def attachment_header(filename: str) -> str:
    """`Content-Disposition: attachment` with an ASCII name and, when the name is
    not ASCII, its UTF-8 form as RFC 6266 and RFC 5987 describe: old clients read
    `filename`, current ones prefer `filename*`."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_stem = _UNSAFE_ASCII.sub("_", ascii_stem).strip(" ._") or "download"
    ascii_extension = _UNSAFE_ASCII.sub(
        "", extension.encode("ascii", "ignore").decode()
    )
    ascii_name = f"{ascii_stem}.{ascii_extension}" if ascii_extension else ascii_stem
    header = f'attachment; filename="{ascii_name}"'
    if ascii_name != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def private_file_response(
    filelike,
    *,
    content_type: str,
    filename: str | None = None,
    cache_control: str = "private, no-store",
) -> FileResponse:
    """Stream a stored file with an explicit type, nosniff and a CSP of its own.

    With `filename` the file is an attachment (CVs); without it, it is shown
    inline (logos in <img>).
    """
    response = FileResponse(filelike, content_type=content_type)
    if filename is not None:
        response["Content-Disposition"] = attachment_header(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    # Opened on its own (not through <img>), the file still may not run anything.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
