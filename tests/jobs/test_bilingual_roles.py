"""Roles posted in Chinese, English or both: the form, and the page in the reader's language."""

import pytest
from django.urls import reverse

from jobs.models import Role
from tests.factories import CandidateProfileFactory, MembershipFactory, RoleFactory
from tests.jobs.test_roles import _role_post

pytestmark = pytest.mark.django_db


def _post(client, **overrides):
    membership = MembershipFactory()
    client.force_login(membership.user)
    return client.post(reverse("jobs:role_create"), _role_post(**overrides))


def test_a_role_posted_in_chinese_only(client):
    response = _post(
        client,
        title="",
        title_zh="高级机器学习工程师",
        description="",
        description_zh="负责**视觉**模型。",
        city="北京市",
    )
    assert response.status_code == 302
    role = Role.objects.select_related("city_place").get()
    # The Chinese text is the role's own: nothing is left empty.
    assert (role.title, role.title_zh) == ("高级机器学习工程师", "")
    assert (role.description, role.description_zh) == ("负责**视觉**模型。", "")
    assert role.city == "北京市"
    assert role.city_place.key == "beijing"


def test_a_bilingual_role_keeps_both(client):
    response = _post(client, title_zh="电池研发工程师", description_zh="研发固态电池。")
    assert response.status_code == 302
    role = Role.objects.get()
    assert (role.title, role.title_zh) == ("Battery R&D engineer", "电池研发工程师")


def test_a_role_needs_a_title_in_one_language(client):
    response = _post(client, title="", title_zh="", description="", description_zh="")
    assert response.status_code == 400  # the form again, with field errors
    assert Role.objects.count() == 0
    form = response.context["form"]
    assert "title" in form.errors
    assert "description" in form.errors
    assert form.data["city"] == "Ningbo"  # re-rendered with the input


def test_discriminatory_words_are_refused_in_the_chinese_version_too(client):
    response = _post(client, description_zh="仅限男性，35岁以下。")
    assert response.status_code == 400
    assert "description_zh" in response.context["form"].errors


def _bilingual_role():
    return RoleFactory(
        title="LLM research scientist",
        title_zh="大模型研究科学家",
        description="Pre-training large language models.",
        description_zh="负责大语言模型的预训练。",
    )


def test_the_role_page_shows_the_readers_version_with_a_switch(client):
    role = _bilingual_role()
    url = reverse("jobs:role_detail", args=[role.pk])
    client.force_login(CandidateProfileFactory().user)
    en = client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert "Pre-training large language models." in en
    assert "负责大语言模型的预训练。" not in en
    assert 'href="?lang=zh"' in en
    zh = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").text
    assert "负责大语言模型的预训练。" in zh
    assert "大模型研究科学家" in zh
    assert 'href="?lang=en"' in zh
    switched = client.get(url + "?lang=zh", HTTP_ACCEPT_LANGUAGE="en").text
    assert "负责大语言模型的预训练。" in switched


def test_a_one_language_role_has_no_switch(client):
    role = RoleFactory(title="高级机器学习工程师", description="负责大模型训练。")
    text = client.get(reverse("jobs:role_detail", args=[role.pk])).text
    assert "高级机器学习工程师" in text
    assert "?lang=" not in text


def test_search_results_show_the_title_in_the_readers_language(client):
    _bilingual_role()
    zh = client.get(reverse("jobs:role_search"), HTTP_ACCEPT_LANGUAGE="zh-hans").text
    assert "大模型研究科学家" in zh
    en = client.get(reverse("jobs:role_search"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "LLM research scientist" in en


def test_seed_demo_posts_roles_as_employers_do():
    from jobs.demo.builders import seed_demo

    seed_demo(candidates=10, employers=3, roles=30)
    roles = list(Role.objects.select_related("city_place"))
    chinese_only = [r for r in roles if not r.title.isascii() and not r.title_zh]
    bilingual = [r for r in roles if r.title_zh]
    assert {"高级机器学习工程师", "芯片验证工程师", "博士后研究员"} <= {
        r.title for r in chinese_only
    }
    assert bilingual
    assert any(r.title.isascii() and not r.title_zh for r in roles)
    assert any(not r.city.isascii() for r in roles)  # 北京市, 上海 …
    assert any(r.city.isascii() for r in roles)
    assert all(r.city_place is not None for r in roles)  # every one resolved
    from accounts.models import CandidateProfile

    seekers = CandidateProfile.objects.exclude(desired_cities="")
    assert all(p.desired_city_places.exists() for p in seekers)
