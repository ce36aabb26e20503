"""Parsers for the reference files that feed the institution table, and merging."""

from __future__ import annotations

import csv
import io
import json
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import IO, Any

from jobs.engines.screening.institutions import Institution, normalise_name, rank_band

QS_RANKING = "QS World University Rankings"
ARWU_RANKING = "ShanghaiRanking ARWU"
THE_RANKING = "THE World University Rankings"

# Country names as the ranking and domain files spell them, to ISO 3166-1 alpha-2.
COUNTRY_CODES: dict[str, str] = {
    "Argentina": "AR", "Armenia": "AM", "Australia": "AU", "Austria": "AT",
    "Azerbaijan": "AZ", "Bahrain": "BH", "Bangladesh": "BD", "Belarus": "BY",
    "Belgium": "BE", "Bosnia and Herzegovina": "BA", "Brazil": "BR",
    "Brunei Darussalam": "BN", "Brunei": "BN", "Bulgaria": "BG", "Canada": "CA",
    "Chile": "CL", "China (Mainland)": "CN", "China": "CN", "Mainland China": "CN",
    "Colombia": "CO", "Costa Rica": "CR", "Croatia": "HR", "Cuba": "CU",
    "Cyprus": "CY", "Northern Cyprus": "CY", "Czechia": "CZ", "Czech Republic": "CZ",
    "Denmark": "DK", "Dominican Republic": "DO", "Ecuador": "EC", "Egypt": "EG",
    "Estonia": "EE", "Ethiopia": "ET", "Finland": "FI", "France": "FR",
    "Georgia": "GE", "Germany": "DE", "Ghana": "GH", "Greece": "GR",
    "Guatemala": "GT", "Honduras": "HN", "Hong Kong SAR, China": "HK",
    "Hong Kong SAR": "HK", "Hong Kong": "HK", "Hungary": "HU", "Iceland": "IS",
    "India": "IN", "Indonesia": "ID", "Iran (Islamic Republic of)": "IR", "Iran": "IR",
    "Iraq": "IQ", "Ireland": "IE", "Israel": "IL", "Italy": "IT", "Japan": "JP",
    "Jordan": "JO", "Kazakhstan": "KZ", "Kenya": "KE", "Kuwait": "KW",
    "Kyrgyzstan": "KG", "Latvia": "LV", "Lebanon": "LB", "Libya": "LY",
    "Lithuania": "LT", "Luxembourg": "LU", "Macao SAR, China": "MO", "Macao": "MO",
    "Macau": "MO", "Malaysia": "MY", "Malta": "MT", "Mexico": "MX", "Morocco": "MA",
    "Netherlands": "NL", "New Zealand": "NZ", "Nigeria": "NG", "Norway": "NO",
    "Oman": "OM", "Pakistan": "PK", "Palestine": "PS", "Palestine, State of": "PS",
    "Panama": "PA", "Paraguay": "PY", "Peru": "PE", "Philippines": "PH",
    "Poland": "PL", "Portugal": "PT", "Puerto Rico": "PR", "Qatar": "QA",
    "Republic of Korea": "KR", "Korea, Republic of": "KR", "South Korea": "KR",
    "Romania": "RO", "Russian Federation": "RU", "Russia": "RU", "Saudi Arabia": "SA",
    "Serbia": "RS", "Singapore": "SG", "Slovakia": "SK", "Slovenia": "SI",
    "South Africa": "ZA", "Spain": "ES", "Sri Lanka": "LK", "Sudan": "SD",
    "Sweden": "SE", "Switzerland": "CH", "Syrian Arab Republic": "SY", "Taiwan": "TW",
    "Taiwan, Province of China": "TW", "Thailand": "TH", "Tunisia": "TN",
    "Türkiye": "TR", "Turkiye": "TR", "Turkey": "TR", "Uganda": "UG", "Ukraine": "UA",
    "United Arab Emirates": "AE", "United Kingdom": "GB", "UK": "GB",
    "United States of America": "US", "United States": "US", "USA": "US",
    "Uruguay": "UY", "Uzbekistan": "UZ", "Venezuela (Bolivarian Republic of)": "VE",
    "Venezuela": "VE", "Viet Nam": "VN", "Vietnam": "VN",
    # THE's and ARWU's spellings beyond QS's.
    "Algeria": "DZ", "Botswana": "BW", "Democratic Republic of the Congo": "CD",
    "Fiji": "FJ", "Jamaica": "JM", "Kosovo": "XK", "Mauritius": "MU",
    "Mongolia": "MN", "Montenegro": "ME", "Mozambique": "MZ", "Namibia": "NA",
    "Nepal": "NP", "North Macedonia": "MK", "Rwanda": "RW", "Syria": "SY",
    "Tanzania": "TZ", "Zambia": "ZM", "Zimbabwe": "ZW",
}  # fmt: skip


def country_code(name: str) -> str:
    """Return the ISO alpha-2 code of a country name as the source files spell it."""
    name = (name or "").strip()
    if name in COUNTRY_CODES:  # before the 2-letter test: "UK" is not a code
        return COUNTRY_CODES[name]
    if len(name) == 2 and name.isalpha():
        return name.upper()
    name = re.sub(r"\s*\(inferred from parent\)$", "", name)
    return COUNTRY_CODES.get(name, "")


_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Return an ASCII slug of a name ("ETH Zurich" → "eth-zurich")."""
    key = normalise_name(text)
    slug = _SLUG.sub("-", key.encode("ascii", "ignore").decode()).strip("-")
    return slug


def make_institution(
    name: str,
    *,
    key: str = "",
    country: str = "",
    kind: str = "university",
    rank_best: int | None = None,
    ranking: str = "",
    ranking_year: int | None = None,
    double_first_class: bool = False,
    national_research: bool = False,
    name_zh: str = "",
    aliases: Iterable[str] = (),
) -> Institution:
    """Build an Institution with a provisional key and the band of its rank."""
    name = " ".join(name.split())
    seen = {normalise_name(name), normalise_name(name_zh)}
    unique: list[str] = []
    for alias in aliases:
        alias = " ".join((alias or "").split())
        norm = normalise_name(alias)
        if norm and norm not in seen:
            seen.add(norm)
            unique.append(alias)
    # Only the band is kept (not the exact rank): rank_best is its lower bound.
    band = rank_band(rank_best)
    rank_best = int(band.split("-")[0]) if band else None
    if rank_best is None:
        ranking, ranking_year = "", None
    if not key:
        key = slugify(name) or slugify(" ".join(unique))
        if not key:
            key = "i-" + format(zlib.crc32((name_zh or name).encode()), "08x")
    return Institution(
        key=key,
        name=name,
        country=country,
        kind=kind,
        rank_best=rank_best,
        rank_band=rank_band(rank_best),
        ranking=ranking,
        ranking_year=ranking_year,
        double_first_class=double_first_class,
        national_research=national_research,
        name_zh=name_zh,
        aliases=tuple(unique),
    )


def _text(fp: IO[str] | IO[bytes] | str) -> str:
    if isinstance(fp, str):
        return fp
    data = fp.read()
    if isinstance(data, bytes):
        data = data.decode("utf-8")
    return data.lstrip("\ufeff")


def _reader(
    fp: IO[str] | IO[bytes] | str, required: set[str], what: str
) -> csv.DictReader[str]:
    reader = csv.DictReader(io.StringIO(_text(fp)))
    fields = set(reader.fieldnames or ())
    missing = required - fields
    if missing:
        raise ValueError(
            f"not a {what}: missing column(s) {', '.join(sorted(missing))}"
            f" (found: {', '.join(sorted(fields)) or 'none'})"
        )
    return reader


# --- names as ranking tables print them -------------------------------------

_ACRONYM = re.compile(r"^[A-Z][A-Za-z&.\-]{1,11}$")
_PAREN = re.compile(r"\(([^)]*)\)")
_DROP_PARENS = ("merged from", "system")
_ALIAS_PREFIXES = ("former ", "formerly ", "aka ", "also known as ", "previously ")


def _is_acronym(text: str) -> bool:
    return bool(_ACRONYM.match(text)) and sum(c.isupper() for c in text) >= 2


def clean_ranking_name(raw: str) -> tuple[str, list[str]]:
    """Split a ranking-table name into a clean name and aliases ("X (MIT)" → X, [MIT])."""
    raw = " ".join(raw.replace("\u00a0", " ").split())
    aliases: list[str] = []
    for content in _PAREN.findall(raw):
        text = content.strip()
        low = text.lower()
        if not text or low.startswith(_DROP_PARENS) or text in COUNTRY_CODES:
            continue
        for prefix in _ALIAS_PREFIXES:
            if low.startswith(prefix):
                text = text[len(prefix) :]
                break
        aliases.append(text.split(",")[0].strip() if "," in text else text)
    name = " ".join(_PAREN.sub(" ", raw).split())
    if " / " in name:
        name, *rest = (part.strip() for part in name.split(" / "))
        aliases.extend(rest)
    if " - " in name:
        parts = [part.strip() for part in name.split(" - ")]
        if _is_acronym(parts[-1]) and len(parts) == 2:
            name, aliases = parts[0], [*aliases, parts[1]]
        elif _is_acronym(parts[0]) and len(parts) == 2:
            name, aliases = parts[1], [*aliases, parts[0]]
        else:
            aliases.extend(p for p in parts if "univ" in p.lower())
    if _is_acronym(name) and aliases and not _is_acronym(aliases[0]):
        name, aliases[0] = aliases[0], name  # "UCL (University College London)"
    if name.isupper() and len(name) > 12:
        name = name.title()  # "UNIVERSITAS INDONESIA"
    return name, aliases


def _parse_rank(value: str) -> int | None:
    match = re.match(r"\s*=?\s*(\d+)", value or "")
    return int(match.group(1)) if match else None


# --- the four reference formats ----------------------------------------------


def parse_domains_json(fp: IO[str] | IO[bytes] | str) -> Iterator[Institution]:
    """Parse the Hipo university-domains JSON (name, alpha_two_code, domains)."""
    try:
        data = json.loads(_text(fp))
    except json.JSONDecodeError as exc:
        raise ValueError(f"not a domains JSON file: {exc}") from exc
    if not isinstance(data, list):
        raise ValueError("not a domains JSON file: expected a JSON array of objects")
    for pos, item in enumerate(data):
        if not isinstance(item, dict) or "name" not in item:
            raise ValueError(f"not a domains JSON file: item {pos} has no 'name'")
        if "alpha_two_code" not in item and "country" not in item:
            raise ValueError(f"not a domains JSON file: item {pos} has no country")
        name = str(item["name"]).strip()
        if not name:
            continue
        aliases: list[str] = []
        if " - " in name:
            first, _, rest = name.partition(" - ")
            if _is_acronym(first.strip()):
                name, aliases = rest.strip(), [first.strip()]
        code = str(item.get("alpha_two_code") or "").upper()
        yield make_institution(
            name,
            country=code or country_code(str(item.get("country", ""))),
            aliases=aliases,
        )


def parse_ranking_csv(
    fp: IO[str] | IO[bytes] | str,
    *,
    ranking: str = QS_RANKING,
    year: int | None = None,
) -> Iterator[Institution]:
    """Parse a ranking table (QS layout: "<year> Rank", "Institution Name", country)."""
    reader = csv.DictReader(io.StringIO(_text(fp)))
    fields = list(reader.fieldnames or ())
    name_col = next(
        (
            f
            for f in fields
            if f.strip().lower() in {"institution name", "institution", "name"}
        ),
        None,
    )
    rank_col = next(
        (
            f
            for f in fields
            if "rank" in f.lower()
            and not any(w in f.lower() for w in ("previous", "score", " ar ", "prev"))
            and not re.search(r"\b[A-Z]{2,3} RANK\b", f)
        ),
        None,
    )
    if name_col is None or rank_col is None:
        raise ValueError(
            "not a ranking CSV: need an institution-name column and a rank column"
            f" (found: {', '.join(fields) or 'none'})"
        )
    country_col = next(
        (
            f
            for f in fields
            if f.strip().lower() in {"country/territory", "country", "location"}
        ),
        None,
    )
    if year is None:
        match = re.search(r"(19|20)\d\d", rank_col)
        year = int(match.group(0)) if match else None
    for row in reader:
        raw = (row.get(name_col) or "").strip()
        if not raw:
            continue
        name, aliases = clean_ranking_name(raw)
        rank = _parse_rank(row.get(rank_col, ""))
        yield make_institution(
            name,
            country=country_code(row.get(country_col, "")) if country_col else "",
            rank_best=rank,
            ranking=ranking,
            ranking_year=year,
            aliases=aliases,
        )


_TABLE_COLUMNS = {"rank", "rank_band", "name", "country", "year"}


def clean_table_name(raw: str) -> tuple[str, list[str]]:
    """Split an ARWU/THE name into a name and aliases, keeping campus parts whole.

    "Massachusetts Institute of Technology - MIT" → the name and "MIT";
    "University of California - San Francisco" stays one name (it normalises like
    "University of California, San Francisco"), never aliased to its first part.
    """
    raw = " ".join(raw.replace("\u00a0", " ").replace("’", "'").split())
    # "(KAIST)" is an alias; "(Main campus)", "(East China)", "(USA)" stay in the
    # name (the resolver also indexes the name without them), never an alias.
    aliases = [c.strip() for c in _PAREN.findall(raw) if _is_acronym(c.strip())]
    name = raw
    for alias in aliases:
        name = name.replace(f"({alias})", " ")
    name = " ".join(name.split()) or raw
    parts = [part.strip() for part in re.split(r" [-–] ", name)]
    if len(parts) == 2 and _is_acronym(parts[1]) and not _is_acronym(parts[0]):
        name, aliases = parts[0], [parts[1], *aliases]
    elif len(parts) == 2 and _is_acronym(parts[0]) and not _is_acronym(parts[1]):
        name, aliases = parts[1], [parts[0], *aliases]
    if len(parts) == 2 and name == " - ".join(parts):
        name = f"{parts[0]} - {parts[1]}"
        aliases.append(f"{parts[0]}, {parts[1]}")  # the usual comma spelling
    return name, aliases


def parse_rank_table_csv(
    fp: IO[str] | IO[bytes] | str,
    *,
    ranking: str,
    year: int | None = None,
) -> Iterator[Institution]:
    """Parse a ranking in the shared layout: rank, rank_band, name, country, year.

    A band ("101-150") counts as its lower bound; only the band of the top 500 is
    kept (as for QS). `year` overrides the file's year column.
    """
    reader = _reader(fp, _TABLE_COLUMNS, f"{ranking} CSV (rank,rank_band,name,…)")
    for row in reader:
        raw = (row.get("name") or "").strip()
        if not raw:
            continue
        name, aliases = clean_table_name(raw)
        rank = _parse_rank(row.get("rank", "")) or _parse_rank(row.get("rank_band", ""))
        edition = year if year is not None else _parse_rank(row.get("year", ""))
        yield make_institution(
            name,
            country=country_code(row.get("country", "")),
            rank_best=rank,
            ranking=ranking,
            ranking_year=edition,
            aliases=aliases,
        )


def parse_arwu_csv(
    fp: IO[str] | IO[bytes] | str, *, year: int | None = None
) -> Iterator[Institution]:
    """Parse ARWU (ShanghaiRanking) in the shared layout (arwu_2026.csv)."""
    return parse_rank_table_csv(fp, ranking=ARWU_RANKING, year=year)


def parse_the_csv(
    fp: IO[str] | IO[bytes] | str, *, year: int | None = None
) -> Iterator[Institution]:
    """Parse THE World University Rankings in the shared layout (the_2027.csv)."""
    return parse_rank_table_csv(fp, ranking=THE_RANKING, year=year)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "y"}


def parse_double_first_class_csv(
    fp: IO[str] | IO[bytes] | str,
) -> Iterator[Institution]:
    """Parse the Double First-Class list (学校, is_985, is_211, name_en_ror, …)."""
    reader = _reader(fp, {"学校"}, "Double First-Class CSV")
    for row in reader:
        name_zh = (row.get("学校") or "").strip()
        if not name_zh:
            continue
        if "is_double_first_class" in row and not _flag(row["is_double_first_class"]):
            continue
        name_en = (row.get("name_en_ror") or "").strip()
        yield make_institution(
            name_en or name_zh,
            country="CN",
            double_first_class=True,
            name_zh=name_zh,
        )


_CJK_HAN = re.compile(r"[\u4e00-\u9fff]")
_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")


def _group_short(group: str) -> tuple[str, str]:
    """Return (full, short) of a group label "Chinese Academy of Sciences (CAS)"."""
    match = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", group or "")
    if not match:
        return (group or "").strip(), ""
    full, short = match.group(1).strip(), match.group(2).strip()
    if not _is_acronym(short.split()[0] if short else ""):
        return full, ""
    return full, short.split()[0]


def parse_research_csv(fp: IO[str] | IO[bytes] | str) -> Iterator[Institution]:
    """Parse the ROR-derived research-institutions table (ror_id, name, group, …)."""
    reader = _reader(fp, {"name", "country_code", "group"}, "research-institutions CSV")
    rows = list(reader)
    parent_zh: dict[str, str] = {}
    for row in rows:
        for alias in (row.get("aliases") or "").split("|"):
            if _CJK_HAN.search(alias) and not _KANA_HANGUL.search(alias):
                parent_zh.setdefault((row.get("ror_id") or "").strip(), alias.strip())
    seen: set[str] = set()
    for row in rows:
        name = (row.get("name") or "").strip()
        ror = (row.get("ror_id") or "").strip()
        if not name or (ror and ror in seen):
            continue
        seen.add(ror)
        raw_aliases = [
            a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()
        ]
        name_zh = next(
            (
                a
                for a in raw_aliases
                if _CJK_HAN.search(a) and not _KANA_HANGUL.search(a)
            ),
            "",
        )
        aliases = [a for a in raw_aliases if a != name_zh]
        prefix = parent_zh.get((row.get("parent_ror_id") or "").strip(), "")
        if name_zh and prefix and not name_zh.startswith(prefix):
            aliases.append(prefix + name_zh)  # 物理研究所 → 中国科学院物理研究所
        if name.startswith("Max Planck Institute "):
            aliases.append("MPI " + name[len("Max Planck Institute ") :])
        parent = (row.get("parent_name") or "").strip()
        full, short = _group_short(row.get("group", ""))
        if parent and normalise_name(parent) not in normalise_name(name):
            qualifiers = {parent, full} | ({short} if short else set())
            for q in sorted(qualifiers):
                if q and normalise_name(q) not in normalise_name(name):
                    aliases.append(f"{name}, {q}")
            if short:
                aliases.append(f"{short} {name}")
        yield make_institution(
            name,
            country=(row.get("country_code") or "").strip().upper()
            or country_code(row.get("country", "")),
            kind="research",
            national_research=True,
            name_zh=name_zh,
            aliases=aliases,
        )


FORMATS: dict[str, Callable[..., Iterator[Institution]]] = {
    "domains-json": parse_domains_json,
    "ranking-csv": parse_ranking_csv,
    "dfc-csv": parse_double_first_class_csv,
    "ror-csv": parse_research_csv,
    "arwu-csv": parse_arwu_csv,
    "the-csv": parse_the_csv,
}
# Formats whose records carry a rank (a year may be given for them).
RANKING_FORMATS = frozenset({"ranking-csv", "arwu-csv", "the-csv"})


# --- merging -----------------------------------------------------------------


def _own_keys(inst: Institution) -> set[str]:
    keys = {normalise_name(inst.name)}
    if inst.name_zh:
        keys.add(normalise_name(inst.name_zh))
    keys.discard("")
    return keys


def _all_keys(inst: Institution) -> set[str]:
    return _own_keys(inst) | {normalise_name(a) for a in inst.aliases} - {""}


def merge_pair(base: Institution, extra: Institution) -> Institution:
    """Merge extra into base: base keeps its key and name; best rank, OR flags, union aliases."""
    rank_fields: dict[str, Any] = {}
    if extra.rank_best is not None and (
        base.rank_best is None or extra.rank_best < base.rank_best
    ):
        rank_fields = {
            "rank_best": extra.rank_best,
            "rank_band": extra.rank_band,
            "ranking": extra.ranking,
            "ranking_year": extra.ranking_year,
        }
    name_zh = base.name_zh or extra.name_zh
    seen = {normalise_name(base.name), normalise_name(name_zh)}
    aliases: list[str] = []
    for alias in (*base.aliases, extra.name, extra.name_zh, *extra.aliases):
        norm = normalise_name(alias)
        if norm and norm not in seen:
            seen.add(norm)
            aliases.append(alias)
    return replace(
        base,
        country=base.country or extra.country,
        double_first_class=base.double_first_class or extra.double_first_class,
        national_research=base.national_research or extra.national_research,
        name_zh=name_zh,
        aliases=tuple(aliases),
        **rank_fields,
    )


def merge_institutions(
    existing: Iterable[Institution], new: Iterable[Institution]
) -> list[Institution]:
    """Merge new records into existing ones by normalised name/alias and country."""
    merged = list(existing)
    by_own: dict[str, list[int]] = {}
    by_any: dict[str, list[int]] = {}

    def register(pos: int) -> None:
        for key in _own_keys(merged[pos]):
            by_own.setdefault(key, []).append(pos)
        for key in _all_keys(merged[pos]):
            by_any.setdefault(key, []).append(pos)

    for pos in range(len(merged)):
        register(pos)
    for inst in new:
        own = _own_keys(inst)
        alias_keys = _all_keys(inst) - own

        def compatible(pos: int, inst: Institution = inst) -> bool:
            other = merged[pos].country
            return not other or not inst.country or other == inst.country

        # The new record's own names may meet any existing name or alias; its
        # aliases may meet only existing official names (two acronyms may clash).
        strong = [p for k in own for p in by_own.get(k, ()) if compatible(p)]
        weak = [p for k in own for p in by_any.get(k, ()) if compatible(p)]
        weak += [p for k in alias_keys for p in by_own.get(k, ()) if compatible(p)]
        target = None
        for candidates in (strong, weak):
            unique = list(dict.fromkeys(candidates))
            if len(unique) == 1:
                target = unique[0]
                break
            if unique:
                target = unique[0] if candidates is strong else None
                break
        if target is None:
            merged.append(inst)
            register(len(merged) - 1)
        else:
            merged[target] = merge_pair(merged[target], inst)
            register(target)
    return merged


def without_rank(inst: Institution) -> Institution:
    """The record with its rank removed (an older edition contributes names only)."""
    return replace(inst, rank_best=None, rank_band="", ranking="", ranking_year=None)


def merge_rankings(
    existing: Iterable[Institution],
    new: Iterable[Institution],
    *,
    names_only: bool = False,
) -> list[Institution]:
    """Merge a ranking's records, matching each name as the resolver would.

    Rankings spell names their own way ("Univ Sci & Tech China", "Karolinska
    Institute"), so a record is matched through an index of the existing rows
    (exact keys, word order, typos; same country), and its spelling becomes an
    alias; the best rank wins. What does not match is merged by name as
    `merge_institutions` does (or added). `names_only` drops the ranks first: an
    older edition adds spellings, the latest edition of each ranking gives ranks;
    its names that match no row are dropped, not added as unranked twins of a
    ranked row spelt otherwise ("Univ Texas Southwestern Med Center").
    """
    from jobs.engines.screening.institutions import InstitutionIndex

    merged = list(existing)
    index = InstitutionIndex(merged)
    position = {id(inst): pos for pos, inst in enumerate(merged)}
    rest: list[Institution] = []
    for inst in new:
        if names_only:
            inst = without_rank(inst)
        target = None
        for name in (inst.name, *(a for a in inst.aliases if not _is_acronym(a))):
            found = index.match(name)
            if found is not None and (
                not found.country or not inst.country or found.country == inst.country
            ):
                target = position[id(found)]
                break
        if target is None:
            if not names_only:
                rest.append(inst)
        else:
            merged[target] = merge_pair(merged[target], inst)
    return merge_institutions(merged, rest)
