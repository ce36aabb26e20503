"""Discriminatory requirements in job ads, in English and Chinese. Pure Python.

China's Employment Promotion Law (arts. 26-31), the Labour Law (art. 12) and the
2019 notice on gender discrimination in recruitment (人社部发〔2019〕17号) forbid
ads that limit gender, ethnicity, marital or childbearing status, household
registration (户口) or, in practice, age. Each pattern names a requirement, not a
topic: "a diverse team of all genders" passes, "male only" does not.
"""

import re

# Chinese: matched anywhere (no word boundaries in Chinese text).
CHINESE_PATTERNS = [
    # gender
    r"限男(性|士|生)?",
    r"限女(性|士|生)?",
    r"[男女](性|士|生)优先",
    r"男性",
    r"女性",
    r"性别(要求|限制|不限)?[:：]?\s*[男女]",
    r"仅限[男女]",
    # marital status, pregnancy, children
    r"已婚(已育)?",
    r"未婚(未育)?",
    r"已育",
    r"未育",
    r"婚育",
    r"婚姻状况",
    r"怀孕",
    r"孕期",
    r"不孕",
    # age
    r"年龄",
    r"\d{2}\s*(周)?岁(以下|以上|以内|之间|左右|及以下|及以上)?",
    r"\d{2}\s*[-—~至到]\s*\d{2}\s*(周)?岁",
    # household registration, origin, ethnicity, nationality
    r"本地户口",
    r"本市户口",
    r"户口",
    r"户籍",
    r"本地人优先",
    r"汉族",
    r"少数民族",
    r"民族(要求|限制)",
    r"限.{1,6}籍",
    r"国籍(要求|限制|优先)",
]

# English: case-insensitive, on word boundaries.
_NATIONS = r"(chinese|american|british|english|european|canadian|australian|indian|russian|japanese|korean|german|french|local|foreign|western|white|asian|african)"
ENGLISH_PATTERNS = [
    # gender
    r"\b(male|female|men|women|man|woman|boys?|girls?)\s+(candidates?\s+|applicants?\s+)?(only|preferred|wanted|required)\b",
    r"\b(only|must be)\s+(a\s+)?(male|female|men|women|man|woman)\b",
    r"\bgender\s*(:|requirement|required|preferred|limited)",
    r"\b(male|female)\s+(candidates?|applicants?)\b",
    # marital status, pregnancy, children
    r"\b(married|unmarried|single)\s+(candidates?\s+|applicants?\s+)?(only|preferred|required)\b",
    r"\bmust\s+be\s+(married|unmarried|single)\b",
    r"\bmarital\s+status\b",
    r"\bpregnan(t|cy)\b",
    r"\b(no|without)\s+(plans?\s+(for|to\s+have)\s+)?(children|kids)\b",
    r"\bchildbearing\b",
    # age
    r"\bage[ds]?\s*(limit|range|requirement|between|under|below|over|above|:)(\s*\d{2}(\s*(-|–|to|and)\s*\d{2})?)?",
    r"\baged?\s+\d{2}(\s*(-|–|to|and)\s*\d{2})?\b",
    r"\b(under|below|over|above|younger\s+than|older\s+than|not\s+older\s+than|no\s+older\s+than|not\s+over|less\s+than|max(imum)?)\s+(the\s+age\s+of\s+)?\d{2}\s*(years?\s*old|y/?o|yrs?\s*old)\b",
    r"\b(younger|older)\s+than\s+\d{2}\b",
    r"\b(under|below)\s+\d{2}(?=\s*(?:[.,;)!]|$|\s+(?:please|only|preferred|is|are|will|can)\b))",
    r"\b\d{2}\s*(-|–|to)\s*\d{2}\s*(years?\s*old|y/?o)\b",
    r"\b\d{2}\s*(years?\s*old|y/?o)\b",
    r"\b(young|youthful)\s+(candidates?|applicants?|people|team\s+members?)\b",
    # ethnicity, household registration, nationality
    r"\bethnic(ity|ally)?\b",
    r"\bhan\s+(chinese|nationality|ethnicity|people)\b",
    r"\brac(e|ial)\s*(:|requirement|required|preferred)",
    r"\bhukou\b",
    r"\bhousehold\s+registration\b",
    r"\blocal\s+residents?\s+only\b",
    rf"\b{_NATIONS}\s+(nationals?|citizens?|passport\s+holders?|people)\s+(only|preferred|required)\b",
    rf"\bonly\s+{_NATIONS}\s+(nationals?|citizens?|passport\s+holders?)\b",
    r"\bnationality\s*(:|requirement|required|preferred|limited)",
    r"\bnative[- ]speakers?\s+only\b",
]

_CHINESE = re.compile("|".join(f"(?:{p})" for p in CHINESE_PATTERNS))
_ENGLISH = re.compile("|".join(f"(?:{p})" for p in ENGLISH_PATTERNS), re.IGNORECASE)


def discriminatory_terms(text: str) -> list[str]:
    """The discriminatory phrases in `text`, as written, each once, in order."""
    found: dict[str, str] = {}
    for match in (*_CHINESE.finditer(text), *_ENGLISH.finditer(text)):
        phrase = " ".join(match.group(0).split())
        found.setdefault(phrase.lower(), phrase)
    ordered = sorted(found.values(), key=text.find)
    return ordered
