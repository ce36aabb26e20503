"""Keyword search in Chinese, English and both: the same answers on SQLite and PostgreSQL.

Run this file on both databases (`scripts/with-postgres ... pytest` for the
second): PostgreSQL keeps a Chinese run as one token, so only the bigrams the
search columns carry let 工程师 find 高级机器学习工程师 there.
"""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.urls import reverse

from jobs.engines import search as search_engine
from jobs.models import Role
from jobs.selectors.search import keyword_search, search_vocabulary
from jobs.services.roles import save_role
from tests.factories import CompanyFactory, RoleFactory

pytestmark = pytest.mark.django_db

ROLES = {
    "zh-ml": {
        "title": "高级机器学习工程师",
        "description": "负责大模型训练与部署。",
        "skills": ["计算机视觉", "PyTorch"],
    },
    "zh-chip": {
        "title": "芯片验证工程师",
        "description": "负责数字芯片的验证工作，熟悉 SystemVerilog。",
        "skills": ["芯片验证"],
    },
    "zh-postdoc": {
        "title": "博士后研究员",
        "description": "在自然语言处理方向开展研究。",
        "skills": ["NLP"],
    },
    "en-ml": {
        "title": "Machine-learning engineer",
        "description": "Train recommendation models at scale.",
        "skills": ["Python"],
    },
    "en-robot": {
        "title": "Robotics software developer",
        "description": "Motion planning for warehouse robots.",
        "skills": ["ROS", "C++"],
    },
    "bilingual-llm": {
        "title": "LLM research scientist",
        "title_zh": "大模型研究科学家",
        "description": "Pre-training large language models.",
        "description_zh": "负责大语言模型的预训练。",
        "skills": ["Deep learning"],
    },
    "en-html": {
        "title": "Front-end developer",
        "description": "HTML, CSS and TypeScript for our dashboards.",
        "skills": ["TypeScript"],
    },
}

# query -> the roles it finds (recall on this set is reported in the README).
QUERIES = [
    # Chinese
    ("工程师", {"zh-ml", "zh-chip", "en-ml"}),
    ("机器学习", {"zh-ml", "en-ml"}),
    ("学习", {"zh-ml", "bilingual-llm"}),  # 深度学习, its skill in Chinese
    ("验证", {"zh-chip"}),
    ("大模型", {"zh-ml", "bilingual-llm"}),
    ("研究员", {"zh-postdoc", "bilingual-llm"}),
    ("计算机视觉", {"zh-ml"}),
    ("自然语言处理", {"zh-postdoc"}),
    ("高级机器学习工程师", {"zh-ml"}),
    # English
    ("machine learning engineer", {"zh-ml", "en-ml"}),
    ("ML", {"zh-ml", "en-ml"}),
    ("ML engineer", {"zh-ml", "en-ml"}),
    ("computer vision", {"zh-ml"}),
    ("engineers", {"zh-ml", "zh-chip", "en-ml"}),
    ("chip verification", {"zh-chip"}),
    ("postdoc", {"zh-postdoc"}),
    ("LLM", {"zh-ml", "bilingual-llm"}),
    ("typescript", {"en-html"}),
    ("robots", {"en-robot"}),
    # Mixed
    ("ML 工程师", {"zh-ml", "en-ml"}),
    ("大模型 scientist", {"bilingual-llm"}),
    ("SystemVerilog 验证", {"zh-chip"}),
    ("nothing-like-this", set()),
]


@pytest.fixture
def roles():
    company = CompanyFactory(name="Example Labs", name_zh="示例有限公司")
    made = {}
    for key, fields in ROLES.items():
        fields = dict(fields)
        skills = fields.pop("skills")
        role = Role(
            company=company,
            salary_min=300_000,
            salary_max=500_000,
            city="上海",
            status="published",
            **fields,
        )
        made[key] = save_role(role=role, required_skills=skills, review=False)
    Role.objects.filter(pk__in=[r.pk for r in made.values()]).update(
        published_at="2026-01-01T00:00:00Z"
    )
    return made


def _found(roles, text):
    by_pk = {role.pk: key for key, role in roles.items()}
    queryset = keyword_search(Role.objects.all(), text)
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True)}


@pytest.mark.parametrize(("q", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_the_same_roles_on_either_database(roles, q, expected):
    assert _found(roles, q) == expected, connection.vendor


def test_search_page_finds_a_chinese_only_role_by_english_words(client, roles):
    response = client.get(
        f"{reverse('jobs:role_search')}?{urlencode({'q': 'machine learning engineer'})}"
    )
    assert response.status_code == 200
    assert "高级机器学习工程师" in response.text
    assert "Front-end developer" not in response.text


def test_a_latin_alias_does_not_match_inside_a_word(roles):
    # "ML" is machine learning; "HTML" in the front-end role is not.
    assert "en-html" not in _found(roles, "ml")


def test_renaming_the_company_refreshes_the_search_columns(roles):
    from jobs.services.roles import update_search_vectors

    company = roles["en-ml"].company
    company.name_zh = "深度求索"
    company.save()
    update_search_vectors(Role.objects.filter(company=company))
    assert _found(roles, "深度求索") == set(ROLES)


def test_query_groups_read_phrases_in_both_languages():
    vocabulary = search_vocabulary()
    groups = search_engine.query_groups("ML工程师", vocabulary)
    assert len(groups) == 2
    assert {"machine learning", "机器学习", "ml"} <= groups[0]
    assert {"engineer", "工程师"} <= groups[1]
    # An unknown Chinese run is kept whole, a known word inside it split off.
    assert search_engine.query_groups("负责工程师", vocabulary)[0] == {"负责"}


def test_index_text_carries_the_bigrams():
    assert (
        search_engine.index_text("高级工程师 ok") == "高级工程师 ok 高级 级工 工程 程师"
    )
    assert search_engine.bigrams("京") == ["京"]


def test_factory_roles_are_found_by_their_chinese_skill_name():
    role = RoleFactory(title="Vision engineer", skills=["Computer Vision"])
    assert list(keyword_search(Role.objects.all(), "计算机视觉")) == [role]


def test_done_when_a_chinese_role_meets_an_english_seeker(client):
    """高级机器学习工程师 in 北京 asking for 计算机视觉: found and matched in English."""
    from django.utils import translation

    from jobs.engines.matching.engine import score_match
    from jobs.services.matching import refresh_cards, requirements_of, summary_of
    from jobs.services.roles import skills_from_names
    from tests.factories import CandidateProfileFactory

    role = RoleFactory(title="高级机器学习工程师", city="北京", skills=["计算机视觉"])
    RoleFactory(title="Robotics lecturer", city="Shanghai", skills=["ROS"])
    for q in ("工程师", "机器学习", "machine learning engineer"):
        assert list(keyword_search(Role.objects.all(), q)) == [role], q
    for params in (
        {"city": "Beijing"},
        {"city": "北京市"},
        {"skills": "computer vision"},
    ):
        response = client.get(f"{reverse('jobs:role_search')}?{urlencode(params)}")
        assert response.status_code == 200
        assert "高级机器学习工程师" in response.text, params
        assert "Robotics lecturer" not in response.text, params
    profile = CandidateProfileFactory(
        desired_cities="Beijing", willing_to_relocate=False
    )
    profile.skills.set(skills_from_names(["Computer Vision"]))
    assert role.required_skills.get().slug == "computer-vision"
    assert str(role.required_skills.get()) == "Computer vision"
    with translation.override("zh-hans"):
        assert str(role.required_skills.get()) == "计算机视觉"
    (card,) = refresh_cards(profile_ids=[profile.pk])
    match = score_match(requirements_of(role), summary_of(card))
    assert match.component("skills").score == 1.0
    assert match.component("city").score == 1.0
    assert "wants to work in Beijing" in match.component("city").message
