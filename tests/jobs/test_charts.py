"""The dashboard's SVG charts: pure functions from numbers to accessible SVG."""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from jobs.web.charts import bar_chart, column_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _rects(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}rect"))


@pytest.mark.parametrize("chart", [column_chart, bar_chart])
def test_chart_is_valid_svg_with_title_and_description(chart):
    svg = chart(
        chart_id="c1",
        title="Applications per week",
        values=[1, 0, 3],
        labels=["Jan 5", "Jan 12", "Jan 19"],
        unit="applications",
    )
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Applications per week"
    assert root.find(f"{SVG}desc").text == (
        "Jan 5: 1 applications; Jan 12: 0 applications; Jan 19: 3 applications"
    )


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([2, 4, 0, 1], [50.0, 100.0, 0.0, 25.0]),
        ([0, 0], [0.0, 0.0]),  # no division by zero
        ([7], [100.0]),
    ],
)
def test_column_heights_are_proportional_to_the_largest_value(values, expected):
    svg = column_chart(
        chart_id="c",
        title="t",
        values=values,
        labels=[str(n) for n in range(len(values))],
        height=140,
    )
    plot_height = 140 - 16 - 22
    heights = [float(r.get("height")) for r in _rects(_parse(svg))]
    assert [round(100 * h / plot_height) for h in heights] == [
        round(e) for e in expected
    ]


def test_bar_lengths_form_a_funnel():
    svg = bar_chart(
        chart_id="f",
        title="Funnel",
        values=[10, 5, 2, 1, 0],
        labels=["Applied", "Reviewing", "Interview", "Offer", "Hired"],
        width=320,
    )
    widths = [float(r.get("width")) for r in _rects(_parse(svg))]
    full = 320 - 92 - 36
    assert widths == [full, full / 2, pytest.approx(full / 5, abs=0.1), 19.2, 0]


def test_each_bar_has_a_tooltip_title():
    svg = column_chart(chart_id="c", title="t", values=[3, 1], labels=["A", "B"])
    titles = [g.find(f"{SVG}title").text for g in _parse(svg).iter(f"{SVG}g")]
    assert titles == ["A: 3", "B: 1"]


def test_labels_and_titles_are_escaped():
    svg = bar_chart(
        chart_id="x",
        title="<script>alert(1)</script>",
        values=[1],
        labels=['"><img src=x onerror=alert(1)>'],
    )
    assert "<script>" not in svg
    assert "<img" not in svg
    root = _parse(svg)  # still well-formed XML
    assert root.find(f"{SVG}title").text == "<script>alert(1)</script>"


def test_empty_chart_says_so():
    svg = column_chart(chart_id="e", title="Nothing", values=[], labels=[])
    assert _parse(svg).find(f"{SVG}desc").text == "No data."


@pytest.mark.parametrize(
    ("values", "labels"),
    [([1, 2], ["only one"]), ([-1], ["negative"])],
)
def test_bad_input_is_refused(values, labels):
    with pytest.raises(ValueError, match=r"label|negative"):
        column_chart(chart_id="b", title="t", values=values, labels=labels)


def test_coordinates_are_short():
    svg = column_chart(
        chart_id="c", title="t", values=[1, 2, 3], labels=["a", "b", "c"]
    )
    assert not re.search(r"\d\.\d{2,}", svg)


def test_charts_do_not_import_django():
    code = "import sys, jobs.web.charts; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
