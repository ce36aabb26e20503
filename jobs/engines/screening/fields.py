"""Map free-text fields of study to China's discipline catalogue and a STEM status."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Final

from rapidfuzz import process
from rapidfuzz.distance import OSA

from jobs.engines.datafiles import fail, read_csv, read_toml, toml_line

__all__ = [
    "CATEGORIES",
    "DEFAULT_AMBIGUOUS_CATEGORIES",
    "DEFAULT_AMBIGUOUS_SUBJECTS",
    "DEFAULT_STEM_CATEGORIES",
    "SUBJECTS",
    "FieldClassification",
    "StemStatus",
    "classify_field",
    "field_suggestions",
    "stem_status",
]


@dataclass(frozen=True, slots=True)
class FieldClassification:
    """Result of mapping a field of study to the MOE discipline catalogue."""

    category: str | None
    subject: str | None
    label: str
    matched_by: str


DEFAULT_STEM_CATEGORIES = frozenset({"07", "08"})
DEFAULT_AMBIGUOUS_CATEGORIES = frozenset({"09", "10", "14"})
DEFAULT_AMBIGUOUS_SUBJECTS = frozenset({"0402", "0714", "0270", "1201"})


class StemStatus(StrEnum):
    """How a classified field counts for the K-visa STEM criterion."""

    STEM = "stem"
    AMBIGUOUS = "ambiguous"
    NON_STEM = "non_stem"
    UNMAPPED = "unmapped"


# --- The vocabularies (data/*.toml, data/*.csv; sources in data/README.md) ---------

DATA_DIR: Final = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class Catalogue:
    """China's discipline catalogue as read from `data/disciplines.toml`."""

    categories: dict[str, str]
    subjects: dict[str, str]
    code_aliases: dict[str, str]
    cross_category_subjects: dict[str, frozenset[str]]


def _codes(
    path: Path,
    doc: dict[str, Any],
    lines: list[str],
    table: str,
    digits: int,
    *,
    required: bool = True,
) -> dict[str, str]:
    """One `[table]` of `"code" = "text"` pairs with codes of `digits` digits."""
    raw = doc.get(table, None if required else {})
    if not isinstance(raw, dict):
        fail(path, 0, f"missing table [{table}]")
    for code, value in raw.items():
        if len(code) != digits or not code.isdigit() or not isinstance(value, str):
            line = toml_line(lines, table, code)
            fail(
                path, line, f"[{table}] {code!r}: expected a {digits}-digit code = text"
            )
    return dict(raw)


@cache
def load_catalogue(path: Path = DATA_DIR / "disciplines.toml") -> Catalogue:
    """Categories, subjects, old codes and cross-category subjects, cross-checked."""
    doc, lines = read_toml(path)
    categories = _codes(path, doc, lines, "categories", 2)
    subjects = _codes(path, doc, lines, "subjects", 4)
    code_aliases = _codes(path, doc, lines, "code_aliases", 4, required=False)
    for code in subjects:
        if code[:2] not in categories:
            line = toml_line(lines, "subjects", code)
            fail(path, line, f"subject {code} has no category {code[:2]}")
    for code, target in code_aliases.items():
        if target not in subjects:
            line = toml_line(lines, "code_aliases", code)
            fail(path, line, f"code {code} points to unknown subject {target!r}")
    cross: dict[str, frozenset[str]] = {}
    raw = doc.get("cross_category_subjects", {})
    for code, value in raw.items():
        if code not in subjects or not (
            isinstance(value, list) and value and all(c in categories for c in value)
        ):
            line = toml_line(lines, "cross_category_subjects", code)
            fail(path, line, f"{code!r}: expected a subject = a list of category codes")
        cross[code] = frozenset(value)
    return Catalogue(categories, subjects, code_aliases, cross)


# (canonical English name, category, subject, aliases): one row of the vocabulary.
_V = tuple[str, str, str | None, str]
_VOCAB_COLUMNS: Final = ("group", "name", "category", "subject", "weak", "aliases")


@cache
def load_vocabulary(
    path: Path = DATA_DIR / "field_vocabulary.csv",
) -> tuple[tuple[_V, ...], tuple[_V, ...]]:
    """(specific fields, generic words) from `data/field_vocabulary.csv`, in file order.

    `aliases` are `|`-separated; a leading "=" marks an alias that only counts when
    it is the whole field. Weak rows (generic words) are used only when nothing
    more specific matched.
    """
    catalogue = load_catalogue()
    specific: list[_V] = []
    weak: list[_V] = []
    names: set[str] = set()
    for line, row in read_csv(path, _VOCAB_COLUMNS):
        name, category, subject = row["name"].strip(), row["category"], row["subject"]
        if not name or name in names:
            fail(path, line, f"name {name!r} is empty or listed twice")
        if category not in catalogue.categories:
            fail(path, line, f"unknown category {category!r}")
        if subject and subject not in catalogue.subjects:
            fail(path, line, f"unknown subject {subject!r}")
        if row["weak"] not in {"0", "1"}:
            fail(path, line, "weak must be 0 or 1")
        if any(not alias.strip() for alias in row["aliases"].split("|")):
            fail(path, line, "empty alias (two | in a row, or one at an end)")
        names.add(name)
        entry = (name, category, subject or None, row["aliases"])
        (weak if row["weak"] == "1" else specific).append(entry)
    return tuple(specific), tuple(weak)


CATALOGUE: Final = load_catalogue()
CATEGORIES: Final[dict[str, str]] = CATALOGUE.categories
SUBJECTS: Final[dict[str, str]] = CATALOGUE.subjects
_CODE_ALIASES: Final[dict[str, str]] = CATALOGUE.code_aliases
_CROSS_CATEGORY_SUBJECTS: Final = CATALOGUE.cross_category_subjects

# Aliases are normalised like the input, so accents, case and punctuation do not
# matter. Overlaps are resolved longest alias first, then by table order, so
# "biomedical engineering" wins over "engineering" and "medical", "天文学" over "文学".
_VOCAB, _WEAK = load_vocabulary()

# Words that qualify a degree title and never name a field.
_FILLER = (
    r"s|hons|honours|honors|degree|programme|program|course|graduate|postgraduate|"
    r"undergraduate|research|taught|candidate|student|with|first class|upper second|"
    r"cum laude|magna cum laude|summa cum laude|distinction|merit|double|joint|"
    r"major|majoring|specialisation|specialization|concentration|option|track|"
    r"dual"
)
_CONNECTORS = r"in the|in|of|en|em|de|di|im|der|des|du|d|da|do|del|della|fur|on|van"

_ZH_NOISE = re.compile(
    r"学士学位|硕士学位|博士学位|学士|硕士|博士后|博士|研究生|本科|专科|专业|学位|方向|"
    r"在读|毕业|全日制|课程"
)

# Traditional characters common in field names, mapped to their simplified forms.
_TRAD = (
    "學與計機電腦資訊醫藥經濟數統體態環築術藝歷語國際傳聞農業園獸護療師範設門類氣產網"
    "絡軟應動車輛礦紡織輕運輸測繪會專論認識財務銀險稅貿營銷廣聲樂劇視畫圖書館檔區規劃"
    "鐵實驗儀導積構結橋質災衛預診斷興離聯漢譯遺細廠標準總組價處單遙檢顯義觀訓練軍戰種"
    "養漁屬發權憲紀監黨倫邏輯兒號調製熱風雲層陸極飛彈碼劑蟲魚齒證審勞職員紙絲飲鄉鎮級"
    "選議參戲攝錄裝飾編額幣氫溫壓聽說讀寫詞話關開變換狀臨腫將項創歐亞華聖鍵盤線纜殼縣"
    "兩萬億為來們個從這麼幾並後裡麵"
)
_SIMP = (
    "学与计机电脑资讯医药经济数统体态环筑术艺历语国际传闻农业园兽护疗师范设门类气产网"
    "络软应动车辆矿纺织轻运输测绘会专论认识财务银险税贸营销广声乐剧视画图书馆档区规划"
    "铁实验仪导积构结桥质灾卫预诊断兴离联汉译遗细厂标准总组价处单遥检显义观训练军战种"
    "养渔属发权宪纪监党伦逻辑儿号调制热风云层陆极飞弹码剂虫鱼齿证审劳职员纸丝饮乡镇级"
    "选议参戏摄录装饰编额币氢温压听说读写词话关开变换状临肿将项创欧亚华圣键盘线缆壳县"
    "两万亿为来们个从这么几并后里面"
)
_TRAD_SIMP = str.maketrans(_TRAD, _SIMP)

_DOTTED = re.compile(r"\b(?:[a-z]{1,4}\.){1,4}")
_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACE = re.compile(r"\s+")
_MINOR = re.compile(r"\b(?:minor|minors|nebenfach|mineure|secondary field)\b.*$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CODE = re.compile(r"^\s*(\d{2}|\d{4}|\d{6})[tk]?(?=$|[\s:;,/|()\-]|[\u3400-\u9fff])")


def _fold(text: str) -> str:
    """Lower-case, strip Latin accents, simplify Chinese and turn punctuation to spaces."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_TRAD_SIMP)
    # Accents only on Latin letters: decomposing kana or hangul would change them.
    text = "".join(
        "".join(
            c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
        )
        if "\u00c0" <= ch <= "\u024f"
        else ch
        for ch in text
    )
    text = text.replace("&", " and ").replace("+", " and ")
    # "B.Sc." -> "bsc ", "Ph.D." -> "phd ", before dots become spaces.
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", "") + " ", text)
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


@cache
def load_terms(
    path: Path = DATA_DIR / "field_terms.toml",
) -> tuple[frozenset[str], dict[str, str | None]]:
    """(not-a-discipline words, degree titles) from `data/field_terms.toml`.

    A degree title maps to the field it implies ("MBA": Business Administration),
    or None when it says nothing about the field ("MSc"). Terms must be written
    folded, since they are compared with folded input.
    """
    doc, lines = read_toml(path)
    names = {name for table in load_vocabulary() for name, *_ in table}
    unmappable = doc.get("unmappable")
    if not isinstance(unmappable, list):
        fail(path, toml_line(lines, "", "unmappable"), "unmappable must be a list")
    titles = doc.get("degree_titles")
    if not isinstance(titles, dict):
        fail(path, 0, "missing table [degree_titles]")
    for table, terms in (("", unmappable), ("degree_titles", list(titles))):
        for term in terms:
            if not isinstance(term, str) or not term or _fold(term) != term:
                line = toml_line(lines, table, str(term))
                fail(
                    path, line, f"{term!r} is not written folded ({_fold(str(term))!r})"
                )
    for title, field in titles.items():
        if not isinstance(field, str) or (field and field not in names):
            line = toml_line(lines, "degree_titles", title)
            fail(path, line, f"{title!r} implies {field!r}, not a vocabulary name")
    degrees = {title: field or None for title, field in titles.items()}
    return frozenset(unmappable), degrees


# Not a discipline: answering with a category would be a guess.
_UNMAPPABLE, _DEGREES = load_terms()


def _degree_pattern() -> re.Pattern[str]:
    """Compile the regex that removes degree titles and their qualifiers."""
    titles = "|".join(re.escape(t) for t in sorted(_DEGREES, key=len, reverse=True))
    return re.compile(
        rf"\b(?P<deg>{titles})(?:\s+(?:{_FILLER}))*(?:\s+(?:{_CONNECTORS}))?\b"
    )


_DEGREE_RE = _degree_pattern()
# Words dropped from either end once the title is gone ("(Hons)", "in", "programme").
_EDGE_RE = re.compile(
    rf"(?:{_CONNECTORS}|s|and|hons|honours|honors|degree|programme|program|course|"
    r"major|majoring|graduate|postgraduate|undergraduate|first class|distinction)"
)


def _strip_degree(text: str) -> tuple[str, str | None]:
    """Remove degree titles; return the rest and the field a title implies, if any."""
    implied: list[str] = []

    def _drop(match: re.Match[str]) -> str:
        field = _DEGREES[match.group("deg")]
        if field:
            implied.append(field)
        return " "

    text = _DEGREE_RE.sub(_drop, text)
    text = _ZH_NOISE.sub(" ", text)
    text = _MINOR.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    words = text.split()
    # A dangling "in"/"of" or honours word left after the title is noise too.
    while words and _EDGE_RE.fullmatch(words[0]):
        words.pop(0)
    while words and _EDGE_RE.fullmatch(words[-1]):
        words.pop()
    return " ".join(words), (implied[0] if implied else None)


@dataclass(frozen=True, slots=True)
class _Alias:
    """One searchable spelling of a vocabulary entry."""

    text: str
    entry: int
    exact_only: bool
    weak: bool
    cjk: bool


@dataclass(frozen=True, slots=True)
class _Entry:
    """A canonical field of study."""

    name: str
    category: str
    subject: str | None
    weak: bool


def _build() -> tuple[tuple[_Entry, ...], tuple[_Alias, ...], dict[str, int]]:
    """Normalise the vocabulary once at import."""
    entries: list[_Entry] = []
    aliases: list[_Alias] = []
    exact: dict[str, int] = {}
    for weak, table in ((False, _VOCAB), (True, _WEAK)):
        for name, category, subject, spellings in table:
            index = len(entries)
            entries.append(_Entry(name, category, subject, weak))
            for raw in (name, *spellings.split("|")):
                exact_only = raw.startswith("=")
                text = _fold(raw.removeprefix("="))
                if not text:
                    continue
                exact.setdefault(text, index)
                if not exact_only:
                    aliases.append(
                        _Alias(text, index, exact_only, weak, bool(_CJK.search(text)))
                    )
    # Longest spelling claims its span first; table order breaks ties.
    aliases.sort(key=lambda a: (-len(a.text), a.entry))
    return tuple(entries), tuple(aliases), exact


_ENTRIES, _ALIASES, _EXACT = _build()
_BY_NAME = {e.name: i for i, e in enumerate(_ENTRIES) if not e.weak}
_BY_NAME["Engineering"] = next(
    i for i, e in enumerate(_ENTRIES) if e.name == "Engineering"
)
_BY_NAME["Science"] = next(i for i, e in enumerate(_ENTRIES) if e.name == "Science")
_WEAK_NAMES = frozenset(name for name, *_ in _WEAK)
_LATIN_WORDS = sorted(
    {w for a in _ALIASES if not a.cjk for w in a.text.split() if len(w) >= 5}
)
_LATIN_WORD_SET = frozenset(_LATIN_WORDS)
_SUGGEST_NAMES = sorted({e.name for e in _ENTRIES if not e.weak} | {"Engineering"})
_SUGGEST_KEYS = {name: _fold(name) for name in _SUGGEST_NAMES}

# Categories close enough that a joint degree keeps its first-named field.
_KIN = (
    frozenset({"07", "08"}),
    frozenset({"01", "02", "03", "04", "05", "06", "11", "12", "13"}),
)


def _result(index: int, matched_by: str) -> FieldClassification:
    """Build the classification for one vocabulary entry."""
    entry = _ENTRIES[index]
    return FieldClassification(entry.category, entry.subject, entry.name, matched_by)


_NONE = FieldClassification(None, None, "", "none")


def _find(text: str) -> list[tuple[int, int]]:
    """Return (position, entry) for every non-overlapping alias found in the text."""
    padded = f" {text} "
    claimed = [False] * len(padded)
    hits: list[tuple[int, int]] = []
    for alias in _ALIASES:
        if alias.exact_only:
            continue
        needle = alias.text if alias.cjk else f" {alias.text} "
        start = padded.find(needle)
        while start != -1:
            lo, hi = (start, start + len(needle))
            inner_lo, inner_hi = (lo, hi) if alias.cjk else (lo + 1, hi - 1)
            if not any(claimed[inner_lo:inner_hi]):
                for i in range(inner_lo, inner_hi):
                    claimed[i] = True
                hits.append((inner_lo, alias.entry))
            start = padded.find(needle, start + 1)
    return sorted(hits)


def _combine(hits: list[tuple[int, int]]) -> FieldClassification | None:
    """Turn keyword hits into one classification (joint degrees included)."""
    strong = [e for _, e in hits if not _ENTRIES[e].weak]
    if not strong:
        weak = [e for _, e in hits if _ENTRIES[e].weak]
        return _result(min(weak), "keyword") if weak else None
    distinct = list(dict.fromkeys(strong))
    first = distinct[0]
    categories = {_ENTRIES[e].category for e in distinct}
    if len(categories) == 1:
        return _result(first, "keyword")
    subjects = {_ENTRIES[e].subject for e in distinct}
    kin = any(categories <= group for group in _KIN)
    if kin and not subjects & set(_CROSS_CATEGORY_SUBJECTS):
        return _result(first, "keyword")
    # A joint degree straddling science and non-science: interdisciplinary, so review.
    names = " + ".join(_ENTRIES[e].name for e in distinct)
    return FieldClassification("14", None, f"Interdisciplinary ({names})", "keyword")


def _correct(text: str) -> str | None:
    """Fix single-word typos against the vocabulary; None when nothing changed."""
    words = text.split()
    changed = False
    for i, word in enumerate(words):
        if len(word) < 6 or word in _LATIN_WORD_SET or _CJK.search(word):
            continue
        limit = 1 if len(word) <= 8 else 2
        best = process.extract(
            word, _LATIN_WORDS, scorer=OSA.distance, score_cutoff=limit, limit=2
        )
        # Two equally close words: do not guess between them.
        if best and (len(best) == 1 or best[0][1] < best[1][1]):
            words[i] = best[0][0]
            changed = True
    return " ".join(words) if changed else None


def _classify_text(text: str) -> FieldClassification:
    """Classify a normalised field name."""
    if not text:
        return _NONE
    if text in _EXACT:
        return _result(_EXACT[text], "exact")
    rest, implied = _strip_degree(text)
    if rest in _UNMAPPABLE:
        return _NONE
    if not rest:
        if implied:
            return _result(_BY_NAME[implied], "keyword")
        return _NONE
    if rest in _EXACT:
        return _result(_EXACT[rest], "exact")
    found = _combine(_find(rest))
    # Only a generic word ("engineering") matched: a typo may hide the real field.
    if found is not None and found.label not in _WEAK_NAMES:
        return found
    corrected = _correct(rest)
    if corrected is not None:
        if corrected in _EXACT:
            return _result(_EXACT[corrected], "fuzzy")
        fixed = _combine(_find(corrected))
        if fixed is not None and (found is None or fixed.label not in _WEAK_NAMES):
            return FieldClassification(
                fixed.category, fixed.subject, fixed.label, "fuzzy"
            )
    if found is not None:
        return found
    if implied:
        return _result(_BY_NAME[implied], "keyword")
    return _NONE


def _parse_code(code: str) -> tuple[str | None, str | None, str]:
    """Return (category, subject, trailing text) for a discipline code, or Nones."""
    match = _CODE.match(code.casefold())
    rest = code[match.end() :].strip(" :;,-/|()") if match else code
    if match is None:
        return None, None, rest
    digits = match.group(1)
    category = digits[:2]
    if category not in CATEGORIES:
        return None, None, rest
    if len(digits) == 2:
        return category, None, rest
    subject = digits[:4]
    if subject not in SUBJECTS and subject not in _CODE_ALIASES:
        return None, None, rest
    # Six digits ending in 00 name a first-level discipline; other six-digit codes are
    # second-level or undergraduate majors, whose first four digits mean different
    # things in the two catalogues, so only the category is trusted.
    if len(digits) == 6 and not digits.endswith("00"):
        return category, None, rest
    return category, _CODE_ALIASES.get(subject, subject), rest


@lru_cache(maxsize=65536)
def _classify(text: str, code: str) -> FieldClassification:
    """Classify normalised inputs (cached)."""
    from_text = _classify_text(text)
    if not code:
        return from_text
    category, subject, trailing = _parse_code(code)
    if category is None:
        return from_text
    if not text and trailing:
        from_text = _classify_text(_fold(trailing))
    if subject is None and from_text.subject is not None:
        # The text may refine a bare category, e.g. "07" + "Statistics" -> 0714.
        allowed = _CROSS_CATEGORY_SUBJECTS.get(from_text.subject, frozenset())
        if from_text.category == category or category in allowed:
            return FieldClassification(
                category, from_text.subject, from_text.label, "code"
            )
    label = SUBJECTS.get(subject, "") if subject else CATEGORIES[category]
    return FieldClassification(category, subject, label, "code")


@lru_cache(maxsize=65536)
def classify_field(
    name: str | None, discipline_code: str | None = None
) -> FieldClassification:
    """Map a field-of-study name and optional MOE discipline code to the catalogue."""
    return _classify(_fold(name or ""), (discipline_code or "").strip())


def stem_status(
    fc: FieldClassification,
    *,
    stem_categories: frozenset[str] = DEFAULT_STEM_CATEGORIES,
    ambiguous_categories: frozenset[str] = DEFAULT_AMBIGUOUS_CATEGORIES,
    ambiguous_subjects: frozenset[str] = DEFAULT_AMBIGUOUS_SUBJECTS,
) -> StemStatus:
    """Say whether a classified field is STEM, ambiguous, non-STEM or unmapped."""
    if fc.category is None:
        return StemStatus.UNMAPPED
    if fc.subject is not None and fc.subject in ambiguous_subjects:
        return StemStatus.AMBIGUOUS
    if fc.category in stem_categories:
        return StemStatus.STEM
    if fc.category in ambiguous_categories:
        return StemStatus.AMBIGUOUS
    return StemStatus.NON_STEM


def field_suggestions(text: str, limit: int = 10) -> list[str]:
    """Return canonical English field names matching what the user has typed."""
    return list(_suggest(text or "", limit))


@lru_cache(maxsize=4096)
def _suggest(text: str, limit: int) -> tuple[str, ...]:
    """Rank canonical names: prefix, word prefix, alias, then fuzzy."""
    query = _fold(text or "")
    if not query or limit <= 0:
        return ()
    ranked: dict[str, int] = {}
    for name, key in _SUGGEST_KEYS.items():
        if key.startswith(query):
            ranked.setdefault(name, 0)
        elif f" {query}" in f" {key}":
            ranked.setdefault(name, 1)
    for alias in _ALIASES:
        if alias.text.startswith(query) or (alias.cjk and query in alias.text):
            ranked.setdefault(_ENTRIES[alias.entry].name, 2)
    if len(ranked) < limit and len(query) >= 4:
        keys = list(_SUGGEST_KEYS.values())
        names = list(_SUGGEST_KEYS)
        for _, score, idx in process.extract(query, keys, limit=limit, score_cutoff=75):
            ranked.setdefault(names[idx], 3 + int(100 - score))
    ordered = sorted(ranked, key=lambda n: (ranked[n], n))
    return tuple(ordered[:limit])
