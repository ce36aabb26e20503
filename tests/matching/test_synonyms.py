"""The skill relation table and the credit rules for one required skill."""

from __future__ import annotations

import pytest

from accounts.skills import skill_display_name, skill_key
from jobs.engines.matching.synonyms import (
    _LABELS,
    ANCESTORS,
    KIND_PARENTS,
    SIBLINGS,
    SKILLS,
    expand,
    fits,
    satisfies,
    skill_credit,
    skill_label,
)


def test_table_covers_many_skills_across_fields() -> None:
    assert len(SKILLS) >= 150
    for slug in ("pytorch", "verilog", "solidworks", "xrd", "hplc", "crispr", "ros"):
        assert slug in SKILLS


@pytest.mark.parametrize("slug", sorted(SKILLS))
def test_slugs_are_in_skill_key_form(slug: str) -> None:
    assert skill_key(slug) == slug


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("PyTorch", "pytorch"),
        ("Python 3", "python"),
        ("k8s", "kubernetes"),
        ("ML", "machine-learning"),
        ("Deep Learning", "deep-learning"),
        ("sklearn", "scikit-learn"),
        ("Postgres", "postgresql"),
        ("C++", "cpp"),
        ("Node.js", "nodejs"),
        ("Next.js", "nextjs"),
        ("GCP", "google-cloud"),
        ("3D printing", "3d-printing"),
        ("ASP.NET", "asp-net"),
    ],
)
def test_typed_names_reach_table_slugs(typed: str, slug: str) -> None:
    assert skill_key(typed) == slug
    assert slug in SKILLS


def test_labels_are_for_known_skills_and_agree_with_accounts() -> None:
    assert set(_LABELS) <= SKILLS
    for slug, label in _LABELS.items():
        shown = skill_display_name(slug, slug)
        if shown not in (slug, slug.replace("-", " ").capitalize()):
            # accounts has its own spelling: keep it (a label is read mid-sentence,
            # so only its first letter's case may differ from a tag's name)
            assert label[:1].lower() + label[1:] == shown[:1].lower() + shown[1:], slug


def test_no_skill_fits_itself_and_siblings_share_a_parent() -> None:
    for slug in SKILLS:
        assert slug not in ANCESTORS[slug]
        assert slug not in SIBLINGS[slug]
        for sibling in SIBLINGS[slug]:
            assert set(KIND_PARENTS[slug]) & set(KIND_PARENTS[sibling])


@pytest.mark.parametrize(
    ("have", "required", "ok", "reason"),
    [
        ({"pytorch"}, "pytorch", True, None),
        ({"pytorch"}, "deep-learning", True, "PyTorch fits deep learning"),
        ({"pytorch"}, "machine-learning", True, "PyTorch fits machine learning"),
        ({"pytorch"}, "artificial-intelligence", True, None),
        (
            {"scikit-learn"},
            "machine-learning",
            True,
            "scikit-learn fits machine learning",
        ),
        ({"postgresql"}, "sql", True, "PostgreSQL fits SQL"),
        ({"mysql"}, "databases", True, "MySQL fits databases"),
        ({"kubernetes"}, "containers", True, "Kubernetes fits containers"),
        ({"docker"}, "devops", True, "Docker fits devops"),
        ({"verilog"}, "digital-design", True, "Verilog fits digital design"),
        ({"systemverilog"}, "verilog", True, "SystemVerilog fits Verilog"),
        ({"ros2"}, "robotics", True, "ROS 2 fits robotics"),
        ({"django"}, "python", True, "Django fits Python"),
        ({"typescript"}, "javascript", True, "TypeScript fits JavaScript"),
        ({"vasp"}, "computational-chemistry", True, None),
        ({"qpcr"}, "molecular-biology", True, "qPCR fits molecular biology"),
        ({"hplc"}, "analytical-chemistry", True, None),
        ({"solidworks"}, "cad", True, "SolidWorks fits CAD"),
        ({"tem"}, "materials-characterization", True, None),
        # Not the reverse: broader never fully satisfies narrower.
        ({"deep-learning"}, "pytorch", False, None),
        ({"machine-learning"}, "scikit-learn", False, None),
        ({"sql"}, "postgresql", False, None),
        ({"python"}, "django", False, None),
        # Siblings are close, not the same.
        ({"tensorflow"}, "pytorch", False, None),
        ({"mysql"}, "postgresql", False, None),
        ({"react"}, "vue", False, None),
        ({"excel"}, "pytorch", False, None),
        (set(), "python", False, None),
    ],
)
def test_satisfies(have: set[str], required: str, ok: bool, reason: str | None) -> None:
    got_ok, got_reason = satisfies(frozenset(have), required)
    assert got_ok is ok
    if reason is not None or required in have or not ok:
        assert got_reason == reason


@pytest.mark.parametrize(
    ("have", "required", "credit", "reason"),
    [
        ({"pytorch"}, "pytorch", 1.0, None),
        ({"pytorch", "python"}, "deep-learning", 1.0, "PyTorch fits deep learning"),
        ({"tensorflow"}, "pytorch", 0.5, "TensorFlow is close to PyTorch"),
        ({"jax"}, "pytorch", 0.5, "JAX is close to PyTorch"),
        ({"mysql"}, "postgresql", 0.5, "MySQL is close to PostgreSQL"),
        ({"vue"}, "react", 0.5, "Vue is close to React"),
        ({"abaqus"}, "ansys", 0.5, "Abaqus is close to ANSYS"),
        ({"vhdl"}, "verilog", 0.5, "VHDL is close to Verilog"),
        ({"flask"}, "django", 0.5, "Flask is close to Django"),
        # A more specific skill under a sibling counts as the sibling.
        ({"pytorch"}, "scikit-learn", 0.5, "PyTorch is close to scikit-learn"),
        ({"deep-learning"}, "pytorch", 0.25, "deep learning, not PyTorch itself"),
        ({"python"}, "django", 0.25, "Python, not Django itself"),
        ({"pandas"}, "django", 0.25, "pandas covers Python, not Django itself"),
        ({"sql"}, "postgresql", 0.25, "SQL, not PostgreSQL itself"),
        # Base edges make no siblings: Django and pandas share only Python.
        ({"django"}, "pandas", 0.25, "Django covers Python, not pandas itself"),
        ({"excel"}, "kubernetes", 0.0, None),
        ({"unknown-skill"}, "python", 0.0, None),
        ({"python"}, "unknown-skill", 0.0, None),
    ],
)
def test_skill_credit(
    have: set[str], required: str, credit: float, reason: str | None
) -> None:
    assert skill_credit(frozenset(have), required) == (credit, reason)


def test_credit_levels_are_parameters() -> None:
    have = frozenset({"tensorflow"})
    assert skill_credit(have, "pytorch", sibling_credit=0.7)[0] == 0.7
    assert skill_credit(have, "pytorch", sibling_credit=0, parent_credit=0.1) == (
        0.1,
        "TensorFlow covers deep learning, not PyTorch itself",
    )


def test_fits_and_expand() -> None:
    assert fits("pytorch", "deep-learning")
    assert fits("pytorch", "pytorch")
    assert not fits("deep-learning", "pytorch")
    assert not fits("made-up", "python")
    assert expand(frozenset({"pytorch", "made-up"})) == {
        "pytorch",
        "made-up",
        "deep-learning",
        "machine-learning",
        "artificial-intelligence",
        "python",
    }
    assert expand(frozenset()) == frozenset()


def test_skill_label() -> None:
    assert skill_label("pytorch") == "PyTorch"
    assert skill_label("deep-learning") == "deep learning"
    assert skill_label("made-up-skill") == "made up skill"
