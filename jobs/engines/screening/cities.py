"""City average wages and work-location points: staff-editable configuration data.

Each row gives a city's average annual wage in CNY for one year, the statistic it is,
and whether a job there earns the work-permit location points (工作定向, 10 points:
the western region and the north-east old industrial bases, visa-rules-sources.md
§2.5). The work-permit 4× / 6× salary tests compare an offer with the previous year's
local average wage (§2.6).

The figures were compiled offline from recollection of the published municipal
statistics and social-insurance announcements named in each row; they could not be
checked against the releases while writing, so rows marked "approx." are rounded
estimates. They are defaults only: `RulesConfig.city_wages` carries the table, staff
edit it (and should replace every "approx." row with the published figure and its
year) without a code change, and the rules version changes with it.

Western region (西部大开发): Chongqing, Sichuan, Guizhou, Yunnan, Tibet, Shaanxi, Gansu,
Qinghai, Ningxia, Xinjiang, Inner Mongolia, Guangxi. North-east old industrial bases
(东北老工业基地): Liaoning, Jilin, Heilongjiang.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class CityWage:
    """One city's average annual wage for a statistical year, and where it applies.

    `measure` says which statistic the figure is (all urban units 全口径, urban
    non-private, on-post: visa-rules-sources §8.2); `valid_from` / `valid_to`
    (ISO dates, "" = open) are the window of application dates it is used for
    (cities switch in July to the latest published year; Beijing and Shanghai
    switched in February 2026). A row without a window applies whenever no dated
    row does.
    """

    city: str
    city_zh: str
    province: str
    avg_wage_cny: int
    year: int
    source: str
    location_points_region: bool
    measure: str = ""
    valid_from: str = ""
    valid_to: str = ""

    def applies_on(self, day: str) -> bool:
        """Whether the window holds the ISO date `day` (open ends hold everything)."""
        return (not self.valid_from or self.valid_from <= day) and (
            not self.valid_to or day <= self.valid_to
        )


MEASURE_ALL = "all urban units (全口径)"
MEASURE_NON_PRIVATE = "urban non-private units (城镇非私营单位)"
MEASURE_ON_POST = "on-post employees of urban units (城镇单位在岗职工)"
MEASURES: Final = (MEASURE_ALL, MEASURE_NON_PRIVATE, MEASURE_ON_POST)


_NP = "average annual wage of employees in urban non-private units (城镇非私营单位)"
_ALL = "average wage of all urban-unit employees (全口径城镇单位就业人员平均工资)"


def _row(
    city: str, zh: str, province: str, wage: int, year: int, source: str, region: bool
) -> CityWage:
    measure = (
        MEASURE_ALL if _ALL in source else MEASURE_NON_PRIVATE if _NP in source else ""
    )
    return CityWage(city, zh, province, wage, year, source, region, measure)


# Largest cities by population/economy first. "approx." = rounded estimate to verify.
_UNDATED: Final[tuple[CityWage, ...]] = (
    _row(
        "Shanghai",
        "上海",
        "Shanghai",
        147_684,
        2023,
        f"Shanghai Municipal HRSS Bureau, 2024 social-insurance base notice: {_ALL}, "
        "CNY 12,307/month",
        False,
    ),
    _row(
        "Beijing",
        "北京",
        "Beijing",
        143_244,
        2023,
        f"Beijing Municipal HRSS Bureau, 2024 social-insurance base notice: {_ALL}, "
        "CNY 11,937/month",
        False,
    ),
    _row(
        "Shenzhen",
        "深圳",
        "Guangdong",
        157_000,
        2023,
        f"Shenzhen Statistics Bureau: {_NP} (approx.)",
        False,
    ),
    _row(
        "Guangzhou",
        "广州",
        "Guangdong",
        125_388,
        2022,
        "Guangzhou work-permit thresholds as reported for 2023 (6× = CNY 62,694/month, "
        "visa-rules-sources.md W7, commentary)",
        False,
    ),
    _row(
        "Chongqing",
        "重庆",
        "Chongqing",
        115_000,
        2023,
        f"Chongqing Municipal Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Chengdu",
        "成都",
        "Sichuan",
        121_000,
        2023,
        f"Chengdu Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Tianjin",
        "天津",
        "Tianjin",
        128_000,
        2023,
        f"Tianjin Municipal Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    CityWage(
        "Wuhan",
        "武汉",
        "Hubei",
        110_134,
        2023,
        "Wuhan Science and Technology Bureau notice, kjj.wuhan.gov.cn, 29 Jun 2024 "
        "(official): thresholds for applications 1 Jul 2024 - 30 Jun 2025",
        False,
        MEASURE_ON_POST,
        "2024-07-01",
        "2025-06-30",
    ),
    _row(
        "Hangzhou",
        "杭州",
        "Zhejiang",
        160_000,
        2023,
        f"Hangzhou Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Xi'an",
        "西安",
        "Shaanxi",
        116_000,
        2023,
        f"Xi'an Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Nanjing",
        "南京",
        "Jiangsu",
        158_000,
        2023,
        f"Nanjing Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Suzhou",
        "苏州",
        "Jiangsu",
        140_000,
        2023,
        f"Suzhou Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Zhengzhou",
        "郑州",
        "Henan",
        105_000,
        2023,
        f"Zhengzhou Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Changsha",
        "长沙",
        "Hunan",
        120_000,
        2023,
        f"Changsha Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Dongguan",
        "东莞",
        "Guangdong",
        100_000,
        2023,
        f"Dongguan Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Foshan",
        "佛山",
        "Guangdong",
        110_000,
        2023,
        f"Foshan Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Shenyang",
        "沈阳",
        "Liaoning",
        105_000,
        2023,
        f"Shenyang Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Qingdao",
        "青岛",
        "Shandong",
        125_000,
        2023,
        f"Qingdao Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Jinan",
        "济南",
        "Shandong",
        125_000,
        2023,
        f"Jinan Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Hefei",
        "合肥",
        "Anhui",
        123_000,
        2023,
        f"Hefei Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Kunming",
        "昆明",
        "Yunnan",
        115_000,
        2023,
        f"Kunming Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Harbin",
        "哈尔滨",
        "Heilongjiang",
        98_000,
        2023,
        f"Harbin Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Dalian",
        "大连",
        "Liaoning",
        115_000,
        2023,
        f"Dalian Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Ningbo",
        "宁波",
        "Zhejiang",
        135_000,
        2023,
        f"Ningbo Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Xiamen",
        "厦门",
        "Fujian",
        130_000,
        2023,
        f"Xiamen Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Fuzhou",
        "福州",
        "Fujian",
        118_000,
        2023,
        f"Fuzhou Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Wuxi",
        "无锡",
        "Jiangsu",
        135_000,
        2023,
        f"Wuxi Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Changchun",
        "长春",
        "Jilin",
        102_000,
        2023,
        f"Changchun Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Shijiazhuang",
        "石家庄",
        "Hebei",
        98_000,
        2023,
        f"Shijiazhuang Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Nanning",
        "南宁",
        "Guangxi",
        105_000,
        2023,
        f"Nanning Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Guiyang",
        "贵阳",
        "Guizhou",
        110_000,
        2023,
        f"Guiyang Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Taiyuan",
        "太原",
        "Shanxi",
        105_000,
        2023,
        f"Taiyuan Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Nanchang",
        "南昌",
        "Jiangxi",
        105_000,
        2023,
        f"Nanchang Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Urumqi",
        "乌鲁木齐",
        "Xinjiang",
        120_000,
        2023,
        f"Urumqi Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Lanzhou",
        "兰州",
        "Gansu",
        110_000,
        2023,
        f"Lanzhou Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Hohhot",
        "呼和浩特",
        "Inner Mongolia",
        110_000,
        2023,
        f"Hohhot Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Haikou",
        "海口",
        "Hainan",
        115_000,
        2023,
        f"Haikou Bureau of Statistics: {_NP} (approx.)",
        False,
    ),
    _row(
        "Yinchuan",
        "银川",
        "Ningxia",
        112_000,
        2023,
        f"Yinchuan Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Xining",
        "西宁",
        "Qinghai",
        112_000,
        2023,
        f"Xining Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
    _row(
        "Lhasa",
        "拉萨",
        "Tibet",
        140_000,
        2023,
        f"Lhasa Bureau of Statistics: {_NP} (approx.)",
        True,
    ),
)

# Historical or romanised spellings people still type; keys are normalised.
_ALIASES: Final[dict[str, str]] = {
    "peking": "beijing",
    "canton": "guangzhou",
    "amoy": "xiamen",
    "chungking": "chongqing",
    "urumchi": "urumqi",
    "wulumuqi": "urumqi",
    "huhehaote": "hohhot",
    "haerbin": "harbin",
    "sian": "xian",
    "nanking": "nanjing",
    "tientsin": "tianjin",
    "hangchow": "hangzhou",
    "lasa": "lhasa",
}
_SUFFIXES: Final[tuple[str, ...]] = ("shi", "city", "municipality")
_DROP = re.compile(r"[\s'’`\-_.,()（）·]+")


def _dated(
    city: str,
    wage: int,
    measure: str,
    source: str,
    *,
    year: int = 2024,
    valid_from: str = "2025-07-01",
    valid_to: str = "2026-06-30",
    confirmed: bool = False,
) -> CityWage:
    """A 2024 row from visa-rules-sources §8.4, copying the city facts of its old row."""
    base = next(r for r in _UNDATED if r.city == city)
    text = (
        source if confirmed else f"{source} (approx.: not checked against the release)"
    )
    return CityWage(
        city,
        base.city_zh,
        base.province,
        wage,
        year,
        text,
        base.location_points_region,
        measure,
        valid_from,
        valid_to,
    )


_ALL_CONFIRMED = "Convinus/Mondaq 2026 and Vialto, 13 Feb 2026"
# visa-rules-sources §8.2 and §8.4 (2026 update). Only Beijing and Shanghai are
# confirmed by two sources; the rest stay "approx." until staff confirm them.
DEFAULT_CITY_WAGES: Final[tuple[CityWage, ...]] = (
    *_UNDATED,
    _dated(
        "Beijing",
        143_244,
        MEASURE_ALL,
        f"Beijing Overseas Talent Center salary commitment letter from 4 Feb 2026 "
        f"(A ≥ CNY 859,464, B ≥ CNY 572,976; CNY 11,937/month), {_ALL_CONFIRMED}",
        valid_from="2026-02-04",
        valid_to="",
        confirmed=True,
    ),
    _dated(
        "Shanghai",
        149_208,
        MEASURE_ALL,
        f"Shanghai work-permit system update of 3 Feb 2026 (A ≥ CNY 895,248, "
        f"B ≥ CNY 596,832; CNY 12,434/month), {_ALL_CONFIRMED}",
        valid_from="2026-02-03",
        valid_to="",
        confirmed=True,
    ),
    _dated(
        "Shenzhen", 174_478, MEASURE_NON_PRIVATE, "cites tjj.sz.gov.cn, 30 Jun 2025"
    ),
    _dated(
        "Guangzhou",
        159_312,
        MEASURE_NON_PRIVATE,
        "cites tjj.gz.gov.cn, 29 Jun 2025 (on-post: 164,443)",
    ),
    _dated(
        "Hangzhou", 162_774, MEASURE_NON_PRIVATE, "reprint of the Hangzhou statistics"
    ),
    _dated("Nanjing", 160_374, MEASURE_NON_PRIVATE, "cites tjj.nanjing.gov.cn"),
    _dated("Tianjin", 142_437, MEASURE_NON_PRIVATE, "cites stats.tj.gov.cn"),
    _dated(
        "Suzhou",
        143_611,
        MEASURE_ON_POST,
        "cites tjj.suzhou.gov.cn (on-post, urban non-private units)",
    ),
    _dated("Wuhan", 138_241, MEASURE_NON_PRIVATE, "cites tjj.wuhan.gov.cn"),
    _dated("Qingdao", 129_816, MEASURE_NON_PRIVATE, "via The Paper"),
    _dated("Xi'an", 127_045, MEASURE_NON_PRIVATE, "public data file"),
    _dated(
        "Chengdu", 125_512, MEASURE_NON_PRIVATE, "reprint of the Chengdu statistics"
    ),
    _dated("Chongqing", 117_546, MEASURE_NON_PRIVATE, "cites tjj.cq.gov.cn"),
    _dated("Zhengzhou", 106_674, MEASURE_NON_PRIVATE, "public data file"),
    _dated("Shijiazhuang", 105_681, MEASURE_NON_PRIVATE, "cites sjz.gov.cn"),
    _dated(
        "Dongguan",
        141_588,
        MEASURE_NON_PRIVATE,
        "Pearl River Delta figure, cites stats.gd.gov.cn",
    ),
    _dated(
        "Foshan",
        141_588,
        MEASURE_NON_PRIVATE,
        "Pearl River Delta figure, cites stats.gd.gov.cn",
    ),
)


def pick_wage(rows: tuple[CityWage, ...], as_of: str) -> CityWage | None:
    """The row whose window holds `as_of` (the latest-starting one), else the newest."""
    if not rows:
        return None
    holding = [r for r in rows if r.applies_on(as_of)]
    pool = holding or list(rows)
    return max(pool, key=lambda r: (r.valid_from, r.year, r.valid_to or "9999"))


def normalise_city(name: str) -> str:
    """Fold a city name for lookup: case, accents, punctuation, "Shi"/"市"/"City"."""
    text = unicodedata.normalize("NFKD", name.strip().casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DROP.sub("", text)
    text = text.removesuffix("市")
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text.removesuffix(suffix)
            break
    return _ALIASES.get(text, text)


def build_city_lookup(
    rows: tuple[CityWage, ...],
) -> dict[str, tuple[CityWage, ...]]:
    """Map every normalised English and Chinese spelling of a city to its rows."""
    lookup: dict[str, list[CityWage]] = {}
    for row in rows:
        keys = {normalise_city(s) for s in (row.city, row.city_zh) if s}
        for key in keys:
            lookup.setdefault(key, []).append(row)
    return {key: tuple(found) for key, found in lookup.items()}


def find_city(
    name: str | None, rows: tuple[CityWage, ...], *, as_of: str = "9999-12-31"
) -> CityWage | None:
    """Return the row for a city however it is written (see `pick_wage`), or None."""
    if not name:
        return None
    return pick_wage(build_city_lookup(rows).get(normalise_city(name), ()), as_of)
