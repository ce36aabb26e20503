"""Institution table and name resolver for the "well-known institution" criterion."""

from __future__ import annotations

import bisect
import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

DATA_DIR = Path(__file__).resolve().parent / "data"

KINDS = ("university", "research")
RANK_BANDS = ("1-50", "51-100", "101-200", "201-300", "301-400", "401-500")

CSV_COLUMNS = (
    "key",
    "name",
    "country",
    "kind",
    "rank_best",
    "rank_band",
    "ranking",
    "ranking_year",
    "double_first_class",
    "national_research",
    "name_zh",
    "aliases",
)


@dataclass(frozen=True, slots=True)
class Institution:
    """One university or research institution of the shipped table."""

    key: str
    name: str
    country: str
    kind: str
    rank_best: int | None
    rank_band: str
    ranking: str
    ranking_year: int | None
    double_first_class: bool
    national_research: bool
    name_zh: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Return the official name, the Chinese name and the aliases."""
        extra = (self.name_zh,) if self.name_zh else ()
        return (self.name, *extra, *self.aliases)


def rank_band(rank: int | None) -> str:
    """Return the band ("1-50" … "401-500") of a rank, or "" beyond 500 or if None."""
    if rank is None or rank < 1:
        return ""
    for band in RANK_BANDS:
        low, high = (int(part) for part in band.split("-"))
        if low <= rank <= high:
            return band
    return ""


# --- normalisation ---------------------------------------------------------

# Traditional (and Japanese shinjitai) characters common in institution names,
# mapped to simplified Chinese so that 東京大學 / 東京大学 / 东京大学 meet.
_TRAD_SIMP_PAIRS = (
    "學学國国華华東东農农醫医藥药師师範范電电機机業业經经濟济貿贸開开築筑礦矿臺台灣湾"
    "鐵铁與与藝艺術术體体語语專专傳传興兴蘇苏漢汉陽阳廣广遼辽寧宁慶庆龍龙雲云貴贵陝陕"
    "軍军氣气聯联長长紡纺織织資资財财視视聽听戲戏劇剧樂乐歷历產产測测繪绘發发豐丰實实"
    "驗验員员會会計计態态環环獸兽動动圖图書书館馆馬马爾尔歐欧亞亚麗丽羅罗蘭兰倫伦劍剑"
    "橋桥紐纽約约達达維维熱热帶带應应運运輸输飛飞線线網网絡络訊讯際际關关係系衛卫島岛"
    "嶺岭門门廈厦鄭郑頭头邊边內内區区縣县鄉乡鎮镇園园場场總总義义齒齿選选進进遠远達达"
    "導导鋼钢鑛矿陸陆險险園园設设計计論论識识證证議议譯译讀读語语調调護护療疗衛卫歲岁"
    "壽寿灣湾濱滨瀋沈澳澳廣广紀纪綜综職职業业來来車车軟软輕轻載载輪轮擊击鬥斗爭争辦办"
    "氣气權权歡欢觀观類类顯显風风養养館馆體体蠶蚕穀谷蘋苹麥麦氫氢鈉钠鋁铝銅铜鋅锌錫锡"
    "聖圣勞劳務务協协環环屬属學学聲声質质點点黨党對对禮礼團团圓圆報报舊旧雙双變变驗验"
    "廳厅愛爱溫温漁渔濟济淨净滬沪湯汤潔洁鏡镜鐘钟銀银錢钱鑄铸閩闽閱阅隨随隱隐難难雜杂"
    "雞鸡離离電电靈灵韓韩頂顶順顺須须領领頻频題题顏颜願愿類类飯饭飲饮騎骑驅驱驗验體体"
    "鬱郁鳥鸟鳳凤鹽盐麼么齊齐龜龟樓楼構构標标樣样樹树檢检權权歸归殘残氣气決决沒没淺浅"
    "滿满漲涨澤泽灣湾災灾爲为無无煙烟熱热獨独獲获現现瑪玛環环產产畫画當当發发盡尽監监"
    "硃朱礎础祿禄稅税種种稱称穩稳窮穷競竞筆笔節节範范糧粮紅红納纳紙纸紹绍組组細细終终"
    "結结給给統统絲丝綠绿網网緒绪練练縣县總总績绩織织繼继續续罰罚羅罗習习聯联腦脑臨临"
    "興兴與与舉举艦舰莊庄華华萬万葉叶著着蒼苍蓋盖藍蓝蘭兰處处蟲虫衆众補补裝装複复見见"
    "規规視视覺觉親亲觀观訂订訓训託托記记許许設设訪访診诊評评試试詩诗話话該该詳详認认"
    "誌志語语誠诚說说課课調调談谈請请諸诸謝谢證证識识譜谱護护讓让豐丰貝贝負负財财貨货"
    "質质購购賽赛贊赞趙赵跡迹躍跃軌轨輔辅辭辞農农遊游運运過过達达違违遞递鄉乡醫医釋释"
    "針针鈺钰銘铭鋒锋錦锦鍊炼鐳镭閃闪閣阁闆板陳陈陰阴隊队階阶際际雖虽雲云靜静響响頁页"
    "項项順顺預预頓顿頻频館馆駐驻驚惊髮发魯鲁鮮鲜鹿鹿麥麦黃黄點点齡龄"
    # Japanese shinjitai forms.
    "沢泽広广辺边県县図图薬药関关総总経经済济鉄铁応应験验栄荣児儿歯齿稲稻気气駅驿"
    "弁办転转価价売卖読读楽乐戦战労劳営营県县団团専专実实鋭锐隣邻"
)
_TRAD_SIMP = {
    ord(_TRAD_SIMP_PAIRS[i]): _TRAD_SIMP_PAIRS[i + 1]
    for i in range(0, len(_TRAD_SIMP_PAIRS) - 1, 2)
}
_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ß": "ss",
        "'": "",
        "’": "",
        "‘": "",
        "`": "",
        "´": "",
        "&": " and ",
        "+": " and ",
        "_": " ",
        # Arabic letter variants people type interchangeably (hamza forms of
        # alef, alef maqsura, ta marbuta); diacritics go with the combining marks.
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ـ": "",
        # Hebrew geresh and gershayim, and Russian guillemets around names.
        "׳": "",
        "״": "",
    }
)
_STOPWORDS = frozenset(
    [
        "the",
        "of",
        "de",
        "du",
        "des",
        "d",
        "l",
        "la",
        "le",
        "les",
        "di",
        "del",
        "della",
        "dello",
        "degli",
        "dei",
        "delle",
        "da",
        "do",
        "dos",
        "das",
        "y",
        "e",
        "et",
        "and",
        "und",
        "at",
        "in",
        "zu",
        "der",
        "die",
        "den",
        "fur",
        "for",
        "a",
        "an",
    ]
)
_TOKEN_MAP = {
    "univ": "university",
    "uni": "university",
    "universitat": "university",
    "universite": "university",
    "universidad": "university",
    "universidade": "university",
    "universita": "university",
    "universiteit": "university",
    "universitet": "university",
    "universiti": "university",
    "universitas": "university",
    "univerzita": "university",
    "univerza": "university",
    "uniwersytet": "university",
    "universitatea": "university",
    "universitaet": "university",
    "universities": "university",
    "inst": "institute",
    "institut": "institute",
    "instituto": "institute",
    "istituto": "institute",
    "institutt": "institute",
    "technische": "technical",
    "technischen": "technical",
    "technol": "technology",
    # ARWU's abbreviations ("Univ Sci & Tech China", "Swiss Fed Inst Tech").
    "tech": "technology",
    "med": "medical",
    "sch": "school",
    "econ": "economics",
    "agr": "agricultural",
    "fed": "federal",
    "elect": "electronic",
    "engn": "engineering",
    "coll": "college",
    "ctr": "center",
    "polytech": "polytechnic",
    "sciences": "science",
    "sci": "science",
    "natl": "national",
    "nat": "national",
    "centre": "center",
    "centro": "center",
    "lab": "laboratory",
    "labs": "laboratory",
    "laboratories": "laboratory",
    "dept": "department",
    "second": "2nd",
    "third": "3rd",
    "fourth": "4th",
    "saint": "st",
    "sankt": "st",
    "ste": "st",
    "munchen": "munich",
    "koln": "cologne",
    "wien": "vienna",
    "praha": "prague",
    "roma": "rome",
    "milano": "milan",
    "torino": "turin",
    "napoli": "naples",
    "firenze": "florence",
    "padova": "padua",
    "genova": "genoa",
    "venezia": "venice",
    "lisboa": "lisbon",
    "warszawa": "warsaw",
    "kobenhavn": "copenhagen",
    "goteborg": "gothenburg",
    "bruxelles": "brussels",
    "brussel": "brussels",
    "moskva": "moscow",
    "sevilla": "seville",
    "nurnberg": "nuremberg",
    "hannover": "hanover",
    "geneve": "geneva",
    "genf": "geneva",
    "zuerich": "zurich",
    "muenchen": "munich",
    "tuebingen": "tubingen",
    "goettingen": "gottingen",
    # Russian: "им." is the usual short form of "имени" (named after).
    "им": "имени",
}
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff"
_CJK_SPACE = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_NON_WORD = re.compile(r"[\W_]+")
_PARENS = re.compile(r"\s*[(\[（【][^)\]）】]*[)\]）】]\s*")
_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """Return the comparison key of a name: case, accents, punctuation, filler ignored."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text).casefold().translate(_TRAD_SIMP)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = _NON_WORD.sub(" ", s.translate(_SPECIAL))
    tokens = []
    for token in s.split():
        token = _TOKEN_MAP.get(token, token)
        if token not in _STOPWORDS:
            tokens.append(token)
    if not tokens and s.strip():
        tokens = s.split()  # a name made only of filler words
    out = " ".join(tokens)
    if " " in out and _CJK_CHAR.search(out):
        out = _CJK_SPACE.sub("", out)
    return unicodedata.normalize("NFC", out)


def strip_parentheticals(text: str) -> str:
    """Return text without parenthesised parts ("X (Main Campus)" → "X")."""
    return _PARENS.sub(" ", text).strip()


_GENERIC_CORE = frozenset({"university", "college", "the"})
_GENERIC_WORDS = frozenset(
    {"university", "college", "institute", "school", "academy", "center"}
    | {"laboratory", "national", "state", "technology", "science", "research"}
)


def _core_key(key: str) -> str:
    """Return a key without "university"/"college" (Stanford University → stanford)."""
    tokens = [t for t in key.split() if t not in _GENERIC_CORE]
    return " ".join(tokens)


def _sorted_key(key: str) -> str:
    return " ".join(sorted(key.split()))


def _has_cjk(text: str) -> bool:
    return bool(_CJK_CHAR.search(text))


# --- the index -------------------------------------------------------------

# Families whose every member counts as a national research institution: a name
# that names the family but no known member resolves to the family's parent.
_FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("max planck", ("max planck society",)),
    ("fraunhofer", ("fraunhofer society", "fraunhofer gesellschaft")),
    ("helmholtz", ("helmholtz association german research centres",)),
    ("riken", ("riken",)),
    ("cnrs", ("centre national recherche scientifique",)),
    ("inserm", ("inserm",)),
    ("chinese academy science", ("chinese academy science",)),
    ("中国科学院", ("chinese academy science",)),
)
_FAMILY_EXCLUDE = re.compile(r"university|大学|universit")

_NAME, _ALIAS, _DERIVED = 0, 1, 2


class InstitutionIndex:
    """Resolve free-text names to institutions: exact/alias keys first, then fuzzy."""

    def __init__(
        self,
        institutions: Iterable[Institution],
        *,
        fuzzy_threshold: float = 90.0,
        fuzzy_margin: float = 4.0,
    ) -> None:
        """Index institutions by normalised name, alias and derived keys."""
        self._items: tuple[Institution, ...] = tuple(institutions)
        self.fuzzy_threshold = fuzzy_threshold
        self.fuzzy_margin = fuzzy_margin
        self._by_key = {inst.key: inst for inst in self._items}
        # key -> (level, set of item indexes) keeping only the best level per key.
        exact: dict[str, tuple[int, set[int]]] = {}

        def add(key: str, level: int, idx: int) -> None:
            if not key:
                return
            found = exact.get(key)
            if found is None or level < found[0]:
                exact[key] = (level, {idx})
            elif level == found[0]:
                found[1].add(idx)

        sorted_keys: dict[str, set[int]] = {}
        for idx, inst in enumerate(self._items):
            keys = {normalise_name(inst.name)}
            if inst.name_zh:
                keys.add(normalise_name(inst.name_zh))
            for key in keys:
                add(key, _NAME, idx)
            alias_keys = {normalise_name(a) for a in inst.aliases} - keys
            for key in alias_keys:
                add(key, _ALIAS, idx)
            all_keys = keys | alias_keys
            derived = set()
            for name in inst.names:
                if "(" in name or "（" in name:
                    derived.add(normalise_name(strip_parentheticals(name)))
            for key in keys:  # official names only: "Beijing" is not PKU
                core = _core_key(key)
                if core and core != key and not core.isdigit():
                    derived.add(core)
            for key in derived - all_keys:
                add(key, _DERIVED, idx)
            # "X University" vs "University of X" are often different US
            # institutions (Washington University vs University of Washington).
            for key in all_keys if inst.country != "US" else ():
                if " " in key:
                    sorted_keys.setdefault(_sorted_key(key), set()).add(idx)
        self._exact: dict[str, tuple[int, frozenset[int]]] = {
            key: (level, frozenset(idxs)) for key, (level, idxs) in exact.items()
        }
        self._sorted = {k: next(iter(v)) for k, v in sorted_keys.items() if len(v) == 1}
        # Fuzzy choices: unambiguous name/alias keys of 6+ characters, by length.
        # Fuzzy choices: unambiguous name/alias keys of 6+ characters, reachable
        # by their distinctive words (and, for one-word names, by length).
        self._fuzzy_keys: list[str] = []
        self._fuzzy_items: list[int] = []
        by_token: dict[str, list[int]] = {}
        self._fuzzy_by_len: dict[int, list[int]] = {}
        for key, (level, idxs) in self._exact.items():
            if level == _DERIVED or len(idxs) != 1 or len(key) < 6 or _has_cjk(key):
                continue
            pos = len(self._fuzzy_keys)
            self._fuzzy_keys.append(_sorted_key(key))
            self._fuzzy_items.append(next(iter(idxs)))
            for token in set(key.split()):
                by_token.setdefault(token, []).append(pos)
            if " " not in key:
                self._fuzzy_by_len.setdefault(len(key), []).append(pos)
        self._fuzzy_by_token = {t: v for t, v in by_token.items() if len(v) <= 400}
        self._vocabulary = sorted(by_token)
        self._close_words = functools.lru_cache(maxsize=50_000)(self._close_uncached)
        # Autocomplete: token -> items, and a sorted token list for prefix lookups.
        tokens: dict[str, set[int]] = {}
        self._search_keys: list[tuple[str, int]] = []
        for key, (level, idxs) in self._exact.items():
            if level == _DERIVED:
                continue
            for idx in idxs:
                self._search_keys.append((key, idx))
                for token in key.split():
                    tokens.setdefault(token, set()).add(idx)
        self._tokens = tokens
        self._token_list = sorted(tokens)
        self._families = []
        for marker, parents in _FAMILIES:
            for parent in parents:
                hit = self._exact.get(parent)
                if hit and len(hit[1]) == 1:
                    self._families.append((marker, next(iter(hit[1]))))
                    break
        self._resolve_key = functools.lru_cache(maxsize=200_000)(self._resolve_uncached)

    def __len__(self) -> int:
        """Return the number of institutions."""
        return len(self._items)

    def __iter__(self) -> Iterator[Institution]:
        """Iterate over the institutions."""
        return iter(self._items)

    def get(self, key: str) -> Institution | None:
        """Return the institution with this stable key, or None."""
        return self._by_key.get(key)

    def resolve(self, name: str | None) -> Institution | None:
        """Return the institution a free-text name denotes, or None if unsure."""
        if not name:
            return None
        idx = self._resolve_key(name.strip())
        return None if idx is None else self._items[idx]

    def candidates(self, name: str | None) -> list[Institution]:
        """Return every institution a name matches exactly (several when ambiguous)."""
        if not name:
            return []
        for text in (name, strip_parentheticals(name)):
            hit = self._exact.get(normalise_name(text))
            if hit is not None:
                return [self._items[i] for i in sorted(hit[1])]
        found = self.resolve(name)
        return [found] if found else []

    def match(self, name: str | None) -> Institution | None:
        """Resolve a reference-file name for merging: exact keys and typos only.

        Stricter than `resolve`: no "one part of a list" rule and no research
        families, so "University of California - San Francisco" never lands on a
        "University of California" row when the campus is not in the table.
        """
        if not name:
            return None
        for text in (name, strip_parentheticals(name)):
            found = self._lookup(normalise_name(text))
            if found is not None:
                return None if found < 0 else self._items[found]
        found = self._fuzzy(normalise_name(name))
        return None if found is None or found < 0 else self._items[found]

    # The cache is per raw string; normalisation itself is cached too.
    def _resolve_uncached(self, name: str) -> int | None:
        key = normalise_name(name)
        if not key:
            return None
        found = self._lookup(key)
        if found is not None:
            return found if found >= 0 else None
        stripped = strip_parentheticals(name)
        if stripped and stripped != name:
            found = self._lookup(normalise_name(stripped))
            if found is not None:
                return found if found >= 0 else None
        found = self._segments(name)
        if found is not None:
            return found if found >= 0 else None
        found = self._fuzzy(key)
        if found is not None and found >= 0:
            return found
        return self._family(key)

    def _lookup(self, key: str) -> int | None:
        """Exact lookup: item index, -1 for ambiguous, None for not found."""
        hit = self._exact.get(key)
        if hit is not None:
            return next(iter(hit[1])) if len(hit[1]) == 1 else self._listed(hit[1])
        if " " in key:
            return self._sorted.get(_sorted_key(key))
        return None

    def _listed(self, idxs: frozenset[int]) -> int:
        """Of namesakes, the one listed institution when all others are unlisted.

        "Southeast University" is 东南大学 (ranked) and a Bangladeshi college that
        no ranking or list names: the name people mean when they screen for the K
        visa is the listed one. Two listed namesakes stay ambiguous (-1).
        """
        listed = [i for i in idxs if _is_listed(self._items[i])]
        return listed[0] if len(listed) == 1 else -1

    def _segments(self, name: str) -> int | None:
        """Resolve "Department of X, University Y" when exactly one part resolves."""
        parts = [
            p for p in re.split(r"\s*[,;，、|/]\s*|\s+[-–—]\s+", name) if p.strip()
        ]
        if len(parts) < 2:
            return None
        found = set()
        for part in parts:
            key = normalise_name(part)
            if not key:
                continue
            hit = self._exact.get(key)
            if hit is not None and hit[0] != _DERIVED:
                if len(hit[1]) > 1:
                    pick = self._listed(hit[1])
                    if pick < 0:
                        return -1
                    found.add(pick)
                else:
                    found |= hit[1]
        if len(found) == 1:
            return next(iter(found))
        return -1 if found else None

    def _fuzzy(self, key: str) -> int | None:
        """Typo-tolerant match with a threshold, a margin and a token-by-token check."""
        if len(key) < 6 or _has_cjk(key):
            return None
        skey = _sorted_key(key)
        low_cut = self.fuzzy_threshold - self.fuzzy_margin
        pool: set[int] = set()
        if all(token in _GENERIC_WORDS for token in key.split()):
            return None
        for token in key.split():
            pool.update(self._fuzzy_by_token.get(token, ()))
            if len(token) >= 4:  # the word may be misspelt: add words close to it
                for close in self._close_words(token):
                    pool.update(self._fuzzy_by_token.get(close, ()))
        if " " not in key:
            n = len(key)
            slack = int((1 - low_cut / 100) * 2 * n) + 1
            for length in range(max(1, n - slack), n + slack + 1):
                pool.update(self._fuzzy_by_len.get(length, ()))
        if not pool:
            return None
        positions = list(pool)
        hits = process.extract(
            skey,
            [self._fuzzy_keys[p] for p in positions],
            scorer=fuzz.ratio,
            score_cutoff=low_cut,
            limit=20,
        )
        scores: dict[int, float] = {}
        for _, score, at in hits:
            idx = self._fuzzy_items[positions[at]]
            scores[idx] = max(score, scores.get(idx, 0.0))
        ranked = sorted(((s, i) for i, s in scores.items()), reverse=True)
        if not ranked or ranked[0][0] < self.fuzzy_threshold:
            return None
        if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < self.fuzzy_margin:
            return -1
        best = ranked[0][1]
        if not any(
            _tokens_agree(key, normalise_name(n)) for n in self._items[best].names
        ):
            return None
        return best

    def _close_uncached(self, word: str) -> tuple[str, ...]:
        hits = process.extract(
            word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=80, limit=8
        )
        return tuple(hit[0] for hit in hits if hit[0] != word)

    def _family(self, key: str) -> int | None:
        if _FAMILY_EXCLUDE.search(key):
            return None
        for marker, idx in self._families:
            if marker in key:
                return idx
        return None

    def search(self, text: str, limit: int = 10) -> list[Institution]:
        """Return institutions for autocomplete: prefix, word and alias matches first."""
        key = normalise_name(text or "")
        if not key or limit <= 0:
            return []
        best: dict[int, tuple[int, int]] = {}

        def offer(idx: int, klass: int, length: int) -> None:
            cur = best.get(idx)
            if cur is None or (klass, length) < cur:
                best[idx] = (klass, length)

        hit = self._exact.get(key)
        if hit is not None:
            for idx in hit[1]:
                offer(idx, 0, 0)
        if _has_cjk(key):
            compact = key.replace(" ", "")
            for choice, idx in self._search_keys:
                if choice.startswith(compact):
                    offer(idx, 1, len(choice))
                elif compact in choice:
                    offer(idx, 3, len(choice))
        else:
            words = key.split()
            candidates: set[int] | None = None
            for i, word in enumerate(words):
                matched: set[int] = set()
                if i == len(words) - 1:
                    pos = bisect.bisect_left(self._token_list, word)
                    while pos < len(self._token_list) and self._token_list[
                        pos
                    ].startswith(word):
                        matched |= self._tokens[self._token_list[pos]]
                        pos += 1
                        if len(matched) > 5000:
                            break
                else:
                    matched = set(self._tokens.get(word, ()))
                candidates = matched if candidates is None else candidates & matched
                if not candidates:
                    break
            for idx in candidates or ():
                klass = 2
                for name in self._items[idx].names:
                    nkey = normalise_name(name)
                    if nkey.startswith(key):
                        klass = 1
                        break
                offer(idx, klass, len(self._items[idx].name))
        ordered = sorted(
            best.items(),
            key=lambda item: (
                item[1][0],
                _prominence(self._items[item[0]]),
                item[1][1],
                self._items[item[0]].name,
            ),
        )
        return [self._items[idx] for idx, _ in ordered[:limit]]


def _is_listed(inst: Institution) -> bool:
    """Ranked in the top 500, on the Double First-Class list or a research body."""
    return bool(inst.rank_band) or inst.double_first_class or inst.national_research


def _prominence(inst: Institution) -> int:
    if inst.rank_best is not None:
        return inst.rank_best
    if inst.double_first_class:
        return 600
    if inst.national_research:
        return 700
    return 10_000


def _tokens_agree(query: str, candidate: str) -> bool:
    """Check that two keys differ only by typos: every word pairs up with a close word."""
    q, c = query.split(), candidate.split()
    if len(q) != len(c):
        return False
    return _pairs_up(q, c) and _pairs_up(c, q)


def _pairs_up(left: list[str], right: list[str]) -> bool:
    for word in left:
        ok = False
        for other in right:
            if _DIGIT.search(word) or _DIGIT.search(other) or len(word) <= 3:
                if word == other:
                    ok = True
                    break
            elif fuzz.ratio(word, other) >= 80:
                ok = True
                break
        if not ok:
            return False
    return True


# --- loading ---------------------------------------------------------------


def _parse_int(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value else None


def _parse_bool(value: str) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "y", "t"}


def institution_from_row(row: dict[str, str]) -> Institution:
    """Build an Institution from one CSV row of the shipped table format."""
    aliases = tuple(
        a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()
    )
    kind = (row.get("kind") or "university").strip()
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} for {row.get('key')!r}")
    band = (row.get("rank_band") or "").strip()
    if band and band not in RANK_BANDS:
        raise ValueError(f"unknown rank band {band!r} for {row.get('key')!r}")
    return Institution(
        key=row["key"].strip(),
        name=row["name"].strip(),
        country=(row.get("country") or "").strip().upper(),
        kind=kind,
        rank_best=_parse_int(row.get("rank_best", "")),
        rank_band=band,
        ranking=(row.get("ranking") or "").strip(),
        ranking_year=_parse_int(row.get("ranking_year", "")),
        double_first_class=_parse_bool(row.get("double_first_class", "")),
        national_research=_parse_bool(row.get("national_research", "")),
        name_zh=(row.get("name_zh") or "").strip(),
        aliases=aliases,
    )


def institution_to_row(inst: Institution) -> dict[str, str]:
    """Return the CSV row (shipped table format) of an Institution."""
    return {
        "key": inst.key,
        "name": inst.name,
        "country": inst.country,
        "kind": inst.kind,
        "rank_best": "" if inst.rank_best is None else str(inst.rank_best),
        "rank_band": inst.rank_band,
        "ranking": inst.ranking,
        "ranking_year": "" if inst.ranking_year is None else str(inst.ranking_year),
        "double_first_class": "1" if inst.double_first_class else "0",
        "national_research": "1" if inst.national_research else "0",
        "name_zh": inst.name_zh,
        "aliases": "|".join(inst.aliases),
    }


def write_institutions(institutions: Iterable[Institution], path: Path) -> int:
    """Write institutions to a CSV file in the shipped format; return the row count."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fp:
        writer = csv.DictWriter(fp, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for inst in institutions:
            writer.writerow(institution_to_row(inst))
            count += 1
    return count


def load_institutions(path: Path | None = None) -> tuple[Institution, ...]:
    """Load the shipped table (data/institutions*.csv) or one CSV file of that format."""
    paths = [path] if path is not None else sorted(DATA_DIR.glob("institutions*.csv"))
    if not paths:
        raise FileNotFoundError(f"no institutions*.csv in {DATA_DIR}")
    by_key: dict[str, Institution] = {}
    for csv_path in paths:
        with Path(csv_path).open(encoding="utf-8-sig", newline="") as fp:
            reader = csv.DictReader(fp)
            missing = {"key", "name"} - set(reader.fieldnames or ())
            if missing:
                raise ValueError(f"{csv_path}: missing columns {sorted(missing)}")
            for row in reader:
                inst = institution_from_row(row)
                by_key[inst.key] = inst  # a later file may override a row by key
    return tuple(by_key.values())


@functools.cache
def default_index() -> InstitutionIndex:
    """Return the index over the shipped table (built once per process)."""
    return InstitutionIndex(load_institutions())
