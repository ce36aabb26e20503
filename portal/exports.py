"""Streaming CSV exports: rows are written as they are read, never all in memory."""

import csv
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.http import StreamingHttpResponse
from django.utils import timezone

from portal.formatting import iso_timestamp


class _Echo:
    """A file-like object whose write() returns the line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _neutralise(value) -> str:
    """Text as a spreadsheet shows it, without formulas (CSV injection).

    A moment is written in ISO 8601 with its offset (never str()'s UTC with
    microseconds), so every export agrees with the pages' Beijing time.
    """
    if isinstance(value, datetime):
        return iso_timestamp(value)
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def stream_csv(
    *, name: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # BOM: spreadsheet programs then read UTF-8 (Chinese names)
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([_neutralise(v) for v in row])

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response
