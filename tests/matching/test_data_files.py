"""The skill tables are read from matching/data/*.csv, and a bad row fails loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobs.engines.datafiles import DataFileError
from jobs.engines.matching import synonyms


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_relations_file_is_the_skill_table() -> None:
    kinds, bases = synonyms.load_relations()
    assert kinds is synonyms.KIND_PARENTS
    assert bases is synonyms.BASE_PARENTS
    assert len(kinds) == 307
    assert kinds["llm"] == ("natural-language-processing", "deep-learning")
    assert bases["bioconductor"] == ("r",)
    # A root (a language, here) has no parents of either sort.
    assert kinds["python"] == ()
    assert bases["python"] == ()


def test_labels_file_gives_the_labels() -> None:
    labels = synonyms.load_labels()
    assert len(labels) == 197
    assert labels["cpp"] == "C++"
    assert synonyms.skill_label("qpcr") == "qPCR"


def test_parents_only_skill_is_added_as_a_root(tmp_path: Path) -> None:
    path = _write(tmp_path, "skill,kind_parents,base_parents\ndjango,backend,python\n")
    kinds, bases = synonyms.load_relations(path)
    assert kinds == {"django": ("backend",), "backend": (), "python": ()}
    assert bases["django"] == ("python",)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("PyTorch,deep-learning,python\n", "'PyTorch' is not a skill slug"),
        ("jax,deep learning,\n", "'deep learning' is not a skill slug"),
        ("numpy,deep-learning,python\n", "skill listed twice: numpy"),
        ("jax,deep-learning\n", "expected 3 fields, found 2"),
    ],
)
def test_malformed_relation_row_names_file_and_line(
    tmp_path: Path, row: str, problem: str
) -> None:
    text = "skill,kind_parents,base_parents\nnumpy,scientific-computing,python\n"
    path = _write(tmp_path, text + row)
    with pytest.raises(DataFileError, match=problem) as raised:
        synonyms.load_relations(path)
    assert f"{path}:3:" in str(raised.value)


def test_label_row_without_a_label_fails(tmp_path: Path) -> None:
    path = _write(tmp_path, "skill,label\ncpp,C++\nrust,\n")
    with pytest.raises(DataFileError, match=rf"{path}:3: a label row needs"):
        synonyms.load_labels(path)
