"""Test fakes for the screening rules: a tiny institution index with known tiers."""

from __future__ import annotations

from jobs.engines.screening.institutions import Institution


def make_institution(
    name: str,
    *,
    country: str = "GB",
    rank: int | None = None,
    dfc: bool = False,
    national: bool = False,
    kind: str = "university",
    aliases: tuple[str, ...] = (),
) -> Institution:
    """An Institution with only the facts the rules read filled in."""
    return Institution(
        key=name.lower().replace(" ", "-"),
        name=name,
        country=country,
        kind=kind,
        rank_best=rank,
        rank_band="" if rank is None else f"~{rank}",
        ranking="Test Ranking" if rank is not None else "",
        ranking_year=2025 if rank is not None else None,
        double_first_class=dfc,
        national_research=national,
        name_zh="",
        aliases=aliases,
    )


class FakeIndex:
    """Resolves exact names and aliases, case-insensitively; counts look-ups."""

    def __init__(self, institutions: list[Institution]) -> None:
        self.calls = 0
        self._by_name: dict[str, Institution] = {}
        for inst in institutions:
            for n in (inst.name, *inst.aliases):
                self._by_name[n.casefold()] = inst

    def resolve(self, name: str | None) -> Institution | None:
        """Exact (case-folded) name match."""
        self.calls += 1
        if not name:
            return None
        return self._by_name.get(name.strip().casefold())


TOP = make_institution("Top University", rank=10, aliases=("TU",))
TOP50 = make_institution("Fifty University", country="US", rank=45)
TOP_OVERSEAS_80 = make_institution("Eighty University", country="DE", rank=80)
RANK150 = make_institution("Mid University", country="FR", rank=150)
RANK350 = make_institution("Tier Two University", country="AU", rank=350)
RANK800 = make_institution("Far University", country="IN", rank=800)
UNRANKED = make_institution("Plain College", country="US")
DFC = make_institution(
    "Double First Class University", country="CN", rank=None, dfc=True
)
CN_PLAIN = make_institution("Provincial University", country="CN")
INSTITUTE = make_institution(
    "National Physics Institute", country="DE", kind="research", national=True
)

FAKE_INDEX = FakeIndex(
    [
        TOP,
        TOP50,
        TOP_OVERSEAS_80,
        RANK150,
        RANK350,
        RANK800,
        UNRANKED,
        DFC,
        CN_PLAIN,
        INSTITUTE,
    ]
)
