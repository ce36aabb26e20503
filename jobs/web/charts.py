"""Small inline SVG charts drawn on the server, for the employer dashboard.

Pure: no Django, no database, no clock. Each function takes numbers and labels
and returns one ``<svg>`` string with a ``<title>`` and a ``<desc>`` that states
every value, so a screen reader gets the data, not just "image". Every text is
escaped here, so callers may mark the result safe.
"""

from collections.abc import Sequence
from html import escape

# Bootstrap 5's primary blue and body-secondary grey, so charts match the page.
BAR_COLOUR = "#0d6efd"
MUTED_COLOUR = "#6c757d"
GRID_COLOUR = "#dee2e6"


def _number(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _svg(
    *, chart_id: str, title: str, desc: str, width: int, height: int, body: list[str]
) -> str:
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="portal-chart" '
        f'id="{escape(chart_id)}" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{escape(title_id)} {escape(desc_id)}">'
        f'<title id="{escape(title_id)}">{escape(title)}</title>'
        f'<desc id="{escape(desc_id)}">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


# Axis labels are drawn at this size (viewBox units); neighbours keep this gap.
AXIS_FONT_SIZE = 9
AXIS_GAP = 4


def _wide(character: str) -> bool:
    """CJK ideographs, kana, Hangul and full-width forms are one em wide."""
    code = ord(character)
    return (
        0x1100 <= code <= 0x115F
        or 0x2E80 <= code <= 0xA4CF
        or 0xAC00 <= code <= 0xD7A3
        or 0xF900 <= code <= 0xFAFF
        or 0xFE30 <= code <= 0xFE4F
        or 0xFF00 <= code <= 0xFF60
        or 0xFFE0 <= code <= 0xFFE6
    )


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of a label's drawn width: 1 em per wide (CJK)
    character, 0.62 em per other one (a sans-serif's digits and letters are
    narrower). Server-side, without fonts, an estimate is all there is."""
    return sum(font_size if _wide(c) else 0.62 * font_size for c in text)


def axis_labels(
    labels: Sequence[str],
    *,
    slot: float,
    side: float,
    font_size: float = AXIS_FONT_SIZE,
) -> list[tuple[int, float, float]]:
    """Which axis labels to draw, as (index, centre x, estimated width).

    Every label when the widest fits its slot; otherwise every second (third …)
    one, so no two drawn labels overlap in any language ("11月23日" is wider than
    "23 Nov"). Each bar's tooltip and the description keep every label.
    """
    if not labels:
        return []
    widest = max(text_width(label, font_size) for label in labels)
    step = 1
    while widest + AXIS_GAP > slot * step and step < len(labels):
        step += 1
    return [
        (index, side + index * slot + slot / 2, text_width(labels[index], font_size))
        for index in range(0, len(labels), step)
    ]


def _describe(
    values: Sequence[int], labels: Sequence[str], suffix: str, no_data: str
) -> str:
    """The chart's data as one sentence, for screen readers."""
    text = "; ".join(
        f"{label}: {value}{suffix}" for value, label in zip(values, labels, strict=True)
    )
    return text or no_data


def _check(values: Sequence[int], labels: Sequence[str]) -> None:
    if len(values) != len(labels):
        raise ValueError("Give one label per value.")
    if any(v < 0 for v in values):
        raise ValueError("Counts cannot be negative.")


def column_chart(
    *,
    chart_id: str,
    title: str,
    values: Sequence[int],
    labels: Sequence[str],
    unit: str = "",
    width: int = 320,
    height: int = 140,
    no_data: str = "No data.",
) -> str:
    """Vertical bars, one per value, labelled underneath (e.g. weeks).

    ``unit`` is appended to each value in the tooltips and the description,
    e.g. "applications"; ``no_data`` is the description of an empty chart (the
    caller passes both translated: this module knows no languages). Labels
    too wide for their bars are thinned out (`axis_labels`).
    """
    _check(values, labels)
    top, bottom, side = 16, 22, 4
    plot_height = height - top - bottom
    slot = (width - 2 * side) / max(len(values), 1)
    bar_width = slot * 0.7
    peak = max(values, default=0) or 1
    suffix = f" {unit}" if unit else ""
    parts = [
        f'<line x1="{side}" y1="{top + plot_height}" x2="{width - side}" '
        f'y2="{top + plot_height}" stroke="{GRID_COLOUR}"/>'
    ]
    drawn = {
        index for index, _centre, _width in axis_labels(labels, slot=slot, side=side)
    }
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        bar_height = plot_height * value / peak
        x = side + index * slot + (slot - bar_width) / 2
        y = top + plot_height - bar_height
        centre = side + index * slot + slot / 2
        parts.append(
            f'<g class="portal-chart-bar">'
            f"<title>{escape(label)}: {value}{escape(suffix)}</title>"
            f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(bar_width)}" '
            f'height="{_number(bar_height)}" fill="{BAR_COLOUR}" rx="2"/>'
            f'<text x="{_number(centre)}" y="{_number(y - 3)}" text-anchor="middle" '
            f'font-size="10" fill="{MUTED_COLOUR}">{value}</text>'
            + (
                f'<text x="{_number(centre)}" y="{height - 6}" text-anchor="middle" '
                f'font-size="{AXIS_FONT_SIZE}" fill="{MUTED_COLOUR}">{escape(label)}</text>'
                if index in drawn
                else ""
            )
            + "</g>"
        )
    return _svg(
        chart_id=chart_id,
        title=title,
        desc=_describe(values, labels, suffix, no_data),
        width=width,
        height=height,
        body=parts,
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    values: Sequence[int],
    labels: Sequence[str],
    unit: str = "",
    width: int = 320,
    row_height: int = 22,
    label_width: int = 92,
    colours: Sequence[str] | None = None,
    no_data: str = "No data.",
) -> str:
    """Horizontal bars, one row per value with its label and count (e.g. a funnel).

    `colours` gives each bar its own colour (e.g. one per visa outlook).

    Each bar's length is relative to the largest value, so a funnel's first row
    is full width and each later row shows the share that got that far.
    """
    _check(values, labels)
    count_width = 36
    if colours is not None and len(colours) != len(values):
        raise ValueError("one colour per value")
    plot_width = width - label_width - count_width
    height = row_height * len(values) + 4
    peak = max(values, default=0) or 1
    suffix = f" {unit}" if unit else ""
    parts = []
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        y = 2 + index * row_height
        bar_length = plot_width * value / peak
        middle = y + row_height / 2 + 4
        parts.append(
            f'<g class="portal-chart-bar">'
            f"<title>{escape(label)}: {value}{escape(suffix)}</title>"
            f'<text x="0" y="{_number(middle)}" font-size="11" '
            f'fill="{MUTED_COLOUR}">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{_number(y + 3)}" '
            f'width="{_number(bar_length)}" height="{row_height - 6}" '
            f'fill="{escape(colours[index]) if colours else BAR_COLOUR}" rx="2"/>'
            f'<text x="{_number(label_width + bar_length + 4)}" y="{_number(middle)}" '
            f'font-size="11" fill="{MUTED_COLOUR}">{value}</text>'
            f"</g>"
        )
    return _svg(
        chart_id=chart_id,
        title=title,
        desc=_describe(values, labels, suffix, no_data),
        width=width,
        height=height,
        body=parts,
    )
