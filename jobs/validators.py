"""Validators: credit codes, discriminatory wording in job ads, logo images.

Credit code: China's unified social credit code (统一社会信用代码, GB 32100-2015).
18 characters: registration authority (1), organisation kind (1), administrative
division (6 digits), organisation code (9, GB 11714), check character (1). The
alphabet leaves out I, O, S, V and Z, which look like digits.

Wording: China's Employment Promotion Law (arts. 26-31), the Labour Law (art. 12)
and the 2019 notice on gender discrimination in recruitment (人社部发〔2019〕17号)
forbid ads that limit gender, ethnicity, marital or childbearing status, household
registration (户口) or, in practice, age. Each pattern names a requirement, not a
topic: "a diverse team of all genders" passes, "male only" does not.

Logos: checked by content (Pillow), never by the uploaded name or extension.
"""

import re
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# --- credit code -------------------------------------------------------------------

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUES = {char: value for value, char in enumerate(ALPHABET)}


def normalise_credit_code(text: str) -> str:
    """Upper case, spaces and hyphens removed: how codes are stored."""
    return "".join(text.split()).replace("-", "").upper()


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (which must use the code's alphabet)."""
    total = sum(
        _VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True)
    )
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_error(code: str) -> str | None:
    """Why `code` is not a valid credit code, or None when it is."""
    if len(code) != 18:
        return "length"
    if any(char not in _VALUES for char in code):
        return "characters"
    if not code[2:8].isdigit():
        return "division"
    if check_character(code[:17]) != code[17]:
        return "check"
    return None


def is_valid_credit_code(code: str) -> bool:
    return credit_code_error(normalise_credit_code(code)) is None


def organisation_code(serial: int) -> str:
    """A GB 11714 organisation code (8 digits + check) for a serial number."""
    body = f"{serial:08d}"
    total = sum(
        int(d) * w for d, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)
    )
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_credit_code(*, division: str, serial: int, kind: str = "91") -> str:
    """A well-formed code for demo data: `kind` 91 is a company (工商, 企业)."""
    first17 = f"{kind}{division}{organisation_code(serial)}"
    return first17 + check_character(first17)


# --- discriminatory wording ---------------------------------------------------------

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


# --- logo images -------------------------------------------------------------------

LOGO_MAX_BYTES = 1024 * 1024

# A PNG of a few KB can declare 100 million pixels; decoding it (for a thumbnail,
# or by a browser) takes gigabytes. A logo needs far fewer: 25 megapixels is a
# 5000 × 5000 image.
LOGO_MAX_PIXELS = 25_000_000

LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}

LOGO_CONTENT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "gif": "image/gif",
}


def sniff_logo_format(uploaded) -> str:
    """The file extension for a real image (checked by content), else ValidationError."""
    if uploaded.size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo is larger than 1 MB."))
    uploaded.seek(0)
    too_large = ValidationError(
        _(
            "This image has too many pixels: a logo may have at most "
            "%(megapixels)d megapixels (e.g. 5000 × 5000)."
        )
        % {"megapixels": LOGO_MAX_PIXELS // 1_000_000}
    )
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded) as image:
                image_format = image.format
                width, height = image.size
                if width * height > LOGO_MAX_PIXELS:
                    raise too_large
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_large from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not an image. Please upload a PNG, JPEG, WebP or GIF logo.")
        ) from error
    finally:
        uploaded.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(_("Please upload the logo as PNG, JPEG, WebP or GIF."))
    return LOGO_FORMATS[image_format]


def stored_logo_content_type(fileobj) -> str | None:
    """The type of a stored logo as Pillow reads its header, else None.

    Served by this, not by the file's extension: what the browser is told is
    what was verified. Only the header is read (no decoding), so it is cheap.
    """
    try:
        with Image.open(fileobj, formats=list(LOGO_FORMATS)) as image:
            image_format = image.format
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ):
        return None
    finally:
        fileobj.seek(0)
    extension = LOGO_FORMATS.get(image_format) if image_format else None
    return LOGO_CONTENT_TYPES.get(extension) if extension else None
