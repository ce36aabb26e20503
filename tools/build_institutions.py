"""Build jobs/engines/screening/data/institutions.csv from the reference files (maintainers only).

Usage: python tools/build_institutions.py [--source DIR] [--out FILE] [--no-domains]

Reads the four reference files (see jobs/engines/screening/data/README.md), keeps only
facts (names, country, rank band, list membership), and merges the hand-written
aliases in tools/institution_aliases.csv and tools/institution_extras.csv.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from jobs.engines.screening.institutions import (  # noqa: E402
    Institution,
    _tokens_agree,
    load_institutions,
    normalise_name,
    write_institutions,
)
from jobs.engines.screening.sources import (  # noqa: E402
    make_institution,
    merge_institutions,
    merge_rankings,
    parse_arwu_csv,
    parse_domains_json,
    parse_double_first_class_csv,
    parse_ranking_csv,
    parse_research_csv,
    parse_the_csv,
    slugify,
)

DEFAULT_SOURCE = Path("/work/shared/data/universities")
DEFAULT_OUT = ROOT / "jobs" / "screening" / "data" / "institutions.csv"
ALIASES = Path(__file__).resolve().parent / "institution_aliases.csv"
EXTRAS = Path(__file__).resolve().parent / "institution_extras.csv"

FILES = {
    "dfc": "china_double_first_class_2022.csv",
    "ranking": "qs_world_university_rankings_2026.csv",
    "research": "research_institutions_ror.csv",
    "domains": "world_universities_and_domains.json",
}
# Other world rankings, latest edition first: (file, parser, gives ranks). The
# latest edition of each ranking gives the rank; older editions add spellings.
RANKINGS = (
    ("the_2027.csv", parse_the_csv, True),
    ("arwu_2026.csv", parse_arwu_csv, True),
    ("the_2025.csv", parse_the_csv, False),
    ("arwu_2025.csv", parse_arwu_csv, False),
)

# Words that say what a research unit does but not which one it is: a name made
# only of these ("Institute of Physics") exists in several countries, so such a
# unit is named with its parent ("Institute of Physics, Chinese Academy of Sciences").
GENERIC_WORDS = frozenset(
    [
        "institute",
        "center",
        "laboratory",
        "department",
        "division",
        "unit",
        "station",
        "school",
        "academy",
        "research",
        "national",
        "international",
        "joint",
        "key",
        "state",
        "central",
        "general",
        "main",
        "applied",
        "basic",
        "theoretical",
        "experimental",
        "advanced",
        "fundamental",
        "modern",
        "high",
        "energy",
        "physics",
        "chemistry",
        "chemical",
        "mathematics",
        "mathematical",
        "biology",
        "biological",
        "biophysics",
        "biochemistry",
        "molecular",
        "cell",
        "cellular",
        "genetics",
        "genomics",
        "genetic",
        "developmental",
        "science",
        "technology",
        "engineering",
        "computer",
        "computing",
        "computational",
        "informatics",
        "information",
        "systems",
        "system",
        "automation",
        "electronics",
        "electrical",
        "mechanics",
        "mechanical",
        "materials",
        "material",
        "metal",
        "metals",
        "metallurgy",
        "physical",
        "optics",
        "optical",
        "electronic",
        "semiconductor",
        "semiconductors",
        "microelectronics",
        "nuclear",
        "atomic",
        "particle",
        "plasma",
        "solid",
        "state",
        "condensed",
        "matter",
        "geology",
        "geophysics",
        "geography",
        "geochemistry",
        "geosciences",
        "earth",
        "environment",
        "environmental",
        "ecology",
        "botany",
        "zoology",
        "plant",
        "plants",
        "animal",
        "animals",
        "microbiology",
        "virology",
        "immunology",
        "neuroscience",
        "neurosciences",
        "neurobiology",
        "psychology",
        "medicine",
        "medical",
        "health",
        "pharmacology",
        "pharmaceutical",
        "agricultural",
        "agriculture",
        "forestry",
        "fisheries",
        "soil",
        "water",
        "oceanology",
        "oceanography",
        "atmospheric",
        "astronomy",
        "astrophysics",
        "space",
        "economics",
        "history",
        "philosophy",
        "literature",
        "linguistics",
        "language",
        "sociology",
        "law",
        "archaeology",
        "ethnology",
        "anthropology",
        "political",
        "studies",
        "world",
        "mechanics",
        "hydrobiology",
        "entomology",
        "mycology",
        "radiation",
        "radiology",
        "cancer",
        "oncology",
        "biomedical",
        "biotechnology",
        "bioengineering",
        "nanotechnology",
        "nanoscience",
        "energy",
        "power",
        "thermal",
        "thermophysics",
        "acoustics",
        "electrical",
        "process",
        "processes",
        "engineering",
        "thermophysics",
        "resources",
        "resource",
        "natural",
        "sustainable",
        "development",
        "planning",
        "management",
        "statistics",
        "psychological",
        "measurement",
        "remote",
        "sensing",
        "digital",
        "earth",
        "tibetan",
        "plateau",
        "desert",
        "deserts",
        "mountain",
        "hazards",
        "urban",
        "rural",
        "regional",
        "ocean",
        "marine",
        "sea",
        "coastal",
        "arctic",
        "polar",
        "tropical",
        "subtropical",
        "veterinary",
        "crop",
        "crops",
        "food",
        "nutrition",
        "protection",
        "breeding",
        "horticulture",
        "vegetables",
        "fruit",
        "animal",
        "husbandry",
        "grassland",
        "and",
        "of",
        "for",
        "the",
        "in",
        "on",
        "at",
        "de",
        "des",
        "du",
        "la",
        "le",
        "et",
        "di",
        "della",
        "dell",
        "institut",
        "laboratoire",
        "centre",
        "recherche",
        "unité",
        "physique",
        "chimie",
        "biologie",
    ]
)


# Names shared by two campuses that are separate Double First-Class entries: the
# bare name is ambiguous, so no row of its own (both campuses carry it as alias).
UMBRELLAS = frozenset(
    normalise_name(n)
    for n in ("China University of Petroleum", "China University of Geosciences")
)


def load_curated(path: Path) -> dict[str, list[dict[str, str]]]:
    """Read the hand-written alias file into match-key → rows."""
    rows: dict[str, list[dict[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as fp:
        for row in csv.DictReader(fp):
            row = {k: (v or "").strip() for k, v in row.items()}
            rows.setdefault(normalise_name(row["match"]), []).append(row)
    return rows


def find_curated(
    inst: Institution, curated: dict[str, list[dict[str, str]]]
) -> dict[str, str] | None:
    """Return the curated row for an institution (Chinese name first, then names)."""
    for name in inst.names:
        for row in curated.get(normalise_name(name), ()):
            if not row.get("country") or row["country"] == inst.country:
                return row
    return None


def curate(inst: Institution, curated: dict[str, list[dict[str, str]]]) -> Institution:
    """Apply the curated name, Chinese name and aliases to one record."""
    row = find_curated(inst, curated)
    if row is None:
        return inst
    name = row["name"] or inst.name
    name_zh = row["name_zh"] or inst.name_zh
    extra = [a for a in row["aliases"].split("|") if a.strip()]
    return make_institution(
        name,
        key=row["key"] or inst.key,
        country=inst.country,
        kind=inst.kind,
        rank_best=inst.rank_best,
        ranking=inst.ranking,
        ranking_year=inst.ranking_year,
        double_first_class=inst.double_first_class,
        national_research=inst.national_research,
        name_zh=name_zh,
        aliases=[inst.name, *extra, *inst.aliases],
    )


def load_extras(path: Path) -> list[Institution]:
    """Read maintainer-added institutions (facts missing from the snapshots)."""
    out = []
    with path.open(encoding="utf-8", newline="") as fp:
        for row in csv.DictReader(fp):
            out.append(
                make_institution(
                    row["name"],
                    country=row["country"],
                    kind=row["kind"] or "university",
                    rank_best=int(row["rank_best"]) if row["rank_best"] else None,
                    ranking=row["ranking"],
                    ranking_year=int(row["ranking_year"])
                    if row["ranking_year"]
                    else None,
                    national_research=row["national_research"] == "1",
                    aliases=[a for a in row["aliases"].split("|") if a],
                )
            )
    return out


def is_generic(name: str) -> bool:
    """Tell whether a research unit's name is made only of generic subject words."""
    words = re.findall(r"[a-zà-ÿ]+", name.lower())
    return bool(words) and all(w in GENERIC_WORDS for w in words)


def qualify_generic(inst: Institution) -> Institution:
    """Rename a generic research unit with its parent and drop the bare name."""
    if inst.kind != "research" or not is_generic(inst.name):
        return inst
    qualified = [a for a in inst.aliases if a.startswith(inst.name + ", ")]
    if not qualified:
        return inst
    qualified.sort(key=len, reverse=True)
    bare = normalise_name(inst.name)
    aliases = tuple(
        a for a in inst.aliases if normalise_name(a) != bare and a != qualified[0]
    )
    return replace(inst, name=qualified[0], aliases=aliases)


def assign_keys(
    table: list[Institution], curated: dict[str, list[dict[str, str]]]
) -> list[Institution]:
    """Give every row a unique, stable slug key (curated keys first)."""
    used: set[str] = set()
    out: list[Institution] = []
    wanted = []
    for inst in table:
        row = find_curated(inst, curated)
        wanted.append(row["key"] if row and row["key"] else "")
    # Curated keys are reserved before any automatic slug.
    used.update(k for k in wanted if k)
    for inst, key in zip(table, wanted, strict=True):
        if not key:
            base = slugify(inst.name) or inst.key
            key = base
            if key in used:
                key = f"{base}-{inst.country.lower()}" if inst.country else base
            n = 2
            while key in used:
                key = f"{base}-{inst.country.lower()}-{n}"
                n += 1
            used.add(key)
        out.append(replace(inst, key=key))
    return out


def drop_stolen_aliases(
    table: list[Institution], curated: dict[str, list[dict[str, str]]]
) -> list[Institution]:
    """Remove an alias from other rows when a curated row owns it."""
    owners: dict[str, set[int]] = {}
    for pos, inst in enumerate(table):
        row = find_curated(inst, curated)
        if row:
            for alias in row["aliases"].split("|"):
                if alias.strip():
                    owners.setdefault(normalise_name(alias), set()).add(pos)
    out = []
    for pos, inst in enumerate(table):
        keep = tuple(
            a for a in inst.aliases if pos in owners.get(normalise_name(a), {pos})
        )
        out.append(inst if keep == inst.aliases else replace(inst, aliases=keep))
    return out


def screen_domains(
    table: list[Institution], records: list[Institution]
) -> list[Institution]:
    """Keep Hipo rows that are new or the same as a known row; drop near-duplicates.

    A Hipo name close to a known institution of the same country (a spelling
    variant, or a longer name containing it) would compete with it in
    resolution: a close variant is merged into it, anything else near it is
    dropped, since the table must not offer a second, unranked twin.
    """
    known_keys: set[str] = set()
    choices: dict[str, list[tuple[str, Institution]]] = {}
    for inst in table:
        for name in inst.names:
            key = normalise_name(name)
            known_keys.add(key)
            if " " in key and len(key) >= 10:
                choices.setdefault(inst.country, []).append((key, inst))
    kept: list[Institution] = []
    merged = dropped = 0
    for rec in records:
        key = normalise_name(rec.name)
        if key in known_keys or any(
            normalise_name(a) in known_keys for a in rec.aliases
        ):
            kept.append(rec)
            continue
        pool = choices.get(rec.country, [])
        hit = process.extractOne(
            key, [c for c, _ in pool], scorer=fuzz.token_set_ratio, score_cutoff=90
        )
        if hit is None:
            kept.append(rec)
            continue
        choice, _, pos = hit
        target = pool[pos][1]
        close = fuzz.token_sort_ratio(key, choice) >= 93 and _tokens_agree(key, choice)
        if close:
            kept.append(replace(rec, aliases=(*rec.aliases, target.name)))
            merged += 1
        else:
            dropped += 1
    print(
        f"domains list: {len(records)} rows, {merged} fuzzy-merged, {dropped} dropped"
    )
    return kept


def build(source: Path, *, domains: bool = True) -> list[Institution]:
    """Return the merged table from the reference files in source."""
    curated = load_curated(ALIASES)

    def read(kind: str, parser, **kwargs) -> list[Institution]:
        path = source / FILES[kind]
        with path.open(encoding="utf-8-sig") as fp:
            return [curate(inst, curated) for inst in parser(fp, **kwargs)]

    table = read("dfc", parse_double_first_class_csv)
    table = merge_institutions(table, read("ranking", parse_ranking_csv, year=2026))
    research = [qualify_generic(r) for r in read("research", parse_research_csv)]
    table = merge_institutions(table, research)
    table = merge_institutions(table, [curate(e, curated) for e in load_extras(EXTRAS)])
    for name, parser, ranked in RANKINGS:
        with (source / name).open(encoding="utf-8-sig") as fp:
            records = [curate(inst, curated) for inst in parser(fp)]
        table = merge_rankings(table, records, names_only=not ranked)
    if domains:
        hipo = screen_domains(table, read("domains", parse_domains_json))
        table = merge_institutions(table, hipo)
    table = [i for i in table if normalise_name(i.name) not in UMBRELLAS or i.rank_best]
    table = drop_stolen_aliases(table, curated)
    table = assign_keys(table, curated)
    table.sort(key=lambda i: i.key)
    return table


def report(table: list[Institution]) -> None:
    """Print counts and checks."""
    kinds = Counter(i.kind for i in table)
    bands = Counter(i.rank_band for i in table if i.rank_band)
    print(f"rows: {len(table)} {dict(kinds)}")
    print(f"ranked: {sum(bands.values())} {dict(sorted(bands.items()))}")
    print(f"double first-class: {sum(i.double_first_class for i in table)}")
    print(f"national research: {sum(i.national_research for i in table)}")
    print(f"aliases: {sum(len(i.aliases) for i in table)}")
    dfc_no_en = [i.name for i in table if i.double_first_class and not i.name.isascii()]
    if dfc_no_en:
        print("DFC without English name:", dfc_no_en)


def main(argv: list[str] | None = None) -> int:
    """Build the table and write it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-domains", action="store_true", help="skip the Hipo list")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(f"source folder {args.source} not found", file=sys.stderr)
        return 2
    table = build(args.source, domains=not args.no_domains)
    report(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    count = write_institutions(table, args.out)
    assert len(load_institutions(args.out)) == count
    print(f"wrote {count} rows to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
