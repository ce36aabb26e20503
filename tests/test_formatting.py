"""Dates and money as each language writes them (portal.formatting), in the
templates, and chart axis labels that never overlap in either language."""

import datetime
import itertools
import re
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from jobs.web import charts
from portal import formatting

DAY = datetime.date(2026, 11, 23)
FIRST = datetime.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("language", "function", "value", "expected"),
    [
        ("en", formatting.short_date, DAY, "23 Nov"),
        ("zh-hans", formatting.short_date, DAY, "11月23日"),
        ("en", formatting.long_date, FIRST, "1 December 2026"),
        ("zh-hans", formatting.long_date, FIRST, "2026年12月1日"),
        ("zh-hans", formatting.short_date, datetime.date(2026, 1, 5), "1月5日"),
        ("en", formatting.month_year, DAY, "Nov 2026"),
        ("zh-hans", formatting.month_year, DAY, "2026年11月"),
        (
            "zh-hans",
            formatting.long_datetime,
            datetime.datetime(2026, 12, 1, 14, 5, tzinfo=ZoneInfo("Asia/Shanghai")),
            "2026年12月1日 14:05",
        ),
        ("en", formatting.long_date, None, ""),
    ],
)
def test_dates(language, function, value, expected):
    with translation.override(language):
        assert function(value) == expected


@pytest.mark.parametrize(
    ("language", "low", "high", "expected"),
    [
        ("en", 400_000, 600_000, "CNY 400,000–600,000 a year"),
        ("zh-hans", 400_000, 600_000, "年薪 40–60 万"),
        ("zh-hans", 325_000, 480_000, "年薪 32.5–48 万"),
        ("zh-hans", 500_000, 500_000, "年薪 50 万"),
        ("en", None, 300_000, "CNY 300,000 a year"),
        ("en", None, None, ""),
        ("en", "junk", None, ""),
    ],
)
def test_salary_ranges(language, low, high, expected):
    with translation.override(language):
        assert formatting.salary_range(low, high) == expected


def test_the_template_tags():
    template = Template(
        "{% load portal_format %}{{ day|short_date }} · {{ day|long_date }} · "
        "{% salary_range 400000 600000 %} · {{ 380000|salary }}"
    )
    with translation.override("zh-hans"):
        text = template.render(Context({"day": FIRST}))
    assert text == "12月1日 · 2026年12月1日 · 年薪 40–60 万 · 年薪 38 万"


# --- chart axis labels -------------------------------------------------------------

WEEKS = [DAY + datetime.timedelta(weeks=n) for n in range(-7, 1)]


def _drawn_labels(svg: str) -> list[tuple[float, str]]:
    """(x, text) of each axis label: the texts at the chart's bottom line."""
    return [
        (float(x), text)
        for x, text in re.findall(
            r'<text x="([\d.]+)" y="134" text-anchor="middle" font-size="9"[^>]*>([^<]*)<',
            svg,
        )
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_axis_labels_never_overlap(language):
    with translation.override(language):
        labels = [formatting.short_date(week) for week in WEEKS]
    svg = charts.column_chart(
        chart_id="c", title="t", values=[1] * len(labels), labels=labels
    )
    drawn = _drawn_labels(svg)
    assert len(drawn) >= len(labels) // 2  # thinned at most to every other one
    spans = [
        (x - charts.text_width(text, 9) / 2, x + charts.text_width(text, 9) / 2)
        for x, text in drawn
    ]
    assert spans[0][0] >= 0
    assert spans[-1][1] <= 320
    for (_start, end), (start, _end) in itertools.pairwise(spans):
        assert start - end >= charts.AXIS_GAP
    # Every week is still in its tooltip and in the description.
    for label in labels:
        assert f"<title>{label}: 1</title>" in svg


def test_english_week_labels_all_fit_and_chinese_ones_are_thinned():
    with translation.override("en"):
        english = [formatting.short_date(week) for week in WEEKS]
    with translation.override("zh-hans"):
        chinese = [formatting.short_date(week) for week in WEEKS]
    slot = (320 - 8) / 8
    assert len(charts.axis_labels(english, slot=slot, side=4)) == 8
    assert len(charts.axis_labels(chinese, slot=slot, side=4)) == 4


def test_wide_characters_count_as_one_em():
    assert charts.text_width("11月23日", 10) == pytest.approx(2 * 10 + 4 * 6.2)


# --- in the pages ------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_show_salaries_in_wan_and_dates_without_month_names_in_chinese(client):
    from django.urls import reverse
    from django.utils import timezone

    from tests.factories import MembershipFactory, RoleFactory

    member = MembershipFactory()
    until = timezone.localdate() + datetime.timedelta(days=30)
    role = RoleFactory(company=member.company, valid_until=until)
    long_until = f"{until.year}年{until.month}月{until.day}日"
    detail = client.get(
        reverse("jobs:role_detail", args=[role.pk]), HTTP_ACCEPT_LANGUAGE="zh-CN"
    ).content.decode()
    assert "年薪 30–50 万" in detail
    assert long_until in detail
    client.force_login(member.user)
    dashboard = client.get(
        reverse("jobs:employer_dashboard"), HTTP_ACCEPT_LANGUAGE="zh-CN"
    ).content.decode()
    assert f"{until.month}月{until.day}日" in dashboard
    # Django's month names ("十一月 26") are gone from every date on the page.
    assert not re.search(r"[一二三四五六七八九十]+月 \d", dashboard)
    english = client.get(
        reverse("jobs:role_detail", args=[role.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "CNY 300,000–500,000 a year" in english
