"""A profile from the CV (issue 17): the parser on English, Chinese and two-column
CVs and on a scan; the review page saves nothing until the seeker confirms;
`parse_cv` prints screen_profiles' input shape."""

import datetime
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Education, LanguageSkill, Position
from jobs.engines.cv.dates import find_span
from jobs.engines.cv.extract import NoTextLayer, Unreadable, cv_text
from jobs.engines.cv.parser import parse_text
from tests.factories import CandidateProfileFactory
from tests.jobs import cv_files

AS_OF = datetime.date(2026, 1, 15)
URL = "/cv-import/"


@pytest.mark.parametrize(
    ("text", "start", "end", "current"),
    [
        ("Sep 2019 – Jun 2021", "2019-09-01", "2021-06-30", False),
        ("2019.09–2021.06", "2019-09-01", "2021-06-30", False),
        ("2019年9月 - 2021年6月", "2019-09-01", "2021-06-30", False),
        ("2019/09 - present", "2019-09-01", None, True),
        ("2019.09 - 至今", "2019-09-01", None, True),
        ("09/2019 - 06/2021", "2019-09-01", "2021-06-30", False),
        ("2018 – 2020", "2018-01-01", "2020-12-31", False),
    ],
)
def test_dates_in_the_usual_forms(text, start, end, current):
    span = find_span(f"Tsinghua University  {text}")
    assert span is not None
    assert span.start.isoformat() == start
    assert (span.end.isoformat() if span.end else None) == end
    assert span.current is current


def test_a_single_date_and_no_date():
    assert find_span("2021年6月").end == datetime.date(2021, 6, 30)
    assert find_span("Python 3.10, C++17") is None


EXPECTED_EN = {
    "degrees": [
        {
            "level": "master",
            "field": "Computer Science",
            "institution": "Tsinghua University",
            "start": "2019-09-01",
            "conferred": "2021-06-30",
            "expected": None,
        },
        {
            "level": "bachelor",
            "field": "Physics",
            "institution": "ETH Zurich",
            "start": "2015-09-01",
            "conferred": "2019-06-30",
            "expected": None,
        },
    ],
    "positions": [
        {
            "title": "Research Assistant",
            "kind": "research",
            "organisation": "Max Planck Institute for Informatics",
            "start": "2021-09-01",
            "end": None,
        },
        {
            "title": "Software Engineer",
            "kind": "engineering",
            "organisation": "Huawei Technologies",
            "start": "2018-07-01",
            "end": "2019-08-31",
        },
    ],
    "skills": ["Python", "C++", "PyTorch"],
    "languages": [
        {"language": "en", "level": "native"},
        {"language": "de", "level": "fluent"},
    ],
}


@pytest.mark.parametrize(
    "build",
    [
        cv_files.pdf_one_column,
        cv_files.pdf_two_columns,
        lambda: cv_files.docx_bytes([*cv_files.EN_LEFT, *cv_files.EN_RIGHT]),
        lambda: cv_files.docx_bytes(cv_files.EN_LEFT, right=cv_files.EN_RIGHT),
    ],
    ids=["pdf-one-column", "pdf-two-columns", "docx", "docx-two-columns"],
)
def test_english_cvs_one_and_two_columns(build):
    assert parse_text(cv_text(build()), as_of=AS_OF).to_json() == EXPECTED_EN


def test_a_chinese_cv():
    proposals = parse_text(cv_text(cv_files.docx_chinese()), as_of=AS_OF).to_json()
    assert proposals["degrees"] == [
        {
            "level": "master",
            "field": "计算机科学与技术",
            "institution": "清华大学",
            "start": "2019-09-01",
            "conferred": "2022-06-30",
            "expected": None,
        },
        {
            "level": "bachelor",
            "field": "物理学",
            "institution": "北京大学",
            "start": "2015-09-01",
            "conferred": "2019-06-30",
            "expected": None,
        },
    ]
    assert proposals["positions"] == [
        {
            "title": "助理研究员",
            "kind": "research",
            "organisation": "中国科学院物理研究所",
            "start": "2022-07-01",
            "end": None,
        }
    ]
    assert proposals["skills"] == ["Python", "机器学习", "深度学习"]
    assert proposals["languages"] == [
        {"language": "en", "level": "fluent"},
        {"language": "zh-hans", "level": "native"},
    ]


def test_a_degree_still_in_progress_is_expected():
    text = "Education\nMIT\nPhD in Physics   Sep 2023 – Jun 2027\n"
    (degree,) = parse_text(text, as_of=AS_OF).to_json()["degrees"]
    assert degree["conferred"] is None
    assert degree["expected"] == "2027-06-30"


def test_a_scan_has_no_text_layer_and_junk_is_unreadable():
    with pytest.raises(NoTextLayer):
        cv_text(cv_files.pdf_scan())
    with pytest.raises(Unreadable):
        cv_text(b"%PDF-1.4 garbage")
    with pytest.raises(Unreadable):
        cv_text(b"<html>no</html>")


# --- the review page ------------------------------------------------------------------


@pytest.fixture
def seeker_with_cv(private_media, client):
    profile = CandidateProfileFactory(date_of_birth=datetime.date(1995, 1, 1))
    profile.cv.save("cv.pdf", ContentFile(cv_files.pdf_one_column()), save=False)
    profile.cv_filename = "ada.pdf"
    profile.save()
    client.force_login(profile.user)
    return profile


def _post_data(response) -> dict:
    """The review form as the browser would send it, unchanged."""
    data: dict = {}
    for name in ("education", "positions", "languages"):
        formset = response.context[name]
        mf = formset.management_form
        for field in mf:
            data[field.html_name] = field.value()
        for form in formset:
            for field in form:
                value = field.value()
                if isinstance(value, bool):
                    if value:
                        data[field.html_name] = "on"
                elif value is not None:
                    data[field.html_name] = (
                        value.isoformat() if hasattr(value, "isoformat") else value
                    )
    skills = response.context["skills"]
    data[skills["skills"].html_name] = skills["skills"].value()
    return data


@pytest.mark.django_db
def test_review_shows_proposals_marks_unresolved_and_saves_nothing(
    client, seeker_with_cv
):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Computer Science" in body
    assert "Max Planck Institute for Informatics" in body
    assert len(response.context["education_rows"]) == 2
    # ETH Zurich and Tsinghua resolve; Huawei is no institution the screening knows.
    assert [r["institution"] for r in response.context["education_rows"]] == [
        "Tsinghua University",
        "ETH Zurich",
    ]
    assert response.context["position_rows"][1]["institution"] is None
    assert "cv-unresolved" in body
    assert not Education.objects.exists()
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_confirm_creates_the_ticked_rows(client, seeker_with_cv):
    data = _post_data(client.get(URL))
    data.pop("pos-1-include")  # the seeker unticks the engineering post
    data["edu-1-field"] = "Applied Physics"  # and corrects a field
    response = client.post(URL, data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["education"]
    ]
    profile = seeker_with_cv
    assert sorted(
        Education.objects.filter(profile=profile).values_list("field", flat=True)
    ) == ["Applied Physics", "Computer Science"]
    assert list(
        Position.objects.filter(profile=profile).values_list("title", flat=True)
    ) == ["Research Assistant"]
    assert {s.name for s in profile.skills.all()} >= {"Python", "PyTorch"}
    assert set(
        LanguageSkill.objects.filter(profile=profile).values_list("language", flat=True)
    ) == {"en", "de"}


@pytest.mark.django_db
def test_a_bad_entry_is_refused_with_its_error_and_nothing_saved(
    client, seeker_with_cv
):
    data = _post_data(client.get(URL))
    data["edu-0-conferred_date"] = "2018-01-01"  # before its start
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["education"].forms[0].errors
    assert not Education.objects.exists()
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_a_scanned_cv_gets_a_clear_message(client, seeker_with_cv):
    seeker_with_cv.cv.save("scan.pdf", ContentFile(cv_files.pdf_scan()), save=True)
    response = client.get(URL, follow=True)
    assert "scanned image" in response.content.decode()
    assert not Education.objects.exists()


@pytest.mark.django_db
def test_without_a_cv_the_seeker_is_sent_to_upload_one(client, private_media):
    profile = CandidateProfileFactory()
    client.force_login(profile.user)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile_section", args=["cv"])


# --- parse_cv -------------------------------------------------------------------------


@pytest.mark.django_db
def test_parse_cv_prints_lines_that_screen_profiles_reads(tmp_path):
    en = cv_files.write(tmp_path / "en.pdf", cv_files.pdf_one_column())
    zh = cv_files.write(tmp_path / "zh.docx", cv_files.docx_chinese())
    scan = cv_files.write(tmp_path / "scan.pdf", cv_files.pdf_scan())
    out = io.StringIO()
    call_command(
        "parse_cv",
        str(en),
        str(zh),
        str(scan),
        str(tmp_path / "missing.pdf"),
        stdout=out,
    )
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 4
    assert lines[0]["id"] == str(en)
    assert lines[0]["degrees"][0]["institution"] == "Tsinghua University"
    assert lines[1]["positions"][0]["kind"] == "research"
    assert set(lines[2]) == {"file", "error"}
    assert "text layer" in lines[2]["error"]
    assert set(lines[3]) == {"file", "error"}
    good = "\n".join(json.dumps(line) for line in lines[:2]) + "\n"
    screened = io.StringIO()
    call_command(
        "screen_profiles", "-", stdin=io.StringIO(good), stdout=screened, as_of=AS_OF
    )
    results = [json.loads(line) for line in screened.getvalue().splitlines()]
    assert [r["id"] for r in results] == [str(en), str(zh)]
    assert all("error" not in r for r in results)
    # No date of birth in a CV: the age is unknown, the degrees are read.
    assert results[0]["k_visa"]["outcome"] == "unknown"
    rules = {r["rule"]: r["outcome"] for r in results[0]["k_visa"]["reasons"]}
    assert rules["K-DEGREE"] == "likely"
    assert rules["K-INSTITUTION"] == "likely"
